"""A gift round's signing list (danh sách ký nhận) as a print-ready spreadsheet (openpyxl): the paper each
recipient signs at the ceremony, kept in the Fund's books beside the payment — the organisation, “DANH SÁCH
KÝ NHẬN QUÀ”, the round's words as the officer typed them (“Tết Đinh Mùi 2027”), the day, what each gift
package (suất quà) is; one row per case, each hamlet's (unit's) together, as a commune's households sign
hamlet by hamlet (STT, name — a household's as a household's —, unit or address when known, the gift in
words, the money, an empty tall cell to sign); the totals (recipients and packages), the money in words;
then the signatures of who drew it up, the treasurer and the head of the unit, each “(Ký, ghi rõ họ tên)”,
and, when every recipient is outside the organisation (a commune's households), the commune's representative
who receives them (decision 2248).
A round of more than one hamlet or unit prints each one's part on its own page(s) (a page break after it), as
each hamlet's head carries his part round: the hamlet's name above, numbered from 1, its subtotal at its foot;
the round's totals, words and signatures on the last page (docs/decisions/0283). Under the money in words,
where it was paid from (“Chi từ đợt vận động …”), as the treasurer files it with that book (decision 0495).

It names recipients: only for readers who may see cases (bot.domain.gift_rounds.signing_list), never with
the public statement. Printed as the handover list is (A4 portrait fitted to the width, the table's header
repeated on every page); amounts are integer cells in a đồng format. Names come from chats, so every text
goes through `bot.sheets.safe_row`. docs/decisions/0095."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from bot.amount_words import amount_in_words
from bot.domain.gift_rounds import Package, Recipient, SigningList
from bot.i18n import Translator, format_date, format_vnd, sentence, translate, translate_plural
from bot.sheets import fit_rows, print_on_a4, safe_row, save_book, titled_sheet
from bot.statement_sheet import VND_FORMAT
from bot.text import fold
from handlers.wording import source_words

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_ROW = 7  # rows 1–5: organisation, title, the round's words, the day, each package; row 6 empty
WIDTHS = (6, 28, 20, 30, 15, 22)
LAST_COLUMN = chr(ord("A") + len(WIDTHS) - 1)  # openpyxl's get_column_letter: up to 26 columns
SIGN_HEIGHT = 36  # points: room for a signature on each recipient's row


def _columns(locale: str) -> list[str]:
    return [
        translate(locale, "No."),
        translate(locale, "Full name"),
        translate(locale, "Unit / address"),
        translate(locale, "Gift"),
        translate(locale, "Money (đồng)"),
        translate(locale, "Signature"),
    ]


def gift_words(locale: str, package: Package) -> str:
    """The package in words: “500.000 ₫ tiền mặt; 10 kg gạo (trị giá 200.000 ₫)”."""
    parts = []
    if package.money_vnd:
        parts.append(translate(locale, "{money} in cash").format(money=format_vnd(package.money_vnd, locale)))
    if package.goods:
        if package.goods_value_vnd:
            parts.append(
                translate(locale, "{goods} (worth {value})").format(
                    goods=package.goods, value=format_vnd(package.goods_value_vnd, locale)
                )
            )
        else:
            parts.append(package.goods)
    return "; ".join(parts)


def _packages_line(signing: SigningList, locale: str) -> str:
    """“Mỗi suất quà: …”, or, when the recipients' packages differ, each of them (0286)."""
    packages = signing.handed
    if len(packages) == 1:
        return translate(locale, "Each gift package: {gift}").format(gift=gift_words(locale, signing.package))
    return translate(locale, "Gift packages: {gifts}").format(
        gifts=" | ".join(gift_words(locale, package) for package in packages)
    )


def _parts(signing: SigningList) -> list[tuple[str | None, list[Recipient]]]:
    """The recipients hamlet by hamlet (unit by unit, as `signing_list` orders them, those of none last)."""
    return [(unit, list(rows)) for unit, rows in groupby(signing.recipients, key=lambda r: r.unit)]


