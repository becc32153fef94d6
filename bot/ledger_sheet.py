"""The Fund's internal book (“Sổ theo dõi đóng góp”) as a spreadsheet (openpyxl), the shape treasurers keep
in Excel: a title (the organisation, the scope, when it was taken out), one row per entry in the order they
were recorded — real names, every state, who confirmed it and when, who recorded it for a household, whether
a photo backs it, what a correction cancels and why — then a second sheet “Tổng hợp” with the totals by kind
(confirmed, corrections, net, waiting) and by unit. Amounts are integer cells in a đồng format and times
local (Asia/Ho_Chi_Minh) date-times, so the sheet can be filtered, summed and reconciled with the bank
statement. Printed like the statement's sheet: landscape A4 fitted to the width, the header repeated.
Names, notes and goods come from chats, so every text goes through `bot.sheets.safe_row`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import LOCAL_TZ
from bot.domain.ledger_book import KINDS, LedgerBook, LedgerRow, MoneySource, money_sources
from bot.domain.spending import LedgerPayment
from bot.domain.statement import StatementTotals
from bot.i18n import Translator, format_date, format_datetime, translate
from bot.sheets import fit_rows, print_on_a4, safe_row, save_book
from bot.statement_sheet import DAYS_FORMAT, VND_FORMAT, goods_said, kind_name, value_cell
from handlers.wording import double_mark

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

TIME_FORMAT = "DD/MM/YYYY HH:MM"
HEADER_ROW = 5  # rows 1–3: organisation, scope, when it was taken out; row 4 empty
# (width, number format) of each column, in the order of `_columns`. Fifteen columns printed across an A4
# page: codes, dates and amounts as wide as their longest (CT-2026-000001, 22/11/2026 09:00, 1.200.000.000 ₫),
# the text wrapped in narrow columns, its rows as tall as it takes (the book has as many pages as it needs).
COLUMNS = (
    (5, None),  # STT
    (15, None),  # Mã tham chiếu
    (16, TIME_FORMAT),  # Ngày ghi
    (20, None),  # Họ và tên
    (15, None),  # Đơn vị
    (9, None),  # Hình thức
    (20, None),  # Nội dung
    (14, VND_FORMAT),  # Số tiền / giá trị
    (7, DAYS_FORMAT),  # Ngày công
    (16, None),  # Trạng thái
    (17, None),  # Người xác nhận
    (16, TIME_FORMAT),  # Ngày xác nhận
    (17, None),  # Ghi thay bởi
    (7, None),  # Có ảnh minh chứng
    (24, None),  # Ghi chú
)
DRIVE_COLUMN = (20, None)  # the whole year's book also says which drive
# Họ và tên, Đơn vị, Nội dung, Trạng thái, Người xác nhận, Ghi thay bởi, Ghi chú; and the drive's name
WRAPPED = (4, 5, 7, 10, 11, 13, 15, 16)


def _columns(locale: str, *, with_drive: bool) -> list[str]:
    names = [
        translate(locale, "No."),
        translate(locale, "Reference"),
        translate(locale, "Recorded on"),
        translate(locale, "Full name"),
        translate(locale, "Unit"),
        translate(locale, "Kind"),
        translate(locale, "What was given"),
        translate(locale, "Amount or value (đồng)"),
        translate(locale, "Labour days"),
        translate(locale, "Status"),
        translate(locale, "Confirmed by"),
        translate(locale, "Confirmed on"),
        translate(locale, "Recorded for them by"),
        translate(locale, "Evidence photo"),
        translate(locale, "Notes"),
    ]
    return [*names, translate(locale, "Drive")] if with_drive else names


def status_text(locale: str, row: LedgerRow) -> str:
    """The book's “Trạng thái”: chờ xác nhận, đã xác nhận, không xác nhận – lý do, đã rút lại, điều chỉnh."""
    state = row.state
    if state == "rejected":
        return translate(locale, "not confirmed – {reason}").format(reason=row.reason or "")
    if state == "recorded":
        return translate(locale, "waiting for confirmation")
    if state == "withdrawn" and row.by_recorder:
        return translate(locale, "withdrawn by whoever recorded it")
    if state == "withdrawn":
        return translate(locale, "withdrawn by the giver")
    if state == "correction":
        return translate(locale, "correction")
    return translate(locale, "confirmed")


