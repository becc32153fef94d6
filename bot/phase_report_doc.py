"""The period's review report as a Word draft (bot/documents.py): "BÁO CÁO SƠ KẾT" while the period runs,
"BÁO CÁO TỔNG KẾT" in its last year and after, with the year's report's sections (I. carrying out the
movement, II. results, III. assessment, IV. tasks, V. proposals) and, at the heart of it, a table of the
period's years: a column per year, each the figures of that year's report, and the period's total. Dotted
lines where only the writer can speak; no giver's name, no individual amount (docs/decisions/0105)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.documents import (
    centred,
    heading,
    new_document,
    official_header,
    paragraph,
    save,
    table,
    text_width,
    title,
    to_fill,
    turn_pages,
)
from bot.domain.phase_report import PhaseReport
from bot.domain.poverty import StandingCounts
from bot.domain.year_report import UnitLine
from bot.i18n import Translator
from bot.year_report_doc import (
    by_block_rows,
    confirmed_held_sentence,
    confirmed_text,
    criteria_table,
    held_sentence,
    money_cells,
    none_confirmed,
    percent,
    proposal_lines,
    signed,
    together_row,
    totals_text,
    where_the_gifts_went,
)

if TYPE_CHECKING:
    from docx.document import Document

# The initiatives listed in the organisation's draft, the period's years together, the oldest first; each
# year's report lists its first ten (bot.domain.year_report.INITIATIVES_LISTED); past this, “và N … khác”.
INITIATIVES_SHOWN = 30
NOT_ADDED = "—"  # a figure that does not add up over the years (who gave: the same people each year)
# The years' table: its label column upright and across, and the least a figure's column takes, in
# centimetres: 1.234.567.890 in the tables' 12 points with the cell's margins (a period's money runs to that).
LABEL_WIDTH = 4.0
LABEL_WIDTH_ACROSS = 5.0
FIGURE_WIDTH = 3.0


def years_across(report: PhaseReport) -> bool:
    """Whether the years' table needs its pages laid across the sheet: when a column per year and the total
    would be narrower upright than a figure in billions (a period of four years or more). The figures stay
    in đồng, as in each year's report and the books, and in the tables' size (docs/decisions/0119)."""
    upright = 16.4  # the width between the decree's margins of an upright A4 page, less a millimetre
    return (upright - LABEL_WIDTH) / (len(report.years) + 1) < FIGURE_WIDTH


def phase_title(t: Translator, report: PhaseReport) -> str:
    """“Báo cáo tổng kết” in the period's last year and after, “Báo cáo sơ kết” before."""
    return t("Final review report") if report.final else t("Mid-term review report")


def over(t: Translator, report: PhaseReport) -> str:
    """The years a figure covers: “từ năm 2026 đến năm 2028”, or in the period's first year “trong năm 2026”
    (a review after one year never says “từ năm 2026 đến năm 2026”)."""
    first, last = report.first_year, report.last_year
    if first == last:
        return t("in {year}").format(year=first)
    return t("from {first} to {last}").format(first=first, last=last)


def _row(
    t: Translator,
    label: str,
    values: list[int],
    total: int | None,
    *,
    show: Callable[[int], str] | None = None,
) -> list[str]:
    """A line of the years' table: its label, each year's figure, and the period's (None: not added up)."""
    shown = show or t.number
    return [
        label,
        *(NOT_ADDED if value is None else shown(value) for value in values),
        NOT_ADDED if total is None else shown(total),
    ]


