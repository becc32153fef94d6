"""The year's results report as a Word draft (bot/documents.py): the administrative header, the title,
then the figures the bot holds in the report's usual sections (I. carrying out the movement, II. results:
registration with the results recorded and the initiatives, the Fund, hardship support, unit by unit), and
dotted lines where only the writer can speak (what was done beyond the figures, strengths and shortcomings,
next year's tasks, proposals). Nothing is invented: a figure comes from the database, every judgement is left
to the people who sign (docs/decisions/0048)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

from bot.award_dossier import nominees_text
from bot.documents import (
    closing,
    heading,
    new_document,
    official_header,
    paragraph,
    save,
    table,
    title,
    to_fill,
    unit_head,
)
from bot.domain.digests import by_block
from bot.domain.notices import officers_named
from bot.domain.poverty import HouseholdRecord, StandingCounts, StandingFigures
from bot.domain.statement import StatementTotals
from bot.domain.year_report import (
    CriterionLine,
    DriveLine,
    Members,
    ProposalCount,
    Totals,
    UnitLine,
    YearReport,
)
from bot.i18n import Translator, sentence
from handlers.wording import figures_text, labour_days, waiting_held_line, waiting_lines

if TYPE_CHECKING:
    from bot.domain.phase_report import PhaseReport


def percent(part: int, whole: int) -> str:
    """A share of people, rounded as the digest rounds it."""
    return f"{round(100 * part / whole)}%" if whole else "—"


def reached(part: int, whole: int) -> str:
    """How much of a target was reached, never rounded up (as the drives' list and "my progress" say it: 99 %
    is not yet 100 %)."""
    return f"{100 * part // whole}%" if whole else "—"


def drive_reached(t: Translator, report: YearReport | PhaseReport, drive: DriveLine) -> str:
    """A drive's share of its target on the year's paper, which counts the year's gifts to it only: where
    the drive has not ended by the paper's day (a Tết drive of 1/12 to 31/1 on a paper of 14/12), said so;
    where it began the year before, said to be this year's gifts; else the share alone. “2%” read as the
    drive's whole result tells the level above a drive that failed (decision 1190). The period's review
    says the first alike."""
    share = reached(drive.confirmed.value, drive.target_vnd or 0)
    if not drive.target_vnd:
        return share
    if drive.ends_on > report.as_of:
        return t("{share} (the drive has not ended)").format(share=share)
    if isinstance(report, YearReport) and drive.starts_on < date(report.year, 1, 1):
        return t("{share} ({year}'s gifts only)").format(share=share, year=report.year)
    return share


def target_text(t: Translator, measure: str, value: int) -> str:
    """A target (or what was reached toward it) as the criterion's measure reads: đồng, labour days, a count;
    a yes/no criterion has no figure."""
    if measure == "money":
        return t.vnd(value)
    if measure == "labour_days":
        return t.plural("{n} labour day", "{n} labour days", value).format(n=t.number(value))
    if measure == "yes_no":
        return "—"
    return t.number(value)


def away_text(t: Translator, members: Members) -> str:
    """“2 người đang nghỉ dài ngày, không tính”: those on long leave, said apart from who registered; those
    away on training among them said as training, as the digest says them (decisions 2315, 2410); both, in
    one clause, “không tính 2 người đang nghỉ dài ngày và 1 người đang đi học, tập huấn” (decision 2634)."""
    leave = members.away - members.training
    if leave and members.training:
        return t("not counting {leave} and {training}").format(
            leave=t.plural("{n} person on long leave", "{n} people on long leave", leave).format(
                n=t.number(leave)
            ),
            training=t.plural(
                "{n} person away on training", "{n} people away on training", members.training
            ).format(n=t.number(members.training)),
        )
    said = []
    if leave:
        said.append(
            t.plural(
                "{n} person on long leave, not counted", "{n} people on long leave, not counted", leave
            ).format(n=t.number(leave))
        )
    if members.training:
        said.append(
            t.plural(
                "{n} person away on training, not counted",
                "{n} people away on training, not counted",
                members.training,
            ).format(n=t.number(members.training))
        )
    return "; ".join(said)


def members_sentence(t: Translator, members: Members, year: int) -> str:
    """Who registered: the people, and the households apart where there are any; a hamlet of households only
    its households, and a unit with nobody listed says so, never “0/0 người (—)” (as the digest says it)."""
    if not members.people:
        if not members.households:
            return t("No one is on the list for {year} yet.").format(year=year)
        return t(
            "Households: {registered} of {households} ({percent}) registered their commitment for {year}."
        ).format(
            registered=t.number(members.registered_households),
            households=t.number(members.households),
            percent=percent(members.registered_households, members.households),
            year=year,
        )
    registered, people = members.at_work()  # those on long leave apart, as the digest says them (0837)
    text = t("{registered} of {people} people ({percent}) registered their commitment for {year}.").format(
        registered=t.number(registered),
        people=t.number(people),
        percent=percent(registered, people),
        year=year,
    )
    if members.away:
        away = away_text(t, members)
        # A unit whose every person is away says them only, never “0/0 người (—)” (decision 0849).
        text = f"{text.removesuffix('.')}; {away}." if people else f"{sentence(away)}."
    if members.households:
        text += " " + t("Households: {registered} of {households} ({percent}) registered.").format(
            registered=t.number(members.registered_households),
            households=t.number(members.households),
            percent=percent(members.registered_households, members.households),
        )
    return text


def givers_sentence(t: Translator, report: YearReport) -> str | None:
    """Beside who registered, how many households (and people) gave with a gift a treasurer confirmed, where
    the report counts households: they do not register commitments, they give, so “0/600 hộ gia đình” read
    alone said a commune did nothing (decision 1499). None where there are no households."""
    households = report.members.households
    if not households:
        return None
    return t(
        "Households that gave, with a gift a treasurer confirmed: {gave} of {households} ({percent}); people "
        "who gave: {people}."
    ).format(
        gave=t.number(report.household_givers),
        households=t.number(households),
        percent=percent(report.household_givers, households),
        people=t.number(report.givers - report.household_givers),
    )


def totals_text(t: Translator, totals: Totals, together: bool = False) -> str:
    """Money, goods' value and labour days that have a figure (“tiền 500.000 ₫; 2 ngày công”): a person's
    achievement report or a report to the level above does not say “hiện vật trị giá 0 ₫”; money alone, as
    0 ₫, when there is nothing at all. `together`: money and goods as one figure (“tiền và hiện vật
    1.150.000 ₫”), one kind being one or two people's gift (decision 0378)."""
    if together and totals.value:
        text = t("money and goods {value}").format(value=t.vnd(totals.value))
        return f"{text}; {labour_days(t, totals.labour_days)}" if totals.labour_days else text
    given = totals.money or totals.goods or totals.labour_days
    # its goods of no value are said by the report's own words for them (`unvalued`, decision 0412)
    summed = StatementTotals(totals.money, totals.goods, totals.labour_days)
    return figures_text(t, summed, set() if given else {"money"})