def _notes(locale: str, row: LedgerRow) -> str:
    parts = []
    if row.donor:  # named in full here, whatever the statement shows (decision 0083)
        parts.append(translate(locale, "Donor outside the organisation"))
    if row.corrects:
        parts.append(
            translate(locale, "Correction cancelling {ref}: {reason}").format(
                ref=row.corrects, reason=row.reason
            )
        )
    if row.corrected_by:
        parts.append(translate(locale, "Cancelled by the correction {ref}").format(ref=row.corrected_by))
    if row.status == "withdrawn":  # who took it back and when, never as its confirmer (decision 0121)
        when = format_datetime(row.decided_at, locale) if row.decided_at else ""
        said = translate(locale, "Withdrawn by {name} at {time}")
        parts.append(said.format(name=row.decided_by or "", time=when))
    if row.replaces:  # confirmed by whoever corrected the figure (docs/decisions/0070)
        parts.append(translate(locale, "The corrected figure of {ref}").format(ref=row.replaces))
    if row.worked_on is not None:  # the day labour days were worked (decision 2105)
        parts.append(translate(locale, "Worked on {day}").format(day=format_date(row.worked_on, locale)))
    if row.note:
        parts.append(row.note)
    if row.doubles:  # a gift perhaps counted twice, as the queue marked it (decision 0681)
        parts.append(double_mark(Translator(locale), row.doubles))
    return "; ".join(parts)


def _local(at: datetime | None) -> datetime | None:
    """A stored UTC time as a local date-time cell (spreadsheets keep no time zone)."""
    return at.astimezone(LOCAL_TZ).replace(tzinfo=None) if at is not None else None


def scope_title(locale: str, book: LedgerBook) -> str:
    """The book's second row: what it covers."""
    if book.scope.kind == "drive":
        text = translate(locale, "Contributions ledger of the drive: {drive} ({start} – {end})").format(
            drive=book.drive, start=format_date(book.starts_on, locale), end=format_date(book.ends_on, locale)
        )
    elif book.scope.kind == "fund":
        text = translate(
            locale, "Contributions ledger: the Fund for the Poor outside the drives, {year}"
        ).format(year=book.starts_on.year)
    else:
        text = translate(locale, "Contributions ledger: every contribution of {year}").format(
            year=book.starts_on.year
        )
    if book.units:
        text += " — " + translate(locale, "units: {units}").format(units=", ".join(book.units))
    return text


