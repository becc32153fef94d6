"""Gettext catalogs (vi default, en) and Babel formatting of money and dates.

Every text is translated for a named locale: the locale of the person who will read it, passed explicitly
(`translate(locale, …)`, or a `Translator` bound to it, such as the one a turn carries for the person it
answers). A notice to someone else is rendered in their locale, never in the language of whoever caused it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from bot.clock import LOCAL_TZ
from bot.config import LOCALES as LOCALES  # the languages with a catalog, read from here by the rest
from bot.config import PROJECT_ROOT
from bot.text import fold, quoted

DEFAULT_LOCALE = "vi"
# The files the bot makes (award papers, reports, statements, letters) are filed, signed, posted or sent in
# Vietnamese, whatever language the chat that asked for them speaks (docs/decisions/0143).
PAPER_LOCALE = "vi"
# The operator's shell (`chungtay …`) speaks English as its help does, as do the chat's lines it prints
# (an invite's “members of Khoa Nội · 3 of 3 uses left”; docs/decisions/0324); but the first hour's
# commands, which speak DEFAULT_LOCALE (`bot.cli._shell`, docs/decisions/1127).
SHELL_LOCALE = "en"
LOCALE_DIR = PROJECT_ROOT / "locales"
_BABEL_LOCALE = {"vi": "vi_VN", "en": "en_US"}


@cache
def translations(locale: str) -> NullTranslations:
    """Compile the .po catalog in memory with Babel: no generated .mo files to keep in step."""
    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return NullTranslations()
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def translate(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def translate_plural(locale: str, singular: str, plural: str, n: int) -> str:
    return translations(locale).ngettext(singular, plural, n)


def drive_named(locale: str, title: str) -> str:
    """A drive named in a sentence, its noun before its title (“đợt vận động “Tết 2026””, “the drive
    “Tết 2026””), the noun's words the title already begins with left out, so that a title of its own words
    reads once: “Vận động Tết” → “đợt “Vận động Tết””, “Đợt quyên góp lũ lụt” → the title alone (a title
    beginning with the noun's first word is a noun of its own). Lower case, as inside a sentence: a sentence
    it begins goes through `sentence`. Every text that names a drive after its noun says it so."""
    template = translate(locale, "the drive {title}")
    before, _, after = template.partition("{title}")
    noun = before.split()
    words = fold(title).split()
    folded = [fold(word) for word in noun]
    keep = len(noun)
    for n in range(len(noun), 0, -1):  # the longest end of the noun the title begins with
        if words[:n] == folded[-n:]:
            keep = len(noun) - n
            break
    else:
        if words and folded and words[0] == folded[0]:
            keep = 0
    named = " ".join([*noun[:keep], quoted(title)])
    return named + after


def sentence(text: str) -> str:
    """`text` with its first letter in upper case: a sentence that begins with a name made for the middle of
    one (`drive_named`)."""
    return text[:1].upper() + text[1:]


def babel_locale(locale: str) -> str:
    return _BABEL_LOCALE.get(locale, "vi_VN")


def format_vnd(amount: int, locale: str) -> str:
    """1200000 → "1.200.000 ₫" (vi) or "₫1,200,000" (en): whole đồng, never decimals.

    Babel's own output, taken apart once per locale (`_vnd_shape`) and put together with Python's grouping:
    the same text, about twenty times faster (a digest formats thousands of amounts)."""
    if not isinstance(amount, int):
        return format_currency(amount, "VND", locale=babel_locale(locale), currency_digits=True)
    prefix, suffix, group, minus = _vnd_shape(locale)
    digits = f"{abs(amount):,}".replace(",", group)
    return f"{minus if amount < 0 else ''}{prefix}{digits}{suffix}"


@cache
def _vnd_shape(locale: str) -> tuple[str, str, str, str]:
    """(text before the digits, text after, the grouping mark, the minus sign with what precedes the
    prefix), read from Babel's rendering of two probe amounts."""
    babel = babel_locale(locale)
    positive = format_currency(1234567, "VND", locale=babel, currency_digits=True)
    negative = format_currency(-1234567, "VND", locale=babel, currency_digits=True)
    first, last = positive.index("1"), positive.rindex("7")
    prefix, suffix, group = positive[:first], positive[last + 1 :], positive[first + 1]
    minus = negative[: negative.index(prefix + "1")] if prefix else negative[: negative.index("1")]
    return prefix, suffix, group, minus


def format_number(value: int, locale: str) -> str:
    """1234567 → "1.234.567" (vi) or "1,234,567" (en). Whole numbers are put together as `format_vnd` does
    (Babel's grouping mark and minus sign, read once per locale); anything else goes to Babel."""
    if not isinstance(value, int):
        return format_decimal(value, locale=babel_locale(locale))
    group, minus = _number_shape(locale)
    return f"{minus if value < 0 else ''}{abs(value):,}".replace(",", group)


@cache
def _number_shape(locale: str) -> tuple[str, str]:
    """(the grouping mark, the minus sign) from Babel's rendering of a negative probe number."""
    negative = format_decimal(-1234567, locale=babel_locale(locale))
    first = negative.index("1")
    return negative[first + 1], negative[:first]


def format_date(value: date | datetime, locale: str) -> str:
    """Dates read dd/mm/yyyy in both languages (Vietnamese paperwork style); datetimes are shown local."""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return _formatted_day(value, locale)


@lru_cache(maxsize=4096)
def _formatted_day(value: date, locale: str) -> str:
    """Babel's formatting of a day, kept: a digest or a list writes the same few days hundreds of times
    (about 9 µs a call otherwise)."""
    return babel_format_date(value, "dd/MM/yyyy", locale=babel_locale(locale))


def format_month(value: date, locale: str) -> str:
    """A day's month and year as the dates show them (“02/2027”)."""
    return babel_format_date(value, "MM/yyyy", locale=babel_locale(locale))


def format_datetime(value: datetime, locale: str) -> str:
    local = value.astimezone(LOCAL_TZ)
    return f"{local.hour:02d}:{local.minute:02d} {format_date(local, locale)}"


@dataclass(frozen=True)
class Translator:
    """Texts, money and dates for one reader: `t("…")`, `t.plural(…)`, `t.vnd(amount)`, `t.date(day)`.
    The catalogs are extracted from calls to `t(…)` and `t.plural(…)` (Makefile, `locales`)."""

    locale: str

    def __call__(self, message: str) -> str:
        return translate(self.locale, message)

    def plural(self, singular: str, plural: str, n: int) -> str:
        return translate_plural(self.locale, singular, plural, n)

    def vnd(self, amount: int) -> str:
        return format_vnd(amount, self.locale)

    def number(self, value: int) -> str:
        return format_number(value, self.locale)

    def date(self, value: date | datetime) -> str:
        return format_date(value, self.locale)

    def datetime(self, value: datetime) -> str:
        return format_datetime(value, self.locale)

    def month(self, value: date) -> str:
        """A day's month and year as the dates show them (“02/2027”): a monthly round's own words (0921)."""
        return format_month(value, self.locale)

    def day_of_week(self, value: date) -> str:
        """A day with its weekday (“Chủ Nhật, 29/11/2026”, “Sunday, 29/11/2026”): to say which day a weekday
        or “hôm kia” typed was read as (decision 0657)."""
        return f"{babel_format_date(value, 'EEEE', locale=self.locale)}, {self.date(value)}"

    def long_date(self, value: date) -> str:
        """A day with its month in words (“5 tháng 11, 2026”, “November 5, 2026”): what no order of figures
        can confuse, to say which day a statement's “05/11/2026” was read as."""
        return babel_format_date(value, "long", locale=self.locale)
