"""`chungtay contributions reconcile FILE --as PERSON [--confirm]`: the bank's statement set beside the
entries waiting for a treasurer (bot.domain.reconcile), from the shell. Reading prints the five groups —
names only of entries the treasurer may decide, the others counted; a match recorded again in place of the
rejected entry its transfer names shows both codes — and changes nothing; `--confirm` confirms the matches,
each through the same rule and audit as in chat, and says how many, unless one was put in another's name
since her last reading: that is said, and nothing confirmed (decision 1733)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot import cli_argparse
from bot.cli_ledger import AS_HELP, LedgerCliError, counted_mark, money, refusal
from bot.i18n import Translator


def add_reconcile(actions: Any) -> None:
    """`reconcile`, added to the `contributions` group's subcommands."""
    rec = actions.add_parser(
        "reconcile",
        help="set the bank's statement (.xlsx, .xls or .csv from internet banking) beside the contributions "
        "waiting for PERSON, by the reference codes in the transfers' descriptions",
    )
    rec.add_argument("file", type=Path, metavar="FILE", help="the statement as the bank exported it")
    rec.add_argument("--as", dest="actor", required=True, metavar="PERSON", help=AS_HELP)
    rec.add_argument(
        "--confirm",
        action="store_true",
        help="confirm the matches (waiting, the same amount); each giver is told",
    )
    rec.add_argument(
        "--donor-row",
        type=cli_argparse.whole_number,
        metavar="N",
        help="record the credit without a code on row N (as printed) as a gift from a donor outside the "
        "organisation, named by --name; another treasurer confirms it",
    )
    from bot.cli_donors import add_donor_options

    add_donor_options(rec, with_name=True)


def statement_problem(t: Translator, reason: str, name: str, detail: str = "") -> str:
    """Why the file `name` cannot be read as a statement, with what to do, in one line, in the shell's
    language `t` (the banks' column names as they write them)."""
    from bot.domain.bank_statement import (
        AMOUNT_HEADERS,
        CREDIT_HEADERS,
        DESCRIPTION_HEADERS,
        HEADER_SEARCH_ROWS,
        SIDE_HEADERS,
    )

    def quoted(words: tuple[str, ...]) -> str:
        return ", ".join(f"“{word}”" for word in words)

    if reason == "no_header":
        return t(
            "no header row in the first {rows} rows of {name}: the statement needs a column of descriptions "
            "({descriptions}, …) and a column of credits ({credits}, …), or one column of amounts "
            "({amounts}, …) with a sign or a column saying which is which ({sides}, …)"
        ).format(
            rows=HEADER_SEARCH_ROWS,
            name=name,
            descriptions=quoted(DESCRIPTION_HEADERS[:5]),
            credits=quoted(CREDIT_HEADERS[:6]),
            amounts=quoted(AMOUNT_HEADERS[:3]),
            sides=quoted(SIDE_HEADERS[:3]),
        )
    said = {
        "no_sign": lambda: t(
            "{name} has one column of amounts and nothing tells money in from money out: no amount is signed "
            "(+500.000 and -120.000, or (120.000)) and no column ({sides}, …) says C or D; export the "
            "statement with a column of credits ({credits}, …)"
        ),
        "xls": lambda: t("cannot read the old Excel file {name} ({detail})"),
        "utf16": lambda: t("{name} is saved as UTF-16: save it as “CSV UTF-8”, or as .xlsx"),
        "encoding": lambda: t("{name} is not UTF-8: save it as “CSV UTF-8”, or as .xlsx"),
        "csv": lambda: t("{name} is not a readable CSV file ({detail})"),
        "xlsx": lambda: t("cannot read the Excel file {name} ({detail})"),
        "too_long": lambda: t("{name} has too many rows: export a shorter period (a month, say)"),
    }.get(
        reason,
        lambda: t("{name} is not a spreadsheet: export the statement from internet banking as Excel or CSV"),
    )()
    return said.format(
        name=name, detail=detail, sides=quoted(SIDE_HEADERS[:3]), credits=quoted(CREDIT_HEADERS[:4])
    )


def _figure(found: Any, t: Translator) -> str:
    from handlers.wording import labour_days

    if found.kind == "labour":
        return labour_days(t, found.labour_days)
    if found.kind == "goods":
        return f"{found.description} ({money(found.amount_vnd)})"
    return money(found.amount_vnd)


