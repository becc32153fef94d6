"""Vietnamese first, English complete: every UI string is extracted, translated in both catalogs, and
keeps its placeholders; money and dates are formatted by Babel."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.channels.telegram.commands import ENGLISH_NAMES
from bot.config import PROJECT_ROOT
from bot.i18n import (
    LOCALE_DIR,
    LOCALES,
    Translator,
    format_date,
    format_datetime,
    format_vnd,
    translate,
    translate_plural,
)

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# The calls that carry UI text, as the Makefile's `locales` target extracts them (I18N_KEYWORDS):
# turn.t("…"), t("…"), t.plural(…), translate(locale, "…"), translate_plural(locale, …).
KEYWORDS = {**DEFAULT_KEYWORDS, "t": None, "plural": (1, 2), "translate": (2,), "translate_plural": (2, 3)}


@functools.cache  # the code does not change during a run: extracted once, not once per test (decision 0182)
def _code_msgids() -> frozenset[str]:
    ids: set[str] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            PROJECT_ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return frozenset(ids)


def _key(msgid: str | tuple[str, ...]) -> str:
    """A message's key as the code's extraction gives it: a plural one by its singular."""
    return msgid if isinstance(msgid, str) else msgid[0]


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def test_the_template_lists_exactly_the_strings_in_the_code() -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        template = {_key(m.id) for m in read_po(fh) if m.id}
    code = _code_msgids()
    assert code - template == set(), "run `make locales` and translate the new strings"
    assert template - code == set(), "the template has strings the code no longer uses: run `make locales`"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated_with_its_placeholders(locale: str) -> None:
    catalog = _catalog(locale)
    code = _code_msgids()
    translated = {_key(m.id): m for m in catalog if m.id}
    assert code - set(translated) == set()
    for msgid in code:
        message = translated[msgid]
        assert message.string, f"{locale}: untranslated {msgid!r}"
        assert not message.fuzzy, f"{locale}: fuzzy {msgid!r}"
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for form in forms:  # each form of a count has the placeholders of its msgid
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(ids[-1])), msgid


def test_vietnamese_addresses_the_person_as_anh_chi() -> None:
    catalog = _catalog("vi")
    questions = [
        m.string if isinstance(m.string, str) else m.string[0]
        for m in catalog
        if m.id and _key(m.id).rstrip().endswith("?") and "{" not in _key(m.id)[:1]
    ]
    assert questions and all("anh/chị" in q.lower() or "Anh/chị" in q for q in questions), [
        q for q in questions if "anh/chị" not in q.lower()
    ]


def test_money_and_dates_read_as_vietnamese_paperwork() -> None:
    assert format_vnd(1_200_000, "vi") == "1.200.000\xa0₫"
    assert format_vnd(1_200_000, "en") == "₫1,200,000"
    assert format_date(date(2026, 12, 15), "vi") == "15/12/2026"
    # 17:30 UTC on 14 Dec is already 15 Dec in Vietnam.
    assert format_datetime(datetime(2026, 12, 14, 17, 30, tzinfo=UTC), "vi") == "00:30 15/12/2026"
    assert format_datetime(datetime(2026, 12, 14, 17, 30, tzinfo=UTC), "en") == "00:30 15/12/2026"


@pytest.mark.parametrize("locale", LOCALES)
def test_translate_gives_the_catalog_string_of_the_named_locale(locale: str) -> None:
    catalog = {m.id: m.string for m in _catalog(locale) if m.id}
    for msgid in ("Main menu", "Welcome back! Everything you recorded is still here.", "‹ Previous"):
        assert translate(locale, msgid) == catalog[msgid]
    assert translate("vi", "Main menu") != translate("en", "Main menu")
    # Not in the catalogs: the msgid itself, for one or many.
    assert translate_plural(locale, "{n} photo", "{n} photos", 1) == "{n} photo"
    assert translate_plural(locale, "{n} photo", "{n} photos", 2) == "{n} photos"


def test_a_translator_speaks_its_locale_only() -> None:
    vi, en = Translator("vi"), Translator("en")
    assert vi("Main menu") == translate("vi", "Main menu")
    assert en("Main menu") == translate("en", "Main menu")
    assert (vi.vnd(1_200_000), en.vnd(1_200_000)) == ("1.200.000\xa0₫", "₫1,200,000")
    assert (vi.number(1200), en.number(1200)) == ("1.200", "1,200")
    assert vi.date(date(2026, 12, 15)) == en.date(date(2026, 12, 15)) == "15/12/2026"
    assert vi.datetime(datetime(2026, 12, 14, 17, 30, tzinfo=UTC)) == "00:30 15/12/2026"
    assert vi.plural("{n} day", "{n} days", 2) == "{n} days"


@pytest.mark.parametrize(
    ("locale", "forms"), [("en", "nplurals=2; plural=(n != 1);"), ("vi", "nplurals=1; plural=0;")]
)
def test_each_catalog_says_how_its_language_counts_and_fills_every_form(locale: str, forms: str) -> None:
    """English has "1 labour day" and "2 labour days"; Vietnamese one form ("1 ngày công", "2 ngày công")."""
    catalog = _catalog(locale)
    assert catalog.plural_forms == forms
    plurals = [m for m in catalog if isinstance(m.id, tuple)]
    assert plurals, "the texts that count something are written with t.plural"
    for message in plurals:
        assert len(message.string) == catalog.num_plurals and all(message.string), message.id


def test_english_counts_agree_with_their_nouns_and_vietnamese_keeps_one_form() -> None:
    """Every text that counts (a count before its noun), rendered with 1 and with 2: "1 people", "1 labour
    days", "Up to 1 people can join" read wrong to an English reader."""
    from bot.domain.notices import figure_text
    from handlers.wording import labour_days

    en, vi = Translator("en"), Translator("vi")
    assert (labour_days(en, 1), labour_days(en, 2)) == ("1 labour day", "2 labour days")
    assert (labour_days(vi, 1), labour_days(vi, 2)) == ("1 ngày công", "2 ngày công")
    assert (figure_text("en", "labour", 1), figure_text("en", "labour", 3)) == (
        "1 labour day",
        "3 labour days",
    )
    one = en.plural(
        "Invite code for members of {unit}: {code}\nUp to {uses} person can join with it until {until}.",
        "Invite code for members of {unit}: {code}\nUp to {uses} people can join with it until {until}.",
        1,
    )
    assert "Up to {uses} person can join" in one
    for message in (m for m in _catalog("en") if isinstance(m.id, tuple)):
        singular, plural = message.id
        assert translate_plural("en", singular, plural, 1) == message.string[0] != message.string[1]
        assert translate_plural("en", singular, plural, 2) == message.string[1]
        assert translate_plural("vi", singular, plural, 1) == translate_plural("vi", singular, plural, 2)
    # a text that is not a plural entry puts no count before a counted noun (decision 0750: “1 proposals
    # still waiting”, “all 1 standing proposals”, “registered 1 labour days”, “1 recipients”, “1 households”
    # slipped in), but where the count is never 1 where it is shown
    counted = re.compile(
        r"\{[a-z_]+\} (?:labour |standing |more |wrong |\{[a-z_]+\} )?(?:people|members|households|givers|"
        r"units|cases|recipients|proposals|days|contributions|entries|gifts|handovers|hamlets|photos|rows|"
        r"characters|accounts|initiatives|tries|times)\b"
    )
    one_form = {m.id for m in _catalog("en") if isinstance(m.id, str) and m.id and counted.search(m.string)}
    assert {text for text in one_form if not text.startswith(NEVER_ONE)} == set()


