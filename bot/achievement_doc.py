"""The achievement report (báo cáo thành tích) as a Word draft (bot/documents.py), in the shape the award
dossier asks for (Mẫu số 07, Decree 91/2017/NĐ-CP): the header (the unit, under its organisation), the
title with the award and the year, the movement the achievements were in; I. who it is about; II. the
figures the bot holds for the year, the results recorded listed, then dotted lines for what only the writer
can tell (measures taken, initiatives, other achievements, earlier awards); III. the proposal with the summary
the leader typed; the two signatures; then, on a page of its own, the annex of evidence: the photos sent
through the bot of the gifts and results the report reports, each under its caption (docs/decisions/0062).
A household's report is the household's: its name, its head and
situation to fill in (no career), its achievements opened by its standing in the commune's poverty review year
by year and the pledge to escape poverty it kept (docs/decisions/0110), signed by its representative. The
organisation's own is a unit's report of the whole organisation, issued by it and signed by its head
(docs/decisions/0060).

Nothing is invented: a figure comes from the database, every judgement is left to the people who sign
(docs/decisions/0049)."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from bot.documents import (
    DOTS,
    centred,
    heading,
    new_document,
    official_header,
    paragraph,
    save,
    signatures,
    table,
    title,
    to_fill,
    unit_head,
)
from bot.domain.achievement import (
    AchievementReport,
    AnnexPhoto,
    GiftShown,
    PersonFigures,
    Pledge,
    Registration,
)
from bot.domain.notices import contribution_words, decision_words
from bot.domain.results import ResultLine
from bot.domain.year_report import Totals
from bot.i18n import Translator, drive_named
from bot.media import printable
from bot.year_report_doc import (
    confirmed_sentence,
    counted_text,
    criteria_table,
    drives_table,
    household_review_sentences,
    members_sentence,
    target_text,
    unvalued_cell,
)
from bot.year_report_doc import reached as share_reached

if TYPE_CHECKING:
    from docx.document import Document

# The annex prints at most this many photos (the rest are counted), each at most this tall: two to a page.
ANNEX_PHOTOS = 40
PHOTO_HEIGHT_CM = 11
PHOTO_DPI = 150  # a small picture is not blown up past this


def write_achievement_report(
    report: AchievementReport, path: Path, *, media_dir: Path, locale: str = "vi", on: date
) -> None:
    """Write `report` to `path` (DOCX), dated `on`, its evidence photos read from `media_dir`."""
    t = Translator(locale)
    document = new_document()
    person = report.person
    official_header(
        document,
        issuer=report.unit,
        parent=None if report.itself else report.organisation,
        number=None if person is not None else "BC",  # a person's own report carries no number
        on=on,
        locale=locale,
    )
    title(
        document,
        t("Achievement report"),
        t("Proposed for {award} in {year}").format(award=report.award, year=report.year),
    )
    centred(
        document,
        t("(Outstanding achievements in the {campaign})").format(campaign=report.campaign),
        italic=True,
    )
    paragraph(
        document,
        t(
            "Figures compiled by Chung Tay as of {date}: gifts only as a treasurer confirmed them in {year}, "
            "corrections subtracted; results of {year} as they were recorded, those withdrawn or set aside "
            "left out. Please complete the dotted parts before signing."
        ).format(date=t.date(report.as_of), year=report.year),
        italic=True,
    )
    if person is not None:
        _person(document, t, report, person)
    else:
        _collective(document, t, report)

    heading(document, t("III. PROPOSAL"))
    nominee = (
        person.name
        if person is not None
        else t("the organisation {organisation}").format(organisation=report.unit)
        if report.itself
        else t("the unit {unit}").format(unit=report.unit)
    )
    paragraph(
        document,
        t("Proposed to {recipient}: {award} for {year}, for {nominee}.").format(
            recipient=report.conferred_by, award=report.award, year=report.year, nominee=nominee
        ),
    )
    paragraph(
        document,
        t("Summary of achievements in the proposal:")
        if report.itself
        else t("Summary of achievements in the unit's proposal:"),
        italic=True,
    )
    paragraph(document, report.summary)
    if person is not None and person.kind == "household":  # its representative signs, over no printed name
        signatures(
            document,
            _confirmed_by(t, report),
            (t("For the household"), t("(Signature and full name)")),
        )
    elif person is not None:
        signatures(
            document,
            _confirmed_by(t, report),
            (t("The person reporting"), t("(Signature and full name)")),
            name=person.name,
        )
    elif report.itself:  # its head by the title the office set (decision 0056), else the generic one
        head = (report.unit_report and report.unit_report.head_title) or t("Head of the organisation")
        signatures(
            document,
            (t("Confirmed by the level proposing the award"), t("(Signature and seal)")),
            (head, t("(Signature and seal)")),
        )
    else:  # a unit's head, named as its name says, has no seal to stamp it with (decisions 1191, 1991)
        signatures(
            document,
            (t("Confirmed by the level proposing the award"), t("(Signature and seal)")),
            (
                unit_head(report.unit, t.locale) or t("The unit's head, reporting"),
                t("(Signature and full name)"),
            ),
        )
    _annex(document, t, report, media_dir)
    save(document, path)


def _confirmed_by(t: Translator, report: AchievementReport) -> tuple[str, str]:
    """Who confirms a person's or a household's report: the head of their unit, by the title its name gives
    (“Trưởng phòng”, “Trưởng thôn”), who has no seal, as on the unit's own report (decisions 1991, 2062);
    where the name does not say, the decree's “Thủ trưởng đơn vị”, with its seal."""
    head = unit_head(report.person.unit, t.locale) if report.person and report.person.unit else None
    if head is None:
        return t("Confirmed by the head of the unit"), t("(Signature and seal)")
    return t("Confirmed by the {head}").format(head=head), t("(Signature and full name)")