def _who(found: Any) -> str:
    return f"{found.giver} ({found.unit})" if found.unit else found.giver


def _rows(lines: Any) -> str:
    """The statement's rows of `lines`, as every group and mark prints them: “12, 15”."""
    return ", ".join(str(line.row) for line in lines)


def _state(t: Translator, state: str) -> str:
    """What became of a gift already decided, as the shell says it."""
    said = {
        "confirmed": lambda: t("confirmed"),
        "rejected": lambda: t("rejected"),
        "withdrawn": lambda: t("withdrawn by the giver"),
        "corrected": lambda: t("cancelled by a correction"),
    }
    return said[state]() if state in said else state


def _repeated(found: Any, t: Translator) -> str:
    """A gift's code credited several times, each exactly its figure: a transfer repeated, most likely, said
    whether the gift waits or was confirmed since (decisions 1024, 1048)."""
    if not found.repeated:
        return ""
    return t("; transferred {n} times the amount recorded: perhaps a transfer repeated").format(
        n=len(found.lines)
    )


def _hinted(codes: tuple[str, ...], sure: bool, t: Translator) -> str:
    """A near-form's codes: as read where sure, else the codes it may be, or that none is clear (1222)."""
    if sure:
        return ", ".join(codes)
    if len(codes) == 1:  # a bare number like a year, the one gift it may be (1274)
        return t("perhaps {code}").format(code=codes[0])
    either = t("or")
    return f" {either} ".join(codes) if codes else t("a code not clear")