def confirmed_text(t: Translator, report: YearReport | PhaseReport) -> str:
    """The confirmed gifts' figures (`totals_text`), with goods given with no value counted apart (“3 khoản
    hiện vật chưa ghi trị giá”): 20 kg of rice is a gift, never “tiền 0 ₫” (decision 0349)."""
    return counted_text(t, report.confirmed, report.goods_unvalued, report.kinds_together)


def counted_text(t: Translator, totals: Totals, unvalued: int, together: bool = False) -> str:
    """`totals` said as `totals_text` says them, and `unvalued` gifts of goods with no value counted apart: a
    report's (`confirmed_text`) or a person's achievement report (decision 0549)."""
    given = totals_text(t, totals, together)
    if not unvalued:
        return given
    items = unvalued_text(t, unvalued)
    return f"{given}; {items}" if totals.money or totals.goods or totals.labour_days else items


def unvalued_text(t: Translator, n: int) -> str:
    return t.plural(
        "{n} gift of goods with no value given", "{n} gifts of goods with no value given", n
    ).format(n=t.number(n))


def recorded_text(t: Translator, line: CriterionLine) -> str:
    """What stands recorded toward a criterion: a count of those who registered it against the targets added
    up ("7 (58%)"), a yes/no as how many of those who registered it did it ("3/4 done"), and apart, for
    both, what those who did not register it recorded (“thêm 5 chưa đăng ký”: without a target, it is no
    percent of one; an item nobody registered shows its total alone); money and labour are the gifts of
    part 2, not repeated here."""
    if line.measure == "count":
        if not line.total:
            return t.number(line.recorded + line.recorded_unregistered)
        text = f"{t.number(line.recorded)} ({reached(line.recorded, line.total)})"
        if line.recorded_unregistered:
            text += "; " + t("{n} more without registering").format(n=t.number(line.recorded_unregistered))
        return text
    if line.measure == "yes_no":
        if not line.registered:
            return t("{n} done").format(n=t.number(line.recorded_unregistered))
        text = t("{done}/{registered} done").format(
            done=t.number(line.recorded), registered=t.number(line.registered)
        )
        if line.recorded_unregistered:
            text += "; " + t("{n} more without registering").format(n=t.number(line.recorded_unregistered))
        return text
    return t("see part 2")


def criterion_title(t: Translator, line: CriterionLine) -> str:
    """An item registered both by people and by collectives is two lines, never added up (a collective's
    target is not reached by what people did on their own): each says whose it is."""
    whose = t("by collectives") if line.part == "collective" else t("by people and households")
    return f"{line.title} ({whose})"


def targets_cell(t: Translator, line: CriterionLine) -> str:
    """The targets added up of a criterion: “—” where nobody registered it; in đồng, where one or two people
    registered it, not their figure but why (their pledge: decision 0314)."""
    if not line.registered:
        return "—"
    if line.held:
        return t("not shown: fewer than three registered it")
    return target_text(t, line.measure, line.total)


