"""The `chungtay` command (also `python -m bot`). Admin commands import only what they need, so they
start fast and never load a messenger SDK."""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import re
import shlex
import sys
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from bot import cli_argparse
from bot.cli_awards import AwardCliError
from bot.cli_cases import CasesCliError
from bot.cli_ledger import LedgerCliError, acting_as, day_argument, money, output_problem, year_argument
from bot.config import APIS, Refused, Settings, load_settings
from bot.i18n import DEFAULT_LOCALE, PAPER_LOCALE, Translator
from bot.logs import masked, setup_logging
from bot.text import masked_phone

if TYPE_CHECKING:
    from datetime import date

    from bot.db.models import Person
    from bot.domain.org_settings import Kept
    from bot.domain.phase_report import PhaseReport
    from bot.domain.year_report import YearReport
    from bot.startup import EnvFile


class _Count:
    """An argparse type for `invite create --uses` and `--expires-days`: a whole number from 1 to `most`, read
    and refused as the chat's steps read a count (`parse_whole`, `whole_refused`; decision 1892), in the
    parse's language: “tham số --uses: Anh/chị vui lòng nhập một số nguyên từ 1 đến 10.000, ví dụ: 2.”."""

    def __init__(self, most: int) -> None:
        self.most = most

    def __call__(self, text: str) -> int:
        from bot.domain.numbers import NumberError, parse_whole, whole_refused

        try:
            return parse_whole(text, maximum=self.most, unit_words=False)
        except NumberError:
            raise argparse.ArgumentTypeError(whole_refused(cli_argparse.speaker(), self.most)) from None


class _Parser(argparse.ArgumentParser):
    """A mistake in the command's words is one line and exit code 2, saying where the usage is written."""

    def error(self, message: str) -> NoReturn:
        said = cli_argparse.said("%(prog)s: error: %(message)s (see: %(prog)s --help)")  # cli_argparse.WORDS
        self.exit(2, said % {"prog": self.prog, "message": message} + "\n")


def _vnd(text: str) -> int:
    from bot.cli_ledger import phone_refused
    from bot.domain.money import MoneyError, parse_vnd
    from bot.domain.org_settings import DRIVE_TARGET_MAX

    try:
        return parse_vnd(text, cap=DRIVE_TARGET_MAX)
    except MoneyError as problem:
        # a phone or an account number, as the chat and the other money options say it (decisions 0418, 1736)
        example = cli_argparse.said(cli_argparse.t("--target 50000000 or 50m"))
        if (said := phone_refused(cli_argparse.said, "--target", text, problem, example)) is not None:
            raise argparse.ArgumentTypeError(said) from None
        # in the office's language while the words are parsed (cli_argparse): “50tr” is Vietnamese (1696)
        example = cli_argparse.said(cli_argparse.t("must be an amount in đồng, for example 50000000 or 50m"))
        raise argparse.ArgumentTypeError(example) from None


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# bot.db.models.ROLES, written again so that parsing the command imports no model
ROLE_CHOICES = ("member", "treasurer", "officer", "leader", "admin")
ORG_KIND_CHOICES = ("commune", "office")  # bot.db.models.ORG_KINDS
# The people of the list a new staff file does not have, named one a line up to this many.
ABSENT_SHOWN = 50


_PERSON_HELP = 'the person\'s id (see: chungtay people list), or their full name in quotes: "Vũ Thị Hoa"'


def _add_org(parser: argparse.ArgumentParser) -> None:
    """The `--org CODE` option of every command that acts in one organisation."""
    parser.add_argument("--org", help="organisation code (default: the only one)")


def _add_verbose(parser: argparse.ArgumentParser) -> None:
    """`--verbose` of a command whose report is the clerk's: the log's lines show under it only when asked."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show the log's lines too (with LOG_LEVEL=INFO, the default)",
    )


@functools.cache  # built once a process: an argparse parser keeps nothing of what it parsed
def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="chungtay", description="Chung Tay — Vì người nghèo chatbot")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database").add_subparsers(dest="action", required=True)
    upgrade = db.add_parser("upgrade", help="apply migrations up to the latest")
    # Alembic's word for the latest, as its users type it; any other is refused kindly (decision 2540)
    upgrade.add_argument("revision", nargs="?", default="head", help="head, the latest (the only one taken)")
    backup = db.add_parser("backup", help="copy the SQLite database to FILE, safely while the bot runs")
    # a string, not a Path: "backups/" (a trailing slash) means a directory even before it is looked at
    backup.add_argument("file", help="a file, or a directory to write a dated file in")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    restore = db.add_parser("restore", help="say how to restore FILE, a backup: by hand, the bot stopped")
    restore.add_argument("file", nargs="?", default="FILE", help="the backup")
    carry = db.add_parser(
        "copy", help="copy the SQLite database into a PostgreSQL one, to move to it (the bot stopped)"
    )
    carry.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the PostgreSQL database, migrated by `db upgrade`: postgresql+asyncpg://user@host/db "
        "(the password from PGPASSWORD or ~/.pgpass)",
    )
    carry.add_argument(
        "--force", action="store_true", help="empty the target's tables first (their rows are lost)"
    )

    campaign = sub.add_parser("campaign", help="campaign plans").add_subparsers(dest="action", required=True)
    load = campaign.add_parser("load", help="load (or update) a campaign plan file into an organisation")
    load.add_argument("file", type=Path)
    _add_org(load)
    _add_verbose(load)

    org = sub.add_parser("org", help="organisations and staff").add_subparsers(dest="action", required=True)
    create = org.add_parser("create", help="create an organisation")
    create.add_argument("--code", required=True, help="letters a-z, digits and dashes, e.g. bv-thach-ha")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--ref-prefix",
        help="2-6 letters its reference codes begin with (XATH: XATH-2026-000001); default: the letters "
        "of its code, or CT for the first organisation",
    )
    create.add_argument(
        "--kind",
        choices=ORG_KIND_CHOICES,
        help="a commune, ward or township (xã, phường, thị trấn: its whole “Toàn xã”, “Toàn phường” or “Toàn "
        "thị trấn”, as its name says; Fatherland Front officers) or an office (a school, a hospital, a "
        "department); unsaid: a commune once a household is listed (chungtay org kind)",
    )
    imp = org.add_parser(
        "import",
        help="import a staff list (.xlsx, .xls or CSV: unit, full_name, position, phone, role, "
        "and kind, block and “Nghỉ đến” (a long leave's last day) where the list has them; a commune's "
        "households: Thôn, Họ tên chủ hộ; a unit may be a row of its own over its people, “II. TỔ VĂN”; "
        "every sheet is read)",
    )
    imp.add_argument("file", type=Path)
    _add_org(imp)
    org_settings = org.add_parser(
        "settings", help="the organisation's local choices for a year (drives, suggested targets…)"
    ).add_subparsers(dest="settings_action", required=True)
    settings_load = org_settings.add_parser(
        "load", help="load (or update) a local settings file (TOML): drives, registration window, targets"
    )
    settings_load.add_argument("file", type=Path)
    _add_org(settings_load)
    _add_verbose(settings_load)
    report_day = org_settings.add_parser(
        "report-day",
        help="the day the units report their year's results to the office; their leaders are reminded ahead",
    )
    report_day.add_argument(
        "day", type=day_argument, metavar="DD/MM/YYYY", help="the day, e.g. 20/12/2026 (its year's report)"
    )
    _add_org(report_day)
    digest = org.add_parser(
        "digest", help="the weekly digest: its day and time, and whether it names people not registered"
    )
    _add_org(digest)
    digest.add_argument("--day", choices=WEEKDAYS, help="weekday, local time (default mon)")
    digest.add_argument("--time", type=_hhmm, help="HH:MM, local time (default 07:30)")
    digest.add_argument("--names", choices=("on", "off"), help="name people not yet registered (default off)")

    signer = org.add_parser(
        "signer", help="who signs the organisation's papers: the head's title and the body they sign for"
    )
    signer.add_argument("--title", help='the head\'s title, e.g. "Chủ tịch", "Hiệu trưởng", "Giám đốc"')
    signer.add_argument("--for", dest="signs_for", help='the body they sign for, e.g. "TM. Ủy ban nhân dân"')
    signer.add_argument("--clear", action="store_true", help="back to “Thủ trưởng cơ quan”, for nobody else")
    _add_org(signer)
    account = org.add_parser(
        "account",
        help="where gifts of money are transferred: shown on each money gift's receipt with a VietQR code",
    )
    account.add_argument(
        "--bank", help="the bank: its NAPAS BIN (970436) or short name (Vietcombank, VCB, BIDV…)"
    )
    account.add_argument("--number", help="the account number: 6 to 19 digits, e.g. 0123456789")
    account.add_argument("--holder", help='the holder as the bank writes it, e.g. "CONG DOAN TRUONG THPT A"')
    account.add_argument(
        "--qr", metavar="FILE.png", help="also write a sample QR code (10.000 ₫) to scan and check"
    )
    account.add_argument("--clear", action="store_true", help="no account: receipts say nothing of transfers")
    _add_org(account)
    units = org.add_parser("units", help="the units with their code, Khối thi đua and how many people")
    _add_org(units)
    unit_rename = org.add_parser("unit-rename", help="give a unit a new name (its code stays); audited")
    unit_rename.add_argument("unit", help="the unit: its code or its name, as `org units` shows it")
    unit_rename.add_argument("name", help='the new name, e.g. "Tổ Ngữ văn"')
    _add_org(unit_rename)
    unit_merge = org.add_parser(
        "unit-merge",
        help="move everything of one unit (people, invites, registrations, gifts, roles…) into another and "
        "remove the first; shows what would move, and does it with --yes",
    )
    unit_merge.add_argument("source", metavar="FROM", help="the unit merged away: its code or its name")
    unit_merge.add_argument("target", metavar="INTO", help="the unit that stays: its code or its name")
    unit_merge.add_argument("--yes", action="store_true", help="merge (without it: only what would move)")
    _add_org(unit_merge)

    kind = org.add_parser(
        "kind", help="what the organisation is, a commune or an office, and so the words its screens use"
    )
    kind.add_argument("value", nargs="?", choices=ORG_KIND_CHOICES, help="say it (without: show it)")
    _add_org(kind)

    check_year = org.add_parser(
        "check-year",
        help="what a year lacks in the bot (a plan covering it, its settings file, a suggested target, a Tết "
        "drive) and what to do; exit code 1 when it lacks something",
    )
    check_year.add_argument(
        "--year",
        type=year_argument,
        metavar="YEAR",
        help="the year (default: next year from October, else this year)",
    )
    _add_org(check_year)

    leaders = org.add_parser(
        "leaders-see-non-givers",
        help="whether unit leaders may see who in their unit has not given to a drive (default: off)",
    )
    leaders.add_argument("value", choices=("on", "off"))
    _add_org(leaders)

    invite = sub.add_parser("invite", help="invite codes").add_subparsers(dest="action", required=True)
    inv = invite.add_parser("create", help="create an invite code for a unit")
    inv.add_argument("--unit", required=True, help="the unit: its code or its name")
    inv.add_argument("--role", default="member", choices=ROLE_CHOICES)
    inv.add_argument(
        "--kind",
        default="staff",
        choices=("staff", "household"),
        help="who joins with the code: staff (default) or a household (member role only)",
    )
    from bot.domain.invites import ADMIN_INVITE_DAYS, MAX_EXPIRES_DAYS, MAX_USES

    inv.add_argument(
        "--uses",
        type=_Count(MAX_USES),
        default=1,
        metavar="N",
        help=f"how many people may join with the code (1–{MAX_USES}, default 1; an admin or --org-wide "
        "invite: 1)",
    )
    expiry = inv.add_mutually_exclusive_group()
    expiry.add_argument(
        "--expires-days",
        type=_Count(MAX_EXPIRES_DAYS),
        default=None,
        metavar="D",
        help=f"days the code can be used (1–{MAX_EXPIRES_DAYS}, default 14; an admin or --org-wide invite: "
        f"at most {ADMIN_INVITE_DAYS}, default {ADMIN_INVITE_DAYS})",
    )
    expiry.add_argument("--no-expiry", action="store_true", help="a code that never expires (use sparingly)")
    inv.add_argument(
        "--org-wide",
        action="store_true",
        help="the role for the whole organisation, not the unit, which stays the joiner's own (a treasurer's "
        "or an officer's code, for one person and a few days)",
    )
    _add_org(inv)
    inv_list = invite.add_parser("list", help="the invite codes still open, newest first")
    inv_list.add_argument("--unit", help="only this unit's codes: its code or its name")
    inv_list.add_argument(
        "--all", action="store_true", help="also the codes used up, expired or withdrawn, saying which"
    )
    _add_org(inv_list)
    inv_withdraw = invite.add_parser(
        "withdraw", help="withdraw a code: nobody joins with it any more (who joined keeps their place)"
    )
    inv_withdraw.add_argument("code", help="the code, as printed (K7M2QX9P; spaces and dashes ignored)")
    inv_withdraw.add_argument("--reason", help="why, for the audit log (a code leaked into a group chat…)")
    _add_org(inv_withdraw)

    drive = sub.add_parser("drive", help="drives (đợt vận động)").add_subparsers(dest="action", required=True)
    drive_create = drive.add_parser("create", help="open a drive")
    drive_create.add_argument("--title", required=True)
    drive_create.add_argument(
        "--starts", required=True, type=day_argument, metavar="DD/MM/YYYY", help="first day, e.g. 01/12/2026"
    )
    drive_create.add_argument(
        "--ends", required=True, type=day_argument, metavar="DD/MM/YYYY", help="last day, e.g. 31/12/2026"
    )
    drive_create.add_argument("--target", type=_vnd, help="target in đồng (50000000, 50tr)")
    drive_create.add_argument("--not-fund", action="store_true", help="not for the Fund for the Poor")
    drive_create.add_argument("--level", help="suggested level, shown as a suggestion")
    drive_create.add_argument(
        "--kinds", default="money,goods,labour", help="what it accepts: money,goods,labour (default all)"
    )
    drive_create.add_argument(
        "--unit",
        action="append",
        help="a unit it covers (its code or its name; repeat; default: the whole organisation)",
    )
    drive_create.add_argument("--code", help="the drive's code (default: from the title and year)")
    drive_list = drive.add_parser("list", help="drives with their progress")
    drive_edit = drive.add_parser("edit", help="change a drive's dates, target or account (audited)")
    drive_edit.add_argument("code")
    drive_edit.add_argument(
        "--starts", type=day_argument, metavar="DD/MM/YYYY", help="first day, e.g. 01/12/2026"
    )
    drive_edit.add_argument(
        "--ends", type=day_argument, metavar="DD/MM/YYYY", help="last day, e.g. 31/12/2026"
    )
    drive_edit.add_argument("--target", type=_vnd, help="target in đồng (50000000, 50tr)")
    drive_close = drive.add_parser("close", help="close a drive: it takes no more contributions")
    drive_close.add_argument("code")
    drive_reopen = drive.add_parser(
        "reopen", help="open again a drive closed by mistake: it takes contributions as its dates say"
    )
    drive_reopen.add_argument("code")
    drive_reopen.add_argument(
        "--send-on",
        action="store_true",
        help="also send on the appeals its close stopped, to those they had not reached (never twice)",
    )
    for command in (drive_create, drive_edit):  # a drive's own account (an organisation-wide admin's: 0084)
        command.add_argument("--bank", help="its own account's bank: NAPAS BIN (970436) or short name (VCB…)")
        command.add_argument("--number", help="its own account's number")
        command.add_argument("--holder", help="its own account's holder, as the bank writes it")
        command.add_argument(
            "--qr", metavar="FILE.png", help="also write a sample QR code (10.000 ₫) of its account to check"
        )
    drive_edit.add_argument(
        "--no-account", action="store_true", help="its gifts go to the organisation's account again"
    )
    drive_link = drive.add_parser(
        "link", help="the link to a drive's public page (its totals and a code check, no names; PUBLIC_URL)"
    )
    drive_link.add_argument("code", help="the drive's code, or general: the Fund outside the drives")
    drive_link.add_argument("--renew", action="store_true", help="a new link: the old one stops working")
    drive_link.add_argument("--qr", metavar="FILE.png", help="also write the link's QR code, to print")
    drive_report = drive.add_parser(
        "report", help="a drive's results by unit as a Word draft for the head to sign (no names)"
    )
    drive_report.add_argument("code")
    drive_report.add_argument(
        "--docx", type=Path, required=True, metavar="FILE", help="write the report here"
    )
    drive_report.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    drive_report.add_argument(
        "--interim",
        action="store_true",
        help="an open drive's figures so far, the paper saying they are interim (“tạm tính”)",
    )
    for command in (
        drive_create,
        drive_list,
        drive_edit,
        drive_close,
        drive_reopen,
        drive_link,
        drive_report,
    ):
        _add_org(command)
    for command in (drive_create, drive_edit, drive_close, drive_reopen, drive_link):
        command.add_argument(
            "--as",
            dest="as_person",
            metavar="PERSON",
            help="act as this person (id, or full name in quotes), under their roles; default: the "
            "operator at this shell",
        )

    telegram = sub.add_parser("telegram", help="Telegram webhook").add_subparsers(
        dest="action", required=True
    )
    telegram.add_parser("set-webhook", help="point Telegram at TELEGRAM_WEBHOOK_URL (with the secret header)")
    telegram.add_parser("delete-webhook", help="stop webhook delivery (polling works again)")
    telegram.add_parser("info", help="show the bot and its webhook status")
    zalo = sub.add_parser("zalo", help="Zalo webhook").add_subparsers(dest="action", required=True)
    zalo.add_parser("set-webhook", help="point Zalo at ZALO_WEBHOOK_URL (with the secret header)")
    zalo.add_parser("delete-webhook", help="stop webhook delivery (polling works again)")
    zalo.add_parser("info", help="show the bot and its webhook status")

    people = sub.add_parser("people", help="people and their messenger accounts").add_subparsers(
        dest="action", required=True
    )
    listing = people.add_parser(
        "list", help="people: id, name, unit, kind (staff or household), listed or not, accounts and roles"
    )
    _add_org(listing)
    listing.add_argument("--unit", help="only this unit (its code or its name)")
    listing.add_argument("--unlisted", action="store_true", help="only people who are not on the staff list")
    listing.add_argument(
        "--not-joined",
        action="store_true",
        help="only people at work who have not joined on a messenger yet (no account, or none active)",
    )
    merge = people.add_parser(
        "merge",
        help="two records of one person made one (an invited member, or a second listed record, into a "
        "listed record); without --yes only the last look",
    )
    merge.add_argument(
        "source", help="the record merged away (deleted after the merge): its id, or the full name in quotes"
    )
    merge.add_argument(
        "target", help="the record on the staff list that stays: its id, or the full name in quotes"
    )
    merge.add_argument("--yes", action="store_true", help="merge (without it: only what each record holds)")
    _add_org(merge)
    leave = people.add_parser(
        "leave",
        help="a person left the organisation (retired, moved, died): counted and reached no more; audited",
    )
    leave.add_argument(
        "person",
        nargs="+",
        help=_PERSON_HELP + "; several, for several who left on the same day (all or none are recorded)",
    )
    leave.add_argument(
        "--on",
        metavar="DD/MM/YYYY",
        help='the day they left (default today), or as said in the chat: "hôm qua", yesterday; a day ahead '
        "(up to a year) is planned: they count as at work until it, and it is recorded on that day by itself",
    )
    back = people.add_parser(
        "back", help="take back a leaving recorded by mistake, or cancel one planned ahead; audited"
    )
    back.add_argument("person", nargs="+", help=_PERSON_HELP + "; several, all or none")
    away = people.add_parser(
        "away",
        help="a colleague on long leave (maternity or sick leave, seconded) until a day, or back: no appeal "
        "or reminder reaches them meanwhile and the digest counts them apart; audited",
    )
    away.add_argument("person", nargs="+", help=_PERSON_HELP + "; several, all or none")
    until = away.add_mutually_exclusive_group(required=True)
    until.add_argument(
        "--until", metavar="DD/MM/YYYY", help="their last day of leave (up to two years ahead): 15/03/2027"
    )
    until.add_argument("--back", action="store_true", help="they are back at work (early, or by mistake)")
    away.add_argument(
        "--training",
        action="store_true",
        help="away on training (đi học, tập huấn), not on leave: said so wherever the leave is said",
    )
    for command in (leave, back, away):
        _add_org(command)
        command.add_argument(
            "--as",
            dest="as_person",
            metavar="PERSON",
            help="act as this person (id, or full name in quotes), an admin of their unit; default: the "
            "operator at this shell",
        )
    rename = people.add_parser(
        "rename",
        help="a person's name changed (a family name taken on marriage); audited, undone by renaming back",
    )
    rename.add_argument("person", help=_PERSON_HELP)
    rename.add_argument("name", help='the new full name, in quotes: "Nguyễn Thị Hoa"')
    _add_org(rename)
    remove = people.add_parser("remove-identity", help="take a messenger account off (it stays removed)")
    remove.add_argument("--channel", required=True, help="telegram, zalo or console")
    remove.add_argument("--user", required=True, help="the account's id on that channel")
    for verb, what in (("grant", "give a person a role"), ("revoke", "take a role away from a person")):
        change = people.add_parser(
            verb, help=f"{what}, in one unit (--unit) or in the whole organisation (--org-wide); audited"
        )
        change.add_argument("person", help=_PERSON_HELP)
        change.add_argument(
            "role",
            help="member, treasurer, officer, leader or admin, or a word the staff list's role column takes: "
            '"thủ quỹ", "cán bộ công đoàn" (a commune\'s "cán bộ Mặt trận"), "lãnh đạo", "quản trị"',
        )
        scope = change.add_mutually_exclusive_group(required=True)
        scope.add_argument("--unit", help="the unit: its code or its name")
        scope.add_argument("--org-wide", action="store_true", help="every unit of the organisation")
        _add_org(change)
        if verb == "grant":  # why a leader role is given beside another leader (decision 1230)
            why = change.add_mutually_exclusive_group()
            why.add_argument(
                "--stand-in",
                dest="given_for",
                action="store_const",
                const="stand_in",
                help="a role to stand in while its holder is on leave: a leader's told when the leave ends; "
                "a treasurer's or an officer's (with --for) ended by itself then",
            )
            why.add_argument(
                "--deputy",
                dest="given_for",
                action="store_const",
                const="deputy",
                help="a leader role of a deputy appointed for good: not told when a leave ends",
            )
            change.add_argument(
                "--for",
                dest="covers",
                metavar="PERSON",
                help="with --stand-in: the leader of that unit she stands in for, or the treasurer or "
                "officer (id, or full name in quotes): told, or the role ended, when that person's leave "
                "ends, not another's",
            )
        change.add_argument(
            "--as",
            dest="as_person",
            metavar="PERSON",
            help="act as this person (id, or full name in quotes), under their roles; default: the "
            "operator at this shell",
        )

    _ledger_commands(sub, drive)
    _award_commands(sub)
    _cases_commands(sub)

    report = sub.add_parser("report", help="reports to send upward").add_subparsers(
        dest="action", required=True
    )
    year_report = report.add_parser(
        "year",
        help="the year's results report as a Word draft: the figures filled in, the assessment to write",
    )
    year_report.add_argument(
        "--year", type=year_argument, help="the year (default: this year; through March, the year just ended)"
    )
    year_report.add_argument(
        "--unit", help="one unit's report (its code or its name; default: the whole organisation)"
    )
    year_report.add_argument("--docx", type=Path, required=True, metavar="FILE", help="write the report here")
    _add_org(year_report)
    year_report.add_argument("--force", action="store_true", help="replace FILE if it exists")
    phase = report.add_parser(
        "phase",
        help="the period's review report (sơ kết / tổng kết) as a Word draft: each year so far and the total",
    )
    phase.add_argument(
        "--campaign",
        metavar="CODE",
        help="the campaign's code or its years, e.g. 2021-2025 (default: the one running)",
    )
    phase.add_argument(
        "--unit", help="one unit's report (its code or its name; default: the whole organisation)"
    )
    phase.add_argument("--docx", type=Path, required=True, metavar="FILE", help="write the report here")
    _add_org(phase)
    phase.add_argument("--force", action="store_true", help="replace FILE if it exists")

    from bot.cli_households import add_households

    add_households(sub)

    chat = sub.add_parser("chat", help="chat with the bot in this terminal")
    chat.add_argument("--user", help="terminal user id (default: a fresh one)")
    sub.add_parser("demo", help="seed the demo organisation (once) and open the terminal chat")
    run = sub.add_parser(
        "run",
        help="run the bot: Telegram and/or Zalo, whichever has a token (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN), "
        "else the terminal demo",
    )
    run.add_argument(
        "--only",
        choices=("inbound", "sender", "scheduler"),
        help="one part in this process (PostgreSQL only); inbound: pollers or webhooks and the web server",
    )
    scheduler = sub.add_parser("scheduler", help="the scheduler").add_subparsers(dest="action", required=True)
    scheduler.add_parser(
        "status", help="jobs, their last and next run, and the reminders due in the next 7 days"
    )
    sub.add_parser(
        "send",
        help="only send what the outbox holds (Telegram, Zalo); several may run: one sends, the others wait",
    )
    return parser


def _ledger_commands(sub: argparse._SubParsersAction, drive: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The treasurer's queue (`contributions …`) and the public statement (`drive statement`, beside the
    drive's other subcommands), written in bot.cli_ledger."""
    from bot.cli_ledger import add_contribution_commands, add_drive_statement, add_ledger_export

    add_contribution_commands(sub)
    add_drive_statement(drive)
    add_ledger_export(sub)


