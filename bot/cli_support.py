"""`chungtay cases support CASE_NO --as OFFICER --money 500k|--goods … [--goods-value …]|--labour-days N
--from fund|outside|DRIVE [--on DD/MM/YYYY] [--again]`: one support handed out to a hardship case, logged at
the shell on the day it was handed out, as the chat's “Ghi nhận hỗ trợ” logs it (decision 2200): by the
officer named, under their roles (`cases.log_support`, which keeps the case's rules), and held by the same
rule the chat asks (`cases.support_fits`): never a day to come, nor one of a year whose figures were closed
and reported, nor one before the drive paying it started, nor more than its source has left. Refused in the
office's language, with what works; nothing is written then. The same support (case, what, source, day)
logged already is refused, said with when it was logged, unless `--again` says it was handed out twice
(decision 2320)."""

from __future__ import annotations

import argparse
from datetime import date

from bot.cli_cases import CasesCliError
from bot.db.models import CaseSupport, Drive
from bot.domain.spending import RECENT_DAYS, drive_ended_on
from bot.i18n import Translator


def support_refusal(
    t: Translator,
    reason: str,
    *,
    day: date,
    today: date,
    left: str = "",
    drive: Drive | None = None,
    officers: str = "",
) -> str:
    """Why `cases support` logged nothing, for a reason of `log_support`'s (`CaseError`), in the command's
    language `t`, with an example that works (`drive`: the drive of `--from`, where one is named); a reason
    not known here is said as it is; `officers`, the organisation's word for them (`notices.officers_of`),
    read only for a refusal that names them."""
    from bot.domain.notices import officers_named

    said = {
        "not_allowed": t(
            "that person may not log support to this case (the {officers} who keep the organisation's cases "
            "may)"
        ).format(officers=officers or officers_named(t)),
        "not_found": t("no such hardship case in this organisation"),
        # each said after “not logged:”, so in words of its own (decision 2289)
        "amount": t("write the amount, e.g. --money 500k"),
        "days": t("write the labour days, e.g. --labour-days 2"),
        "description": t("write the goods, e.g. --goods “10 kg gạo”"),
        "price": t("goods bought with the source's money need what was paid, e.g. --goods-value 150k"),
        "no_goods": t(
            "that source has no goods people gave left to hand on; for goods bought with its money, add "
            "--bought and --goods-value"
        ),
        "source": t("no such source: --from fund, outside or a drive's code (chungtay drive list)"),
        "drive_serves": t(
            "the drive raises money for another hardship case: only who runs the drive pays other cases from "
            "it; --from fund, outside or another drive"
        ),
        "opened": t(
            "--on {date} is before the drive started, so it cannot have paid for this: give the day it was "
            "handed out, or --from fund or outside"
        ),
        "balance": t("that source has only {left} left of that kind (confirmed receipts less what was paid)"),
    }
    if reason == "ended" and drive is not None:  # pays support no more, as the chat offers it no more (2280)
        return t.plural(
            "drive {code} ended on {end}, more than {days} day ago, so it pays no more support: --from "
            "fund, outside or a drive still open or ended within that time",
            "drive {code} ended on {end}, more than {days} days ago, so it pays no more support: --from "
            "fund, outside or a drive still open or ended within that time",
            RECENT_DAYS,
        ).format(code=drive.code, end=t.date(drive_ended_on(drive)), days=RECENT_DAYS)
    if reason == "day":  # to come, or of a closed year, as `log_support` found it on the same `today`
        from handlers.wording import day_refusal

        not_yet = t(
            "--on {day} has not come yet: support is logged once it is handed out; e.g. --on {example}"
        )
        closed = t(
            "--on {day} is in {year}, whose figures were closed and reported at the end of March: support is "
            "logged only in a year not yet closed; e.g. --on {example}"
        )
        return day_refusal(t, day, today, not_yet=not_yet, closed=closed)
    return said.get(reason, reason).format(date=t.date(day), left=left)


