"""The award dossier's letter with its list (“Tờ trình đề nghị khen thưởng (kèm danh sách)”) as a Word
draft, in the administrative shape of bot.documents: who sends it, "TTr-…" as the symbol, the title, whom it
is addressed to (who confers the award), a paragraph citing the campaign, the list of standing proposals
(people, then units), the rest of the dossier's checklist with its number of copies, and the closing. The same
file for `chungtay award dossier` and for the chat (handlers/awards.py).

Who sends it depends on who confers the award (bot.domain.awards.conferred_within). The organisation's own
head: the organisation's awards council proposes to the head and signs for the council (the head does not
propose to themself). An authority above: the organisation proposes, and its head signs and sends it up.

What only the writer knows (the number, the place, the organisation's abbreviation in the symbol) stays
dotted: a draft to finish and sign, never a paper with invented words (docs/decisions/0047)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import documents
from bot.domain.awards import Dossier, ProposalLine
from bot.i18n import Translator, translate
from bot.text import as_household, fold

SYMBOL = "TTr-…"
LETTER, LIST = "to trinh", "danh sach"  # how a plan's checklist names this letter and its list, folded
WIDTHS = (1.2, 3.8, 2.8, 3.2, 5.5)  # centimetres: 16.5, the text's width on A4 with the decree's margins


def write_dossier(dossier: Dossier, path: Path, *, locale: str, on: date) -> None:
    def t(text: str) -> str:
        return translate(locale, text)

    form = dossier.form
    council = t("Emulation and awards council")
    # The letter's sender: the organisation's awards council for its own head's award, else the organisation.
    sender = council if dossier.within else dossier.organisation
    document = documents.new_document()
    documents.official_header(
        document,
        issuer=sender,
        parent=dossier.organisation if dossier.within else None,
        number=SYMBOL,
        on=on,
        locale=locale,
    )
    documents.title(
        document,
        t("Proposal"),
        t("On proposing the award of {award} for {year}").format(award=dossier.award, year=dossier.year),
    )
    recipient = dossier.conferred_by  # the head by the title the office set (decision 0056), else the plan's
    documents.addressed_to(document, t("To: {recipient}").format(recipient=recipient))
    documents.paragraph(
        document,
        t(
            "Carrying out the {campaign}, {organisation} respectfully proposes that {recipient} consider "
            "awarding the {award} for {year} to {whom} with achievements in the movement (list attached)."
        ).format(
            campaign=dossier.campaign,
            organisation=(
                t("the emulation and awards council of {organisation}").format(
                    organisation=dossier.organisation
                )
                if dossier.within
                else dossier.organisation
            ),
            recipient=recipient,
            award=dossier.award,
            year=dossier.year,
            whom=proposed_text(dossier, locale),
        ),
    )
    documents.heading(document, t("LIST OF THOSE PROPOSED"))
    lines = listed(dossier)
    documents.table(
        document,
        [t("No."), t("Full name / Collective"), t("Position"), t("Unit"), t("Summary of achievements")],
        [_row(number, line, locale) for number, line in enumerate(lines, start=1)],
        widths=WIDTHS,
        numbers=(0,),
    )
    documents.heading(
        document, t("Dossier enclosed ({copies} copy/copies):").format(copies=f"{form.copies:02d}")
    )
    for item in enclosed(form.dossier, locale):
        documents.paragraph(document, f"□ {item}")
    documents.paragraph(document, t("Respectfully submitted for consideration and decision."))
    documents.closing(
        document,
        recipients=[t("As above;"), t("Filed: records office, {dots}").format(dots=documents.DOTS)],
        on_behalf=t("On behalf of the {council}").format(council=council)
        if dossier.within
        else dossier.signs_for,
        signer=t("Chair") if dossier.within else dossier.head_title or t("Head of the organisation"),
        locale=locale,
    )
    documents.save(document, path)


def enclosed(checklist: list[str], locale: str) -> list[str]:
    """The plan's dossier checklist as this letter encloses it: the letter itself left out (a paper is not its
    own attachment), the list it carries named in its place when the plan's item says it goes with it
    (“Tờ trình đề nghị khen thưởng (kèm danh sách)”)."""
    items = []
    for item in checklist:
        folded = fold(item)
        if not folded.startswith(LETTER):
            items.append(item)
        elif LIST in folded:
            items.append(translate(locale, "List of those proposed (above)"))
    return items


def _row(number: int, line: ProposalLine, locale: str) -> list[str]:
    return [str(number), *nominee_cells(line, locale), line.summary]


def nominee_cells(line: ProposalLine, locale: str) -> list[str]:
    """Who is proposed as the letter's list names them, and the council's minutes after it: the name (“Tập
    thể …” for the unit itself), the position and the unit (a person's now, as their position: decision
    0296)."""
    if line.name is None:  # the unit itself
        return [translate(locale, "Collective: {unit}").format(unit=line.unit), "", line.unit]
    return [*named(line), line.works_in]


def named(line: ProposalLine) -> tuple[str, str]:
    """A person's name and position as the lists write them (the letter's, the minutes', the decision's). A
    household holds no position: its name says what it is (“Hộ ông Trần Văn Ba”, “Hộ” put before a name the
    list wrote bare), and “Hộ gia đình” from the staff list's position column is not written beside it as if
    it were one."""
    assert line.name is not None
    if line.kind == "household":
        return as_household(line.name), ""
    return line.name, line.position or ""


def listed(dossier: Dossier) -> list[ProposalLine]:
    """The letter's list in its order: the people (staff and households), then the units themselves."""
    return [*dossier.people, *dossier.collectives]


def proposed_text(dossier: Dossier, locale: str, *, collectives_first: bool = False) -> str:
    """Who stands proposed for the dossier's award, counted as a letter says it."""
    return nominees_text(
        locale,
        people=sum(1 for line in dossier.people if line.kind != "household"),
        households=sum(1 for line in dossier.people if line.kind == "household"),
        collectives=len(dossier.collectives),
        collectives_first=collectives_first,
    )


def nominees_text(
    locale: str, *, people: int, households: int, collectives: int, collectives_first: bool = False
) -> str:
    """Who is proposed, as a letter says it: "1 cá nhân, 2 hộ gia đình và 1 tập thể", leaving out what is
    none (a household is not an individual); a decision names the collectives first ("cho 3 tập thể và 12
    cá nhân")."""
    t = Translator(locale)
    counted = [
        (people, t.plural("{n} individual", "{n} individuals", people)),
        (households, t.plural("{n} household", "{n} households", households)),
        (collectives, t.plural("{n} collective", "{n} collectives", collectives)),
    ]
    if collectives_first:
        counted.insert(0, counted.pop())
    parts = [text.format(n=t.number(n)) for n, text in counted if n]
    if len(parts) < 2:
        return "".join(parts)
    return t("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])
