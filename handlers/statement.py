"""The public statement in chat (/saoke): choose a drive of one's own organisation, or the Fund outside the
drives (this year's gifts) → its totals by kind and its latest confirmed lines, names only of givers who
agreed. Treasurers, officers and admins also get the print-ready spreadsheet (the same file `chungtay drive
statement` writes) as a file in the chat: it is kept under the media directory and handed over through the
outbox; a messenger that cannot carry files (Zalo) says where it is kept and the command that writes it
instead. Right after, they are offered the Fund's internal book of the same scope or of the whole year
(“Sổ theo dõi (Excel)”: every entry with real names, bot.domain.ledger_book), handed over the same way."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Drive
from bot.domain.access import OwnedByOrg, may_export_ledger, may_export_statement, may_see_statement
from bot.domain.ledger_book import LedgerBookError, LedgerScope, ledger_book
from bot.domain.statement import GeneralFund, Statement, StatementError, drive_statement, fund_statement
from bot.ledger_sheet import write_ledger
from bot.messages import Choice, Document
from bot.statement_sheet import anonymous, write_statement
from handlers.common import (
    actor_of,
    back_choice,
    file_slug,
    go_home,
    kept_file,
    no_file_here,
    organisation_drives,
    picked_id,
)
from handlers.wording import describe

flow = Flow("statement")
SHOWN_LINES = 15  # the chat shows the latest lines; the spreadsheet has them all
GENERAL = "general"
LEDGER, LEDGER_YEAR, DONE = "ledger", "ledger_year", "done"


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    drives = await organisation_drives(turn)
    choices = [Choice(f"d{d.id}", d.title) for d in drives]
    # Gifts to the Fund outside the drives are public too: the year's statement of their own.
    choices.append(Choice(GENERAL, turn.t("The Fund for the Poor (outside the drives)"), keywords=("quy",)))
    turn.menu(turn.t("Public statement: which drive?"), [*choices, back_choice(turn.t)])


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    actor = await actor_of(turn)
    drive_id = picked_id(turn, "d")
    if actor is None or (drive_id is None and turn.choice != GENERAL):
        go_home(turn)
        return
    if turn.choice == GENERAL:
        owner: OwnedByOrg = GeneralFund(actor.org_id)
        title = turn.t("The Fund for the Poor (outside the drives)")
        statement = await fund_statement(turn.session, actor.org_id, turn.today.year, title=title)
        slug, code = f"quy-{turn.today.year}", f"general --year {turn.today.year}"
    else:
        drive = await turn.session.get(Drive, drive_id)
        if drive is None or not may_see_statement(actor, drive):
            _other_organisation(turn)
            return
        try:
            statement = await drive_statement(turn.session, drive.id, org_id=actor.org_id)
        except StatementError:
            _other_organisation(turn)
            return
        owner, code = drive, drive.code
        slug = file_slug(drive.code, "drive")
    _show(turn, statement)
    if may_export_statement(actor, owner):
        name = f"sao-ke-{slug}.xlsx"
        kept = kept_file(turn, "statements", name)
        path = turn.settings.media_dir / kept
        write_statement(statement, path, locale=turn.t.locale)
        fallback = no_file_here(turn, name, f"chungtay drive statement {code} --xlsx FILE")
        turn.hand_over(
            Document(kept, name, fallback),
            turn.t("Public statement of {drive}: the print-ready sheet (A4, landscape).").format(
                drive=statement.drive
            ),
        )
    if may_export_ledger(actor, actor.org_id):
        turn.set(ledger_drive=drive_id, ledger_code=code)
        turn.goto("statement", "more")
        return
    go_home(turn)


@flow.prompt("more")
async def offer_ledger(turn: Turn) -> None:
    year = turn.today.year
    turn.menu(
        turn.t("The contributions ledger (every entry, with the givers' real names) is for you only:"),
        [
            Choice(LEDGER, turn.t("Ledger (Excel)"), keywords=("so theo doi", "ledger", "excel")),
            Choice(
                LEDGER_YEAR,
                turn.t("Ledger of the whole year {year} (Excel)").format(year=year),
                keywords=("ca nam", "whole year"),
            ),
            Choice(DONE, turn.t("Main menu"), keywords=("menu", "xong", "done")),
        ],
    )


@flow.answer("more")
async def got_more(turn: Turn) -> None:
    """The book of the statement's scope, or of the whole year, as a file in this chat (never a group: the
    bot speaks only in private chats)."""
    actor = await actor_of(turn)
    if actor is None or turn.choice not in (LEDGER, LEDGER_YEAR):
        go_home(turn)
        return
    year = turn.today.year
    drive_id = turn.data.get("ledger_drive")
    if turn.choice == LEDGER_YEAR:
        scope, slug, command = LedgerScope.whole_year(year), f"nam-{year}", f"--year {year}"
    elif drive_id is None:
        scope, slug, command = LedgerScope.fund(year), f"quy-{year}", f"--fund {year}"
    else:
        code = str(turn.data.get("ledger_code"))
        scope, slug, command = LedgerScope.of_drive(drive_id), file_slug(code, "drive"), f"--drive {code}"
    try:
        book = await ledger_book(turn.session, actor, scope, now=turn.now)
    except LedgerBookError:
        turn.say(turn.t("The contributions ledger is only for treasurers, officers and admins."))
        go_home(turn)
        return
    name = f"so-theo-doi-{slug}.xlsx"
    kept = kept_file(turn, "statements", name)
    write_ledger(book, turn.settings.media_dir / kept, locale=turn.t.locale)
    fallback = no_file_here(turn, name, f"chungtay ledger export {command} --output FILE")
    turn.hand_over(
        Document(kept, name, fallback),
        turn.t(
            "Contributions ledger, with the givers' real names (entries: {n}). Keep it among the treasurers "
            "and officers; do not forward it to a group."
        ).format(n=len(book.rows)),
    )
    go_home(turn)


def _other_organisation(turn: Turn) -> None:
    turn.say(turn.t("That drive belongs to another organisation: its statement is not shown here."))
    go_home(turn)


def _show(turn: Turn, statement: Statement) -> None:
    """The totals by kind and the latest lines, names only of givers who agreed."""
    totals = statement.totals
    lines = [
        turn.t("Public statement: {drive} ({start} – {end})").format(
            drive=statement.drive, start=turn.t.date(statement.starts_on), end=turn.t.date(statement.ends_on)
        ),
        turn.t("Confirmed: money {money}; goods worth {goods}; {days} labour days.").format(
            money=turn.t.vnd(totals.money),
            goods=turn.t.vnd(totals.goods),
            days=turn.t.number(totals.labour_days),
        ),
    ]
    for line in statement.lines[-SHOWN_LINES:]:
        what = describe(turn.t, line.kind, line.amount_vnd, line.labour_days, line.description)
        if line.cancels:  # a correction names the entry it cancels, as the sheet does
            what += " · " + turn.t("Correction cancelling {ref}").format(ref=line.cancels)
        unit = f" ({line.unit})" if line.unit else ""
        lines.append(
            f"• {turn.t.date(line.at)} · {line.ref} · {line.name or anonymous(turn.t.locale)}{unit} · {what}"
        )
    if not statement.lines:
        lines.append(turn.t("No confirmed contributions yet."))
    elif len(statement.lines) > SHOWN_LINES:  # someone whose gift is earlier must not think it missing
        lines.append(
            turn.t(
                "These are the latest {shown} of {total} entries. To check one of yours, type /tracuu and "
                "its code, for example: /tracuu CT-2026-000123."
            ).format(shown=SHOWN_LINES, total=len(statement.lines))
        )
    turn.say("\n".join(lines))