def years_table(document: Document, t: Translator, report: PhaseReport) -> None:
    """The figures of each year's report side by side, and the period's total: registrations, what was
    confirmed by kind, gifts, givers (per year only), drives, and for the organisation appeals and support."""
    years = report.years
    whole = report.unit is None

    def each(attribute) -> list[int]:  # type: ignore[no-untyped-def]
        return [attribute(year) for year in years]

    def registered(year) -> str:  # type: ignore[no-untyped-def]
        members = year.members
        return f"{t.number(members.registered_people)} ({percent(members.registered_people, members.people)})"

    rows = [
        [
            t("People registered"),
            *(registered(year) for year in years),
            t.number(report.registered_people),
        ]
    ]
    if any(year.members.households for year in years):
        rows.append(
            _row(
                t,
                t("Households registered"),
                each(lambda year: year.members.registered_households),
                report.registered_households,
            )
        )
    rows.append(
        _row(
            t,
            t("Collective commitments"),
            each(lambda year: year.collective_commitments),
            report.collective_commitments,
        )
    )
    labour_row = _row(
        t, t("Labour days"), each(lambda year: year.confirmed.labour_days), report.confirmed.labour_days
    )

    def said(attribute) -> list[int | None]:  # type: ignore[no-untyped-def]
        """A year's figure in đồng, None (“—”) where its confirmed gifts are held (decision 2662)."""
        return [None if year.confirmed_held else attribute(year) for year in years]

    def period(value: int) -> int | None:  # the period's, less the years said, would be the held years'
        return None if report.confirmed_held else value

    # one or two people's money, in a year or over the period: no row in đồng (0310); nor where the confirmed
    # gifts of every year were one or two people's, to a leader's draft (2546); some years so: they and the
    # period read “—”, the others their figures (2662)
    if report.money_held or all(year.confirmed_held for year in years):
        rows.append(labour_row)
    elif report.kinds_together:  # one or two gave one kind in a year: money and goods as one (0378)
        rows += [
            labour_row,
            _row(
                t,
                t("Money and goods together (đồng)"),
                said(lambda year: year.confirmed.value),
                period(report.confirmed.value),
            ),
        ]
    else:
        rows += [
            _row(
                t, t("Money (đồng)"), said(lambda year: year.confirmed.money), period(report.confirmed.money)
            ),
            _row(
                t,
                t("Goods, worth (đồng)"),
                said(lambda year: year.confirmed.goods),
                period(report.confirmed.goods),
            ),
            labour_row,
            _row(
                t,
                t("Money and goods together (đồng)"),
                said(lambda year: year.confirmed.value),
                period(report.confirmed.value),
            ),
        ]
        held = report.confirmed_held  # what went to the Fund, or came from donors, is of the confirmed (2661)
        if report.fund != report.confirmed and not report.drives_held and not held:  # else a drive's (0348)
            rows.append(
                _row(
                    t, t("Of which to the Fund (đồng)"), each(lambda year: year.fund.value), report.fund.value
                )
            )
        if (report.from_donors.value or report.donor_gifts) and not held:
            rows.append(
                _row(
                    t,
                    t("Of which from donors outside (đồng)"),
                    each(lambda year: year.from_donors.value),
                    report.from_donors.value,
                )
            )
    rows += [
        _row(
            t,
            t("Gifts confirmed"),
            each(lambda year: year.gifts - year.donor_gifts),
            report.gifts - report.donor_gifts,
        ),
        _row(t, t("Givers"), each(lambda year: year.givers), None),
        _row(t, t("Drives"), each(lambda year: len(year.drives)), len(report.drives)),
    ]
    if whole:
        rows += [
            _row(t, t("Appeals sent"), each(lambda year: year.appeals), report.appeals),
            _row(
                t,
                t("Hardship cases supported"),
                each(lambda year: year.cases_supported),
                report.cases_supported,
            ),
            _row(
                t, t("Support delivered (đồng)"), each(lambda year: year.support.value), report.support.value
            ),
        ]
        if report.handovers:  # "đã nộp về cấp trên" (decision 0108)
            rows.append(
                _row(
                    t,
                    t("Handed over to the Fund above (đồng)"),
                    each(lambda year: year.handed_over),
                    report.handed_over,
                )
            )
    if report.initiatives is not None:
        rows.append(
            _row(
                t,
                t("Initiatives and good models"),
                each(lambda year: year.initiatives.recorded if year.initiatives else 0),
                report.initiatives,
            )
        )
    if any(year.poverty is not None for year in years):  # the poverty review, year by year (decision 0110)
        counts = [year.poverty.total if year.poverty is not None else StandingCounts() for year in years]
        rows += [
            _row(t, t("Poor households (in the year's review)"), [c.poor for c in counts], None),
            _row(t, t("Near-poor households (in the year's review)"), [c.near_poor for c in counts], None),
            _row(
                t, t("Households out of poverty"), [c.got_out for c in counts], sum(c.got_out for c in counts)
            ),
            _row(
                t,
                t("Households fallen into poverty"),
                [c.fell_in for c in counts],
                sum(c.fell_in for c in counts),
            ),
            _row(
                t,
                t("Pledged to escape poverty"),
                [c.pledged for c in counts],
                sum(c.pledged for c in counts),
            ),
            _row(
                t,
                t("Of them out of poverty"),
                [c.pledged_got_out for c in counts],
                sum(c.pledged_got_out for c in counts),
            ),
        ]
    rows.append(
        _row(
            t,
            t("Award proposals"),
            each(
                lambda year: sum(line.people + line.households + line.collectives for line in year.proposals)
            ),
            sum(line.people + line.households + line.collectives for line in report.proposals),
        )
    )
    label = LABEL_WIDTH_ACROSS if years_across(report) else LABEL_WIDTH
    share = (text_width(document) - 0.1 - label) / (len(years) + 1)
    table(
        document,
        [t("Figure"), *(str(year.year) for year in years), t("Total")],
        rows,
        widths=(label, *([share] * (len(years) + 1))),
        numbers=range(1, len(years) + 2),
        centred=(),  # the label reads from the left
    )
    members = report.members
    belonging = (
        t("Belonging on {date}: {people} people and {households} households.").format(
            date=t.date(report.as_of),
            people=t.number(members.people),
            households=t.number(members.households),
        )
        if members.households
        else t("Belonging on {date}: {people} people.").format(
            date=t.date(report.as_of), people=t.number(members.people)
        )
    )
    paragraph(
        document,
        t(
            "Each year's column is that year's report. Registrations add up one for each year a person or "
            "household registered; givers are counted in each year only, since the same people give every "
            "year."
        )
        + " "
        + belonging,
        italic=True,
    )


