"""Vietnamese first, English complete: every UI string is extracted, translated in both catalogs, and
keeps its placeholders; money and dates are formatted by Babel."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

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


def _code_msgids() -> set[str]:
    ids: set[str] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            PROJECT_ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def test_the_template_lists_exactly_the_strings_in_the_code() -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    code = _code_msgids()
    assert code - template == set(), "run `make locales` and translate the new strings"
    assert template - code == set(), "the template has strings the code no longer uses: run `make locales`"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated_with_its_placeholders(locale: str) -> None:
    catalog = _catalog(locale)
    code = _code_msgids()
    translated = {m.id: m for m in catalog if m.id}
    assert code - set(translated) == set()
    for msgid in code:
        message = translated[msgid]
        assert message.string, f"{locale}: untranslated {msgid!r}"
        assert not message.fuzzy, f"{locale}: fuzzy {msgid!r}"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid)), msgid


def test_vietnamese_addresses_the_person_as_anh_chi() -> None:
    catalog = _catalog("vi")
    questions = [m.string for m in catalog if m.id and m.id.rstrip().endswith("?") and "{" not in m.id[:1]]
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
