"""“Hộ nghèo, cận nghèo” (/hongheo, /hongheo 2025 for another year): the households' standing in the commune's
poverty review for an officer or leader — the year's figures (poor and near-poor at the start and now, out of
poverty, fallen in, the pledges kept), the households by name for those the rule lets read them, and for an
officer the year's standing set one household at a time (found by part of its name) or from the commune's
list sent as a file (matched first, every row left out said with its line, nothing written until the officer
says so; a file with rows left out writes the matched ones only when the officer chooses that). Every write is
the domain's (bot.domain.poverty), which asks the rule again (docs/decisions/0110)."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Organisation, Person, Unit
from bot.domain.access import (
    Actor,
    may_open_poverty,
    may_read_poverty,
    may_see_poverty_standing,
    poverty_households_held,
    poverty_households_of,
    poverty_units,
)
from bot.domain.gift_rounds import review_years
from bot.domain.numbers import NumberError, parse_whole
from bot.domain.poverty import (
    FIRST_YEAR,
    STANDINGS,
    FilePlan,
    Matched,
    PovertyError,
    Problem,
    StandingCounts,
    apply_standing_file,
    listed_households,
    plan_standing_file,
    read_standing_file,
    read_standing_word,
    review_year,
    set_standing,
    standing_figures,
    standings_of,
)
from bot.i18n import Translator
from bot.messages import Choice, Document
from bot.poverty_sheet import write_poverty_list
from bot.text import sort_key
from bot.year_report_doc import poverty_sentences, standing_label
from handlers.common import (
    actor_of,
    actor_or_home,
    ask_typed,
    back_choice,
    commune_word,
    go_home,
    heads_a_hamlet,
    in_commune,
    kept_file,
    no_file_here,
    officers_named,
    picked_id,
)
from handlers.name_search import found_menu, search_by_name

flow = Flow("poverty")
LIST, ONE, FILE, WRITE, WRITE_MATCHED, ANOTHER = "list", "one", "file", "write", "write_matched", "another"
SHEET = "sheet"
SENT_UP = ("poor", "near_poor", "out")  # the standings of the list sent up to the district
LISTED_SHOWN = 40  # households named on one screen; the rest counted
PROBLEMS_SHOWN = 15  # rows left out named on one screen; the rest counted
MEGABYTE = 1024 * 1024


def _refusal(turn: Turn) -> str:
    return turn.t("The households' standing in the poverty review is for officers and leaders.")


def _keeps(actor: Actor) -> bool:
    return poverty_units(actor, keeping=True) != frozenset()


def _year(turn: Turn) -> int:
    """The year chosen (/hongheo 2025), else the review's: in January last year's (decision 0267), as the
    shell counts it, since the district's decision often reaches the commune after the new year."""
    return int(turn.data.get("year") or review_year(turn.today))


async def _no_households(turn: Turn) -> str:
    if await in_commune(turn):  # a commune's households are its hamlets': this reader's are none of them
        return turn.t(
            "You look after no hamlet with households on the commune's list: there is no standing in the "
            "poverty review to show."
        )
    return turn.t(
        "The units you look after have no household on the organisation's list: there is no standing in the "
        "poverty review to show."
    )