def _told_apart(recipients: Sequence[Recipient], locale: str) -> list[str]:
    """Each recipient's name as its row shows it: namesakes of one hamlet (unit), whose rows would read alike,
    get their case's number (“Hộ ông Lò Văn Páo (Hoàn cảnh số 12)”), as the case list tells them apart, so
    the absent one's package is the one cancelled (decision 0922); a household of the review not yet a case,
    on the list printed before the ceremony, gets its household id (“Mã hộ 41”), as the review's list for the
    district says it (decision 1010)."""
    alike = Counter((fold(r.name), r.unit) for r in recipients)
    case_no = translate(locale, "Hardship case no. {n}")
    household_no = translate(locale, "Household id {n}")
    names = []
    for r in recipients:
        namesake = alike[(fold(r.name), r.unit)] > 1
        if namesake and r.case_id is not None:
            names.append(f"{r.name} ({case_no.format(n=r.case_id)})")
        elif namesake and r.household_id is not None:
            names.append(f"{r.name} ({household_no.format(n=r.household_id)})")
        else:
            names.append(r.name)
    return names


def _handed_to_a_locality(signing: SigningList) -> bool:
    """Whether every recipient is outside the organisation's list (no unit on record): the households of a
    commune it helps (its twinned commune's at Tết), handed over with the commune's representative, who signs
    that the commune received them as the handover's minutes (biên bản bàn giao) have it (decision 2248)."""
    return bool(signing.recipients) and all(recipient.unit is None for recipient in signing.recipients)


def write_signing_list(signing: SigningList, path: Path, *, locale: str = "vi") -> None:
    """Write `signing` to `path` (XLSX). A round of more than one hamlet or unit prints each one's part on its
    own page(s): its name above, its households numbered from 1, its subtotal at its foot; the round's total,
    the money in words and the signatures on the last page (decision 0283)."""
    from openpyxl.worksheet.pagebreak import Break

    on = format_date(signing.delivered_on, locale)
    book, sheet = titled_sheet(
        translate(locale, "Signing list"),
        [
            signing.organisation,
            translate(locale, "SIGNING LIST FOR GIFTS RECEIVED"),
            signing.title,
            translate(locale, "Handed over on: {date}").format(date=on),
            _packages_line(signing, locale),
        ],
    )
    sheet.append(_columns(locale))
    parts = _parts(signing)
    by_part = len(parts) > 1
    lines: list[int] = []
    headings: list[int] = []
    subtotals: list[int] = []
    for unit, recipients in parts:
        if by_part:
            sheet.append(safe_row([unit or translate(locale, "No hamlet or unit on record")]))
            headings.append(sheet.max_row)
        names = _told_apart(recipients, locale)
        for number, (recipient, name) in enumerate(zip(recipients, names, strict=True), start=1):
            money = recipient.money_vnd if signing.money else None
            gift = gift_words(locale, recipient.package)  # each recipient's own (0286)
            sheet.append(safe_row([number, name, recipient.unit or "", gift, money, None]))
            lines.append(sheet.max_row)
        if by_part:
            n = len(recipients)
            words = translate_plural(
                locale,
                "Subtotal, {unit}: {n} recipient, {n} gift package",
                "Subtotal, {unit}: {n} recipients, {n} gift packages",
                n,
            ).format(unit=unit or translate(locale, "no hamlet or unit on record"), n=n)
            sheet.append(safe_row([None, words, None, None, sum(r.money_vnd for r in recipients), None]))
            subtotals.append(sheet.max_row)
            # the next part, or the round's total, on a new page
            sheet.row_breaks.append(Break(id=sheet.max_row))
    last_line = sheet.max_row
    n = len(signing.recipients)
    people = translate_plural(
        locale, "Total: {n} recipient, {n} gift package", "Total: {n} recipients, {n} gift packages", n
    ).format(n=n)
    sheet.append([None, people, None, None, signing.money, None])
    total_row = sheet.max_row
    extra = [total_row]
    if len(signing.packages) > 1:  # each package's count and money (0286)
        for package, recipients in signing.packages:
            words = translate_plural(
                locale, "{gift}: {n} gift package", "{gift}: {n} gift packages", len(recipients)
            ).format(gift=gift_words(locale, package), n=len(recipients))
            sheet.append(safe_row([None, words, None, None, sum(r.money_vnd for r in recipients), None]))
            extra.append(sheet.max_row)
    if signing.goods_value:
        label = (
            translate(locale, "Goods in all (value), not counting goods of unknown value")  # not all (0554)
            if any(r.goods and not r.goods_value_vnd for r in signing.recipients)
            else translate(locale, "Goods in all (value)")
        )
        sheet.append([None, label, None, None, signing.goods_value])
        extra.append(sheet.max_row)
    elif any(r.goods for r in signing.recipients) or signing.package.goods:  # never “worth 0 ₫” (0540)
        sheet.append([None, translate(locale, "Goods in all (value): not known")])
        extra.append(sheet.max_row)
    words = amount_in_words(signing.money, locale)
    sheet.append([None, translate(locale, "Money in words: {words}").format(words=words)])
    words_row = sheet.max_row
    if paid_from := source_words(
        Translator(locale), signing.source, signing.drive, signing.delivered_on.year
    ):  # the book it is filed in beside the payment, as the last look said it
        sheet.append([None, sentence(paid_from) + "."])
        sheet.merge_cells(f"B{sheet.max_row}:{LAST_COLUMN}{sheet.max_row}")
    sheet.append([])
    sheet.append([None, translate(locale, "Drawn up by"), None, translate(locale, "Treasurer"), None,
                  translate(locale, "Head of the unit (signs)")])  # fmt: skip
    signs_row = sheet.max_row
    signature = translate(locale, "(Signature and full name)")
    sheet.append([None, signature, None, signature, None, signature])
    for _blank in range(4):  # room to sign
        sheet.append([])
    receives_row = None
    if _handed_to_a_locality(signing):  # the commune's representative signs that it received them (2248)
        sheet.append([None, None, None, translate(locale, "For the commune (ward) receiving")])
        receives_row = sheet.max_row
        sheet.append([None, None, None, translate(locale, "(Signature, full name and seal)")])
        for _blank in range(4):
            sheet.append([])
    _format(
        sheet,
        last_line=last_line,
        lines=lines,
        headings=headings,
        totals=subtotals + extra,
        words_row=words_row,
        signs_row=signs_row,
        receives_row=receives_row,
    )
    save_book(book, path)