def criteria_table(document: Document, t: Translator, criteria: list[CriterionLine]) -> None:
    """What was registered, criterion by criterion: how many registered it, the targets added up, and what
    was recorded toward the items counted in numbers or done once (results, decision 0050)."""
    if not criteria:
        return
    both = {line.title for line in criteria if line.part == "collective"} & {
        line.title for line in criteria if line.part == "people"
    }
    table(
        document,
        [t("No."), t("Item registered"), t("Registrations"), t("Targets added up"), t("Results recorded")],
        [
            [
                str(number),
                criterion_title(t, line) if line.title in both else line.title,
                t.number(line.registered),
                targets_cell(t, line),
                recorded_text(t, line),
            ]
            for number, line in enumerate(criteria, start=1)
        ],
        widths=(1.2, 6.2, 2.4, 3.3, 3.3),
        numbers=(0, 2, 3, 4),
    )
    if any(line.measure in ("count", "yes_no") for line in criteria):
        paragraph(
            document,
            t(
                "Results recorded: as entered on Chung Tay by whoever did them (not confirmed by a "
                "treasurer), those withdrawn or set aside by a leader left out. Money and labour days: see "
                "part 2."
            ),
            italic=True,
        )


def initiatives_paragraphs(document: Document, t: Translator, report: YearReport) -> None:
    """How many initiatives and good models were recorded and, in the organisation's report, what they were
    (up to ten, the oldest first): the text of what was done, never who recorded it, since a report goes
    upward. A unit's report counts them only."""
    found = report.initiatives
    if found is None:
        return
    if not found.recorded:
        none = t("Initiatives and good models: none recorded in {year}.")
        paragraph(document, none.format(year=report.year))
        return
    if not found.titles:
        paragraph(
            document,
            t("Initiatives and good models: {n} recorded in {year}.").format(
                n=t.number(found.recorded), year=report.year
            ),
        )
        return
    paragraph(
        document,
        t("Initiatives and good models: {n} recorded in {year}, among them:").format(
            n=t.number(found.recorded), year=report.year
        ),
    )
    for what, quantity in found.titles:
        paragraph(document, f"- {what} ({t.number(quantity)})" if quantity > 1 else f"- {what}")
    if found.more:
        paragraph(document, "- " + t("and {n} more recorded.").format(n=t.number(found.more)))


def none_confirmed(report: YearReport | PhaseReport) -> bool:
    """No gift confirmed (nor reversed) in the report: one sentence says so, as a person's achievement report
    does, never “0 ₫ … 0 người” (the organisation's report and its own achievement report too)."""
    return not report.gifts and not report.confirmed.value and not report.reversals


def nothing_confirmed(report: YearReport | PhaseReport) -> bool:
    """A unit's report with no gift confirmed (nor reversed) in it: the sentence, instead of the drives' table
    with 0 ₫ on every line. The organisation's own report keeps its table: it sets each drive's figures
    against its target."""
    return report.unit is not None and none_confirmed(report)


def held_sentence(t: Translator, report: YearReport | PhaseReport) -> str:
    """A unit's report where one or two people gave its money (decision 0310): the digest's words, in place
    of any figure in đồng; for the period, where that was so in one of its years."""
    if isinstance(report, YearReport):  # its year named: read on 2 January, “this year” is the next one
        return t(
            "Money and goods: fewer than three of the unit's people gave them in {year}, so their figure, "
            "which would be one person's gift, is not shown here; the unit's treasurer and {officers} see it."
        ).format(year=report.year, officers=officers_named(t, commune=report.commune))
    return t(
        "Money and goods: in a year of the period fewer than three of the unit's people gave them, so their "
        "figure, which would be one person's gift, is not shown here; the unit's treasurer and {officers} "
        "see it."
    ).format(officers=officers_named(t, commune=report.commune))


def figures_held(report: YearReport | PhaseReport) -> bool:
    """The report's confirmed figure in đồng is not written: its money is one or two people's (`money_held`,
    decision 0310), or its confirmed gifts are, to one who may not see the amounts (`confirmed_held`, 2546).
    The sentence says which (`held_sentence`, `confirmed_held_sentence`); the drives' table and the donors'
    line are left out alike."""
    return report.money_held or report.confirmed_held


def confirmed_held_sentence(t: Translator) -> str:
    """A unit's paper drafted by one who may not see the amounts where its confirmed gifts are one or two
    people's, though more gave in all (decision 2546): no confirmed figure, nor drive by drive, and why."""
    return t(
        "Money and goods confirmed: not said here, nor drive by drive (fewer than three people's gifts are "
        "confirmed, so their figure would show one person's gift; a treasurer's draft says them)."
    )


