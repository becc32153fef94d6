"""/baocaonam: the year's results report as a Word draft in the chat (the same file `chungtay report year`
writes): a unit leader gets their unit's, an organisation leader or officer the organisation's (or, asked,
their own unit's). "/baocaonam 2025" for another year. The figures are filled in; the assessment and next
year's tasks are left for the people who sign. A messenger that cannot carry files (Zalo) says where the file
is kept and the command that writes it."""

from __future__ import annotations

import asyncio

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Organisation, Unit
from bot.domain.access import (
    Actor,
    may_export_ledger,
    may_open_decisions,
    may_open_year_report,
    may_read_digest,
    may_read_rollup,
)
from bot.domain.campaigns import just_ended_campaign, year_just_ended_without_a_plan
from bot.domain.digests import UnitFigures, registration_line
from bot.domain.notices import level_name
from bot.domain.numbers import NumberError, parse_whole
from bot.domain.year_report import ReportError, YearReport, year_report
from bot.i18n import PAPER_LOCALE, Translator, sentence
from bot.messages import Choice, Document
from bot.text import fold
from bot.year_report_doc import (
    away_text,
    confirmed_held_sentence,
    confirmed_text,
    donors_sentence,
    figures_held,
    givers_sentence,
    held_sentence,
    unvalued_text,
    write_year_report,
)
from handlers.common import (
    actor_of,
    back_choice,
    commune_and_level_of,
    file_slug,
    go_home,
    in_commune,
    is_household,
    kept_file,
    no_file_here,
    unit_file_slug,
    with_years,
)
from handlers.digest import units_read
from handlers.statement import year_books

flow = Flow("yearreport")
ORG, UNIT, YEAR = "org", "unit", "year:"
FIRST_YEAR = 2000
_YEAR_WORDS = frozenset({"nam", "year"})


