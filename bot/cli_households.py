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
from bot.i18n import Translator


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


def file_problems(t: Translator) -> dict[str, str]:
    """Why the commune's list cannot be read (`PovertyError.detail`), in the shell's language."""
    return {
        "no_header": t(
            "no header row in its first rows: it needs a column of names (“Họ và tên”, “Chủ hộ”) or of ids "
            "(“Mã hộ”), and one of standings (“Phân loại”, “Loại hộ”)"
        ),
        "kind": t("not a spreadsheet: save it as .xlsx, .xls or “CSV UTF-8”"),
        "utf16": t("saved as UTF-16: save it as “CSV UTF-8”, or as .xlsx"),
        "encoding": t("not UTF-8: save it as “CSV UTF-8”, or as .xlsx"),
        "csv": t("not a readable CSV file: save it as “CSV UTF-8”, or as .xlsx"),
        "xlsx": t("not a readable Excel file: open it in Excel and save it as .xlsx"),
        "xls": t("not a readable old Excel file: open it in Excel and save it as .xlsx"),
        "too_long": t("too many rows for one commune's list: send one commune's list at a time"),
    }


def problem_line(t: Translator, problem: Any) -> str:
    """A row left out, in one line: where, what was typed, why, and what would do; the reasons the chat
    gives in its words where they read the same at a desk (handlers/poverty.py)."""
    why = {
        "no_name": lambda: t("no name and no id"),
        "standing": lambda: t(
            "the standing is not one of: Hộ nghèo (HN), Cận nghèo (CN), Mới thoát nghèo, Không"
        ),
        "year": lambda: t("the year is not a year of the review (2026, say)"),
        "unmatched": lambda: t("no listed household of that name or id"),
        "namesake": lambda: t("households of that name are in {units}: write the hamlet").format(
            units=", ".join(problem.units)
        ),
        "namesake_here": lambda: t(
            "households of that name in {unit}: {n}, which the file cannot tell apart: set each one by one "
            "in the chat (/poverty, “Set one household's standing”)"
        ).format(n=len(problem.units), unit="".join(problem.units[:1])),
        "not_yours": lambda: t("a household of {units}, not of your units").format(
            units=", ".join(problem.units)
        ),
        "twice": lambda: t("the same household as on line {line}").format(line=problem.other_line),
    }[problem.reason]()
    return t("  line {line}: “{typed}” — {why}").format(line=problem.line, typed=problem.typed, why=why)


async def run_standing(app: Any, args: argparse.Namespace, *, org_id: int) -> int:
    """The lines in the shell's language (`_shell`, decision 1660), the standings named as the chat names
    them (`standing_label`)."""
    from bot.cli import CliError, _shell
    from bot.clock import local_date
    from bot.domain.access import Operator
    from bot.domain.poverty import (
        PovertyError,
        apply_standing_file,
        plan_standing_file,
        read_standing_file,
        review_year,
    )
    from bot.year_report_doc import standing_label

    t = _shell(app.settings)
    today = local_date(app.engine.clock())
    year = args.year or review_year(today)
    try:
        rows = read_standing_file(args.file)
    except PovertyError as problem:
        why = file_problems(t).get(problem.detail) or t("cannot be read: save it in Excel as .xlsx")
        raise CliError(f"{args.file.name}: {why}") from None
    shell = Operator(org_id)
    async with app.sessionmaker() as session, session.begin():
        try:
            plan = await plan_standing_file(session, shell, org_id, rows, year=year, today_year=today.year)
        except PovertyError as problem:
            raise CliError(
                t(
                    "the year {year} is not one of the review (from 2000 to next year): e.g. --year {this}"
                ).format(year=year, this=review_year(today))
            ) from problem
        counts = plan.counts()
        if args.year is None and (not plan.matched or year in plan.years()):  # rows of their own year: 0308
            # which review it counts for, and how to choose the other (decision 0267)
            if year < today.year:
                said = t(
                    "For the review of {year} (no --year: in January, last year's review); for {next}'s, add "
                    "--year {next}."
                ).format(year=year, next=year + 1)
            else:
                said = t(
                    "For the review of {year} (no --year: this year's review); for {other}'s, add "
                    "--year {other}."
                ).format(year=year, other=year - 1)
            print(said)
        matched = ", ".join(f"{standing_label(t, s)} {n}" for s, n in counts.items() if n)
        print(
            t(
                "{file}: rows: {rows}; matched: {matched} ({counts}), to change: {changing}; "
                "left out: {left}."
            ).format(
                file=args.file.name,
                rows=len(rows),
                matched=len(plan.matched),
                counts=matched,
                changing=len(plan.changing),
                left=len(plan.problems),
            )
        )
        # the district corrected a name: matched by its id, the list keeps it (0446); those matched by the id
        # alone first, each one, as the rows to check (0466)
        for row in sorted(plan.renamed, key=lambda row: not row.by_id):
            rename = f'chungtay people rename {row.household_id} "{row.file_name}"'
            said = (
                t(
                    "  line {line}: id {id} “{name}” — the file writes “{file_name}”, matched by the id "
                    "alone: check it is this household (the list keeps its name; to take the file's: "
                    "{command})"
                )
                if row.by_id
                else t(
                    "  line {line}: id {id} “{name}” — the file writes “{file_name}” (the list keeps its "
                    "name; to take the file's: {command})"
                )
            )
            print(
                said.format(
                    line=row.line, id=row.household_id, name=row.name, file_name=row.file_name, command=rename
                )
            )
        for row in plan.elsewhere:  # matched by name, listed in another hamlet: it may have moved (0308)
            print(
                t(
                    "  line {line}: “{name}” — the file says {file_unit}, listed in {unit} (matched by "
                    "name; if it moved, import the list of households with its new hamlet)"
                ).format(line=row.line, name=row.name, file_unit=row.file_unit, unit=row.unit)
            )
        for problem in plan.problems:
            print(problem_line(t, problem))
        if args.dry_run:
            print(t("Dry run: nothing written."))
            return 0
        if plan.problems and not args.matched_only:
            print(t("Nothing written: correct those rows and run again, or add --matched-only."))
            return 1
        if (by_id := [row for row in plan.by_id if row.changes]) and not args.trust_ids:
            print(
                t(
                    "Nothing written: rows above match by their household id alone (the name in the file is "
                    "no listed household's) and would change a standing: {n}. Please check each is the "
                    "household the district meant, then run again with --trust-ids."
                ).format(n=len(by_id))
            )
            return 1
        years = plan.years(plan.changing) or [year]
        written = await apply_standing_file(
            session, shell, org_id, plan, now=app.engine.clock(), matched_only=True, file_name=args.file.name
        )
    print(
        t("Standings written for {years}: {n}.").format(
            years=", ".join(str(each) for each in years), n=written
        )
    )
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
        problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx", t=t)
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
