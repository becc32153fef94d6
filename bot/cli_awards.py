"""`chungtay award …`: the awards council's office at the server's shell. `award list` prints every proposal
of a year, by award form then unit (withdrawn ones marked); `award dossier` writes the form's letter with its
list (“Tờ trình đề nghị khen thưởng (kèm danh sách)”) as a Word draft, from the standing proposals (with none,
it refuses); `award minutes` writes the awards council's minutes reviewing every award of the year (with
nobody proposed, it refuses); `award report` writes the achievement report of one standing proposal (by the
id `award list` shows); `award decide` records what the awards council (or the level above) decided on a
form's standing proposals, or on one nominee's, with the decision's number and date, and `award decision`
writes the head's decision conferring an award of the organisation's own (docs/decisions/0063).
The operator holds the database already, as for `drive statement`: no role rule applies (docs/decisions/0047,
0049). A unit proposed itself is printed as a person reads it, “Tập thể …”, as
the chat and the letter name it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot import cli_argparse
from bot.cli_ledger import day_argument, output_problem, year_argument
from bot.i18n import PAPER_LOCALE, Translator


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
    decide = actions.add_parser(
        "decide",
        help="record the council's decision on a form's standing proposals (all, or one nominee's)",
    )
    decide.add_argument("--form", required=True, metavar="CODE", help="the award form's code in the plan")
    decide.add_argument(
        "--nominee",
        metavar="NAME_OR_ID",
        help="only this person's, or this unit's own, proposal (its name, or the id `award list` shows)",
    )
    outcome = decide.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--awarded", action="store_true", help="the award was conferred")
    outcome.add_argument("--not-awarded", action="store_true", help="the award was not conferred")
    decide.add_argument("--ref", metavar="NUMBER", help="the decision's number, e.g. 125/QĐ-CĐT")
    decide.add_argument(
        "--on", type=day_argument, metavar="DD/MM/YYYY", help="the decision's date, e.g. 20/12/2026"
    )
    decision = actions.add_parser(
        "decision",
        help="write the head's decision conferring an award of the organisation's own as a Word draft",
    )
    decision.add_argument("--form", required=True, metavar="CODE", help="the award form's code in the plan")
    decision.add_argument("--output", type=Path, required=True, metavar="FILE", help="write the draft here")
    decision.add_argument("--force", action="store_true", help="replace FILE if it exists")
    for parser in (listing, dossier, minutes, decide, decision):
        parser.add_argument(
            "--year",
            type=year_argument,
            help="the campaign year (default: this year; January to March, the year just ended)",
        )
    report = actions.add_parser(
        "report",
        help="write the achievement report of a standing proposal as a Word draft (báo cáo thành tích)",
    )
    report.add_argument(
        "proposal", type=cli_argparse.whole_number, metavar="PROPOSAL_ID", help="the id `award list` shows"
    )
    report.add_argument("--docx", type=Path, required=True, metavar="FILE", help="write the report here")
    report.add_argument("--force", action="store_true", help="replace FILE if it exists")
    for parser in (listing, dossier, minutes, report, decide, decision):
        parser.add_argument("--org", help="organisation code (default: the only one)")


def collective(t: Translator, unit: str) -> str:
    """The unit itself as a nominee, as the chat and the letter name it (“Tập thể Phòng Đào tạo”), in the
    command's own translator `t` (the shell's, decision 1739)."""
    return t("Collective: {unit}").format(unit=unit)


async def _this_year(app, args: argparse.Namespace, org_id: int, t) -> int:  # type: ignore[no-untyped-def]
    """The year asked for; else this year, except through March, when the year just ended's awards are
    still the office's work, as the chat's awards menu offers them first (decisions 0063, 0333): said so."""
    from bot.clock import local_date
    from bot.domain.campaigns import just_ended_campaign

    if args.year:
        return int(args.year)
    today = local_date(app.engine.clock())
    async with app.sessionmaker() as session:
        ended = await just_ended_campaign(session, org_id, today)
    if ended is None:
        return today.year
    print(
        t("The awards of {ended}, the year just ended; for {year}: --year {year}").format(
            ended=today.year - 1, year=today.year
        )
    )
    return today.year - 1


async def _no_form(session, org_id: int, year: int, typed: str, t) -> AwardCliError:  # type: ignore[no-untyped-def]
    """An award form code the campaign running in `year` does not have (“giay khen”, “bang khen” typed as
    said), read in the command's own `session`: the codes it has, each with its award, and an example."""
    from datetime import date

    from sqlalchemy import select

    from bot.db.models import AwardForm, Campaign

    found = await session.execute(
        select(AwardForm.code, AwardForm.title)
        .join(Campaign, Campaign.id == AwardForm.campaign_id)
        .where(
            Campaign.org_id == org_id,
            Campaign.starts_on <= date(year, 12, 31),
            Campaign.ends_on >= date(year, 1, 1),
        )
        .order_by(AwardForm.own, AwardForm.id)
    )
    forms = list(found)
    if not forms:
        said = t("no award form {form} in a campaign running in {year}, and no campaign runs then")
        return AwardCliError(said.format(form=repr(typed), year=year))
    codes = "; ".join(f"{code} ({title})" for code, title in forms)
    said = t(
        "no award form {form} in a campaign running in {year}; its codes: {codes}; e.g. --form {example}"
    )
    return AwardCliError(said.format(form=repr(typed), year=year, codes=codes, example=forms[0][0]))