@flow.prompt("start")
async def start(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_read_poverty, _refusal(turn))
    if actor is None:
        return
    if not may_open_poverty(actor, households=await poverty_households_held(turn.session, actor)):
        turn.say(await _no_households(turn))  # a faculty of a school: no line of zeros
        go_home(turn)
        return
    if turn.argument is not None and "year" not in turn.data:
        try:
            year = parse_whole(
                turn.argument, minimum=FIRST_YEAR, maximum=turn.today.year + 1, unit_words=False
            )
        except NumberError:
            turn.say(
                turn.t("Please give a year from {first} to {last}, for example: /hongheo {last}").format(
                    first=FIRST_YEAR,
                    last=turn.today.year + 1,  # the district's list for the new year (0308)
                )
            )
            go_home(turn)
            return
        turn.set(year=year)
    year = _year(turn)
    t = turn.t
    units = poverty_units(actor)
    lines = [t("Households in the poverty review of {year}:").format(year=year)]
    if not turn.data.get("year") and year < turn.today.year:  # January: say why, and how to see this year's
        lines.append(
            t("(In January, last year's review; for {other}'s: /hongheo {other})").format(
                other=turn.today.year
            )
        )
    elif not turn.data.get("year"):  # December: the district's list for the new year is in already (0316)
        newer = await review_years(turn.session, actor.org_id, today=turn.today)
        if newer and newer[0] > year:
            lines.append(t("(The review's list of {next} is in: /hongheo {next})").format(next=newer[0]))
    if units is None:
        figures = await standing_figures(turn.session, actor.org_id, year)
        lines += poverty_sentences(t, figures.total)
        lines += [_unit_line(t, name, counts) for name, counts in figures.units]
    else:
        for unit in await _units(turn, units):
            figures = await standing_figures(turn.session, actor.org_id, year, unit_id=unit.id)
            lines.append(_unit_line(t, unit.name, figures.total))
    if not _keeps(actor) and await heads_a_hamlet(turn):  # who records the review, and how he may (0319)
        lines.append(
            t(
                "Each household's standing is set by {officers} of its hamlet or of the {level}. A hamlet "
                "head sets them once the {level}'s office also makes them {officers} of that hamlet: please "
                "ask the {level}'s office."
            ).format(officers=await officers_named(turn), level=await commune_word(turn) or turn.t("commune"))
        )
    choices = [Choice(LIST, t("The households by name"), keywords=("danh sach", "list"))]
    if _keeps(actor):
        choices += [
            Choice(ONE, t("Set one household's standing"), keywords=("cap nhat", "mot ho", "one")),
            Choice(FILE, t("Send the review's list (Excel)"), keywords=("gui danh sach", "tep", "file")),
        ]
    turn.menu("\n".join(lines), [*choices, back_choice(t)])


async def _units(turn: Turn, ids: frozenset[int]) -> list[Unit]:
    found = await turn.session.scalars(select(Unit).where(Unit.id.in_(sorted(ids))))
    return sorted(found, key=lambda unit: (sort_key(unit.name), unit.id))


def _unit_line(t: Translator, name: str, counts: StandingCounts) -> str:
    return t(
        "• {unit}: poor {poor_start} → {poor}, near-poor {near_start} → {near}; out of poverty {out}, "
        "fallen in {fell}"
    ).format(
        unit=name,
        poor_start=t.number(counts.poor_start),
        poor=t.number(counts.poor),
        near_start=t.number(counts.near_poor_start),
        near=t.number(counts.near_poor),
        out=t.number(counts.got_out),
        fell=t.number(counts.fell_in),
    )


@flow.answer("start")
async def chose(turn: Turn) -> None:
    steps = {LIST: "list", ONE: "find", FILE: "file"}
    if turn.choice not in steps:
        go_home(turn)
        return
    turn.goto("poverty", steps[turn.choice])


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_read_poverty, _refusal(turn))
    if actor is None:
        return
    year, t = _year(turn), turn.t
    # The standings of the list sent up, as its sheet: a household newly out, not reviewed the year before,
    # counts as out in the figures (decision 0394) and is named here with them.
    listed = await listed_households(turn.session, actor, year, standings=SENT_UP)
    if not listed and not await poverty_households_held(turn.session, actor):
        text = await _no_households(turn)
    elif not listed:
        if await in_commune(turn):  # its households are its hamlets'
            nobody = t(
                "No household of the hamlets you look after is poor or near-poor in {year}, nor was in "
                "{last}."
            )
        else:
            nobody = t(
                "No household of the units you look after is poor or near-poor in {year}, nor was in {last}."
            )
        text = nobody.format(year=year, last=year - 1)
    else:
        commune = await in_commune(turn)
        lines = [
            t(
                "Poor, near-poor and newly out households in {year} (and those poor or near-poor in {last}):"
            ).format(year=year, last=year - 1)
        ]
        for household in listed[:LISTED_SHOWN]:
            lines.append(
                t("• {name} ({unit}): {before} → {now}").format(
                    name=household.name,
                    unit=household.unit or (t("no hamlet") if commune else t("no unit")),
                    before=standing_label(t, household.before),
                    now=standing_label(t, household.now),
                )
            )
        if len(listed) > LISTED_SHOWN:
            lines.append(t("… and {n} more.").format(n=t.number(len(listed) - LISTED_SHOWN)))
        text = "\n".join(lines)
    sheet = Choice(SHEET, t("The whole list as a file (Excel)"), keywords=("excel", "tep", "file"))
    turn.menu(text, [*([sheet] if listed else []), back_choice(t)])