def together_row(t: Translator, together: UnitLine, width: int) -> list[str]:
    """The units table's row of the units whose money and goods are said together (`access.pooled`), below
    the units, their own rows reading “—” there: money, goods, and the rest of the row empty."""
    names = [together.name] if together.name else []
    if together.unit_id == -1:  # the people of no unit among them
        names.append(t("No unit"))
    name = t("Together, as fewer than three gave money or goods in some of them: {units}").format(
        units=", ".join(names)
    )
    cells = ["", name] + [""] * (width - 5)
    return [*cells, *money_cells(t, replace(together, together=False)), ""]


def money_cells(t: Translator, line: UnitLine) -> list[str]:
    """A unit's money and goods in a units table: “—” where they are said with others' (`together_row`); one
    figure in the money's column where one kind had one or two givers (`kinds_together`, decision 0378)."""
    if line.together:
        return ["—", "—"]
    given = line.confirmed
    together = line.kinds_together and given.value
    money = t.vnd(given.value if together else given.money)
    goods = t("in the money's column") if together else t.vnd(given.goods)
    if given.unvalued:  # 20 kg of rice is no “0 ₫” (decision 0412)
        items = unvalued_cell(t, given.unvalued)
        goods = f"{goods}; {items}" if together or given.goods else items
    return [money, goods]


def unvalued_cell(t: Translator, n: int) -> str:
    """Goods given with no value in a table's cell: how many, never “0 ₫” (decision 0412)."""
    return t.plural("{n} item with no value", "{n} items with no value", n).format(n=t.number(n))


def given_cell(t: Translator, given: Totals) -> str:
    """A drive's confirmed gifts in the drives' table: money and goods in đồng, and the labour days given to
    it beside them; a line that received only labour days says those, never a misleading 0 ₫."""
    said = [labour_days(t, given.labour_days)] if given.labour_days else []
    if given.unvalued:  # goods with no value alone are no “0 ₫” either (decision 0412)
        said.insert(0, unvalued_cell(t, given.unvalued))
    if given.value or not said:
        said.insert(0, t.vnd(given.value))
    return "; ".join(said)


def confirmed_sentence(t: Translator, report: YearReport) -> str:
    """The confirmed gifts by kind, money and goods together, what of it went to the Fund where some went to
    drives that are not for it, and how many gifts from how many givers (households apart), and what of it
    came from donors outside the organisation (never counted among its givers: decision 0083)."""
    if none_confirmed(report):
        text = t("No contribution confirmed by a treasurer in {year}.").format(year=report.year)
        return f"{text} {held_sentence(t, report)}" if report.money_held else text
    if figures_held(report):
        text = held_sentence(t, report) if report.money_held else confirmed_held_sentence(t)
        if report.confirmed.labour_days or report.goods_unvalued:
            text += " " + t("Confirmed: {totals}.").format(totals=confirmed_text(t, report))
        return text
    if not report.confirmed.value or report.kinds_together:  # no “tổng giá trị … 0 ₫”, nor said twice
        text = t("Confirmed: {totals}.").format(totals=confirmed_text(t, report))
    else:
        text = t("Confirmed: {totals}; money and goods together {value}.").format(
            totals=confirmed_text(t, report), value=t.vnd(report.confirmed.value)
        )
    # Labour days are help given by hand to a family or a commune, said among the confirmed above, never as
    # given to the Fund, whose sentence says its đồng alone (decision 2002).
    fund_apart = report.fund.value != report.confirmed.value
    if report.fund.value and fund_apart and not report.drives_held:
        text += " " + t("Of which to the Fund for the Poor: {value}.").format(value=t.vnd(report.fund.value))
    people = report.givers - report.household_givers
    gifts = report.gifts - report.donor_gifts  # the organisation's own people's; donors' apart (0083)
    if report.household_givers and not people:
        givers = t("Gifts: {n}, from {households} households.").format(
            n=t.number(gifts), households=t.number(report.household_givers)
        )
    elif report.household_givers:
        givers = t("Gifts: {n}, from {people} people and {households} households.").format(
            n=t.number(gifts), people=t.number(people), households=t.number(report.household_givers)
        )
    else:
        givers = t("Gifts: {n}, from {givers} givers.").format(
            n=t.number(gifts), givers=t.number(report.givers)
        )
    if donors := donors_sentence(t, report):
        givers += f" {donors}"
    return f"{text} {givers}"


def donors_sentence(t: Translator, report: YearReport) -> str:
    """What donors outside the organisation gave, confirmed, in the money, never among the people (decision
    0083); "" where none gave or the report holds its money (0310) or its confirmed figure (2661)."""
    if not report.donors or figures_held(report):
        return ""
    return t("Donors outside the organisation: {n}; their confirmed gifts: {gifts}, {value}.").format(
        n=t.number(report.donors), gifts=t.number(report.donor_gifts), value=t.vnd(report.from_donors.value)
    )