# Texts with a count before a plural noun that stay one form (decisions 0155, 0750), by their beginnings:
NEVER_ONE = (
    # limits and thresholds, never 1
    "I found no header row in the first {rows} rows",
    "More than {n} people match.",
    "Now: {summary}\nType the achievements",
    "Please type the appeal as text, up to {max}",
    "That is longer than {max} days.",
    # a pack held thirty days or more since its ceremony (decision 1462)
    "Packs an officer has kept to hand over later for {days} days or more",
    "You have been keeping {pack} for {case} to hand over later ({money}) for {days} days now.",
    "{holder} has been keeping a pack of {date} ({money}) to hand over later for {days} days now,",  # 1551
    "That is {n} characters;",
    "is {length} characters long; at most {most} are allowed",  # a plan's or settings file's text, 60 or more
    "{days} days off in one run; at most {most}",  # a settings file's holidays, more than their most
    "That number is longer than {limit} characters.",
    "the new name is longer than {limit} characters",
    "--ref must be 1 to {limit} characters",  # 60, the shell's `award decide`
    "{option} must be 1 to {limit} characters",  # 100 or 200, the shell's `org signer`
    "That sheet has more than {rows} rows",
    "That statement has more than {rows} rows.",
    "That year, {month} has {days} days",
    "The achievements of {nominee} in the movement",
    "The photo is kept, but its words are {n} characters",
    "This contribution already keeps {n} photos",
    "This link code was locked after {n} wrong tries.",
    "Type the whole corrected appeal (up to {max}",
    "line {line}: {name} {amount}, more than {times} times",
    "no header row in the first {rows} rows",
    "{ref}: {what}, more than the {most} days",
    "{title}\nWhat was done? One line, at most {limit}",
    "drive {code} ended on {date}, more than {days} days ago",  # RECENT_DAYS, 90 (decision 1816)
    # shown only for two or more: a list's pages, several entries together, a mixed round, more accounts of
    # one messenger, a list less one of its gifts, names shared, the lowest of more units than a chart holds
    "{n} entries, the latest first",
    "{n} contributions",
    "Record the round “{title}”, handed over {date}",
    "The round “{title}”, to be handed over {date}",
    "Recorded and confirmed: {what} for each of {n} members",
    "{n} {channel} accounts",
    "{amount} short of the total of {name}'s handover list",
    "{said}. {received} of these {of} households received it",  # some received, not all: two or more (1816)
    "{money} short of the total of {name}'s handover list",
    "; transferred {n} times the amount recorded",  # a transfer repeated: twice or more (decision 1024)
    "{n} households of that name are in {unit}",
    "{n} people are named {name}",
    "{n} people are named “{name}”",
    "The {shown} units with the lowest participation",
    # the year's and the period's papers, written in Vietnamese only (decision 0143)
    "Appeals sent: {n}, reaching {people} people.",
    "Belonging on {date}: {people} people",
    "Gifts: {n}, from ",
    "Handed over to the Fund for the Poor of the level above: {money} ({n} handovers).",
    "{registered} of {people} people ({percent}) registered",
    "and {n} more initiatives.",
    # the weekly digest's figures, counted against a unit's total (decision 0155)
    "Rank by participation:",
    "Registered: {",
    "{registered}/{",
    # the shell's reports, a share of all (“0/3 people”, “2/40 households”), never a count alone (1226)
    "Wrote {file}: {name}, {year}, figures as of",
    ", {share} households",
)


