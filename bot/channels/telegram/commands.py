"""The command menu Telegram shows next to the text box: per language, and per role in a person's own chat.
These are the commands the flows already understand (handlers/registry.py)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.methods import SetMyCommands
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.domain.access import LEDGER_ROLES, UNIT_COMMITMENT_ROLES
from bot.i18n import LOCALES, _, current_locale


def _member() -> list[tuple[str, str]]:
    return [
        ("menu", _("Main menu")),
        ("dangky", _("Register my commitment")),
        ("donggop", _("Record a contribution")),
        ("tiendo", _("My progress")),
        ("trogiup", _("Help")),
        ("huy", _("Cancel what I am doing")),
        ("ngonngu", _("Language / Ngôn ngữ")),
    ]


def commands_for(roles: frozenset[str] | set[str], locale: str) -> list[BotCommand]:
    token = current_locale.set(locale)
    try:
        entries = _member()
        # A hint of what the flows offer: they check the roles' scopes (bot.domain.access) when used.
        if UNIT_COMMITMENT_ROLES & set(roles):
            entries.insert(2, ("donvi", _("My unit's commitment")))
        if LEDGER_ROLES & set(roles):
            entries.insert(2, ("tracuu", _("Look up a contribution")))
        return [BotCommand(command=name, description=text) for name, text in entries]
    finally:
        current_locale.reset(token)


async def set_default_commands(bot: Bot, default_locale: str) -> None:
    """Members' commands for all: the default language without a code, each language by its code."""
    await bot(SetMyCommands(commands=commands_for(set(), default_locale), scope=BotCommandScopeDefault()))
    for locale in LOCALES:
        await bot(
            SetMyCommands(
                commands=commands_for(set(), locale), scope=BotCommandScopeDefault(), language_code=locale
            )
        )