def write_ledger(book: LedgerBook, path: Path, *, locale: str = "vi") -> None:
    """Write `book` to `path` (XLSX): the entries, then the totals."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = translate(locale, "Contributions ledger")[:31]
    with_drive = book.scope.kind == "year"
    _title(sheet, locale, book)
    sheet.append(_columns(locale, with_drive=with_drive))
    yes, no = translate(locale, "yes"), translate(locale, "no")
    for number, row in enumerate(book.rows, start=1):
        withdrawn = row.status == "withdrawn"  # who withdrew it is no confirmer: said in its notes
        cells = [
            number,
            row.ref,
            _local(row.at),
            row.giver,
            row.unit,
            kind_name(locale, row.kind),
            goods_said(locale, row.kind, row.amount_vnd, row.description),
            value_cell(row.kind, row.amount_vnd),
            row.labour_days if row.kind == "labour" else None,
            status_text(locale, row),
            *((None, None) if withdrawn else (row.decided_by, _local(row.decided_at))),
            row.recorded_by,
            yes if row.photo else no,
            _notes(locale, row) or None,
        ]
        sheet.append(safe_row([*cells, row.drive] if with_drive else cells))
    columns = [*COLUMNS, DRIVE_COLUMN] if with_drive else list(COLUMNS)
    _format(sheet, columns, last=sheet.max_row)
    _summary(workbook.create_sheet(translate(locale, "Summary")[:31]), locale, book)
    sources = money_sources(book.rows)
    if len(sources) > 1:  # money came in more than one way: each way's line (decision 0682)
        _sources(workbook.create_sheet(translate(locale, "Reconciliation")[:31]), locale, book, sources)
    if book.payments:  # none paid: the summary's balance says so, no sheet of headers alone is printed
        _payments(workbook.create_sheet(translate(locale, "Support paid")[:31]), locale, book)
    if book.handovers:
        _handovers(workbook.create_sheet(translate(locale, "Handed over")[:31]), locale, book)
    save_book(workbook, path)


def _sources(sheet: Worksheet, locale: str, book: LedgerBook, sources: list[MoneySource]) -> None:
    """“Đối chiếu”: the book's money by the way it came in — what the givers recorded themselves (their
    transfers, the cash they handed in), each collector's cash she recorded for others, the payroll's
    deductions — each to be checked against its own paper (the bank's statement, the cash and the handover
    lists, the accountant's sheet); together, the money of “Tổng hợp” (decision 0682)."""
    from openpyxl.styles import Font

    _title(sheet, locale, book)
    columns = (
        (translate(locale, "Where the money came from"), 44, None),
        (translate(locale, "Confirmed entries"), 12, None),
        (translate(locale, "Money confirmed, net"), 18, VND_FORMAT),
        (translate(locale, "Waiting entries"), 12, None),
        (translate(locale, "Money waiting"), 18, VND_FORMAT),
        (translate(locale, "Not confirmed (entries)"), 14, None),
    )
    sheet.append([name for name, _width, _format in columns])
    lines = [
        (source.confirmed_count, source.net, source.waiting_count, source.waiting, source.rejected)
        for source in sources
    ]
    for source, figures in zip(sources, lines, strict=True):
        if source.payroll:
            said = translate(locale, "Deducted from salaries (the payroll's sheet)")
        elif source.collector is not None:
            said = translate(locale, "Cash collected and recorded by {name}").format(name=source.collector)
        else:
            said = translate(locale, "Recorded by the givers themselves (transfers, cash handed in)")
        sheet.append(safe_row([said, *figures]))
    total = [sum(column) for column in zip(*lines, strict=True)]
    sheet.append([translate(locale, "Total"), *total])
    _finish(sheet, columns)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _payments(sheet: Worksheet, locale: str, book: LedgerBook) -> None:
    """“Chi hỗ trợ”: each payment to a hardship case from the book's scope, in the order delivered — the
    case by name only for a reader who may read it, else “Hoàn cảnh số N” (decisions 0028, 0094, 0289)."""
    assert book.payments is not None
    _title(sheet, locale, book)
    columns = (
        (translate(locale, "No."), 6, None),
        (translate(locale, "Paid on"), 12, "DD/MM/YYYY"),
        (translate(locale, "Hardship case"), 28, None),
        (translate(locale, "Member or household"), 14, None),
        (translate(locale, "Unit"), 22, None),
        (translate(locale, "Kind"), 11, None),
        (translate(locale, "What was given"), 26, None),
        (translate(locale, "Amount or value (đồng)"), 16, VND_FORMAT),
        (translate(locale, "Labour days"), 10, DAYS_FORMAT),
        (translate(locale, "Paid from"), 28, None),
        (translate(locale, "Recorded by"), 22, None),
    )
    sheet.append([name for name, _width, _format in columns])
    fund = translate(locale, "The Fund for the Poor (outside the drives)")
    for number, paid in enumerate(book.payments, start=1):
        case = paid.case or translate(locale, "Hardship case no. {n}").format(n=paid.case_id)
        subject = translate(locale, "Household") if paid.household else translate(locale, "Member")
        cells = [
            number,
            paid.on,
            case,
            subject,
            paid.unit,
            kind_name(locale, paid.kind),
            _given(locale, paid),
            paid.amount_vnd if paid.kind != "labour" else None,
            paid.labour_days if paid.kind == "labour" else None,
            paid.drive or fund,
            paid.recorded_by,
        ]
        sheet.append(safe_row(cells))
    _finish(sheet, columns)


def _handovers(sheet: Worksheet, locale: str, book: LedgerBook) -> None:
    """“Nộp về cấp trên”: each handover to the Fund of the level above from the book's scope, in the order
    made — the board, its receipt's number, whether its photo is kept, who recorded it —, a cancellation with
    its reason (decision 0108)."""
    assert book.handovers is not None
    _title(sheet, locale, book)
    columns = (
        (translate(locale, "No."), 6, None),
        (translate(locale, "Handed over on"), 12, "DD/MM/YYYY"),
        (translate(locale, "Handed over to"), 36, None),
        (translate(locale, "Receipt no."), 14, None),
        (translate(locale, "Amount (đồng)"), 16, VND_FORMAT),
        (translate(locale, "Handed over from"), 28, None),
        (translate(locale, "Receipt photo"), 10, None),
        (translate(locale, "Recorded by"), 22, None),
        (translate(locale, "Notes"), 30, None),
    )
    sheet.append([name for name, _width, _format in columns])
    fund = translate(locale, "The Fund for the Poor (outside the drives)")
    yes, no = translate(locale, "yes"), translate(locale, "no")
    for number, line in enumerate(book.handovers, start=1):
        cancelled = translate(locale, "Cancelled: {reason}").format(reason=line.reason or "—")
        note = cancelled if line.cancels else None
        if line.goods is not None:  # goods handed over, their worth where known, in the notes (0713)
            goods = goods_said(locale, "goods", line.goods_vnd, line.goods)
            note = goods if note is None else f"{goods}; {note}"
        cells = [
            number,
            line.on,
            line.board,
            line.receipt_no,
            line.amount_vnd,
            line.drive or fund,
            yes if line.photo else no,
            line.recorded_by,
            note,
        ]
        sheet.append(safe_row(cells))
    _finish(sheet, columns)


def _finish(sheet: Worksheet, columns: tuple[tuple[str, int, str | None], ...]) -> None:
    """A list sheet of the book made ready to read and print: each column's width and number format (name,
    width, format), the header bold and wrapped, A4 landscape with the header on every page."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last = sheet.max_row
    for index, (_name, width, number_format) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        for row in range(HEADER_ROW + 1, last + 1):
            if number_format:
                sheet.cell(row, index).number_format = number_format
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    fit_rows(sheet, HEADER_ROW, HEADER_ROW, wrapped=range(1, len(columns) + 1))
    texts = [index for index, (_name, _w, shown) in enumerate(columns, start=1) if not shown and index > 1]
    fit_rows(sheet, HEADER_ROW + 1, last, wrapped=texts)  # the text columns, after the row's number
    print_on_a4(sheet, HEADER_ROW, landscape=True)


def _given(locale: str, paid: LedgerPayment) -> str | None:
    """What a payment gave, in the book's words: bought goods said so (0099), a cancellation with its reason
    (0103)."""
    given = paid.description
    if paid.bought and given:
        given = translate(locale, "{goods} (bought)").format(goods=given)
    if paid.cancels:
        cancelled = translate(locale, "Cancelled: {reason}").format(reason=paid.reason or "—")
        if paid.held:  # the money not back in the cash box: an officer holds it (decision 1210)
            cancelled += "; " + translate(locale, "held by an officer to hand over later")
        given = f"{given} — {cancelled}" if given else cancelled
    return given


def _spent(book: LedgerBook) -> dict[str, int]:
    """What the book's payments came to, by kind (đồng; days for labour)."""
    spent = dict.fromkeys(KINDS, 0)
    for paid in book.payments or ():
        spent[paid.kind] += paid.labour_days if paid.kind == "labour" else paid.amount_vnd
    return spent


def _kept(book: LedgerBook) -> dict[str, int]:
    """What the packs an officer holds to hand over later came to, by kind: cancelled, so not paid, yet not
    back in the cash box either (decision 1210)."""
    kept = dict.fromkeys(KINDS, 0)
    for paid in book.payments or ():
        if paid.held:
            kept[paid.kind] -= paid.amount_vnd
    return kept


def _title(sheet: Worksheet, locale: str, book: LedgerBook) -> None:
    from openpyxl.styles import Font

    taken = translate(locale, "Taken out at {time}").format(time=format_datetime(book.exported_at, locale))
    for line in (book.organisation, scope_title(locale, book), taken):
        sheet.append(safe_row([line]))
    sheet.append([])
    sheet["A1"].font = sheet["A2"].font = Font(bold=True)


def _format(sheet: Worksheet, columns: list[tuple[int, str | None]], *, last: int) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for index, (width, number_format) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        if number_format:
            for row in range(HEADER_ROW + 1, last + 1):
                sheet.cell(row, index).number_format = number_format
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    fit_rows(sheet, HEADER_ROW, HEADER_ROW, wrapped=range(1, len(columns) + 1))
    fit_rows(sheet, HEADER_ROW + 1, last, wrapped=[c for c in WRAPPED if c <= len(columns)])
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(last, HEADER_ROW)}"
    print_on_a4(sheet, HEADER_ROW, landscape=True)


