"""The command menu Telegram shows next to the text box: per language, and per role in a person's own chat.
These are the commands the flows already understand (handlers/registry.py)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.methods import SetMyCommands
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeDefault

from bot.domain.access import ROLE_COMMANDS
from bot.i18n import LOCALES, Translator


def _member(t: Translator) -> list[tuple[str, str]]:
    return [
        ("menu", t("Main menu")),
        ("dangky", t("Register my commitment")),
        ("donggop", t("Record a contribution")),
        ("tiendo", t("My progress")),
        ("ketqua", t("Record a result")),
        # What /trogiup names for everyone is here to press too (decision 0358).
        ("saoke", t("Public statement")),
        ("tracuu", t("Look up a contribution")),
        ("congkhai", t("My name on the statement")),
        ("nhacnho", t("Optional reminders on or off")),
        ("trogiup", t("Help")),
        ("huy", t("Cancel what I am doing")),
        ("ngonngu", t("Language / Ngôn ngữ")),
        ("lienket", t("Link a messenger")),
        ("dulieu", t("My data, and stopping the bot")),  # decision 0676
    ]


# Each command's English name (handlers/registry.py registers both): an English reader's list shows these, so
# what it offers is what the English help and texts name (decision 0156).
ENGLISH_NAMES = {
    "dangky": "register",
    "donggop": "give",
    "tiendo": "progress",
    "ketqua": "result",
    "trogiup": "help",
    "huy": "cancel",
    "ngonngu": "language",
    "lienket": "link",
    "dulieu": "mydata",
    "saoke": "statement",
    "congkhai": "publicname",
    "nhacnho": "reminders",
    "donvi": "unit",
    "tracuu": "lookup",
    "xacnhan": "queue",
    "baocao": "digest",
    "baocaonam": "yearreport",
    "baocaogiaidoan": "phasereport",
    "hoancanh": "cases",
    "hongheo": "poverty",
    "dotvandong": "drives",
    "keugoi": "appeal",
    "mamoi": "invite",
    "ghithay": "onbehalf",
    "ngaycong": "labourday",
    "nhahaotam": "donor",
    "khautruluong": "payroll",
    "daghithay": "collected",
    "dekhenthuong": "awards",
    "phanquyen": "roles",
    "taikhoan": "account",
}


def commands_for(roles: frozenset[str] | set[str], locale: str) -> list[BotCommand]:
    t = Translator(locale)
    entries = _member(t)
    # A hint of what the flows offer: they check the roles' scopes (bot.domain.access) when used.
    held = set(roles)
    if ROLE_COMMANDS["donvi"] & held:
        # Made from roles alone, before any organisation is read: words true of an office's unit and of a
        # commune's hamlet alike (decision 0225), not the menu's “Đăng ký của đơn vị”.
        entries.insert(2, ("donvi", t("Our collective's commitment")))
    # The work of each role, after the member's own commands, as the menu lists it (/trogiup says the same).
    for name, text in (
        ("xacnhan", t("Contributions to confirm")),
        ("baocao", t("The digest now")),
        ("baocaonam", t("The year's report (Word)")),
        ("baocaogiaidoan", t("The period's review report (Word)")),
        ("hoancanh", t("Hardship cases")),
        ("hongheo", t("Poor and near-poor households")),
        ("dotvandong", t("Drives")),
        ("keugoi", t("Appeals")),
        ("mamoi", t("Make an invite code")),
        ("ghithay", t("Record for a household or someone else")),
        ("ngaycong", t("Labour days of a group")),
        ("nhahaotam", t("Gift from a donor outside the organisation")),
        ("khautruluong", t("Payroll deduction (the accountant's sheet)")),
        ("daghithay", t("What I recorded for others")),
        ("dekhenthuong", t("Awards")),
        ("phanquyen", t("Roles")),
        ("taikhoan", t("Account for gifts")),
    ):
        if ROLE_COMMANDS[name] & held:  # the roles each is offered to (bot.domain.access)
            entries.append((name, text))
    if locale == "en":
        entries = [(ENGLISH_NAMES.get(name, name), text) for name, text in entries]
    return [BotCommand(command=name, description=text) for name, text in entries]


def group_commands(locale: str) -> list[BotCommand]:
    """A group's “/” menu: only the way to the private chat, which /start in a group answers with. The
    members' commands there (“/tiendo”, “/donggop”) were posted for the whole group to read when pressed,
    and answered with that pointer anyway (decision 0335)."""
    t = Translator(locale)
    return [BotCommand(command="start", description=t("Open Chung Tay in a private chat"))]


async def set_default_commands(bot: Bot, default_locale: str) -> None:
    """Members' commands for all: the default language without a code, each language by its code; in
    groups, only /start (`group_commands`)."""
    await bot(SetMyCommands(commands=commands_for(set(), default_locale), scope=BotCommandScopeDefault()))
    groups = BotCommandScopeAllGroupChats()
    await bot(SetMyCommands(commands=group_commands(default_locale), scope=groups))
    for locale in LOCALES:
        await bot(
            SetMyCommands(
                commands=commands_for(set(), locale), scope=BotCommandScopeDefault(), language_code=locale
            )
        )
        await bot(SetMyCommands(commands=group_commands(locale), scope=groups, language_code=locale))
