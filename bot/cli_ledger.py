"""`chungtay contributions …` and `chungtay drive statement …`: the treasurer's queue and the public statement
from the shell, for a treasurer or officer at a desk. The actor is required (`--as PERSON`, an id from
`chungtay people list`) and goes through the same access rules as in chat: nobody confirms, from here either,
an entry they gave or recorded, and a reversal is never made by the one who confirmed the entry."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import cli_argparse
from bot.config import Settings
from bot.i18n import PAPER_LOCALE, Translator
from bot.text import reads_as_reason

if TYPE_CHECKING:
    from bot.db.models import Contribution


def money(amount: int) -> str:
    """An amount as every admin command prints it, "1.200.000 ₫": the bot's one money formatter
    (`bot.i18n.format_vnd`, Babel's Vietnamese), whatever the language of the command's words."""
    from bot.i18n import format_vnd

    return format_vnd(amount, "vi")


def phone_refused(
    t: Callable[[str], str], flag: str, typed: str, problem: Exception, example: str
) -> str | None:
    """The refusal of an amount given at the shell that reads as a phone or an account number, as the chat
    refuses it (`MoneyError` "phone" or "figures", decisions 0392, 0418), in the shell's language `t`; None
    for any other mistake. The one rule of every money option (`--target`, `--money`, `--received`,
    `--amount`): nine to twelve bare figures not in whole thousands are shown with their dots, as an amount
    that large is written; a mobile's number (its 0 first, or a “+”) is no amount with its 0 taken off, so
    it is answered with `example`, an amount in the shell's language (decision 1736)."""
    reason = getattr(problem, "reason", None)
    if reason == "phone":
        return t(
            "{typed} reads as a phone number, not an amount; write the amount in đồng, e.g. {example}"
        ).format(typed=repr(typed), example=example)
    if reason == "figures":
        dotted = f"{int(''.join(ch for ch in typed if ch.isdigit())):,}".replace(",", ".")
        return t(
            "{typed} reads as a phone or account number, not an amount; an amount this large is written "
            "with its dots: {flag} {dotted}"
        ).format(typed=repr(typed), flag=flag, dotted=dotted)
    return None


def amount_refused(t: Callable[[str], str], flag: str, typed: str, problem: Exception, example: str) -> str:
    """Why an amount given at the shell is not read, with an example that works (`example`, in the shell's
    language `t`: “50tr” is Vietnamese, “50m” English): a phone or an account number as `phone_refused`
    says it; anything else as before."""
    if (said := phone_refused(t, flag, typed, problem, example)) is not None:
        return said
    return t("cannot read the amount {typed}; write it in đồng, e.g. {example}").format(
        typed=repr(typed), example=example
    )


AS_HELP = 'you: your id (see: chungtay people list) or your full name in quotes, "Trần Thị Bình"'


class LedgerCliError(Exception):
    """A refusal or a mistake, said in one line (the command exits with 2)."""


def add_contribution_commands(sub: Any) -> None:
    """The `contributions` group: pending, confirm, reject, reverse, move, reconcile (bot.cli_reconcile),
    donor and thanks (bot.cli_donors), payroll (bot.cli_payroll), handover (bot.cli_collected)."""
    group = sub.add_parser(
        "contributions",
        help="the treasurer's queue: confirm, reject, reverse; reconcile a bank statement; a donor's gift "
        "and its thank-you letter",
    )
    actions = group.add_subparsers(dest="action", required=True)
    pending = actions.add_parser("pending", help="contributions waiting for PERSON, oldest first")
    pending.add_argument("--drive", help="a drive's code, or 'general' for the Fund outside drives")
    pending.add_argument("--page", type=cli_argparse.whole_number, default=1, help="page number (20 a page)")
    confirm = actions.add_parser("confirm", help="confirm that the money or goods of REF… arrived")
    confirm.add_argument("refs", nargs="+", metavar="REF")
    confirm.add_argument(
        "--received",
        metavar="FIGURE",
        help="what arrived of the one REF, when not what was recorded: đồng (300000, 300k; goods: their "
        "value) or labour days (3); it counts, the recorded figure is kept",
    )
    reject = actions.add_parser("reject", help="say REF… did not arrive, with a reason the giver reads")
    reject.add_argument("refs", nargs="+", metavar="REF")
    reject.add_argument("--reason", required=True, type=reason_argument)
    rev = actions.add_parser("reverse", help="cancel a confirmed REF with a correction entry")
    rev.add_argument("ref", metavar="REF")
    rev.add_argument("--reason", required=True, type=reason_argument)
    move = actions.add_parser(
        "move",
        help="put REF, still waiting and recorded under the wrong person, in the name of whose it is "
        "(docs/decisions/1434)",
    )
    move.add_argument("ref", metavar="REF")
    move.add_argument("--to", required=True, metavar="PERSON", help="whose it is: an id or a full name")
    for parser in (pending, confirm, reject, rev, move):
        parser.add_argument("--as", dest="actor", required=True, metavar="PERSON", help=AS_HELP)
    from bot.cli_collected import add_handover
    from bot.cli_donors import add_donor, add_thanks
    from bot.cli_payroll import add_payroll
    from bot.cli_reconcile import add_reconcile

    add_reconcile(actions)
    add_donor(actions)
    add_payroll(actions)
    add_thanks(actions)
    add_handover(actions)


def reason_argument(text: str) -> str:
    """--reason: what the giver will read, in a few words."""
    if not reads_as_reason(text):
        said = cli_argparse.said(
            cli_argparse.t(
                'a reason in a few words, which the giver will read, e.g. --reason "Không thấy chuyển khoản"'
            )
        )
        raise argparse.ArgumentTypeError(said)
    return text.strip()


def day_argument(text: str) -> date:
    """An argparse type for every date option of the shell: 31/08/2026 (also 1/9/2026) as Vietnamese write
    it, or 2026-08-31."""
    from bot.domain.dates import DateError, parse_full_day

    try:
        return parse_full_day(text)
    except DateError:
        said = cli_argparse.said(
            cli_argparse.t("{typed} is not a date: write it as 31/08/2026 (day/month/year) or 2026-08-31")
        )
        raise argparse.ArgumentTypeError(said.format(typed=repr(text))) from None


def year_argument(text: str) -> int:
    """An argparse type: a year written in full."""
    if not (text.isdigit() and 2000 <= int(text) <= 2100):
        said = cli_argparse.said(cli_argparse.t("{typed} is not a year; write it in full, e.g. --year 2026"))
        raise argparse.ArgumentTypeError(said.format(typed=repr(text)))
    return int(text)


def output_problem(path: Path, *, force: bool, suffix: str, t: Translator) -> str | None:
    """Why a command may not write the file it is given (another kind of file, or one that exists without
    --force), in one line with what works, in the language `t` of the command's other lines (the shell's,
    `bot.cli._shell`, built once for the command: decisions 1345, 1739); None when it may."""
    if path.suffix.lower() != suffix:
        return t(
            "{path} is not a {suffix} file name: write one ending in {suffix}, for example {example}"
        ).format(path=path, suffix=suffix, example=path.with_suffix(suffix).name)
    if path.exists() and not force:
        return t("{path} exists; add --force to replace it, or write another file name").format(path=path)
    return None


def add_drive_statement(drive_actions: Any) -> None:
    """`drive statement DRIVE --xlsx FILE`, added to the `drive` group's subcommands."""
    statement = drive_actions.add_parser("statement", help="the public statement of a drive (sao kê)")
    statement.add_argument(
        "drive", metavar="DRIVE", help="the drive's code, or general: the Fund outside the drives, for a year"
    )
    statement.add_argument("--year", type=year_argument, help="with general: the year (default: this year)")
    statement.add_argument(
        "--xlsx", type=Path, required=True, metavar="FILE", help="write a print-ready sheet"
    )
    statement.add_argument("--org", help="organisation code (default: the only one)")
    statement.add_argument("--force", action="store_true", help="replace FILE if it exists")


async def people_list_hint(session, org_id: int | None, t: Translator) -> str:  # type: ignore[no-untyped-def]
    """Where to read names and ids: `chungtay people list`, with the `--org` of `org_id` where other
    organisations share the database; with no organisation known and several, `--org CODE` and their codes,
    in the shell's language `t`."""
    from sqlalchemy import select

    from bot.db.models import Organisation
    from bot.domain.shell import command, org_to_name

    if org_id is not None:
        return command("people list", await org_to_name(session, await session.get_one(Organisation, org_id)))
    codes = (await session.scalars(select(Organisation.code).order_by(Organisation.code))).all()
    if len(codes) < 2:
        return "chungtay people list"
    return t("chungtay people list --org CODE (organisations: {codes})").format(codes=", ".join(codes))


def with_as(argv: Sequence[str], person_id: int, *, org: bool = True, flag: str = "--as") -> str:
    """The command typed (`argv`, the words after `chungtay`) with `flag` (`--as`, or handover's `--of`)
    naming `person_id`, to copy; without its `--org CODE` when `org` is false (the caller adds it,
    `bot.domain.shell.command`)."""
    words: list[str] = []
    skip = None
    for word in argv:
        if skip == flag:
            words.append(str(person_id))
        elif skip != "--org":
            if word in (flag, "--org") and (word == flag or not org):
                skip = word
                if word == flag:
                    words.append(word)
                continue
            if word.startswith(f"{flag}="):
                word = f"{flag}={person_id}"
            if word.startswith("--org=") and not org:
                continue
            words.append(word)
        skip = None
    return "chungtay " + shlex.join(words)


async def person_named(  # type: ignore[no-untyped-def]
    session, typed: str, org_id: int | None, argv: Sequence[str], t: Translator, flag: str = "--as"
) -> int:
    """The id `--as` (or `flag`: handover's `--of`) names: an id as typed, else the one person with that full
    name (accents and case aside), of `org_id` where the command names its organisation, else of any. Several
    of that name are listed with their ids (and organisations, where several share the database), with the
    command typed and the first id; none is said, with the people whose name has the words typed. A name only
    like one names nobody. Said in the shell's language `t` (decision 1660)."""
    from sqlalchemy import func, select

    from bot.db.models import Organisation
    from bot.domain.people import full_name_match
    from bot.text import typed_name

    typed = typed_name(typed)
    match = await full_name_match(session, typed, org_id)
    if match.person_id is not None:
        return match.person_id
    if found := match.namesakes:
        several_orgs = org_id is None and (await session.scalar(select(func.count(Organisation.id)))) > 1
        parts = ((several_orgs and row.code, row.name, row.position) for row in found)
        each = ", ".join(
            t("id {id} ({where})").format(id=row.id, where=", ".join(p for p in part if p) or "—")
            for row, part in zip(found, parts, strict=True)
        )
        raise LedgerCliError(
            t(
                "{n} people are named “{name}”: {each}; give the id instead, e.g. {command}; "
                "nothing was changed"
            ).format(n=len(found), name=typed, each=each, command=with_as(argv, found[0].id, flag=flag))
        )
    maybe = ", ".join(
        t("{name} (id {id})").format(name=person.full_name, id=person.id) for person in match.like
    )
    if org_id is None:
        said = t("nobody is named “{name}”").format(name=typed)
    else:
        org = (await session.get_one(Organisation, org_id)).code
        said = t("nobody is named “{name}” in {org}").format(name=typed, org=org)
    if maybe:
        said += t("; maybe: {names}").format(names=maybe)
    hint = await people_list_hint(session, org_id, t)
    raise LedgerCliError(said + t("; names and ids: {command}; nothing was changed").format(command=hint))


async def actor_by_id(session, person_id: int, t: Translator):  # type: ignore[no-untyped-def]
    """The person named by --as, under their roles (the shell's refusal, in its language `t`, when there is
    no such person)."""
    from bot.db.models import Person
    from bot.domain.access import actor_for

    person = await session.get(Person, person_id)
    if person is None:
        raise LedgerCliError(await no_person_with_id(session, person_id, t))
    actor = await actor_for(session, person)
    assert actor is not None
    return actor


async def no_person_with_id(session, person_id: int, t: Translator) -> str:  # type: ignore[no-untyped-def]
    """The refusal of an id `--as` gives that is nobody's, with where to read the ids."""
    hint = await people_list_hint(session, None, t)
    return t("no person with id {id} (see: {command})").format(id=person_id, command=hint)


async def no_person_in(session, person_id: int, org_id: int, t: Translator) -> str:  # type: ignore[no-untyped-def]
    """The refusal of an id that is no person of the organisation `org_id`, with where to read its ids."""
    hint = await people_list_hint(session, org_id, t)
    return t("no person {id} in this organisation (see: {command})").format(id=person_id, command=hint)


async def acting_as(session, org_id: int, person_id: int | None, t: Translator):  # type: ignore[no-untyped-def]
    """The person named by --as, under their roles; else the operator at this shell, for the organisation.
    Refused in the shell's language `t`."""
    from bot.db.models import Person
    from bot.domain.access import Operator, actor_for

    if person_id is None:
        return Operator(org_id)
    person = await session.get(Person, person_id)
    if person is None or person.org_id != org_id:
        raise LedgerCliError(await no_person_in(session, person_id, org_id, t))
    return await actor_for(session, person)


def no_contribution(t: Translator, typed: str, prefix: str, now: datetime) -> str:
    """A code typed that is none of the organisation's, with one of its own shape (“CT-2026-000001”)."""
    from bot.clock import local_date

    return t("no contribution {typed} in this organisation; write its code, e.g. {example}").format(
        typed=repr(typed), example=f"{prefix}-{local_date(now).year}-000001"
    )


async def _drive_id(session, org_id: int, code: str | None, t: Translator) -> int | None:  # type: ignore[no-untyped-def]
    """The drive `--drive` names in the organisation `org_id`; None for the Fund outside the drives. A code
    that is none of its drives is refused with the command that lists them, `--org CODE` in it where other
    organisations share the database, as every command the shell prints to copy (decision 1738)."""
    from sqlalchemy import select

    from bot.db.models import Drive, Organisation
    from bot.domain.shell import command, org_to_name

    if code is None or code.lower() == "general":
        return None
    drive_id = await session.scalar(select(Drive.id).where(Drive.org_id == org_id, Drive.code == code))
    if drive_id is None:
        named = await org_to_name(session, await session.get_one(Organisation, org_id))
        raise LedgerCliError(
            t("no drive with code {code} in your organisation: see the drives' codes with {command}").format(
                code=repr(code), command=command("drive list", named)
            )
        )
    return drive_id


# The ledger's refusals that name the officers, as the organisation names them (decision 2220).
NAMES_OFFICERS = frozenset({"own_confirmation", "more_than_a_week", "own_contribution_officers"})


async def own_reason(session: Any, entry: Any, why: str) -> str:
    """`why` the ledger refused `entry`, or, for a treasurer's own money or goods that the officers confirm,
    there being no other treasurer (`access.officers_decide_it`), "own_contribution_officers": she is sent
    to them, not to a treasurer who is not there, to confirm it or, confirmed, to correct it (decisions 2511,
    2542)."""
    return (await own_reasons(session, [(entry, why)]))[0]


async def own_reasons(session: Any, refused: list[tuple[Any, str]]) -> list[str]:
    """`own_reason` of each (entry, why) refused, those refused as her own asked of the officers' rule in
    one query (`access.officers_decide`)."""
    from bot.domain.access import officers_decide

    theirs = await officers_decide(session, [entry for entry, why in refused if why == "own_contribution"])
    return [
        "own_contribution_officers" if why == "own_contribution" and entry.id in theirs else why
        for entry, why in refused
    ]


async def officers_if(session: Any, org_id: int, t: Translator, named: bool) -> str:
    """The organisation `org_id`'s word for its officers (`notices.officers_of`) where a refusal names them
    (`named`), else "": one query, read only then; the refusal's own default stands for ""."""
    from bot.domain.notices import officers_of

    return await officers_of(session, org_id, t) if named else ""


async def refusal_in(session: Any, org_id: int, t: Translator, why: str, *, level: str | None = None) -> str:
    """`refusal` for an entry of the organisation `org_id`: its officers named by its word, read only for a
    refusal that names them; `level`, a commune's, where one says who moved out of it."""
    officers = await officers_if(session, org_id, t, why in NAMES_OFFICERS)
    return refusal(t, why, officers=officers, level=level)


def refusal(t: Translator, why: str, *, officers: str = "", level: str | None = None) -> str:
    """Why the ledger refused an entry (`LedgerError.reason`), in one line after its code, in the shell's
    language `t` (decision 1696); `officers`, for the refusals of NAMES_OFFICERS, as `refusal_in` reads
    them; `level`, the commune's level its name says (`notices.commune_level`), for who moved out of it:
    “khỏi phường” in a ward (decision 2924)."""
    from bot.domain.notices import level_name, officers_named

    officers = officers or officers_named(t)
    word = level_name(t, level)
    said = {
        "own_contribution": lambda: t("you gave or recorded it: another treasurer must decide it"),
        "own_contribution_officers": lambda: t(
            "you gave or recorded it and there is no other treasurer: the {officers} decide it"
        ).format(officers=officers),
        "own_case": lambda: t("it was given for your own hardship case: another treasurer must decide it"),
        "own_confirmation": lambda: t(
            "you confirmed it: another treasurer or the {officers} must correct it"
        ).format(officers=officers),
        "not_allowed": lambda: t("not a contribution you may decide (a treasurer of its unit decides)"),
        "already_decided": lambda: t("already decided"),
        "reversal_of_reversal": lambda: t("a correction cannot itself be cancelled"),
        "already_reversed": lambda: t("already cancelled by a correction"),
        "not_reversible": lambda: t("only a confirmed contribution can be corrected"),
        "reason": lambda: t("a reason is required"),
        "waiting": lambda: t("still waiting for a treasurer: confirm or reject it instead"),
        "same_figure": lambda: t("the new figure is the same as the old one"),
        "amount": lambda: t("the amount must be more than 0 and within MONEY_CAP"),
        "days": lambda: t("the labour days must be from 1 to MAX_LABOUR_DAYS"),
        "own_case_move": lambda: t("it was given for your own hardship case: another treasurer must move it"),
        "same_person": lambda: t("it is already in that person's name"),
        "left": lambda: t(
            "that person has left the organisation: a gift is never put in their name; nothing was changed"
        ),
        # The move's own refusal, in the chat's words: into her own name, or a gift she recorded (1681).
        "own_contribution_move": lambda: t(
            "you may not put a gift in your own name, nor move one you recorded: another treasurer does "
            "that; nothing was changed"
        ),
        # A commune's people and households move out of it, not out of an office (decisions 1628, 1681).
        "left_commune": lambda: t(
            "that person has moved out of the {level}: a gift is never put in their name; nothing was changed"
        ).format(level=word),
        "left_commune_household": lambda: t(
            "that household has moved out of the {level}: a gift is never put in its name; nothing was "
            "changed"
        ).format(level=word),
        "moved": lambda: t("another treasurer put it in another person's name meanwhile; look at it again"),
        "drive_not_your_unit": lambda: t("its drive does not take that person's unit's gifts"),
        "not_movable": lambda: t(
            "not a waiting gift of money or goods of a member or household you may decide, or not to a "
            "person of a unit you confirm for; nothing was changed"
        ),
        "more_than_a_week": lambda: t(
            "more than 7 labour days: the {officers} confirm at most 7 (--received with the days seen), "
            "a treasurer more"
        ).format(officers=officers),
    }.get(why)
    return said() if said else why


async def run_contributions(app, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from bot.cli import _shell
    from bot.db.models import Contribution
    from bot.domain.access import may_open_queue
    from bot.domain.contributions import LedgerError, normalise_ref, ref_prefix_of, reverse
    from bot.domain.notices import held_till, who_hears
    from bot.domain.queue import decide_several, waiting_drives, waiting_page
    from handlers.wording import fund_title, heard_line, kind_label, labour_days

    settings: Settings = app.settings
    t = _shell(settings)
    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_by_id(session, args.actor, t)
        if args.action == "pending":
            if not may_open_queue(actor):
                raise LedgerCliError(t("only a treasurer has contributions to confirm"))
            if args.drive is None:
                drives = await waiting_drives(session, actor)
                for d in drives:
                    print(t("{drive}: waiting: {n}").format(drive=d.title or fund_title(t), n=d.waiting))
                if not drives:
                    print(t("Nothing is waiting for you to confirm."))
                return 0
            drive_id = await _drive_id(session, actor.org_id, args.drive, t)
            rows, total = await waiting_page(session, actor, drive_id, page=max(args.page, 1) - 1, size=20)
            for r in rows:
                amount = labour_days(t, r.labour_days) if r.kind == "labour" else t.vnd(r.amount_vnd)
                photo = t("photo") if r.photo else "-"
                print(
                    f"{r.ref}  {t.date(r.created_at)}  {kind_label(t, r.kind)}  {amount}  "
                    f"{r.giver}  {r.unit or '-'}  {photo}"
                )
            print(t("Waiting: {n}.").format(n=total))
            return 0
        refs = [args.ref] if args.action in ("reverse", "move") else args.refs
        found = {}
        prefix = await ref_prefix_of(session, actor.org_id)  # "2026-12" alone: a code of one's own
        for typed in refs:
            ref = normalise_ref(typed, prefix)
            entry = await session.scalar(select(Contribution).where(Contribution.ref == ref)) if ref else None
            if entry is None or entry.org_id != actor.org_id:
                raise LedgerCliError(no_contribution(t, typed, prefix, now))
            found[entry.id] = entry
        if args.action == "confirm" and args.received is not None:
            return await _confirm_received(
                session, actor, list(found.values()), args.received, now, settings, t
            )
        if args.action == "move":
            (gift,) = found.values()
            return await _move(session, actor, gift, args.to, now, settings, t)
        if args.action == "reverse":
            (original,) = found.values()
            try:
                entry = await reverse(
                    session, original, actor=actor, reason=args.reason, now=now, settings=settings
                )
            except LedgerError as refused:  # returned, not raised: the refused attempt stays audited
                said = await refusal_in(session, original.org_id, t, refused.reason)
                print(f"chungtay: {original.ref}: {said}", file=sys.stderr)
                return 2
            said = t("{ref} cancelled by {correction}{booked}.").format(
                ref=original.ref, correction=entry.ref, booked=_booked(t, original, entry)
            )
            print(
                f"{said} {heard_line(t, await who_hears(session, original), held=held_till(now, settings))}"
            )
            return 0
        outcome = await decide_several(
            session,
            actor,
            list(found),
            confirmed=args.action == "confirm",
            now=now,
            reason=getattr(args, "reason", None),
            settings=settings,
        )
        by_ref = {entry.ref: entry for entry in found.values()}
        whys = await own_reasons(session, [(by_ref[ref], why) for ref, why in outcome.refused])
        refused = [(ref, why) for (ref, _why), why in zip(outcome.refused, whys, strict=True)]
        named = any(why in NAMES_OFFICERS for _ref, why in refused)
        officers = await officers_if(session, actor.org_id, t, named)
    years = {entry.ref: entry.year for entry in found.values()}  # as decided: moved where reported (1218)
    held = held_till(now, settings)  # read once for the whole answer (decision 2830)
    for ref in outcome.done:
        if args.action == "confirm":
            said = t("{ref}: confirmed{counted}.").format(ref=ref, counted=counted_mark(t, ref, years[ref]))
        else:
            said = t("{ref}: rejected.").format(ref=ref)
        print(f"{said} {heard_line(t, outcome.heard[ref], held=held)}")
    for ref, why in refused:
        print(f"chungtay: {ref}: {refusal(t, why, officers=officers)}", file=sys.stderr)
    return 2 if refused else 0


async def _move(session, actor, gift, to_id: int, now, settings, t: Translator) -> int:  # type: ignore[no-untyped-def]
    """`contributions move REF --to PERSON`: the chat's “Ghi nhầm người” at the desk, through the same
    `move_to` (the rule asked, the refusal audited, both people told); what it says when nobody on the bot
    may take the gift back, and its refusals, as the chat says them (decisions 1434, 1538, 1540, 1681,
    1696)."""
    from bot.db.models import Person
    from bot.domain.contributions import LedgerError, move_to
    from bot.domain.notices import NOBODY, commune_and_level, held_till, who_hears
    from handlers.wording import held_words

    to = await session.get(Person, to_id)
    if to is None or to.org_id != gift.org_id:
        raise LedgerCliError(await no_person_in(session, to_id, gift.org_id, t))
    try:
        await move_to(session, gift, to, actor=actor, now=now, settings=settings)
    except LedgerError as refused:  # returned, not raised: the refused attempt stays audited
        why = {
            "own_case": "own_case_move",
            "own_contribution": "own_contribution_move",
            "not_allowed": "not_movable",
        }.get(refused.reason, refused.reason)
        level = None
        if why == "left":  # as the chat says it, in the commune's own word: “khỏi phường” (1628, 2924)
            commune, level = await commune_and_level(session, gift.org_id)
            if commune:
                why = "left_commune_household" if to.kind == "household" else "left_commune"
        said = await refusal_in(session, gift.org_id, t, why, level=level)
        print(f"chungtay: {gift.ref}: {said}", file=sys.stderr)
        return 2
    if await who_hears(session, gift) != NOBODY:
        held = held_till(now, settings)  # at night, when they hear (decision 2830)
        said = (
            t("{ref} is now {name}'s gift, still waiting; both were told.")
            if held is None
            else t(
                "{ref} is now {name}'s gift, still waiting; both will be told at {hour} on {day}, after the "
                "quiet hours."
            )
        )
        print(said.format(ref=gift.ref, name=to.full_name, **held_words(t, held)))
        return 0
    print(
        t(
            "{ref} is now {name}'s gift, still waiting. {name} is not on Chung Tay and nobody else recorded "
            "it for them: they were not told, and only a treasurer can reject it if it is not theirs."
        ).format(ref=gift.ref, name=to.full_name)
    )
    return 0


async def _confirm_received(session, actor, entries, typed: str, now, settings, t: Translator) -> int:  # type: ignore[no-untyped-def]
    """`contributions confirm REF --received FIGURE`: the one entry confirmed at what arrived (0208)."""
    from bot.domain.contributions import LedgerError, decide
    from bot.domain.money import MoneyError, parse_vnd
    from bot.domain.notices import NOBODY, figure_of, figure_text, held_till
    from handlers.wording import heard_line

    if len(entries) != 1:
        raise LedgerCliError(t("--received is what arrived of one contribution: give one REF"))
    (entry,) = entries
    labour = entry.kind == "labour"
    try:
        figure = int(typed) if labour else parse_vnd(typed, cap=settings.money_cap)
    except (ValueError, MoneyError) as problem:
        example = t("--received 3 (labour days)") if labour else t("--received 300000 or 300k")
        if (said := phone_refused(t, "--received", typed, problem, example)) is not None:
            raise LedgerCliError(said) from None
        raise LedgerCliError(
            t("cannot read {typed} as what arrived of {ref}; e.g. {example}").format(
                typed=repr(typed), ref=entry.ref, example=example
            )
        ) from None
    recorded = figure_of(entry)
    try:
        heard_by = await decide(
            session, entry, confirmed=True, actor=actor, now=now, settings=settings, received=figure
        )
    except LedgerError as refused:  # returned, not raised: the refused attempt stays audited
        why = await own_reason(session, entry, refused.reason)
        print(f"chungtay: {entry.ref}: {await refusal_in(session, entry.org_id, t, why)}", file=sys.stderr)
        return 2
    said = t("{ref}: confirmed at {received} (recorded {recorded}).").format(
        ref=entry.ref,
        received=figure_text(t.locale, entry.kind, figure),
        recorded=figure_text(t.locale, entry.kind, recorded),
    )
    print(f"{said} {heard_line(t, heard_by or NOBODY, held=held_till(now, settings))}")
    return 0


async def run_drive_statement(app, args: argparse.Namespace, *, org_id: int, named: str | None) -> int:  # type: ignore[no-untyped-def]
    """Write the statement of the drive with code DRIVE of the organisation to FILE (print-ready XLSX); its
    lines in the chats' language (decision 1565), the commands they name with `--org` where the database
    holds several organisations (`named`, as `cli._named` gives it)."""
    from bot.cli import _shell
    from bot.clock import local_date
    from bot.domain.campaigns import LAST_YEAR_UNTIL_MONTH
    from bot.domain.shell import command
    from bot.domain.statement import StatementError, drive_statement, find_drive, fund_statement
    from bot.i18n import translate
    from bot.statement_sheet import write_statement

    t = _shell(app.settings)
    if problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx", t=t):
        raise LedgerCliError(problem)
    general = args.drive.lower() == "general"
    today = local_date(app.engine.clock())
    drives = command("drive list", named)
    if args.year is not None and not general:
        example = command(f"drive statement general --year {args.year} --xlsx {args.xlsx}", named)
        raise LedgerCliError(
            t(
                "--year is for general (the Fund outside the drives), e.g. {command}; a drive has its own "
                "dates: leave --year out"
            ).format(command=example)
        )
    async with app.sessionmaker() as session:
        try:
            if general:
                year = args.year or today.year
                title = translate(PAPER_LOCALE, "The Fund for the Poor (outside the drives)")
                statement = await fund_statement(session, org_id, year, title=title)
            else:
                drive = await find_drive(session, org_id, args.drive)
                statement = await drive_statement(session, drive.id, org_id=org_id)
        except StatementError as refused:
            if refused.reason == "other_organisation":
                raise LedgerCliError(
                    t(
                        "the drive {code} belongs to another organisation: see this one's drives with "
                        "{command}"
                    ).format(code=repr(args.drive), command=drives)
                ) from None
            raise LedgerCliError(
                t("no drive with code {code}: see the drives' codes with {command}").format(
                    code=repr(args.drive), command=drives
                )
            ) from None
    write_statement(statement, args.xlsx, locale=PAPER_LOCALE, taken_at=app.engine.clock())
    totals = statement.totals
    print(
        t(
            "Wrote {path}: confirmed lines: {lines}; money {money}, goods {goods}, labour days: {days}."
        ).format(
            path=args.xlsx,
            lines=len(statement.lines),
            money=t.vnd(totals.money),
            goods=t.vnd(totals.goods),
            days=totals.labour_days,
        )
    )
    if general and args.year is None and today.month <= LAST_YEAR_UNTIL_MONTH:  # as /saoke offers it (0320)
        print(
            t("That is {year}'s so far; the year just ended's: --year {last}").format(
                year=today.year, last=today.year - 1
            )
        )
    return 0


def add_ledger_export(sub: Any) -> None:
    """`ledger export (--drive CODE | --fund YEAR | --year YEAR) --output FILE`: the Fund's internal book;
    `ledger correct REF (--amount VND | --days N) --reason TEXT`: a confirmed entry's figure corrected."""
    group = sub.add_parser("ledger", help="the Fund's internal book (sổ theo dõi đóng góp)")
    actions = group.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export", help="every entry with real names, states and who confirmed it, and the totals (XLSX)"
    )
    scope = export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--drive", metavar="CODE", help="one drive's entries")
    scope.add_argument(
        "--fund", type=year_argument, metavar="YEAR", help="the year's gifts outside the drives"
    )
    scope.add_argument("--year", type=year_argument, metavar="YEAR", help="every entry of the year")
    export.add_argument("--output", type=Path, required=True, metavar="FILE", help="the .xlsx file to write")
    export.add_argument("--org", help="organisation code (default: the only one)")
    export.add_argument(
        "--as",
        dest="as_person",
        metavar="PERSON",
        help="under this person's roles (id or full name): only the units they cover; default: the operator "
        "at this shell",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    fix = actions.add_parser(
        "correct",
        help="correct a confirmed REF's amount, goods' value or labour days: a correction cancels it and the "
        "right entry, confirmed, takes its place; the giver is told (docs/decisions/0070)",
    )
    fix.add_argument("ref", metavar="REF")
    figure = fix.add_mutually_exclusive_group(required=True)
    figure.add_argument("--amount", metavar="VND", help="the right amount, or goods' value: 50000, 50k")
    figure.add_argument(
        "--days", type=cli_argparse.whole_number, metavar="N", help="the right number of labour days"
    )
    fix.add_argument(
        "--reason", required=True, type=reason_argument, help="why, for the giver and the book: “Nhập nhầm …”"
    )
    fix.add_argument("--org", help="organisation code (default: the only one)")
    fix.add_argument(
        "--as",
        dest="as_person",
        metavar="PERSON",
        help="under this person's roles (id or full name), as in chat; default: the operator at this shell",
    )


async def run_ledger_correct(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    """Correct the figure of the confirmed entry REF of the organisation in one step (bot.domain.contributions
    .correct), as the operator at the shell or, with --as, under a person's roles; a refusal is said in one
    line and exits with 2 (the refused attempt stays audited)."""
    from sqlalchemy import select

    from bot.cli import _shell
    from bot.db.models import Contribution
    from bot.domain.contributions import LedgerError, correct, normalise_ref, ref_prefix_of
    from bot.domain.money import MoneyError, parse_vnd
    from bot.domain.notices import held_till, who_hears
    from handlers.wording import heard_line, kind_label, labour_days

    settings: Settings = app.settings
    t = _shell(settings)
    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        prefix = await ref_prefix_of(session, org_id)
        ref = normalise_ref(args.ref, prefix)
        original = await session.scalar(select(Contribution).where(Contribution.ref == ref)) if ref else None
        if original is None or original.org_id != org_id:
            raise LedgerCliError(no_contribution(t, args.ref, prefix, now))
        labour = original.kind == "labour"
        if labour != (args.days is not None):
            if labour:
                said = t("{ref} is labour days: give the right figure with --days, e.g. --days 2")
            else:
                said = t("{ref} is {kind}: give the right figure with --amount, e.g. --amount 50000 or 50k")
            raise LedgerCliError(said.format(ref=original.ref, kind=kind_label(t, original.kind).lower()))
        if labour:
            figure = args.days
        else:
            try:
                figure = parse_vnd(args.amount, cap=settings.money_cap)
            except MoneyError as problem:
                example = t("--amount 50000 or 50k")
                raise LedgerCliError(amount_refused(t, "--amount", args.amount, problem, example)) from None
        acting = await acting_as(session, org_id, args.as_person, t)
        try:
            done = await correct(
                session,
                original,
                acting=acting,
                figure=figure,
                reason=args.reason,
                now=now,
                settings=settings,
            )
        except LedgerError as refused:  # returned, not raised: the refused attempt stays audited
            why = await own_reason(session, original, refused.reason)
            print(
                f"chungtay: {original.ref}: {await refusal_in(session, original.org_id, t, why)}",
                file=sys.stderr,
            )
            return 2
        said = t("{ref} cancelled by {correction}; {replacement} ({figure}) confirmed in its place{booked}.")
        said = said.format(
            ref=original.ref,
            correction=done.reversal.ref,
            replacement=done.replacement.ref,
            figure=labour_days(t, figure) if labour else t.vnd(figure),
            booked=_booked(t, original, done.reversal),
        )
        print(f"{said} {heard_line(t, await who_hears(session, original), held=held_till(now, settings))}")
    return 0


def _booked(t: Translator, original: Contribution, correction: Contribution) -> str:
    """“, booked in 2027 (2026 reported)” where the correction of `original` counts for a later year than its
    gift: that year's figures were closed and reported (decision 1219); "" otherwise."""
    if correction.year == original.year:
        return ""
    return t(", booked in {year} ({reported} reported)").format(year=correction.year, reported=original.year)


def counted_mark(t: Translator, ref: str, counts_for: int) -> str:
    """“, counts for 2027 (2026 reported)” after the gift `ref` that counts, confirmed, for a later year than
    its code's: its own was closed and reported at the end of March (decision 1218); "" otherwise. The year
    is told as the chat tells it (`notices.recorded_for`, decision 1332), in the shell's words."""
    from bot.domain.notices import recorded_for

    was = recorded_for(ref, counts_for)
    if was is None:
        return ""
    return t(", counts for {year} ({reported} reported)").format(year=counts_for, reported=was)


async def run_ledger_export(app, args: argparse.Namespace, *, org_id: int, named: str | None) -> int:  # type: ignore[no-untyped-def]
    """Write the book of the scope asked for to FILE; under --as, the same rule as in chat (a refusal is
    audited and exits with 2). Prints how many rows, never a name or an amount of anyone's."""
    from bot.cli import _shell
    from bot.domain.ledger_book import LedgerBookError, LedgerScope, ledger_book
    from bot.domain.shell import command
    from bot.domain.statement import StatementError, find_drive
    from bot.ledger_sheet import write_ledger

    t = _shell(app.settings)
    if problem := output_problem(args.output, force=args.force, suffix=".xlsx", t=t):
        raise LedgerCliError(problem)
    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        acting = await acting_as(session, org_id, args.as_person, t)
        if args.drive is not None:
            drives = command("drive list", named)
            try:
                scope = LedgerScope.of_drive((await find_drive(session, org_id, args.drive)).id)
            except StatementError as refused:  # as drive statement says it (decision 1565)
                if refused.reason == "other_organisation":
                    raise LedgerCliError(
                        t(
                            "the drive {code} belongs to another organisation: see this one's drives with "
                            "{command}"
                        ).format(code=repr(args.drive), command=drives)
                    ) from None
                raise LedgerCliError(
                    t("no drive with code {code}: see the drives' codes with {command}").format(
                        code=repr(args.drive), command=drives
                    )
                ) from None
        elif args.fund is not None:
            scope = LedgerScope.fund(args.fund)
        else:
            scope = LedgerScope.whole_year(args.year)
        try:
            book = await ledger_book(session, acting, scope, now=now)
        except LedgerBookError:  # returned, not raised: the refused attempt stays audited
            from bot.domain.notices import officers_of

            officers = await officers_of(session, org_id, t)
            said = t(
                "only a treasurer, the {officers} or an admin of the organisation may take out the ledger"
            ).format(officers=officers)
            print(f"chungtay: {said}", file=sys.stderr)
            return 2
    write_ledger(book, args.output, locale=PAPER_LOCALE)
    print(t("Wrote {path}: entries: {n}.").format(path=args.output, n=len(book.rows)))
    return 0