@flow.answer("list")
async def left_list(turn: Turn) -> None:
    if turn.choice == SHEET:
        await _hand_over_list(turn)
        return
    turn.goto("poverty", "start")


async def _hand_over_list(turn: Turn) -> None:
    """The review's list of the households this reader may see by name (their hamlets', or the commune's), in
    the columns the district's list is read with (bot.poverty_sheet, decision 0271): the chat shows 40."""
    actor = await actor_or_home(turn, may_read_poverty, _refusal(turn))
    if actor is None:
        return
    year = _year(turn)
    listed = await listed_households(turn.session, actor, year, standings=SENT_UP)
    organisation = await turn.session.get_one(Organisation, actor.org_id)
    name = f"ho-ngheo-can-ngheo-{year}.xlsx"
    kept = kept_file(turn, "statements", name)
    write_poverty_list(organisation.name, year, listed, turn.settings.media_dir / kept, on=turn.today)
    turn.hand_over(
        Document(kept, name, no_file_here(turn, name, f"chungtay households list --year {year} --xlsx FILE")),
        turn.t.plural(
            "The review's list of {year}: {n} household, poor, near-poor or newly out (or poor or near-poor "
            "the year before). Print it, or send it to the district.",
            "The review's list of {year}: {n} households, poor, near-poor or newly out (or poor or near-poor "
            "the year before). Print it, or send it to the district.",
            len(listed),
        ).format(year=year, n=turn.t.number(len(listed))),
    )
    turn.goto("poverty", "start")


@flow.prompt("find")
async def ask_name(turn: Turn) -> None:
    actor = await actor_or_home(turn, _keeps, lambda: _keeper_refusal(turn))
    if actor is None:
        return
    ask_typed(
        turn,
        turn.t("Which household? Type part of its name (with or without accents), for example: tran van ba."),
    )


async def _keeper_refusal(turn: Turn) -> str:
    """A commune's households are its hamlets' (decision 0225): the refusal names the hamlet and commune."""
    if await in_commune(turn):
        return turn.t(
            "Only an officer of the household's hamlet, or of the whole commune, sets its standing."
        )
    return turn.t("Only an officer of the household's unit, or of the whole organisation, sets its standing.")


