"""`chungtay contributions donor --name "…" --amount 10tr [--drive CODE] [--public] [--unit CODE] --as ID`:
a gift from a donor outside the organisation (a company, a former pupil, a benefactor) recorded from the
shell; and `chungtay contributions reconcile FILE --as ID --donor-row N --name "…"`: a credit of the bank's
statement without a code recorded so, its amount, day and description taken from the line
(bot.domain.donors, docs/decisions/0083). The same rules as in chat: a treasurer or officer covering the unit
records it, and another treasurer confirms it, or, where the recorder is the only treasurer, the officers
(decisions 2430, 2511). And `chungtay contributions thanks REF --docx FILE [--as ID]`:
the thank-you letter for a donor's confirmed gift (bot.domain.thanks, docs/decisions/0086)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from bot.cli_ledger import AS_HELP, LedgerCliError, amount_refused, no_person_with_id
from bot.i18n import PAPER_LOCALE, Translator


def add_donor(actions: Any) -> None:
    """`donor`, added to the `contributions` group's subcommands."""
    donor = actions.add_parser(
        "donor",
        help="record a gift of money from a donor outside the organisation (a company, a benefactor); "
        "another treasurer confirms it, or the officers where you are the only treasurer",
        # what `donor --help` says of who confirms it: both cases, as its answer does (decision 2623)
        description="Record a gift of money from a donor outside the organisation (a company, a benefactor). "
        "Another treasurer confirms it. Where you are the only treasurer, the union or mobilisation officers "
        "confirm it.",
    )
    donor.add_argument("--name", required=True, help="the donor's name as it should read, or “Nhà hảo tâm”")
    donor.add_argument("--amount", required=True, metavar="VND", help="the amount: 10000000, 10tr")
    donor.add_argument("--note", help="a phone or a note, kept only in the treasurers' ledger")
    add_donor_options(donor)
    donor.add_argument("--as", dest="actor", required=True, metavar="PERSON", help=AS_HELP)


def add_donor_options(parser: Any, *, with_name: bool = False) -> None:
    """What a donor's gift needs besides its figure: where it goes, in which unit, and whether the statement
    may name the donor."""
    if with_name:
        parser.add_argument("--name", help="with --donor-row: the donor's name as it should read")
    parser.add_argument(
        "--drive", default="general", help="a drive's code, or general (default): the Fund outside the drives"
    )
    parser.add_argument(
        "--unit", help="the unit that collected it (code or name); needed when you record in several units"
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="record it even though the same gift of the same donor was recorded in the last two days",
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help="the donor agreed that the public statement shows their name, on all their gifts (default: "
        "“Nhà hảo tâm”)",
    )