def where_the_gifts_went(
    document: Document, t: Translator, report: YearReport | PhaseReport, *, whole: bool
) -> None:
    """After the confirmed gifts' sentence: what still waits, how many gifts a reversal corrected, the drives'
    table, and (the organisation's report) the money handed over to the Fund above (decision 0108)."""
    if report.waiting_held:  # drafted by a leader whose year's figure lags (decision 0625)
        paragraph(document, waiting_held_line(t))
    if report.waiting.value or report.waiting.labour_days or report.waiting.unvalued:
        waiting, days = report.waiting, report.waiting.labour_days
        others = replace(waiting, labour_days=0) if days else waiting
        # goods waiting for their value (“50 AUD”, decision 0778) counted apart as the confirmed ones are
        shown = others.value or others.unvalued or not days
        given = counted_text(t, others, others.unvalued, report.kinds_together) if shown else None
        paragraph(document, " ".join(waiting_lines(t, given, days, commune=report.commune)))
    if report.reversals:
        paragraph(
            document,
            t("Confirmed gifts corrected by a reversal entry (subtracted above): {n}.").format(
                n=t.number(report.reversals)
            ),
        )
    drives_table(document, t, report)
    if whole and report.handovers:
        paragraph(
            document,
            t("Handed over to the Fund for the Poor of the level above: {money} ({n} handovers).").format(
                money=t.vnd(report.handed_over), n=t.number(report.handovers)
            ),
        )


def drives_table(document: Document, t: Translator, report: YearReport | PhaseReport) -> None:
    """Where the confirmed gifts went: each drive of the year — or of the period, once with what it received
    over its years — (the organisation's report: against its target; a unit's: the unit's gifts only, a target
    being the organisation's), the Fund outside the drives, and the total, which is the confirmed money and
    goods above."""
    # a held unit's drives would read 0 ₫ (0310), a held confirmed figure's too (2546)
    if nothing_confirmed(report) or figures_held(report):
        return
    if report.drives_held:  # a drive one or two of the unit's people gave to: its line is theirs (0348)
        paragraph(
            document,
            t(
                "By drive: not shown, as fewer than three of the unit's people gave to one of them (its "
                "figure would be one person's gift); the unit's treasurer and {officers} see it."
            ).format(officers=officers_named(t, commune=report.commune)),
        )
        return
    if (
        not report.drives
        and not report.outside_gifts
        and not report.confirmed.value
        and report.confirmed.unvalued <= 0
        and report.confirmed.labour_days <= 0
    ):
        return  # else the year's gifts went to drives of other years: January's late gifts (0583, 0590)
    whole = report.unit is None
    lines: list[tuple[str, str, int | None, Totals]] = [
        (
            drive.title if drive.fund else t("{title} (not for the Fund)").format(title=drive.title),
            f"{t.date(drive.starts_on)} – {t.date(drive.ends_on)}",
            drive.target_vnd,
            drive.confirmed,
        )
        for drive in report.drives
    ]
    shares = [drive_reached(t, report, drive) for drive in report.drives]
    if report.outside_gifts or report.outside_drives.value:
        lines.append((t("The Fund for the Poor (outside the drives)"), "—", None, report.outside_drives))
    rest = report.confirmed.value - sum(given.value for _title, _dates, _target, given in lines)
    # goods with no value among them too: last year's Tết drive brought rice this year (decision 0426)
    items = report.confirmed.unvalued - sum(given.unvalued for _title, _dates, _target, given in lines)
    # and days of work: a hamlet's two days for December's drive done in January (decision 0590)
    days = report.confirmed.labour_days - sum(given.labour_days for _title, _dates, _target, given in lines)
    if rest or items > 0 or days > 0:  # gifts of the year (period) to a drive that ran in another year
        lines.append(
            (
                t("Drives of other years"),
                "—",
                None,
                Totals(money=rest, unvalued=max(items, 0), labour_days=max(days, 0)),
            )
        )
    counted = report.confirmed.value
    total = [
        "",
        t("Total"),
        "",
        *([""] if whole else []),
        given_cell(
            t,
            Totals(
                money=counted,
                labour_days=sum(given.labour_days for *_, given in lines),
                unvalued=sum(given.unvalued for *_, given in lines),
            ),
        ),
        *([""] if whole else []),
    ]
    if whole:
        header = [
            t("No."),
            t("Drive"),
            t("Dates"),
            t("Target"),
            # labour days said in its cells are named in its heading too (decision 2319)
            t("Confirmed (money and goods; labour days)")
            if any(given.labour_days for *_, given in lines)
            else t("Confirmed (money and goods)"),
            t("Reached"),
        ]
        rows = [
            [
                str(number),
                title,
                dates,
                t.vnd(target) if target else "—",
                given_cell(t, given),
                shares[number - 1] if number <= len(shares) else reached(given.value, target or 0),
            ]
            for number, (title, dates, target, given) in enumerate(lines, start=1)
        ]
        table(
            document, header, rows, widths=(1.2, 4.4, 3.2, 2.9, 3.1, 1.6), numbers=(0, 3, 4, 5), total=total
        )
    else:
        header = [t("No."), t("Drive"), t("Dates"), t("The unit's confirmed gifts (money and goods)")]
        rows = [
            [str(number), title, dates, given_cell(t, given)]
            for number, (title, dates, _target, given) in enumerate(lines, start=1)
        ]
        table(document, header, rows, widths=(1.2, 7.0, 4.0, 4.2), numbers=(0, 3), total=total)