def _format(
    sheet: Worksheet,
    *,
    last_line: int,
    lines: list[int],
    headings: list[int],
    totals: list[int],
    words_row: int,
    signs_row: int,
    receives_row: int | None,
) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in (2, 3):
        sheet.merge_cells(f"A{row}:{LAST_COLUMN}{row}")
        sheet[f"A{row}"].alignment = Alignment(horizontal="center")
    sheet["A2"].font = Font(bold=True, size=14)
    for cell in (sheet["A1"], sheet["A3"], *sheet[HEADER_ROW]):
        cell.font = Font(bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in range(HEADER_ROW, last_line + 1):
        for column in range(1, len(WIDTHS) + 1):
            cell = sheet.cell(row, column)
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.cell(row, 5).number_format = VND_FORMAT
    fit_rows(sheet, HEADER_ROW, HEADER_ROW, wrapped=range(1, len(WIDTHS) + 1))
    for row in lines:
        fit_rows(sheet, row, row, wrapped=(2, 3, 4), least=SIGN_HEIGHT)  # room to sign
    for row in headings:  # a hamlet's (unit's) name above its part
        sheet.merge_cells(f"A{row}:{LAST_COLUMN}{row}")
        sheet.cell(row, 1).font = Font(bold=True, size=12)
        sheet.cell(row, 1).alignment = Alignment(vertical="center")
    for row in totals:
        for cell in sheet[row]:
            cell.font = Font(bold=True)
        sheet.cell(row, 5).number_format = VND_FORMAT
    sheet.merge_cells(f"B{words_row}:{LAST_COLUMN}{words_row}")
    sheet.cell(words_row, 2).font = Font(italic=True)
    for column in (2, 4, 6):
        sheet.cell(signs_row, column).font = Font(bold=True)
        for row in (signs_row, signs_row + 1):
            sheet.cell(row, column).alignment = Alignment(horizontal="center")
    if receives_row is not None:
        sheet.cell(receives_row, 4).font = Font(bold=True)
        for row in (receives_row, receives_row + 1):
            sheet.cell(row, 4).alignment = Alignment(horizontal="center")
    print_on_a4(sheet, HEADER_ROW)
