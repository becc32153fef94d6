"""The thank-you letter for a donor's gift (thư cảm ơn) as a Word draft (bot/documents.py,
docs/decisions/0086): the organisation's administrative header with the day it is drawn up, “THƯ CẢM ƠN”,
“Kính gửi: <the donor>” (“Quý nhà hảo tâm” for one who asked not to be named), the movement and the drive
(or the Fund “Vì người nghèo”) it went to, what was given — money in figures and in words, goods with their
value, labour days — where it was received and under which code the public statement lists it, what it is
used for, the thanks and wishes, and the organisation's signer (decision 0056) over a dotted name.

The words are the organisation's usual ones for such a letter; nothing is said that the entry does not hold
(no date of a transfer, no praise of the donor's business): the office adds what it knows before it signs
and frames it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import documents
from bot.amount_words import amount_in_words
from bot.domain.money import foreign_money
from bot.domain.thanks import ThanksLetter
from bot.i18n import Translator, drive_named


def donor_text(t: Translator, letter: ThanksLetter) -> str:
    """How the letter names the donor: as recorded, or “Quý nhà hảo tâm”."""
    return letter.donor or t("Our benefactor")


def purpose_text(t: Translator, letter: ThanksLetter) -> str:
    """Where the gift went: “đợt vận động “Ủng hộ đồng bào lũ lụt””, or the Fund “Vì người nghèo”."""
    if letter.drive:
        return drive_named(t.locale, letter.drive)
    return t("the Fund for the Poor")


def given_lines(t: Translator, letter: ThanksLetter) -> list[str]:
    """What was given, a line each, as the letter states it: money in figures and in words; foreign money as
    given, with the đồng received once the treasurer wrote it; goods with their estimated value (in words
    too) when one was given; labour days."""
    if letter.kind == "money":
        return [
            t("Money: {figure} (in words: {words}).").format(
                figure=t.vnd(letter.amount_vnd), words=amount_in_words(letter.amount_vnd, t.locale)
            )
        ]
    if letter.kind == "goods" and foreign_money(letter.description or ""):
        # money, if in dollars: thanked at the đồng the bank credited, never as goods at a guess (0779)
        if not letter.amount_vnd:
            return [t("Money: {what}.").format(what=letter.description)]
        return [
            t("Money: {what}, received as {figure} (in words: {words}).").format(
                what=letter.description,
                figure=t.vnd(letter.amount_vnd),
                words=amount_in_words(letter.amount_vnd, t.locale),
            )
        ]
    if letter.kind == "goods":
        what = letter.description or ""
        if not letter.amount_vnd:
            return [t("Goods: {what}.").format(what=what)]
        return [
            t("Goods: {what}, estimated at {figure} (in words: {words}).").format(
                what=what, figure=t.vnd(letter.amount_vnd), words=amount_in_words(letter.amount_vnd, t.locale)
            )
        ]
    days = t.plural("{n} labour day", "{n} labour days", letter.labour_days).format(
        n=t.number(letter.labour_days)
    )
    return [t("Labour: {days}.").format(days=days)]


def write_thanks(letter: ThanksLetter, path: Path, *, locale: str, on: date) -> None:
    """Write `letter` to `path` (DOCX), dated `on` (the place stays dotted)."""
    t = Translator(locale)
    donor, organisation, purpose = donor_text(t, letter), letter.organisation, purpose_text(t, letter)
    document = documents.new_document()
    documents.official_header(document, issuer=organisation, parent=None, number=None, on=on, locale=locale)
    documents.title(document, t("Thank-you letter"), None)
    documents.addressed_to(document, t("To: {donor}").format(donor=donor))
    documents.paragraph(
        document,
        t(
            "Answering the emulation movement “For the poor – leave no one behind”, {donor} has kindly "
            "joined hands with {organisation} and given to {purpose}:"
        ).format(donor=donor, organisation=organisation, purpose=purpose),
    )
    for line in given_lines(t, letter):
        documents.paragraph(document, f"- {line}")
    received = t(
        "Received by {unit} on {date}, entered in the Fund's book as {ref} and listed on the public "
        "statement."
    )
    documents.paragraph(
        document,
        received.format(unit=letter.unit or organisation, date=t.date(letter.given_on), ref=letter.ref),
    )
    for text in (
        t(
            "The kindness and generous sharing of {donor} are a great encouragement, helping {organisation} "
            "care for the poor and those in hardship, so that no one is left behind. The gift is used as "
            "{purpose} intends, openly and transparently, as the rules require."
        ),
        t("{organisation} sincerely thanks {donor}, and wishes you good health, happiness and success!"),
    ):
        documents.paragraph(document, text.format(donor=donor, organisation=organisation, purpose=purpose))
    documents.closing(
        document,
        recipients=[t("As above;"), t("Filed: archive.")],
        signer=letter.head_title or t("Head of the organisation"),
        on_behalf=letter.signs_for,
        locale=locale,
        signer_name=documents.DOTS * 2,
    )
    documents.save(document, path)