def write_year_report(report: YearReport, path: Path, *, locale: str = "vi") -> None:
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
    subject = (
        t("Results of the {campaign} in {year}").format(campaign=report.campaign, year=report.year)
        if report.campaign
        else t("Results of the Fund for the Poor in {year}").format(year=report.year)
    )
    title(document, t("Report"), subject)
    counted = (
        t(
            "(Figures as of {date}: amounts a treasurer confirmed, corrections subtracted, gifts waiting for "
            "confirmation shown apart; people and households: those on the list when the report is made, "
            "with those who left during the year, not those added after it.)"
        )
        if report.list_of is None
        else t(  # the list of the year held its admin alone: today's is counted, and said so (decision 0452)
            "(Figures as of {date}: amounts a treasurer confirmed, corrections subtracted, gifts waiting for "
            "confirmation shown apart; people and households: those on the list of {made} (in {year} the "
            "list held no one but the organisation's administrator), with those who left during the year.)"
        )
    )
    made = t.date(report.list_of) if report.list_of is not None else ""
    paragraph(
        document,
        counted.format(date=t.date(report.as_of), made=made, year=report.year),
        italic=True,
    )

    heading(document, t("I. CARRYING OUT THE MOVEMENT"))
    drives = t("Drives running in {year}: {n}.").format(n=t.number(len(report.drives)), year=report.year)
    if whole and report.appeals:
        drives += " " + t("Appeals sent: {n}, reaching {people} people.").format(
            n=t.number(report.appeals), people=t.number(report.appeal_recipients)
        )
    paragraph(document, drives)
    # the head's own awards are the organisation's doing, not a proposal to the level above (decision 2153)
    own = [line for line in report.proposals if line.within] if whole else []
    if own:
        paragraph(
            document,
            t(
                "Awards of {year} conferred by the organisation's own head (their list goes with the "
                "dossier's letter):"
            ).format(year=report.year),
        )
        proposal_lines(document, t, own)
    paragraph(document, t("Documents issued, ways of spreading the word, meetings held:"), italic=True)
    to_fill(document)

    heading(document, t("II. RESULTS"))
    heading(document, t("1. Commitments registered and results recorded"))
    paragraph(document, members_sentence(t, report.members, report.year))
    if gave := givers_sentence(t, report):
        paragraph(document, gave)
    if whole and report.organisation_registered:  # its own is one of them (docs/decisions/0059)
        n = report.collective_commitments
        paragraph(
            document,
            t("Collective commitments registered: {n}, its own and {units} of its units.").format(
                n=t.number(n), units=t.number(n - 1)
            )
            if n > 1
            else t("The organisation registered its own collective commitment; no unit has registered one."),
        )
    elif whole:
        paragraph(
            document,
            t("Units with a collective commitment: {n}.").format(n=t.number(report.collective_commitments)),
        )
    else:
        paragraph(
            document,
            t("The unit registered its collective commitment.")
            if report.collective_commitments
            else t("The unit has not registered a collective commitment."),
        )
    criteria_table(document, t, report.criteria)
    initiatives_paragraphs(document, t, report)

    heading(document, t("2. Contributions to the Fund for the Poor and the drives"))
    paragraph(document, confirmed_sentence(t, report))
    where_the_gifts_went(document, t, report, whole=whole)

    if whole:
        heading(document, t("3. Support for people in hardship"))
        if report.cases_supported:
            supported = t("Hardship cases supported: {n}; support delivered: {totals}.").format(
                n=t.number(report.cases_supported), totals=totals_text(t, report.support)
            )
            if report.households_outside and not report.commune:  # an office's help outside (decision 2249)
                supported += " " + t(
                    "Of them, households not on the organisation's list (poor households it helps where they "
                    "live): {n}."
                ).format(n=t.number(report.households_outside))
            paragraph(document, supported)
        else:
            paragraph(document, t("No support to hardship cases was recorded this year."))
        heading(
            document, t("4. Results by hamlet or street group") if report.commune else t("4. Results by unit")
        )
        _units_table(document, t, report)
    if report.poverty is not None:
        heading(
            document,
            t("{n}. Households out of poverty").format(n=5 if whole else 3),
        )
        poverty_paragraphs(document, t, report.poverty, units=whole)

    heading(document, t("III. ASSESSMENT"))
    paragraph(document, t("1. Strengths:"), italic=True)
    to_fill(document)
    paragraph(document, t("2. Shortcomings and their causes:"), italic=True)
    to_fill(document)
    heading(document, t("IV. TASKS FOR {year}").format(year=report.year + 1))
    to_fill(document)
    heading(document, t("V. PROPOSALS"))
    if above := [line for line in report.proposals if not (whole and line.within)]:
        paragraph(
            document,
            t("Award proposals of {year} (their list goes with the dossier's letter):").format(
                year=report.year
            ),
        )
        proposal_lines(document, t, above)
    to_fill(document, 2)
    signed(document, t, report, whole=whole)
    save(document, path)