@flow.answer("find")
async def got_name(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("poverty", "start")
        return
    actor = await actor_or_home(turn, _keeps, lambda: _keeper_refusal(turn))
    if actor is None:
        return
    nobody = (
        turn.t("No household of your hamlets has “{typed}” in its name. Please try another part of it.")
        if await in_commune(turn)
        else turn.t("No household of your units has “{typed}” in its name. Please try another part of it.")
    )
    await search_by_name(
        turn,
        poverty_households_of(actor, keeping=True),
        nobody=nobody,
        then="poverty",
    )


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    found_menu(turn, turn.t("Which household?"))


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    household_id = picked_id(turn, "p")
    if household_id is None:
        turn.goto("poverty", "find")
        return
    turn.set(household=household_id)
    turn.goto("poverty", "set")


@flow.prompt("set")
async def ask_standing(turn: Turn) -> None:
    actor = await actor_of(turn)
    household = await turn.session.get(Person, int(turn.data.get("household") or 0))
    if household is None or not may_see_poverty_standing(actor, household):
        turn.say(await _keeper_refusal(turn))
        go_home(turn)
        return
    year, t = _year(turn), turn.t
    now = await standings_of(turn.session, household.org_id, [year - 1, year], [household.id])
    turn.menu(
        t("{name}: in {last} {before}; in {year} {now}. Its standing for {year}?").format(
            name=household.full_name,
            last=year - 1,
            before=standing_label(t, now.get((household.id, year - 1))),
            year=year,
            now=standing_label(t, now.get((household.id, year))),
        ),
        [*(Choice(standing, standing_label(t, standing)) for standing in STANDINGS), back_choice(t)],
        entries=True,  # what the review's list says (“tái nghèo”, “cận nghèo mới”), read as the file is
    )


@flow.answer("set")
async def chose_standing(turn: Turn) -> None:
    chosen = turn.choice
    if chosen is None:  # typed, naming no option: the review's own words (decision 0394)
        chosen = read_standing_word(turn.text)
        if chosen is None:
            turn.not_an_option()
            return
    if chosen not in STANDINGS:
        turn.goto("poverty", "start")
        return
    year, t = _year(turn), turn.t
    try:
        changed = await set_standing(
            turn.session,
            await actor_of(turn),
            int(turn.data.get("household") or 0),
            year,
            chosen,
            now=turn.now,
        )
    except PovertyError:  # a role taken away, or a household that is not one the officer covers
        turn.say(await _keeper_refusal(turn))
        go_home(turn)
        return
    household = await turn.session.get(Person, int(turn.data["household"]))
    name = household.full_name if household is not None else ""
    said = (
        t("Saved: {name} in {year}: {standing}.")
        if changed
        else t("{name} already has that standing in {year}: {standing}.")
    )
    turn.say(said.format(name=name, year=year, standing=standing_label(t, chosen)), keep=changed)
    turn.goto("poverty", "start")


@flow.prompt("file")
async def ask_file(turn: Turn) -> None:
    actor = await actor_or_home(turn, _keeps, lambda: _keeper_refusal(turn))
    if actor is None:
        return
    t = turn.t
    if not turn.inbound.can_send_files:
        turn.say(
            t(
                "This messenger cannot send me files. Send the list to Chung Tay on Telegram, or ask the "
                "office to run: chungtay households standing FILE --year {year}"
            ).format(year=_year(turn))
        )
        turn.goto("poverty", "start")
        return
    turn.menu(
        t(
            "Please send the review's list of {year} as a file (.xlsx, .xls or .csv, at most {size} MB): a "
            "column with the household's name as listed (or its id), a column with its standing (Hộ nghèo, "
            "HN, Cận nghèo, CN, Mới thoát nghèo, Không), a column with the hamlet where two households share "
            "a name, and a year if a row is of another. Nothing is saved until you say so."
        ).format(year=_year(turn), size=turn.settings.max_file_bytes // MEGABYTE),
        [back_choice(t)],
        free_text=True,
        takes_file=True,
    )


@flow.answer("file")
async def got_file(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("poverty", "start")
        return
    actor = await actor_or_home(turn, _keeps, lambda: _keeper_refusal(turn))
    if actor is None:
        return
    sent = turn.inbound.attachment
    if sent is None or sent.refused is not None or sent.path is None:
        turn.say(
            turn.t("Please send the list as a file (📎 → File): Excel (.xlsx, .xls) or .csv, not a photo.")
        )
        turn.repeat_menu()
        return
    plan = await _plan(turn, actor, sent.path, sent.name)
    if plan is None:
        turn.repeat_menu()
        return
    turn.set(file=sent.path, name=sent.name)
    turn.goto("poverty", "review")


async def _plan(turn: Turn, actor: Actor, path: str, name: str) -> FilePlan | None:
    """The file matched to the households (None: unreadable, said)."""
    kept = turn.settings.media_dir / path
    try:
        if not path or not kept.is_file():
            raise PovertyError("file", "missing")
        rows = await asyncio.to_thread(read_standing_file, kept, name)
        return await plan_standing_file(
            turn.session, actor, actor.org_id, rows, year=_year(turn), today_year=turn.today.year
        )
    except PovertyError as problem:
        turn.say(_unreadable(turn, problem))
        return None


def _unreadable(turn: Turn, problem: PovertyError) -> str:
    t = turn.t
    if problem.reason == "not_allowed":
        return _keeper_refusal(turn)
    if problem.detail == "no_header":
        return t(
            "I found no header row in the first rows of that file. It needs a column of names (Họ và tên, "
            "Chủ hộ) or ids (Mã hộ) and a column of standings (Phân loại, Loại hộ), for example: STT | Họ và "
            "tên chủ hộ | Thôn | Phân loại."
        )
    return t(
        "I cannot read that file. Please save it in Excel as .xlsx (or as “CSV UTF-8”) and send it again."
    )


@flow.prompt("review")
async def show_review(turn: Turn) -> None:
    actor = await actor_or_home(turn, _keeps, lambda: _keeper_refusal(turn))
    if actor is None:
        return
    plan = await _plan(turn, actor, str(turn.data.get("file") or ""), str(turn.data.get("name") or ""))
    if plan is None:
        turn.goto("poverty", "file")
        return
    t = turn.t
    counts = plan.counts()
    lines = [
        t.plural(
            "{name}: {matched} household matched ({counts}); {changing} of them change.",
            "{name}: {matched} households matched ({counts}); {changing} of them change.",
            len(plan.matched),
        ).format(
            name=turn.data.get("name") or "",
            matched=t.number(len(plan.matched)),
            counts=", ".join(f"{standing_label(t, s)}: {t.number(n)}" for s, n in counts.items() if n) or "—",
            changing=t.number(len(plan.changing)),
        )
    ]
    if plan.matched and plan.years() != [_year(turn)]:  # the file's year column names another (0308)
        lines.append(
            t("The matched rows are from {years} (the file's year column).").format(
                years=", ".join(str(year) for year in plan.years())
            )
        )
    if elsewhere := plan.elsewhere:  # matched by name, listed in another hamlet: it may have moved (0308)
        lines.append(
            t(
                "Listed in another hamlet than the file says (matched by name; if the household moved, ask "
                "the office to import the list of households with its new hamlet, where it receives and "
                "signs):"
            )
        )
        lines += [
            t("• line {line}: “{name}”: the file says {file_unit}, listed in {unit}").format(
                line=row.line, name=row.name, file_unit=row.file_unit, unit=row.unit
            )
            for row in elsewhere[:PROBLEMS_SHOWN]
        ]
    if by_id := plan.by_id:  # matched by the id alone: each could be another household's, all shown (0466)
        lines.append(
            t(
                "Matched by the household id alone, the file's name borne by no household here: please check "
                "each is the household the district meant before saving (the list keeps its name; if the "
                "file's is right, please ask the office to correct the household's name):"
            )
        )
        lines += [_renamed_line(t, row) for row in by_id]
    if accents := [row for row in plan.renamed if not row.by_id]:  # a name listed without accents (0446)
        lines.append(
            t(
                "Written with accents in the file, listed without them (matched by the name without accents; "
                "the list keeps its name):"
            )
        )
        lines += [_renamed_line(t, row) for row in accents[:PROBLEMS_SHOWN]]
        if len(accents) > PROBLEMS_SHOWN:
            more = len(accents) - PROBLEMS_SHOWN
            lines.append(
                t.plural("… and {n} more row.", "… and {n} more rows.", more).format(n=t.number(more))
            )
    if plan.problems:
        lines.append(t("Rows left out: {n}.").format(n=t.number(len(plan.problems))))
        # The commune's whole list sent by a hamlet's officer: the other hamlets' rows are expected, counted
        # in one line, so that the rows to correct are not hidden behind them.
        others = [problem for problem in plan.problems if problem.reason == "not_yours"]
        to_correct = [problem for problem in plan.problems if problem.reason != "not_yours"]
        lines += [_problem_line(t, problem) for problem in to_correct[:PROBLEMS_SHOWN]]
        if len(to_correct) > PROBLEMS_SHOWN:
            more = len(to_correct) - PROBLEMS_SHOWN
            lines.append(
                t.plural("… and {n} more row.", "… and {n} more rows.", more).format(n=t.number(more))
            )
        if others:
            theirs = (
                t.plural(
                    "{n} row is a household of another hamlet ({units}): left to its officers.",
                    "{n} rows are households of other hamlets ({units}): left to their officers.",
                    len(others),
                )
                if await in_commune(turn)
                else t.plural(
                    "{n} row is a household of another unit ({units}): left to its officers.",
                    "{n} rows are households of other units ({units}): left to their officers.",
                    len(others),
                )
            )
            units = sorted({unit for problem in others for unit in problem.units}, key=sort_key)
            lines.append(theirs.format(n=t.number(len(others)), units=", ".join(units)))
    choices: list[Choice] = []
    if plan.changing and plan.problems:
        choices.append(
            Choice(
                WRITE_MATCHED,
                t("Save the {n} matched, leave out the rest").format(n=t.number(len(plan.changing))),
                keywords=("ghi", "save"),
            )
        )
    elif plan.changing:
        choices.append(
            Choice(
                WRITE,
                t.plural("Save {n} household", "Save {n} households", len(plan.changing)).format(
                    n=t.number(len(plan.changing))
                ),
                keywords=("ghi",),
            )
        )
    else:
        lines.append(t("Nothing to change: every household matched already has that standing."))
    choices.append(Choice(ANOTHER, t("Send another file"), keywords=("tep khac", "another")))
    turn.menu("\n".join(lines), [*choices, back_choice(t)])


def _renamed_line(t: Translator, row: Matched) -> str:
    return t("• line {line}: id {id} “{name}”: the file says “{file_name}”").format(
        line=row.line, id=row.household_id, name=row.name, file_name=row.file_name
    )


def _problem_line(t: Translator, problem: Problem) -> str:
    why = {
        "no_name": t("no name and no id"),
        "standing": t("the standing is not one I know (Hộ nghèo, HN, Cận nghèo, CN, Mới thoát nghèo, Không)"),
        "year": t("the year is not one of the review"),
        "unmatched": t("no household of that name is listed"),
        "namesake": t("households of that name are in {units}: write the hamlet").format(
            units=", ".join(problem.units)
        ),
        "namesake_here": t(
            "{n} households of that name are in {unit}, which the file cannot tell apart: please set each "
            "one by one (Set one household's standing)"
        ).format(n=t.number(len(problem.units)), unit="".join(problem.units[:1])),
        "not_yours": t("a household of {units}, not of your units").format(units=", ".join(problem.units)),
        "twice": t("the same household as on line {line}").format(line=problem.other_line),
    }[problem.reason]
    return t("• line {line}: “{typed}”: {why}").format(line=problem.line, typed=problem.typed, why=why)


@flow.answer("review")
async def chose_review(turn: Turn) -> None:
    if turn.choice == ANOTHER:
        turn.goto("poverty", "file")
        return
    if turn.choice not in (WRITE, WRITE_MATCHED):
        turn.goto("poverty", "start")
        return
    actor = await actor_or_home(turn, _keeps, lambda: _keeper_refusal(turn))
    if actor is None:
        return
    plan = await _plan(turn, actor, str(turn.data.get("file") or ""), str(turn.data.get("name") or ""))
    if plan is None:
        turn.goto("poverty", "file")
        return
    years = plan.years(plan.changing) or [_year(turn)]
    try:
        written = await apply_standing_file(
            turn.session,
            actor,
            actor.org_id,
            plan,
            now=turn.now,
            matched_only=turn.choice == WRITE_MATCHED,
            file_name=str(turn.data.get("name") or ""),
        )
    except PovertyError as problem:
        if problem.reason == "problems":  # rows stopped matching since the summary: shown again
            turn.goto("poverty", "review")
            return
        turn.say(await _keeper_refusal(turn))
        go_home(turn)
        return
    turn.say(
        turn.t.plural(
            "Saved the standing of {n} household for {year}.",
            "Saved the standing of {n} households for {year}.",
            written,
        ).format(n=turn.t.number(written), year=", ".join(str(year) for year in years)),
        keep=True,
    )
    if years != [_year(turn)] and len(years) == 1:  # back to the year just saved: the next year's list too
        turn.set(year=years[0])
    turn.set(file=None, name=None)
    turn.goto("poverty", "start")