def _print(result: Any, name: str, today: date, t: Translator) -> None:
    """The five groups and what was not read, in the shell's language `t`; money and days as every admin
    command writes them (`money`, 15/12/2026)."""
    from bot.domain.contributions import year_counted
    from bot.domain.queue import collectors_named
    from bot.i18n import format_date

    def waiting_list(listed_name: str, listed: Any) -> str:
        return t.plural("{name} ({n} gift waiting)", "{name} ({n} gifts waiting)", listed.waiting).format(
            name=listed_name, n=listed.waiting
        )

    print(
        t.plural("{name}: {n} credit read.", "{name}: {n} credits read.", result.credits).format(
            name=name, n=result.credits
        )
    )
    if taken := result.order_taken:  # no day of the file shows the order (docs/decisions/0262)
        print(
            t(
                "Days read day first, as Vietnamese banks write them: {written} (row {row}) is {day}. The "
                "file shows no order: if the bank wrote the month first, check the days."
            ).format(written=taken.written, row=taken.row, day=t.long_date(taken.on))
        )
    print("\n" + t("Matches, waiting and credited the same amount ({n}):").format(n=len(result.matches)))
    for found in result.matches:
        again = (
            "  " + t("(recorded again in place of {ref})").format(ref=found.again_of)
            if found.again_of
            else ""
        )
        if found.together:  # a couple's one transfer, exactly their gifts (docs/decisions/0831)
            again = "  " + t("(one transfer with {refs})").format(refs=", ".join(found.together))
        counted = year_counted(found.year, today)  # said before --confirm, as the chat's last look (1218)
        reported = counted > found.year
        closed = (
            "  "
            + t("({year} reported: counts for {counted} once confirmed)").format(
                year=found.year, counted=counted
            )
            if reported
            else ""
        )
        print(f"  {found.ref}  {_who(found)}  {money(found.amount_vnd)}{_money_out(found, t)}{again}{closed}")
    if result.matches:
        print("  " + t("In all: {money}").format(money=money(result.matched_total)))
    print("\n" + t("Amounts differ ({n}):").format(n=len(result.differing)))
    for found in result.differing:
        rows = _rows(found.lines)
        # each credit exactly the gift: a transfer repeated, most likely, said instead (1024)
        several = _repeated(found, t) or (t("; the transfer names other codes too") if found.shared else "")
        differ = t("recorded {figure}, credited {money}").format(
            figure=_figure(found, t), money=money(found.received)
        )
        row = t("[row {rows}]").format(rows=rows)
        print(f"  {found.ref}  {_who(found)}  {differ}{several}{_money_out(found, t)}  {row}")
    print("\n" + t("Already decided ({n}):").format(n=len(result.decided)))
    for found in result.decided:
        state = _state(t, found.state)  # and money of it gone out since (0915)
        repeated = "  " + t("[row {rows}]").format(rows=_rows(found.lines)) if found.repeated else ""
        said = f"{state}{_repeated(found, t)}{_money_out(found, t)}{repeated}"
        print(f"  {found.ref}  {_who(found)}  {_figure(found, t)}  {said}")
    print(
        "\n"
        + t.plural(
            "Not yours or not found: {n} credit (other units' codes, yours, or unknown)",
            "Not yours or not found: {n} credits (other units' codes, yours, or unknown)",
            result.not_theirs,
        ).format(n=result.not_theirs)
    )
    if result.unknown:
        print(
            "  "
            + t("Of them, {n} whose codes name no contribution (mistyped, a correction's):").format(
                n=len(result.unknown)
            )
        )
    for line in result.unknown:
        day = format_date(line.on, "vi") if line.on else "-"
        row = t("row {row}").format(row=line.row)
        print(f"  {row}  {day}  {money(line.amount)}  {line.description or '-'}")
    print(
        "\n"
        + t("No code ({n}), to match by hand or record as a donor's gift (--donor-row N):").format(
            n=len(result.no_code)
        )
    )
    for n, line in enumerate(result.no_code):
        day = format_date(line.on, "vi") if line.on else "-"
        recorded = ""
        if n in result.recorded:  # no code where the actor may not open the gift (another unit's)
            recorded = ("  " + t("recorded as a donor's gift {ref}").format(ref=result.recorded[n])).rstrip()
            if n in result.cancelled:  # confirmed, then reversed (0262): offered to record again (0288)
                recorded += t(", then cancelled by a correction: this money is not in the books")
        elif n in result.alike:  # perhaps a credit recorded already, which nothing here tells apart (0288)
            gift = (
                t("perhaps the credit recorded as a donor's gift {ref}").format(ref=result.alike[n]).rstrip()
            )
            why = (
                t("of the same day and amount, worded otherwise")
                if n in result.same_day
                else t("of another statement, no day")
            )
            recorded = "  " + t("{gift}, {why}: record it only if it is another transfer").format(
                gift=gift, why=why
            )
        elif n in result.handover and len(result.handover[n]) > 1:  # lists of one total: which one (0539)
            lists = ", ".join(
                waiting_list(name, listed)
                for name, listed in zip(collectors_named(result.handover[n]), result.handover[n], strict=True)
            )
            recorded = "  " + t(
                "the total of each of the handover lists of {lists}: which one paid it in, the transfer's "
                "words or the collectors tell; confirm that list under “By collector”, not as a donor's gift"
            ).format(lists=lists)
        elif n in result.handover:  # one transfer for gifts recorded already, each (0346)
            [listed] = result.handover[n]
            recorded = "  " + t.plural(
                "the total of {name}'s handover list ({n} gift waiting): confirm that list under “By "
                "collector”, not as a donor's gift",
                "the total of {name}'s handover list ({n} gifts waiting): confirm that list under “By "
                "collector”, not as a donor's gift",
                listed.waiting,
            ).format(name=listed.name, n=listed.waiting)
        elif n in result.paired:  # two lists paid in at once: named, each confirmed by itself (0608)
            first, second = (
                waiting_list(name, listed)
                for name, listed in zip(collectors_named(result.paired[n]), result.paired[n], strict=True)
            )
            recorded = "  " + t(
                "the total of the handover lists of {first} and {second}: if this one payment was for both, "
                "confirm each list under “By collector”, not as a donor's gift"
            ).format(first=first, second=second)
        elif n in result.short:  # the same list less one gift's figure (0372)
            gap = result.short[n]
            which = (
                t("the figure of {ref} alone").format(ref=gap.missing[0])
                if len(gap.missing) == 1
                else t("the figure of each of {refs}: one of them").format(refs=", ".join(gap.missing))
            )
            recorded = "  " + t(
                "{money} short of the total of {name}'s handover list ({n} gifts waiting), {which}; confirm "
                "the others under “By collector”, not as a donor's gift"
            ).format(
                money=money(gap.short_vnd), name=gap.collector.name, n=gap.collector.waiting, which=which
            )
        if n in result.said_sent and line.on is not None:  # a member's transfer without its code (1110)
            recorded += "  " + t(
                "perhaps {refs}, waiting, said sent in {year}: check its receipt against this credit before "
                "recording it as a donor's gift"
            ).format(refs=", ".join(result.said_sent[n]), year=line.on.year)
        if n in result.named_giver:  # a transfer typed loosely, its giver named in its words (2112)
            recorded += "  " + t(
                "perhaps {refs}: waiting, of this same amount, and the transfer's words name its giver; if "
                "it is theirs, confirm that gift rather than record this credit as a donor's gift"
            ).format(refs=", ".join(result.named_giver[n]))
        if n in result.said_sent_confirmed and line.on is not None:  # the same, confirmed already (1155)
            recorded += "  " + t(
                "perhaps {refs}, confirmed, said sent in {year}: if its receipt shows this credit, the money "
                "is in the Fund already; do not record it as a donor's gift"
            ).format(refs=", ".join(result.said_sent_confirmed[n]), year=line.on.year)
        if n in result.crowded:  # more credits of a list's total than such lists (0608)
            recorded += t.plural(
                "; {credits} credits of this statement are of this figure, and {lists} handover list of it: "
                "the others are no list's money, match them by hand",
                "; {credits} credits of this statement are of this figure, and {lists} handover lists of "
                "it: the others are no list's money, match them by hand",
                len(result.handover[n]),
            ).format(credits=result.crowded[n], lists=len(result.handover[n]))
        row = t("row {row}").format(row=line.row)
        print(f"  {row}  {day}  {money(line.amount)}  {line.description or '-'}{recorded}")
    if result.unclear:
        print(
            "\n"
            + t("Not read, money in or out unclear ({n}): look at row {rows} of the file").format(
                n=len(result.unclear), rows=", ".join(map(str, result.unclear))
            )
        )
    if result.unread:
        print(
            "\n"
            + t(
                "Not read, the amount is not whole đồng like 1.200.000 up to MONEY_CAP ({n}): look at row "
                "{rows} of the file and match it by hand"
            ).format(n=len(result.unread), rows=", ".join(map(str, result.unread)))
        )
    if result.undated:
        print(
            "\n"
            + t(
                "Not read, no day (under a total or subtotal, or no description) ({n}): look at row {rows} "
                "of the file and match it by hand"
            ).format(n=len(result.undated), rows=", ".join(map(str, result.undated)))
        )
    if result.unplaced:
        print(
            "\n"
            + t(
                "Not read, the day could be day first or month first ({n}): look at row {rows} of the file "
                "and match it by hand"
            ).format(n=len(result.unplaced), rows=", ".join(map(str, result.unplaced)))
        )
    if result.like_total:
        print(
            "\n"
            + t(
                "Not read, a day and money in but written like a total ({n}): look at row {rows} of the file "
                "and match it by hand"
            ).format(n=len(result.like_total), rows=", ".join(map(str, result.like_total)))
        )
    if hints := result.hints:  # a code with a letter for a figure: named, never matched (docs/decisions/1025)
        items = "; ".join(
            t("row {row}: {codes}").format(row=line.row, codes=_hinted(codes, sure, t))
            for line, codes, sure in hints
        )
        print(
            "\n"
            + t(
                "Words like a code with a letter for a figure ({n}): {items}; look the code up and match it "
                "by hand"
            ).format(n=len(hints), items=items)
        )
    if hints := result.year_hints:  # a bare number like a year: perhaps a gift's, never matched (1274, 1373)
        items = "; ".join(
            t("row {row}: {codes}").format(row=line.row, codes=_hinted(codes, sure, t))
            for line, codes, sure in hints
        )
        print(
            "\n"
            + t(
                "Look these up before matching by hand, a number like a contribution's without its year "
                "({n}): {items}; it may as well be a year or a voucher's number, so nothing is matched"
            ).format(n=len(hints), items=items)
        )
    if result.out_elsewhere:  # money out naming a gift no credit here names: read against none (1049)
        items = "; ".join(
            t("row {row}: {codes}").format(row=line.row, codes=", ".join(codes))
            for line, codes in result.out_elsewhere
        )
        print(
            "\n"
            + t(
                "Money out naming a contribution no credit of the file names ({n}): {items}; look the code "
                "up before confirming it, and correct it if it was confirmed"
            ).format(n=len(result.out_elsewhere), items=items)
        )
    if result.refunds:  # money gone back naming no code: tied to no gift (docs/decisions/1023)
        print(
            "\n"
            + t(
                "Money out as a refund, naming no code ({n}): look at row {rows} of the file before "
                "confirming; whose gift went back the bank's words do not tell"
            ).format(n=len(result.refunds), rows=_rows(result.refunds))
        )