def proposal_lines(document: Document, t: Translator, proposals: list[ProposalCount]) -> None:
    """Under “V. Proposals”: each award with how many people, households and collectives were proposed for it,
    and how many were awarded once the council decided (no name: the names go with the dossier)."""
    for line in proposals:
        whom = nominees_text(
            t.locale, people=line.people, households=line.households, collectives=line.collectives
        )
        said = t("{award}: {whom}.").format(award=line.award, whom=whom)
        if line.awarded:
            awarded = nominees_text(
                t.locale,
                people=line.awarded_people,
                households=line.awarded_households,
                collectives=line.awarded_collectives,
            )
            said = t("{award}: {whom}; awarded: {awarded}.").format(
                award=line.award, whom=whom, awarded=awarded
            )
        paragraph(document, "- " + said)


def signed(document: Document, t: Translator, report: YearReport | PhaseReport, *, whole: bool) -> None:
    """The report's foot: where it goes, and who signs — the organisation's head (for its head where the
    organisation says so), or the unit's, who has no seal to stamp it with (decision 1191)."""
    closing(
        document,
        recipients=[t("…………… (to report);"), t("Filed: archive.")],
        signer=(report.head_title or _default_head(t, report))
        if whole
        else unit_head(report.unit or "", t.locale) or t("Head of the unit"),
        on_behalf=(report.signs_for or _default_board(t, report)) if whole else None,
        locale=t.locale,
        seal=whole,
    )


def _default_head(t: Translator, report: YearReport | PhaseReport) -> str:
    """Who signs where the office set no title: a commune's Front committee signs as its chair (decision
    1500), an office as its head."""
    if getattr(report, "commune", False):
        return t("Chair")
    return t("Head of the organisation")


def _default_board(t: Translator, report: YearReport | PhaseReport) -> str | None:
    """For whom a commune's chair signs where the office set nothing: the Front committee's standing board
    (“TM. Ban Thường trực”); an office's head signs for no one."""
    if getattr(report, "commune", False) and not report.head_title:
        return t("On behalf of the standing board")
    return None


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _unit_row(t: Translator, number: str, name: str, line: UnitLine) -> list[str]:
    members, given = line.members, line.confirmed
    registered, people = members.at_work()
    return [
        number,
        name,
        # a hamlet of households, or a unit whose every person is on long leave (decision 0849): no “0/0”
        f"{t.number(registered)}/{t.number(people)}" if people else "—",
        _households_cell(t, members),
        *money_cells(t, line),
        t.number(given.labour_days),
    ]


def _households_cell(t: Translator, members: Members) -> str:
    """The households registered of the listed (“1.000/1.001”); none listed, “—”."""
    if not members.households:
        return "—"
    return f"{t.number(members.registered_households)}/{t.number(members.households)}"


def by_block_rows(
    t: Translator, lines: list[tuple[str, UnitLine]], row: Callable[[str, str, UnitLine], list[str]]
) -> tuple[list[list[str]], list[int]]:
    """A units table's rows (`row(number, name, line)`) and which are bold: where units are in Khối thi đua,
    a bold row per block (I, II…) with its subtotal, its units numbered within it, units in no block last;
    else the units numbered in order. The year's report and the period's review group them alike."""
    groups = by_block(lines, lambda named: named[1].block)
    rows: list[list[str]] = []
    bold: list[int] = []
    for index, (block, members) in enumerate(groups, start=1):
        if len(groups) > 1 or block is not None:
            subtotal = UnitLine(block or t("Units in no block"))
            for _name, line in members:
                subtotal.members.add(line.members)
                subtotal.confirmed.add_all(line.confirmed)
                subtotal.together |= line.together  # its money, less its other units', is said below
                subtotal.kinds_together |= line.kinds_together  # its goods less the others' are theirs
            bold.append(len(rows))
            roman = _ROMAN[index - 1] if index <= len(_ROMAN) else str(index)
            rows.append(row(roman, subtotal.name, subtotal))
        for number, (name, line) in enumerate(members, start=1):
            rows.append(row(str(number), name, line))
    return rows, bold


def _units_table(document: Document, t: Translator, report: YearReport) -> None:
    """One row per unit (people of no unit last, if any), the organisation's totals last, grouped by Khối
    thi đua where units are in blocks (`by_block_rows`)."""
    lines = [(line.name, line) for line in report.units]
    if report.without_unit is not None:
        lines.append((t("No unit"), report.without_unit))
    rows, bold = by_block_rows(t, lines, lambda number, name, line: _unit_row(t, number, name, line))
    if report.together is not None:
        rows.append(together_row(t, report.together, 7))
    total = report.members
    registered, people = total.at_work()  # those on long leave apart (decision 0837)
    # the whole less the units' goods read apart would be the goods one or two gave (decision 0378)
    whole = UnitLine("", confirmed=report.confirmed)
    whole.kinds_together = any(line.kinds_together for _name, line in lines) or bool(
        report.together and report.together.kinds_together
    )
    table(
        document,
        [
            t("No."),
            t("Hamlet or street group") if report.commune else t("Unit"),
            t("People registered"),
            t("Households registered"),
            t("Money"),
            t("Goods"),
            t("Labour days"),
        ],
        rows,
        widths=(1.2, 3.5, 2.0, 1.9, 3.0, 2.8, 1.9),
        numbers=(0, 2, 3, 4, 5, 6),
        bold_rows=bold,
        total=[
            "",
            t("Total"),
            f"{t.number(registered)}/{t.number(people)}",
            _households_cell(t, total),
            *money_cells(t, whole),
            t.number(report.confirmed.labour_days),
        ],
    )


