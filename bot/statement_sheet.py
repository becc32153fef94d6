"""The public statement as a print-ready spreadsheet (openpyxl): the organisation, the drive and its period
on top, one row per confirmed entry, a totals row per kind the chat's statement names (`kinds_shown`);
amounts in a đồng number format (numbers, not text, so the sheet can be summed again), the table header
frozen and repeated on every printed page, landscape A4 fitted to the page width. Names and goods
descriptions come from chats, so every text goes through `bot.sheets.safe_cell` (never read as a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain.notices import counted_later_mark
from bot.domain.spending import SpendingLine, Spent, overdrawn
from bot.domain.statement import Statement, StatementLine, StatementTotals, kinds_given, kinds_shown, unpriced
from bot.i18n import format_date, format_datetime, format_number, translate, translate_plural
from bot.sheets import fit_rows, print_on_a4, safe_row, save_book

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

VND_FORMAT = '#,##0 "₫"'
DAYS_FORMAT = "#,##0"
HEADER_ROW = 5  # rows 1–3: organisation, drive, period; row 4 empty
WIDTHS = (6, 12, 18, 28, 28, 12, 34, 18, 12)


def _columns(locale: str) -> list[str]:
    return [
        translate(locale, "No."),
        translate(locale, "Date"),
        translate(locale, "Reference"),
        translate(locale, "Giver"),
        translate(locale, "Unit"),
        translate(locale, "Kind"),
        translate(locale, "What was given"),
        translate(locale, "Amount or value (đồng)"),
        translate(locale, "Labour days"),
    ]


def anonymous(locale: str) -> str:
    """How a giver who did not agree to be named is shown."""
    return translate(locale, "Well-wisher")


def unit_shown(locale: str, line: StatementLine, *, commune: bool = False) -> str:
    """The unit a line shows: its own, “Các đơn vị khác” where it is withheld (decision 0177), or nothing.
    In a commune (`Statement.commune`) the withheld read “Các thôn, ban khác”: there a “đơn vị” beside its
    hamlets and boards is a body from outside, and a household's gift would read as one's (decision 0976)."""
    if line.other_units and commune:
        return translate(locale, "Other hamlets and boards")
    if line.other_units:
        return translate(locale, "Other units")
    return line.unit or ""


def kind_name(locale: str, kind: str) -> str:
    return {
        "money": translate(locale, "Money"),
        "goods": translate(locale, "Goods"),
        "labour": translate(locale, "Labour days"),
    }[kind]


def paid_words(locale: str, line: SpendingLine) -> str:
    """What a payment line of the public statement says was paid: “Hỗ trợ hoàn cảnh khó khăn”, or for a gift
    round's payments “Trao quà: 200 suất” — how many, never the round's words, which the officer types and
    which may name a family or an illness (decisions 0094, 0943). The chat says the same."""
    if not line.of_round:
        return translate(locale, "Support to a hardship case")
    cases = line.cases
    return translate_plural(locale, "Gift round: {n} package", "Gift round: {n} packages", cases).format(
        n=format_number(cases, locale)
    )


def value_cell(kind: str, amount_vnd: int) -> int | None:
    """A row's cell of đồng: money, or the value of goods when it is known; nothing for labour days."""
    return None if kind == "labour" or unpriced(kind, amount_vnd) else amount_vnd


def goods_said(locale: str, kind: str, amount_vnd: int, description: str | None) -> str | None:
    """A row's words for what was given: goods of no known value say so, as the chat says them (0540)."""
    if not unpriced(kind, amount_vnd):
        return description
    return translate(locale, "{goods} (value not known)").format(goods=description or kind_name(locale, kind))


def _what(locale: str, line: StatementLine) -> str:
    if line.cancels:
        return translate(locale, "Correction cancelling {ref}").format(ref=line.cancels)
    description = goods_said(locale, line.kind, line.amount_vnd, line.description)
    if line.cancelled_by:  # a gift that no longer stands says so on its own row (decision 0490)
        cancelled = translate(locale, "Cancelled by {ref}").format(ref=line.cancelled_by)
        return f"{description}; {cancelled}" if description else cancelled
    if line.replaces:  # the right entry a correction wrote names the one it replaces (decision 2407)
        replaces = translate(locale, "Replaces {ref}").format(ref=line.replaces)
        description = f"{description}; {replaces}" if description else replaces
    if line.year is not None and (later := counted_later_mark(locale, line.ref, line.year)):
        return f"{description}{later}" if description else later.removeprefix(" · ")  # confirmed late (1218)
    return description or ""