def _summary(sheet: Worksheet, locale: str, book: LedgerBook) -> None:
    """By kind: confirmed, corrections (negative), net, waiting; the counts of rejected and withdrawn
    entries; by unit: net and waiting of each kind, and their total."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    _title(sheet, locale, book)
    summary = book.summary
    sheet.append(
        [
            translate(locale, "Kind"),
            translate(locale, "Confirmed entries"),
            translate(locale, "Confirmed"),
            translate(locale, "Corrections"),
            translate(locale, "Net (confirmed − corrections)"),
            translate(locale, "Waiting entries"),
            translate(locale, "Waiting for confirmation"),
        ]
    )
    header = sheet.max_row
    labels = {
        "money": translate(locale, "Money (đồng)"),
        "goods": translate(locale, "Goods (value, đồng)"),
        "labour": translate(locale, "Labour days (days)"),
    }
    goods = summary.by_kind["goods"]
    if goods.confirmed_unpriced or goods.waiting_unpriced:  # never summed as worth 0 ₫ (decision 0680)
        labels["goods"] = translate(locale, "Goods (value, đồng), not counting goods of unknown value")
    for kind in KINDS:
        totals = summary.by_kind[kind]
        sheet.append(
            [
                labels[kind],
                totals.confirmed_count,
                _known(totals.confirmed, totals.confirmed_unpriced),
                -totals.corrections,
                _known(totals.net, totals.net_unpriced),
                totals.waiting_count,
                _known(totals.waiting, totals.waiting_unpriced),
            ]
        )
        for column in (3, 4, 5, 7):
            sheet.cell(sheet.max_row, column).number_format = DAYS_FORMAT if kind == "labour" else VND_FORMAT
        if kind == "goods" and (goods.confirmed_unpriced or goods.waiting_unpriced):
            said = translate(locale, "Of which goods of unknown value (entries)")
            sheet.append([said, goods.confirmed_unpriced, None, None, None, goods.waiting_unpriced])
    sheet.append([translate(locale, "Not confirmed (entries)"), summary.rejected])
    sheet.append([translate(locale, "Withdrawn by the giver (entries)"), summary.withdrawn])
    sheet.append(
        [translate(locale, "Withdrawn by whoever recorded it (entries)"), summary.withdrawn_by_recorder]
    )
    sheet.append([])
    if book.payments is not None:  # receipts, spending and what is left (decision 0094)
        _balance(sheet, locale, book)
        sheet.append([])
    unknown = goods.net_unpriced or goods.waiting_unpriced
    sheet.append(
        [
            translate(locale, "Unit"),
            translate(locale, "Money, net"),
            translate(locale, "Goods (value), net, not counting goods of unknown value")
            if unknown
            else translate(locale, "Goods (value), net"),
            translate(locale, "Labour days, net"),
            translate(locale, "Money waiting"),
            translate(locale, "Goods waiting (value), not counting goods of unknown value")
            if unknown
            else translate(locale, "Goods waiting (value)"),
            translate(locale, "Labour days waiting"),
        ]
    )
    by_unit_header = sheet.max_row
    totals_row: list[int] = [0] * 6
    for unit in summary.by_unit:
        figures = [unit.net[kind] for kind in KINDS] + [unit.waiting[kind] for kind in KINDS]
        totals_row = [a + b for a, b in zip(totals_row, figures, strict=True)]
        cells: list[int | None] = list(figures)
        cells[1] = _known(figures[1], unit.net_unpriced)  # goods of value not known alone: no figure
        cells[4] = _known(figures[4], unit.waiting_unpriced)
        sheet.append(safe_row([unit.unit or translate(locale, "(no unit)"), *cells]))
        _unit_formats(sheet)
    totals_cells: list[int | None] = list(totals_row)
    totals_cells[1] = _known(totals_row[1], goods.net_unpriced)
    totals_cells[4] = _known(totals_row[4], goods.waiting_unpriced)
    sheet.append([translate(locale, "Total"), *totals_cells])
    _unit_formats(sheet)
    for row in (header, by_unit_header, sheet.max_row):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
            if row != sheet.max_row:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate((30, 16, 18, 18, 18, 16, 18), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    fit_rows(sheet, HEADER_ROW, sheet.max_row, wrapped=(1,), centred=())  # the labels, some long
    print_on_a4(sheet, header, landscape=True, freeze=False)


def _known(figure: int, unpriced: int) -> int | None:
    """A sum of goods' values as its cell, `unpriced` the goods of value not known it covers: no figure at all
    where those are all it counts (decision 0680), as their rows have none (0610). Goods of a known value
    are worth more than 0 ₫, so a sum of 0 beside such goods counts only them."""
    return None if unpriced and not figure else figure


def _balance(sheet: Worksheet, locale: str, book: LedgerBook) -> None:
    """By kind: received (net confirmed), paid to hardship cases, handed over to the Fund of the level above
    (money only, decision 0108), left; in the Fund's book, when the years
    before brought something forward, that first, counted in what is left (decision 0095). What is left is
    the scope's `Balance.left`, the one rule the statement's chat, web page and sheet read, never worked out
    again here (decision 1464): goods handed over to the level above are gone from it too (0713)."""
    from openpyxl.styles import Alignment, Font

    if book.opening is not None and book.opening != StatementTotals():
        opening = book.opening
        for label, figure, number_format in (
            (translate(locale, "Brought forward from previous years: money"), opening.money, VND_FORMAT),
            (
                translate(locale, "Brought forward from previous years: goods (value)"),
                opening.goods,
                VND_FORMAT,
            ),
            (
                translate(locale, "Brought forward from previous years: labour days"),
                opening.labour_days,
                DAYS_FORMAT,
            ),
        ):
            sheet.append([label, figure])
            sheet.cell(sheet.max_row, 2).number_format = number_format
    handing = bool(book.handovers)  # a column of its own once something was handed over (decision 0108)
    kept = _kept(book)  # packs an officer holds to hand over later: out of the cash box (decision 1210)
    holding = any(kept.values())
    balance = book.balance  # what is left, as the statement says it (decision 1464); None in a unit's book
    came = balance.came_back if balance else StatementTotals()  # packs held over 1 January, put back (1324)
    back = {"money": came.money, "goods": came.goods, "labour": 0}
    coming = any(back.values())
    years = balance.back_from_said if balance else ""  # the year named, never “năm trước” (decision 1463)
    put_back = translate(locale, "Put back in the Fund, held from {years}").format(years=years)
    labels = {
        "money": translate(locale, "Money (đồng): received, paid, left"),
        "goods": translate(locale, "Goods (value, đồng): received, paid, left"),
        "labour": translate(locale, "Labour days (days): received, paid, left"),
    }
    sheet.append(
        [
            translate(locale, "Kind"),
            translate(locale, "Received (net confirmed)"),
            *([put_back] if coming else []),
            translate(locale, "Paid to hardship cases"),
            *([translate(locale, "Held by an officer to hand over later")] if holding else []),
            *([translate(locale, "Handed over to the Fund above")] if handing else []),
            translate(locale, "Left"),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    spent = _spent(book)
    opening = book.opening or StatementTotals()
    # Goods whose value nobody knew, received or brought forward: what is left of them is not known (0631).
    unknown = {"goods": book.summary.by_kind["goods"].net_unpriced + opening.goods_unpriced}
    if unknown["goods"]:
        labels["goods"] = translate(
            locale, "Goods (value, đồng), not counting goods of unknown value: received, paid, left"
        )
    if balance and balance.goods_gone:  # every good handed over to the level above, unknown worth too (0713)
        unknown["goods"] = 0
    for kind in KINDS:
        received = book.summary.by_kind[kind].net
        handed = book.handed if kind == "money" else 0  # money only is handed over (decision 0108)
        left = balance.left_of(kind) if balance else received  # a unit's book pays nothing out
        received_cell = _known(received, book.summary.by_kind[kind].net_unpriced)
        left_cell = _known(left, unknown.get(kind, 0))
        came_in = [back[kind]] if coming else []
        out = [*([kept[kind]] if holding else []), *([handed] if handing else [])]
        sheet.append([labels[kind], received_cell, *came_in, spent[kind], *out, left_cell])
        for column in range(2, 4 + len(came_in) + len(out)):
            sheet.cell(sheet.max_row, column).number_format = DAYS_FORMAT if kind == "labour" else VND_FORMAT


def _unit_formats(sheet: Worksheet) -> None:
    row = sheet.max_row
    for column, number_format in zip(range(2, 8), (VND_FORMAT, VND_FORMAT, DAYS_FORMAT) * 2, strict=True):
        sheet.cell(row, column).number_format = number_format
