"""argparse's own refusals of a command's words (“the following arguments are required”, a command not
known) in the office's language, as the shell's other lines (`bot.cli._shell`, docs/decisions/1660).

argparse translates itself: every word it says goes through the `gettext` and `ngettext` it imported,
under gettext's process-wide domain and the language of the terminal (LANGUAGE, LANG), with `.mo` files
installed under the interpreter. The office's language is a setting, not the terminal's, and our catalogs
are compiled in memory (`bot.i18n.translations`): for one parse, `speaking` gives argparse the shell's
`Translator` in their place. Its msgids, argparse's English word for word, are marked here for the
catalogs; its help (“usage:”, “options”) is not, and stays English as `--help` does (1127)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from bot.config import t  # marks argparse's words for the catalogs; argparse looks them up itself
from bot.i18n import Translator


def plural(singular: str, plural: str, n: int) -> str:
    """Marks a plural of argparse's for the catalogs."""
    return singular


# What argparse says of a command's words (Python 3.11's argparse.py), and the line `bot.cli._Parser` says
# them in.
WORDS = (
    t("%(prog)s: error: %(message)s (see: %(prog)s --help)"),
    t("argument %(argument_name)s: %(message)s"),
    t("invalid choice: %(value)r (choose from %(choices)s)"),
    t("the following arguments are required: %s"),
    t("unrecognized arguments: %s"),
    t("one of the arguments %s is required"),
    t("not allowed with argument %s"),
    t("expected one argument"),
    t("expected at most one argument"),
    t("expected at least one argument"),
    plural("expected %s argument", "expected %s arguments", 2),
    t("ambiguous option: %(option)s could match %(matches)s"),
    t("invalid %(type)s value: %(value)r"),
    t("ignored explicit argument %r"),
)


@contextlib.contextmanager
def speaking(translator: Translator) -> Iterator[None]:
    """argparse's words through `translator` while the command's words are parsed, then its own again."""
    own = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translator, translator.plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = own  # type: ignore[attr-defined]


def whole_number(text: str) -> int:
    """An argparse type for a page, an id, a row or a count: a whole number, refused in the parse's language
    with an example, not as argparse's “invalid int value”, which names Python's type (decision 1737)."""
    try:
        return int(text)
    except ValueError:
        refused = said(t("{typed} is not a whole number: write it in figures, e.g. 2"))
        raise argparse.ArgumentTypeError(refused.format(typed=repr(text))) from None


def speaker() -> Translator:
    """The translator argparse speaks through in a parse (for a number in the reader's figures too): the
    office's while `speaking`, else English."""
    words = argparse._  # type: ignore[attr-defined]
    return words if isinstance(words, Translator) else Translator("en")


def said(message: str) -> str:
    """One of the shell's own words in a parse (the line a refusal is said in, an argument's type refusing
    it), in the language argparse speaks there: the office's while `speaking`, else English."""
    return argparse._(message)  # type: ignore[attr-defined]
