"""`chungtay households list [--year Y] [--xlsx FILE]`: the year's review counted hamlet by hamlet as the
chat's /hongheo counts it, and the list sent up to the district (bot.poverty_sheet) — decision 0271.

`chungtay households standing FILE [--year Y] [--org CODE] [--dry-run] [--matched-only] [--trust-ids]`: the
commune's list of poor, near-poor and newly-out households (the district's decision, as the spreadsheet the
office has) set as the year's standing of the listed households (bot.domain.poverty). It prints what each
standing counts, what changes, and every row it could not match with its line and why; a file with such rows
changes nothing unless `--matched-only` confirms the rows that match, and a row matched by its household id
alone (a name no household here bears: the district corrected it, or it is another household's) changes
nothing unless `--trust-ids` says it was checked (decision 0466); `--dry-run` never writes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_ledger import output_problem, year_argument

STANDING_NAMES = {
    "poor": "hộ nghèo",
    "near_poor": "hộ cận nghèo",
    "out": "hộ mới thoát nghèo",
    "none": "không",
}


def add_households(sub: Any) -> None:
    """The `households` group and its `standing` command."""
    households = sub.add_parser("households", help="households of the commune").add_subparsers(
        dest="action", required=True
    )
    listing = households.add_parser(
        "list",
        help="the year's poverty review counted hamlet by hamlet; with --xlsx, the list of poor, near-poor "
        "and newly-out households to send to the district",
    )
    listing.add_argument(
        "--year", type=year_argument, help="the review's year (default: this year; in January, last year's)"
    )
    listing.add_argument("--xlsx", type=Path, metavar="FILE", help="write the list as a print-ready sheet")
    listing.add_argument("--org", help="organisation code (default: the only one)")
    listing.add_argument("--force", action="store_true", help="replace FILE if it exists")
    standing = households.add_parser(
        "standing",
        help="set the year's standing in the poverty review (hộ nghèo, cận nghèo, mới thoát nghèo) from the "
        "commune's list (.xlsx, .xls or .csv): a column of names (or the household's id), one of standings, "
        "optional hamlet and year",
    )
    standing.add_argument("file", type=Path, metavar="FILE", help="the list as the commune keeps it")
    standing.add_argument(
        "--year",
        type=year_argument,
        help="the review's year (default: this year; in January, last year's: a review is of October to "
        "December)",
    )
    standing.add_argument("--org", help="organisation code (default: the only one)")
    standing.add_argument("--dry-run", action="store_true", help="only say what the file would change")
    standing.add_argument(
        "--matched-only",
        action="store_true",
        help="the file has rows that match no household: set the rows that match all the same",
    )
    standing.add_argument(
        "--trust-ids",
        action="store_true",
        help="the file has rows matched by their household id alone, under a name no household here bears "
        "(each printed with its line): set them as the file says, once checked (decision 0466)",
    )


FILE_PROBLEMS = {
    "no_header": "no header row in its first rows: it needs a column of names (“Họ và tên”, “Chủ hộ”) or "
    "of ids (“Mã hộ”), and one of standings (“Phân loại”, “Loại hộ”)",
    "kind": "not a spreadsheet: save it as .xlsx, .xls or “CSV UTF-8”",
    "utf16": "saved as UTF-16: save it as “CSV UTF-8”, or as .xlsx",
    "encoding": "not UTF-8: save it as “CSV UTF-8”, or as .xlsx",
    "csv": "not a readable CSV file",
    "xlsx": "not a readable Excel file: open it in Excel and save it as .xlsx",
    "xls": "not a readable old Excel file: open it in Excel and save it as .xlsx",
    "too_long": "too many rows for one commune's list",
}


def problem_line(problem: Any) -> str:
    """A row left out, in one line: where, what was typed, why, and what would do."""
    why = {
        "no_name": "no name and no id",
        "standing": "the standing is not one of: Hộ nghèo (HN), Cận nghèo (CN), Mới thoát nghèo, Không",
        "year": "the year is not a year of the review (2026, say)",
        "unmatched": "no listed household of that name or id",
        "namesake": "households of that name in " + ", ".join(problem.units) + ": write the hamlet",
        "namesake_here": f"{len(problem.units)} households of that name in {''.join(problem.units[:1])}, "
        "which the file cannot tell apart: set each one by one in the chat (/hongheo, “Cập nhật một hộ”)",
        "not_yours": "a household of " + ", ".join(problem.units) + ", not of your units",
        "twice": f"the same household as on line {problem.other_line}",
    }[problem.reason]
    return f"  line {problem.line}: “{problem.typed}” — {why}"


async def run_standing(app: Any, args: argparse.Namespace, *, org_id: int) -> int:
    from bot.cli import CliError
    from bot.clock import local_date
    from bot.domain.access import Operator
    from bot.domain.poverty import (
        PovertyError,
        apply_standing_file,
        plan_standing_file,
        read_standing_file,
        review_year,
    )

    today = local_date(app.engine.clock())
    year = args.year or review_year(today)
    try:
        rows = read_standing_file(args.file)
    except PovertyError as problem:
        raise CliError(f"{args.file.name}: {FILE_PROBLEMS.get(problem.detail, 'cannot be read')}") from None
    shell = Operator(org_id)
    async with app.sessionmaker() as session, session.begin():
        try:
            plan = await plan_standing_file(session, shell, org_id, rows, year=year, today_year=today.year)
        except PovertyError as problem:
            raise CliError(f"the year {year} is not one of the review (from 2000 to next year)") from problem
        counts = plan.counts()
        if args.year is None and (not plan.matched or year in plan.years()):  # rows of their own year: 0308
            # which review it counts for, and how to choose the other (decision 0267)
            other = year + 1 if year < today.year else year - 1
            why = "in January, last year's review" if year < today.year else "this year's review"
            print(f"For the review of {year} (no --year: {why}); for {other}'s, add --year {other}.")
        print(
            f"{args.file.name}: {len(rows)} row(s); {len(plan.matched)} matched ("
            + ", ".join(f"{STANDING_NAMES[s]} {n}" for s, n in counts.items() if n)
            + f"), {len(plan.changing)} to change; {len(plan.problems)} left out."
        )
        # the district corrected a name: matched by its id, the list keeps it (0446); those matched by the id
        # alone first, each one, as the rows to check (0466)
        for row in sorted(plan.renamed, key=lambda row: not row.by_id):
            rename = f'chungtay people rename {row.household_id} "{row.file_name}"'
            alone = ", matched by the id alone: check it is this household" if row.by_id else ""
            print(
                f"  line {row.line}: id {row.household_id} “{row.name}” — the file writes “{row.file_name}”"
                f"{alone} (the list keeps its name; to take the file's: {rename})"
            )
        for row in plan.elsewhere:  # matched by name, listed in another hamlet: it may have moved (0308)
            print(
                f"  line {row.line}: “{row.name}” — the file says {row.file_unit}, listed in {row.unit} "
                "(matched by name; if it moved, import the list of households with its new hamlet)"
            )
        for problem in plan.problems:
            print(problem_line(problem))
        if args.dry_run:
            print("Dry run: nothing written.")
            return 0
        if plan.problems and not args.matched_only:
            print("Nothing written: correct those rows and run again, or add --matched-only.")
            return 1
        if (by_id := [row for row in plan.by_id if row.changes]) and not args.trust_ids:
            print(
                f"Nothing written: {len(by_id)} row(s) matched by its household id alone, under a name no "
                "household here bears, would change a standing (above); check each is the household the "
                "district meant, then run again with --trust-ids."
            )
            return 1
        years = plan.years(plan.changing) or [year]
        written = await apply_standing_file(
            session, shell, org_id, plan, now=app.engine.clock(), matched_only=True, file_name=args.file.name
        )
    print(f"Wrote {written} standing(s) for {', '.join(str(each) for each in years)}.")
    return 0


async def run_list(app: Any, args: argparse.Namespace, *, org_id: int) -> int:
    """The review's counts (`poverty.standing_figures`, the very counts of /hongheo and the year's report)
    and, with --xlsx, the households by name (`poverty.listed_households` as the shell reads them)."""
    from bot.cli import CliError, _shell
    from bot.clock import local_date
    from bot.db.models import Organisation
    from bot.domain.access import Operator
    from bot.domain.poverty import listed_households, review_year, standing_figures
    from bot.poverty_sheet import write_poverty_list

    t = _shell(app.settings)  # in the chats' language (decision 1442)
    today = local_date(app.engine.clock())
    year = args.year or review_year(today)
    if args.xlsx is not None and (
        problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx", settings=app.settings)
    ):
        raise CliError(problem)
    async with app.sessionmaker() as session:
        organisation = await session.get_one(Organisation, org_id)
        figures = await standing_figures(session, org_id, year)
        listed = (
            await listed_households(session, Operator(org_id), year, standings=("poor", "near_poor", "out"))
            if args.xlsx is not None
            else []
        )
    if args.year is None and year < today.year:
        print(
            t(
                "For the review of {year} (no --year: in January, last year's review); for {next}'s, add "
                "--year {next}."
            ).format(year=year, next=today.year)
        )
    print(t("Poverty review of {year} (start → now):").format(year=year))
    for name, counts in [*figures.units, (t("all (the commune)"), figures.total)]:
        print(
            t(
                "  {name}: poor {poor_start} → {poor}, near-poor {near_start} → {near}, newly out {out}; "
                "out of poverty {got_out}, fallen in {fell_in}"
            ).format(
                name=name,
                poor_start=counts.poor_start,
                poor=counts.poor,
                near_start=counts.near_poor_start,
                near=counts.near_poor,
                out=counts.newly_out,
                got_out=counts.got_out,
                fell_in=counts.fell_in,
            )
        )
    if args.xlsx is not None:
        write_poverty_list(organisation.name, year, listed, args.xlsx, on=today)
        print(t("Wrote {file}: households listed: {n}.").format(file=args.xlsx, n=len(listed)))
    return 0