async def record_from_shell(
    app: Any,
    session: Any,
    args: argparse.Namespace,
    *,
    amount: int,
    note: str | None,
    t: Translator,
    credit: str | None = None,
    credit_on: date | None = None,
) -> int:
    """Record the gift `args` describe (a donor's name, drive, unit, --public, --as) of `amount`, in the
    session's transaction; one line says what was recorded, in the shell's words `t` of the command that
    records it (decision 1696). `credit`: the statement's credit it is (`credit_identity`), recorded once
    whoever records it at the same moment (docs/decisions/0244), of the day `credit_on` (a day of the year
    just ended counts for that year: decision 0888)."""
    from bot.cli import _unit
    from bot.cli_ledger import _drive_id
    from bot.db.models import Organisation, Person, Unit
    from bot.domain.access import actor_for, donor_units, may_record_donor_gift, officer_confirms_it
    from bot.domain.contributions import LedgerError, NewContribution, likely_double
    from bot.domain.donors import (
        ANONYMOUS,
        CreditRecorded,
        DonorError,
        donor_for,
        is_anonymous,
        record_donor_gift,
    )
    from bot.domain.one_unit import first_two_units

    now = app.engine.clock()
    recorder = await session.get(Person, args.actor)
    if recorder is None:
        raise LedgerCliError(await no_person_with_id(session, args.actor, t))
    actor = await actor_for(session, recorder)
    covered = donor_units(actor)
    if covered == frozenset():
        from bot.domain.notices import officers_of

        officers = await officers_of(session, recorder.org_id, t)
        raise LedgerCliError(
            t("only a treasurer or the {officers} record a donor's gift").format(officers=officers)
        )
    org = await session.get_one(Organisation, recorder.org_id)
    if covered is None and not args.unit:  # the whole organisation's: a school of one unit has one (2511)
        covered = frozenset(unit.id for unit in await first_two_units(session, org.id))
    if args.unit:
        unit = await _unit(session, org, args.unit, t)
    elif len(covered) == 1:
        unit = await session.get_one(Unit, next(iter(covered)))
    else:
        raise LedgerCliError(
            t("you record gifts in several units: say which one collected it with --unit CODE")
        )
    if not may_record_donor_gift(actor, unit):
        from bot.domain.notices import officers_of

        officers = await officers_of(session, org.id, t)
        raise LedgerCliError(
            t("only a treasurer or the {officers} of {unit} record a donor's gift there").format(
                officers=officers, unit=unit.code
            )
        )
    try:
        donor = await donor_for(session, actor, args.name or "", now=now)
    except DonorError as refused:
        if refused.reason == "name":
            raise LedgerCliError(
                t('the donor\'s name must be 1 to 200 characters, e.g. --name "Công ty TNHH Hòa Bình"')
            ) from None
        raise LedgerCliError(t("not allowed")) from None
    entry = NewContribution(
        kind="money",
        amount_vnd=amount,
        note=note,
        drive_id=await _drive_id(session, org.id, args.drive, t),
        collected_in=unit.id,
    )
    if not args.again and (earlier := await likely_double(session, donor, entry, now=now)) is not None:
        # The chat's last look names the same gift recorded a little earlier (decision 0072); the shell,
        # which asks nothing, stops: a bank's credit recorded twice would count the money twice.
        if earlier.drive_id:
            said = t(
                "{name} already has {amount} recorded for this drive at {at} ({ref}); nothing recorded. If "
                "this is another gift, add --again"
            )
        else:
            said = t(
                "{name} already has {amount} recorded for the Fund at {at} ({ref}); nothing recorded. If "
                "this is another gift, add --again"
            )
        raise LedgerCliError(
            said.format(
                name=donor.full_name,
                amount=t.vnd(earlier.amount_vnd),
                at=t.datetime(earlier.created_at),  # Vietnam's time, as the chat's last look says it
                ref=earlier.ref,
            )
        )
    public = bool(args.public) and not is_anonymous(donor.full_name)
    try:
        gift = await record_donor_gift(
            session,
            donor=donor,
            recorded_by=recorder,
            public=public,
            entry=entry,
            now=now,
            settings=app.settings,
            credit=credit,
            credit_on=credit_on,
        )
    except CreditRecorded as refused:
        if refused.recorded:
            said = t("this credit was recorded meanwhile, as {ref}; nothing recorded").format(
                ref=refused.recorded.ref
            )
        else:
            said = t("this credit was recorded meanwhile; nothing recorded")
        raise LedgerCliError(said) from None
    except LedgerError as refused:
        why = {
            "drive_closed": lambda: t("the drive is closed"),
            "drive_ended": lambda: t("the drive is over"),
            "drive_not_started": lambda: t("the drive has not started"),
            "drive_not_your_unit": lambda: t("the drive is not for {unit}").format(unit=unit.code),
            "kind": lambda: t("the drive takes no money"),
            "not_allowed": lambda: t("not allowed"),
        }.get(refused.reason)
        raise LedgerCliError(why() if why else refused.reason) from None
    shown = donor.full_name if public else ANONYMOUS
    said = t(
        "Recorded {ref}: {amount} from {name} ({unit}); waiting for another treasurer to confirm it. The "
        "public statement shows: {shown}."
    )
    officers = ""
    if await officer_confirms_it(session, gift):  # no other treasurer: the officers confirm it (2511)
        from bot.domain.notices import officers_of

        officers = await officers_of(session, gift.org_id, t)
        said = t(
            "Recorded {ref}: {amount} from {name} ({unit}); there is no other treasurer, so the {officers} "
            "confirm it. The public statement shows: {shown}."
        )
    print(
        said.format(
            ref=gift.ref,
            amount=t.vnd(amount),
            name=donor.full_name,
            unit=unit.code,
            shown=shown,
            officers=officers,
        )
    )
    return 0


async def run_donor(app: Any, args: argparse.Namespace) -> int:
    from bot.cli import _shell
    from bot.domain.money import MoneyError, parse_vnd

    t = _shell(app.settings)  # its lines in the chats' language (decision 1696)
    try:
        amount = parse_vnd(args.amount, cap=app.settings.money_cap)
    except MoneyError as problem:
        example = t("--amount 10000000 or 10m")
        raise LedgerCliError(amount_refused(t, "--amount", args.amount, problem, example)) from None
    note = " ".join(args.note.split())[:500] if args.note else None
    async with app.sessionmaker() as session, session.begin():
        return await record_from_shell(app, session, args, amount=amount, note=note or None, t=t)