def _units_table(document: Document, t: Translator, report: PhaseReport) -> None:
    """Unit by unit: its people and households now, and what it gave over the period, confirmed; grouped by
    Khối thi đua as the year's report's table is, where units are in blocks."""
    lines: list[tuple[str, UnitLine]] = [(line.name, line) for line in report.units]
    if report.without_unit is not None:
        lines.append((t("No unit"), report.without_unit))

    def row(number: str, name: str, line: UnitLine) -> list[str]:
        return [
            number,
            name,
            t.number(line.members.people),
            t.number(line.members.households) if line.members.households else "—",
            *money_cells(t, line),
            t.number(line.confirmed.labour_days),
        ]

    rows, bold = by_block_rows(t, lines, row)
    if report.together is not None:
        rows.append(together_row(t, report.together, 7))
    members = report.members
    whole = UnitLine("", confirmed=report.confirmed)  # its goods less the units' would be theirs (0378)
    whole.kinds_together = any(line.kinds_together for _name, line in lines) or bool(
        report.together and report.together.kinds_together
    )
    table(
        document,
        [
            t("No."),
            t("Hamlet or street group") if report.commune else t("Unit"),
            t("People"),
            t("Households"),
            t("Money"),
            t("Goods"),
            t("Labour days"),
        ],
        rows,
        widths=(1.2, 3.9, 1.7, 1.9, 3.0, 2.8, 1.9),
        numbers=(0, 2, 3, 4, 5, 6),
        bold_rows=bold,
        total=[
            "",
            t("Total"),
            t.number(members.people),
            t.number(members.households) if members.households else "—",
            *money_cells(t, whole),
            t.number(report.confirmed.labour_days),
        ],
    )


def initiatives_by_year(document: Document, t: Translator, report: PhaseReport) -> None:
    """What the initiatives and good models were, year by year, as each year's report lists them (its first
    ten, the oldest first, the text of what was done, never who recorded it: a report goes upward), at most
    INITIATIVES_SHOWN over the period; the rest of a year said as “và N sáng kiến khác”."""
    shown = 0
    for year in report.years:
        found = year.initiatives
        if found is None or not found.recorded:
            continue
        paragraph(
            document,
            t("In {year} ({n}):").format(year=year.year, n=t.number(found.recorded)),
        )
        listed = found.titles[: max(0, INITIATIVES_SHOWN - shown)]
        for what, quantity in listed:
            paragraph(document, f"- {what} ({t.number(quantity)})" if quantity > 1 else f"- {what}")
        shown += len(listed)
        if rest := found.more + len(found.titles) - len(listed):
            paragraph(document, "- " + t("and {n} more initiatives.").format(n=t.number(rest)))