def logged_before(t: Translator, earlier: CaseSupport) -> str:
    """The same support logged already, said with what and when, and how to log it again on purpose: a
    command run twice (up-arrow and Enter) logs it once (decision 2320)."""
    from handlers.wording import describe

    what = describe(t, earlier.kind, earlier.amount_vnd, earlier.labour_days, earlier.description)
    return t(
        "the same support to hardship case no. {case} was logged already at {at}: {what}, handed out {date}; "
        "if it was handed out twice, add --again"
    ).format(
        case=earlier.case_id, at=t.datetime(earlier.created_at), what=what, date=t.date(earlier.delivered_on)
    )


async def log_one_support(app, args: argparse.Namespace, org_id: int) -> int:  # type: ignore[no-untyped-def]
    """`cases support`: one support logged, dated `--on` (decision 2200)."""
    from sqlalchemy import select

    from bot.cli import _shell
    from bot.cli_ledger import acting_as, amount_refused, money, officers_if
    from bot.clock import local_date
    from bot.db.models import HardshipCase
    from bot.domain.cases import CaseError, log_support
    from bot.domain.money import MoneyError, parse_vnd
    from bot.text import nfc
    from handlers.wording import describe

    t = _shell(app.settings)  # the office's language, as every line of the command (decision 1739)
    now = app.engine.clock()
    today = local_date(now)
    day = args.on or today
    amounts = {}
    for flag, typed in (("--money", args.money), ("--goods-value", args.goods_value)):
        try:
            least = 1 if flag == "--money" else 0
            amounts[flag] = (
                parse_vnd(typed, cap=app.settings.money_cap, minimum=least) if typed is not None else 0
            )
        except MoneyError as problem:
            example = t("{flag} 500000 or 500k").format(flag=flag)
            raise CasesCliError(amount_refused(t, flag, typed or "", problem, example)) from None
    goods = nfc(args.goods).strip() if args.goods is not None else None
    if args.goods_value is not None and goods is None:
        raise CasesCliError(
            t("{value} needs {flag}: the goods in words").format(value="--goods-value", flag="--goods")
        )
    kind = "money" if args.money is not None else "goods" if goods is not None else "labour"
    async with app.sessionmaker() as session, session.begin():
        actor = await acting_as(session, org_id, args.as_person, t)
        case = await session.get(HardshipCase, args.case)
        if case is None or case.org_id != org_id:
            raise CasesCliError(support_refusal(t, "not_found", day=day, today=today))
        source, drive = args.source.lower(), None
        if source not in ("fund", "outside"):
            drive = await session.scalar(
                select(Drive).where(Drive.org_id == org_id, Drive.code == args.source)
            )
            if drive is None:
                raise CasesCliError(support_refusal(t, "source", day=day, today=today))
            source = "drive"
        try:
            support = await log_support(
                session,
                actor,
                case.id,
                kind=kind,
                amount_vnd=amounts["--money"] if kind == "money" else amounts["--goods-value"],
                labour_days=args.labour_days or 0,
                description=goods,
                source=source,
                drive_id=drive.id if drive else None,
                delivered_on=day,
                now=now,
                bought=args.bought,
                once=not args.again,
            )
        except CaseError as refused:
            if refused.reason == "logged":  # the same command run again (decision 2320)
                earlier = await session.get_one(CaseSupport, refused.earlier)
                said = logged_before(t, earlier)
                raise CasesCliError(t("not logged: {why}").format(why=said)) from None
            left = money(refused.left or 0) if kind != "labour" else str(refused.left or 0)
            officers = await officers_if(session, org_id, t, refused.reason == "not_allowed")
            said = support_refusal(
                t, refused.reason, day=day, today=today, left=left, drive=drive, officers=officers
            )
            raise CasesCliError(t("not logged: {why}").format(why=said)) from None
        what = describe(t, support.kind, support.amount_vnd, support.labour_days, support.description)
    print(
        t("Logged support to hardship case no. {case}: {what}, handed out {date}.").format(
            case=case.id, what=what, date=t.date(day)
        )
    )
    return 0