def add_thanks(actions: Any) -> None:
    """`thanks REF --docx FILE [--as ID]`, added to the `contributions` group's subcommands."""
    thanks = actions.add_parser(
        "thanks",
        help="the thank-you letter (thư cảm ơn) for a donor's confirmed gift, as a Word draft",
    )
    thanks.add_argument("ref", metavar="REF", help="the gift's reference code, e.g. CT-2026-000001")
    thanks.add_argument("--docx", type=Path, required=True, metavar="FILE", help="write the Word draft here")
    thanks.add_argument("--force", action="store_true", help="replace FILE if it exists")
    thanks.add_argument(
        "--as",
        dest="actor",
        metavar="PERSON",
        help="under this person's roles (id or full name), as in chat; default: the operator at this shell",
    )


def thanks_refusals(t: Any, officers: str) -> dict[str, str]:
    """Why the letter is not drawn up, by `ThanksError.reason`, in `t`'s language (decision 1564); who may,
    the organisation's `officers` by its word (`notices.officers_of`, decision 2220)."""
    return {
        "not_found": t("no such contribution"),
        "not_allowed": t(
            "only a treasurer, the {officers} or an admin covering its unit draw up its letter"
        ).format(officers=officers),
        "not_donor": t("it is a member's gift: the letter is for a donor outside the organisation"),
        "waiting": t("not confirmed by a treasurer yet: the letter is drawn up once it is"),
        "rejected": t("a treasurer said it was not received"),
    }  # “cancelled” says which entry stands, or that none does (`run_thanks`)


async def run_thanks(app: Any, args: argparse.Namespace) -> int:
    """Write the letter for REF, as the operator at the shell or, with --as, under a person's roles (a
    refusal is said in one line and exits with 2; a refusal by the rule stays audited). In the chats'
    language, as the letter's donor is named (decision 1564); the letter itself is the paper's Vietnamese."""
    import sys

    from sqlalchemy import select

    from bot.cli import _shell
    from bot.cli_ledger import acting_as, output_problem
    from bot.clock import local_date
    from bot.db.models import REF_PREFIX, Contribution, Person
    from bot.domain.contributions import normalise_ref, ref_prefix_of
    from bot.domain.thanks import ThanksError, letter_for
    from bot.thanks_doc import donor_text, write_thanks

    t = _shell(app.settings)
    if problem := output_problem(args.docx, force=args.force, suffix=".docx", t=t):
        raise LedgerCliError(problem)
    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        # "2026-12" alone: of the organisation of the person --as names (the shell's own: the first's)
        person = await session.get(Person, args.actor) if args.actor is not None else None
        prefix = await ref_prefix_of(session, person.org_id) if person is not None else REF_PREFIX
        ref = normalise_ref(args.ref, prefix)
        entry = await session.scalar(select(Contribution).where(Contribution.ref == ref)) if ref else None
        if entry is None:
            raise LedgerCliError(
                t("no contribution {typed}; write its code, e.g. {example}").format(
                    typed=repr(args.ref), example=f"{prefix}-{local_date(now).year}-000001"
                )
            )
        acting = await acting_as(session, entry.org_id, args.actor, t)
        try:
            letter = await letter_for(session, acting, entry, now=now)
        except ThanksError as refused:  # returned, not raised: a refusal by the rule stays audited
            if refused.reason != "cancelled":
                from bot.domain.notices import officers_of

                officers = await officers_of(session, entry.org_id, t)
                said = thanks_refusals(t, officers)[refused.reason]
            elif refused.standing:  # which code stands, or that none does (decision 0591)
                said = t("corrected: draw up the letter for {ref}, the entry that stands").format(
                    ref=refused.standing
                )
            else:
                said = t("reversed, and no entry stands in its place: there is nothing to thank for")
            print(f"chungtay: {entry.ref}: {said}", file=sys.stderr)
            return 2
    write_thanks(letter, args.docx, locale=PAPER_LOCALE, on=local_date(now))
    print(
        t("Wrote {path}: the thank-you letter to {donor} for {ref}.").format(
            path=args.docx, donor=donor_text(t, letter), ref=letter.ref
        )
    )
    return 0
