"""`chungtay cases …`: the gift rounds of hardship cases at the server's shell. `cases rounds` lists an
organisation's rounds (the id, the day, the words, how many received, the package); `cases signing-list
ROUND_ID --xlsx FILE` writes a round's signing list, the sheet the chat hands an officer on Telegram
(docs/decisions/0095), for the officer on Zalo, which carries no files, to get from the office. The operator
holds the database already: no role rule applies within the organisation (docs/decisions/0047).

`cases round TITLE --as OFFICER --standing poor [--hamlet …] --money 500k [--goods … --goods-value …]
[--near-poor-money 300k …] --from fund|outside|DRIVE` records a Tết round to the households of the last
poverty review, as the chat's “Trao quà nhiều hoàn cảnh” does (decisions 0275, 0286): by the officer named,
under their roles (an officer keeps cases and reads those households' standing; the shell alone does not),
each standing with its own package if given; it prints the last look, and writes nothing with `--dry-run`
or when the source has not enough left. The same command run again records nothing twice
(docs/decisions/0302). A round is recorded once handed over; a day to come is taken only with `--dry-run`, and
`--xlsx FILE` then writes the signing list it would have, for the ceremony (docs/decisions/0326). A round of
the same title within a week is refused, its dry run too; `--leave-out-given` records the households it did
not reach, as the chat offers (docs/decisions/0991, 1011). `cases support CASE_NO … --on DD/MM/YYYY` logs one
support with the day it was handed out (bot/cli_support.py, decision 2200)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot import cli_argparse
from bot.cli_ledger import output_problem, year_argument
from bot.i18n import PAPER_LOCALE, Translator


class CasesCliError(Exception):
    """A mistake, said in one line (the command exits with 2)."""


def add_cases_commands(sub: Any) -> None:
    """The `cases` group: rounds, signing-list, round, support."""
    group = sub.add_parser("cases", help="hardship cases: the gift rounds and their signing lists")
    actions = group.add_subparsers(dest="action", required=True)
    rounds = actions.add_parser("rounds", help="the gift rounds, latest first, with their ids")
    signing = actions.add_parser(
        "signing-list", help="write a round's signing list (danh sách ký nhận) as a spreadsheet"
    )
    signing.add_argument(
        "round", type=cli_argparse.whole_number, metavar="ROUND_ID", help="the id `cases rounds` shows"
    )
    signing.add_argument("--xlsx", type=Path, required=True, metavar="FILE", help="write the list here")
    signing.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _add_round(actions)
    _add_support(actions)
    for parser in (rounds, signing):
        parser.add_argument("--org", help="organisation code (default: the only one)")


STANDINGS = {"poor": "poor", "near-poor": "near_poor", "newly-out": "out"}


def _add_round(actions: Any) -> None:
    from bot.cli_ledger import AS_HELP, day_argument

    record = actions.add_parser(
        "round",
        help="record a Tết round handed to the households of the last poverty review (the chat's “Trao quà "
        "nhiều hoàn cảnh”), each standing with its own package if given",
    )
    record.add_argument("title", help="the round's words, e.g. “Quà Tết Đinh Mùi 2027”")
    record.add_argument("--as", dest="as_person", required=True, metavar="PERSON", help=AS_HELP)
    record.add_argument(
        "--standing",
        action="append",
        required=True,
        choices=sorted(STANDINGS),
        help="the households of the review standing so (repeat it: --standing poor --standing near-poor)",
    )
    record.add_argument(
        "--review-year",
        type=year_argument,
        metavar="YEAR",
        help="the review whose households receive (default: the last; the new year's list once recorded in "
        "December, which applies at Tết)",
    )
    record.add_argument(
        "--hamlet",
        action="append",
        metavar="NAME",
        help="only this hamlet's households (repeat it; default: all)",
    )
    record.add_argument(
        "--day",
        type=day_argument,
        help="the day it was handed over (default: today); a day to come only with --dry-run, its signing "
        "list printed before the ceremony",
    )
    record.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="SOURCE",
        help="where it is paid from: fund (the Fund outside the drives), outside (not from the Fund) or a "
        "drive's code",
    )
    record.add_argument(
        "--bought", action="store_true", help="the goods were bought with the source's money, not given to it"
    )
    for prefix, whose in (("", "each household"), ("near-poor-", "each near-poor household"),
                          ("newly-out-", "each newly-out household")):  # fmt: skip
        standing = " (default: as the poor)" if prefix else ""
        record.add_argument(f"--{prefix}money", metavar="VND", help=f"the money {whose} receives{standing}")
        record.add_argument(f"--{prefix}goods", metavar="WORDS", help=f"the goods {whose} receives")
        record.add_argument(f"--{prefix}goods-value", metavar="VND", help="what those goods are worth")
    record.add_argument(
        "--leave-out-given",
        action="store_true",
        help="leave out the households a round of the same title gave to within a week (the other day of one "
        "ceremony), and record the others",
    )
    record.add_argument("--dry-run", action="store_true", help="only say what would be recorded")
    record.add_argument(
        "--xlsx",
        type=Path,
        metavar="FILE",
        help="with --dry-run: write the signing list the round would have, to print before the ceremony",
    )
    record.add_argument("--force", action="store_true", help="replace the --xlsx FILE if it exists")
    record.add_argument("--org", help="organisation code (default: the only one)")


def _add_support(actions: Any) -> None:
    from bot.cli_ledger import AS_HELP, day_argument

    support = actions.add_parser(
        "support",
        help="log support handed out to one hardship case, on the day it was handed out (the chat's "
        "“Ghi nhận hỗ trợ”)",
    )
    support.add_argument(
        "case", type=cli_argparse.whole_number, metavar="CASE_NO", help="the case's number (hoàn cảnh số …)"
    )
    support.add_argument("--as", dest="as_person", required=True, metavar="PERSON", help=AS_HELP)
    given = support.add_mutually_exclusive_group(required=True)
    given.add_argument("--money", metavar="VND", help="the money handed out, e.g. 500k")
    given.add_argument("--goods", metavar="WORDS", help="the goods handed out, e.g. “10 kg gạo”")
    given.add_argument(
        "--labour-days", type=cli_argparse.whole_number, metavar="DAYS", help="the labour days of help given"
    )
    support.add_argument("--goods-value", metavar="VND", help="what the goods are worth")
    support.add_argument(
        "--bought", action="store_true", help="the goods were bought with the source's money, not given to it"
    )
    support.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="SOURCE",
        help="where it is paid from: fund (the Fund outside the drives, of the day's year), outside (not "
        "from the Fund) or a drive's code",
    )
    support.add_argument(
        "--on",
        type=day_argument,
        metavar="DD/MM/YYYY",
        help="the day it was handed out, e.g. 12/12/2026 (default: today); never a day to come, nor one of a "
        "year whose figures were closed and reported",
    )
    support.add_argument(
        "--again",
        action="store_true",
        help="log it though the same support (case, what, source and day) was logged already: handed out "
        "twice",
    )
    support.add_argument("--org", help="organisation code (default: the only one)")


async def run_cases(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_support import log_one_support

    return await {
        "rounds": _rounds,
        "round": _record_round,
        "signing-list": _signing_list,
        "support": log_one_support,
    }[args.action](app, args, org_id)


def package_words(package: Any, t: Translator) -> str:
    """A package as the shell says it: “500.000 ₫ + 10 kg gạo (200.000 ₫)”; goods of no known value never
    “(0 ₫)” but “(chưa rõ trị giá)”, in the shell's language `t` (decisions 0540, 0555)."""
    from bot.i18n import format_vnd

    words = [format_vnd(package.money_vnd, "vi")] if package.money_vnd else []
    if package.goods:
        value = format_vnd(package.goods_value_vnd, "vi") if package.goods_value_vnd else t("value not known")
        words.append(f"{package.goods} ({value})")
    return " + ".join(words)


