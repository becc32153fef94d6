"""`chungtay award …`: the awards council's office at the server's shell. `award list` prints every proposal
of a year, by award form then unit (withdrawn ones marked); `award dossier` writes the form's letter with its
list (“Tờ trình đề nghị khen thưởng (kèm danh sách)”) as a Word draft, from the standing proposals (with none,
it refuses); `award minutes` writes the awards council's minutes reviewing every award of the year (with
nobody proposed, it refuses); `award report` writes the achievement report of one standing proposal (by the
id `award list` shows). The operator holds the database already, as for `drive statement`: no role rule
applies (docs/decisions/0047, 0049). A unit proposed itself is printed as a person reads it, “Tập thể …”, as
the chat and the letter name it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_ledger import output_problem, year_argument


class AwardCliError(Exception):
    """A mistake, said in one line (the command exits with 2)."""


def add_award_commands(sub: Any) -> None:
    """The `award` group: list, dossier, minutes, report."""
    group = sub.add_parser("award", help="award proposals and the dossier's list (khen thưởng)")
    actions = group.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="every proposal of a year, by award form then unit")
    dossier = actions.add_parser("dossier", help="write the award's letter with its list as a Word draft")
    dossier.add_argument("--form", required=True, metavar="CODE", help="the award form's code in the plan")
    dossier.add_argument("file", type=Path, metavar="FILE.docx")
    dossier.add_argument("--force", action="store_true", help="replace FILE if it exists")
    minutes = actions.add_parser(
        "minutes", help="write the awards council's minutes for every award of the year as a Word draft"
    )
    minutes.add_argument("--docx", type=Path, required=True, metavar="FILE", help="write the minutes here")
    minutes.add_argument("--force", action="store_true", help="replace FILE if it exists")
    for parser in (listing, dossier, minutes):
        parser.add_argument("--year", type=year_argument, help="the campaign year (default: this year)")
    report = actions.add_parser(
        "report",
        help="write the achievement report of a standing proposal as a Word draft (báo cáo thành tích)",
    )
    report.add_argument("proposal", type=int, metavar="PROPOSAL_ID", help="the id `award list` shows")
    report.add_argument("--docx", type=Path, required=True, metavar="FILE", help="write the report here")
    report.add_argument("--force", action="store_true", help="replace FILE if it exists")
    for parser in (listing, dossier, minutes, report):
        parser.add_argument("--org", help="organisation code (default: the only one)")


def collective(app, unit: str) -> str:  # type: ignore[no-untyped-def]
    """The unit itself as a nominee, as the chat and the letter name it (“Tập thể Phòng Đào tạo”)."""
    from bot.i18n import translate

    return translate(app.settings.default_locale, "Collective: {unit}").format(unit=unit)


def _this_year(app, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from bot.clock import local_date

    return int(args.year or local_date(app.engine.clock()).year)


async def run_award_list(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.awards import proposal_lines

    year = _this_year(app, args)
    async with app.sessionmaker() as session:
        lines = await proposal_lines(session, org_id, year)
    if not lines:
        print(f"No award proposal for {year}.")
        return 0
    form = None
    for line in lines:
        if line.form_code != form:
            form = line.form_code
            print(f"{line.form_title} ({line.form_code})")
        if line.name is None:  # the unit itself, named once
            who = collective(app, line.unit)
        else:
            who = f"{line.unit}  {line.name}" + (f", {line.position}" if line.position else "")
        withdrawn = "  [withdrawn]" if line.withdrawn else ""
        print(f"  #{line.id}  {who}  (proposed by {line.proposed_by}){withdrawn}")
        print(f"      {line.summary}")
    standing = sum(1 for line in lines if not line.withdrawn)
    print(f"{standing} standing, {len(lines) - standing} withdrawn.")
    return 0


async def run_award_dossier(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.award_dossier import write_dossier
    from bot.clock import local_date
    from bot.domain.awards import ProposalError, award_dossier

    if problem := output_problem(args.file, force=args.force, suffix=".docx"):
        raise AwardCliError(problem)
    year = _this_year(app, args)
    async with app.sessionmaker() as session:
        try:
            dossier = await award_dossier(session, None, org_id, year=year, form_code=args.form)
        except ProposalError as refused:
            if refused.reason == "empty":
                raise AwardCliError(
                    f"nobody stands proposed for {args.form!r} in {year}: no letter to write "
                    "(`award list` shows the proposals)"
                ) from None
            raise AwardCliError(
                f"no award form {args.form!r} in a campaign running in {year}; the codes are in the plan file"
            ) from None
    on = local_date(app.engine.clock())
    write_dossier(dossier, args.file, locale=app.settings.default_locale, on=on)
    print(
        f"Wrote {args.file}: {dossier.form.title} {year}, {len(dossier.people)} person(s) and "
        f"{len(dossier.collectives)} collective(s) proposed. Fill in the number and the place, then sign."
    )
    return 0


async def run_award_minutes(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.award_minutes import write_minutes
    from bot.domain.awards import ProposalError, award_minutes

    if problem := output_problem(args.docx, force=args.force, suffix=".docx"):
        raise AwardCliError(problem)
    year = _this_year(app, args)
    async with app.sessionmaker() as session:
        try:
            minutes = await award_minutes(session, None, org_id, year=year)
        except ProposalError:  # "empty": the operator is refused nothing else
            raise AwardCliError(
                f"nobody stands proposed for an award in {year}: no minutes to write "
                "(`award list` shows the proposals)"
            ) from None
    write_minutes(minutes, args.docx, locale=app.settings.default_locale)
    standing = sum(len(d.people) + len(d.collectives) for d in minutes.dossiers)
    print(
        f"Wrote {args.docx}: the awards council's minutes for {year}, {len(minutes.dossiers)} award(s), "
        f"{standing} proposal(s). Fill in the time, the place, who attended, the votes and the conclusion, "
        "then sign."
    )
    return 0


async def run_award_report(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.achievement_doc import write_achievement_report
    from bot.clock import local_date
    from bot.domain.access import Operator
    from bot.domain.achievement import AchievementError, achievement_report

    if problem := output_problem(args.docx, force=args.force, suffix=".docx"):
        raise AwardCliError(problem)
    today = local_date(app.engine.clock())
    async with app.sessionmaker() as session:
        try:
            report = await achievement_report(session, Operator(org_id), args.proposal, today=today)
        except AchievementError as refused:
            if refused.reason == "withdrawn":
                raise AwardCliError(f"proposal #{args.proposal} was withdrawn") from None
            raise AwardCliError(f"no award proposal #{args.proposal}; `award list` shows their ids") from None
    write_achievement_report(
        report, args.docx, media_dir=app.settings.media_dir, locale=app.settings.default_locale, on=today
    )
    who = report.person.name if report.person is not None else collective(app, report.unit)
    print(
        f"Wrote {args.docx}: the achievement report of {who}, proposed for {report.award} {report.year}, "
        f"figures as of {report.as_of:%d/%m/%Y}. Fill in the dotted lines, then sign."
    )
    return 0
