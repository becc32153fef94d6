"""The minutes of the awards council's meeting (“Biên bản họp Hội đồng Thi đua – Khen thưởng”) as a Word
draft, in the shape of the decree's template for minutes (bot.documents): the council under its organisation,
"BB-…" as the symbol and no place and date line in the header (minutes state when and where in their body),
the title with the year; the time, the place, the members present, who chaired and who kept the minutes, all
dotted; then, for each award form of the year with standing proposals, the nominees as the form's letter
lists them (bot.award_dossier: the same rows, order and wording) with a column for the vote, dotted; the
members' opinions and the conclusion, dotted; the closing time; the secretary's and the chair's signatures.

One document for every award of the year: the council meets once and reviews them all. Who attended, how
they voted and what they concluded only the council knows: it stays dotted, never invented
(docs/decisions/0047)."""

from __future__ import annotations

from pathlib import Path

from bot import documents
from bot.award_dossier import listed, nominee_cells, proposed_text
from bot.domain.awards import Minutes, ProposalLine, also_proposed
from bot.i18n import format_date, translate

SYMBOL = "BB-…"
VOTES = "………/………"  # votes in favour / members voting, written in by hand
WIDTHS = (1.2, 4.5, 3.3, 4.0, 3.5)  # centimetres: 16.5, the text's width on A4 with the decree's margins
DOTS = documents.DOTS
WHEN = "……"  # an hour, a day, a month: room for two digits
HANDWRITTEN = dict.fromkeys(("hour", "minute", "day", "month", "year"), WHEN)  # when the meeting was
BLANK = "…" * 24  # a name or a place, written in by hand


def write_minutes(minutes: Minutes, path: Path, *, locale: str) -> None:
    """Write `minutes` to `path` (DOCX). Undated: the meeting's day is written in by hand."""

    def t(text: str) -> str:
        return translate(locale, text)

    council = t("Emulation and awards council")
    document = documents.new_document()
    documents.official_header(
        document, issuer=council, parent=minutes.organisation, number=SYMBOL, on=None, locale=locale
    )
    documents.title(
        document,
        t("Minutes"),
        t("Meeting of the emulation and awards council to review the award proposals of {year}").format(
            year=minutes.year
        ),
    )
    documents.centred(
        document, t("(Carrying out the {campaign})").format(campaign=minutes.campaign), italic=True
    )
    for text in (
        t("Opened at: {hour}:{minute}, on {day}/{month}/{year}.").format(**HANDWRITTEN),
        t("Place: {dots}").format(dots=BLANK),
        t("Attending: members of the {council} of {organisation}, {dots} of {dots} present:").format(
            council=council, organisation=minutes.organisation, dots=DOTS
        ),
    ):
        documents.paragraph(document, text)
    documents.to_fill(document, 4)
    for text in (
        t("Absent: {dots}").format(dots=BLANK),
        t("Chaired by: {dots}").format(dots=BLANK),
        t("Secretary: {dots}").format(dots=BLANK),
    ):
        documents.paragraph(document, text)

    documents.heading(document, t("CONTENT"))
    reviewed = (
        t("The council reviewed the hamlets' award proposals of {year} and voted on each; the results:")
        if minutes.commune
        else t("The council reviewed the units' award proposals of {year} and voted on each; the results:")
    )
    documents.paragraph(document, reviewed.format(year=minutes.year))
    header = [t("No."), t("Full name / Collective"), t("Position"), t("Unit"), t("Votes in favour / total")]
    also = also_proposed(line for dossier in minutes.dossiers for line in dossier.people)
    for number, dossier in enumerate(minutes.dossiers, start=1):
        whom = proposed_text(dossier, locale)
        documents.heading(document, f"{number}. {dossier.award} ({whom})")
        documents.table(
            document,
            header,
            [
                [str(row), *_voted_on(line, locale, also.get(line.id, [])), VOTES]
                for row, line in enumerate(listed(dossier), start=1)
            ],
            widths=WIDTHS,
        )
    documents.heading(document, t("Opinions of the members:"))
    documents.to_fill(document, 2)
    documents.heading(document, t("CONCLUSION"))
    documents.to_fill(document, 3)
    documents.paragraph(
        document, t("The meeting closed at {hour}:{minute}, on {day}/{month}/{year}./.").format(**HANDWRITTEN)
    )
    documents.signatures(
        document,
        (t("Secretary"), t("(Signature and full name)")),
        (t("Chairing the meeting"), t("(Signature, full name and seal)")),
    )
    documents.save(document, path)


def _voted_on(line: ProposalLine, locale: str, also: list[str]) -> list[str]:
    """The nominee as the letter lists them; a person who left the organisation since they were proposed with
    the day they left beside their name, so the council knows it before it votes (docs/decisions/0265); one
    moved to another unit since, in the unit they work in now with the unit that proposed them; one who
    stands proposed for other awards of the year too, with those awards (docs/decisions/0296)."""
    name, position, unit = nominee_cells(line, locale)
    if also:
        name = translate(locale, "{name} (also proposed for {awards})").format(
            name=name, awards="; ".join(also)
        )
    if line.left_on is not None:
        name = translate(locale, "{name} (left on {day})").format(
            name=name, day=format_date(line.left_on, locale)
        )
    if line.moved:
        unit = translate(locale, "{unit} (moved from {proposing}, which proposed them)").format(
            unit=unit, proposing=line.unit
        )
    return [name, position, unit]
