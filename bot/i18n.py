"""Gettext catalogs (vi default, en) and Babel formatting of money and dates.

The locale of the person being answered lives in a context variable that the conversation engine sets
for each inbound message, so flows simply call `_("...")`."""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from bot.clock import LOCAL_TZ
from bot.config import PROJECT_ROOT

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"
LOCALE_DIR = PROJECT_ROOT / "locales"
_BABEL_LOCALE = {"vi": "vi_VN", "en": "en_US"}

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


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


def _(message: str) -> str:
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def babel_locale(locale: str | None = None) -> str:
    return _BABEL_LOCALE.get(locale or current_locale.get(), "vi_VN")


def format_vnd(amount: int, locale: str | None = None) -> str:
    """1200000 → "1.200.000 ₫" (vi) or "₫1,200,000" (en): whole đồng, never decimals."""
    return format_currency(amount, "VND", locale=babel_locale(locale), currency_digits=True)


def format_number(value: int, locale: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(locale))


def format_date(value: date | datetime, locale: str | None = None) -> str:
    """Dates read dd/mm/yyyy in both languages (Vietnamese paperwork style); datetimes are shown local."""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return babel_format_date(value, "dd/MM/yyyy", locale=babel_locale(locale))


def format_datetime(value: datetime, locale: str | None = None) -> str:
    local = value.astimezone(LOCAL_TZ)
    return f"{local.hour:02d}:{local.minute:02d} {format_date(local)}"
