"""The treasurer reconciles the bank's statement with the queue (“Đối chiếu sao kê ngân hàng”, from
/xacnhan): they send the statement as a file (.xlsx, .xls or .csv) → how many credits fell in each group, the
matches listed, the differing amounts and the credits without a code after them (a page at a time when
long) → “Xác nhận N khoản khớp” and a last look with the total → each confirmed through `decide`, its giver
told. A match may be an entry its giver recorded again in place of the rejected one the transfer names,
listed with both codes. The file is kept like an evidence photo and read again at each step (nothing of it
is copied into the chat's state, nor shown to anyone but the treasurer who sent it); a messenger that cannot
carry files is told where to send it instead (bot.domain.reconcile, docs/decisions/0082, 0089 and 0090)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from babel.lists import format_list

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Organisation
from bot.domain.access import Actor, reconcile_refusal
from bot.domain.bank_statement import (
    AMOUNT_HEADERS,
    CREDIT_HEADERS,
    DESCRIPTION_HEADERS,
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    SIDE_HEADERS,
    BankLine,
    Statement,
    StatementFileError,
    cash_paid_in,
    read_statement,
    statement_prefixes,
)
from bot.domain.contributions import Double, LedgerError, decide, possible_doubles, ref_prefix_of
from bot.domain.donors import statement_note
from bot.domain.notices import held_till
from bot.domain.queue import (
    WaitingCollector,
    collectors_named,
    decide_several,
    far_among,
    waiting_drives,
)
from bot.domain.reconcile import (
    Found,
    Reconciliation,
    ShortOfList,
    confirm_matches,
    note_reading,
    reconcile,
)
from bot.domain.transfer import own_account_of
from bot.i18n import drive_named
from bot.messages import Choice
from handlers.common import (
    YES,
    Page,
    actor_of,
    ask_typed,
    back_choice,
    closed_since_look,
    confirm_menu,
    go_home,
    held_page,
    in_commune,
    look_drawn,
    page_choices,
    picked_id,
    reason_text,
    received_marks,
    turned_page,
)
from handlers.moved_since import moved_since, said_moved, seen_as_they_are
from handlers.queue import confirming_look
from handlers.wording import (
    clipped,
    closed_year_line,
    cut_at_word,
    decided_text,
    describe,
    double_mark,
    far_mark,
    heard_line,
    status_label,
)

flow = Flow("reconcile")
PAGE_SIZE = 10  # lines of a group shown at once: the summary's first ten, then a page at a time
CONFIRM, ANOTHER, DONOR_GIFT, SEND_BACK = "confirm", "another", "donor_gift", "send_back"
TAKE_RECEIVED = "take_received"  # an amount that differs, confirmed at what the account received (0208)
SUGGESTED = "suggested"  # the reason the bot words from the statement, for an amount that differs
GROUPS = ("differing", "no_code", "decided", "unknown")
GIVER_CLIP, UNIT_CLIP, DESCRIPTION_CLIP = 28, 40, 90
MEGABYTE = 1024 * 1024
UNCLEAR_ROWS = 10  # rows whose side or amount cannot be told, named in the summary (the count: how many)


def _rows_named(rows: Sequence[int]) -> str:
    """The file's rows a summary line names: the first UNCLEAR_ROWS, then “…” for more."""
    return ", ".join(str(row) for row in rows[:UNCLEAR_ROWS]) + (", …" if len(rows) > UNCLEAR_ROWS else "")


async def _reconciler(turn: Turn) -> Actor | None:
    """The treasurer writing; None when the writer may not reconcile (`reconcile_refusal`), the chat gone home
    after saying who does and what they may do instead: an officer, the labour days he confirms (0449); anyone
    else, that the statement was not read and where their own gifts stand (0458)."""
    actor = await actor_of(turn)
    why = reconcile_refusal(actor)
    if why is None:
        return actor
    if why == "officer":
        turn.say(
            turn.t(
                "Only a treasurer reconciles the bank statement: the money in it is confirmed by the "
                "treasurers. You confirm the labour days your members logged (/xacnhan); for a transfer not "
                "yet confirmed, please send its reference code to a treasurer."
            )
        )
    else:  # a leader, an admin, a member: who reconciles, and that the statement sent was not read (0458)
        turn.say(
            turn.t(
                "Only a treasurer reconciles the bank statement: the money in it is confirmed by the "
                "treasurers. No statement was read, and nothing changed. To see where your own "
                "contributions stand: /tiendo."
            )
        )
    go_home(turn)
    return None


@flow.prompt("file")
async def ask_file(turn: Turn) -> None:
    actor = await _reconciler(turn)
    if actor is None:
        return
    if not turn.inbound.can_send_files:
        turn.say(
            turn.t(
                "This messenger cannot send me files. Send the bank statement to Chung Tay on Telegram "
                "(“Contributions to confirm” → “Reconcile the bank statement”; /lienket uses both with one "
                "account), or ask the office to run: chungtay contributions reconcile FILE --as {id}"
            ).format(id=actor.person_id)
        )
        turn.goto("queue", "drive")
        return
    turn.menu(
        turn.t(
            "Please send the bank statement of {accounts} as a file: the Excel (.xlsx or .xls) or CSV "
            "export from internet banking, at most {size} MB. I find the reference codes ({example}) in the "
            "transfers' descriptions and set each credit beside the contributions waiting for you; nothing "
            "is confirmed until you say so."
        ).format(
            accounts=await _accounts_waiting(turn, actor),
            size=turn.settings.max_file_bytes // MEGABYTE,
            example=f"{await ref_prefix_of(turn.session, actor.org_id)}-{turn.today.year}-…",
        ),
        [back_choice(turn.t)],
        free_text=True,
        takes_file=True,
    )


async def _accounts_waiting(turn: Turn, actor: Actor) -> str:
    """The accounts the money waiting for `actor` went to, named for the statement asked for: the Fund's,
    and each drive's own account (0084) a drive waiting has; the Fund's alone where nothing waits (0476)."""
    t, fund, own = turn.t, False, []
    for waiting in await waiting_drives(turn.session, actor):
        drive = await turn.session.get(Drive, waiting.drive_id) if waiting.drive_id else None
        account = own_account_of(drive)
        if drive is None or account is None:
            fund = True
        else:
            own.append(
                t("the own account of {drive} ({account})").format(
                    drive=drive_named(t.locale, drive.title), account=account.line()
                )
            )
    named = [t("the Fund's account")] if fund or not own else []
    return format_list([*named, *own], style="or", locale=t.locale)