def write_phase_report(report: PhaseReport, path: Path, *, locale: str = "vi") -> None:
    """Write `report` to `path` (DOCX)."""
    t = Translator(locale)
    document = new_document()
    whole = report.unit is None
    official_header(
        document,
        issuer=report.organisation if whole else report.unit or "",
        parent=None if whole else report.organisation,
        number="BC",
        on=report.as_of,
        locale=locale,
    )
    first, last = report.first_year, report.last_year
    subject = (
        t("Results of the {campaign} in {year}").format(campaign=report.campaign, year=first)
        if first == last
        else t("Results of the {campaign}, from {first} to {last}").format(
            campaign=report.campaign, first=first, last=last
        )
    )
    title(document, phase_title(t, report), subject)
    if report.review:
        centred(document, f"({report.review})", italic=True)
    paragraph(
        document,
        t(
            "(Figures as of {date}, year by year as each year's report has them: amounts a treasurer "
            "confirmed, corrections subtracted; people and households: those on the list when the report is "
            "made, each year's with those who left during it.)"
        ).format(date=t.date(report.as_of)),
        italic=True,
    )

    heading(document, t("I. CARRYING OUT THE MOVEMENT"))
    span = over(t, report)
    drives = t("Drives run {span}: {n}.").format(n=len(report.drives), span=span)
    if whole and report.appeals:
        drives += " " + t("Appeals sent: {n}, reaching {people} people.").format(
            n=t.number(report.appeals), people=t.number(report.appeal_recipients)
        )
    paragraph(document, drives)
    # the head's own awards are the organisation's doing, not asked of the level above, as in the year's
    # report (decisions 2153, 2252)
    if whole and (own := [line for line in report.proposals if line.within]):
        paragraph(
            document,
            t(
                "Awards {span} conferred by the organisation's own head (their lists went with each "
                "dossier's letter):"
            ).format(span=span),
        )
        proposal_lines(document, t, own)
    paragraph(document, t("Documents issued, ways of spreading the word, meetings held:"), italic=True)
    to_fill(document)

    across = years_across(report)
    if across:  # the results open on a page laid across, for the years' table
        turn_pages(document, landscape=True)
    heading(document, t("II. RESULTS"))
    heading(document, t("1. Year by year"))
    years_table(document, t, report)
    if across:
        turn_pages(document, landscape=False)

    heading(document, t("2. Contributions to the Fund for the Poor and the drives"))
    paragraph(
        document,
        held_sentence(t, report)
        if report.money_held
        else confirmed_held_sentence(t)
        if report.confirmed_held
        else t("No contribution confirmed by a treasurer {span}.").format(span=span)
        if none_confirmed(report)
        else t("Confirmed {span}: {totals}.").format(span=span, totals=confirmed_text(t, report))
        if not report.confirmed.value or report.kinds_together  # no “… 0 ₫” (0368), nor said twice (0378)
        else t("Confirmed {span}: {totals}; money and goods together {value}.").format(
            span=span,
            totals=confirmed_text(t, report),
            value=t.vnd(report.confirmed.value),
        ),
    )
    where_the_gifts_went(document, t, report, whole=whole)

    heading(document, t("3. Commitments registered and results recorded over the period"))
    paragraph(
        document,
        t(
            "Registrations {span}: {people} by people, {households} by households, {collective} collective."
        ).format(
            span=span,
            people=t.number(report.registered_people),
            households=t.number(report.registered_households),
            collective=t.number(report.collective_commitments),
        ),
    )
    criteria_table(document, t, report.criteria)
    if report.initiatives is not None:
        paragraph(
            document,
            t("Initiatives and good models recorded {span}: {n}.").format(
                span=span, n=t.number(report.initiatives)
            ),
        )
        if whole:
            initiatives_by_year(document, t, report)

    if whole:
        heading(document, t("4. Support for people in hardship"))
        if report.cases_supported:
            paragraph(
                document,
                t(
                    "Hardship cases supported (each year's added up): {n}; support delivered: {totals}."
                ).format(n=t.number(report.cases_supported), totals=totals_text(t, report.support)),
            )
        else:
            paragraph(document, t("No support to hardship cases was recorded in the period."))
        heading(
            document,
            t("5. Results by hamlet or street group over the period")
            if report.commune
            else t("5. Results by unit over the period"),
        )
        _units_table(document, t, report)

    heading(document, t("III. ASSESSMENT"))
    paragraph(document, t("1. Strengths:"), italic=True)
    to_fill(document)
    paragraph(document, t("2. Shortcomings and their causes:"), italic=True)
    to_fill(document)
    paragraph(document, t("3. Lessons learned:"), italic=True)
    to_fill(document)
    heading(
        document,
        t("IV. TASKS FOR THE NEXT PERIOD")
        if report.final
        else t("IV. TASKS TO {year}").format(year=report.ends_on.year),
    )
    to_fill(document)
    heading(document, t("V. PROPOSALS"))
    if above := [line for line in report.proposals if not (whole and line.within)]:
        paragraph(
            document,
            t("Award proposals {span} (their lists went with each dossier's letter):").format(span=span),
        )
        proposal_lines(document, t, above)
    paragraph(document, t("Awards proposed for the review:"), italic=True)
    to_fill(document, 2)
    signed(document, t, report, whole=whole)
    save(document, path)