async def _rounds(app, args: argparse.Namespace, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.cli import _shell
    from bot.domain.access import Operator
    from bot.domain.gift_rounds import latest_signing_lists

    t = _shell(app.settings)  # in the chats' language (decision 1739)
    async with app.sessionmaker() as session:
        rounds = await latest_signing_lists(session, Operator(org_id), limit=None)  # one read for all
        if not rounds:
            print(
                t(
                    "No gift round yet: an officer records one in the chat "
                    "(/hoancanh, “Trao quà nhiều hoàn cảnh”)."
                )
            )
            return 0
        for gift_round, listed in rounds:
            words = [package_words(given, t) for given in listed.handed]  # each standing's own (0286)
            n = len(listed.recipients)
            received = t.plural("{n} recipient", "{n} recipients", n).format(n=n)
            print(
                f"{gift_round.id}\t{t.date(gift_round.delivered_on)}\t{gift_round.title}\t{received}\t"
                + " | ".join(words)
            )
    return 0


async def _signing_list(app, args: argparse.Namespace, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.cli import _shell
    from bot.domain.access import Operator
    from bot.domain.cases import CaseError
    from bot.domain.gift_rounds import signing_list
    from bot.signing_sheet import write_signing_list

    t = _shell(app.settings)  # the office's language, for the command's lines that speak it (1739)
    if problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx", t=t):
        raise CasesCliError(problem)
    async with app.sessionmaker() as session:
        try:
            listed = await signing_list(session, Operator(org_id), args.round)
        except CaseError:
            raise CasesCliError(
                t("no gift round #{id} in this organisation; `cases rounds` shows their ids").format(
                    id=args.round
                )
            ) from None
    write_signing_list(listed, args.xlsx, locale=PAPER_LOCALE)
    print(
        t(
            "Wrote {file}: the signing list of “{title}” ({date}), recipients by name: {n}. Print it for the "
            "ceremony; never send it to a group."
        ).format(
            file=args.xlsx, title=listed.title, date=t.date(listed.delivered_on), n=len(listed.recipients)
        )
    )
    return 0


def _package(args: argparse.Namespace, prefix: str, cap: int, t: Translator) -> Any:
    """The package the options of `prefix` (“near_poor_”) give; None when none of them is given."""
    from bot.cli_ledger import amount_refused
    from bot.domain.cases import unpriced_purchase
    from bot.domain.gift_rounds import Package
    from bot.domain.money import MoneyError, names_an_amount, parse_vnd
    from bot.text import nfc

    typed = {name: getattr(args, f"{prefix}{name}") for name in ("money", "goods", "goods_value")}
    if all(value is None for value in typed.values()):
        return None
    amounts = {}
    for name in ("money", "goods_value"):
        try:
            amounts[name] = parse_vnd(typed[name], cap=cap, minimum=0) if typed[name] is not None else 0
        except MoneyError as problem:
            if problem.reason == "zero":  # “--money 0 --goods …”: no money, as when left out (0313)
                amounts[name] = 0
                continue
            flag = "--" + f"{prefix}{name}".replace("_", "-")
            example = t("{flag} 500000 or 500k").format(flag=flag)
            if problem.reason == "too_large":  # “30tỷ”: the cap named, as the chat names it (0316)
                said = t(
                    "{flag} {typed} is more than the money cap, {cap} (MONEY_CAP); write it in đồng, "
                    "e.g. {example}"
                )
                raise CasesCliError(
                    said.format(flag=flag, typed=repr(typed[name]), cap=t.vnd(cap), example=example)
                ) from None
            # a phone or an account number, as the chat and the other money options say it (0418, 1736)
            raise CasesCliError(amount_refused(t, flag, typed[name], problem, example)) from None
    goods = nfc(typed["goods"]).strip() or None if typed["goods"] is not None else None
    flag = "--" + f"{prefix}goods".replace("_", "-")  # --goods, --near-poor-goods, --newly-out-goods
    if goods and names_an_amount(goods):  # the cash would be paid as goods (0506)
        cash = "--" + f"{prefix}money".replace("_", "-")
        raise CasesCliError(
            t(
                "{flag} {goods} has money in it; the cash goes in {cash}, e.g. {cash} 500k "
                "{flag} “1 bao gạo 10kg”"
            ).format(flag=flag, goods=repr(goods), cash=cash)
        )
    if amounts["goods_value"] and not goods:
        raise CasesCliError(
            t("{value} needs {flag}: the goods in words").format(value=f"{flag}-value", flag=flag)
        )
    if not (amounts["money"] or goods):
        raise CasesCliError(round_refusal(t, "amount"))
    if unpriced_purchase(goods, amounts["goods_value"], bought=args.bought, source=args.source.lower()):
        # paid at 0 ₫, the source's books would keep the money spent on them (0540); “Outside” as --from reads
        raise CasesCliError(
            t(
                "{flag} {goods} bought with the source's money needs what was paid, e.g. {flag}-value 150k"
            ).format(flag=flag, goods=repr(goods))
        )
    return Package(amounts["money"], goods, amounts["goods_value"], bool(goods and args.bought))


def round_refusal(t: Translator, reason: str, *, officers: str = "") -> str:
    """Why a round is not recorded, for a reason of `record_round`'s (`CaseError`) or the shell's own, in the
    command's language `t`; a reason not known here is said as it is."""
    from bot.domain.notices import officers_named

    said = {
        "not_allowed": t(
            "that person may not record a gift round (the {officers} who keep the organisation's cases may)"
        ).format(officers=officers or officers_named(t)),
        "title": t("the title is empty"),
        "amount": t(
            "a package needs money or goods: --money 500k, or --goods “10 kg gạo” --goods-value 200k"
        ),
        "day": t(
            "the day is after today: a round is recorded once it has been handed over; its signing list is "
            "printed before the ceremony with --dry-run --xlsx FILE"
        ),
        "cases": t("one of those households is not one whose standing that person may read"),
        "source": t("no such source: --from fund, outside or a drive's code (chungtay drive list)"),
        "drive_serves": t(
            "the drive now raises money for another hardship case: only who runs the drive pays other cases "
            "from it; --from fund, outside or another drive"
        ),
    }
    return said.get(reason, reason)


def _twice(t: Translator, earlier: Any, title: str, day: Any, *, received: int, of: int) -> str:
    """The refusal of a round of the same title within a week (0909): the round named and how another is
    written (0921), and, as the chat offers (0991), how the households it did not reach are recorded."""
    said = t(
        "a round of the same title within a week of that day was recorded already for some of these "
        "households (chungtay cases rounds): recorded again, each would be paid twice; it is round #{id} "
        "“{title}” of {date}. Another round (next month's allowance) takes words of its own, e.g. “{example}”"
    ).format(id=earlier.id, title=earlier.title, date=t.date(earlier.day), example=f"{title} {day:%m/%Y}")
    if received < of:
        return t(
            "{said}. {received} of these {of} households received it: to record the other {rest}, run the "
            "same command with --leave-out-given"
        ).format(said=said, received=received, of=of, rest=of - received)
    return t("{said}. All {of} of these households received it: nothing is left to record").format(
        said=said, of=of
    )


async def _record_round(app, args: argparse.Namespace, org_id: int) -> int:  # type: ignore[no-untyped-def]
    """`cases round`: the chat's Tết round to the review's households at the shell (decision 0302)."""
    import hashlib
    import json

    from sqlalchemy import select

    from bot.cli import _shell
    from bot.cli_ledger import acting_as, money
    from bot.clock import local_date
    from bot.db.models import Drive, GiftRound
    from bot.domain.access import may_keep_cases
    from bot.domain.cases import CaseError, drive_refusal
    from bot.domain.gift_rounds import (
        NearRound,
        Package,
        given_by,
        other_rounds_near,
        planned_signing_list,
        record_round,
        review_households,
        review_years,
        round_recipients,
        round_shortfall,
        same_rounds_near,
        supports_near,
    )
    from bot.domain.org_import import units_named
    from bot.domain.spending import RECENT_DAYS, drive_ended_on, pays_support
    from bot.signing_sheet import write_signing_list
    from bot.text import nfc
    from handlers.wording import day_refused, labour_days

    now = app.engine.clock()
    day = args.day or local_date(now)
    cap = app.settings.money_cap
    t = _shell(app.settings)
    package = _package(args, "", cap, t)
    if package is None:
        raise CasesCliError(
            t("the round's package: --money 500k, and/or --goods “10 kg gạo” --goods-value 200k")
        )
    own = {
        standing: given
        for standing, prefix in (("near_poor", "near_poor_"), ("out", "newly_out_"))
        if (given := _package(args, prefix, cap, t)) is not None
    }
    title = nfc(args.title).strip()
    if day > local_date(now) and not args.dry_run:
        raise CasesCliError(round_refusal(t, "day"))
    closed = t(
        "--day {day} is in {year}, whose figures were closed and reported at the end of March: a round is "
        "recorded only in a year not yet closed; e.g. --day 01/01/{opened}"
    )  # a day to come is the dry run's: its signing list is printed before the ceremony (decision 0326)
    if refused := day_refused(t, day, local_date(now), not_yet="", closed=closed):  # as the chat's (2205)
        raise CasesCliError(refused)
    if args.xlsx is not None:
        if not args.dry_run:
            raise CasesCliError(t("--xlsx writes the signing list of a round not recorded: add --dry-run"))
        if problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx", t=t):
            raise CasesCliError(problem)
    async with app.sessionmaker() as session, session.begin():
        actor = await acting_as(session, org_id, args.as_person, t)
        if not may_keep_cases(actor, org_id):
            from bot.domain.notices import officers_of

            officers = await officers_of(session, org_id, t)
            raise CasesCliError(round_refusal(t, "not_allowed", officers=officers))
        standings = tuple(dict.fromkeys(STANDINGS[s] for s in args.standing))
        years = await review_years(session, org_id, today=local_date(now))
        if args.review_year is not None and args.review_year not in years:
            raise CasesCliError(
                t("no review of {year} to give from; the reviews: {years}").format(
                    year=args.review_year, years=", ".join(str(year) for year in years) or t("none recorded")
                )
            )
        year, listed = await review_households(
            session, actor, standings, today=local_date(now), year=args.review_year
        )
        if year is None or not listed:
            raise CasesCliError(
                t(
                    "no household of the last poverty review that this person may read has that standing "
                    "(chungtay households list)"
                )
            )
        hamlets = {household.unit or "—" for household in listed}
        if args.hamlet:  # read as the staff import reads units: “Thôn Hòa” is not “Thôn Hóa” (0462)
            found = {
                name: units_named(name, [(hamlet, hamlet) for hamlet in sorted(hamlets)])
                for name in args.hamlet
            }
            if unknown := [name for name in args.hamlet if not found[name]]:
                raise CasesCliError(
                    t("no household of the review in {unknown}; its hamlets: {hamlets}").format(
                        unknown=", ".join(unknown), hamlets=", ".join(sorted(hamlets))
                    )
                )
            for name, several in found.items():
                if len(several) > 1:
                    raise CasesCliError(
                        t(
                            '"{name}" could be several hamlets: {hamlets}; write it with its accents, e.g. '
                            '--hamlet "{example}"'
                        ).format(name=name, hamlets=", ".join(several), example=several[0])
                    )
            wanted = {several[0] for several in found.values()}
            listed = [household for household in listed if (household.unit or "—") in wanted]
        households = [household.household_id for household in listed]
        by_household = {h.household_id: own[h.now] for h in listed if h.now in own}
        source, drive = args.source.lower(), None
        if source not in ("fund", "outside"):
            drive = await session.scalar(
                select(Drive).where(Drive.org_id == org_id, Drive.code == args.source)
            )
            if drive is None:
                raise CasesCliError(round_refusal(t, "source"))
            if not pays_support(drive, local_date(now)):  # as the chat offers it (0313)
                raise CasesCliError(
                    t(
                        "drive {code} ended on {date}, more than {days} days ago: a round is paid from a "
                        "drive still open or ended within that time, the Fund (--from fund) or not from the "
                        "Fund (--from outside)"
                    ).format(code=drive.code, date=t.date(drive_ended_on(drive)), days=RECENT_DAYS)
                    if drive.starts_on <= local_date(now)
                    else t("drive {code} starts on {date}: nothing to pay from yet").format(
                        code=drive.code, date=t.date(drive.starts_on)
                    )
                )
            if day < drive.starts_on:  # as a single support's --on, the dry run too (decision 2322)
                raise CasesCliError(
                    t(
                        "--day {date} is before drive {code} started ({start}), so the drive did not pay for "
                        "it: give the day it was handed over, or --from fund or outside"
                    ).format(date=t.date(day), code=drive.code, start=t.date(drive.starts_on))
                )
            source = "drive"
        said = [org_id, title, day.isoformat(), source, drive.id if drive else None, sorted(households)]
        said += [[standing, repr(given)] for standing, given in sorted(own.items())] + [repr(package)]
        key = "shell:" + hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()[:32]
        if (done := await session.scalar(select(GiftRound.id).where(GiftRound.key == key))) is not None:
            print(t("Recorded before as round #{id}: nothing written again.").format(id=done))
            return 0
        recipients = await round_recipients(session, org_id, [], households)
        if drive is not None and (refused := drive_refusal(actor, drive, recipients.paid_to)) is not None:
            raise CasesCliError(  # as the chat refuses it, before a dry run says it would do (0451)
                t(
                    "drive {code} raises money for hardship case no. {case}: only who runs the drive "
                    "(an officer or admin covering all its units) pays other cases from it; --from fund, "
                    "outside or another drive"
                ).format(code=drive.code, case=refused.serving)
            )
        if same := await same_rounds_near(session, org_id, title, day, recipients.case_ids):
            # the other day of one ceremony (0909): refused, the dry run too, unless left out (decision 1011)
            earlier = same[0]
            given = await given_by(session, same, recipients.case_ids)
            received = {recipients.household_of[case] for case in given if case in recipients.household_of}
            rest = [household for household in households if household not in received]
            if not args.leave_out_given or not rest:
                refused = _twice(t, earlier, title, day, received=len(received), of=recipients.count)
                raise CasesCliError(t("not recorded: {why}").format(why=refused))
            print(
                t("left out: {rounds}").format(
                    rounds="; ".join(
                        t.plural(
                            "{n} household that received round #{id} “{title}” of {date}",
                            "{n} households that received round #{id} “{title}” of {date}",
                            one.gave,
                        ).format(n=one.gave, id=one.id, title=one.title, date=t.date(one.day))
                        for one in same
                    )
                )
            )
            households = rest
            by_household = {h: own for h, own in by_household.items() if h in rest}
            recipients = await round_recipients(session, org_id, [], households)
        packages = recipients.packages(package, by_household)
        paid_from = {
            "fund": t("the Fund of {year}").format(year=day.year),
            "outside": t("not from the Fund"),
        }.get(source, t("drive {code}").format(code=drive.code if drive else ""))
        print(
            t.plural(
                "“{title}”, handed over {date}, {source}: {n} recipient of the review of {year}",
                "“{title}”, handed over {date}, {source}: {n} recipients of the review of {year}",
                recipients.count,
            ).format(title=title, date=t.date(day), source=paid_from, n=recipients.count, year=year)
        )
        for given in dict.fromkeys(packages):
            print(f"  {packages.count(given)} × {package_words(given, t)}")
        print(
            "  "
            + t("by hamlet: {hamlets}").format(
                hamlets="; ".join(f"{unit or '—'}: {n}" for unit, n in recipients.by_unit)
            )
        )
        near_rounds = await other_rounds_near(session, org_id, title, day, recipients.case_ids)
        for near in near_rounds:  # as the chat's last look names them (0920)
            print(
                "  "
                + t(
                    "note: {n} of these received round #{id} “{title}” of {date}, less than a week from this "
                    "day: if it is the same gift, leave them out"
                ).format(n=near.gave, id=near.id, title=near.title, date=t.date(near.day))
            )
        for one in await supports_near(session, org_id, day, recipients.case_ids):  # as the chat's (1012)
            what = (
                labour_days(t, one.labour_days)
                if one.kind == "labour"
                else package_words(
                    Package(one.amount_vnd)
                    if one.kind == "money"
                    else Package(0, one.description, one.amount_vnd),
                    t,
                )
            )
            print(
                "  "
                + t(
                    "note: hardship case no. {case} was logged support of its own, not in a round, on "
                    "{date}: {what}; if it is the same gift, leave it out"
                ).format(case=one.case_id, date=t.date(one.day), what=what)
            )
        short = await round_shortfall(
            session, org_id, packages, source, drive.id if drive else None, day, today=local_date(now)
        )
        if short is not None and short.reason == "no_goods":  # decision 2092
            raise CasesCliError(
                t(
                    "not recorded: that source has no goods people gave left to hand on; goods bought with "
                    "its money: add --bought and --goods-value"
                )
            )
        if short is not None:
            said = (
                t("not recorded: the round comes to {total} of money and that source has only {left} left")
                if short.kind == "money"
                else t(
                    "not recorded: the round comes to {total} of goods (value) and that source has only "
                    "{left} left; goods bought with its money: add --bought"
                )
            )
            raise CasesCliError(said.format(total=money(short.total or 0), left=money(short.left or 0)))
        if args.dry_run:
            if args.xlsx is not None:  # the list in hand at the ceremony, before the round is recorded (0326)
                listed = await planned_signing_list(
                    session, actor, title=title, case_ids=[], household_ids=households, package=package,
                    by_household=by_household, source=source, drive_id=drive.id if drive else None,
                    delivered_on=day,
                )  # fmt: skip
                write_signing_list(listed, args.xlsx, locale=PAPER_LOCALE)
                print(
                    t(
                        "Wrote {file}: the signing list of “{title}” ({date}), recipients by name: {n}. "
                        "Print it for the ceremony; never send it to a group."
                    ).format(file=args.xlsx, title=title, date=t.date(day), n=len(listed.recipients))
                )
            print(t("Dry run: nothing written."))
            return 0
        try:
            gift_round, written = await record_round(
                session, actor, key=key, title=title, case_ids=[], household_ids=households,
                package=package, by_household=by_household, source=source,
                drive_id=drive.id if drive else None, delivered_on=day, now=now,
            )  # fmt: skip
        except CaseError as refused:
            from bot.cli_ledger import officers_if

            officers = await officers_if(session, org_id, t, refused.reason == "not_allowed")
            said = round_refusal(t, refused.reason, officers=officers)
            if refused.reason == "twice" and (earlier := await session.get(GiftRound, refused.earlier)):
                # recorded meanwhile by another (the check above found none): named as it names it (0921)
                near = NearRound(earlier.id, earlier.title, earlier.delivered_on, refused.total or 0)
                said = _twice(t, near, title, day, received=near.gave, of=recipients.count)
            raise CasesCliError(t("not recorded: {why}").format(why=said)) from None
    if not written:  # the same command twice at once: the other wrote it
        print(t("Recorded before as round #{id}: nothing written again.").format(id=gift_round.id))
        return 0
    print(
        t("Recorded round #{id}. Its signing list: chungtay cases signing-list {id} --xlsx FILE.xlsx").format(
            id=gift_round.id
        )
    )
    return 0
