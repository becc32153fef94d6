"""The head's decision conferring an award (“Quyết định về việc tặng Giấy khen … năm …”) as a Word draft, in
the administrative shape of Decree 30/2020/NĐ-CP (bot.documents): the organisation and "QĐ-…" as the symbol,
the place and date; the title; the head who decides, by the title the organisation set (decision 0056); the
grounds ("Căn cứ …"), the one that names the organisation's own charter left dotted; “QUYẾT ĐỊNH:”;
Article 1 naming whom it awards, counted (“Tặng Giấy khen … cho 3 tập thể và 12 cá nhân … (có danh sách
kèm theo)”), Articles 2 and 3 in the usual short words; the closing; then the attached list, the collectives
first, then the individuals and households, each with their unit and the summary of achievements typed when
they were proposed.

Only for an award the organisation's own head confers (bot.domain.awards.conferred_within): a decision from
above is written above. It lists those recorded as awarded; with no outcome recorded yet, every standing
proposal, and says it is a draft made before the council's vote (docs/decisions/0063)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import documents
from bot.award_dossier import named, proposed_text
from bot.domain.awards import DecisionDraft, ProposalLine
from bot.i18n import format_date, translate

SYMBOL = "QĐ-…"
WIDTHS = (1.2, 4.8, 4.0, 6.5)  # centimetres: 16.5, the text's width on A4 with the decree's margins


def numbered(ref: str | None) -> tuple[str, str]:
    """The decision's number as its header prints it after “Số:”, split at its first “/”: the number the
    office recorded (“125/QĐ-TCN”: “125”, “QĐ-TCN”; “125” alone: “125”, “QĐ-…”), or the dots to fill in."""
    if ref is None:
        return documents.DOTS, SYMBOL
    number, slash, symbol = ref.partition("/")
    return number.strip() or documents.DOTS, symbol.strip() if slash and symbol.strip() else SYMBOL


def write_decision(draft: DecisionDraft, path: Path, *, locale: str, on: date) -> None:
    """Write `draft` to `path` (DOCX), dated the day the decision was signed when the office recorded it;
    recorded with its number and no day, signed already on a day not known, with the day to fill in as its
    list has it (docs/decisions/0637); else, a draft to sign, `on`. Numbered as recorded, else with the
    number to fill in."""

    def t(text: str) -> str:
        return translate(locale, text)

    dossier = draft.dossier
    year, organisation = dossier.year, dossier.organisation
    head = dossier.head_title or t("Head of the organisation")
    decides = dossier.decided_by or head
    council = t("Emulation and awards council")
    whom = proposed_text(dossier, locale, collectives_first=True)
    document = documents.new_document()
    number, symbol = numbered(draft.ref)
    documents.official_header(
        document,
        issuer=organisation,
        parent=None,
        number=symbol,
        on=draft.signed_on or (None if draft.ref else on),
        locale=locale,
        given=number,
        by_hand=True,
    )
    documents.title(
        document, t("Decision"), t("On awarding {award} for {year}").format(award=dossier.award, year=year)
    )
    if draft.before_vote:
        documents.centred(
            document,
            t(
                "(Draft made before the awards council's vote: it lists every standing proposal. Once the "
                "council's decisions are recorded in Chung Tay, it lists only those awarded.)"
            ),
            italic=True,
        )
    documents.centred(document, f"{decides} {organisation}".upper(), bold=True)
    for ground in (
        t("Pursuant to {dots} on the functions, tasks and powers of {organisation};").format(
            dots=documents.DOTS, organisation=organisation
        ),
        t("Pursuant to the Law on Emulation and Commendation and the documents guiding it;"),
        t("Pursuant to the plan carrying out the {campaign};").format(campaign=dossier.campaign),
        t("At the proposal of the {council} ({dots}).").format(council=council, dots=documents.DOTS),
    ):
        documents.paragraph(document, ground, italic=True)
    documents.centred(document, t("DECIDES:"), bold=True)
    for article in (
        t(
            "Article 1. To award {award} to {whom} for their achievements in the {campaign} in {year} "
            "(list attached)."
        ).format(award=dossier.award, whom=whom, campaign=dossier.campaign, year=year),
        t(
            "Article 2. The collectives and individuals named in Article 1 receive the certificate and the "
            "reward set by the regulations in force."
        ),
        t(
            "Article 3. This decision takes effect from the date of signing. The {council}, the heads of the "
            "units concerned and the collectives and individuals named in Article 1 are responsible for "
            "carrying it out."
        ).format(council=council),
    ):
        documents.paragraph(document, article)
    documents.closing(
        document,
        recipients=[t("As in Article 3;"), t("Filed: records office, {dots}").format(dots=documents.DOTS)],
        on_behalf=dossier.signs_for,
        signer=head,
        locale=locale,
    )
    _attached_list(document, draft, locale)
    documents.save(document, path)


def _attached_list(document, draft: DecisionDraft, locale: str) -> None:  # type: ignore[no-untyped-def]
    """The list the decision carries: the collectives, then the individuals and households, numbered apart
    under their own headings."""

    def t(text: str) -> str:
        return translate(locale, text)

    dossier = draft.dossier
    document.add_page_break()
    documents.title(
        document,
        t("List"),
        t("Of those awarded {award} for {year}").format(award=dossier.award, year=dossier.year),
    )
    number, symbol = numbered(draft.ref)
    day = format_date(draft.signed_on, locale) if draft.signed_on else documents.DOTS
    documents.centred(
        document,
        t("(Attached to Decision No. {number} of {day})").format(number=f"{number}/{symbol}", day=day),
        italic=True,
    )
    rows: list[list[str]] = []
    headings: list[int] = []
    for heading, lines in (
        (t("Collectives"), dossier.collectives),
        (t("Individuals and households"), dossier.people),
    ):
        if not lines:
            continue
        headings.append(len(rows))
        rows.append([("I", "II")[len(headings) - 1], f"{heading} ({len(lines)})", "", ""])
        rows.extend([str(row), *_cells(line, locale)] for row, line in enumerate(lines, start=1))
    documents.table(
        document,
        [t("No."), t("Full name / Collective"), t("Unit"), t("Summary of achievements")],
        rows,
        widths=WIDTHS,
        bold_rows=headings,
    )


def _cells(line: ProposalLine, locale: str) -> list[str]:
    if line.name is None:  # the unit itself
        return [translate(locale, "Collective: {unit}").format(unit=line.unit), line.unit, line.summary]
    name, position = named(line)
    return [f"{name}, {position}" if position else name, line.works_in, line.summary]