async def run_reconcile(app, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from bot.cli import _shell
    from bot.cli_ledger import actor_by_id
    from bot.clock import local_date
    from bot.db.models import Contribution, Organisation
    from bot.domain.access import may_reconcile
    from bot.domain.bank_statement import StatementFileError, read_statement, statement_prefixes
    from bot.domain.notices import held_till
    from bot.domain.reconcile import confirm_matches, last_reading, moved_since_read, note_reading, reconcile
    from handlers.wording import heard_line, held_words

    t = _shell(app.settings)
    path: Path = args.file
    if args.donor_row is not None and (args.confirm or not args.name):
        raise LedgerCliError(t("--donor-row records one credit: give the donor's --name, and no --confirm"))
    if not path.is_file():
        raise LedgerCliError(t("{path}: no such file").format(path=path))
    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_by_id(session, args.actor, t)
        if not may_reconcile(actor):
            raise LedgerCliError(t("only a treasurer reconciles the bank's statement with the ledger"))
        prefixes = statement_prefixes(await session.get_one(Organisation, actor.org_id))
        try:  # the treasurer's organisation's codes (decision 0140)
            statement = await asyncio.to_thread(
                read_statement, path, prefixes=prefixes, cap=app.settings.money_cap
            )
        except StatementFileError as problem:
            raise LedgerCliError(statement_problem(t, problem.reason, path.name, problem.detail)) from None
        result = await reconcile(session, actor, statement)
        # a statement she has not read, or a match put in another's name since her last reading: said,
        # nothing confirmed (decisions 1813, 1733)
        read = await last_reading(session, actor, result) if args.confirm else "this"
        unread = read != "this"
        moved = await moved_since_read(session, actor, result) if args.confirm and not unread else []
        note_reading(session, actor, result, now=now, sha256=None)
        if args.donor_row is not None:
            return await _donor_row(app, session, args, result, t)
        _print(result, path.name, local_date(now), t)
        if not args.confirm:
            if result.matches:
                hint = t.plural(
                    "To confirm the {n} match, run this again with --confirm.",
                    "To confirm the {n} matches, run this again with --confirm.",
                    len(result.matches),
                )
                print("\n" + hint.format(n=len(result.matches)))
            return 0
        if unread:
            said = t(
                "You have not read this statement yet: your last reading was of another one, or there was "
                "none. Nothing was confirmed: check the matches above against the transfers' words, then run "
                "this again with --confirm."
            )
            if read == "unmarked":  # read before readings said which statement (decision 1889)
                said = t(
                    "It is not known whether you have read this statement: your last reading did not record "
                    "which one it was. Nothing was confirmed: check the matches above against the transfers' "
                    "words, then run this again with --confirm."
                )
            print(f"chungtay: {said}", file=sys.stderr)
            return 2
        if moved:
            said = t(
                "{ref} was put in {to}'s name, instead of {was}, by another treasurer since you last read "
                "a bank statement. Nothing was confirmed: check the matches above against the transfers' "
                "words, then run this again with --confirm."
            )
            unnamed = t(
                "{ref} was put in {to}'s name by another treasurer since you last read a bank statement. "
                "Nothing was confirmed: check the matches above against the transfers' words, then run this "
                "again with --confirm."
            )
            for move in moved:  # whose it was, only where she reads that unit's entries (decision 1760)
                line = unnamed if move.was is None else said
                print(f"chungtay: {line.format(ref=move.ref, to=move.now, was=move.was)}", file=sys.stderr)
            return 2
        outcome = await confirm_matches(session, actor, result, now=now, settings=app.settings)
        # as decided: moved where its own was reported (decision 1218), read as the chat reads it (1332)
        years = {
            found.ref: (await session.get_one(Contribution, found.id)).year
            for found in result.matches
            if found.ref in outcome.done
        }
    untold = [ref for ref in outcome.done if outcome.heard[ref] != "giver"]
    done = len(outcome.done)
    held = held_till(now, app.settings)  # read once for the whole answer (decisions 2830, 2850)
    if held is None:
        told = (
            t.plural(
                "Confirmed {n} matching contribution; each giver is told, except:",
                "Confirmed {n} matching contributions; each giver is told, except:",
                done,
            )
            if untold
            else t.plural(
                "Confirmed {n} matching contribution; each giver is told.",
                "Confirmed {n} matching contributions; each giver is told.",
                done,
            )
        )
    else:  # the notices wait for the end of the quiet hours: when, not “is told”
        told = (
            t.plural(
                "Confirmed {n} matching contribution; each giver will be told at {hour} on {day}, after the "
                "quiet hours, except:",
                "Confirmed {n} matching contributions; each giver will be told at {hour} on {day}, after the "
                "quiet hours, except:",
                done,
            )
            if untold
            else t.plural(
                "Confirmed {n} matching contribution; each giver will be told at {hour} on {day}, after the "
                "quiet hours.",
                "Confirmed {n} matching contributions; each giver will be told at {hour} on {day}, after the "
                "quiet hours.",
                done,
            )
        )
    print("\n" + told.format(n=done, **held_words(t, held)))
    for found in result.matches:  # each counting for this year, its own reported (decision 1218)
        if found.ref in outcome.done and (mark := counted_mark(t, found.ref, years[found.ref])):
            print(t("{ref}: confirmed{counted}.").format(ref=found.ref, counted=mark))
    for ref in untold:
        print(f"{ref}: {heard_line(t, outcome.heard[ref], held=held)}")
    for ref, why in outcome.refused:
        print(f"chungtay: {ref}: {refusal(t, why)}", file=sys.stderr)
    return 2 if outcome.refused else 0


async def _donor_row(app: Any, session: Any, args: argparse.Namespace, result: Any, t: Translator) -> int:
    """The credit on row `args.donor_row`, without a code and not recorded yet, recorded as a donor's gift:
    its amount, and its day and description as the note; a day of the year just ended, that year's (0888)."""
    from bot.cli_donors import record_from_shell
    from bot.domain.donors import statement_note

    for n, line in enumerate(result.no_code):
        if line.row != args.donor_row:
            continue
        if n in result.recorded and n not in result.cancelled:
            said = t("row {row} is recorded already, as {ref}")
            raise LedgerCliError(said.format(row=line.row, ref=result.recorded[n]))
        return await record_from_shell(
            app,
            session,
            args,
            amount=line.amount,
            note=statement_note(line),
            credit=result.credit_keys[n],
            credit_on=line.on,
            t=t,
        )
    raise LedgerCliError(
        t("row {row} is no credit without a code (run without --donor-row to see the rows)").format(
            row=args.donor_row
        )
    )


def _money_out(found: Any, t: Translator) -> str:
    """What was paid back of the money its code brought, with the debits' rows (docs/decisions/0840), and
    the rows of debits naming it with other codes, or it alone but not read as paying it back, whose share is
    not guessed (0899, 0915): as the chat's lines say it."""
    text = ""
    if found.paid_back:
        rows = _rows(found.paid_back)
        paid = money(sum(line.amount for line in found.paid_back))
        text += "  " + t("(paid back {money}, row {rows})").format(money=paid, rows=rows)
    if found.paid_out_with:  # a debit naming other codes too: its share is not guessed (0899)
        rows = _rows(found.paid_out_with)
        text += "  " + t("(money out naming other codes too, row {rows})").format(rows=rows)
    if found.named_out:  # a fee, or part handed back: what stayed is not guessed (0915)
        rows = _rows(found.named_out)
        text += "  " + t("(money out naming this code, row {rows})").format(rows=rows)
    if found.out_before:  # before its money came in: a code mistyped, or another gift's money (1111)
        rows = _rows(found.out_before)
        text += "  " + t(
            "(money out naming this code before its money came in, row {rows}: a code mistyped, or another "
            "gift's money)"
        ).format(rows=rows)
    return text