@flow.prompt("start")
async def start(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not may_open_year_report(actor):  # whoever asks, whatever year they typed
        turn.say(await _refusal(turn, actor))
        go_home(turn)
        return
    year = _year(turn)
    if year is None:
        turn.say(
            turn.t("Please give a year from {first} to {last}, for example: /baocaonam {last}").format(
                first=FIRST_YEAR, last=turn.today.year
            )
        )
        go_home(turn)
        return
    if not turn.argument and await just_ended_campaign(turn.session, actor.org_id, turn.today):
        year -= 1  # through March, the report written is the year just ended's (decision 0076)
    elif not turn.argument and await year_just_ended_without_a_plan(turn.session, actor.org_id, turn.today):
        _ask_year(turn)  # which year she means is asked, never guessed either way (decision 1300)
        return
    turn.set(year=year)
    if not turn.argument and year < turn.today.year:
        turn.say(
            turn.t(
                "This is the report of {year}, the year just ended. For {now} so far: /baocaonam {now}"
            ).format(year=year, now=turn.today.year)
        )
    await _scope_of_year(turn, actor)


async def _refusal(turn: Turn, actor: Actor | None) -> str:
    """Why the report is not hers, and what she may read instead: a treasurer or officer who keeps the book
    (`may_export_ledger`) is pointed to a year's book /saoke offers her, which she closes the year with, and
    told the head gets the report himself: she sends it nobody (decision 1435), in a commune its hamlets'
    heads and its leaders (decision 2641); anyone else to their own progress (decisions 1397, 1422)."""
    if actor is None or not may_export_ledger(actor, actor.org_id):
        if is_household(turn):  # a household's phone: its hamlet's head and the commune (decision 2416)
            return turn.t(
                "The year's report is for hamlet heads and the commune's leaders. You can see the "
                "household's progress with /tiendo."
            )
        if await in_commune(turn):  # a commune's staff: its hamlets' heads and the commune (decision 2521)
            return turn.t(
                "The year's report is for hamlet heads and the commune's leaders. You can see your own "
                "progress with /tiendo."
            )
        return turn.t(
            "The year's report is for unit and organisation leaders. "
            "You can see your own progress with /tiendo."
        )
    offered = await year_books(turn, actor)
    # untyped, the earliest offered: through March the year just ended's where it had entries, the one she
    # closes then, else this year's; a year typed, its book where offered, else this year's
    asked = _year(turn) if turn.argument else min(offered)
    year = asked if asked in offered else turn.today.year
    book = turn.t("Ledger of the whole year {year} (Excel)").format(year=year)
    if await in_commune(turn):  # its heads and its households' gifts, not an office's (decision 2641)
        return turn.t(
            "The year's report is for the heads of hamlets and street groups and the commune's or ward's "
            "leaders. They get it by typing /baocaonam, with the figures as of that moment; it is not sent "
            "from your account. The year's figures you keep, the households' gifts among them, are in the "
            "book: type /saoke, choose a drive or the Fund, then “{book}”."
        ).format(book=book)
    return turn.t(
        "The year's report is for unit and organisation leaders. Your head gets it by typing /baocaonam, "
        "with the figures as of that moment; it is not sent from your account. The year's figures you keep "
        "are in the book: type /saoke, choose a drive or the Fund, then “{book}”."
    ).format(book=book)


def _ask_year(turn: Turn) -> None:
    """The year just ended first, then the new one so far; the scope is asked after, of the year chosen."""
    now = turn.today.year
    turn.menu(
        turn.t("Which year's report would you like?"),
        [
            Choice(
                f"{YEAR}{now - 1}",
                turn.t("{year}, the year just ended").format(year=now - 1),
                keywords=(str(now - 1), "nam vua qua", "nam ngoai", "last year"),
            ),
            Choice(
                f"{YEAR}{now}",
                turn.t("{year} so far").format(year=now),
                keywords=(str(now), "nam nay", "this year"),
            ),
            back_choice(turn.t),
        ],
    )


async def _scope_of_year(turn: Turn, actor: Actor) -> None:
    """Whose report of the year kept in the data: asked where there is a choice, else written at once."""
    # a commune's report is the commune's or a hamlet's, board's (decision 0247), a ward's the ward's (2844)
    commune, level = await commune_and_level_of(turn)
    question = (
        turn.t("The report of {year}: for the {level}, or for your hamlet or board?")
        if commune
        else turn.t("The report of {year}: for which?")
    )
    whole = await ask_scope(
        turn, actor, question.format(year=turn.data["year"], level=level_name(turn.t, level))
    )
    if whole is not None:
        await _write(turn, whole=whole)


async def ask_scope(turn: Turn, actor: Actor, question: str) -> bool | None:
    """Whose report: the organisation's (True) or a unit's (False: the unit kept for `scope_unit`) where they
    may write only one; where they may write several — the organisation's and their own unit's, or the
    units they lead, wherever they sit (as their Monday digests) — the menu asks `question` (answered by
    `read_scope`) and None."""
    whole = may_read_rollup(actor, actor.org_id)
    if not whole:
        units = await units_read(turn, actor)
        if len(units) <= 1:
            if units:
                turn.set(unit=units[0].id)
            return False
        choices = [Choice(f"{UNIT}:{unit.id}", unit.name) for unit in units]
    else:
        unit = actor.unit
        if unit is None or not may_read_digest(actor, unit):
            return whole
        org = await turn.session.get(Organisation, unit.org_id)
        mine = await turn.session.get(Unit, unit.id)
        choices = [
            Choice(ORG, org.name if org else turn.t("The whole organisation"), keywords=("co quan",)),
            Choice(UNIT, mine.name if mine else turn.t("My unit"), keywords=("don vi",)),
        ]
    turn.menu(question, [*choices, back_choice(turn.t)])
    return None


def read_scope(turn: Turn) -> bool | None:
    """The answer to `ask_scope`'s menu: True for the organisation, False for a unit (kept for
    `scope_unit`); None (gone home) for anything else."""
    choice = turn.choice or ""
    if choice.startswith(f"{UNIT}:"):
        turn.set(unit=int(choice.removeprefix(f"{UNIT}:")))
        return False
    if choice not in (ORG, UNIT):
        go_home(turn)
        return None
    return choice == ORG


def scope_unit(turn: Turn, actor: Actor) -> int | None:
    """The unit whose report was asked for: the one chosen or kept by `ask_scope`, else the actor's own."""
    chosen = turn.data.get("unit")
    return int(chosen) if chosen is not None else actor.unit_id


@flow.answer("start")
async def chose(turn: Turn) -> None:
    if (turn.choice or "").startswith(YEAR) and "year" not in turn.data:  # the year asked first (1300)
        actor = await actor_of(turn)
        if actor is None or not may_open_year_report(actor):  # roles changed since the menu was shown
            turn.say(turn.t("The year's report is for unit and organisation leaders."))
            go_home(turn)
            return
        turn.set(year=int((turn.choice or "").removeprefix(YEAR)))
        await _scope_of_year(turn, actor)
        return
    whole = read_scope(turn)
    if whole is not None:
        await _write(turn, whole=whole)


def _year(turn: Turn) -> int | None:
    """The year asked for (this year without one); None: not a year that has begun."""
    words = (turn.argument or "").split()
    if words and fold(words[0]) in _YEAR_WORDS:  # "/baocaonam năm 2025"
        words = words[1:]
    if not words:
        return turn.today.year
    try:
        return parse_whole(" ".join(words), minimum=FIRST_YEAR, maximum=turn.today.year, unit_words=False)
    except NumberError:
        return None


async def _write(turn: Turn, *, whole: bool) -> None:
    actor = await actor_of(turn)
    assert actor is not None
    year = int(turn.data["year"])
    unit_id = None if whole else scope_unit(turn, actor)
    try:
        report = await year_report(
            turn.session, actor.org_id, year, today=turn.today, actor=actor, unit_id=unit_id
        )
    except ReportError:  # the roles changed since the menu was shown
        turn.say(turn.t("The year's report is for unit and organisation leaders."))
        go_home(turn)
        return
    name = report.organisation if whole else report.unit or ""
    if unit_id is None:
        file_name = f"{with_years('bao-cao-' + file_slug(name, 'bao-cao', limit=40), year)}.docx"
    else:
        file_name = f"bao-cao-{await unit_file_slug(turn, unit_id, year)}.docx"
    kept = kept_file(turn, "documents", file_name)
    await asyncio.to_thread(write_year_report, report, turn.settings.media_dir / kept, locale=PAPER_LOCALE)
    unit_option = "" if whole else " --unit CODE"
    fallback = no_file_here(turn, file_name, f"chungtay report year --year {year}{unit_option} --docx FILE")
    t, members = turn.t, report.members
    at_work, people = members.at_work()  # as the paper says them: those on long leave apart (0837)
    registered = registration_line(
        t.locale,
        UnitFigures(
            0,
            name,
            people=people,
            registered=at_work,
            households=members.households,
            households_registered=members.registered_households,
        ),
    )
    if not people and not members.households and members.away:  # all on long leave: never “0/0” (0849)
        registered = f"{sentence(away_text(t, members))}."
    lines = [
        t("The report of {year} for {name}, with the figures as of {date}.").format(
            year=year, name=name, date=t.date(report.as_of)
        ),
        registered,
        *filter(None, [givers_sentence(t, report)]),
        _confirmed_line(t, report, over=year < turn.today.year, confirms=may_open_decisions(actor)),
    ]
    if report.handovers:  # money out to the level above (decision 0108)
        lines.append(
            t.plural(
                "Handed over to the Fund for the Poor of the level above: {money} ({n} handover).",
                "Handed over to the Fund for the Poor of the level above: {money} ({n} handovers).",
                report.handovers,
            ).format(money=t.vnd(report.handed_over), n=t.number(report.handovers))
        )
    if donors := donors_sentence(t, report):  # in the money, never among the people (decision 0083)
        lines.append(donors)
    # What the report adds of the results recorded (decision 0050): the count items' figures added up.
    recorded = sum(
        line.recorded + line.recorded_unregistered for line in report.criteria if line.measure == "count"
    )
    if recorded:
        initiatives = report.initiatives.recorded if report.initiatives else 0
        lines.append(
            t(
                "Results recorded toward the items counted in numbers: {n}, of which initiatives and good "
                "models: {m}."
            ).format(n=t.number(recorded), m=t.number(initiatives))
        )
    lines.append(
        t("The figures are filled in: please write the assessment and next year's tasks, then sign it.")
    )
    summary = "\n".join(lines)
    turn.hand_over(Document(kept, file_name, fallback), summary)
    go_home(turn)


def _confirmed_line(t: Translator, report: YearReport, *, over: bool, confirms: bool) -> str:
    """What of the year is confirmed, only the kinds there were; with nothing confirmed, said so in words and
    what brings it into the report: the treasurer's confirming of what waits (/xacnhan, named only to one who
    `confirms`, who may open that queue: decision 2415), else, while the year is not `over` (a gift recorded
    now counts for this year), the gifts themselves (/donggop); not “tiền và hiện vật 0 ₫, 0 ngày công”."""
    value, days = report.confirmed.value, report.confirmed.labour_days
    # one or two people's money (0310), or their confirmed gifts to a leader (2546)
    if figures_held(report) and (report.gifts or report.reversals):
        held = held_sentence(t, report) if report.money_held else confirmed_held_sentence(t)
        if report.goods_unvalued:  # with its labour days, as the paper says them (decision 0368)
            return held + "\n" + t("Confirmed: {totals}.").format(totals=confirmed_text(t, report))
        if not days:
            return held
        days_line = t.plural("Confirmed: {days} labour day.", "Confirmed: {days} labour days.", days)
        return held + "\n" + days_line.format(days=t.number(days))
    if value and days:
        line = t.plural(
            "Confirmed: money and goods {value}, {days} labour day.",
            "Confirmed: money and goods {value}, {days} labour days.",
            days,
        )
    elif value:
        line = t("Confirmed: money and goods {value}.")
    elif days:
        line = t.plural("Confirmed: {days} labour day.", "Confirmed: {days} labour days.", days)
    elif report.goods_unvalued:  # 20 kg of rice is a gift, not “nothing confirmed” (decision 0349)
        return t("Confirmed: {totals}.").format(totals=unvalued_text(t, report.goods_unvalued))
    elif report.waiting.value or report.waiting.labour_days or report.money_held or report.waiting_held:
        line = (
            t(
                "Nothing given in {year} is confirmed yet: what was recorded waits for a treasurer to "
                "confirm it (/xacnhan), then the report counts it."
            )
            if confirms
            # a hamlet head, a unit's leader: the queue is not theirs to open (decision 2415)
            else t(
                "Nothing given in {year} is confirmed yet: what was recorded waits to be confirmed, then "
                "the report counts it."
            )
        )
    elif over:
        line = t("Nothing given in {year} was confirmed.")
    else:
        line = t(
            "Nothing given in {year} is confirmed yet: once gifts are recorded (/donggop) and a treasurer "
            "confirms them, the report counts them."
        )
    line = line.format(value=t.vnd(value), days=t.number(days), year=report.year)
    if report.goods_unvalued and (value or days):
        line += " " + t("Also confirmed: {items}.").format(items=unvalued_text(t, report.goods_unvalued))
    return line