async def run_award_list(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.cli import _shell
    from bot.domain.awards import proposal_lines, sent_late
    from bot.domain.notices import is_commune

    t = _shell(app.settings)  # the office's language, one translator for the command (1739)
    year = await _this_year(app, args, org_id, t)
    async with app.sessionmaker() as session:
        lines = await proposal_lines(session, org_id, year)
        late = await sent_late(session, lines, year)
        commune = bool(late) and await is_commune(session, org_id)
    if not lines:
        print(t("No award proposal for {year}.").format(year=year))
        return 0
    form = None
    for line in lines:
        if line.form_code != form:
            form = line.form_code
            print(f"{line.form_title} ({line.form_code})")
        if line.name is None:  # the unit itself, named once
            who = collective(t, line.unit)
        else:
            who = f"{line.works_in}  {line.name}" + (f", {line.position}" if line.position else "")
            if line.moved:  # where they work now, and who proposed them (decision 0296)
                who += "  [" + t("moved from {unit}").format(unit=line.unit) + "]"
            if line.left_on is not None and not line.withdrawn:  # for the council to decide (0265, 0344)
                who += "  [" + t("left on {day}").format(day=t.date(line.left_on)) + "]"
        withdrawn = "  [" + t("withdrawn") + "]" if line.withdrawn else ""
        if (deadline := late.get(line.id)) and line.proposed_on is not None:  # for the dossier (0883)
            # as the office's list in the chat says it, a commune's of its hamlets (decision 1015)
            sent = (
                t("Sent after the hamlets' deadline ({deadline}), on {day}.")
                if commune
                else t("Sent after the units' deadline ({deadline}), on {day}.")
            )
            said = sent.format(deadline=t.date(deadline), day=t.date(line.proposed_on))
            withdrawn = f"  [{said.rstrip('.')}]"
        by = t("proposed by {name}").format(name=line.proposed_by)
        print(f"  #{line.id}  {who}  ({by}){withdrawn}{_outcome(line, t)}")
        print(f"      {line.summary}")
    standing = sum(1 for line in lines if not line.withdrawn)
    awarded = sum(1 for line in lines if line.outcome == "awarded")
    counts = t("{standing} standing, {withdrawn} withdrawn.").format(
        standing=standing, withdrawn=len(lines) - standing
    )
    print(counts + (" " + t("{awarded} awarded.").format(awarded=awarded) if awarded else ""))
    return 0


def _outcome(line, t) -> str:  # type: ignore[no-untyped-def]
    """What was decided on a proposal, as `award list` prints it: "  [awarded: 125/QĐ-CĐT, 20/12/2026]"."""
    if line.outcome is None:
        return ""
    known = ", ".join(
        part for part in (line.decision_ref, line.decision_on and t.date(line.decision_on)) if part
    )
    said = t("awarded") if line.outcome == "awarded" else t("not awarded")
    return f"  [{said}: {known}]" if known else f"  [{said}]"


async def run_award_decide(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.cli import _shell
    from bot.domain.access import Operator
    from bot.domain.awards import (
        MAX_REF,
        Decision,
        ProposalError,
        award_named,
        proposal_lines,
        record_form_outcome,
        record_outcome,
        running_form,
    )
    from bot.domain.notices import held_till
    from handlers.wording import held_words

    t = _shell(app.settings)  # the office's language, one translator for the command (1739)
    year = await _this_year(app, args, org_id, t)
    on = args.on
    typed_on = t.date(on) if on else ""
    decision = Decision(bool(args.awarded), args.ref, on)
    async with app.sessionmaker() as session, session.begin():
        try:
            form, _campaign = await running_form(session, org_id, year, args.form)
            award = await award_named(session, form)  # as `award list` and the papers name it (1015)
            if args.nominee is None:
                done = await record_form_outcome(
                    session,
                    Operator(org_id),
                    org_id,
                    year=year,
                    form_code=args.form,
                    decision=decision,
                    now=app.engine.clock(),
                    settings=app.settings,
                )
                changed, unchanged = done.changed, done.unchanged
            else:
                lines = await proposal_lines(session, org_id, year, form_id=form.id, withdrawn=False)
                line = _the_nominee(lines, args.nominee, args.form, year, t)
                changed = int(
                    await record_outcome(
                        session,
                        Operator(org_id),
                        line.id,
                        decision,
                        now=app.engine.clock(),
                        settings=app.settings,
                    )
                )
                unchanged = 1 - changed
        except ProposalError as refused:
            if refused.reason == "form":
                raise await _no_form(session, org_id, year, args.form, t) from None
            said = {
                "empty": t("nobody stands proposed for {form} in {year} (`award list` shows the proposals)"),
                "ref": t("--ref must be 1 to {limit} characters, e.g. 125/QĐ-CĐT"),
                "future": t(
                    "--on {day} is later than today: a decision is recorded once signed, with the day it was "
                    "signed (e.g. --on 20/11/2026); nothing was changed"
                ),
            }.get(refused.reason, refused.reason)
            raise AwardCliError(
                said.format(form=repr(args.form), year=year, limit=MAX_REF, day=typed_on)
            ) from None
    recorded = (
        t("Recorded the result of {count} proposal(s): awarded {award} ({year})")
        if args.awarded
        else t("Recorded the result of {count} proposal(s): not awarded {award} ({year})")
    ).format(count=changed, award=award, year=year)
    if unchanged:
        recorded += t("; {count} had it already (nobody is told twice)").format(count=unchanged)
    held = held_till(app.engine.clock(), app.settings)  # at night the notices wait (decision 2850)
    if held is None:
        told = (
            t(". The nominees and the proposers are told.")
            if args.awarded
            else t(". The proposers are told.")
        )
    else:
        told = (
            t(". The nominees and the proposers will be told at {hour} on {day}, after the quiet hours.")
            if args.awarded
            else t(". The proposers will be told at {hour} on {day}, after the quiet hours.")
        ).format(**held_words(t, held))
    print(recorded + told)
    return 0


def _the_nominee(lines, typed: str, form: str, year: int, t):  # type: ignore[no-untyped-def]
    """The one standing proposal `typed` names: its id as `award list` shows it (“12” or “#12”: two
    namesakes are told apart so), a person by name, or a unit itself by the unit's name (or as “Tập thể …”);
    accents and case optional, the whole name first, then a part of it."""
    from bot.text import fold, plain_digits

    def names(line) -> list[str]:  # type: ignore[no-untyped-def]
        if line.name is not None:
            return [fold(line.name)]
        return [fold(line.unit), fold(collective(t, line.unit))]

    key = fold(typed)
    if plain_digits(number := key.removeprefix("#")):  # “²” is no id: `int` refuses it
        found = [line for line in lines if line.id == int(number)]
        if not found:  # withdrawn, another award's or year's, another organisation's: never a name
            said = t(
                "#{id} is not a standing proposal for {form} in {year}; `award list` shows them and their "
                "ids (e.g. --nominee 12)"
            )
            raise AwardCliError(said.format(id=int(number), form=repr(form), year=year))
    else:
        found = [line for line in lines if key in names(line)]
        found = found or [line for line in lines if any(key in name for name in names(line))]
    if len(found) == 1:
        return found[0]
    if not found:
        said = t(
            "nobody standing proposed for {form} in {year} is called {typed}; `award list` shows them and "
            "their ids (e.g. --nominee 'tran thi mai' or --nominee 12)"
        )
        raise AwardCliError(said.format(form=repr(form), year=year, typed=repr(typed)))
    who = "; ".join(
        f"#{line.id} " + (f"{line.name} ({line.unit})" if line.name else collective(t, line.unit))
        for line in found
    )
    said = t("{typed} names {count} nominees ({who}); write more of the name, or the id, e.g. --nominee {id}")
    raise AwardCliError(said.format(typed=repr(typed), count=len(found), who=who, id=found[0].id))


async def run_award_dossier(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.award_dossier import write_dossier
    from bot.cli import _shell
    from bot.clock import local_date
    from bot.domain.awards import ProposalError, award_dossier

    t = _shell(app.settings)  # the office's language, for the command's lines that speak it (1739)
    if problem := output_problem(args.file, force=args.force, suffix=".docx", t=t):
        raise AwardCliError(problem)
    year = await _this_year(app, args, org_id, t)
    async with app.sessionmaker() as session:
        try:
            dossier = await award_dossier(session, None, org_id, year=year, form_code=args.form)
        except ProposalError as refused:
            if refused.reason == "empty":
                said = t(
                    "nobody stands proposed for {form} in {year}: no letter to write "
                    "(`award list` shows the proposals)"
                )
                raise AwardCliError(said.format(form=repr(args.form), year=year)) from None
            raise await _no_form(session, org_id, year, args.form, t) from None
    on = local_date(app.engine.clock())
    write_dossier(dossier, args.file, locale=PAPER_LOCALE, on=on)
    wrote = t(
        "Wrote {file}: {award} {year}, {people} person(s) and {collectives} collective(s) proposed. "
        "Fill in the number and the place, then sign."
    )
    print(
        wrote.format(
            file=args.file,
            award=dossier.award,
            year=year,
            people=len(dossier.people),
            collectives=len(dossier.collectives),
        )
    )
    return 0


async def run_award_minutes(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.award_minutes import write_minutes
    from bot.cli import _shell
    from bot.domain.awards import ProposalError, award_minutes

    t = _shell(app.settings)  # the office's language, for the command's lines that speak it (1739)
    if problem := output_problem(args.docx, force=args.force, suffix=".docx", t=t):
        raise AwardCliError(problem)
    year = await _this_year(app, args, org_id, t)
    async with app.sessionmaker() as session:
        try:
            minutes = await award_minutes(session, None, org_id, year=year)
        except ProposalError:  # "empty": the operator is refused nothing else
            said = t(
                "nobody stands proposed for an award in {year}: no minutes to write "
                "(`award list` shows the proposals)"
            )
            raise AwardCliError(said.format(year=year)) from None
    write_minutes(minutes, args.docx, locale=PAPER_LOCALE)
    standing = sum(len(d.people) + len(d.collectives) for d in minutes.dossiers)
    wrote = t(
        "Wrote {file}: the awards council's minutes for {year}, {awards} award(s), {proposals} proposal(s). "
        "Fill in the time, the place, who attended, the votes and the conclusion, then sign."
    )
    print(wrote.format(file=args.docx, year=year, awards=len(minutes.dossiers), proposals=standing))
    return 0


async def run_award_report(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.achievement_doc import write_achievement_report
    from bot.cli import _shell
    from bot.clock import local_date
    from bot.domain.access import Operator
    from bot.domain.achievement import AchievementError, achievement_report

    t = _shell(app.settings)  # the office's language, for the command's lines that speak it (1739)
    if problem := output_problem(args.docx, force=args.force, suffix=".docx", t=t):
        raise AwardCliError(problem)
    today = local_date(app.engine.clock())
    async with app.sessionmaker() as session:
        try:
            report = await achievement_report(session, Operator(org_id), args.proposal, today=today)
        except AchievementError as refused:
            if refused.reason == "withdrawn":
                raise AwardCliError(t("proposal #{id} was withdrawn").format(id=args.proposal)) from None
            said = t("no award proposal #{id}; `award list` shows their ids")
            raise AwardCliError(said.format(id=args.proposal)) from None
    write_achievement_report(
        report, args.docx, media_dir=app.settings.media_dir, locale=PAPER_LOCALE, on=today
    )
    who = report.person.name if report.person is not None else collective(t, report.unit)
    wrote = t(
        "Wrote {file}: the achievement report of {who}, proposed for {award} ({year}), figures as of {day}. "
        "Fill in the dotted lines, then sign."
    )
    print(
        wrote.format(file=args.docx, who=who, award=report.award, year=report.year, day=t.date(report.as_of))
    )
    return 0


async def run_award_decision(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.award_decision import write_decision
    from bot.cli import _shell
    from bot.clock import local_date
    from bot.domain.awards import ProposalError, award_decision

    t = _shell(app.settings)  # the office's language, for the command's lines that speak it (1739)
    if problem := output_problem(args.output, force=args.force, suffix=".docx", t=t):
        raise AwardCliError(problem)
    year = await _this_year(app, args, org_id, t)
    async with app.sessionmaker() as session:
        try:
            draft = await award_decision(session, None, org_id, year=year, form_code=args.form)
        except ProposalError as refused:
            if refused.reason == "form":
                raise await _no_form(session, org_id, year, args.form, t) from None
            said = {
                "above": t(
                    "{form} is conferred by {by}: that decision is made there, not by the organisation"
                ),
                "empty": t(
                    "nobody stands proposed for {form} in {year}, or none was awarded "
                    "(`award list` shows the proposals)"
                ),
            }.get(refused.reason, refused.reason)
            raise AwardCliError(said.format(form=repr(args.form), by=refused.by, year=year)) from None
    write_decision(draft, args.output, locale=PAPER_LOCALE, on=local_date(app.engine.clock()))
    dossier = draft.dossier
    note = (
        " " + t("(a draft before the council's vote: every standing proposal)") if draft.before_vote else ""
    )
    wrote = t(
        "Wrote {file}: the decision awarding {award} {year} to {collectives} collective(s) and {people} "
        "person(s){note}."
    ).format(
        file=args.output,
        award=dossier.award,
        year=year,
        collectives=len(dossier.collectives),
        people=len(dossier.people),
        note=note,
    )
    then = (
        t("Fill in the number and the grounds, then sign.")
        if draft.ref is None
        else t("Numbered {ref}, as recorded. Fill in the grounds, then sign.")
        if draft.signed_on is not None
        else t("Numbered {ref}, as recorded, with no date: fill in the day signed and the grounds.")
    )
    print(f"{wrote} {then.format(ref=draft.ref)}")
    if draft.waiting:
        names = "; ".join(line.name or collective(t, line.unit) for line in draft.waiting)
        said = t(
            "Not in it: {count} proposal(s) still waiting for an outcome ({names}). Record their outcome "
            "(`award decide`) before signing, and write the decision again."
        )
        print(said.format(count=len(draft.waiting), names=names))
    return 0