def _cases_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`cases rounds`, `cases round` and `cases signing-list`, written in bot.cli_cases."""
    from bot.cli_cases import add_cases_commands

    add_cases_commands(sub)


def _award_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`award list`, `dossier`, `minutes`, `report`, `decide` and `decision`, written in bot.cli_awards."""
    from bot.cli_awards import add_award_commands

    add_award_commands(sub)


# The database drivers the bot speaks, with an example of each for the message that refuses any other.
_DRIVERS = {
    "sqlite+aiosqlite": "sqlite+aiosqlite:///data/chungtay.db",
    "postgresql+asyncpg": "postgresql+asyncpg://chungtay:PASSWORD@localhost/chungtay",
}


def _check_database_url(url: str, t: Translator, named: str = "DATABASE_URL") -> None:
    """A DATABASE_URL the bot cannot use is one line that shows what works, never a driver's traceback nor
    any piece of the password, in the office's language (`t`, decision 1890); `named`: where the URL was
    given otherwise (`db copy --to`)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from bot.startup import PERCENT_ENCODED, sqlite_file_problem

    try:
        parsed = make_url(url)
        driver = parsed.drivername
    except ArgumentError:
        driver = None
    except ValueError:  # "invalid literal for int()": a ':' of the password taken for the port's
        said = t("{named} cannot be read as user:password@host:port/database: {escapes}")
        raise CliError(said.format(named=named, escapes=t(PERCENT_ENCODED))) from None
    if driver not in _DRIVERS:
        said = (
            t("{named} is {shown}: it must be {sqlite} or {postgresql}")
            if driver
            else t("{named} is not a database URL: it must be {sqlite} or {postgresql}")
        )
        sqlite, postgresql = _DRIVERS.values()
        raise CliError(
            said.format(named=named, shown=f"“{driver}://…”", sqlite=sqlite, postgresql=postgresql)
        )
    if "@" in (parsed.host or ""):  # the password's own '@' ended it early: the rest was taken for the host
        said = t("{named} has an @ too many: {escapes}")
        raise CliError(said.format(named=named, escapes=t(PERCENT_ENCODED)))
    if problem := sqlite_file_problem(url, t):  # docs/decisions/1911
        raise CliError(problem)


def _real_organisations(settings: Settings) -> list[str]:
    """The codes of the organisations other than the demo's in the database, read only where it can be read
    (a SQLite file not there yet is not made); none where it cannot: the refusal then says what it said."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bot.db.engine import make_engine
    from bot.demo import organisations_besides_the_demo

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).is_file()):
        return []

    async def read() -> list[str]:
        engine = make_engine(settings.database_url)
        try:
            return await organisations_besides_the_demo(async_sessionmaker(engine))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(read())
    except (OSError, DBAPIError):
        return []


def _before_the_database(args: argparse.Namespace, settings: Settings) -> None:
    """What `run` refuses before it opens the database: with no messenger token and no terminal (a service
    started before .env holds its token), the terminal demo would seed a school into the service's database
    and end at once with code 0; and a MEDIA_DIR it cannot write in would fail a person's photo or report.
    A webhook whose host is not PUBLIC_URL's is said as `run` and `set-webhook` start, which go on (1959)."""
    from bot.startup import media_dir_open, media_dir_problem, webhook_hosts_apart

    if args.command == "run" or getattr(args, "action", None) == "set-webhook":  # said, and the start goes on
        for line in webhook_hosts_apart(settings, _shell(settings)):
            print(f"chungtay: {line}", file=sys.stderr)
    if args.command != "run":
        return
    terminal = sys.stdin is not None and sys.stdin.isatty()
    if args.only is None and not _messengers(settings) and not terminal:
        t = _shell(settings)
        if real := _real_organisations(settings):
            said = t(  # a service of its own: the demo is nothing to it (decision 1080)
                "no messenger token, and this database holds {orgs}: set TELEGRAM_BOT_TOKEN (the token "
                "@BotFather gave the bot) or ZALO_BOT_TOKEN in the .env file of {directory}, where the "
                "service runs, or in its environment, then start it again (docs/deployment.md)"
            )
            raise CliError(said.format(orgs=", ".join(real), directory=Path.cwd()))
        raise CliError(
            t(
                "no messenger token: set TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN in .env; the terminal demo "
                "runs only in a terminal: make run"
            )
        )
    shared = settings.zalo_media_url is not None  # served by a web server, maybe as another user
    if problem := media_dir_problem(settings.media_dir, private=not shared):
        raise CliError(problem)
    if not shared and (wide_open := media_dir_open(settings.media_dir)):
        logging.getLogger(__name__).warning(wide_open)


def _read_settings(env: EnvFile) -> Settings | list[str]:
    """The settings, or the lines saying why they cannot be read; `env`: `.env` as python-dotenv read it."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from bot.startup import env_file_problem, settings_lines, unread_lines_problem

    if lost := unread_lines_problem(env=env):  # a line python-dotenv would skip, or read into another, unsaid
        return lost
    try:
        return load_settings()
    except (ValidationError, SettingsError) as refused:  # a setting written wrong: a line each, no traceback
        return settings_lines(refused, env=env)
    except (OSError, UnicodeDecodeError) as unreadable:  # the .env file itself: not UTF-8, or not this user's
        return env_file_problem(unreadable)


def main(argv: Sequence[str] | None = None) -> int:
    from bot.startup import NO_TABLES, database_problem, names_no_setting, read_env

    env = read_env()  # once a start, for every line said of it (decision 2142)
    read = _read_settings(env)  # first, for the language of a mistake in the command's words (decision 1660)
    with cli_argparse.speaking(_shell(read) if isinstance(read, Settings) else Translator(DEFAULT_LOCALE)):
        args = _parser().parse_args(argv)  # `--help` still works with a setting written wrong
    args.typed = list(sys.argv[1:] if argv is None else argv)  # for a command printed back, `--as` settled
    if not isinstance(read, Settings):
        for line in read:
            print(f"chungtay: {line}", file=sys.stderr)
        return 2
    settings = read
    setup_logging(settings)
    t = _shell(settings)  # the office's language, for every line the start or the database refuses with
    for line in names_no_setting(t, env):  # said, never a stop: an older version's line (decision 2056)
        print(f"chungtay: {line}", file=sys.stderr)
    try:
        _check_database_url(settings.database_url, t)
        _before_the_database(args, settings)
        code = _db(args, settings) if args.command == "db" else asyncio.run(_dispatch(args, settings))
        sys.stdout.flush()  # a reader gone early (`| head`) shows here, not as the interpreter exits
        return code
    except BrokenPipeError:
        return _reader_gone()
    except (CliError, LedgerCliError, AwardCliError, CasesCliError) as problem:
        print(f"chungtay: {masked(settings, str(problem))}", file=sys.stderr)  # never a secret (1980)
        return 2
    except (OSError, DBAPIError) as problem:  # the database refused, unreachable, or not to be opened
        said = database_problem(problem, settings.database_url, t=t)
        if said is None and isinstance(problem, DBAPIError) and _no_tables(problem):
            said = t(NO_TABLES)
        if said is None:
            raise
        print(f"chungtay: {masked(settings, said)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _no_tables(problem: DBAPIError) -> bool:
    return isinstance(problem, OperationalError | ProgrammingError) and (
        "no such table" in str(problem) or "does not exist" in str(problem)
    )


class CliError(Exception):
    pass


def _reader_gone() -> int:
    """The output's reader stopped reading (`chungtay people list | head`): end quietly, as command-line tools
    do, rather than with a traceback; what is still buffered goes nowhere (else Python reports the pipe again
    as it exits)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def _restore_said(backup: str, settings: Settings) -> str:
    """`db restore`, the command an operator guesses on the machine he restores on: a restore replaces the
    database under a bot that may be running, so it is done by hand, the bot stopped; the steps are said,
    nothing is done (decision 2456)."""
    from bot.db.backup import sent_as_it_starts, sqlite_path, waiting_in, waiting_said

    t = _shell(settings)
    database = sqlite_path(settings.database_url, t)
    if database is None:
        return t(
            "a PostgreSQL database is restored with pg_restore, every Chung Tay process stopped, then "
            "`chungtay db upgrade` (docs/deployment.md, “Backups on PostgreSQL”)"
        )
    steps = t(
        "a backup is restored with the bot stopped, by hand: stop the bot (sudo systemctl stop chungtay), "
        "move {database} and its -wal and -shm files aside, copy {file} in as {database}, run `chungtay db "
        "upgrade`, then start the bot and check /healthz (docs/deployment.md, “Restoring”)"
    ).format(database=database, file=backup)
    # what the backup will send as the bot starts, by kind, where FILE is one (decisions 2732, 2780)
    waiting = waiting_in(Path(backup))
    if waiting is None:  # FILE is no backup of ours, or not there
        return steps
    said = waiting_said(waiting, t)
    if waiting.count:
        said = f"{said}: {sent_as_it_starts(t)}"
    return t("{steps}; {file}: {waiting}").format(steps=steps, file=backup, waiting=said)


def _db(args: argparse.Namespace, settings: Settings) -> int:
    """`db upgrade`, `db backup`, `db copy` and `db restore` (which says how) run without the app: the
    database may not have its tables yet."""
    if args.action == "upgrade":
        from alembic.util import CommandError

        from bot.db.migrate import upgrade

        t = _shell(settings)
        if args.revision != "head":  # a downgrade or a revision of its own would be a step left half-said
            from bot.startup import address_shown

            # a database's address typed here is said without its password (decision 2562)
            typed = address_shown(args.revision) if "://" in args.revision else args.revision
            raise CliError(
                t(
                    "`db upgrade` always migrates to the latest revision ({revision} is not taken; nothing "
                    "changed): type chungtay db upgrade, or chungtay db upgrade head; to go back, restore a "
                    "backup"
                ).format(revision=typed)
            )
        try:
            applied = upgrade(settings.database_url)
        except CommandError as problem:  # "Can't locate revision identified by '0099'": a newer code's
            # said as every other command says it, in the office's language (decision 2050)
            said = asyncio.run(_schema_said(settings.database_url, t))
            raise CliError(
                said
                or t(
                    "the database's schema is not one this code knows ({said}): run the version of Chung Tay "
                    "that migrated it (git pull), or restore a backup made for this one"
                ).format(said=problem)
            ) from None
        if applied:
            many = len(applied)
            said = t.plural(
                "Database migrated to {revision} ({n} migration applied).",
                "Database migrated to {revision} ({n} migrations applied).",
                many,
            )
            print(said.format(revision=applied[-1], n=many))
        else:
            print(t("Database is up to date."))
        return 0
    if args.action == "copy":
        return _db_copy(args, settings)
    if args.action == "restore":
        raise CliError(_restore_said(args.file, settings))
    from bot.db.backup import BackupError, backup_sqlite, sqlite_path, waiting_in, waiting_said

    t = _shell(settings)
    try:
        database = sqlite_path(settings.database_url, t)
        if database is None:
            raise CliError(_pg_dump_said(settings.database_url, args.file, t))
        report = backup_sqlite(database, args.file, force=args.force, t=t)
    except BackupError as problem:
        raise CliError(str(problem)) from None
    print(
        t("Backed up {database} to {file} ({size} bytes, schema {revision}).").format(
            database=database, file=report.path, size=t.number(report.size), revision=report.revision or "—"
        )
    )
    rows = ", ".join(f"{table} {t.number(count)}" for table, count in report.rows.items())
    print(t("Rows: {rows}.").format(rows=rows))
    # what a restore of the copy will send as the bot starts, as `db restore` says it (decision 2780)
    if (waiting := waiting_in(report.path)) is not None:
        print(t("In the backup, {waiting}.").format(waiting=waiting_said(waiting, t)))
    return 0


def _pg_dump_said(database_url: str, target: str, t: Translator) -> str:
    """`db backup` on PostgreSQL: the pg_dump command, then what waits in the outbox now, which a dump made
    now keeps and a restore of it sends (decision 2780); the command alone where the database cannot be
    read."""
    from bot.db.backup import pg_dump_hint, waiting_now, waiting_said

    hint = pg_dump_hint(database_url, target, t)
    waiting = asyncio.run(waiting_now(database_url))
    if waiting is None:
        return hint
    said = t("in the database now, {waiting}").format(waiting=waiting_said(waiting, t))
    if waiting.count:
        kept = t("a dump made now keeps what waits, sent as the bot starts after its restore")
        said = f"{said}: {kept}"
    return f"{hint}; {said}"


async def _schema_said(database_url: str, t: Translator) -> str | None:
    """What `schema_problem` says of the database, for `db upgrade`, which runs without the app."""
    from bot.db.engine import make_engine
    from bot.startup import schema_problem

    db = make_engine(database_url)
    try:
        return await schema_problem(db, t)
    finally:
        await db.dispose()


def _db_copy(args: argparse.Namespace, settings: Settings) -> int:
    """`db copy --to URL`: this SQLite database into a PostgreSQL one (bot/db/copy.py)."""
    from sqlalchemy.engine import make_url

    from bot.db.copy import CopyError, copy_to_postgresql, shown

    t = _shell(settings)  # the office's language, for every line of the copy (decision 1955)
    if make_url(settings.database_url).get_backend_name() != "sqlite":
        raise CliError(
            t(
                "this database is PostgreSQL already: copy it to another with pg_dump and pg_restore "
                "(docs/deployment.md)"
            )
        )
    if not args.to.startswith("postgresql"):  # nor a SQLite file made where the target was mistyped
        raise CliError(
            t("--to must be a PostgreSQL database: {example}").format(example=_DRIVERS["postgresql+asyncpg"])
        )
    _check_database_url(args.to, t, named="--to")
    try:
        report = asyncio.run(copy_to_postgresql(settings.database_url, args.to, t, force=args.force))
    except CopyError as problem:
        raise CliError(str(problem)) from None
    width = max(map(len, report.rows))
    said = t("Copied {source} to {target} (schema {revision}).")
    print(said.format(source=shown(settings.database_url), target=shown(args.to), revision=report.revision))
    print(t("Rows in each table, counted on both sides after the copy:"))
    for table, count in report.rows.items():
        print(f"  {table:<{width}}  {t.number(count):>9}")
    print(t("Set DATABASE_URL to the target, start the bot there and check /healthz (docs/deployment.md)."))
    return 0


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import build_app
    from bot.startup import schema_problem

    app = build_app(settings)
    try:
        opens_the_demo = args.command == "demo" or (
            args.command == "run" and args.only is None and not _messengers(settings)
        )
        # the demo migrates its own; the refusal in the office's language (docs/decisions/1911)
        if not opens_the_demo and (problem := await schema_problem(app.db, _shell(settings))):
            raise CliError(problem)
        handler = {
            ("campaign", "load"): _campaign_load,
            ("org", "create"): _org_create,
            ("org", "import"): _org_import,
            ("org", "units"): _org_units,
            ("org", "unit-rename"): _org_unit_rename,
            ("org", "unit-merge"): _org_unit_merge,
            ("org", "settings"): _org_settings,
            ("org", "digest"): _org_digest,
            ("org", "kind"): _org_kind,
            ("org", "check-year"): _org_check_year,
            ("org", "leaders-see-non-givers"): _org_leaders_see_non_givers,
            ("org", "signer"): _org_signer,
            ("org", "account"): _org_account,
            ("invite", "create"): _invite_create,
            ("invite", "list"): _invite_list,
            ("invite", "withdraw"): _invite_withdraw,
            ("drive", "create"): _drive_create,
            ("drive", "list"): _drive_list,
            ("drive", "edit"): _drive_edit,
            ("drive", "close"): _drive_close,
            ("drive", "reopen"): _drive_reopen,
            ("drive", "link"): _drive_link,
            ("drive", "report"): _drive_report,
            ("telegram", "set-webhook"): _telegram,
            ("telegram", "delete-webhook"): _telegram,
            ("telegram", "info"): _telegram,
            ("zalo", "set-webhook"): _zalo,
            ("zalo", "delete-webhook"): _zalo,
            ("zalo", "info"): _zalo,
            ("people", "list"): _people_list,
            ("people", "merge"): _people_merge,
            ("people", "remove-identity"): _people_remove_identity,
            ("people", "leave"): _people_leave,
            ("people", "back"): _people_leave,
            ("people", "away"): _people_away,
            ("people", "rename"): _people_rename,
            ("people", "grant"): _people_role,
            ("people", "revoke"): _people_role,
            ("contributions", "pending"): _contributions,
            ("contributions", "confirm"): _contributions,
            ("contributions", "reject"): _contributions,
            ("contributions", "reverse"): _contributions,
            ("contributions", "move"): _contributions,
            ("contributions", "reconcile"): _reconcile,
            ("contributions", "donor"): _donor,
            ("contributions", "payroll"): _payroll,
            ("contributions", "thanks"): _thanks,
            ("contributions", "handover"): _handover,
            ("drive", "statement"): _drive_statement,
            ("ledger", "export"): _ledger_export,
            ("ledger", "correct"): _ledger_correct,
            ("report", "year"): _report_year,
            ("report", "phase"): _report_phase,
            ("households", "standing"): _households_standing,
            ("households", "list"): _households_standing,
            ("award", "list"): _award,
            ("award", "dossier"): _award,
            ("award", "minutes"): _award,
            ("award", "report"): _award,
            ("award", "decide"): _award,
            ("award", "decision"): _award,
            ("cases", "rounds"): _cases,
            ("cases", "round"): _cases,
            ("cases", "signing-list"): _cases,
            ("cases", "support"): _cases,
            ("chat", None): _chat,
            ("demo", None): _demo,
            ("run", None): _run,
            ("send", None): _send,
            ("scheduler", "status"): _scheduler_status,
        }[(args.command, getattr(args, "action", None))]
        await _as_named(app, args)
        return await handler(app, args)
    finally:
        await app.close()


async def _as_named(app, args) -> None:  # type: ignore[no-untyped-def]
    """`--as` takes a full name as the `people` commands' PERSON does: the name becomes its person's id
    before the command runs, within the command's organisation where it names one (`--org`, or the only
    one), else among all; namesakes are listed with their ids, to give instead (decision 0266). The
    collector of `contributions handover --of` is read so too (decision 0267), and whose a moved gift is,
    `contributions move --to` (decision 1538)."""
    from bot.cli_ledger import person_named, with_as

    t = _shell(app.settings)  # one translator for the command, whichever of its people are named
    for dest, flag in (("as_person", "--as"), ("actor", "--as"), ("collector", "--of"), ("to", "--to")):
        if getattr(args, dest, None) is None:
            continue
        typed = str(getattr(args, dest))
        async with app.sessionmaker() as session:
            if args.command == "people":  # in the people commands' own words
                org = await _org(session, args.org, app.settings)

                def example(found: Sequence[Any]) -> str:
                    return with_as(args.typed, found[0].id, org=False).removeprefix("chungtay ")

                setattr(args, dest, await _person_named(session, org, typed, example, app.settings))
                continue
            org_id = (await _org(session, args.org, app.settings)).id if hasattr(args, "org") else None
            setattr(args, dest, await person_named(session, typed, org_id, args.typed, t, flag))