def test_english_examples_of_amounts_are_the_english_screens_own() -> None:
    """An English reader cannot know “1tr2” or “2 triệu” (decision 0293 made the millions' example “1.2m”):
    every English text that gives an amount to type gives it as the English screens do. Three had kept “1tr2”
    (a salary typed as the gift, “no” typed at the amount, a phone number typed there), and the last of them
    “123.456.789” where English amounts read “₫1,200,000” (decision 0563)."""
    vietnamese = re.compile(r"\b[0-9]+tr[0-9]*\b|\btriệu\b|\bnghìn\b|\b[0-9]+(?:\.[0-9]{3})*đ\b")
    said = {
        _key(m.id): form
        for m in _catalog("en")
        if m.id
        for form in (m.string if isinstance(m.string, tuple) else (m.string,))
        if vietnamese.search(form) or "type an amount this large with its dots" in form
    }
    assert said == {}


def test_english_texts_name_the_english_commands() -> None:
    """An English reader's command list shows /roles, not /phanquyen (decision 0156): an English text that
    sends her to a command names the one her list has. The admins' note about a held pack nobody can be
    reached about had sent them to “Roles”, /phanquyen (decision 1772)."""
    vietnamese = re.compile(r"(?<![\w/])/(" + "|".join(map(re.escape, ENGLISH_NAMES)) + r")\b")
    said = {
        _key(m.id): vietnamese.findall(form)
        for m in _catalog("en")
        if m.id
        for form in (m.string if isinstance(m.string, tuple) else (m.string,))
        if vietnamese.search(form)
    }
    assert said == {}


def test_no_text_says_a_word_twice_in_a_row() -> None:
    """“… để người ghi ghi lại khoản này …” reads as a slip on a phone, whatever the grammar: no text of
    either language says the same word twice in a row (decision 1773). A placeholder's name is no word."""
    twice = re.compile(r"(?<![\w{-])(\w+) \1\b(?!\})")
    catalogs = {locale: _catalog(locale) for locale in LOCALES}  # each read once, for both checks
    said = {
        (locale, _key(m.id)): [found.group(0) for found in twice.finditer(form)]
        for locale in LOCALES
        for m in catalogs[locale]
        if m.id
        for form in (m.string if isinstance(m.string, tuple) else (m.string,))
        if twice.search(form)
    }
    assert said == {}
    # nor does English say what a native reader stumbles on, Vietnamese word order put in English words
    # (“goods of value not known not counted”, “stands so”, “read nearly so”, “someone of your household”,
    # “as everyone”: decision 2729)
    stumbles = re.compile(
        r"of value not known|\bstands so\b|\bread nearly so\b|\b(?:someone|are) of (?:your|this) household"
        r"|\bas everyone\b"
    )
    stumbled = [
        form
        for m in catalogs["en"]
        if m.id
        for form in (m.string if isinstance(m.string, tuple) else (m.string,))
        if stumbles.search(form)
    ]
    assert stumbled == []