def _annex(document: Document, t: Translator, report: AchievementReport, media_dir: Path) -> None:
    """“Phụ lục: Minh chứng” on a new page: each photo (ANNEX_PHOTOS at most, then how many more are kept)
    over its caption, never parted from it; a photo that cannot be read keeps its caption, with a note; no
    photo at all is said in one line, so the office knows none was sent rather than wonder."""
    head = centred(document, t("Annex: evidence").upper())
    head.runs[0].bold = True
    head.paragraph_format.page_break_before = True
    if not report.evidence:
        paragraph(document, t("No evidence photo has been sent through Chung Tay."))
        return
    lead = (
        t("Photos sent through Chung Tay as evidence of the results listed in this report ({year}).")
        if report.person is None
        else t(
            "Photos sent through Chung Tay as evidence of the gifts confirmed and the results listed in this "
            "report ({year})."
        )
    )
    paragraph(document, lead.format(year=report.year), italic=True)
    for number, photo in enumerate(report.evidence[:ANNEX_PHOTOS], start=1):
        _photo(document, t, number, photo, media_dir)
    if (more := len(report.evidence) - ANNEX_PHOTOS) > 0:
        paragraph(
            document,
            t(
                "More evidence photos kept in Chung Tay, not printed here: {n}. The office can ask for them."
            ).format(n=t.number(more)),
            italic=True,
        )