async def _contributions(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_ledger import run_contributions

    return await run_contributions(app, args)


async def _reconcile(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_reconcile import run_reconcile

    return await run_reconcile(app, args)


async def _donor(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_donors import run_donor

    return await run_donor(app, args)


async def _payroll(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_payroll import run_payroll

    return await run_payroll(app, args)


async def _thanks(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_donors import run_thanks

    return await run_thanks(app, args)


async def _handover(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_collected import run_handover

    return await run_handover(app, args)


async def _drive_statement(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_ledger import run_drive_statement

    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        named = await _named(session, org)
    return await run_drive_statement(app, args, org_id=org.id, named=named)


async def _households_standing(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_households import run_list, run_standing

    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
    run = run_list if args.action == "list" else run_standing
    return await run(app, args, org_id=org.id)


async def _ledger_export(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_ledger import run_ledger_export

    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        named = await _named(session, org)
    return await run_ledger_export(app, args, org_id=org.id, named=named)


async def _ledger_correct(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_ledger import run_ledger_correct

    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
    return await run_ledger_correct(app, args, org_id=org.id)


async def _report_year(app, args) -> int:  # type: ignore[no-untyped-def]
    """Write the year's results report of the organisation, or of one unit, as a Word draft; the shell's
    lines in the chats' language (`_shell`, decision 1226), the paper in Vietnamese (0143)."""

    from bot.clock import local_date
    from bot.domain.access import Operator
    from bot.domain.year_report import year_report
    from bot.year_report_doc import write_year_report
    from handlers.wording import labour_days

    t = _shell(app.settings)
    if problem := output_problem(args.docx, force=args.force, suffix=".docx", t=t):
        raise CliError(problem)
    from bot.domain.campaigns import just_ended_campaign, year_just_ended_without_a_plan

    today = local_date(app.engine.clock())
    year = args.year or today.year
    if year > today.year:
        raise CliError(
            t(
                "{year} has not begun; the report of this year is --year {this_year}, for example {example}"
            ).format(
                year=year,
                this_year=today.year,
                example=f"chungtay report year --year {today.year} --docx {args.docx.name}",
            )
        )
    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        if args.year is None and await just_ended_campaign(session, org.id, today):
            year -= 1  # through March, the year just ended's, as /baocaonam (decisions 0076, 0320)
            print(
                t(
                    "The report of {year}, the year just ended; for {this_year} so far: --year {this_year}"
                ).format(year=year, this_year=today.year)
            )
        elif args.year is None and await year_just_ended_without_a_plan(session, org.id, today):
            # no plan ran on its 31 December, yet something of it is kept here: asked, as /baocaonam asks
            # (decisions 1300, 1346), never the new year's few days written as if they were the report
            ended, paper = today.year - 1, args.docx.name
            raise CliError(
                t(
                    "which year's report do you need? {ended}, the year just ended: {first}; {now} so far: "
                    "{second}; nothing written"
                ).format(
                    ended=ended,
                    now=today.year,
                    first=f"chungtay report year --year {ended} --docx {paper}",
                    second=f"chungtay report year --year {today.year} --docx {paper}",
                )
            )
        unit_id = await _unit_id(session, org, args.unit, t) if args.unit else None
        report = await year_report(
            session, org.id, year, today=today, actor=Operator(org.id), unit_id=unit_id
        )
    write_year_report(report, args.docx, locale=PAPER_LOCALE)
    members, confirmed = report.members, report.confirmed
    leave = members.away - members.training  # training said as training (decision 2410)
    if leave and members.training:  # both in one pair of brackets (decision 2519)
        away = t(" (not counting {leave} on long leave and {training} away on training)").format(
            leave=leave, training=members.training
        )
    elif members.training:
        away = t(" ({n} away on training, not counted)").format(n=members.training)
    else:
        away = t(" ({n} on long leave, not counted)").format(n=leave) if leave else ""
    households = (
        t(", {share} households").format(share=f"{members.registered_households}/{members.households}")
        if members.households
        else ""
    )
    print(
        t(
            "Wrote {file}: {name}, {year}, figures as of {date}; registered {share} "
            "people{away}{households}; confirmed {given}, {days}."
        ).format(
            file=args.docx,
            name=report.unit or report.organisation,
            year=year,
            date=t.date(report.as_of),
            share="{}/{}".format(*members.at_work()),
            away=away,
            households=households,
            given=_given(t, report),
            days=labour_days(t, confirmed.labour_days),
        )
    )
    return 0


async def _report_phase(app, args) -> int:  # type: ignore[no-untyped-def]
    """Write the period's review report of the organisation, or of one unit, as a Word draft; the shell's
    lines and refusals in the chats' language (`_shell`, decision 1226), the paper in Vietnamese (0143)."""

    from sqlalchemy import select

    from bot.clock import local_date
    from bot.db.models import Campaign
    from bot.domain.access import Operator
    from bot.domain.phase_report import PhaseError, find_campaign, first_review_on, phase_report
    from bot.phase_report_doc import write_phase_report
    from handlers.wording import labour_days

    t = _shell(app.settings)
    if problem := output_problem(args.docx, force=args.force, suffix=".docx", t=t):
        raise CliError(problem)
    today = local_date(app.engine.clock())
    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        named = await _named(session, org)
        unit_id = await _unit_id(session, org, args.unit, t) if args.unit else None
        try:
            campaign = await find_campaign(session, org.id, today, args.campaign)
            report = await phase_report(
                session, org.id, campaign, today=today, actor=Operator(org.id), unit_id=unit_id
            )
        except PhaseError as error:
            if error.reason in ("not_started", "first_months"):
                years = f"{campaign.starts_on.year}-{campaign.ends_on.year}"
                example = _command(f"report phase --campaign {years} --docx {args.docx.name}", named)
            if error.reason == "not_started":
                raise CliError(
                    t(
                        "the period of {plan} has not begun: it begins on {date}; from that day: {example}"
                    ).format(plan=campaign.slug, date=t.date(campaign.starts_on), example=example)
                ) from None
            if error.reason == "first_months":  # through March it closes with the year just ended (1125)
                raise CliError(
                    t(
                        "the period of {plan} began in {year}: through March a review closes with the year "
                        "just ended, so none of this period's years has closed yet; write it from {date}: "
                        "{example}"
                    ).format(
                        plan=campaign.slug,
                        year=today.year,
                        date=t.date(first_review_on(today.year)),
                        example=example,
                    )
                ) from None
            load = _command("campaign load campaigns/vi-nguoi-ngheo-2026-2030.toml", named)
            none_loaded = t("no campaign loaded; load the plan first, for example {command}").format(
                command=load
            )
            if not args.campaign:
                raise CliError(none_loaded) from None
            loaded = (
                await session.execute(
                    select(Campaign.slug, Campaign.starts_on, Campaign.ends_on)
                    .where(Campaign.org_id == org.id)
                    .order_by(Campaign.starts_on)
                )
            ).all()
            if not loaded:
                raise CliError(none_loaded) from None
            plans = [f"{row.slug} ({row.starts_on.year}-{row.ends_on.year})" for row in loaded]
            last = loaded[-1]
            raise CliError(
                t(
                    "no campaign named {name}; the plans loaded: {plans} (give the plan's short name or its "
                    "years, for example --campaign {years})"
                ).format(
                    name=repr(args.campaign),
                    plans=", ".join(plans),
                    years=f"{last.starts_on.year}-{last.ends_on.year}",
                )
            ) from None
    write_phase_report(report, args.docx, locale=PAPER_LOCALE)
    wrote = (
        t(
            "Wrote {file}: final review of {plan}, {name}, years {years}, figures as of {date}; confirmed "
            "{given}, {days}."
        )
        if report.final
        else t(
            "Wrote {file}: mid-term review of {plan}, {name}, years {years}, figures as of {date}; confirmed "
            "{given}, {days}."
        )
    )
    print(
        wrote.format(
            file=args.docx,
            plan=campaign.slug,
            name=report.unit or report.organisation,
            years=", ".join(str(year.year) for year in report.years),
            date=t.date(report.as_of),
            given=_given(t, report),
            days=labour_days(t, report.confirmed.labour_days),
        )
    )
    return 0


def _given(t: Translator, report: YearReport | PhaseReport) -> str:
    """A report's confirmed money and goods as its paper says them: no figure in đồng where one or two of the
    unit's people gave them (decision 0310), in a year or, for the period's review, in one of its years."""
    if report.money_held:
        return t("money and goods left off the paper (fewer than three of the unit's people gave them)")
    return t("money {money}, goods {goods}").format(
        money=t.vnd(report.confirmed.money), goods=t.vnd(report.confirmed.goods)
    )


async def _award(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_awards import (
        run_award_decide,
        run_award_decision,
        run_award_dossier,
        run_award_list,
        run_award_minutes,
        run_award_report,
    )

    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
    run = {
        "list": run_award_list,
        "dossier": run_award_dossier,
        "minutes": run_award_minutes,
        "report": run_award_report,
        "decide": run_award_decide,
        "decision": run_award_decision,
    }[args.action]
    return await run(app, args, org_id=org.id)


async def _cases(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.cli_cases import run_cases

    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
    return await run_cases(app, args, org_id=org.id)


async def _unit_id(session, org, given: str, t: Translator | None = None) -> int:  # type: ignore[no-untyped-def]
    """The id of the unit of `org` that `--unit` names (`_unit`)."""
    return int((await _unit(session, org, given, t)).id)


def _compact(text: str, *, marks: bool = False) -> str:
    """Letters and digits only, folded: "THON1", "thon-1" and "Thôn 1" are one (and "TOD", "Tổ Đ" and
    "Tổ D" too: several units found so are refused with their codes); with `marks`, each letter's kept
    ("TỔĐ" is "Tổ Đ", never "Tổ D": `bot.text.marks_key`)."""
    from bot.text import fold, marks_key

    return "".join(ch for ch in (marks_key(text) if marks else fold(text)) if ch.isalnum())


def _compacted(typed: str, unit) -> bool:  # type: ignore[no-untyped-def]
    """Whether `typed` is `unit`'s code or name with only its letters and digits (`_compact`): folded where
    it is written without any accent (“THON1”, a code's slug), else its marks as written, as the staff
    import reads names (“Thôn Hóa” is not Thôn Hòa; decision 0469)."""
    from bot.text import unmarked

    if unmarked(typed):
        return _compact(typed) in (_compact(unit.code), _compact(unit.name))
    return _compact(typed, marks=True) == _compact(unit.name, marks=True)


async def _unit(session, org, given: str, t: Translator | None = None):  # type: ignore[no-untyped-def]
    """The unit of `org` that `--unit` names: by its code (any case), else by its name as the staff import
    reads unit names ("Thôn 1", "thon 1"; "to d" is "Tổ Đ" only where no "Tổ D" is a unit too:
    `units_named`), else by either with only its letters and digits ("THON1" for `thon-1`). Several units
    at the first way that finds any are refused with their codes; none, with some codes that exist. Its
    refusals in `t`'s language, the shell's for the commands turned (decision 1345), else English."""
    from sqlalchemy import select

    from bot.db.models import Unit
    from bot.domain.invites import unknown_unit_message
    from bot.domain.org_import import units_named

    units = list(await session.scalars(select(Unit).where(Unit.org_id == org.id).order_by(Unit.code)))
    typed = given.strip()
    ways = (
        lambda: [unit for unit in units if unit.code.lower() == typed.lower()],
        lambda: units_named(typed, [(unit.name, unit) for unit in units]),
        lambda: [unit for unit in units if _compacted(typed, unit)],
    )
    for way in ways:
        found = way()
        if len(found) == 1:
            return found[0]
        if found:
            codes = ", ".join(f"{unit.code} ({unit.name})" for unit in found)
            said = t or Translator("en")
            raise CliError(
                said(
                    '"{typed}" could be several units: {codes}; write the unit\'s code, e.g. --unit {code}'
                ).format(typed=typed, codes=codes, code=found[0].code)
            )
    raise CliError(await unknown_unit_message(session, org, typed, t))


async def _org(session, code: str | None, settings: Settings):  # type: ignore[no-untyped-def]
    """The organisation the command acts in: `--org CODE`, else the only one; else a refusal in the shell's
    language (`_shell`) with the command that helps."""
    from sqlalchemy import select

    from bot.db.models import Organisation

    orgs = (await session.execute(select(Organisation).order_by(Organisation.code))).scalars().all()
    t = _shell(settings)
    known = ", ".join(o.code for o in orgs)
    if code:
        for org in orgs:
            if org.code.lower() == code.lower():
                return org
        raise CliError(
            t("no organisation with code {code}; known: {known}").format(
                code=repr(code), known=known or t("none yet")
            )
        )
    if len(orgs) == 1:
        return orgs[0]
    if not orgs:
        raise CliError(
            t(
                'no organisation yet: create one with chungtay org create --code CODE --name "Its name", '
                'e.g. chungtay org create --code BVDK --name "Bệnh viện Đa khoa huyện"'
            )
        )
    raise CliError(
        t("several organisations; choose one with --org, e.g. --org {first} ({known})").format(
            first=orgs[0].code, known=known
        )
    )


async def _named(session, org) -> str | None:  # type: ignore[no-untyped-def]
    """`org`'s code when other organisations share the database, for `_command` (`org_to_name`)."""
    from bot.domain.shell import org_to_name

    return await org_to_name(session, org)


def _command(words: str, named: str | None) -> str:
    """A command printed for the admin to copy, with `--org CODE` where it must say which (`_named`)."""
    from bot.domain.shell import command

    return command(words, named)


async def _campaign_load(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.plans import PlanError, install_plan, load_plan

    if not args.verbose:
        _quiet_for_terminal(app.settings)
    t = _shell(app.settings)
    try:
        plan = load_plan(args.file)
    except PlanError as problem:
        raise CliError(problem.said(t)) from None
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        try:
            campaign = await install_plan(session, org, plan, now=app.engine.clock())
        except PlanError as problem:  # a criterion pledged re-measured, an award form's code the office's own
            raise CliError(problem.said(t)) from None
        print(
            t("Loaded {title} ({first}–{last}) into {org}.").format(
                title=campaign.title, first=campaign.starts_on.year, last=campaign.ends_on.year, org=org.code
            )
        )
        if plan.template:
            print(
                t("It is a template built from the earlier plans: replace it when the official plan is out.")
            )
    return 0


def _shell(settings: Settings) -> Translator:
    """The shell's own lines, in the language of the organisation's chats (DEFAULT_LOCALE, Vietnamese unless
    the office set English): the clerk who runs the admins' guide reads what her colleagues read
    (docs/decisions/1127). Turned so far: the first hour's `org create`, `org kind`, `campaign load`,
    `db upgrade` and `db backup` (1128); `invite …`, `_org`'s refusals, `org settings load`, `org check-year`
    and `run`'s refusals (1129); `people rename` and the `people` commands' refusals of a person not found
    (1185); `org import`'s report and `report year|phase` (1226); `org units` and a copied settings file's
    campaign refused (1404); `households list` and the `drive` commands (1442); a settings file's problems
    against the plan (1443); `people merge`'s refusals (1444); the demo refused on an organisation's own
    database (1558); `org unit-rename` and `org unit-merge` (1562); `org account` and a typed account's
    refusals (1563); `contributions thanks` (1564); `drive statement` (1565); a mistake in the command's
    words (`cli_argparse`), the `--as` refusals and `households standing` (1660); the `contributions` queue,
    `ledger export|correct` and an amount refused (1696); an amount read as a phone at every money option
    (1736), a whole number mistyped (1737), `contributions reconcile`, `cases rounds|signing-list` and a file
    not to be written (1739); `award …` and `org signer` (1788); a plan file's mistakes (1840) and a settings
    file's own (1841); a DATABASE_URL refused and a token refused (1890)."""
    return Translator(settings.default_locale)


async def _org_settings(app, args) -> int:  # type: ignore[no-untyped-def]
    if args.settings_action == "report-day":
        return await _org_report_day(app, args)
    return await _org_settings_load(app, args)


async def _org_report_day(app, args) -> int:  # type: ignore[no-untyped-def]
    """Set the units' report day alone, where the year's settings file set it only with every other choice
    (decision 1850). The shell is the organisation's operator: `may_set_report_day` lets it."""
    from bot.clock import local_date
    from bot.domain.access import Operator
    from bot.domain.report_day import ReportDayRefused, an_example_day, set_report_day

    t = _shell(app.settings)
    now = app.engine.clock()
    today = local_date(now)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        try:
            done = await set_report_day(session, Operator(org.id), org, args.day, now=now, today=today)
        except ReportDayRefused as refused:
            example = t.date(an_example_day(today))
            if refused.reason == "past":
                said = t("{day} has passed: write a day from today on, e.g. {example}")
            else:  # "no_plan"; the shell is always allowed in its organisation
                said = t(
                    "no campaign plan covers {year}: load it first (chungtay campaign load FILE), or write a "
                    "day of a year it covers, e.g. {example}"
                )
            raise CliError(said.format(day=t.date(args.day), year=args.day.year, example=example)) from None
    if done.before is None or done.before == done.on:
        said = t(
            "{org}: the units report their results for {year} by {day}; their leaders are reminded ahead."
        )
    else:
        said = t(
            "{org}: the units report their results for {year} by {day} (it was {before}); their leaders are "
            "reminded ahead."
        )
    print(
        said.format(
            org=org.code,
            year=done.of_year,
            day=t.date(done.on),
            before=t.date(done.before) if done.before else "",
        )
    )
    return 0


async def _org_settings_load(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.org_settings import SettingsError, apply_settings, load_settings_file
    from bot.domain.public_holidays import public_holidays, weekend_worked

    if not args.verbose:
        _quiet_for_terminal(app.settings)
    t = _shell(app.settings)
    try:
        settings = load_settings_file(args.file)
    except SettingsError as problem:  # the file's own mistakes, said in the office's language (1841)
        raise CliError(problem.said(t)) from None
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        try:
            report = await apply_settings(session, org, settings, now=app.engine.clock(), t=t)
        except SettingsError as problem:
            raise CliError(problem.said(t)) from None
        kind = await _kind_line(session, org, t)
    if report.registration is None:
        window = t("Registration: open all year.")
    else:
        opens_on, closes_on = report.registration
        window = t("Registration: from {first} to {last}.").format(
            first=t.date(opens_on), last=t.date(closes_on)
        )
    print(
        t("Loaded the local settings of {org} for {year} ({campaign}).").format(
            org=org.code, year=settings.year, campaign=settings.campaign
        )
    )
    print(f"  {kind}")
    print(f"  {window}")
    drives = t("Drives")
    for name, (added, updated, left) in (
        (drives, report.drives),
        (t("Suggested targets"), report.suggested_targets),
        (t("Local deadlines"), report.deadlines),
        (t("Holidays"), report.holidays),
        (t("Saturdays and Sundays worked in lieu"), report.working_days),
    ):
        kept_or_removed = t("kept, no longer in the file: {codes}")  # a drive may have gifts: kept
        gone = kept_or_removed if name == drives else t("removed: {codes}")
        tail = gone.format(codes=", ".join(left)) if left else ""
        print(f"  {_loaded_line(t, name, added, updated, tail)}")
    if report.saturday:
        print("  " + t("Saturdays for reminders: working days; Sundays: days off."))
    else:
        print(
            "  "
            + t(
                "Saturdays for reminders: days off ([working_week] saturday = true to change); Sundays: "
                "days off."
            )
        )
    built_in = ", ".join(f"{t.date(day)} {name}" for day, name in public_holidays(settings.year))
    print("  " + t("Public holidays built in, no reminder on them: {days}.").format(days=built_in))
    worked = ", ".join(t.date(day) for day in weekend_worked(settings.year)) or t("none known")
    print("  " + t("Weekend days the government made working days: {days}.").format(days=worked))
    print(
        "  "
        + t(
            "Days off not announced yet: HOLIDAYS or [[holidays]]; days worked (a weekend day, or a holiday "
            "kept working): [[working_days]]."
        )
    )
    for kept in report.kept:  # what the chat or `drive edit` changed stays
        print(f"  {kept_line(t, kept)}")
    added, updated, left = report.award_forms
    forms = ", ".join(left)
    tail = t("kept for their proposals, offered no more: {forms}").format(forms=forms) if left else ""
    own = t("Award forms of its own")
    print(f"  {_loaded_line(t, own, added, updated, tail)}")
    not_used = ", ".join(report.not_used) or t("none")
    print("  " + t("The plan's award forms not used: {forms}.").format(forms=not_used))
    if settings.used:  # offered though not by default: a department director's in a commune (decision 0247)
        print("  " + t("The plan's award forms used: {forms}.").format(forms=", ".join(settings.used)))
    return 0


def _loaded_line(t: Translator, name: str, added: int, updated: int, tail: str) -> str:
    """One line of `org settings load`: “Drives: 1 added, 0 updated; removed: …”."""
    said = t("{name}: {added} added, {updated} updated").format(name=name, added=added, updated=updated)
    return f"{said}; {tail}." if tail else f"{said}."


def kept_line(t: Translator, kept: Kept) -> str:
    """What a reload kept (docs/decisions/0127), in the shell's language: “tet-2027: giữ mục tiêu
    100.000.000 ₫ và ngày kết thúc 10/02/2027 đã sửa sau khi nạp tệp; muốn đổi nữa, anh/chị sửa tệp rồi
    nạp lại”."""
    values = dict(kept.fields)
    parts = []
    if "target_vnd" in values:
        target = money(values["target_vnd"]) if values["target_vnd"] else t("(not set)")
        parts.append(t("target {value}").format(value=target))
    if "starts_on" in values:
        parts.append(t("first day {value}").format(value=t.date(values["starts_on"])))
    if "ends_on" in values:
        parts.append(t("last day {value}").format(value=t.date(values["ends_on"])))
    what = (
        t("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])
        if len(parts) > 1
        else parts[0]
    )
    said = t(
        "{code}: kept {what}, changed after the file was loaded; to change that, edit the file and load it "
        "again"
    )
    return said.format(code=kept.code, what=what)


def _hhmm(text: str) -> str:
    hour, _sep, minute = text.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60 and len(minute) == 2):
        said = cli_argparse.said(
            cli_argparse.t("{typed} is not a time of day; write it as HH:MM, e.g. 07:30")
        )
        raise argparse.ArgumentTypeError(said.format(typed=repr(text)))
    return f"{int(hour):02d}:{minute}"


async def _org_digest(app, args) -> int:  # type: ignore[no-untyped-def]
    """Show the organisation's digest settings, changing those given."""
    from bot.db.models import OrgSchedule
    from bot.delivery.outbox import is_quiet_hour

    start, end = app.settings.quiet_hours_start, app.settings.quiet_hours_end
    if args.time and is_quiet_hour(int(args.time[:2]), start=start, end=end):
        print(
            f"{args.time} is within the quiet hours ({start:02d}:00–{end:02d}:00), when the bot sends nobody "
            f"anything it can hold back; choose a time from {end:02d}:00 to {start:02d}:00, e.g. 07:30",
            file=sys.stderr,
        )
        return 2
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        own = await session.get(OrgSchedule, org.id)
        if own is None:
            own = OrgSchedule(
                org_id=org.id,
                digest_weekday=app.settings.digest_weekday,
                digest_time=app.settings.digest_time,
                show_names=False,
            )
            if args.day or args.time or args.names:
                session.add(own)
        if args.day:
            own.digest_weekday = WEEKDAYS.index(args.day)
        if args.time:
            own.digest_time = args.time
        if args.names:
            own.show_names = args.names == "on"
        day, names = WEEKDAYS[own.digest_weekday], "on" if own.show_names else "off"
        print(f"{org.code}: weekly digest on {day} at {own.digest_time}, names {names}.")


async def _org_leaders_see_non_givers(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.audit import audit

    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        org.leaders_see_non_givers = args.value == "on"
        audit(
            session,
            at=app.engine.clock(),
            actor_id=None,
            action="org.leaders_see_non_givers",
            entity="organisation",
            entity_id=org.id,
            value=org.leaders_see_non_givers,
        )
    if args.value == "on":
        print(f"Unit leaders of {org.code} may now see who in their unit has not given to a drive.")
    else:
        print(f"Unit leaders of {org.code} no longer see who has not given (officers still do).")
    return 0


async def _org_signer(app, args) -> int:  # type: ignore[no-untyped-def]
    """Set (or show) who signs the organisation's papers. Titles are written as the organisation writes them;
    the papers print them in capitals, as the decree's layout does."""
    from bot.domain.audit import audit
    from bot.text import nfc

    t = _shell(app.settings)  # the office's language, one translator for the command (1739)

    def cleaned(value: str | None, limit: int, what: str) -> str | None:
        if value is None:
            return None
        text = " ".join(nfc(value).split())
        if not text or len(text) > limit:
            raise CliError(t("{option} must be 1 to {limit} characters").format(option=what, limit=limit))
        return text

    title = cleaned(args.title, 100, "--title")
    signs_for = cleaned(args.signs_for, 200, "--for")
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        if args.clear or title or signs_for:
            if args.clear:
                org.head_title = org.signs_for = None
            if title:
                org.head_title = title
            if signs_for:
                org.signs_for = signs_for
            audit(
                session,
                at=app.engine.clock(),
                actor_id=None,
                action="org.signer",
                entity="organisation",
                entity_id=org.id,
                title=org.head_title,
                signs_for=org.signs_for,
            )
        shown = org.head_title or "Thủ trưởng cơ quan"
    signer = f"{org.signs_for} / {shown}" if org.signs_for else shown
    print(t("{org}: papers are signed by {signer}.").format(org=org.code, signer=signer))
    return 0


async def _org_account(app, args) -> int:  # type: ignore[no-untyped-def]
    """Set (or show) where gifts of money are transferred. The banking app shows the holder's name before the
    giver sends anything: the office checks it once by scanning the sample code (`--qr`)."""
    from bot.domain.access import Operator
    from bot.domain.transfer import account_of, set_account

    t = _shell(app.settings)  # decision 1563
    typed = _typed_account(args, t)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        if typed is not None or args.clear:
            set_account(session, Operator(org.id), org, typed, now=app.engine.clock())
        account = account_of(org)
        code = org.code
    if account is None:
        print(t("{code}: no account for transfers; receipts say nothing of them.").format(code=code))
        return 0
    print(
        t(
            "{code}: gifts of money are transferred to {bank} ({short}, BIN {bin}), account {number}, "
            "{holder}."
        ).format(
            code=code,
            bank=account.bank.name,
            short=account.bank.short,
            bin=account.bank.bin,
            number=account.number,
            holder=account.holder,
        )
    )
    _write_sample(args.qr, account, t)
    return 0


# An organisation's code is typed after --org in every command: letters a-z, digits and dashes, at most 40.
_ORG_CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def _org_code(typed: str, t: Translator) -> str:
    """The code as given, or CliError with one made from it ("BV Thạch Hà" → bv-thach-ha) as the example."""
    from bot.text import fold

    code = typed.strip()
    if _ORG_CODE.fullmatch(code) and len(code) <= 40:
        return code
    made = "-".join(re.findall(r"[a-z0-9]+", fold(typed)))[:40].strip("-") or "bv-thach-ha"
    raise CliError(
        t(
            "--code {typed} is not a code: use letters a-z without accents, digits and dashes, at most 40, "
            "e.g. --code {made}; nothing created"
        ).format(typed=repr(typed), made=made)
    )


async def _org_create(app, args) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from bot.clock import local_date
    from bot.db.models import Organisation
    from bot.domain.access import DEMO_ORG, is_demo
    from bot.text import nfc

    t = _shell(app.settings)
    code = _org_code(args.code, t)
    prefix = _ref_prefix(args.ref_prefix, t)
    async with app.sessionmaker() as session, session.begin():
        # --org finds a code whatever its case: bvth and BVTH would be one organisation nobody could reach.
        same = await session.scalar(
            select(Organisation.code).where(func.lower(Organisation.code) == code.lower())
        )
        if same is not None:
            raise CliError(
                t(
                    "organisation {code} already exists (a code is the same in any case): choose another, "
                    "e.g. --code {example}; nothing created"
                ).format(code=repr(same), example=f"{same}-2")
            )
        demo = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        if demo is not None and is_demo(demo):  # an office's own coded DEMO is no demo (decisions 1888, 1926)
            others = await session.scalars(
                select(Organisation.code).where(Organisation.id != demo.id).order_by(Organisation.code)
            )
            raise CliError(_beside_the_demo(app.settings, t, list(others)))
        if prefix is not None and (
            holder := await session.scalar(select(Organisation.code).where(Organisation.ref_prefix == prefix))
        ):
            raise CliError(
                t(
                    "--ref-prefix {prefix} is organisation {holder}'s: each has its own, e.g. --ref-prefix "
                    "{example}; nothing created"
                ).format(
                    prefix=prefix,
                    holder=repr(holder),
                    example=prefix[:5] + ("Y" if prefix.endswith("X") else "X"),
                )
            )
        org = Organisation(
            code=code, name=nfc(args.name), created_at=app.engine.clock(), ref_prefix=prefix, kind=args.kind
        )
        session.add(org)
        await session.flush()  # its prefix, when none was chosen (bot.db.models.ref_prefix_for)
        prefix = org.ref_prefix
        kind = await _kind_line(session, org, t)
        named = await _named(session, org)
    year = local_date(app.engine.clock()).year
    print(
        t("Created organisation {code}; its reference codes begin with {prefix} ({first}).").format(
            code=code, prefix=prefix, first=f"{prefix}-{year}-000001"
        )
    )
    print(kind)
    print(_first_plan_line(year, named, t))
    return 0


def _beside_the_demo(settings: Settings, t: Translator, others: list[str]) -> str:
    """`make run`'s demo school is in this database (the README's first minute, then the admins' guide): an
    organisation beside it would keep the demo's people, gifts and codes in the office's own database, and its
    gifts' codes would not begin with CT. Refused, with how to start from a database of its own (decision
    1915). A database made before that refusal may hold an office's own organisation beside the demo: the
    file is then never said to be deleted, as it keeps that organisation's people and gifts (1972)."""
    from sqlalchemy.engine import make_url

    from bot.channels.console import this_command
    from bot.domain.access import DEMO_ORG

    if others:
        return t(
            "this database holds the demo school of make run ({demo}) beside {orgs}: do not delete it, it "
            "keeps {orgs}'s data. A new organisation is made in a database of its own: set DATABASE_URL to "
            "another database, run `{command} db upgrade`, then this command again; nothing created"
        ).format(demo=DEMO_ORG, orgs=", ".join(others), command=this_command())
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        return t(
            "this database holds the demo school of make run ({demo}): your organisation is made in a "
            "database of its own. Stop the demo, delete {file}, run `{command} db upgrade`, then this "
            "command again (or set DATABASE_URL to another database); nothing created"
        ).format(demo=DEMO_ORG, file=url.database, command=this_command())
    return t(
        "this database holds the demo school of make run ({demo}): your organisation is made in a "
        "database of its own. Set DATABASE_URL to another database, run `{command} db upgrade`, then this "
        "command again; nothing created"
    ).format(demo=DEMO_ORG, command=this_command())


def _first_plan_line(year: int, named: str | None, t: Translator) -> str:
    """What a new organisation does next, as the admins' guide goes on (step 3): load the plan the bot ships
    for this year, else its own (decision 1079)."""
    from bot.domain.year_setup import shipped_plan

    plan = shipped_plan(year, set())
    file = plan.file if plan is not None else "campaigns/<plan>.toml"
    load = _command(f"campaign load {file}", named)
    return t(
        "Next, the campaign's plan: {load} (docs/guide-admin.md, step 3); then the year's settings file and "
        "the staff list (steps 4 and 5)."
    ).format(load=load)


async def _kind_line(session, org, t: Translator) -> str:  # type: ignore[no-untyped-def]
    """What the organisation reads as, and why (docs/decisions/0255): said by its admin, or told by its
    households; a name that reads as a commune's, with nothing said and no household, is a suggestion to
    confirm, never taken as said."""
    from bot.domain.notices import commune_by_name, commune_level, is_commune, level_name, whole_label

    # a ward's own word and its whole as its people's screens say it, quoted in Vietnamese as “Toàn cơ
    # quan” is (decision 2845): “a ward: “Toàn phường””; a commune's, or a name saying none, “Toàn xã”
    level = commune_level(org.name)
    whole = whole_label(Translator("vi"), commune=True, level=level)
    words = t(
        "a {level}: “{whole}”, Fatherland Front officers, no department's Giấy khen unless [awards] used"
    ).format(level=level_name(t, level), whole=whole)
    office = t("an office: “Toàn cơ quan”, union officers")
    if org.kind is not None:
        said = words if org.kind == "commune" else office
        return t("{code} reads as {words} (said: chungtay org kind).").format(code=org.code, words=said)
    if await is_commune(session, org.id):
        return t("{code} reads as {words}, as households belong to it (chungtay org kind to say it).").format(
            code=org.code, words=words
        )
    if commune_by_name(org.name):
        return t(
            "{code} reads as {words}, as nothing says what it is yet. Its name reads as a {level}'s: "
            "if it is one, chungtay org kind commune --org {code}"
        ).format(code=org.code, words=office, level=level_name(t, level))
    return t("{code} reads as {words} (a commune: chungtay org kind commune --org {code}).").format(
        code=org.code, words=office
    )


async def _org_check_year(app, args) -> int:  # type: ignore[no-untyped-def]
    """The checklist the office is sent in December (docs/decisions/0694), for the operator: what the year
    lacks and what to do, or that it is ready. Exit code 1 while it lacks something, for a timer's check."""
    from bot.clock import local_date
    from bot.domain.year_setup import check_year, checklist

    today = local_date(app.engine.clock())
    coming = today.year + 1 if today.month >= 10 else today.year
    year = args.year or coming
    if year < today.year:  # a year ended is prepared no more: its Tết drive, its file (decision 1832)
        t = _shell(app.settings)
        raise CliError(
            t(
                "{year} has ended: this command prepares a year to come, for example {check}. The report of "
                "{year}: {report}."
            ).format(
                year=year,
                check=f"`chungtay org check-year --year {coming}`",
                report=f"`chungtay report year --year {year} --docx bao-cao-nam-{year}.docx`",
            )
        )
    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        check = await check_year(session, org, year, today)  # a Tết gone by is not asked for (1900)
    print(checklist(_shell(app.settings).locale, check))  # the office's notice, in the same language
    return 1 if check.lacks else 0


async def _org_kind(app, args) -> int:  # type: ignore[no-untyped-def]
    """Say (or show) what the organisation is: a commune or an office (docs/decisions/0255). Audited: it
    changes the words of every screen its people read."""
    from bot.domain.audit import audit

    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        if args.value is not None and args.value != org.kind:
            audit(
                session,
                at=app.engine.clock(),
                actor_id=None,
                action="org.kind",
                entity="organisation",
                entity_id=org.id,
                before=org.kind,
                after=args.value,
            )
            org.kind = args.value
            await session.flush()
        line = await _kind_line(session, org, _shell(app.settings))
    print(line)
    return 0


def _ref_prefix(typed: str | None, t: Translator) -> str | None:
    """The prefix chosen with --ref-prefix, in capitals (None: none chosen), or CliError with an example."""
    if typed is None:
        return None
    from bot.db.models import REF_PREFIX_SHAPE

    prefix = typed.strip().upper()
    if not REF_PREFIX_SHAPE.fullmatch(prefix):
        raise CliError(
            t(
                "--ref-prefix {typed} is not a prefix: use 2 to 6 letters A-Z without accents, e.g. "
                "--ref-prefix XATH; nothing created"
            ).format(typed=repr(typed))
        )
    return prefix


async def _org_import(app, args) -> int:  # type: ignore[no-untyped-def]
    """The import's report speaks the shell's language (`_shell`, decision 1226), from its counts to its
    commands to copy; the row messages (`bot.domain.org_import`, decision 0042) are still worded there, in
    Vietnamese. Vietnamese counts take no plural ("1 dòng", "3 dòng"); the English ones do."""
    from bot.domain.notices import commune_level, level_name, role_place
    from bot.domain.org_import import StaffFileError, import_staff

    t = _shell(app.settings)
    if not args.file.exists():
        raise CliError(
            t('file "{file}" not found: give the path of the staff list, for example {example}').format(
                file=args.file, example="chungtay org import danh-sach.xlsx"
            )
        )
    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        named = await _named(session, org)
    try:
        report = await import_staff(
            app.sessionmaker, org, args.file, now=app.engine.clock(), progress=True, settings=app.settings
        )
    except StaffFileError as problem:
        raise CliError(str(problem)) from None
    person_id, day = t("ID"), t("DD/MM/YYYY")  # the placeholders of a command to copy
    # The people found again: how many the file changed (each named below), how many are as they were.
    found = (
        t("; {updated} already listed: {changed} changed, {same} as before").format(
            updated=report.updated, changed=report.changed, same=report.updated - report.changed
        )
        if report.updated
        else ""
    )
    added = (  # a commune's units are its hamlets and boards (thôn, ban), as every screen of its says
        t("Added: {created}{found}; rows skipped: {skipped}; new hamlets and boards: {units}.")
        if report.commune
        else t("Added: {created}{found}; rows skipped: {skipped}; new units: {units}.")
    )
    print(
        added.format(created=report.created, found=found, skipped=report.skipped, units=report.units_created)
        + (
            t(" Emulation blocks set for units: {n}.").format(n=report.blocks_set)
            if report.blocks_set
            else ""
        )
    )
    if report.sheets:  # a workbook's several sheets, all read: said first, an old year's among them (0300)
        read = ", ".join(
            t("“{title}” (rows: {rows})").format(title=title, rows=rows) for title, rows in report.sheets
        )
        print(
            t(
                "Read {n} sheets of the file: {read}. If a sheet is not the current list (last year's list), "
                "delete it from the file and import again."
            ).format(n=len(report.sheets), read=read)
        )
    for title, why in report.passed_over:  # hidden, an earlier year's, an old one: not read (0303, 0325)
        if why == "hidden":
            passed = t(
                "Did not read the sheet “{title}”: it is hidden in the file. If it is the list, unhide it "
                "and "
                "import again."
            )
        elif why == "old":
            passed = t(
                "Did not read the sheet “{title}”: its name says it is not the current list. If it is the "
                "current list, rename the sheet and import again."
            )
        else:
            passed = t(
                "Did not read the sheet “{title}”: its name says the year {year}, before another sheet's in "
                "the file. If it is the current list, rename the sheet and import again."
            )
        print(passed.format(title=title, year=why))
    if report.no_phone_column is not None:  # every row went in without a phone: said before anything else
        unread = ", ".join(f"“{cell}”" for cell in report.no_phone_column)
        columns = t(" (columns not read: {columns})").format(columns=unread) if unread else ""
        print(
            t(
                "The file has no “Số điện thoại” column{columns}: everyone was imported without a phone, so "
                "on joining they cannot get their record by its last 4 digits. If the file has phones, head "
                "that column “Số điện thoại” (cells such as 0912345678) and import again."
            ).format(columns=columns)
        )
    if report.households_header is not None and report.read_as_households:  # decision 0258
        print(
            t(
                "Column “{header}”: the organisation is a commune, so the rows without a “Loại” column were "
                "imported as households."
            ).format(header=report.households_header)
        )
    elif report.households_header is not None:
        print(
            t(
                "Column “{header}”: if this is the commune's list of households, say the organisation is a "
                "commune: {command}, then import this file again (or write “hộ gia đình” in the “Loại” "
                "column). This time the rows without a “Loại” column were not recorded as households."
            ).format(header=report.households_header, command=_command("org kind commune", named))
        )
    if report.footer:  # the list's date and signatures: nobody's rows (decision 0254)
        lines = _lines_said(t, report.footer, ranges=False)
        print(
            t("Under the list, {lines} name no unit (a date, signatures…): not people, skipped.").format(
                lines=lines
            )
        )
    if report.headings:  # a unit written as a row over its people: said once (decision 0300)
        print(
            t(
                "Rows naming a hamlet or board alone, read as the hamlet or board of the people under them "
                "(to a blank row or the next name):"
            )
            if report.commune
            else t(
                "Rows naming a unit alone, read as the unit of the people under them (to a blank row or the "
                "next name):"
            )
        )
        for heading in report.headings:
            lines = _lines_said(t, heading.lines)
            if heading.retired:
                print(
                    "  "
                    + t(
                        "Row {line} “{text}”: not a unit; the people under it ({n}) have retired, so were "
                        "not "
                        "imported ({lines}: {names}); those already on the list are named under “Not on "
                        "the new list” to record their leaving"
                    ).format(
                        line=heading.line,
                        text=heading.text,
                        n=len(heading.lines),
                        lines=lines,
                        names=", ".join(heading.names),
                    )
                )
            else:
                n = len(heading.lines)
                counted = (
                    t.plural("{n} household ({lines})", "{n} households ({lines})", n)
                    if report.read_as_households
                    else t.plural("{n} person ({lines})", "{n} people ({lines})", n)
                )
                people = counted.format(n=n, lines=lines)
                written = heading.count
                if written is not None and written != len(heading.lines):  # a row lost, or one too many
                    people += t("; its heading row says {written}, please check").format(written=written)
                if heading.from_tab:  # a sheet of one hamlet, named on its tab (decision 0604)
                    said = t("Sheet “{text}”, with no hamlet column: {unit}, {people}")
                else:
                    said = t("Row {line} “{text}”: {unit}, {people}")
                print(
                    "  " + said.format(line=heading.line, text=heading.text, unit=heading.unit, people=people)
                )
    for line, text in report.totals:
        print(t("Row {line} “{text}”: a total, not a person, skipped.").format(line=line, text=text))
    for line, text in report.places:  # the commune's name over its list (decision 0604)
        print(
            t("Row {line} “{text}”: the place's name over the list, not a person or a unit, skipped.").format(
                line=line, text=text
            )
        )
    if report.errors:
        print(t("Rows skipped:"))
        for error in report.errors:
            print(f"  {error.message}")
    if report.warnings:
        print(t("Rows imported, with a warning:"))
        for warning in report.warnings:
            print(f"  {warning.message}")
    if report.changes:  # the same people found again, changed: one line each to check (decision 0134)
        print(t("People already on the list, changed (please check):"))
        for change in report.changes:
            print(f"  {change.message}")
    if report.away:  # the “Nghỉ đến” column (decision 0789)
        print(
            t(
                "Long leave by the “Nghỉ đến” column (to the end of that day no appeals or reminders; the "
                "digest counts them apart; back at work sooner: {command}):"
            ).format(command=_command(f"people away {person_id} --back", named))
        )
        for away in report.away:
            print(f"  {away.message}")
    if report.new_units:
        print(t("New hamlets and boards:") if report.commune else t("New units:"))
        for unit in report.new_units:
            near = ""
            if unit.near is not None:
                code, name = unit.near
                near_said = (
                    t(
                        '; reads nearly as the unit "{name}" ({code}), also new in this file: if they are '
                        "one unit, merge them: {command}"
                    )
                    if unit.near_is_new
                    else t(
                        '; reads nearly as the unit "{name}" ({code}), already there: if they are one unit, '
                        "merge them: {command}"
                    )
                )
                near = near_said.format(
                    name=name, code=code, command=_command(f"org unit-merge {unit.code} {code}", named)
                )
            print("  " + t("{name} (code {code}){near}").format(name=unit.name, code=unit.code, near=near))
    heads = [head for head in report.heads if head.role == "leader"]
    if report.leaders or heads:  # no word on the list makes anyone the whole organisation's leader (0054)
        print(
            (
                t("The leaders on the list ({n}) lead the unit written on their own row. ").format(
                    n=report.leaders
                )
                if report.leaders
                else ""  # a list without roles: its head's position alone (decision 0258)
            )
            + t(
                "The head of the whole organisation (the commune's chair, the headteacher, the director…) "
                "needs the role of leader of the whole organisation: {command} (IDs: {list})."
            ).format(
                command=_command(f"people grant {person_id} leader --org-wide", named),
                list=_command("people list", named),
            )
        )
    for head in heads:  # under the leaders' heading just above
        said = (
            t("Row {row}: {name} ({position}) leads {unit}; if the head of the whole organisation: {command}")
            if head.leads
            else t(
                "Row {row}: {name} ({position}) is in {unit}; if the head of the whole organisation: "
                "{command}"
            )
        )
        print(
            "  "
            + said.format(
                row=head.row,
                name=head.full_name,
                position=head.position,
                unit=head.unit,
                command=_command(f"people grant {head.person_id} leader --org-wide", named),
            )
        )
    union = [head for head in report.heads if head.role != "leader"]
    # a commune's whole in its own word, a ward's “cả phường”, “toàn phường” (decision 2924)
    level = commune_level(org.name) if report.commune else None
    whole = {"level": level_name(t, level), "whole": role_place(t, None, commune=True, level=level)}
    if union:  # officers and treasurers under a heading of their own, never the leaders'
        print(
            t(
                "The officers and treasurers on the list serve the hamlet or board written on their own row. "
                "Whoever serves the whole {level} (the Front's committee, the mobilisation board) needs the "
                "role for {whole}:"
            ).format(**whole)
            if report.commune
            else t(
                "The officers and treasurers on the list serve the unit written on their own row. Whoever "
                "serves the whole organisation (the trade union, the mobilisation board) needs the role for "
                "the whole organisation:"
            )
        )
    for head in union:
        if not head.leads:  # a list without roles: her position alone names the union (decision 2341)
            said = t(
                "Row {row}: {name} ({position}) is in {unit}; if {role} of the whole organisation: {command}"
            )
        elif report.commune:
            said = t(
                "Row {row}: {name} ({position}) is {role} of {unit}; if serving the whole {level}: {command}"
            )
        else:
            said = t(
                "Row {row}: {name} ({position}) is {role} of {unit}; if serving the whole organisation: "
                "{command}"
            )
        print(
            "  "
            + said.format(
                row=head.row,
                name=head.full_name,
                position=head.position,
                role=_role_said(t, head.role, commune=report.commune),
                unit=head.unit,
                level=whole["level"],
                command=_command(f"people grant {head.person_id} {head.role} --org-wide", named),
            )
        )
    if report.unconfirmed:  # the first gift of these units would wait for nobody (decision 1032)
        unconfirmed = (
            t(
                "No treasurer yet confirms the contributions of these hamlets and boards ({n}): {units}. The "
                "whole commune's treasurer: {command} (IDs: {list}); a hamlet's or board's treasurer: write "
                "“thủ quỹ” in the Vai trò column on their row and import again."
            )
            if report.commune
            else t(
                "No treasurer yet confirms the contributions of these units ({n}): {units}. The whole "
                "organisation's "
                "treasurer: {command} (IDs: {list}); a unit's treasurer: write “thủ quỹ” in the Vai trò "
                "column on their row and import again."
            )
        )
        print(
            unconfirmed.format(
                n=len(report.unconfirmed),
                units=", ".join(report.unconfirmed),
                command=_command(f"people grant {person_id} treasurer --org-wide", named),
                list=_command("people list", named),
            )
        )
    if report.absent:  # named, never marked: the file may be one unit's (decision 0118)
        print(
            t("Not on the new list: {n} — if they have left: {command}").format(
                n=len(report.absent),
                command=_command(f"people leave {person_id} [--on {day}]", named),
            )
        )
        for absent in report.absent[:ABSENT_SHOWN]:
            line = t("  ID {id}: {name} ({unit})").format(
                id=absent.person_id, name=absent.full_name, unit=absent.unit or t("no unit")
            )
            if absent.moved is not None:  # decision 0290
                row, added, unit = absent.moved
                line += t(
                    "; row {row} adds someone of the same name in {unit} (ID {added}): if it is one person "
                    "who moved unit, merge them so that their registration, results and account follow (the "
                    "contributions still count for the old unit): {command}"
                ).format(
                    row=row,
                    unit=unit,
                    added=added,
                    command=_command(f"people merge {absent.person_id} {added}", named),
                )
            print(line)
        if len(report.absent) > ABSENT_SHOWN:
            print(
                t("  … and {n} more ({command})").format(
                    n=len(report.absent) - ABSENT_SHOWN, command=_command("people list", named)
                )
            )
    return 0 if not report.errors else 1  # warnings alone: every row went in


def _role_said(t: Translator, role: str, *, commune: bool) -> str:
    """A role inside the import's sentence, lower case: “thủ quỹ”, “cán bộ công đoàn”; in a commune the
    officer is the Front's (decision 0225)."""
    if role == "officer":
        return t("the Front's officer") if commune else t("the union officer")
    return {"treasurer": t("the treasurer"), "admin": t("the administrator")}.get(role, t("a member"))


def _lines_said(t: Translator, lines: list[int], *, ranges: bool = True) -> str:
    """Lines one after another as a range (“dòng 6–17”; unless not `ranges`), else listed (“dòng 6, 8, 9”);
    of a workbook whose several sheets were read, sheet by sheet, each said once (“dòng 3, 4 (Lâm sàng)”)."""
    said = []
    for sheet, group in groupby(lines, key=lambda line: getattr(line, "sheet", None)):
        of_sheet = list(group)
        shown = [getattr(line, "shown", line) for line in of_sheet]
        if ranges and len(of_sheet) > 2 and of_sheet == list(range(of_sheet[0], of_sheet[-1] + 1)):
            these = f"{shown[0]}–{shown[-1]}"
        else:
            these = ", ".join(map(str, shown))
        said.append(these + (f" ({sheet})" if sheet is not None else ""))
    return t("rows {rows}").format(rows="; ".join(said))


async def _invite_create(app, args) -> int:  # type: ignore[no-untyped-def]
    """The code alone on its first line (to copy), then what it gives in which unit, its uses and last day,
    as `invite list` and the chat's list write them (`row_lines`), then the Telegram link."""
    from bot.domain.invites import (
        ADMIN_INVITE_DAYS,
        InviteRow,
        create_invite,
        deep_link,
        invite_state,
    )
    from bot.domain.notices import commune_and_level, hamlet_ids
    from handlers.invites import row_lines

    t = _shell(app.settings)
    short = args.role == "admin" or args.org_wide  # one person's, for a few days (decisions 0078, 1857)
    days = args.expires_days or (ADMIN_INVITE_DAYS if short else 14)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        expires_days = None if args.no_expiry else days
        # the unit first, so that a refusal's example names one that exists; then the domain's one rule of an
        # organisation-wide code, asked once by `create_invite` (decisions 1814, 1857, 1885, 1951, 2122)
        unit = await _unit(session, org, args.unit, t)
        try:
            invite = await create_invite(
                session,
                org,
                unit_code=unit.code,
                role=args.role,
                kind=args.kind,
                uses=args.uses,
                expires_days=expires_days,
                now=app.engine.clock(),
                org_wide=args.org_wide,
                t=t,
            )
        except ValueError as problem:  # refused: its words in the office's language (2035, 2122)
            raise CliError(problem.said(t) if isinstance(problem, Refused) else str(problem)) from None
        row = InviteRow(invite, unit.name, None, invite_state(invite, app.engine.clock()))
        commune, level = await commune_and_level(session, org.id)  # a ward's “toàn phường” (2844)
        hamlets = await hamlet_ids(session, org.id)
    gives, made = row_lines(t, row, commune=commune, level=level, hamlets=hamlets)
    print(invite.code)
    print(f"  {gives.removeprefix(f'• {invite.code}: ')}")
    print(made)
    username = app.settings.telegram_bot_username
    if username:
        print(deep_link(username, invite.code))
    else:
        print(
            t("(set TELEGRAM_BOT_USERNAME to also print the Telegram link https://t.me/<bot>?start=<code>)")
        )
    return 0


async def _invite_list(app, args) -> int:  # type: ignore[no-untyped-def]
    """The codes as the chat lists them, in the shell's language (`_shell`, decision 1129); the closed ones
    too with --all."""
    from bot.domain.access import Operator
    from bot.domain.invites import invites_of
    from bot.domain.notices import commune_and_level, hamlet_ids
    from handlers.invites import closed_words, row_lines

    t = _shell(app.settings)
    async with app.sessionmaker() as session, session.begin():  # a code made before 1857 narrowed (1952)
        org = await _org(session, args.org, app.settings)
        unit = await _unit(session, org, args.unit, t) if args.unit else None
        rows = await invites_of(
            session,
            Operator(org.id),
            org.id,
            now=app.engine.clock(),
            unit_id=unit.id if unit else None,
            closed_too=args.all,
        )
        commune, level = await commune_and_level(session, org.id)
        hamlets = await hamlet_ids(session, org.id)
    if not rows:
        none = (
            t("No invite code of {unit} can still be used").format(unit=unit.name)
            if unit
            else t("No invite code can still be used")
        )
        closed = t("--all: the used up, expired and withdrawn ones too")
        print(f"{none}." if args.all else f"{none} ({closed}).")
        return 0
    for row in rows:
        first, second = row_lines(t, row, commune=commune, level=level, hamlets=hamlets)
        if closed := closed_words(t, row.invite, row.state):
            first += f" — {closed}"
        print(first.removeprefix("• "))
        print(second)
    return 0


def _withdraw_refused(t: Translator, reason: str, code: str, day: str) -> str:
    """Why `invite withdraw` changed nothing (`InviteError.reason`), in the shell's language."""
    if reason == "withdrawn":
        said = t("code {code} was withdrawn on {day}; nothing changed")
    elif reason == "expired":
        said = t("code {code} has expired: nobody can join with it any more; nothing changed")
    elif reason == "used_up":
        said = t("code {code} is used up: nobody can join with it any more; nothing changed")
    else:
        said = t("code {code} could not be withdrawn; nothing changed")
    return said.format(code=code, day=day)


async def _invite_withdraw(app, args) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from bot.db.models import Invite, Unit
    from bot.domain.access import Operator
    from bot.domain.invites import InviteError, normalize_code, withdraw_invite
    from bot.domain.notices import commune_and_level, hamlet_ids
    from handlers.invites import gives

    t = _shell(app.settings)
    code = normalize_code(args.code)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        invite = await session.scalar(select(Invite).where(Invite.code == code, Invite.org_id == org.id))
        if invite is None:
            raise CliError(
                t("no invite code {code} in organisation {org} ({command}); nothing changed").format(
                    code=repr(code or args.code),
                    org=org.code,
                    command=_command("invite list --all", await _named(session, org)),
                )
            )
        try:
            await withdraw_invite(
                session, Operator(org.id), invite, now=app.engine.clock(), reason=args.reason
            )
        except InviteError as refused:
            day = t.date(invite.withdrawn_at) if invite.withdrawn_at else ""
            raise CliError(_withdraw_refused(t, refused.reason, code, day)) from None
        unit = await session.get_one(Unit, invite.unit_id)
        commune, level = await commune_and_level(session, org.id)
        hamlets = await hamlet_ids(session, org.id)
        whom = gives(t, invite, unit.name, commune, level, hamlets=hamlets)
        joined = invite.uses
    said = t.plural(
        "Withdrew code {code} ({whom}): nobody can join with it from now on; the {n} who joined with it "
        "keeps their place.",
        "Withdrew code {code} ({whom}): nobody can join with it from now on; the {n} who joined with it "
        "keep their place.",
        joined,
    )
    print(said.format(code=code, whom=whom, n=joined))
    return 0


async def _drive_actor(session, org, person_id: int | None, t: Translator):  # type: ignore[no-untyped-def]
    """The person named by --as, under their roles; else the operator at this shell."""
    return await acting_as(session, org.id, person_id, t)


def _drive_refusals(t: Translator) -> dict[str, str]:
    """Why a drive command changed nothing, in the shell's language (decision 1442)."""
    return {
        "not_allowed": t(
            "that person may not manage this drive (an officer or admin covering its units may)"
        ),
        "account": t("only an administrator of the whole organisation sets a drive's own account"),
        "dates": t("the last day is before the first"),
        "target": t("the target must be above zero"),
        "title": t("the title is empty or too long"),
        "kinds": t("kinds are money, goods or labour"),
        "days_target": t(
            "a drive of labour days alone has no target in đồng (days of work are not counted in money); "
            "leave out --target, e.g. {command}"
        ),
        "days_target_alone": t(
            "a drive of labour days alone has no target in đồng (days of work are not counted in money)"
        ),
        "units": t("unknown unit"),
        "code": t("a drive with that code exists"),
        "closed": t("the drive is closed"),
        "open": t("the drive is not closed"),
    }


async def _drive_by_code(session, org, code: str, t: Translator):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from bot.db.models import Drive

    drive = await session.scalar(select(Drive).where(Drive.org_id == org.id, Drive.code == code))
    if drive is None:
        raise CliError(
            t("no drive {code} in {org}: see the drives' codes with {command}").format(
                code=repr(code), org=org.code, command=_command("drive list", await _named(session, org))
            )
        )
    return drive


def _typed_account(args, t: Translator):  # type: ignore[no-untyped-def]
    """The account given by --bank, --number and --holder (all three or none), or None; what is wrong with it
    in `t`'s language (the domain's `AccountError` says it in English: decision 1563)."""
    from bot.domain.transfer import (
        BANKS,
        HOLDER_MAX,
        Account,
        AccountError,
        checked_bank,
        checked_holder,
        checked_number,
    )

    given = (args.bank, args.number, args.holder)
    if any(given) and not all(given):
        raise CliError(
            t(
                "give --bank, --number and --holder together, e.g. --bank BIDV --number 12010000123456 "
                '--holder "UB MTTQ XA TAN HOA"'
            )
        )
    if not all(given):
        return None
    bank, number, holder = given
    try:
        found = checked_bank(bank)
    except AccountError:
        raise CliError(
            t(
                "unknown bank {typed}: give its NAPAS BIN (six digits, 970…) or one of {known}, e.g. "
                "--bank VCB; nothing changed"
            ).format(typed=repr(bank.strip()), known=", ".join(known.short for known in BANKS.values()))
        ) from None
    try:
        digits = checked_number(number)
    except AccountError:
        raise CliError(
            t(
                "the account number {number} must be 6 to 19 digits (or letters), as on the bank's papers, "
                "e.g. --number 0123456789; nothing changed"
            ).format(number=repr(number.strip()))
        ) from None
    try:
        name = checked_holder(holder)
    except AccountError:
        raise CliError(
            t(
                "the holder's name is written as the bank writes it, in letters (characters at most: "
                '{limit}), e.g. --holder "UB MTTQ XA TAN HOA"; nothing changed'
            ).format(limit=HOLDER_MAX)
        ) from None
    return Account(found, digits, name)


def _write_sample(path: str | None, account, t: Translator) -> None:  # type: ignore[no-untyped-def]
    """The sample code of 10.000 ₫ to `account`, to scan once and check the holder's name (never to send)."""
    from bot.domain.transfer import qr_png, sample_qr

    if path and account is not None:
        Path(path).write_bytes(qr_png(sample_qr(account)))
        print(
            t(
                "Wrote {path}: scan it with a banking app and check that it shows {holder} (do not send)."
            ).format(path=path, holder=account.holder)
        )


def _drive_create_typed(args: argparse.Namespace, t: Translator) -> str:
    """`drive create` as the office typed it, less its --target: the command that opens the drive of days
    she meant, its units, its Fund or not, its level, code and account kept (decisions 1876, 1925)."""
    given = [
        ("--title", args.title),
        ("--starts", t.date(args.starts)),
        ("--ends", t.date(args.ends)),
        ("--kinds", "labour"),
        *(("--unit", unit) for unit in args.unit or ()),
    ]
    words = [f"{option} {_as_typed(value)}" for option, value in given]
    if args.not_fund:
        words.append("--not-fund")
    for option, value in (
        ("--level", args.level),
        ("--code", args.code),
        ("--bank", args.bank),
        ("--number", args.number),
        ("--holder", args.holder),
        ("--qr", args.qr),
        ("--as", args.as_person),
    ):
        if value is not None:
            words.append(f"{option} {_as_typed(value)}")
    return "drive create " + " ".join(words)


def _drive_edit_typed(args: argparse.Namespace, t: Translator) -> str | None:
    """`drive edit` as the office typed it, less its --target: its dates and account kept (decision 1940);
    None where the target was all it changed, and nothing is left to run."""
    words = [
        f"{option} {_as_typed(t.date(day))}"
        for option, day in (("--starts", args.starts), ("--ends", args.ends))
        if day
    ]
    for option, value in (("--bank", args.bank), ("--number", args.number), ("--holder", args.holder)):
        if value is not None:
            words.append(f"{option} {_as_typed(value)}")
    if args.no_account:
        words.append("--no-account")
    if not words:
        return None
    if args.qr is not None:
        words.append(f"--qr {_as_typed(args.qr)}")
    if args.as_person is not None:
        words.append(f"--as {_as_typed(args.as_person)}")
    return f"drive edit {_as_typed(args.code)} " + " ".join(words)


def _as_typed(value: str) -> str:
    """`value` as a shell reads it back: bare where it can be, else in double quotes."""
    if shlex.quote(value) == value:
        return value
    return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'


async def _drive_create(app, args) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from bot.domain.drives import DriveError, NewDrive, code_for, create_drive

    t = _shell(app.settings)
    account = _typed_account(args, t)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        units = None
        if args.unit:
            units = [await _unit_id(session, org, given, t) for given in args.unit]
        if args.code is None:  # the same command run twice: say so rather than open a twin
            from bot.db.models import Drive
            from bot.text import fold

            twins = await session.execute(
                select(Drive.code, Drive.title).where(Drive.org_id == org.id, Drive.starts_on == args.starts)
            )
            for code, title in twins:
                if fold(title).strip() == fold(args.title).strip():
                    raise CliError(
                        t(
                            "a drive “{title}” starting on {day} exists already ({code}); nothing opened. To "
                            "open a second one anyway, give it a code, e.g. --code {code}-2"
                        ).format(title=title, day=t.date(args.starts), code=code)
                    )
        entry = NewDrive(
            title=args.title,
            starts_on=args.starts,
            ends_on=args.ends,
            target_vnd=args.target,
            fund=not args.not_fund,
            suggested_level=args.level,
            kinds=tuple(k.strip() for k in args.kinds.split(",") if k.strip()),
            unit_ids=tuple(units) if units else None,
            code=args.code,
            account=account,
        )
        try:
            drive = await create_drive(
                session, await _drive_actor(session, org, args.as_person, t), entry, now=app.engine.clock()
            )
        except DriveError as refused:
            why = _drive_refusals(t)[refused.reason]
            if refused.reason == "days_target":  # the same command without its target (1876, 1925)
                without = _drive_create_typed(args, t)
                why = why.format(command=_command(without, await _named(session, org)))
            raise CliError(t("drive not created: {why}").format(why=why)) from None
    print(
        t("Opened drive {code}: {title} ({starts} to {ends}).").format(
            code=drive.code, title=drive.title, starts=t.date(drive.starts_on), ends=t.date(drive.ends_on)
        )
    )
    plain = code_for(drive.title, drive.starts_on)
    if args.code is None and drive.code != plain:
        print(
            t(
                "Its code is {code}, as another drive has {plain}: use {code} with `drive edit`, "
                "`drive close` and `drive statement` (or give --code to choose one)."
            ).format(code=drive.code, plain=plain)
        )
    if account is not None:
        print(
            t("Its gifts of money are transferred to its own account: {account}.").format(
                account=account.line()
            )
        )
        _write_sample(args.qr, account, t)
    return 0


async def _drive_list(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.clock import local_date
    from bot.domain.drives import drives_with_progress

    t = _shell(app.settings)
    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        rows = await drives_with_progress(session, org.id)
        named = await _named(session, org)
    if not rows:
        print(
            t("{org} has no drive yet: open one with {command}").format(
                org=org.code,
                command=_command(
                    'drive create --title "Tết 2027" --starts 01/12/2026 --ends 31/01/2027', named
                ),
            )
        )
    today = local_date(app.engine.clock())
    for p in rows:
        d = p.drive
        target = (
            t(" ({percent}% of {target})").format(percent=p.percent, target=t.vnd(d.target_vnd))
            if d.target_vnd
            else ""
        )
        state = _drive_state(d, today, t)
        givers = t.plural("{n} giver", "{n} givers", p.givers).format(n=p.givers)
        if p.figures.donors:  # donors from outside the organisation: apart (docs/decisions/0083)
            n = p.figures.donors
            donors = t.plural("{n} outside donor", "{n} outside donors", n).format(n=n)
            givers = t("{givers} and {donors} ({money} confirmed)").format(
                givers=givers, donors=donors, money=t.vnd(p.figures.from_donors)
            )
        confirmed, waiting = _kinds_apart(p.figures.confirmed, t), _kinds_apart(p.figures.waiting, t)
        print(
            t(
                "{code}  {starts} to {ends}  {state}  {fund}  confirmed {confirmed}{target}, "
                "waiting {waiting}, {givers}  {title}"
            ).format(
                code=d.code,
                starts=t.date(d.starts_on),
                ends=t.date(d.ends_on),
                state=state,
                fund=t("Fund") if d.fund else t("own (of a drive)"),
                confirmed=confirmed,
                target=target,
                waiting=waiting,
                givers=givers,
                title=d.title,
            )
        )
    return 0


def _kinds_apart(totals, t: Translator) -> str:  # type: ignore[no-untyped-def]
    """Money, goods' value and labour days apart, as the drive's statement totals them."""
    n = totals.labour_days
    days = t.plural("{n} labour day", "{n} labour days", n).format(n=n)
    return t("money {money}, goods {goods}, {days}").format(
        money=t.vnd(totals.money), goods=t.vnd(totals.goods), days=days
    )


def _drive_state(drive, today, t: Translator) -> str:  # type: ignore[no-untyped-def]
    """As the chat tells it: closed, not started, open, ended but still taking late gifts, or ended."""
    from bot.domain.drives import last_gift_day  # the chat's one rule for the last late day (0583)

    if drive.closed_at:
        return t("closed (a drive)")
    if drive.starts_on > today:
        return t("not started (a drive)")
    if drive.ends_on >= today:
        return t("open (a drive)")
    if today <= last_gift_day(drive):
        return t("ended, takes late gifts")
    return t("ended (a drive)")


async def _drive_edit(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.clock import local_date
    from bot.domain.drives import DriveError, change_dates, change_target
    from bot.domain.transfer import AccountRefused, account_of, own_account_of, set_drive_account

    t = _shell(app.settings)
    account = _typed_account(args, t)
    if account is not None and args.no_account:
        raise CliError(t("give either --bank, --number and --holder or --no-account"))
    changes_account = account is not None or args.no_account
    if args.starts is None and args.ends is None and args.target is None and not changes_account:
        raise CliError(
            t(
                "nothing to change: give --starts/--ends, --target, --bank/--number/--holder or "
                "--no-account, e.g. chungtay drive edit {code} --ends 31/12/2026"
            ).format(code=args.code)
        )
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        drive = await _drive_by_code(session, org, args.code, t)
        actor = await _drive_actor(session, org, args.as_person, t)
        now = app.engine.clock()
        ended_on = drive.ends_on
        try:
            stopped = 0
            if args.starts is not None or args.ends is not None:
                starts, ends = args.starts or drive.starts_on, args.ends or drive.ends_on
                stopped = await change_dates(session, actor, drive, starts, ends, now=now)
            if args.target is not None:
                await change_target(session, actor, drive, args.target, now=now)
            if changes_account:
                set_drive_account(session, actor, drive, account, now=now)
        except DriveError as refused:
            why = _drive_refusals(t)[refused.reason]
            if refused.reason == "days_target":  # the same command without its target, as at create (1940)
                if (without := _drive_edit_typed(args, t)) is None:
                    why = _drive_refusals(t)["days_target_alone"]
                else:
                    why = why.format(command=_command(without, await _named(session, org)))
            raise CliError(t("drive not changed: {why}").format(why=why)) from None
        except AccountRefused:
            raise CliError(t("drive not changed: {why}").format(why=_drive_refusals(t)["account"])) from None
        target = t.vnd(drive.target_vnd) if drive.target_vnd else t("none (no target)")
        print(
            t("Drive {code}: {starts} to {ends}, target {target}.").format(
                code=drive.code, starts=t.date(drive.starts_on), ends=t.date(drive.ends_on), target=target
            )
        )
        if stopped:
            print(
                t(
                    "Messages of its appeals set to go out after the new end, which will not be sent: {n}."
                ).format(n=stopped)
            )
        today = local_date(now)
        if drive.ends_on != ended_on and drive.starts_on <= today <= drive.ends_on:  # as the chat offers it
            from bot.domain.notices import officers_of

            print(_tell_new_end(drive, ended_on, t, await officers_of(session, org.id, t)))
        own, used = own_account_of(drive), account_of(org, drive)
        if changes_account and own is not None:
            print(
                t("Its gifts of money are transferred to its own account: {account}.").format(
                    account=own.line()
                )
            )
        elif changes_account and used is not None:
            print(
                t("Its gifts of money are transferred to the organisation's account: {account}.").format(
                    account=used.line()
                )
            )
        elif changes_account:
            print(t("Neither it nor the organisation has an account: receipts say nothing of transfers."))
    _write_sample(args.qr, own, t)
    return 0


def _tell_new_end(drive, ended_on: date, t: Translator, officers: str) -> str:  # type: ignore[no-untyped-def]
    """A drive's end moved while it takes gifts: who has not given yet is told in the chat, where the officer
    sees how many it reaches before it goes, as the chat's own move offers it (decision 0252); the shell,
    which sends nothing itself, prints the steps and the text, in the organisation's language (decision
    0267), which is the shell's `t`; who sends it, the organisation's `officers` by its word (decision
    2220)."""
    from bot.i18n import format_date, translate
    from bot.text import quoted

    locale = t.locale
    said = (
        "The drive {title} now ends earlier, on {end}. If you would like to give, please do so by that day; "
        "giving is voluntary."
        if drive.ends_on < ended_on
        else "The drive {title} now runs until {end}. If you have not had the chance to give yet, you still "
        "can until that day; giving is voluntary."
    )
    text = translate(locale, said).format(title=quoted(drive.title), end=format_date(drive.ends_on, locale))
    appeal = "/keugoi" if locale == "vi" else "/appeal"
    steps = (
        appeal,
        f"“{translate(locale, 'New message: appeal, thank-you or news')}”",
        t("the text below"),
        t("the drive {title}").format(title=quoted(drive.title)),
        f"“{translate(locale, 'Those who have not given to this drive yet')}”",
    )
    return (
        t(
            "Those who have not given to it yet are not told of the new end by this command. To tell them, "
            "one of the drive's {officers} sends an appeal in the chat: {steps}; its last look says how many "
            "it reaches before it goes:"
        ).format(officers=officers, steps=", ".join(steps))
        + f"\n  {text}"
    )


async def _drive_close(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.drives import DriveError, close_drive

    t = _shell(app.settings)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        drive = await _drive_by_code(session, org, args.code, t)
        if drive.closed_at is not None:  # closing twice is no mistake to stop on
            print(
                t("Drive {code} was already closed on {day}; nothing changed.").format(
                    code=args.code, day=t.date(drive.closed_at)
                )
            )
            return 0
        try:
            await close_drive(
                session, await _drive_actor(session, org, args.as_person, t), drive, now=app.engine.clock()
            )
        except DriveError as refused:
            raise CliError(
                t("drive not closed: {why}").format(why=_drive_refusals(t)[refused.reason])
            ) from None
    print(t("Closed drive {code}: it takes no more contributions.").format(code=args.code))
    return 0


async def _drive_report(app, args) -> int:  # type: ignore[no-untyped-def]
    """Write a drive's results by unit, over its own dates, as the Word draft its closed screen hands out
    (decision 1536); the shell's line in the chats' language, the paper in Vietnamese. An open drive's only
    with `--interim`, the paper saying its figures are not final, as the chat hands out none (1622, 1675)."""
    from bot.clock import local_date
    from bot.drive_report_doc import drive_report, write_drive_report

    t = _shell(app.settings)
    if problem := output_problem(args.docx, force=args.force, suffix=".docx", t=t):
        raise CliError(problem)
    today = local_date(app.engine.clock())
    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        drive = await _drive_by_code(session, org, args.code, t)
        interim = drive.closed_at is None
        if interim and not args.interim:
            raise CliError(
                t(
                    "Drive {code} is still open, so its figures are not final: its report to sign comes "
                    "once it is closed (chungtay drive close {code}). For its figures so far, add "
                    "--interim: the paper then says they are interim."
                ).format(code=args.code)
            )
        report = await drive_report(session, drive, today=today, interim=interim)
    write_drive_report(report, args.docx, locale=PAPER_LOCALE)
    if report.hamlets:  # in the words of the paper's own heading (decision 1708)
        wrote = (
            t("Wrote {file}: {title} by hamlet or street group, interim figures as of {date}.")
            if interim
            else t("Wrote {file}: {title} by hamlet or street group, figures as of {date}.")
        )
    else:
        wrote = (
            t("Wrote {file}: {title} by unit, interim figures as of {date}.")
            if interim
            else t("Wrote {file}: {title} by unit, figures as of {date}.")
        )
    print(wrote.format(file=args.docx, title=drive.title, date=t.date(today)))
    return 0


async def _drive_reopen(app, args) -> int:  # type: ignore[no-untyped-def]
    """The chat's “Mở lại đợt vận động” (decision 0272) at the shell: the same rule, refusals and audit;
    `--send-on` is its “Mở lại và gửi tiếp” (decision 0287), with the hour the messages go where the quiet
    hours hold them (decision 2333)."""
    from bot.domain.drives import DriveError, reopen_drive
    from handlers.appeals import sent_on_words

    t, now = _shell(app.settings), app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        drive = await _drive_by_code(session, org, args.code, t)
        actor = await _drive_actor(session, org, args.as_person, t)
        try:
            reopened = await reopen_drive(
                session, actor, drive, now=now, resume=args.send_on, settings=app.settings
            )
        except DriveError as refused:
            raise CliError(
                t("drive not reopened: {why}").format(why=_drive_refusals(t)[refused.reason])
            ) from None
    said = (
        t("appeal messages its close stopped, going on to those not yet reached: {n}").format(
            n=reopened.resumed
        )
        if args.send_on
        else t("the appeals stopped at its close are not sent again (--send-on sends them on)")
    )
    print(
        t("Reopened drive {code}: it takes contributions as its dates say; {said}.").format(
            code=args.code, said=said
        )
    )
    # held by the quiet hours (and an office's day off): when they go, as the chat's reopening says (2333)
    for line in sent_on_words(t, app.settings, now, reopened.goes_at) if reopened.goes_at else []:
        print(line)
    return 0


async def _drive_link(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.public_page import PublicPageError, fund_key_of, page_url, public_key_of
    from bot.domain.transfer import write_qr

    t = _shell(app.settings)
    if not app.settings.public_url:
        raise CliError(
            t(
                "no public address: set PUBLIC_URL to where this web server is reached, e.g. "
                "PUBLIC_URL=https://ungho.example.vn (docs/deployment.md)"
            )
        )
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        actor = await _drive_actor(session, org, args.as_person, t)
        now = app.engine.clock()
        try:
            if args.code == "general":  # the Fund outside the drives, as `drive statement general`
                key = await fund_key_of(session, actor, org, now=now, renew=args.renew)
                what = t("Public page of the Fund outside the drives")
            else:
                drive = await _drive_by_code(session, org, args.code, t)
                key = await public_key_of(session, actor, drive, now=now, renew=args.renew)
                what = t("Public page of drive {code}").format(code=args.code)
        except PublicPageError:
            raise CliError(
                t(
                    "no link: that person may not publish it (an officer or admin covering every unit it is "
                    "for)"
                )
            ) from None
    url = page_url(app.settings.public_url, key)
    renewed = t(" (a new link: the old one no longer works)") if args.renew else ""
    print(f"{what}{renewed}:")
    print(url)
    if args.qr:
        write_qr(Path(args.qr), url)
        print(t("Its QR code: {file}").format(file=args.qr))
    return 0


def _quiet_for_terminal(settings: Settings) -> None:
    """In a terminal chat, log lines would land between the bot's messages, and under a loading command's
    report in the clerk's terminal (decision 1587): only warnings show there; a LOG_LEVEL set otherwise
    (DEBUG, WARNING) is left as asked."""
    if settings.log_level.upper() == "INFO":
        logging.getLogger().setLevel(logging.WARNING)


async def _chat(app, args) -> int:  # type: ignore[no-untyped-def]
    _quiet_for_terminal(app.settings)
    from bot.channels.console import chat

    await chat(app.engine, args.user)
    return 0


async def _demo(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.channels.console import chat
    from bot.db.migrate import upgrade_async
    from bot.demo import DEMO_CLAIM, organisations_besides_the_demo, seed_demo

    _quiet_for_terminal(app.settings)
    await upgrade_async(app.settings.database_url)
    if own := await organisations_besides_the_demo(app.sessionmaker):
        # Someone's own database (a token left out of the service's settings, or the demo tried on it): the
        # demo is not added to it, and the command fails, so a service manager notices.
        # Said in the chats' language, as `org create` and `org import` spoke to the office just before, and
        # with the command as `make run`'s terminal finds it (`.venv/bin/chungtay`, decision 1558).
        from bot.channels.console import this_command

        t = _shell(app.settings)
        said = t(
            "this database holds {orgs}: the demo is not added to it. To run the bot, set "
            "TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN; to chat with it here, `{command} chat`, then an invite "
            "code; for the demo, another database (DATABASE_URL=sqlite+aiosqlite:///demo.db make run)"
        )
        raise CliError(said.format(orgs=", ".join(own), command=this_command()))
    invites = await seed_demo(app.sessionmaker, now=app.engine.clock())
    print("Chung Tay — bản dùng thử trong terminal / terminal demo")
    print(f"  Mã mời (thành viên) / member invite code: {invites.member}")
    print(f"  Mã mời (lãnh đạo đơn vị) / unit leader invite code: {invites.leader}")
    print(f"  Mã mời (thủ quỹ) / treasurer invite code: {invites.treasurer}")
    name, digits = DEMO_CLAIM
    print(f"  Thử nhận hồ sơ có sẵn: gõ tên {name}, 4 số cuối điện thoại {digits}")
    print(f"    / try a record on the staff list: the name {name}, the phone's last 4 digits {digits}")
    await chat(app.engine, getattr(args, "user", None))
    return 0


async def _run(app, args) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy.engine import make_url

    from bot import runtime

    t = _shell(app.settings)  # docs/decisions/1910
    if args.only and make_url(app.settings.database_url).get_backend_name() == "sqlite":
        raise CliError(t("--only needs PostgreSQL: on SQLite one process runs every part (`chungtay run`)"))
    if not _messengers(app.settings):
        if args.only is None:
            return await _demo(app, args)
        if args.only != "scheduler":
            raise CliError(t("neither TELEGRAM_BOT_TOKEN nor ZALO_BOT_TOKEN is set"))

    unreached = _said_unreached(app.settings, t, "sender" if args.only == "sender" else "run")
    try:
        await runtime.run(app, (args.only,) if args.only else runtime.ROLES, unreached=unreached)
    except Refused as problem:
        raise CliError(problem.said(t)) from None
    return 0


async def _send(app, args) -> int:  # type: ignore[no-untyped-def]
    """The sender alone (SQLite too: its lock is a file lock, so one process sends)."""
    from bot import runtime

    t = _shell(app.settings)
    if not _messengers(app.settings):
        raise CliError(t("neither TELEGRAM_BOT_TOKEN nor ZALO_BOT_TOKEN is set"))
    try:
        await runtime.run(app, ("sender",), unreached=_said_unreached(app.settings, t, "sender"))
    except Refused as problem:
        raise CliError(problem.said(t)) from None
    return 0


async def _scheduler_status(app, args) -> int:  # type: ignore[no-untyped-def]
    from scheduler.status import someone_leads, status_lines

    leading = await someone_leads(app.sessionmaker)
    async with app.sessionmaker() as session:
        for line in await status_lines(session, app.settings, now=app.engine.clock(), leading=leading):
            print(line)
    return 0


async def _telegram(app, args) -> int:  # type: ignore[no-untyped-def]
    from aiogram.exceptions import (
        ClientDecodeError,
        TelegramAPIError,
        TelegramNetworkError,
        TelegramUnauthorizedError,
    )
    from aiogram.methods import DeleteWebhook, GetWebhookInfo
    from aiogram.utils.token import TokenValidationError

    from bot.channels.telegram.runner import make_bot, set_webhook
    from bot.startup import address_shown

    t = _shell(app.settings)  # the office's language; Telegram's own words quoted as it said them (1956)
    if app.settings.telegram_bot_token is None:
        raise CliError(t("{setting} is not set").format(setting="TELEGRAM_BOT_TOKEN"))
    if args.action == "set-webhook" and not app.settings.telegram_webhook_url:
        raise CliError(t("{setting} is not set").format(setting="TELEGRAM_WEBHOOK_URL"))
    try:
        bot = make_bot(app.settings)
    except TokenValidationError:  # not shaped as a token: said as a token Telegram refuses, never shown
        from bot.runtime import refused

        raise CliError(refused("telegram", t)) from None
    try:
        if args.action == "set-webhook":
            await set_webhook(bot, app.settings)
            print(t("Webhook set to {url}").format(url=address_shown(app.settings.telegram_webhook_url)))
        elif args.action == "delete-webhook":
            await bot(DeleteWebhook(drop_pending_updates=False))
            print(t("Webhook deleted; polling can be used."))
        else:
            me = await bot.get_me()
            info = await bot(GetWebhookInfo())
            print(t("Bot: @{username} ({name})").format(username=me.username, name=me.full_name))
            said = t("Webhook: {url}; updates waiting: {n}")
            url = address_shown(info.url) if info.url else t("— (polling)")
            print(said.format(url=url, n=t.number(info.pending_update_count)))
            if info.last_error_message:
                said = t("Last error, in Telegram's words: {error}")
                print(said.format(error=info.last_error_message))
    except TelegramUnauthorizedError:  # revoked in BotFather, or another bot's: said as `run` says it
        from bot.runtime import refused

        raise CliError(refused("telegram", t)) from None
    except TelegramNetworkError:  # no answer at all: not Telegram's words, whatever the client said (2052)
        raise CliError(_unreached("telegram_api_base", app.settings, t)) from None
    except ClientDecodeError:  # an answer, but not in the Bot API's JSON: a proxy's or a web site's page
        raise CliError(_not_the_api("telegram_api_base", app.settings, t)) from None
    except TelegramAPIError as problem:
        said = t("Telegram answered, in its words: {answer}")
        raise CliError(said.format(answer=problem.message)) from None
    finally:
        await bot.session.close()
    return 0


def _unreached(
    setting: str, settings: Settings, t: Translator, where: str = "command", kind: str = ""
) -> str:
    """A messenger's server not reached (no connection, its name not found, no answer in time), said plainly
    with what to check: the HTTP client's words named no server and were quoted as the messenger's (2052).
    What follows depends on `where` it is met: a command ends, to be typed again; `run` keeps trying to start
    the channel, and a sender of its own keeps the messages in the outbox, each saying it once on the screen
    with the failure's `kind`, where the log alone said it (2143, 2242). The host and the port; never the
    path, which holds the token."""
    from bot.startup import api_host

    messenger, _ = APIS[setting]
    check = t(
        "check that this server reaches the Internet (its firewall, proxy and DNS), and {setting} if it is "
        "set"
    )
    said = {
        "command": t("cannot reach {messenger}'s server at {host}: {check}; then run the command again"),
        "run": t(
            "cannot reach {messenger}'s server at {host} yet ({kind}): the bot keeps trying, and /healthz "
            "says “degraded” until it can; {check}"
        ),
        "sender": t(
            "cannot reach {messenger}'s server at {host} yet ({kind}): the messages wait in the outbox and "
            "are tried again; {check}"
        ),
    }[where]
    host = api_host(getattr(settings, setting))
    return said.format(messenger=messenger, host=host, kind=kind, check=check.format(setting=setting.upper()))


def _said_unreached(settings: Settings, t: Translator, where: str) -> Callable[[str, str], None]:
    """What the runtime is given to say, once, on the operator's screen, a messenger it cannot reach as it
    starts; the log says each try."""

    def unreached(name: str, kind: str) -> None:
        print(f"chungtay: {_unreached(f'{name}_api_base', settings, t, where, kind)}", file=sys.stderr)

    return unreached


def _not_the_api(setting: str, settings: Settings, t: Translator) -> str:
    """An answer that is not the messenger's API's (a proxy's page, a web site): its address is wrong."""
    from bot.startup import api_host

    messenger, default = APIS[setting]
    said = t(
        "{host} answered, but not as {messenger}'s API does (a web page?): "
        "check {setting}, or leave it unset "
        "for {messenger}'s own, e.g. {example}"
    )
    return said.format(
        host=api_host(getattr(settings, setting)),
        messenger=messenger,
        setting=setting.upper(),
        example=f"{setting.upper()}={default}",
    )


def _messengers(settings: Settings) -> bool:
    return settings.telegram_bot_token is not None or settings.zalo_bot_token is not None


async def _zalo(app, args) -> int:  # type: ignore[no-untyped-def]
    from bot.channels.zalo.client import NOT_ZALOS, ZaloError, ZaloUnavailable
    from bot.channels.zalo.sending import make_client
    from bot.channels.zalo.service import set_webhook
    from bot.startup import address_shown

    t = _shell(app.settings)  # the office's language; Zalo's own words quoted as it said them (1956)
    if app.settings.zalo_bot_token is None:
        raise CliError(t("{setting} is not set").format(setting="ZALO_BOT_TOKEN"))
    if args.action == "set-webhook" and not app.settings.zalo_webhook_url:
        raise CliError(t("{setting} is not set").format(setting="ZALO_WEBHOOK_URL"))
    client = make_client(app)
    try:
        if args.action == "set-webhook":
            result = await set_webhook(client, app.settings)
            print(t("Webhook set to {url}").format(url=address_shown(app.settings.zalo_webhook_url)))
            verification = result.get("verification") if isinstance(result, dict) else None
            if verification:
                print(t("Zalo's check of the address, in its words: {check}").format(check=verification))
        elif args.action == "delete-webhook":
            await client.delete_webhook()
            print(t("Webhook deleted; polling can be used."))
        else:
            me = await client.get_me()
            info = await client.get_webhook_info()
            print(t("Bot: {name} (id {id})").format(name=me.name, id=me.id))
            url = (info or {}).get("url")
            print(t("Webhook: {url}").format(url=address_shown(url) if url else t("— (polling)")))
    except ZaloError as problem:
        if problem.code == 401:  # a token reset, or mistyped: said as `run` says it
            from bot.runtime import refused

            raise CliError(refused("zalo", t)) from None
        if isinstance(problem, ZaloUnavailable) and problem.code is None:  # no answer at all (2052)
            raise CliError(_unreached("zalo_api_base", app.settings, t)) from None
        if isinstance(problem, ZaloUnavailable) and problem.description == NOT_ZALOS:
            raise CliError(_not_the_api("zalo_api_base", app.settings, t)) from None
        said = t("Zalo answered, in its words: {answer}")
        raise CliError(said.format(answer=f"{problem.code or '—'} {problem.description}")) from None
    finally:
        await client.close()
    return 0


_masked = masked_phone  # the bot's one mask of a phone (bot.text), the person's own /dulieu screen's too


async def _people_list(app, args) -> int:  # type: ignore[no-untyped-def]
    from collections import defaultdict

    from sqlalchemy import select

    from bot.clock import local_date
    from bot.db.models import ChannelIdentity, Person, Unit
    from bot.domain.access import is_away
    from bot.domain.leave_end import standing_in_for
    from bot.domain.notices import is_commune
    from bot.domain.roles import describe, roles_by_person
    from bot.text import person_sort_key

    t = _shell(app.settings)  # the columns and the words in them too (decision 1344)
    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        query = (
            select(Person, Unit.code)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.org_id == org.id)
        )
        unit_id = await _unit_id(session, org, args.unit, t) if args.unit else None
        if unit_id is not None:
            query = query.where(Person.unit_id == unit_id)
        if args.unlisted:
            query = query.where(Person.listed.is_(False))
        if args.not_joined:  # who to ask again: still at work, and no account the bot reaches them on
            query = query.where(Person.left_on.is_(None), Person.id.not_in(_joined_people()))
        rows = sorted(  # by unit code, then by given name; people of no unit last
            await session.execute(query),
            key=lambda row: (row.code is None, row.code or "", person_sort_key(row[0].full_name), row[0].id),
        )
        accounts: dict[int, list[str]] = defaultdict(list)
        identities = await session.execute(
            select(
                ChannelIdentity.person_id,
                ChannelIdentity.channel,
                ChannelIdentity.external_id,
                ChannelIdentity.status,
            )
            .join(Person, Person.id == ChannelIdentity.person_id)
            .where(Person.org_id == org.id)
            .order_by(ChannelIdentity.id)
        )
        for person_id, channel, external_id, status in identities:
            shown = f"{channel}:{external_id}"
            accounts[person_id].append(shown if status == "active" else f"{shown} ({status})")
        roles = await roles_by_person(session, org.id)
        commune = await is_commune(session, org.id)
        counts = await _joined_counts(session, org.id, unit_id) if args.not_joined else []
        standing_in = await standing_in_for(session, org.id)
        codes = dict((await session.execute(select(Unit.id, Unit.code).where(Unit.org_id == org.id))).all())
    today = local_date(app.engine.clock())
    covering = {  # (person, role, unit code): whom she stands in for (decision 1589)
        (person_id, role, codes.get(unit_id)): heads
        for (person_id, role, unit_id), heads in standing_in.items()
    }
    table = [(t("id"), t("name"), t("unit"), t("kind"), t("listed"), t("phone"), t("accounts"), t("roles"))]
    kinds = {"staff": t("staff"), "household": t("household"), "donor": t("donor")}
    for person, unit_code in rows:
        left = t(" (left on {day})").format(day=t.date(person.left_on)) if person.left_on else ""
        if person.leaves_on is not None:  # planned ahead (decision 0270)
            left = t(" (leaving on {day})").format(day=t.date(person.leaves_on))
        elif not left and is_away(person, today):  # on long leave (decisions 0740, 0789)
            left = (  # training said as training, as the chat says it (decisions 2315, 2358)
                t(" (away on training until {day})")
                if person.away_reason == "training"
                else t(" (on leave until {day})")
            ).format(day=t.date(person.away_until))
        table.append(
            (
                str(person.id),
                person.full_name + left,
                unit_code or "—",
                kinds.get(person.kind, person.kind),
                t("yes") if person.listed else t("no"),
                _masked(person.phone),
                ", ".join(accounts[person.id]) or "—",
                ", ".join(
                    describe(role, unit, commune=commune, t=t)
                    + _standing_in_words(t, covering.get((person.id, role, unit), []), today)
                    for role, unit in roles.get(person.id, [])
                )
                or "—",
            )
        )
    _print_table(table)
    if args.not_joined:
        print("\n".join(_joined_lines(t, counts)))
    return 0


def _standing_in_words(t: Translator, heads: Sequence[Person], today: date) -> str:
    """After a stand-in's role in `people list`: whom she stands in for and, while one of them is away, until
    the last day of the latest leave (decision 1589): “ (thay Trần Thị Bình đến 15/03/2027)”."""
    from bot.domain.leave_end import covered_until

    if not heads:
        return ""
    names = ", ".join(head.full_name for head in heads)
    if (until := covered_until(heads, today)) is None:
        return t(" (standing in for {names})").format(names=names)
    return t(" (standing in for {names} until {day})").format(names=names, day=t.date(until))


def _joined_people():  # type: ignore[no-untyped-def]
    """The ids of those with an account the bot still reaches: “joined”, one reading for `people list
    --not-joined` and the counts under it (decision 1406)."""
    from sqlalchemy import select

    from bot.db.models import ChannelIdentity

    return select(ChannelIdentity.person_id).where(ChannelIdentity.is_active)


async def _joined_counts(session, org_id: int, unit_id: int | None) -> list[tuple[str, str, int, int]]:  # type: ignore[no-untyped-def]
    """(unit name, code, joined, at work) for each unit with people at work (only `unit_id`'s when given),
    by name, people of no unit last as ("", "", …): “joined” as `people list --not-joined` reads it, an
    account the bot still reaches (decision 1406)."""
    from sqlalchemy import func, select

    from bot.db.models import Person, Unit
    from bot.text import sort_key

    query = (
        select(Unit.name, Unit.code, func.count().filter(Person.id.in_(_joined_people())), func.count())
        .select_from(Person)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.org_id == org_id, Person.left_on.is_(None))
        .group_by(Unit.id, Unit.name, Unit.code)
    )
    if unit_id is not None:
        query = query.where(Person.unit_id == unit_id)
    counts = [
        (name or "", code or "", said, total) for name, code, said, total in await session.execute(query)
    ]
    return sorted(counts, key=lambda row: (row[1] == "", sort_key(row[0]), row[1]))


def _joined_lines(t: Translator, counts: list[tuple[str, str, int, int]]) -> list[str]:
    """Under `people list --not-joined`, after a blank line: who has joined, unit by unit, and in all
    (“Khoa Nội (khoa-noi): 18/25 đã tham gia”), so the clerk need not count the names above."""
    lines = ["", t("Joined, by unit:")]
    for name, code, said, total in counts:
        unit = f"{name} ({code})" if code else t("no unit")
        lines.append("  " + t("{unit}: {joined}/{total} joined").format(unit=unit, joined=said, total=total))
    if len(counts) > 1:
        said, total = sum(row[2] for row in counts), sum(row[3] for row in counts)
        lines.append("  " + t("In all: {joined}/{total} joined").format(joined=said, total=total))
    return lines


def _print_table(table: list[tuple[str, ...]]) -> None:
    """Rows of cells in aligned columns, the first row the header."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


async def _org_units(app, args) -> int:  # type: ignore[no-untyped-def]
    """The units by Khối thi đua (those in none last), each with its code for invites and `--unit`, and the
    people and households it has as the digest counts them."""
    from sqlalchemy import select

    from bot.db.models import Unit, UnitTally
    from bot.text import sort_key

    async with app.sessionmaker() as session:
        org = await _org(session, args.org, app.settings)
        named = await _named(session, org)
        rows = sorted(
            await session.execute(
                select(Unit.code, Unit.name, Unit.block, UnitTally.people, UnitTally.households)
                .outerjoin(UnitTally, UnitTally.unit_id == Unit.id)
                .where(Unit.org_id == org.id)
            ),
            key=lambda unit: (unit.block is None, sort_key(unit.block or ""), sort_key(unit.name), unit.code),
        )
    t = _shell(app.settings)  # its header and lines too (docs/decisions/1404)
    if not rows:
        print(
            t("No units yet: import the staff list ({command}) to make them.").format(
                command=_command(t("org import FILE"), named)
            )
        )
        return 0
    table = [(t("code"), t("name (of a unit)"), t("block"), t("people"), t("households"))]
    for code, name, block, people, households in rows:
        staff = (people or 0) - (households or 0)
        table.append((code, name, block or "—", str(staff), str(households or 0)))
    _print_table(table)
    print(  # after a blank line, under the table
        "\n"
        + t("To rename a unit: {rename}. To make two units one (a name written two ways): {merge}.").format(
            rename=_command(t('org unit-rename CODE "New name"'), named),
            merge=_command(t("org unit-merge CODE_TO_DROP CODE_TO_KEEP"), named),
        )
    )
    return 0


async def _org_unit_rename(app, args) -> int:  # type: ignore[no-untyped-def]
    """`org unit-rename`, in the shell's language (docs/decisions/0133, 0324, 1562)."""
    from bot.domain.units import UnitError, rename_unit

    t = _shell(app.settings)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        named = await _named(session, org)
        unit = await _unit(session, org, args.unit, t)
        example = _command(t('org unit-rename {code} "Tổ Ngữ văn"').format(code=unit.code), named)
        try:
            done = await rename_unit(session, unit, args.name, now=app.engine.clock())
        except UnitError as refused:
            if refused.reason == "taken":
                other = refused.details["other"]
                raise CliError(
                    t(
                        'unit {other} already has the name "{name}". If the two are one unit, merge them: '
                        "{command}; nothing changed"
                    ).format(
                        other=other.code,
                        name=other.name,
                        command=_command(f"org unit-merge {unit.code} {other.code}", named),
                    )
                ) from None
            if refused.reason == "accents":
                raise CliError(
                    t(
                        '"{typed}" is "{name}" written without accents: the name with its accents is kept; '
                        "nothing changed"
                    ).format(typed=args.name.strip(), name=unit.name)
                ) from None
            if refused.reason == "too_long":
                raise CliError(
                    t(
                        "a unit's name is too long (characters at most: {limit}): write a shorter one, e.g. "
                        "{command}; nothing changed"
                    ).format(limit=refused.details["limit"], command=example)
                ) from None
            raise CliError(
                t("the new name is empty: write it in quotes, e.g. {command}; nothing changed").format(
                    command=example
                )
            ) from None
    if not done.changed:
        print(
            t('Unit {code} already has the name "{name}": nothing changed.').format(
                code=unit.code, name=done.new
            )
        )
    else:
        print(
            t(
                'Renamed unit {code}: "{old}" → "{new}". Its code stays; a staff list with the old name is '
                "still imported into it."
            ).format(code=unit.code, old=done.old, new=done.new)
        )
        if done.was_of:
            print(
                t(
                    'Note: a staff list with "{new}" was imported into {was_of} before (its old name); from '
                    "now on into {code}."
                ).format(new=done.new, was_of=done.was_of, code=unit.code)
            )
    return 0


def _merge_kinds(t: Translator) -> tuple[tuple[str, str], ...]:
    """What a unit merge moves, kind by kind, as the last look and the answer name them."""
    return (
        ("people", t("people")),
        ("households", t("households")),
        ("invites", t("invite codes")),
        ("registrations", t("registrations")),
        ("contributions", t("contributions")),
        ("results", t("results recorded")),
        ("proposals", t("award proposals")),
        ("roles", t("roles")),
        ("drives", t("drives for the unit")),
        ("appeals", t("appeals")),
        ("units_under", t("units under it")),
        ("reminders", t("reminders")),
    )


async def _org_unit_merge(app, args) -> int:  # type: ignore[no-untyped-def]
    """`org unit-merge FROM INTO`: the last look (what would move, kind by kind) and, with --yes, the merge,
    in one transaction; a refusal changes nothing (docs/decisions/0133). In the shell's language (1562)."""
    from dataclasses import asdict

    from bot.domain.units import UnitError, look_at_merge, merge_units

    t = _shell(app.settings)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        named = await _named(session, org)
        source = await _unit(session, org, args.source, t)
        target = await _unit_here_or_elsewhere(session, org, args.target, t)
        try:
            if args.yes:
                counts = await merge_units(session, source, target, now=app.engine.clock())
            else:
                look = await look_at_merge(session, source, target)
                counts = look.counts
                if look.clashes:
                    raise UnitError("clash", clashes=look.clashes)
        except UnitError as refused:
            raise CliError(_merge_refusal(refused, source, target, t, named)) from None
        moved = asdict(counts)
        what = "; ".join(f"{name}: {count}" for key, name in _merge_kinds(t) if (count := moved[key])) or t(
            "nothing (moved by a merge)"
        )
        leaders = await _leaders_of(session, target, source)
    units = dict(
        source=source.code, source_name=source.name, target=target.code, target_name=target.name, what=what
    )
    if args.yes:
        print(
            t(
                'Merged unit {source} ("{source_name}") into {target} ("{target_name}") and removed '
                "{source}. Moved — {what}."
            ).format(**units)
        )
    else:
        print(
            t(
                'Merging unit {source} ("{source_name}") into {target} ("{target_name}") moves — {what}; '
                "then removes {source}. Nothing changed yet: add --yes to merge, e.g. {command}"
            ).format(**units, command=_command(f"org unit-merge {source.code} {target.code} --yes", named))
        )
    if len(leaders) > 1:  # both former heads lead the merged unit: said, one kept only by hand (2016)
        said = (
            t(
                "{unit} now has more than one leader: {names}. Each reads its weekly digest; to keep one, "
                "take the other's role away, e.g. {command}"
            )
            if args.yes
            else t(
                "{unit} would then have more than one leader: {names}. Each would read its weekly digest; "
                "to keep one, take the other's role away after the merge, e.g. {command}"
            )
        )
        revoke = _command(f"people revoke {leaders[-1][0]} leader --unit {target.code}", named)
        print(said.format(unit=target.name, names=", ".join(name for _id, name in leaders), command=revoke))
    return 0


async def _leaders_of(session, target, source) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Who leads `target` once `source` is merged into it (before the merge: who leads either), each once,
    `target`'s own first: a role held in both is kept once (docs/decisions/0133)."""
    from sqlalchemy import case, select

    from bot.db.models import Person, RoleAssignment

    first = case((RoleAssignment.unit_id == target.id, 0), else_=1)
    rows = await session.execute(
        select(Person.id, Person.full_name, first)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == "leader", RoleAssignment.unit_id.in_((target.id, source.id)))
        .order_by(first, Person.full_name, Person.id)
    )
    leaders: dict[int, str] = {}
    for person_id, name, _first in rows:
        leaders.setdefault(person_id, name)
    return list(leaders.items())


async def _unit_here_or_elsewhere(session, org, given: str, t: Translator):  # type: ignore[no-untyped-def]
    """The unit `given` names in `org`; one only another organisation has is found too, so that the merge
    refuses it for what it is (units of two organisations) rather than as unknown."""
    from sqlalchemy import select

    from bot.db.models import Organisation

    try:
        return await _unit(session, org, given, t)
    except CliError:
        for other in await session.scalars(select(Organisation).where(Organisation.id != org.id)):
            try:
                return await _unit(session, other, given, t)
            except CliError:
                continue
        raise


def _merge_refusal(refused, source, target, t: Translator, named: str | None) -> str:  # type: ignore[no-untyped-def]
    if refused.reason == "same":
        return t(
            "{source} and {target} are the same unit: nothing to merge; give the unit to drop, then the one "
            "to keep ({command})"
        ).format(
            source=source.code,
            target=target.code,
            command=_command(t("org unit-merge CODE_TO_DROP CODE_TO_KEEP"), named),
        )
    if refused.reason == "other_org":
        return t(
            "unit {target} is another organisation's: only two units of one organisation merge; "
            "nothing changed"
        ).format(target=target.code)
    said = []
    for clash in refused.details["clashes"]:
        if clash.kind == "registered":
            said.append(
                t("both units registered a collective commitment for {year} ({campaign})").format(
                    year=clash.year, campaign=clash.what
                )
            )
        else:
            said.append(
                t('both units are proposed for "{award}" in {year}').format(award=clash.what, year=clash.year)
            )
    return t(
        "{source} cannot be merged into {target}: {clashes}. A unit has one collective commitment a year and "
        "one proposal for each award a year: have the leaders drop one (amend the registration or withdraw "
        "the proposal), then merge again; nothing changed"
    ).format(source=source.code, target=target.code, clashes="; ".join(said))


async def _people_merge(app, args) -> int:  # type: ignore[no-untyped-def]
    """`people merge SOURCE TARGET`: the last look (what each record holds) and, with --yes, the merge, in
    one transaction; a refusal changes nothing (docs/decisions/0010, 0136)."""
    from bot.clock import local_date
    from bot.domain.access import is_away
    from bot.domain.notices import is_commune
    from bot.domain.people import MergeError, look_at_merge, merge_people
    from bot.text import fold

    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        yes = " --yes" if args.yes else ""
        if fold(args.source) == fold(args.target) and not args.source.strip().isdigit():
            # One name typed twice: two records of it are two ids to give, the one off the list merged away.
            def both(found):  # type: ignore[no-untyped-def]
                kept = sorted(found, key=lambda row: row.listed)
                return f"people merge {kept[0].id} {kept[-1].id}{yes}"

            source_example = target_example = both
        else:
            source_example = lambda found: f"people merge {found[0].id} {shlex.quote(args.target)}{yes}"  # noqa: E731
            target_example = lambda found: f"people merge {shlex.quote(args.source)} {found[0].id}{yes}"  # noqa: E731
        named = await _named(session, org)
        commune = await is_commune(session, org.id)  # its officers are the Front's (decision 0655)
        source_id = (await _person_of(session, org, args.source, source_example, app.settings)).id
        target_id = (await _person_of(session, org, args.target, target_example, app.settings)).id
        t = _shell(app.settings)  # its lines and refusals in the shell's language (decisions 1344, 1444)
        try:
            look = await look_at_merge(session, source=source_id, target=target_id, t=t)
            if args.yes:
                report = await merge_people(
                    session, source=source_id, target=target_id, actor_id=None, now=app.engine.clock(), t=t
                )
        except MergeError as problem:
            raise CliError(str(problem)) from None
    source, target = look.source, look.target
    if not args.yes:
        today = local_date(app.engine.clock())
        print(t("Merging record {source} into record {target}:").format(source=source.id, target=target.id))
        print(t("  drop: {record}").format(record=_holds_line(t, source, commune, today)))
        print(t("  keep: {record}").format(record=_holds_line(t, target, commune, today)))
        if is_away(source, today) and target.left_on is None:  # it goes on on the kept record (0774, 0789)
            moves = (
                t(
                    "  The time away on training of record {source} up to and including {last} moves to "
                    "record {target} (if record {target} is away to a later day, that day is kept)."
                )
                if source.away_reason == "training"  # said as training, and kept so (decision 2411)
                else t(
                    "  The long leave of record {source} up to and including {last} moves to record {target} "
                    "(if record {target} is on leave to a later day, that day is kept)."
                )
            )
            print(moves.format(source=source.id, target=target.id, last=t.date(source.away_until)))
        for role, unit in look.stay_behind:
            print(_left_behind_line(t, role, unit, target.id, False, named, commune))
        for line in _two_people_lines(t, source, target):
            print(line)
        if look.gifts_stay:
            print(f"  {_gifts_stay_line(t, look)}")
        print(
            t(
                "Everything of record {source} moves to record {target}, then record {source} is deleted; "
                "record {target} keeps its unit, position and phone (taking record {source}'s where it has "
                "none). Nothing changed yet: add --yes to merge, for example {command}"
            ).format(
                source=source.id,
                target=target.id,
                command=_command(f"people merge {source.id} {target.id} --yes", named),
            )
        )
        return 0
    print(
        t(
            "Merged record {source} into {name} (id {target}) and deleted record {source}; moved: accounts "
            "{accounts}, contributions {contributions}, registrations {commitments}, roles {roles}."
        ).format(
            source=source.id,
            name=target.full_name,
            target=target.id,
            accounts=report.identities,
            contributions=report.contributions,
            commitments=report.commitments,
            roles=report.roles,
        )
    )
    for role, unit in report.left_behind:
        print(_left_behind_line(t, role, unit, target.id, True, named, commune))
    if look.gifts_stay:
        print(_gifts_stay_line(t, look))
    return 0


def _gifts_stay_line(t: Translator, look) -> str:  # type: ignore[no-untyped-def]
    """The merged-away record's gifts counted for a unit other than the kept record's: they become the kept
    record's but stay counted where they were given, while registrations and results go to the kept
    record's unit (decisions 0290, 0300)."""
    where = "; ".join(t("{n} for {unit}").format(n=n, unit=unit) for unit, n in look.gifts_stay)
    said = t("The gifts of record {source} stay counted for the unit where they were given ({where})").format(
        source=look.source.id, where=where
    )
    if look.target_unit:
        said += t("; registrations and results recorded are counted for {unit}").format(unit=look.target_unit)
    return said + "."


def _two_people_lines(t: Translator, source, target) -> list[str]:  # type: ignore[no-untyped-def]
    """What in a merge's last look says the two may be two people (an id typed wrong): names more than a
    letter or two apart, each with a phone of their own, each with an account; with the merge, one phone
    would open the other's record (a finding from outside)."""
    from bot.text import fold, letters_off

    lines = []
    if letters_off(fold(source.full_name), fold(target.full_name)) > 2:
        lines.append(
            t(
                '  Note: two different names ("{source}", "{target}"): check the two ids before merging (for '
                "someone who changed their name: chungtay people rename)."
            ).format(source=source.full_name, target=target.full_name)
        )
    if source.accounts and target.accounts:
        lines.append(
            t(
                "  Note: both records have accounts: after the merge those accounts open one record and see "
                "each other's contributions and roles."
            )
        )
    return lines


def _left_behind_line(
    t: Translator,
    role: str,
    unit: str | None,
    target: int,
    done: bool,
    named: str | None,
    commune: bool = False,
) -> str:
    """A role of the merged-away record in a unit other than the kept record's: it does not follow
    (decision 0145), said before the merge or after it (`done`); the grant that gives it, if it is right after
    all."""
    from bot.domain.roles import describe

    said = describe(role, unit, commune=commune, t=t)
    grant = _command(f"people grant {target} {role} --unit {unit}", named)
    line = (
        t(
            "  The role {role} is in a unit other than the kept record's: it did not move to record "
            "{target}; if it is still right, grant it with: {grant}"
        )
        if done
        else t(
            "  The role {role} is in a unit other than the kept record's: it will not move to record "
            "{target}; if it is still right, grant it with: {grant}"
        )
    )
    return line.format(role=said, target=target, grant=grant)


def _holds_line(t: Translator, holds, commune: bool = False, today: date | None = None) -> str:  # type: ignore[no-untyped-def]
    """One record as the merge's last look shows it: who, where, and how much hangs on it; a long leave
    running on `today` too (decision 0789)."""
    from bot.domain.access import is_away
    from bot.domain.roles import describe

    listed = t("on the list") if holds.listed else t("not on the list")
    gone = t(", left on {day}").format(day=t.date(holds.left_on)) if holds.left_on else ""
    if not gone and today is not None and is_away(holds, today):
        gone = (
            t(", away on training up to and including {day}")
            if holds.away_reason == "training"  # said as training (decision 2410)
            else t(", on long leave up to and including {day}")
        ).format(day=t.date(holds.away_until))
    roles = ", ".join(describe(role, unit, commune=commune, t=t) for role, unit in holds.roles)
    return t(
        "{name} ({listed}{gone}) — unit: {unit}; position: {position}; phone: {phone}; accounts: {accounts}; "
        "contributions: {contributions}; registrations: {commitments}; roles: {roles}"
    ).format(
        name=holds.full_name,
        listed=listed,
        gone=gone,
        unit=holds.unit or "—",
        position=holds.position or "—",
        phone=_masked(holds.phone),
        accounts=holds.accounts,
        contributions=holds.contributions,
        commitments=holds.commitments,
        roles=roles or t("no role"),
    )


def _role_refusals(t: Translator) -> dict[str, str]:
    """Why `people grant|revoke` changed nothing, in the shell's language (decision 1344)."""
    return {
        "organisation": t("person {person} is not of organisation {org}: nothing changed"),
        "admin_scope": t(
            "the administrator's role is the whole organisation's: use --org-wide instead of --unit"
        ),
        "member_scope": t("a member belongs to a unit: use --unit UNIT_CODE"),
        "household": t(
            "{name} is a household: a household is a member only and takes no other role; nothing changed. "
            "If the head of the household takes this role (a hamlet head recording for the households), make "
            "an invite code for them: {invite}; joining with it, they have a record of their own and the "
            "household stays on the list"
        ),
        "donor": t("{name} is a donor from outside the organisation: they take no role; nothing changed"),
        "left": t(
            "{name} left on {left_on}, so takes no role; nothing changed (if they are back at work: {back})"
        ),
        "not_allowed": t(
            "person {actor} may not grant or revoke this role (an administrator of that unit may; a role of "
            "the whole organisation and the administrator's role: only an administrator of the whole "
            "organisation)"
        ),
        "last_admin": t(
            "{name} is the last administrator of the whole of {org}: grant the administrator's role to "
            "someone else first, then revoke it"
        ),
        "covers": t(
            "--for is only used with --stand-in, and must be the one stood in for: another leader of that "
            "same unit, or someone who holds that treasurer's or officer's role there or for the whole "
            "organisation; nothing changed. Example: {example}"
        ),
        "covers_needed": t(
            "--stand-in with a treasurer's or an officer's role must say whose leave it covers, with --for: "
            "the role then ends by itself when that person's leave ends; nothing changed. Example: {example}"
        ),
        "given_for": t(
            "{flag} is only for a leader's role (a deputy for good, not told when a leave ends); nothing "
            "changed. This role without {flag}: {plain}"
        ),
    }


async def _people_role(app, args) -> int:  # type: ignore[no-untyped-def]
    """`people grant` and `people revoke`: one line saying what changed, or that nothing had to."""
    from bot.clock import local_date
    from bot.db.models import Person, Unit
    from bot.domain.access import is_on_training
    from bot.domain.notices import is_commune
    from bot.domain.roles import (
        ALSO_COVERS,
        FOR_GOOD,
        STAND_IN,
        RoleError,
        describe,
        grant_role,
        revoke_role,
        roles_by_person,
    )

    given_for = getattr(args, "given_for", None)
    t = _shell(app.settings)
    role = _role_named(args.role, t)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        scope = "--org-wide" if args.org_wide else f"--unit {shlex.quote(args.unit)}"
        person_id = await _person_named(
            session,
            org,
            args.person,
            lambda found: f"people {args.action} {found[0].id} {role} {scope}",
            app.settings,
        )
        person = await session.get(Person, person_id)
        if person is None:
            raise CliError(
                t("no person with id {id} in organisation {org} (see: {command})").format(
                    id=args.person, org=org.code, command=_command("people list", await _named(session, org))
                )
            )
        actor = await _role_actor(session, org, args.as_person, t)
        named = await _named(session, org)
        unit = None if args.org_wide else args.unit and (await _unit(session, org, args.unit, t)).code
        covers = None  # whom a stand-in stands in for (decision 1348)
        if getattr(args, "covers", None):
            covers = await session.get(
                Person,
                await _person_named(
                    session,
                    org,
                    args.covers,
                    lambda found: f"people grant {person.id} {role} {scope} --stand-in --for {found[0].id}",
                    app.settings,
                ),
            )
        change = (
            functools.partial(grant_role, given_for=given_for, covers=covers)
            if args.action == "grant"
            else revoke_role
        )
        try:
            done = await change(
                session, actor, person, role, unit, now=app.engine.clock(), settings=app.settings
            )
        except RoleError as refused:
            if refused.reason == "unit":
                raise CliError(str(refused)) from None
            line = _role_refusals(t)[refused.reason]
            place = unit or (person.unit_id and (await session.get_one(Unit, person.unit_id)).code)
            raise CliError(
                line.format(
                    person=person.id,
                    org=org.code,
                    actor=args.as_person,
                    name=person.full_name,
                    left_on=t.date(person.left_on) if person.left_on else "",
                    back=_command(f"people back {person.id}", named),
                    invite=_command(f"invite create --unit {place} --role {role}", named),
                    flag=f"--{(given_for or '').replace('_', '-')}",
                    plain=_command(f"people grant {person.id} {role} {scope}", named),
                    example=_command(f"people grant {person.id} {role} {scope} --stand-in --for ID", named),
                )
            ) from None
        held = (await roles_by_person(session, person.org_id)).get(person.id, [])
        commune = await is_commune(session, org.id)  # its officers are the Front's (decision 0655)
    role = describe(done.role, done.unit_code, commune=commune, t=t)
    who = t("{name} (id {id})").format(name=person.full_name, id=person.id)
    training = covers is not None and is_on_training(covers, local_date(app.engine.clock()))  # decision 2630
    if done.role == "leader":  # whom a stand-in covers, kept with the grant (decisions 1348, 1430)
        whom = (
            t("Standing in for {head}: when that person's training ends, {name} and the office are told.")
            if training
            else t("Standing in for {head}: when that person's leave ends, {name} and the office are told.")
        )
    else:
        whom = (
            t("Standing in for {head}: the role ends by itself when that training ends, and both are told.")
            if training
            else t("Standing in for {head}: the role ends by itself when that leave ends, and both are told.")
        )
    whom = (
        " " + whom.format(head=covers.full_name, name=person.full_name)
        if covers is not None and (done.changed or done.reason not in (None, ALSO_COVERS))
        else ""
    )
    why = now_held = ""  # said only where the line has room for them, filled in with the rest (decision 2087)
    if done.changed and args.action == "grant":
        said = t("Granted the role {role} to {who}; it takes effect from their next message.")
    elif done.changed:
        said = t("Revoked the role {role} of {who}; it takes effect from their next message.")
    elif done.reason == ALSO_COVERS and covers is not None:  # held for one colleague, now two (1544)
        said = t(
            "{who} already has the role {role}, given to stand in during a leave: now standing in for {head} "
            "as well; the role ends by itself when all of them are back."
        )
    elif done.reason == FOR_GOOD:  # held to stand in for a leave, given now for good (decision 1486)
        said = t(
            "{who} already has the role {role}, given to stand in during a leave: kept now for good, the "
            "role no longer ends when that leave ends."
        )
    elif done.reason is not None:  # a leader role held already: the reason said is kept (decision 1271)
        why = (
            t("standing in while a leader is on leave (when the leave ends, they and the office are told)")
            if done.reason == STAND_IN
            else t("a deputy for good (not told when the leave ends)")
        )
        said = t("{who} already has the role {role}. Reason recorded: {why}.")
    elif args.action == "grant":
        said = t("{who} already has the role {role}: nothing changed.")
    elif held:
        now_held = ", ".join(describe(r, u, commune=commune, t=t) for r, u in held)
        said = t("{who} does not have the role {role}: nothing changed. Roles held: {held}.")
    else:
        said = t("{who} does not have the role {role}: nothing changed. They hold no role.")
    head = covers.full_name if covers is not None else ""
    print(said.format(role=role, who=who, head=head, why=why, held=now_held) + whom)
    return 0


def _role_named(typed: str, t: Translator) -> str:
    """The role `people grant|revoke` names: its English name, or a word the staff list's role column takes,
    read as the import reads it (`ROLE_WORDS`: “thủ quỹ”, “cán bộ công đoàn”, “lãnh đạo”; decision 0258)."""
    from bot.domain.org_import import ROLE_WORDS
    from bot.text import fold

    role = ROLE_WORDS.get(fold(typed))
    if role is None:
        raise CliError(
            t(
                "no role “{typed}”: write member, treasurer, officer, leader or admin, or as the staff "
                "list's Vai trò column: “thành viên”, “thủ quỹ”, “cán bộ công đoàn” (or “cán bộ Mặt trận”), "
                "“lãnh đạo”, “quản trị”; nothing changed"
            ).format(typed=typed)
        )
    return role


async def _person_named(session, org, typed: str, example, settings: Settings) -> int:  # type: ignore[no-untyped-def]
    """The id of the person a `people …` command names: an id as typed, else the one person of `org` with
    that full name (accents and case aside). Several of that name are listed with their ids, units and
    positions, to choose by id: `example(found)` is the command to give then (its words after `chungtay`),
    with the first of them; none is said, with the people whose name has the words typed, if any (decisions
    0258, 0260). Nothing is ever done to a name that is only like one. Its refusals are in the shell's
    language (`_shell`, decision 1185)."""
    from bot.domain.people import full_name_match
    from bot.domain.shell import command, org_to_name
    from bot.text import typed_name

    typed = typed_name(typed)
    match = await full_name_match(session, typed, org.id)
    if match.person_id is not None:
        return match.person_id
    named = await org_to_name(session, org)
    t = _shell(settings)
    if found := match.namesakes:
        each = ", ".join(
            t("id {id} ({where})").format(
                id=row.id, where=", ".join(part for part in (row.name, row.position) if part) or "—"
            )
            for row in found
        )
        raise CliError(
            t(
                "{n} people are named “{name}”: {each}; write the id instead of the name, for example: "
                "{command}; nothing changed"
            ).format(n=len(found), name=typed, each=each, command=command(example(found), named))
        )
    maybe = ", ".join(
        t("{name} (id {id})").format(name=person.full_name, id=person.id) for person in match.like
    )
    said = t("nobody is named “{name}” in organisation {org}").format(name=typed, org=org.code)
    if maybe:
        said += t("; perhaps: {names}").format(names=maybe)
    said += t("; see the names and ids: {command}; nothing changed").format(
        command=command("people list", named)
    )
    raise CliError(said)


async def _person_of(session, org, typed: str, example, settings: Settings):  # type: ignore[no-untyped-def]
    """The person of `org` a `people …` command names by id or full name (`_person_named`), or CliError in
    the shell's language."""
    from bot.db.models import Person
    from bot.domain.shell import command, org_to_name

    person_id = await _person_named(session, org, typed, example, settings)
    person = await session.get(Person, person_id)
    if person is None or person.org_id != org.id:
        t = _shell(settings)
        raise CliError(
            t("no person with id {id} in organisation {org} (see: {command})").format(
                id=person_id, org=org.code, command=command("people list", await org_to_name(session, org))
            )
        )
    return person


async def _role_actor(session, org, person_id: int | None, t: Translator):  # type: ignore[no-untyped-def]
    """The person named by --as, under their roles; else the operator at this shell (`_drive_actor`, with
    the refusal in the command's language)."""
    from bot.db.models import Person

    if person_id is not None and getattr(await session.get(Person, person_id), "org_id", None) != org.id:
        raise CliError(t("no person with id {id} in organisation {org}").format(id=person_id, org=org.code))
    return await _drive_actor(session, org, person_id, t)


def _leave_refusals(t: Translator) -> dict[str, str]:
    """Why `people leave|back` changed nothing, in the shell's language (decision 1344)."""
    return {
        "not_allowed": t(
            "person {actor} may not record this (an administrator of that person's unit may; nobody records "
            "it for themselves); nothing changed"
        ),
        "future": t(
            "the day of leaving {on} is more than a year ahead: check the year, or record it when it is less "
            "than a year away; nothing changed"
        ),
        "last_admin": t(
            "{name} is the last administrator of the whole of {org}: grant the administrator's role to "
            "someone else first ({grant}); nothing changed"
        ),
        "not_left": t("{name} (id {person}) is not recorded as having left: nothing changed"),
        "changed": t(
            "the leaving of {name} (id {person}) was just changed (recorded on that day, or by someone "
            "else): nothing changed; look again with {list}"
        ),
    }


async def _people_leave(app, args) -> int:  # type: ignore[no-untyped-def]
    """`people leave` and `people back`: one line for each person saying what changed, or that nothing had
    to. Both take several people (who left on the same day): all are recorded, or, on any refusal, none (one
    transaction, decision 0267); a day still ahead is planned, recorded on that day by the scheduler, and
    `back` cancels it (decision 0270)."""
    from bot.clock import local_date
    from bot.domain.leaving import LeaveError, mark_back, mark_left
    from bot.domain.notices import is_commune

    now = app.engine.clock()
    t = _shell(app.settings)
    on = _day_said(args.on, local_date(now), t) if getattr(args, "on", None) else local_date(now)
    typed = args.person if isinstance(args.person, list) else [args.person]
    on_said = f" --on {shlex.quote(args.on)}" if getattr(args, "on", None) else ""
    lines: list[str] = []
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        people = []
        for index, name in enumerate(typed):

            def example(found, index: int = index) -> str:  # type: ignore[no-untyped-def]
                words = [*typed[:index], str(found[0].id), *typed[index + 1 :]]
                return f"people {args.action} {shlex.join(words)}{on_said}"

            person = await _person_of(session, org, name, example, app.settings)
            if all(person.id != other.id for other in people):  # a name typed twice is one leaving
                people.append(person)
        actor = await _role_actor(session, org, args.as_person, t)
        named = await _named(session, org)
        commune = await is_commune(session, org.id)  # its officers are the Front's (decision 0655)
        for person in people:
            try:
                if args.action == "leave":
                    done = await mark_left(session, actor, person, on=on, now=now, settings=app.settings)
                    lines.append(_left_line(t, person, done, named, commune))
                else:
                    back = await mark_back(session, actor, person, now=now, settings=app.settings)
                    lines.extend(_back_lines(t, person, back, named, commune))
            except LeaveError as refused:
                line = _leave_refusals(t)[refused.reason]
                raise CliError(
                    line.format(
                        actor=args.as_person,
                        on=t.date(on),
                        name=person.full_name,
                        org=org.code,
                        person=person.id,
                        grant=_command(t("people grant ID admin --org-wide"), named),
                        list=_command("people list", named),
                    )
                ) from None
    print("\n".join(lines))
    return 0


def _left_line(t: Translator, person, done, named: str | None, commune: bool = False) -> str:  # type: ignore[no-untyped-def]
    """What `people leave` did for one person (`bot.domain.leaving.Left`), in one line, in the shell's
    language (decision 1344)."""
    from datetime import timedelta

    from bot.domain.roles import describe

    who = t("{name} (id {id})").format(name=person.full_name, id=person.id)
    on = t.date(done.on)
    if done.planned and not done.changed:
        return t("{who} is already recorded as leaving on {on}: nothing changed.").format(who=who, on=on)
    if not done.changed:
        return t("{who} is already recorded as having left on {on}: nothing changed.").format(who=who, on=on)
    if done.planned:
        instead = t(" (instead of {day})").format(day=t.date(done.instead_of)) if done.instead_of else ""
        eve = done.on - timedelta(days=1)
        line = t(
            "Recorded that {who} leaves on {on}{instead}: up to and including {eve} they are still one of "
            "the unit's people (counted, reminded, sent appeals, keeping their roles); early that morning "
            "the leaving is recorded by itself. Another day: record it again with the new day; to cancel: "
            "{command}"
        ).format(
            who=who,
            on=on,
            instead=instead,
            eve=t.date(eve),
            command=_command(f"people back {person.id}", named),
        )
        after = done.on + timedelta(days=1)
        if after.day == 1:  # a month's last day: where a retirement ends, so the clerk's “nghỉ hưu từ 31/12”
            line += t(
                " If they work all of {on} (a retirement runs to the end of the month's last day), write: "
                "{command}"
            ).format(on=on, command=_command(f"people leave {person.id} --on {after:%d/%m/%Y}", named))
        return line
    roles = ", ".join(describe(role, unit, commune=commune, t=t) for role, unit in done.roles)
    eve = t.date(done.on - timedelta(days=1))  # the day is the first one gone (decision 1405)
    return t(
        "Recorded that {who} worked up to and including {eve} and left on {on}: no longer counted, reminded "
        "or sent appeals; roles revoked: {roles}; messages and reminders waiting, cancelled: {n}. What they "
        "gave and registered stays as it was."
    ).format(who=who, eve=eve, on=on, roles=roles or t("no role"), n=done.cancelled)


def _back_lines(t: Translator, person, back, named: str | None, commune: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """What `people back` did (`bot.domain.leaving.Back`): a line, then one for each role not given back."""
    from bot.domain.roles import describe

    who = t("{name} (id {id})").format(name=person.full_name, id=person.id)
    was = t.date(back.was)
    if back.planned:
        return [
            t(
                "Cancelled the day {who} was to leave ({was}): still one of the unit's people as before."
            ).format(who=who, was=was)
        ]
    member = ""
    if back.member_of and back.again:  # not back into a unit they never were in (a list moved them)
        member = t("; a member of {unit} again").format(unit=back.member_of)
    elif back.member_of:
        member = t("; a member of {unit}").format(unit=back.member_of)
    given = ", ".join(describe(role, unit, commune=commune, t=t) for role, unit in back.roles)
    roles = t("; roles given back: {roles}").format(roles=given) if given else ""
    lines = [
        t("Took back the leaving ({was}) of {who}: counted in the unit again{member}{roles}.").format(
            was=was, who=who, member=member, roles=roles
        )
    ]
    return lines + [_not_back_line(t, lost, person.id, named, commune) for lost in back.not_back]


def _day_said(text: str, today: date, t: Translator) -> date:
    """A day as the chat takes it (`handlers.common.read_day`): a word naming it ("hôm qua", "hom nay",
    yesterday) or a date with its year."""
    from bot.domain.dates import DateError, named_day

    try:
        return named_day(text, today) or day_argument(text)
    except (DateError, argparse.ArgumentTypeError):
        raise CliError(
            t(
                '{text} is not a day: type 31/08/2026 (day/month/year), 2026-08-31, "today" or "yesterday"'
            ).format(text=repr(text))
        ) from None


def _away_refusals(t: Translator) -> dict[str, str]:
    """Why `people away` changed nothing, in the shell's language (decision 1344)."""
    return {
        "not_allowed": t(
            "person {actor} may not record this (a union officer or an administrator of that person's unit "
            "may; nobody records their own leave); nothing changed"
        ),
        "household": t(
            "{name} (id {person}) is a household: only staff are recorded on long leave (a household working "
            "far away is recorded for by the hamlet's officer when it gives); nothing changed"
        ),
        "donor": t(
            "{name} (id {person}) is a donor from outside the organisation: no long leave; nothing changed"
        ),
        "left": t(
            "{name} (id {person}) left on {left_on}: no longer reminded or sent appeals; nothing changed"
        ),
        "past": t("{until} has passed: if {name} is back at work, use {back}; nothing changed"),
        "future": t(
            "{until} is more than two years ahead: check the year, for example {example}; nothing changed"
        ),
    }


async def _people_away(app, args) -> int:  # type: ignore[no-untyped-def]
    """`people away PERSON… --until DAY` and `--back`: colleagues on long leave recorded as the chat records
    them (`bot.domain.leaving.mark_away`, the rule in `access.may_mark_away`), one line each; several at
    once, all or none (one transaction). A leader on leave is told apart: their unit's weekly digest waits for
    their return, and who leads meanwhile is given the role (decision 0789)."""
    from bot.clock import local_date
    from bot.domain.leaving import LeaveError, mark_away
    from bot.domain.roles import roles_by_person

    now = app.engine.clock()
    today = local_date(now)
    t = _shell(app.settings)
    until = None if args.back else _day_said(args.until, today, t)
    said = "--back" if args.back else f"--until {shlex.quote(args.until)}"
    lines: list[str] = []
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        people = []
        for index, name in enumerate(args.person):

            def example(found, index: int = index) -> str:  # type: ignore[no-untyped-def]
                words = [*args.person[:index], str(found[0].id), *args.person[index + 1 :]]
                return f"people away {shlex.join(words)} {said}"

            person = await _person_of(session, org, name, example, app.settings)
            if all(person.id != other.id for other in people):
                people.append(person)
        actor = await _role_actor(session, org, args.as_person, t)
        named = await _named(session, org)
        roles = await roles_by_person(session, org.id)
        for person in people:
            try:
                done = await mark_away(
                    session,
                    actor,
                    person,
                    until=until,
                    now=now,
                    settings=app.settings,
                    training=args.training,
                )
            except LeaveError as refused:
                reason = refused.reason
                if reason == "not_allowed" and person.left_on is not None:
                    reason = "left"
                elif reason == "not_allowed" and person.kind != "staff":
                    reason = person.kind  # "household" or "donor"
                raise CliError(
                    _away_refusals(t)[reason].format(
                        actor=args.as_person,
                        name=person.full_name,
                        person=person.id,
                        left_on=t.date(person.left_on) if person.left_on else "",
                        until=t.date(until) if until else "",
                        back=_command(f"people away {person.id} --back", named),
                        example=_command(f"people away {person.id} --until 15/03/{today.year + 1}", named),
                    )
                ) from None
            leads = [unit for role, unit in roles.get(person.id, []) if role == "leader"]
            lines.extend(_away_lines(t, person, done, leads, named, training=args.training))
    print("\n".join(lines))
    return 0


def _away_lines(  # type: ignore[no-untyped-def]
    t: Translator, person, done, leads: list[str | None], named: str | None, *, training: bool = False
) -> list[str]:
    """What `people away` did for one person (`bot.domain.leaving.Away`): a line; for a leader recorded
    away, one for each unit they lead, saying that its digest waits for their return (decision 0789); in the
    shell's language (decision 1344)."""
    from bot.domain.leaving import leader_away_line

    who = t("{name} (id {id})").format(name=person.full_name, id=person.id)
    if done.until is None:
        if not done.changed:
            return [t("{who} is not recorded as on long leave: nothing changed.").format(who=who)]
        return [
            t(
                "Recorded that {who} is back at work: from now on they are sent appeals and reminders again, "
                "and the digest counts them like everyone else."
            ).format(who=who)
        ]
    last = t.date(done.until)
    if not done.changed:
        already = (  # the reason kept said as such, training as training (decision 2358)
            t("{who} is already recorded away on training up to and including {last}: nothing changed.")
            if training
            else t("{who} is already recorded on long leave up to and including {last}: nothing changed.")
        )
        return [already.format(who=who, last=last)]
    instead = t(" (instead of {day})").format(day=t.date(done.instead_of)) if done.instead_of else ""
    recorded = (  # training said as training, as the chat and the digest say it (decision 2315)
        t(
            "Recorded {who} away on training up to and including {last}{instead}: until then no appeals or "
            "reminders; the weekly digest counts them apart. Back at work sooner: {command}"
        )
        if training
        else t(
            "Recorded {who} on long leave up to and including {last}{instead}: until then no appeals or "
            "reminders; the weekly digest counts them apart. Back at work sooner: {command}"
        )
    )
    lines = [
        recorded.format(
            who=who, last=last, instead=instead, command=_command(f"people away {person.id} --back", named)
        )
    ]
    lines.extend(f"  {leader_away_line(person.full_name, unit, done.until, named, t)}" for unit in leads)
    return lines


def _not_back_line(t: Translator, lost, person_id: int, named: str | None, commune: bool = False) -> str:  # type: ignore[no-untyped-def]
    """A role the leaving took off that could not come back: why, and the grant that gives it."""
    from bot.domain.roles import describe

    role = describe(lost.role, lost.unit, commune=commune, t=t)
    code = lost.into or t("UNIT_CODE")
    scope = "--org-wide" if lost.unit is None else f"--unit {code}"
    grant = _command(f"people grant {person_id} {lost.role} {scope}", named)
    if lost.reason == "unit" and lost.into:
        return t(
            "The role {role} is not given back yet: that unit was merged into {into}; if it is still right, "
            "grant it with: {grant}"
        ).format(role=role, into=lost.into, grant=grant)
    if lost.reason == "unit":
        return t(
            "The role {role} is not given back yet: that unit is no more; if it is still right, grant it "
            "with: {grant}"
        ).format(role=role, grant=grant)
    if lost.reason == "not_allowed":
        return t(
            "The role {role} is not given back yet: only an administrator of the whole organisation grants "
            "it; ask them to grant it with: {grant}"
        ).format(role=role, grant=grant)
    return t("The role {role} is not given back yet; if it is still right, grant it with: {grant}").format(
        role=role, grant=grant
    )


def _rename_refused(t: Translator, reason: str, limit: int) -> str:
    """Why `people rename` kept the name, in the shell's language (decision 1185)."""
    if reason == "too_long":
        return t("the new name is longer than {limit} characters").format(limit=limit)
    if reason == "no_letters":
        return t("the new name has no letters")
    return t("the new name is empty")


async def _people_rename(app, args) -> int:  # type: ignore[no-untyped-def]
    """`people rename ID "Họ Tên Mới"`: one line with the old and the new name (docs/decisions/0145), in the
    shell's language (decision 1185)."""
    from bot.domain.people import MAX_NAME, RenameError, rename_person

    t = _shell(app.settings)
    async with app.sessionmaker() as session, session.begin():
        org = await _org(session, args.org, app.settings)
        person = await _person_of(
            session,
            org,
            args.person,
            lambda found: f'people rename {found[0].id} "{args.name.strip()}"',
            app.settings,
        )
        named = await _named(session, org)
        try:
            done = await rename_person(session, person, args.name, now=app.engine.clock())
        except RenameError as refused:
            if refused.reason == "accents":
                raise CliError(
                    t(
                        '"{typed}" is the name "{name}" without its accents: the accented name is kept; '
                        "nothing changed"
                    ).format(typed=args.name.strip(), name=person.full_name)
                ) from None
            why = _rename_refused(t, refused.reason, MAX_NAME)
            raise CliError(
                t("{why}: write the full name in quotes, for example {command}; nothing changed").format(
                    why=why, command=_command(f'people rename {person.id} "Nguyễn Thị Hoa"', named)
                )
            ) from None
    if not done.changed:
        print(t("Person {id} is already named {name}: nothing changed.").format(id=person.id, name=done.new))
    else:
        print(
            t(
                "Renamed person {id}: {old} → {new}. Everything of theirs stays as it was; if this was a "
                "mistake, rename back with: {command}"
            ).format(
                id=person.id,
                old=done.old,
                new=done.new,
                command=_command(f'people rename {person.id} "{done.old}"', named),
            )
        )
    return 0


async def _people_remove_identity(app, args) -> int:  # type: ignore[no-untyped-def]
    """`people remove-identity CHANNEL USER`, in the shell's language (decision 1344)."""
    from bot.domain.people import remove_identity

    t = _shell(app.settings)
    async with app.sessionmaker() as session, session.begin():
        try:
            changed = await remove_identity(
                session, channel=args.channel, external_id=args.user, actor_id=None, now=app.engine.clock()
            )
        except LookupError:
            raise CliError(
                t(
                    "no {channel} account {user} has joined: see the accounts in {command}; nothing changed"
                ).format(channel=args.channel, user=repr(args.user), command=_command("people list", None))
            ) from None
    if changed:
        said = t(
            "Removed the {channel} account {user}: from now on the bot only tells it that it was removed."
        )
    else:
        said = t("The {channel} account {user} was already removed.")
    print(said.format(channel=args.channel, user=args.user))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