def poverty_sentences(t: Translator, counts: StandingCounts) -> list[str]:
    """The review's counts in three sentences (no name: a report may go to anyone)."""
    sentences = [
        t(
            "Poor households: {poor_start} at the start of the year, {poor} now; near-poor households: "
            "{near_start} at the start of the year, {near} now."
        ).format(
            poor_start=t.number(counts.poor_start),
            poor=t.number(counts.poor),
            near_start=t.number(counts.near_poor_start),
            near=t.number(counts.near_poor),
        ),
        t("Households out of poverty this year: {n}; fallen into poverty (again or newly): {fell}.").format(
            n=t.number(counts.got_out), fell=t.number(counts.fell_in)
        ),
    ]
    if counts.pledged:
        sentences.append(
            t("Households that pledged to escape poverty: {n}; of them out of poverty: {out}.").format(
                n=t.number(counts.pledged), out=t.number(counts.pledged_got_out)
            )
        )
    return sentences


def standing_label(t: Translator, standing: str | None) -> str:
    return {
        "poor": t("poor household"),
        "near_poor": t("near-poor household"),
        "out": t("newly out of poverty"),
        "none": t("not poor"),
    }.get(standing or "", t("not reviewed"))


def standings_text(t: Translator, record: HouseholdRecord, years: list[int]) -> str:
    """A household's standing year by year as the review recorded it: “năm 2025: hộ nghèo; năm 2026: hộ mới
    thoát nghèo” (a year it was not recorded is left out)."""
    return "; ".join(
        t("in {year}: {standing}").format(year=year, standing=standing_label(t, standing))
        for year, standing in record.shown(years)
    )


def household_review_sentences(t: Translator, record: HouseholdRecord, years: list[int]) -> list[str]:
    """A household's achievement report on its own review: its standing in each year, then each pledge to
    escape poverty it kept, as a commune's office writes them."""
    sentences = [
        t("In the review of poor and near-poor households, year by year: {standings}.").format(
            standings=standings_text(t, record, years)
        )
    ]
    for year in record.kept(years):
        sentences.append(
            t(
                "The household pledged to escape poverty in {year} and kept its pledge: out of poverty in "
                "the review of {year}."
            ).format(year=year)
        )
    return sentences


def household_review_line(t: Translator, record: HouseholdRecord, years: list[int]) -> str:
    """The same in one line of a chat: the standings, and the years a pledge was kept."""
    line = t("Poverty review: {standings}").format(standings=standings_text(t, record, years))
    if kept := record.kept(years):
        line += "; " + t("pledge to escape poverty kept ({years})").format(
            years=", ".join(str(year) for year in kept)
        )
    return line


def _poverty_row(t: Translator, number: str, name: str, counts: StandingCounts) -> list[str]:
    return [
        number,
        name,
        f"{t.number(counts.poor_start)} → {t.number(counts.poor)}",
        f"{t.number(counts.near_poor_start)} → {t.number(counts.near_poor)}",
        t.number(counts.got_out),
        t.number(counts.fell_in),
        f"{t.number(counts.pledged_got_out)}/{t.number(counts.pledged)}" if counts.pledged else "—",
    ]


def poverty_paragraphs(document: Document, t: Translator, figures: StandingFigures, *, units: bool) -> None:
    """The poverty review's part of section II: the counts, and in the organisation's report a table hamlet
    by hamlet (of the households the review or a pledge names)."""
    for said in poverty_sentences(t, figures.total):
        paragraph(document, said)
    if not units or not figures.units:
        return
    lines = list(figures.units)
    if figures.without_unit is not None:
        lines.append((t("No unit"), figures.without_unit))
    table(
        document,
        [
            t("No."),
            t("Unit"),
            t("Poor (start → now)"),
            t("Near-poor (start → now)"),
            t("Out of poverty"),
            t("Fallen in"),
            t("Pledged: out/pledged"),
        ],
        [_poverty_row(t, str(n), name, counts) for n, (name, counts) in enumerate(lines, start=1)],
        widths=(1.2, 3.6, 2.6, 2.6, 2.0, 1.8, 2.6),
        numbers=(0, 2, 3, 4, 5, 6),
        total=_poverty_row(t, "", t("Total"), figures.total),
    )