def write_statement(
    statement: Statement, path: Path, *, locale: str = "vi", taken_at: datetime | None = None
) -> None:
    """Write `statement` to `path` (XLSX). `taken_at`: when its figures were read, said after its period, so
    that a sheet printed before a correction and one printed after it are told apart on paper (decision
    2304)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = translate(locale, "Statement")[:31]
    period = f"{format_date(statement.starts_on, locale)} – {format_date(statement.ends_on, locale)}"
    if statement.closed_early_on is not None:  # the real period, as the drive's screens say (decision 0278)
        period = translate(locale, "{start} – {closed} (closed early; planned to {end})").format(
            start=format_date(statement.starts_on, locale),
            closed=format_date(statement.closed_early_on, locale),
            end=format_date(statement.ends_on, locale),
        )
    late = [line.day for line in statement.lines if line.day > statement.ends_on]
    # Late gifts (0889); the Fund's year, money the bank received in it and recorded after (0888, 0935).
    if late and statement.closed_early_on is None:
        period += translate(locale, " (with late gifts recorded until {day})").format(
            day=format_date(max(late), locale)
        )
    if taken_at is not None:
        period += translate(locale, " — figures as of {time}").format(time=format_datetime(taken_at, locale))
    sheet.append(safe_row([statement.organisation]))
    if statement.outside_drives:
        heading = translate(locale, "Public statement: {drive}")
    else:
        heading = translate(locale, "Public statement of the drive: {drive}")
    title = heading.format(drive=statement.drive)
    sheet.append(safe_row([title]))
    sheet.append(safe_row([translate(locale, "Period: {period}").format(period=period)]))
    sheet.append([])
    sheet.append(_columns(locale))
    for cell in sheet[1] + sheet[2] + sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for number, line in enumerate(statement.lines, start=1):
        sheet.append(
            safe_row(
                [
                    number,
                    line.day,  # a credit of 31/12 recorded on 2/1: 31/12 (decision 1007)
                    line.ref,
                    line.name or anonymous(locale),
                    unit_shown(locale, line, commune=statement.commune),
                    kind_name(locale, line.kind),
                    _what(locale, line),
                    value_cell(line.kind, line.amount_vnd),
                    line.labour_days if line.kind == "labour" else None,
                ]
            )
        )
    last = sheet.max_row
    totals = (
        translate(locale, "Total money"),
        translate(locale, "Total goods (value)"),
        translate(locale, "Total labour days"),
    )
    unknown = (
        translate(locale, "Total goods (value): not known"),
        translate(locale, "Total goods (value), not counting goods of unknown value"),
    )
    _bold_rows(sheet, _by_kind(totals, statement.totals, statement.kinds, unknown=unknown, given=True))
    if statement.balance is not None:
        _spending(sheet, locale, statement)
    _format(sheet, first=HEADER_ROW + 1, last=sheet.max_row, last_line=last)
    save_book(book, path)


def _spending(sheet: Worksheet, locale: str, statement: Statement) -> None:
    """Below the receipts: each payment to a hardship case (date, “Hỗ trợ hoàn cảnh khó khăn”, “Hộ gia đình”
    or nothing — never a name, circumstances (decision 0028) or a colleague's unit (0404) —, kind, amount),
    the totals paid and the
    number of cases; then, under a heading of its own, the money handed over to the Fund of the level above
    (decision 0108); last what the years before brought forward, for the Fund when there is something
    (decision 0095), the packs held over a year's end put back in this one (decision 1324), and what is left,
    by kind (decision 0094)."""
    assert statement.balance is not None
    if statement.balance.shows_support:  # not “0 cases, 0 ₫” where money was only handed over
        _support(sheet, locale, statement)
    if statement.handovers or statement.balance.handed:
        _handovers(sheet, locale, statement)
    opening = statement.balance.opening
    # what is left as the chat says it: days of work only once some went to a case, and a drive of days alone
    # none went to, no row (decisions 1724, 1807)
    told = statement.balance.left_told(set(statement.kinds))
    over = overdrawn(statement.balance.left)
    years = statement.balance.back_from_said  # of the packs put back, named (decision 1463)
    sheet.append([])
    _bold_rows(
        sheet,
        (
            *(  # the Fund's money the years before left to it (decision 0095)
                _by_kind(
                    (
                        translate(locale, "Brought forward from previous years: money"),
                        translate(locale, "Brought forward from previous years: goods (value)"),
                        translate(locale, "Brought forward from previous years: labour days"),
                    ),
                    opening,
                    (),
                )
                if statement.balance.carried
                else ()
            ),
            *(  # packs of a year before, held over its end, put back this year: money in (decision 1324)
                row
                for row in (
                    (
                        translate(locale, "Put back in the Fund, held from {years}: money").format(
                            years=years
                        ),
                        statement.balance.came_back.money,
                        None,
                    ),
                    (
                        translate(locale, "Put back in the Fund, held from {years}: goods (value)").format(
                            years=years
                        ),
                        statement.balance.came_back.goods,
                        None,
                    ),
                )
                if row[1]
            ),
            *(
                _by_kind(
                    (
                        translate(locale, "Left: money"),
                        translate(locale, "Left: goods (value)"),
                        translate(locale, "Left: labour days"),
                    ),
                    *told,
                    unknown=(
                        translate(locale, "Left: goods (value): not known"),
                        translate(locale, "Left: goods (value), not counting goods of unknown value"),
                    ),
                    given=True,
                )
                if told
                else ()
            ),
            *(  # never a bare negative “left”: what went out beyond what came in (decision 0121)
                row
                for row in (
                    (translate(locale, "Paid out beyond what was received: money"), over.money, None),
                    (translate(locale, "Paid out beyond what was received: goods (value)"), over.goods, None),
                    (
                        translate(locale, "Paid out beyond what was received: labour days"),
                        None,
                        over.labour_days,
                    ),
                )
                if row[1] or row[2]
            ),
        ),
    )
    if over != StatementTotals():  # why, under the figure
        why = translate(
            locale, "A gift confirmed earlier was corrected down or cancelled after the money went out."
        )
        sheet.append([None, None, None, why])


def _support(sheet: Worksheet, locale: str, statement: Statement) -> None:
    """Each payment to a hardship case, the totals paid, the number of cases, and what was cancelled."""
    from openpyxl.styles import Font

    assert statement.balance is not None
    sheet.append([])
    sheet.append([translate(locale, "Support paid to hardship cases")])
    heading = sheet.max_row
    sheet.append(
        [
            translate(locale, "No."),
            translate(locale, "Date"),
            None,
            translate(locale, "What was paid"),
            translate(locale, "Unit"),
            translate(locale, "Kind"),
            None,
            translate(locale, "Amount or value (đồng)"),
            translate(locale, "Labour days"),
        ]
    )
    for cell in sheet[heading] + sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for number, line in enumerate(statement.spending, start=1):
        # never a colleague's unit (0404); a round's line says how many, not whose (0943)
        whom = translate(locale, "Household") if line.household and not line.of_round else ""
        amount = value_cell(line.kind, line.amount_vnd)  # goods of unknown worth: empty, never 0 (0610)
        days = line.labour_days if line.kind == "labour" else None
        kind = goods_said(locale, line.kind, line.amount_vnd, None) or kind_name(locale, line.kind)
        sheet.append(
            safe_row([number, line.on, None, paid_words(locale, line), whom, kind, None, amount, days])
        )
    spent = statement.balance.spent
    _bold_rows(
        sheet,
        (
            *_by_kind(
                (
                    translate(locale, "Total paid: money"),
                    translate(locale, "Total paid: goods (value)"),
                    translate(locale, "Total paid: labour days"),
                ),
                spent.totals,
                spent.kinds_named(statement.kinds),
                unknown=(
                    translate(locale, "Total paid: goods (value): not known"),
                    translate(locale, "Total paid: goods (value), not counting goods of unknown value"),
                ),
                given=True,
            ),
            (translate(locale, "Hardship cases supported"), None, spent.cases),
            *_cancelled(locale, spent, fund=statement.outside_drives),
        ),
    )


def _handovers(sheet: Worksheet, locale: str, statement: Statement) -> None:
    """Money handed over to the Fund of the level above under a heading of its own, never among the support
    paid to hardship cases (decision 0108): the day, the board's receipt number, the board, the amount; its
    total below."""
    from openpyxl.styles import Font

    assert statement.balance is not None
    sheet.append([])
    sheet.append(
        [
            translate(locale, "Money handed over to the Fund for the Poor of the level above")
            if statement.of_the_fund
            else translate(locale, "Handed over to the level above")  # a relief drive's (decision 0718)
        ]
    )
    heading = sheet.max_row
    sheet.append(
        [
            translate(locale, "No."),
            translate(locale, "Date"),
            translate(locale, "Receipt no."),
            translate(locale, "Handed over to"),
            None,
            translate(locale, "Kind"),
            None,
            translate(locale, "Amount or value (đồng)"),
            None,
        ]
    )
    for cell in sheet[heading] + sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    money = kind_name(locale, "money")
    for number, handover in enumerate(statement.handovers, start=1):
        amount = handover.amount_vnd
        row = [number, handover.on, handover.receipt_no, handover.board, None, money, None, amount]
        if handover.goods is not None:  # goods handed over: what, and their worth where known (0713)
            what = goods_said(locale, "goods", handover.goods_vnd, handover.goods)
            row[4:8] = [what, kind_name(locale, "goods"), None, value_cell("goods", handover.goods_vnd)]
        sheet.append(safe_row(row))
    total = (
        translate(locale, "Handed over to the Fund above: money")
        if statement.of_the_fund
        else translate(locale, "Handed over to the level above: money")  # relief money (decision 0725)
    )
    _bold_rows(sheet, ((total, statement.balance.handed, None),))


def _by_kind(
    labels: tuple[str, str, str],
    totals: StatementTotals,
    kinds: Iterable[str],
    *,
    unknown: tuple[str, str] | None = None,
    given: bool = False,
) -> list[tuple[str, int | None, int | None]]:
    """A bold row per kind the chat's statement names (`kinds_shown`: the drive's kinds, even at 0, and any
    other with a figure; decision 0259; `given`, the totals received, paid and left: only a kind with a
    figure, `kinds_given`, decisions 1342, 1420): money, then goods' value, in đồng; labour days in their
    column. With `unknown`, the goods' labels where some have no known value (none has; some have), said so
    and never summed as worth nothing: the total received (decision 0610) and what is left of it (0631)."""
    goods: tuple[str, int | None, int | None] = (labels[1], totals.goods, None)
    if unknown is not None and totals.goods_unpriced and not totals.goods:
        goods = (unknown[0], None, None)
    elif unknown is not None and totals.goods_unpriced:
        goods = (unknown[1], totals.goods, None)
    row = {
        "money": (labels[0], totals.money, None),
        "goods": goods,
        "labour": (labels[2], None, totals.labour_days),
    }
    named = kinds_given(totals, set(kinds)) if given else kinds_shown(totals, set(kinds))
    return [row[kind] for kind in named]


def _bold_rows(sheet: Worksheet, rows: Iterable[tuple[str, int | None, int | None]]) -> None:
    """Totals: a label under “What was paid”, the amount or the days in their columns, in bold."""
    from openpyxl.styles import Font

    for label, amount, days in rows:
        sheet.append([None, None, None, label, None, None, None, amount, days])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def _cancelled(locale: str, spent: Spent, *, fund: bool) -> list[tuple[str, int | None, int | None]]:
    """Once a support was cancelled as not given (decision 0103): how many, and what went back to the
    source — the Fund (`fund`) or the drive —, by kind, as the chat's statement says it (decision 0107); then
    the packs an officer holds to hand over later, and their money (decision 1210); no row otherwise."""
    held: list[tuple[str, int | None, int | None]] = []
    if spent.held:  # packs an officer holds to hand over later: not back, nor given (decision 1210)
        held.append((translate(locale, "Packs held by an officer to hand over later"), None, spent.held))
        held.append((translate(locale, "Held to hand over later: money"), spent.kept.money, None))
        if spent.kept.goods:
            held.append((translate(locale, "Held to hand over later: goods (value)"), spent.kept.goods, None))
    if not spent.cancelled:
        return held
    back = spent.returned
    labels = (
        (
            translate(locale, "Returned to the fund: money"),
            translate(locale, "Returned to the fund: goods (value)"),
            translate(locale, "Returned to the fund: labour days"),
        )
        if fund
        else (
            translate(locale, "Returned to the drive: money"),
            translate(locale, "Returned to the drive: goods (value)"),
            translate(locale, "Returned to the drive: labour days"),
        )
    )
    rows: list[tuple[str, int | None, int | None]] = [
        (translate(locale, "Supports cancelled, not given"), None, spent.cancelled),
        (labels[0], back.money, None),
    ]
    if back.goods:
        rows.append((labels[1], back.goods, None))
    if back.labour_days:
        rows.append((labels[2], None, back.labour_days))
    return rows + held


def _format(sheet: Worksheet, *, first: int, last: int, last_line: int) -> None:
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    for row in range(first, last + 1):
        sheet.cell(row, 2).number_format = "DD/MM/YYYY"
        sheet.cell(row, 8).number_format = VND_FORMAT
        sheet.cell(row, 9).number_format = DAYS_FORMAT
    fit_rows(sheet, HEADER_ROW, HEADER_ROW, wrapped=range(1, len(WIDTHS) + 1))
    fit_rows(sheet, first, last, wrapped=(4, 5, 7))  # giver, unit, what was given
    print_on_a4(sheet, HEADER_ROW, landscape=True)
    if last_line >= first:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:I{last_line}"