@flow.answer("file")
async def got_file(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("queue", "drive")
        return
    actor = await _reconciler(turn)
    if actor is None:
        return
    sent = turn.inbound.attachment
    if sent is None or sent.refused is not None or sent.path is None:
        turn.say(_refused_file(turn, sent.refused if sent else None))
        turn.repeat_menu()
        return
    try:
        statement = await _read(turn, actor, sent.path, sent.name)
    except StatementFileError as problem:
        turn.say(_unreadable(turn, problem.reason))
        turn.repeat_menu()
        return
    note_reading(
        turn.session, actor, await reconcile(turn.session, actor, statement), now=turn.now, sha256=sent.sha256
    )
    turn.set(file=sent.path, name=sent.name, group=None, page=0, shown=[])
    turn.goto("reconcile", "summary")


def _refused_file(turn: Turn, refused: str | None) -> str:
    if refused == "too_large":
        return turn.t(
            "That file is larger than {size} MB. Please export only the period you need (a month, say) and "
            "send it again."
        ).format(size=turn.settings.max_file_bytes // MEGABYTE)
    if refused == "kind":
        return turn.t(
            "I read only Excel (.xlsx, .xls) or .csv files. In internet banking, export the statement as "
            "Excel or CSV and send that file."
        )
    return turn.t("Please send the statement as a file (📎 → File), not as text or a photo.")


def _quoted(words: tuple[str, ...]) -> str:
    return ", ".join(f"“{word}”" for word in words)


def _unreadable(turn: Turn, reason: str) -> str:
    if reason == "no_header":
        return turn.t(
            "I found no header row in the first {rows} rows of that file. A statement needs a column of "
            "descriptions ({descriptions}, …) and a column of credits ({credits}, …), or one column of "
            "amounts ({amounts}, …) with a sign or a column saying which is which ({sides}, …). Please send "
            "the statement as the bank exported it."
        ).format(
            rows=HEADER_SEARCH_ROWS,
            descriptions=_quoted(DESCRIPTION_HEADERS[:5]),
            credits=_quoted(CREDIT_HEADERS[:6]),
            amounts=_quoted(AMOUNT_HEADERS[:3]),
            sides=_quoted(SIDE_HEADERS[:3]),
        )
    if reason == "no_sign":
        return turn.t(
            "That statement has one column of amounts, and nothing in it tells money in from money out: no "
            "amount has a sign (+500.000 and -120.000, or (120.000) for money out) and no column says which "
            "is which ({sides}, … holding C or D, Có or Nợ). Please export the statement with a column of "
            "credits ({credits}, …), or send it as the bank exported it."
        ).format(sides=_quoted(SIDE_HEADERS[:3]), credits=_quoted(CREDIT_HEADERS[:4]))
    if reason in ("utf16", "encoding"):
        return turn.t(
            "That CSV file is not in UTF-8. Please save it as “CSV UTF-8” in Excel, or send the .xlsx."
        )
    if reason == "too_long":
        return turn.t(
            "That statement has more than {rows} rows. Please export a shorter period (a month, say) and "
            "send it again."
        ).format(rows=turn.t.number(MAX_ROWS))
    if reason == "missing":
        return turn.t("That statement is no longer kept. Please send it again.")
    return turn.t(
        "I could not read that file as a spreadsheet. Please export the statement again as Excel or CSV and "
        "send that file."
    )


async def _read(turn: Turn, actor: Actor, path: str, name: str) -> Statement:
    """The credits of the statement kept at `path`, with the codes of the treasurer's organisation (read in a
    thread: a year's workbook takes a moment)."""
    kept = turn.settings.media_dir / path
    if not path or not kept.is_file():
        raise StatementFileError("missing")
    prefixes = statement_prefixes(await turn.session.get_one(Organisation, actor.org_id))
    try:
        return await asyncio.to_thread(
            read_statement, kept, name, prefixes=prefixes, cap=turn.settings.money_cap
        )
    except OSError:
        raise StatementFileError("missing") from None


async def _reconciled(turn: Turn) -> tuple[Actor, Reconciliation] | None:
    """The statement this chat keeps, set beside the ledger again now; None (the chat goes back to ask for a
    file, after saying why) when it cannot be read or the person is no treasurer any more."""
    actor = await _reconciler(turn)
    if actor is None:
        return None
    try:
        statement = await _read(turn, actor, turn.data.get("file") or "", turn.data.get("name") or "")
    except StatementFileError as problem:
        turn.say(_unreadable(turn, problem.reason))
        turn.goto("reconcile", "file", keep_data=False)
        return None
    return actor, await reconcile(turn.session, actor, statement)


def _who(turn: Turn, found: Found, *, whole: bool = False) -> str:
    """The giver and her unit, clipped on a list; `whole` on the last look, what is vouched for (2644)."""
    if whole:
        return f"{found.giver} ({found.unit})" if found.unit else found.giver
    unit = f" ({cut_at_word(found.unit, UNIT_CLIP)})" if found.unit else ""  # after a whole word (2808)
    return f"{clipped(found.giver, GIVER_CLIP, at_word=True)}{unit}"


def _figure(turn: Turn, found: Found) -> str:
    return describe(turn.t, found.kind, found.amount_vnd, found.labour_days, found.description)


def _match_line(
    turn: Turn,
    found: Found,
    doubles: tuple[Double, ...] = (),
    usual: int | None = None,
    *,
    whole: bool = False,
) -> str:
    """A match as the summary and the last look list it (`whole`: the giver and unit not clipped, as the
    queue's last look shows them, decisions 2524, 2644); one that may double another standing gift ends
    with the queue's mark, its code and why (decision 0200), so both are not confirmed unseen; one far from
    its giver's other gifts (`usual`, ten times or a tenth), with the queue's mark of that (decision 1648)."""
    ref = found.ref
    if found.again_of:  # the credit names the rejected entry this one was recorded in place of
        ref += " " + turn.t("(recorded again in place of {ref})").format(ref=found.again_of)
    mark = " · " + double_mark(turn.t, doubles) if doubles else ""
    if usual:
        mark += " · " + far_mark(turn.t, found.amount_vnd, usual)
    if found.together:  # a couple's one transfer, exactly their gifts (docs/decisions/0831)
        mark = " · " + turn.t("one transfer with {refs}").format(refs=", ".join(found.together)) + mark
    who = _who(turn, found, whole=whole)
    return f"{ref} · {who} · {turn.t.vnd(found.amount_vnd)}{_money_out(turn, found)}{mark}"


def _money_out(turn: Turn, found: Found) -> str:
    """What was paid back of the money its code brought, with the debits' rows (docs/decisions/0840), and
    the rows of debits naming it with other codes, or it alone but not read as paying it back, whose share is
    not guessed (0899, 0915)."""
    text = ""
    if found.paid_back:
        text += " · " + turn.t("paid back {amount} (row {rows})").format(
            amount=turn.t.vnd(sum(line.amount for line in found.paid_back)),
            rows=", ".join(str(line.row) for line in found.paid_back),
        )
    if found.paid_out_with:
        text += " · " + turn.t("money out naming other codes too (row {rows})").format(
            rows=", ".join(str(line.row) for line in found.paid_out_with)
        )
    if found.named_out:  # a fee, or part handed back: what stayed is not guessed (0915)
        text += " · " + turn.t("money out naming this code (row {rows})").format(
            rows=", ".join(str(line.row) for line in found.named_out)
        )
    if found.out_before:  # before its money came: a code mistyped, or another gift's money (1111)
        text += " · " + turn.t(
            "money out naming this code before its money came in (row {rows}): a code mistyped, or another "
            "gift's money"
        ).format(rows=", ".join(str(line.row) for line in found.out_before))
    return text


async def _match_lines(
    turn: Turn, actor: Actor, matches: Sequence[Found], *, whole: bool = False
) -> list[str]:
    """The matches' lines, each marked where it may double another gift (three queries for them all), or
    is far from its giver's others (one more: the matches carry their givers, not read again by id);
    `whole` for the last look."""
    ids = [found.id for found in matches]
    doubles = await possible_doubles(turn.session, actor, ids)
    gifts = [(found.id, found.giver_id, found.kind, found.amount_vnd) for found in matches]
    far = await far_among(turn.session, actor, gifts)
    return [
        _match_line(turn, found, doubles.get(found.id, ()), far.get(found.id), whole=whole)
        for found in matches
    ]


def _differing_line(turn: Turn, found: Found) -> str:
    text = turn.t("recorded {recorded}, received {received}").format(
        recorded=_figure(turn, found), received=turn.t.vnd(found.received)
    )
    if found.shared:
        text += " " + turn.t("(one transfer for several codes)")
    return f"{found.ref} · {_who(turn, found)} · {text}{_repeated(turn, found)}{_money_out(turn, found)}"


def _repeated(turn: Turn, found: Found) -> str:
    """Its code credited several times, each exactly its figure: a transfer repeated by mistake, most likely
    (1024), said whether the gift waits or was confirmed since at its figure, its extra money still owed
    back (1048)."""
    if not found.repeated:
        return ""
    times = len(found.lines)
    rows = ", ".join(str(line.row) for line in found.lines)
    repeated = turn.t.plural(
        "the amount recorded came in {n} time (rows {rows}): perhaps a transfer repeated",
        "the amount recorded came in {n} times (rows {rows}): perhaps a transfer repeated",
        times,
    )
    return " · " + repeated.format(n=turn.t.number(times), rows=rows)


def _rows_with_codes(turn: Turn, named: Sequence[tuple[BankLine, tuple[str, ...]]]) -> str:
    """“dòng 8: CT-2026-000001; dòng 9: …”, the first UNCLEAR_ROWS of them."""
    shown = named[:UNCLEAR_ROWS]
    return "; ".join(
        f"{turn.t('row {row}').format(row=line.row)}: {', '.join(codes)}" for line, codes in shown
    ) + ("; …" if len(named) > UNCLEAR_ROWS else "")


def _hinted(turn: Turn, codes: tuple[str, ...], sure: bool) -> tuple[str, ...]:
    """A near-form's codes as `_rows_with_codes` names them: as read where sure; else the codes it may be
    (“perhaps …” where it is one: a bare number like a year, 1274), or that none is clear, so that no one
    code is named as if sure (docs/decisions/1222)."""
    if sure:
        return codes
    if not codes:
        return (turn.t("a code not clear"),)
    if len(codes) == 1:  # a bare number like a year, the one gift it may be (docs/decisions/1274)
        return (turn.t("perhaps {code}").format(code=codes[0]),)
    return (turn.t("{codes} or {code}").format(codes=", ".join(codes[:-1]), code=codes[-1]),)


def _decided_line(turn: Turn, found: Found, *, commune: bool) -> str:
    withdrawn = found.state == "withdrawn"
    status = "rejected" if withdrawn else found.state
    state = status_label(turn.t, status, kind=found.kind, withdrawn=withdrawn, commune=commune)
    # money of it gone out since, to correct if it was confirmed (docs/decisions/0915)
    return (
        f"{found.ref} · {_who(turn, found)} · {_figure(turn, found)} · {state}"
        f"{_repeated(turn, found)}{_money_out(turn, found)}"
    )


def _no_code_line(
    turn: Turn,
    line: BankLine,
    recorded: str | None = None,
    cancelled: bool = False,
    alike: str | None = None,
    same_day: bool = False,
    handover: tuple[WaitingCollector, ...] = (),
    short: ShortOfList | None = None,
    crowded: int = 0,
    paired: tuple[WaitingCollector, ...] = (),
    said_sent: tuple[str, ...] = (),
    said_confirmed: tuple[str, ...] = (),
    named_giver: tuple[str, ...] = (),
) -> str:
    day = f"{turn.t.date(line.on)} · " if line.on else ""
    description = clipped(line.description, DESCRIPTION_CLIP) if line.description else "—"
    text = f"{day}{turn.t.vnd(line.amount)} · {description}"
    if len(handover) > 1:  # lists of that very total: each named, never only the first (0539)
        text += " · " + turn.t(
            "the total of each of the handover lists of {lists}: which one paid it in, the transfer's words "
            "or the collectors tell; confirm that list under “By collector”, not as a donor's gift"
        ).format(lists=", ".join(_lists_named(turn, handover)))
    elif paired:  # two lists paid in at once: named, each confirmed by itself (0608)
        first, second = _lists_named(turn, paired)
        text += " · " + turn.t(
            "the total of the handover lists of {first} and {second}: if this one payment was for both, "
            "confirm each list under “By collector”, not as a donor's gift"
        ).format(first=first, second=second)
    elif handover:  # one transfer for gifts recorded already, each: the payroll's (0346)
        [one] = handover
        text += " · " + turn.t.plural(
            "the total of {name}'s handover list ({n} gift waiting): confirm that list under “By "
            "collector”, not as a donor's gift",
            "the total of {name}'s handover list ({n} gifts waiting): confirm that list under “By "
            "collector”, not as a donor's gift",
            one.waiting,
        ).format(name=one.name, n=one.waiting)
    if crowded:  # more credits of a list's total than such lists: one list is one credit's money (0608)
        text += " · " + turn.t.plural(
            "{n} credits of this statement are of this figure, and only {lists} handover list of it: at most "
            "{lists} of them is a list's money, match the others by hand",
            "{n} credits of this statement are of this figure, and only {lists} handover lists of it: at "
            "most {lists} of them are lists' money, match the others by hand",
            len(handover),
        ).format(n=turn.t.number(crowded), lists=turn.t.number(len(handover)))
    elif short is not None:  # the same list less one gift's figure (0372)
        if len(short.missing) == 1:
            said = turn.t(
                "{amount} short of the total of {name}'s handover list ({n} gifts waiting), the figure of "
                "{refs} alone; confirm the others under “By collector”, not as a donor's gift"
            )
        else:  # several gave that very figure: which one, the collector knows
            said = turn.t(
                "{amount} short of the total of {name}'s handover list ({n} gifts waiting), the figure of "
                "each of {refs}: one of them; confirm the others under “By collector”, not as a donor's gift"
            )
        text += " · " + said.format(
            amount=turn.t.vnd(short.short_vnd),
            name=short.collector.name,
            n=turn.t.number(short.collector.waiting),
            refs=", ".join(short.missing),
        )
    if recorded is None and not (handover or paired or short) and cash_paid_in(line.description):
        # a unit's envelopes paid in at the counter: their gifts wait already, recorded one by one (1604)
        text += " · ⚠️ " + turn.t(
            "cash paid in at the counter: most likely envelopes already recorded and waiting; confirm those "
            "first (the queue, or “By collector”), and record it as a donor's gift only if it is not them"
        )
    if said_sent and line.on is not None:  # a member's transfer logged with its receipt, no code (1110)
        text += " · " + turn.t(
            "perhaps {refs}, waiting, said sent in {year}: check its receipt against this credit before "
            "recording it as a donor's gift"
        ).format(refs=", ".join(said_sent), year=line.on.year)
    if named_giver:  # a transfer typed loosely, its giver named in its words (2112)
        text += " · " + turn.t(
            "perhaps {refs}: waiting, of this same amount, and the transfer's words name its giver; if it is "
            "theirs, confirm that gift rather than record this credit as a donor's gift"
        ).format(refs=", ".join(named_giver))
    if said_confirmed and line.on is not None:  # the same, confirmed from its receipt already (1155)
        text += " · " + turn.t(
            "perhaps {refs}, confirmed, said sent in {year}: if its receipt shows this credit, the money is "
            "in the Fund already; do not record it as a donor's gift"
        ).format(refs=", ".join(said_confirmed), year=line.on.year)
    if alike is not None:  # perhaps a credit recorded already, which nothing here tells apart (0288)
        text += " · " + _alike(turn, alike, dated=same_day)
    if recorded and cancelled:  # its gift confirmed, then reversed: the money is not in the books (0262)
        text += " · " + turn.t(
            "recorded as a donor's gift {ref}, then cancelled by a correction: this money is not in the books"
        ).format(ref=recorded)
    elif recorded is not None and cancelled:  # the same, a gift the treasurer may not open: no code (0294)
        text += " · " + turn.t(
            "recorded as a donor's gift, then cancelled by a correction: this money is not in the books"
        )
    elif recorded:  # recorded as a donor's gift (docs/decisions/0083)
        text += " · " + turn.t("recorded as a donor's gift {ref}").format(ref=recorded)
    elif recorded is not None:  # by a gift the treasurer may not open: recorded, no code (0244)
        text += " · " + turn.t("recorded as a donor's gift")
    return text


def _lists_named(turn: Turn, collectors: Sequence[WaitingCollector]) -> list[str]:
    """Collectors' lists as a credit's line names them: each with its gifts waiting, namesakes told apart."""
    return [
        turn.t.plural("{name} ({n} gift waiting)", "{name} ({n} gifts waiting)", listed.waiting).format(
            name=name, n=turn.t.number(listed.waiting)
        )
        for name, listed in zip(collectors_named(collectors), collectors, strict=True)
    ]


def _alike(turn: Turn, ref: str, *, dated: bool) -> str:
    """What a credit like a gift recorded from another statement's is told: perhaps that gift (0288), its
    code where the treasurer may open it (`{ref}` holds a space before it, or nothing)."""
    if dated:  # the same day and amount, worded otherwise by the bank: a corrected statement
        text = turn.t(
            "perhaps the credit recorded as a donor's gift{ref}, of the same day and amount, which the bank "
            "worded otherwise: record it only if it is another transfer"
        )
    else:  # the same amount and words, one of them without a day: a statement of another range
        text = turn.t(
            "perhaps the credit of another statement recorded as a donor's gift{ref}: no day tells them "
            "apart, record it only if it is another transfer"
        )
    return text.format(ref=f" {ref}" if ref else "")


def _unknown_line(turn: Turn, line: BankLine) -> str:
    """A credit whose code names no gift: its row in the file first, to find it there (decision 0121)."""
    return _with_row(turn, line, _no_code_line(turn, line))


def _with_row(turn: Turn, line: BankLine, text: str) -> str:
    """A credit's line, its row in the file first: among 300 rows, a day and an amount find none (1114)."""
    row = turn.t("row {row}").format(row=line.row)
    return f"{row} · {text}"


async def _lines(turn: Turn, result: Reconciliation, group: str) -> list[str]:
    if group == "differing":
        return [_differing_line(turn, found) for found in result.differing]
    if group == "decided":  # who confirms a day waiting, as the organisation names her (decision 1942)
        commune = await in_commune(turn)
        return [_decided_line(turn, found, commune=commune) for found in result.decided]
    if group == "unknown":
        return [_unknown_line(turn, line) for line in result.unknown]
    return [_credit_line(turn, result, n) for n in range(len(result.no_code))]


def _credit_line(turn: Turn, result: Reconciliation, n: int) -> str:
    """The credit without a code at place `n` of the statement, its row in the file first (decision 1114),
    with what stands for it, or may."""
    line = result.no_code[n]
    return _with_row(
        turn,
        line,
        _no_code_line(
            turn,
            line,
            result.recorded.get(n),
            n in result.cancelled,
            result.alike.get(n),
            n in result.same_day,
            result.handover.get(n, ()),
            result.short.get(n),
            result.crowded.get(n, 0),
            result.paired.get(n, ()),
            result.said_sent.get(n, ()),
            result.said_sent_confirmed.get(n, ()),
            result.named_giver.get(n, ()),
        ),
    )


def _heading(turn: Turn, result: Reconciliation, group: str) -> str:
    if group == "no_code" and not result.unrecorded:  # each recorded as a donor's gift: nothing left to do
        heading = turn.t("No reference code ({n}): each is recorded as a donor's gift.")
    else:
        heading = {
            "differing": turn.t("Amount differs ({n}): the credit is not what was recorded."),
            "no_code": turn.t("No reference code ({n}): please match them by hand."),
            "decided": turn.t("Already decided ({n}):"),
            "unknown": turn.t(
                "Codes that name no contribution ({n}): mistyped, or a correction's code. Find the money by "
                "its row in the file:"
            ),
        }[group]
    n = {
        "differing": result.differing,
        "no_code": result.no_code,
        "decided": result.decided,
        "unknown": result.unknown,
    }[group]
    return heading.format(n=turn.t.number(len(n)))


def _where(turn: Turn, page: Page[Any]) -> str:
    """Which page of how many, when there are several."""
    if page.pages == 1:
        return ""
    return turn.t("Page {page} of {pages}.").format(page=page.number + 1, pages=page.pages)


R = TypeVar("R")  # a row of a `_pick_menu`


def _pick_menu(turn: Turn, question: str, rows: Sequence[R], choice: Callable[[R], Choice]) -> None:
    """Ask which one of `rows` (a credit, an entry), a page at a time: `choice` makes each row's option."""
    page = held_page(turn, "page", list(rows), PAGE_SIZE)
    turn.menu(
        f"{question} {_where(turn, page)}".strip(),
        [*map(choice, page.rows), *page_choices(turn.t, page.number, page.pages), back_choice(turn.t)],
    )


def _went_elsewhere(turn: Turn, step: str) -> bool:
    """At a `_pick_menu`: back to the summary, or another page of `step`; False when a row was chosen."""
    if turn.choice == BACK_ID:
        turn.goto("reconcile", "summary")
        return True
    if turned_page(turn, "page"):
        turn.goto("reconcile", step)
        return True
    return False


def _listed(turn: Turn, heading: str, lines: list[str], more: str) -> list[str]:
    """A group in the summary: its heading, its first PAGE_SIZE lines, and how to see the rest."""
    shown = [heading, *(f"• {line}" for line in lines[:PAGE_SIZE])]
    if len(lines) > PAGE_SIZE:
        shown.append(
            turn.t("… and {n} more: choose “{more}”.").format(
                n=turn.t.number(len(lines) - PAGE_SIZE), more=more
            )
        )
    return shown


@flow.prompt("summary")
async def show_summary(turn: Turn) -> None:
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    actor, result = reconciled
    counts = [
        turn.t("Bank statement {name}. Credits read: {n}.").format(
            name=turn.data.get("name"), n=turn.t.number(result.credits)
        ),
        turn.t("✅ Matching (waiting, the same amount): {n}").format(n=turn.t.number(len(result.matches))),
        turn.t("⚠️ Amount differs: {n}").format(n=turn.t.number(len(result.differing))),
        turn.t("☑️ Already decided: {n}").format(n=turn.t.number(len(result.decided))),
        turn.t("➖ Not yours or not found: {n}").format(n=turn.t.number(result.not_theirs)),
        turn.t("❓ No reference code: {n}").format(n=turn.t.number(len(result.no_code))),
    ]
    if taken := result.order_taken:  # no day of the file shows the order: read day first (decision 0262)
        counts.insert(
            1,
            turn.t(
                "📅 Days read day first, as Vietnamese banks write them: {written} (row {row}) is {day}. The "
                "file does not show which comes first; if your bank writes the month first, please check the "
                "days in the file."
            ).format(written=taken.written, row=taken.row, day=turn.t.long_date(taken.on)),
        )
    if result.unclear:  # a signed amount column's rows that say neither (docs/decisions/0089)
        rows = _rows_named(result.unclear)
        counts.append(
            turn.t("❔ Not read, money in or out unclear: {n} (rows {rows} of the file)").format(
                n=turn.t.number(len(result.unclear)), rows=rows
            )
        )
    if result.unread:  # figures that are no amount (docs/decisions/0222)
        rows = _rows_named(result.unread)
        counts.append(
            turn.t(
                "❔ Amount not read: {n} (rows {rows} of the file). An amount reads like 1.200.000 or "
                "1,200,000 in whole đồng, at most {cap}: please look at these rows in the file and match "
                "them by hand."
            ).format(n=turn.t.number(len(result.unread)), rows=rows, cap=turn.t.vnd(turn.settings.money_cap))
        )
    if result.undated:  # money on a row without its day, under a subtotal (docs/decisions/0235)
        rows = _rows_named(result.undated)
        counts.append(
            turn.t(
                "❔ Not read, no day: {n} (rows {rows} of the file). A transfer takes the day of the one "
                "above it, never under a total or subtotal: please look at these rows in the file and match "
                "them by hand."
            ).format(n=turn.t.number(len(result.undated)), rows=rows)
        )
    if result.unplaced:  # a day in figures the statement writes both ways (docs/decisions/0250)
        rows = _rows_named(result.unplaced)
        counts.append(
            turn.t(
                "❔ Not read, day or month unclear: {n} (rows {rows} of the file). The file writes some days "
                "day first (20/11/2026) and others month first (11/20/2026), so a day like 05/11/2026 could "
                "be either: please look at these rows in the file and match them by hand."
            ).format(n=turn.t.number(len(result.unplaced)), rows=rows)
        )
    if result.like_total:  # a dated row whose words begin as a total's (docs/decisions/0256)
        rows = _rows_named(result.like_total)
        counts.append(
            turn.t(
                "❔ Not read, written like a total: {n} (rows {rows} of the file). These rows have a day and "
                "money in, but their words begin as a total's do (“Tổng…”, “Cộng…”, “Total…”): a transfer's "
                "description may begin so too. Please look at these rows in the file and match them by hand."
            ).format(n=turn.t.number(len(result.like_total)), rows=rows)
        )
    if result.refunds:  # money gone back naming no code: tied to no gift, named before the Có (1023)
        rows = _rows_named([line.row for line in result.refunds])
        counts.append(
            turn.t(
                "↩️ Money paid back, naming no code: {n} (rows {rows} of the file). The bank wrote no code, "
                "so which contribution was paid back is not known: please look at these rows before "
                "confirming, and do not confirm a contribution whose money went back."
            ).format(n=turn.t.number(len(result.refunds)), rows=rows)
        )
    if result.out_elsewhere:  # money out naming a gift no credit here names: read against none (1049)
        items = _rows_with_codes(turn, result.out_elsewhere)
        counts.append(
            turn.t(
                "↩️ Money out naming a code with no money in this file: {n} ({items}). That money may "
                "have gone back: please look the code up (/lookup), do not confirm a contribution whose "
                "money went back, and correct it if it was confirmed."
            ).format(n=turn.t.number(len(result.out_elsewhere)), items=items)
        )
    if hints := result.hints:  # a code with a letter for a figure: named, never matched (docs/decisions/1025)
        items = _rows_with_codes(turn, [(line, _hinted(turn, codes, sure)) for line, codes, sure in hints])
        counts.append(
            turn.t(
                "🔎 A code typed with a letter for a digit: {n} ({items}). Nothing is matched on a guess: "
                "please look the code up (/lookup) and match it by hand."
            ).format(n=turn.t.number(len(hints)), items=items)
        )
    if hints := result.year_hints:  # a bare number like a year: perhaps a gift's, never matched (1274, 1373)
        items = _rows_with_codes(turn, [(line, _hinted(turn, codes, sure)) for line, codes, sure in hints])
        counts.append(
            turn.t(
                "🔎 To look up before matching by hand, a number like a contribution's without its year: "
                "{n} ({items}). It may as well be a year or a voucher's number, so nothing is matched: "
                "please look the code up (/lookup)."
            ).format(n=turn.t.number(len(hints)), items=items)
        )
    # whose each match and differing amount is, as listed: a move by another treasurer since is said (1680)
    await seen_as_they_are(turn, [found.id for found in (*result.matches, *result.differing)])
    blocks = ["\n".join(counts)]
    choices = []
    if result.matches:
        confirm = turn.t("Confirm {n} matching").format(n=turn.t.number(len(result.matches)))
        matches = await _match_lines(turn, actor, result.matches)
        shown = _listed(turn, turn.t("Matching, ready to confirm:"), matches, confirm)
        blocks.append("\n".join(shown))
        choices.append(Choice(CONFIRM, confirm, keywords=("xac nhan", "xn", "confirm")))
    for group in ("differing", "no_code", "unknown"):
        lines = await _lines(turn, result, group)
        if not lines:
            continue
        more = _more_label(turn, group, len(lines))
        blocks.append("\n".join(_listed(turn, _heading(turn, result, group), lines, more)))
        if len(lines) > PAGE_SIZE:
            choices.append(Choice(group, more))
    if _receivable(result):  # or is confirmed at what the account received (decision 0208)
        label = turn.t("Confirm at the amount received ({n})").format(
            n=turn.t.number(len(_receivable(result)))
        )
        choices.append(Choice(TAKE_RECEIVED, label, keywords=("so da nhan", "nhan so khac", "received")))
    if result.differing:  # each goes back to its giver with what the account received (decision 0082)
        label = turn.t("Reject an amount that differs ({n})").format(n=turn.t.number(len(result.differing)))
        choices.append(Choice(SEND_BACK, label, keywords=("tu choi", "lech", "reject")))
    if result.decided:
        choices.append(Choice("decided", _more_label(turn, "decided", len(result.decided))))
    if result.unrecorded:  # a company's transfer without a code: a donor's gift, in one go (decision 0083)
        label = turn.t("Record a credit without a code as a donor's gift")
        choices.append(Choice(DONOR_GIFT, label, keywords=("nha hao tam", "donor")))
    choices += [Choice(ANOTHER, turn.t("Send another statement")), back_choice(turn.t)]
    turn.menu("\n\n".join(blocks), choices)


def _more_label(turn: Turn, group: str, n: int) -> str:
    return {
        "differing": turn.t("All differing amounts ({n})"),
        "no_code": turn.t("All credits without a code ({n})"),
        "decided": turn.t("Already decided ({n})"),
        "unknown": turn.t("All codes that name no contribution ({n})"),
    }[group].format(n=turn.t.number(n))


@flow.answer("summary")
async def summary_chosen(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("queue", "drive")
    elif turn.choice == ANOTHER:
        turn.goto("reconcile", "file", keep_data=False)
    elif turn.choice == CONFIRM:
        turn.goto("reconcile", "sure")
    elif turn.choice == DONOR_GIFT:
        turn.set(page=0)
        turn.goto("reconcile", "credit")
    elif turn.choice == SEND_BACK:
        turn.set(page=0)
        turn.goto("reconcile", "differing")
    elif turn.choice == TAKE_RECEIVED:
        turn.set(page=0)
        turn.goto("reconcile", "receivable")
    elif turn.choice in GROUPS:
        turn.set(group=turn.choice, page=0)
        turn.goto("reconcile", "list")


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    group = turn.data.get("group")
    lines = await _lines(turn, reconciled[1], group) if group in GROUPS else []
    page = held_page(turn, "page", lines, PAGE_SIZE)
    if not lines:
        turn.goto("reconcile", "summary")
        return
    heading = _heading(turn, reconciled[1], group)
    where = turn.t("Page {page} of {pages}.").format(page=page.number + 1, pages=page.pages)
    shown = [f"• {line}" for line in page.rows]
    turn.menu(
        "\n".join([f"{heading} {where}", *shown]),
        [*page_choices(turn.t, page.number, page.pages), back_choice(turn.t)],
    )


@flow.answer("list")
async def list_chosen(turn: Turn) -> None:
    if turned_page(turn, "page"):
        turn.goto("reconcile", "list")
        return
    turn.goto("reconcile", "summary")


@flow.prompt("sure")
async def ask_sure(turn: Turn) -> None:
    """The last look, as “Xác nhận cả trang” has it: every match that will be confirmed, and the total."""
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    matches = reconciled[1].matches
    if not matches:
        turn.say(turn.t("Nothing in the statement matches a contribution still waiting for you."))
        turn.goto("reconcile", "summary")
        return
    turn.set(shown=[found.id for found in matches])
    # the look names whose each is now, one moved since said first (1680)
    if moved := await seen_as_they_are(turn, [found.id for found in matches]):
        turn.say(await said_moved(turn, moved))
    lines = await _match_lines(turn, reconciled[0], matches, whole=True)  # what she vouches for (2644)
    look_drawn(turn, [found.year for found in matches])  # its Yes checked against the year's closing (1246)
    closed = [closed_year_line(turn.t, found.ref, found.year, turn.today) for found in matches]
    said = [line for line in closed if line is not None]  # each counting for this year once confirmed (1218)
    confirming_look(turn, lines, turn.t.vnd(reconciled[1].matched_total), said=said)


@flow.answer("sure")
async def sure(turn: Turn) -> None:
    if turn.choice != YES:
        turn.goto("reconcile", "summary")
        return
    if (closed := closed_since_look(turn)) is not None:
        turn.say(closed)  # drawn on 31 March, its matches now count for this year: looked at again (1246)
        turn.goto("reconcile", "sure")
        return
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    actor, result = reconciled
    shown = turn.data.get("shown", [])  # of them, only those still hers: one moved beyond her is never named
    if moved := await moved_since(turn, [found.id for found in result.matches if found.id in shown]):
        turn.say(moved)  # put in another's name since her last look: looked at again (decision 1680)
        turn.goto("reconcile", "sure")
        return
    outcome = await confirm_matches(
        turn.session, actor, result, shown=turn.data.get("shown", []), now=turn.now, settings=turn.settings
    )
    turn.set(shown=[])
    if outcome.done:  # many: how many and their total, as the queue says them (decision 2300)
        total = sum(found.amount_vnd for found in result.matches if found.ref in outcome.done)
        said = decided_text(
            turn.t,
            outcome.done,
            outcome.heard,
            confirmed=True,
            total=turn.t.vnd(total),
            held=held_till(turn.now, turn.settings),
        )
        turn.say(said, keep=True)
    else:
        turn.say(turn.t("Nothing was confirmed: none of them still matches a contribution waiting for you."))
    if outcome.refused:
        turn.say(
            turn.t("Not changed (decided by someone else meanwhile, or not yours to decide): {refs}.").format(
                refs=", ".join(ref for ref, _why in outcome.refused)
            )
        )
    turn.goto("reconcile", "summary")


@flow.prompt("credit")
async def ask_credit(turn: Turn) -> None:
    """Which credit without a code is a donor's gift: those not recorded yet, a page at a time."""
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    open_lines = reconciled[1].unrecorded
    if not open_lines:
        turn.goto("reconcile", "summary")
        return
    question = turn.t(
        "Which credit is a gift from a donor outside the organisation? Its amount, day and description are "
        "kept; you then say who gave it, the unit and the drive. Another treasurer confirms it."
    )
    result = reconciled[1]
    _pick_menu(
        turn, question, open_lines, lambda row: Choice(f"c{row[0]}", _credit_line(turn, result, row[0]))
    )


@flow.answer("credit")
async def credit_chosen(turn: Turn) -> None:
    if _went_elsewhere(turn, "credit"):
        return
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    number = picked_id(turn, "c")
    line = dict(reconciled[1].unrecorded).get(number) if number is not None else None
    if line is None:  # recorded meanwhile, or the statement changed
        turn.goto("reconcile", "summary")
        return
    statement = {"file": turn.data.get("file"), "name": turn.data.get("name")}
    credit = reconciled[1].credit_keys[number]  # one gift (0244), again after a reversal (0288)
    turn.goto("donor", "name")
    turn.set(
        statement=statement,
        bank={
            "row": line.row,
            "on": line.on.isoformat() if line.on else None,
            "amount": line.amount,
            "description": clipped(line.description, DESCRIPTION_CLIP) if line.description else None,
            "note": statement_note(line),
            "credit": credit,
        },
    )


@flow.prompt("differing")
async def ask_differing(turn: Turn) -> None:
    """Which entry whose credit differs goes back to its giver: those still waiting, a page at a time."""
    question = turn.t(
        "Which contribution do you reject? Its giver is told what the account received and asked to record "
        "the amount they transferred. One whose rest came another way (in cash, say) stays waiting: leave "
        "it."
    )
    await _ask_which_differs(turn, question, lambda result: result.differing)


async def _ask_which_differs(
    turn: Turn, question: str, among: Callable[[Reconciliation], list[Found]]
) -> None:
    """Which of the entries whose credit differs (`among` them), a page at a time; none left: the summary."""
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    rows = among(reconciled[1])
    if not rows:
        turn.goto("reconcile", "summary")
        return
    await seen_as_they_are(turn, [found.id for found in rows])  # each named: a move since is said (1680)
    _pick_menu(turn, question, rows, lambda found: Choice(f"c{found.id}", _differing_line(turn, found)))


def _differing_picked(turn: Turn, step: str, then: str) -> None:
    """At `step`: back, another page, or the entry chosen and on to `then`."""
    if _went_elsewhere(turn, step):
        return
    turn.set(entry=picked_id(turn, "c"))
    turn.goto("reconcile", then)


@flow.answer("differing")
async def differing_chosen(turn: Turn) -> None:
    _differing_picked(turn, "differing", "why")


def _receivable(result: Reconciliation) -> list[Found]:
    """The amounts that differ which may be confirmed at what the account received: money entries, each paid
    by transfers of its own code alone (one naming several codes says not which part paid which gift)."""
    return [
        found
        for found in result.differing
        if found.kind == "money"
        and not found.shared
        and not found.stayed_unknown  # what of it went out is not known (0899, 0915)
        and not found.repeated  # the gift's figure credited twice: a transfer repeated, most likely (1024)
        and found.received > 0  # none left: nothing to take
    ]


@flow.prompt("receivable")
async def ask_receivable(turn: Turn) -> None:
    """Which entry whose credit differs is confirmed at what the account received (decision 0208)."""
    question = turn.t(
        "Which contribution do you confirm at the amount the account received? Its giver is told both "
        "figures."
    )
    await _ask_which_differs(turn, question, _receivable)


@flow.answer("receivable")
async def receivable_chosen(turn: Turn) -> None:
    _differing_picked(turn, "receivable", "take")


def _still_receivable(result: Reconciliation, entry: object) -> Found | None:
    return next((found for found in _receivable(result) if found.id == entry), None)


@flow.prompt("take")
async def ask_take(turn: Turn) -> None:
    """The last look, as the look-up's “Nhận số khác” has it: both figures, a possible double, and the
    figure received far from the giver's others (decision 1732)."""
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    actor, result = reconciled
    found = _still_receivable(result, turn.data.get("entry"))
    if found is None:  # decided meanwhile, or the statement changed
        turn.goto("reconcile", "summary")
        return
    question = turn.t(
        "Confirm {ref} at {received}, not the {recorded} recorded?\n"
        "{received} is what counts; the giver will be told both figures. It cannot be undone."
    ).format(ref=found.ref, received=turn.t.vnd(found.received), recorded=turn.t.vnd(found.amount_vnd))
    marks = await received_marks(turn, actor, found.id, found.ref, found.received)
    if (closed := closed_year_line(turn.t, found.ref, found.year, turn.today)) is not None:
        question += "\n" + closed  # counts for this year once confirmed (decision 1218)
    look_drawn(turn, [found.year])  # its Yes checked against the year's closing (1246)
    if moved := await moved_since(turn, [found.id]):  # whose it is now, said before its look (1680)
        turn.say(moved)
    confirm_menu(turn, "\n".join([*marks, question]))


@flow.answer("take")
async def took(turn: Turn) -> None:
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    actor, result = reconciled
    found = _still_receivable(result, turn.data.get("entry"))
    if found is not None and turn.choice == YES and (closed := closed_since_look(turn)) is not None:
        turn.say(closed)  # drawn on 31 March, it now counts for this year: looked at again (1246)
        turn.goto("reconcile", "take")
        return
    if found is not None and turn.choice == YES and (moved := await moved_since(turn, [found.id])):
        turn.say(moved)  # put in another's name since her look: the giver told is another (1680)
        turn.goto("reconcile", "take")
        return
    turn.set(entry=None)
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
    elif found is None:
        turn.say(turn.t("Nothing of what you chose is still waiting: someone decided it meanwhile."))
    else:
        entry = await turn.session.get_one(Contribution, found.id)
        try:
            heard = await decide(
                turn.session,
                entry,
                confirmed=True,
                actor=actor,
                now=turn.now,
                settings=turn.settings,
                received=found.received,
            )
        except LedgerError:
            turn.say(
                turn.t(
                    "Not changed (decided by someone else meanwhile, or not yours to decide): {refs}."
                ).format(refs=found.ref)
            )
        else:
            done = turn.t("{ref}: confirmed at {received} (recorded {recorded}).").format(
                ref=found.ref, received=turn.t.vnd(found.received), recorded=turn.t.vnd(found.amount_vnd)
            )
            turn.say(
                f"{done} {heard_line(turn.t, heard, held=held_till(turn.now, turn.settings))}", keep=True
            )
    turn.goto("reconcile", "summary")


def _still_differing(result: Reconciliation, entry: object) -> Found | None:
    return next((found for found in result.differing if found.id == entry), None)


def _suggested_reason(turn: Turn, found: Found) -> str:
    """What the giver reads: what the account received, and to record that. A transfer of this code alone is
    then matched to what they record (decision 0090), so they are told not to send it again; one transfer
    for several codes is not, and its giver is told nothing of the kind. Where money naming the code went
    back out and what stayed is not known, or none stayed, no figure received is quoted (0915)."""
    if found.stayed_unknown or found.received <= 0:
        return turn.t(
            "Money with the code {ref} went back out of the Fund's account, so {recorded} could not be "
            "confirmed. Please record again what you gave that stayed with the Fund, if any."
        ).format(ref=found.ref, recorded=_figure(turn, found))
    if found.repeated and not found.paid_back:  # part of it paid back: what she gave is said as before
        return _repeated_reason(turn, found)
    if found.shared:
        text = turn.t(
            "The Fund's account received {received} with the code {ref}, not {recorded}. Please record the "
            "amount you transferred."
        )
    else:
        text = turn.t(
            "The Fund's account received {received} with the code {ref}, not {recorded}. Please record the "
            "amount you transferred again, in the same drive as before: this transfer is then matched to it, "
            "with no need to transfer again."
        )
    return text.format(received=turn.t.vnd(found.received), ref=found.ref, recorded=_figure(turn, found))


def _repeated_reason(turn: Turn, found: Found) -> str:
    """Its figure credited several times (1024): most likely one transfer repeated by mistake, perhaps meant.
    The giver is told the money came more than once and both ways on, never to record the whole as an amount
    mistaken: the whole recorded again is matched to these transfers (0090); her figure recorded again is
    confirmed by the treasurer once the rest is paid back (docs/decisions/1098)."""
    times = len(found.lines)
    text = turn.t.plural(
        "The Fund's account received {recorded} with the code {ref} {n} time (row {rows}), {received} in "
        "all: perhaps a transfer was repeated by mistake. If you meant to give {received}, please record "
        "{received} again, in the same drive as before: these transfers are then matched to it. If it was a "
        "mistake, please record {recorded} again and ask the treasurer to send {extra} back to you.",
        "The Fund's account received {recorded} with the code {ref} {n} times (rows {rows}), {received} in "
        "all: perhaps a transfer was repeated by mistake. If you meant to give {received}, please record "
        "{received} again, in the same drive as before: these transfers are then matched to it. If it was a "
        "mistake, please record {recorded} again and ask the treasurer to send {extra} back to you.",
        times,
    )
    return text.format(
        recorded=turn.t.vnd(found.amount_vnd),
        ref=found.ref,
        n=turn.t.number(times),
        rows=", ".join(str(line.row) for line in found.lines),
        received=turn.t.vnd(found.received),
        extra=turn.t.vnd(found.received - found.amount_vnd),
    )


@flow.prompt("why")
async def ask_why(turn: Turn) -> None:
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    found = _still_differing(reconciled[1], turn.data.get("entry"))
    if found is None:  # decided meanwhile, or the statement changed
        turn.goto("reconcile", "summary")
        return
    if moved := await moved_since(turn, [found.id]):  # whose it is now, said before who will read it (1680)
        turn.say(moved)
    question = turn.t(
        "Why is {ref} not confirmed? {giver} will read it. Type your reason, or choose the suggested one:"
    ).format(ref=found.ref, giver=cut_at_word(found.giver, GIVER_CLIP))  # after a whole word (2935)
    ask_typed(
        turn,
        f"{question}\n“{_suggested_reason(turn, found)}”",
        Choice(SUGGESTED, turn.t("Use the suggested reason"), keywords=("goi y", "suggested")),
    )


@flow.answer("why")
async def got_why(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("reconcile", "differing")
        return
    reconciled = await _reconciled(turn)
    if reconciled is None:
        return
    actor, result = reconciled
    found = _still_differing(result, turn.data.get("entry"))
    if found is None:
        turn.say(turn.t("Nothing of what you chose is still waiting: someone decided it meanwhile."))
        turn.goto("reconcile", "summary")
        return
    reason = _suggested_reason(turn, found) if turn.choice == SUGGESTED else reason_text(turn)
    if reason is None:
        return
    if moved := await moved_since(turn, [found.id]):  # moved while she typed why: asked again (1680)
        turn.say(moved)
        turn.goto("reconcile", "why")
        return
    outcome = await decide_several(
        turn.session, actor, [found.id], confirmed=False, now=turn.now, reason=reason, settings=turn.settings
    )
    if outcome.done:
        turn.say(
            decided_text(
                turn.t, outcome.done, outcome.heard, confirmed=False, held=held_till(turn.now, turn.settings)
            ),
            keep=True,
        )
    else:
        turn.say(
            turn.t("Not changed (decided by someone else meanwhile, or not yours to decide): {refs}.").format(
                refs=found.ref
            )
        )
    turn.set(entry=None)
    turn.goto("reconcile", "summary")