def _photo(document: Document, t: Translator, number: int, photo: AnnexPhoto, media_dir: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Emu, Pt

    picture = printable(media_dir, photo.path)
    caption = t("Photo {n}.").format(n=number) + " " + "; ".join(_shows(t, item) for item in photo.shows)
    if picture is None:
        caption += " " + t("(could not open the photo)")
    else:
        section = document.sections[-1]
        room = section.page_width - section.left_margin - section.right_margin
        width = min(
            room,
            int(Cm(PHOTO_HEIGHT_CM) * picture.width / picture.height),
            int(Cm(2.54) * picture.width / PHOTO_DPI),
        )
        holder = document.add_paragraph()
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        holder.paragraph_format.space_before = Pt(10)
        holder.paragraph_format.space_after = Pt(2)
        holder.paragraph_format.keep_with_next = True  # the picture stays on its caption's page
        holder.add_run().add_picture(BytesIO(picture.jpeg), width=Emu(width))
    line = paragraph(document, caption, italic=True)
    line.paragraph_format.first_line_indent = None
    if picture is None:
        line.paragraph_format.space_before = Pt(10)  # apart from the caption above, as a picture would be
    line.paragraph_format.keep_together = True
    line.runs[0].font.size = Pt(12)


def _shows(t: Translator, item: GiftShown | ResultLine) -> str:
    """What the photo is evidence of, dated: a gift with its amount and reference code, or a result with
    its item, how many and what was done."""
    if isinstance(item, GiftShown):
        # as every notice says a gift (“100 USD, thực nhận 2.540.000 ₫”: decision 0779)
        said = contribution_words(t.locale, item.kind, item.amount, item.labour_days, item.description)
        what = said.removeprefix(", ")
        shown = t("Gift to {drive}: {what}, confirmed ({ref})").format(
            drive=drive_named(t.locale, item.drive) if item.drive else t("the Fund for the Poor"),
            what=what,
            ref=item.ref,
        )
        return f"{t.date(item.given_at)} – {shown}"
    quantity = t("done") if item.measure == "yes_no" else t.number(item.quantity)
    shown = t("Result – {item}: {quantity}; {what}").format(
        item=item.criterion, quantity=quantity, what=item.description
    )
    return f"{t.date(item.recorded_at)} – {shown}"


def _person(document: Document, t: Translator, report: AchievementReport, person: PersonFigures) -> None:
    if person.kind == "household":
        _household(document, t, report, person)
    else:
        heading(document, t("I. BRIEF PERSONAL DETAILS"))
        paragraph(document, t("- Full name: {name}").format(name=person.name))
        paragraph(document, t("- Position: {position}").format(position=person.position or DOTS))
        paragraph(
            document,
            t("- Unit: {unit}, {organisation}").format(
                unit=person.unit or report.unit, organisation=report.organisation
            ),
        )
        paragraph(document, t("Year of birth, home town, qualifications, years of service:"), italic=True)
        to_fill(document, 2)

    heading(document, t("II. ACHIEVEMENTS"))
    if report.poverty is not None:  # a household's heart of it: how it stood in the review, year by year
        for sentence in household_review_sentences(t, report.poverty, report.review_years):
            paragraph(document, sentence)
    heading(document, t("1. Registration for the movement in {year}").format(year=report.year))
    _registration(document, t, person.registration, report.year, reached=True)

    heading(document, t("2. Contributions to the Fund for the Poor and the drives"))
    if not person.gifts:
        paragraph(document, t("No contribution confirmed by a treasurer in {year}.").format(year=report.year))
    else:
        totals = counted_text(t, person.confirmed, person.confirmed.unvalued)
        paragraph(
            document,
            t("Confirmed by a treasurer: {totals}; money and goods together {value}. Gifts: {n}.").format(
                totals=totals, value=t.vnd(person.confirmed.value), n=t.number(person.gifts)
            )
            if person.confirmed.value
            # rice with no value, labour days: no “tổng giá trị … 0 ₫”, as the year's report (decision 0573)
            else t("Confirmed by a treasurer: {totals}. Gifts: {n}.").format(
                totals=totals, n=t.number(person.gifts)
            ),
        )
        if person.reversals:
            paragraph(
                document,
                t("Confirmed gifts corrected by a reversal entry (subtracted above): {n}.").format(
                    n=t.number(person.reversals)
                ),
            )
        table(
            document,
            [t("No."), t("Drive"), t("Money"), t("Goods (value)"), t("Labour days")],
            [
                [
                    str(number),
                    line.title or t("The Fund for the Poor, outside the drives"),
                    t.vnd(line.given.money),
                    _goods_cell(t, line.given),
                    t.number(line.given.labour_days),
                ]
                for number, line in enumerate(person.drives, start=1)
            ],
            widths=(1.2, 5.8, 3.1, 3.9, 2.5),
            numbers=(0, 2, 3, 4),
        )
    _to_write(document, t, report)


def _goods_cell(t: Translator, given: Totals) -> str:
    """A drive's goods in the person's table: their value, and those given with no value counted, never
    “0 ₫” for two sacks of rice (decisions 0412, 0549)."""
    if not given.unvalued:
        return t.vnd(given.goods)
    items = unvalued_cell(t, given.unvalued)
    return f"{t.vnd(given.goods)}; {items}" if given.goods else items


def _household(document: Document, t: Translator, report: AchievementReport, person: PersonFigures) -> None:
    """Who a household is: its name as listed, its head to write in (the record does not say who it is), where
    it belongs, and its situation to tell instead of a career."""
    heading(document, t("I. ABOUT THE HOUSEHOLD"))
    paragraph(document, t("- Household: {name}").format(name=person.name))
    paragraph(document, t("- Head of the household: {dots}").format(dots=DOTS))
    paragraph(
        document,
        t("- A household of: {unit}, {organisation}").format(
            unit=person.unit or report.unit, organisation=report.organisation
        ),
    )
    paragraph(
        document,
        t("The household's situation (members, livelihood, economic circumstances):"),
        italic=True,
    )
    to_fill(document, 2)


def _collective(document: Document, t: Translator, report: AchievementReport) -> None:
    unit = report.unit_report
    assert unit is not None
    heading(document, t("I. ABOUT THE UNIT"))
    paragraph(
        document,
        t("- Organisation: {organisation}").format(organisation=report.organisation)
        if report.itself
        else t("- Unit: {unit}, {organisation}").format(unit=report.unit, organisation=report.organisation),
    )
    people = t("- People: {people}").format(people=t.number(unit.members.people))
    if unit.members.households:
        people += "; " + t("households: {households}").format(households=t.number(unit.members.households))
    paragraph(document, people)
    paragraph(document, t("Functions and tasks, organisation, staff:"), italic=True)
    to_fill(document, 2)

    heading(document, t("II. ACHIEVEMENTS"))
    heading(document, t("1. Registration for the movement in {year}").format(year=report.year))
    _registration(document, t, report.collective, report.year, reached=False, itself=report.itself)
    paragraph(document, members_sentence(t, unit.members, report.year))
    criteria_table(document, t, unit.criteria)

    heading(document, t("2. Contributions to the Fund for the Poor and the drives"))
    paragraph(document, confirmed_sentence(t, unit))
    if unit.reversals:
        paragraph(
            document,
            t("Confirmed gifts corrected by a reversal entry (subtracted above): {n}.").format(
                n=t.number(unit.reversals)
            ),
        )
    drives_table(document, t, unit)
    _to_write(document, t, report)


def _registration(
    document: Document,
    t: Translator,
    registration: Registration | None,
    year: int,
    *,
    reached: bool,
    itself: bool = False,
) -> None:
    """The registration's date and its targets, with what was confirmed toward each (a person's, `reached`;
    a unit's collective registration, or the organisation's own, `itself`: toward its money items, what its
    treasurers confirmed, as the digest reads a unit's money commitment) and what was recorded toward an item
    counted in numbers or done once."""
    if registration is None:
        paragraph(
            document,
            t("No registration for {year} in Chung Tay.").format(year=year)
            if reached
            else t("The organisation has not registered a collective commitment.")
            if itself
            else t("The unit has not registered a collective commitment."),
        )
        return
    registered = (
        t("Registered on {date}")
        if reached
        else t("The organisation's collective commitment registered on {date}")
        if itself
        else t("The unit's collective commitment registered on {date}")
    )
    when = registered.format(date=t.date(registration.registered_on))
    if registration.amended_on is not None:
        when += ", " + t("last amended on {date}").format(date=t.date(registration.amended_on))
    paragraph(document, when + ".")
    results = any(pledge.recorded is not None for pledge in registration.pledges)
    confirmed = reached or any(pledge.confirmed is not None for pledge in registration.pledges)
    header = [t("No."), t("Item registered"), t("Target")]
    widths: tuple[float, ...] = (1.2, 10.2, 5.1)
    if confirmed:
        header += [t("Confirmed or recorded") if results else t("Confirmed"), t("Reached")]
        widths = (1.2, 6.5, 3.2, 3.4, 2.2)
    elif results:
        header += [t("Recorded"), t("Reached")]
        widths = (1.2, 6.5, 3.2, 3.4, 2.2)
    rows = []
    for number, pledge in enumerate(registration.pledges, start=1):
        row = [str(number), pledge.title, target_text(t, pledge.measure, pledge.target)]
        if confirmed or results:
            row += _done(t, pledge)
        rows.append(row)
    table(document, header, rows, widths=widths, numbers=(0, *range(2, len(header))))


def _done(t: Translator, pledge: Pledge) -> list[str]:
    """What was done toward a pledge and how much of it: confirmed gifts, or results recorded (a yes/no
    done or not yet); "—" where the bot counts nothing toward it (an item no gift fulfils nor result is
    recorded toward); a unit's gifts of one or two people said as given, their figure not (decision 0314)."""
    if pledge.recorded is not None and pledge.measure == "yes_no":
        return [t("done") if pledge.recorded else t("not recorded yet"), "—"]
    if pledge.held:  # one or two people's gifts: said in part 2 why not (decision 0314)
        return [t("given, not shown (see part 2)"), "—"]
    done = pledge.recorded if pledge.recorded is not None else pledge.confirmed
    if done is None:
        return ["—", "—"]
    return [target_text(t, pledge.measure, done), share_reached(done, pledge.target)]


def _to_write(document: Document, t: Translator, report: AchievementReport) -> None:
    """The results recorded (a unit's: its collective's), then what only the people who sign can tell."""
    heading(document, t("3. Measures, initiatives and other achievements"))
    if report.results:
        paragraph(
            document,
            t("Results recorded on Chung Tay in {year} (initiatives, households helped…):").format(
                year=report.year
            ),
        )
        table(
            document,
            [t("No."), t("Date"), t("Item"), t("How many"), t("What was done")],
            [
                [
                    str(number),
                    t.date(result.recorded_at),
                    result.criterion,
                    t("done") if result.measure == "yes_no" else t.number(result.quantity),
                    result.description,
                ]
                for number, result in enumerate(report.results, start=1)
            ],
            widths=(1.2, 2.5, 4.2, 2.0, 6.5),
            numbers=(0, 3),
        )
    for prompt in (
        t("Measures and ways of working that brought these results:"),
        t("Initiatives, good models, people or households helped:"),
        t("Other achievements in the movement:"),
    ):
        paragraph(document, prompt, italic=True)
        to_fill(document, 2)
    paragraph(document, t("Awards received earlier (form, decision number, date):"), italic=True)
    for earlier in report.earlier:  # those recorded on Chung Tay; others are written in by hand
        decision = decision_words(t, earlier.ref, earlier.on)
        said = t("{award}, {year}").format(award=earlier.award, year=earlier.year)
        paragraph(document, f"- {said}" + (f" ({decision})" if decision else ""))
    to_fill(document, 1 if report.earlier else 2)
