"""The award dossier's letter with its list (“Tờ trình đề nghị khen thưởng (kèm danh sách)”) as a Word
draft, in the administrative shape of bot.documents: the organisation as issuer, "TTr-…" as the symbol, the
title, whom it is addressed to (who confers the award), a paragraph citing the campaign, the list of standing
proposals (people, then units), the dossier's checklist with its number of copies, and the closing. The same
file for `chungtay award dossier` and for the chat (handlers/awards.py).

What only the writer knows (the number, the place, the organisation's abbreviation in the symbol) stays
dotted: a draft to finish and sign, never a paper with invented words (docs/decisions/0047)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import documents
from bot.domain.awards import Dossier, ProposalLine
from bot.i18n import translate

SYMBOL = "TTr-…"
WIDTHS = (1.2, 3.8, 2.8, 3.2, 5.5)  # centimetres: 16.5, the text's width on A4 with the decree's margins


def write_dossier(dossier: Dossier, path: Path, *, locale: str, on: date) -> None:
    def t(text: str) -> str:
        return translate(locale, text)

    form = dossier.form
    document = documents.new_document()
    documents.official_header(
        document, issuer=dossier.organisation, parent=None, number=SYMBOL, on=on, locale=locale
    )
    documents.title(
        document,
        t("Proposal"),
        t("On proposing the award of {award} for {year}").format(award=form.title, year=dossier.year),
    )
    documents.addressed_to(document, t("To: {recipient}").format(recipient=form.conferred_by))
    documents.paragraph(
        document,
        t(
            "Carrying out the {campaign}, {organisation} respectfully proposes that {recipient} consider "
            "awarding the {award} for {year} to {people} individual(s) and {units} collective(s) with "
            "achievements in the movement (list attached)."
        ).format(
            campaign=dossier.campaign,
            organisation=dossier.organisation,
            recipient=form.conferred_by,
            award=form.title,
            year=dossier.year,
            people=len(dossier.people),
            units=len(dossier.collectives),
        ),
    )
    documents.heading(document, t("LIST OF THOSE PROPOSED"))
    lines = [*dossier.people, *dossier.collectives]
    documents.table(
        document,
        [t("No."), t("Full name / Collective"), t("Position"), t("Unit"), t("Summary of achievements")],
        [_row(number, line, locale) for number, line in enumerate(lines, start=1)],
        widths=WIDTHS,
        numbers=(0,),
    )
    if not lines:
        documents.paragraph(document, t("(No proposal yet.)"), italic=True)
    documents.heading(
        document, t("Dossier enclosed ({copies} copy/copies):").format(copies=f"{form.copies:02d}")
    )
    for item in form.dossier:
        documents.paragraph(document, f"□ {item}")
    documents.paragraph(document, t("Respectfully submitted for consideration and decision."))
    documents.closing(
        document,
        recipients=[t("As above;"), t("Filed: records office, {dots}").format(dots=documents.DOTS)],
        signer=t("Head of the organisation"),
        locale=locale,
    )
    documents.save(document, path)


def _row(number: int, line: ProposalLine, locale: str) -> list[str]:
    if line.name is None:  # the unit itself
        return [
            str(number),
            translate(locale, "Collective: {unit}").format(unit=line.unit),
            "",
            line.unit,
            line.summary,
        ]
    position = line.position or (translate(locale, "Household") if line.kind == "household" else "")
    return [str(number), line.name, position, line.unit, line.summary]
