"""/baocao: the weekly digest on demand, for the last 7 days, a chosen number of days ("/baocao 30",
"/baocao 30 ngày"), a month ("/baocao 11/2026", "/baocao tháng 11") or chosen dates ("/baocao 1/11 -
30/11"): a unit leader gets their unit's, an organisation leader or officer the roll-up across units. A
mistyped period is answered with what was wrong."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.clock import LOCAL_TZ
from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Drive, Organisation, Unit
from bot.domain.access import (
    Actor,
    digest_units,
    digests_beside_rollup,
    may_name_unregistered,
    may_open_year_report,
    may_read_digest,
    may_read_rollup,
    may_see_running_money,
)
from bot.domain.dates import LOOKING_BACK, DateError, parse_day, read_period
from bot.domain.digests import (
    Context,
    Lag,
    Period,
    UnitFigures,
    as_it_reached,
    as_read,
    award_answers,
    awards_read_by,
    beside_last_digest,
    carried_gifts,
    digest_time,
    drive_held,
    drive_page_url,
    drive_spending,
    keep_pools,
    last_weekly_digest,
    next_digest_on,
    next_steps,
    org_context,
    own_collective,
    places,
    pools_kept,
    reader_view,
    reading_order,
    registrations_text,
    release_read,
    roles_taken_away,
    rollup_text,
    stand_ins_read,
    unit_figures,
    unit_text,
    units_awards,
    waiting_held,
    year_ended,
    year_ended_read,
    year_kinds_together,
)
from bot.domain.numbers import NumberError, ascii_digits
from bot.domain.org_settings import days_off_of
from bot.domain.reminder_lines import Readings
from bot.domain.reminders import monday_off
from bot.messages import Choice
from bot.text import fold
from handlers.common import actor_of, go_home
from handlers.menu import entry_typed, go_to_entry, home_choices

flow = Flow("digest")
MAX_DAYS = 366
HOME = "home"


@flow.prompt("show")
async def show(turn: Turn) -> None:
    """/baocao; from someone who reads no digest, their own progress, as “báo cáo” gives it (decision
    0232)."""
    if not may_open_year_report(await actor_of(turn)):  # the roll-up's or a unit's digest: neither
        turn.goto("progress", "show")
        return
    await _show(turn, (turn.inbound.text or "").strip())  # what followed the command


@flow.prompt("typed")
async def typed(turn: Turn) -> None:
    """The digest asked for by its own name at the menu (“bản tin”, “báo cáo tuần”, “báo cáo”): the last 7
    days, as /baocao alone; the words are no period. From someone who reads no digest, any of them is their
    own progress, as “báo cáo” at their main menu (handlers.menu.MY_REPORT; decisions 0227, 0236): a member
    asking for “the news” wants where they stand."""
    if not may_open_year_report(await actor_of(turn)):
        turn.goto("progress", "show")
        return
    await _show(turn, "")


async def asked_half_way(turn: Turn) -> bool:
    """/baocao asked half-way through something not saved yet (the engine asks only there: a gift's photo
    question, a last look): the digest said where the person stands, with the line help says there, and the
    engine asks the question again, what was typed kept (decision 2929). It dropped the gift with “Chưa lưu”.
    False, /baocao run as usual (what was on hand left), where it would answer no digest: one who reads none,
    a period not read."""
    assert turn.person is not None
    actor = await actor_of(turn)
    argument = turn.argument or ""
    if not may_open_year_report(actor) or _period(turn, argument)[0] is None:
        return False
    if not may_read_rollup(actor, turn.person.org_id) and not await units_read(turn, actor):
        return False
    await _show(turn, argument, half_way=True)
    return True


# “bc” (báo cáo as a phone shortens it, decision 2872) and a period /baocao reads after it: “bc thang nay”,
# “xem bc 30”, “bc 11/2026” (decision 2814). “bc năm”, “bc sơ kết” are the Word reports' (handlers.registry).
_SHORTENED = re.compile(r"^(?:xem )?bc (.+)$")


def _period_after_bc(text: str) -> str | None:
    """What follows “bc” in `text` where it is a period /baocao reads (said in words, days, a month, a year),
    else None."""
    try:
        folded = " ".join(fold(ascii_digits(text)).strip(" .!?").split())
    except NumberError:
        return None
    if (shortened := _SHORTENED.match(folded)) is None:
        return None
    rest = shortened.group(1)
    if rest in _SAID_PERIODS or _DAYS.fullmatch(rest) or _MONTH.fullmatch(rest):
        return rest
    return None


def asks_with_a_period(text: str) -> bool:
    """Whether `text` is “bc” with a period after it (“bc thang nay”), as “/baocao thang nay”."""
    return _period_after_bc(text) is not None


@flow.prompt("shortened")
async def shortened(turn: Turn) -> None:
    """“bc thang nay” at the menu: /baocao with that period; from someone who reads no digest, their own
    progress, as “bc” alone gives it (decision 2872)."""
    if not may_open_year_report(await actor_of(turn)):
        turn.goto("progress", "show")
        return
    await _show(turn, _period_after_bc(turn.inbound.text or "") or "")


async def _show(turn: Turn, argument: str, *, half_way: bool = False) -> None:
    """The digest of the period `argument` reads; `half_way` (`asked_half_way`): said where the person
    stands, what is on hand kept, no next steps offered under it."""
    assert turn.person is not None
    period, said = _period(turn, argument)
    if period is None:
        turn.say(said)
        go_home(turn)
        return
    actor = await actor_of(turn)
    org_id = turn.person.org_id
    rollup = may_read_rollup(actor, org_id)
    units = [] if rollup else await units_read(turn, actor)
    if not rollup and not units:
        turn.say(
            turn.t(
                "The digest is for unit and organisation leaders. You can see your own progress with /tiendo."
            )
        )
        go_home(turn)
        return
    if said:  # how the dates were read, before what they hold
        turn.say(said)
    context, campaign_id = await org_context(turn.session, org_id, period, today=turn.today)
    when = await digest_time(turn.session, org_id, turn.settings)
    days_off = (await days_off_of(turn.session, [org_id]))[org_id]
    # the days the weekly digest that went last counts, said under the header where this one's differ
    # (decisions 1691, 1731)
    last_sent = last_weekly_digest(when, turn.now, turn.settings, days_off, period)
    # … as it went to her, read from the outbox, not from the schedule (decision 1811)
    last_sent = await as_it_reached(
        turn.session, org_id, turn.person.id, last_sent, turn.today, turn.settings, days_off
    )
    names = when.show_names
    # the gifts of people of no unit in `outside`, the organisation's (decision 0388)
    figures, outside, _named = await _figures(
        turn, actor, units, context, campaign_id, period, names, drive=context.drive
    )
    # the year's money and goods as of their last release, to a reader without the ledger's rights (0599);
    # not worked out where she has them over all she reads (0667)
    earlier: dict[date | None, Lag] = {}  # the whole's as of each week, for a head who leads a unit (0640)
    whole_lag = None
    # the units a reader of the roll-up reads beside it, their digests or their ledger, now or earlier this
    # year, as on Monday (decisions 0640, 0697); None for one who reads no roll-up (given it alone, 0323)
    lost = await roles_taken_away(turn.session, [turn.person.id] if rollup else [], context.year)
    formerly = lost.get(turn.person.id, frozenset())
    if release_read(org_id, [(actor, [None, *figures] if rollup else [unit.id for unit in units])]):
        whole_lag = await carried_gifts(
            turn.session,
            org_id,
            year=context.year,
            period=period,
            units=figures,
            earlier=earlier,
            outside=outside,  # the office, one more unit (0651)
        )
    # the pools the roll-up told before, whose units are said alone again only once three more gave (0816)
    kept = await pools_kept(turn.session, org_id, context.year) if rollup else ()
    # the proposals read once for the units and the roll-up; leave as it is today (decision 0812)
    readings = Readings(turn.session, period.last_day, away_on=turn.today)
    await award_answers(readings, org_id, campaign_id, context, figures, [unit.id for unit in units])
    locale = turn.t.locale
    if rollup:
        org_name = await turn.session.scalar(select(Organisation.name).where(Organisation.id == org_id)) or ""
        own = await own_collective(
            turn.session, org_id, campaign_id=campaign_id, year=context.year, period=period
        )
        spent = await drive_spending(turn.session, context.drive, period)
        public = drive_page_url(turn.settings, context)
        awards = awards_read_by(await units_awards(readings, org_id, campaign_id, context), actor)
        next_on = next_digest_on(when, turn.now, turn.settings, days_off)  # its pools told that day only
        view = reader_view(
            actor,
            org_id,
            None,
            figures,
            outside,
            whole_lag=whole_lag,
            earlier=earlier,
            rollup=True,
            formerly=formerly,
            pools=kept,
            # a pool told between two digests would restart its units' count: none then (decision 0879), and
            # the digest's day is the one it goes on, a holiday Monday's the next working day (0931)
            digest_day=next_on == turn.today,
        )
        turn.say(
            beside_last_digest(
                rollup_text(
                    locale,
                    org_name,
                    list(view.units),  # a merge's held gifts on a line of their own (decision 0754)
                    context,
                    own,
                    spent,
                    public,
                    awards,
                    view.held,
                    outside,
                    view.weeks,
                    view.lag,
                    view.lagging,
                    view.apart,
                    next_on if view.between else None,  # where and when its units' money is read (0931)
                    # the year just ended's final figure, January to March (decision 1008)
                    ended=year_ended_read(
                        actor, org_id, context, await year_ended(turn.session, org_id, context)
                    ),
                    waiting_held=view.waiting,
                    running=may_see_running_money(actor, org_id, None),
                    stand_ins=await stand_ins_read(turn.session, org_id, turn.today),
                    said_whole=view.whole,
                    whole_held=view.whole_held,
                    weekly_off=view.between and await monday_off(turn.session, turn.person.id),
                ),
                locale,
                last_sent,
            )
        )
        # the pool it tells, kept with the answer; one nobody was told is not (decision 0816)
        await keep_pools(turn.session, org_id, context.year, [view.told], turn.today, kept)
    else:  # each unit they read, as each comes on Mondays: their own first
        whole = sum(one.drive_vnd for one in figures.values()) + outside.drive_vnd
        placed = places(figures.values(), outside)  # the whole as the roll-up reads it (0426)
        stand_ins = await stand_ins_read(turn.session, org_id, turn.today)  # the units' own (1809)
        for unit in units:
            view = reader_view(
                actor,
                org_id,
                unit.id,
                figures,
                outside,
                whole_lag=whole_lag,
                earlier=earlier,
                rollup=rollup,
                formerly=formerly,
                pools=kept,
            )
            turn.say(
                beside_last_digest(
                    unit_text(
                        locale,
                        as_read(actor, org_id, figures[unit.id]),  # the weeks before a merge as read then
                        context,
                        names=names,
                        drive_whole_vnd=whole,
                        place=placed.get(unit.id),
                        held=bool(view.held),
                        together=view.together,
                        week_held=view.weeks,
                        lag=view.lag,
                        year_together=year_kinds_together(actor, org_id, unit.id),
                        drive_held=drive_held(actor, org_id, figures[unit.id]),
                        waiting_held=waiting_held(actor, org_id, figures[unit.id]),
                        stand_ins=stand_ins,
                    ),
                    locale,
                    last_sent,
                )
            )
    if half_way:  # the question on hand is asked again by the engine (decision 2929)
        turn.say(
            turn.t(
                "You are in the middle of something: what you typed so far is kept, and its question is "
                "below (to stop, type /cancel)."
            )
        )
        return
    # What the digest's deadlines ask for next, first among the choices under it (decision 0264).
    turn.set(steps=[step.kind for step in next_steps(context, rollup=rollup)])
    turn.goto("digest", "next")


@flow.prompt("unregistered")
async def unregistered(turn: Turn) -> None:
    """“ai chưa đăng ký”, “khoa nào chưa đăng ký”, typed at the menu: how many have registered the year's
    commitment and how many not, the organisation's by unit to a reader of the roll-up, each unit's she reads
    to a unit's leader, with the names where the access module lets her read them; the digest answered with
    who took part, registered or gave, which is not what she asked (decision 1728). To anyone else, their own
    progress, as the digest's questions (decision 1474)."""
    actor = await actor_of(turn)
    if not may_open_year_report(actor):
        turn.goto("progress", "show")
        return
    assert turn.person is not None
    org_id = turn.person.org_id
    period, _said = _period(turn, "")
    assert period is not None
    rollup = may_read_rollup(actor, org_id)
    # to a reader of the roll-up, the units she also leads, under the organisation's answer (decision 1810)
    units = (
        await units_read(turn, actor)
        if not rollup
        else await _units(turn, digests_beside_rollup(actor), actor)
    )
    context, campaign_id = await org_context(turn.session, org_id, period, today=turn.today)
    if context.named_year is None or not (rollup or units):  # no year to register for: the digest says why
        await _show(turn, "")
        return
    when = await digest_time(turn.session, org_id, turn.settings)
    # the people of no unit in `outside`: the head, the office (decision 0388)
    figures, outside, named = await _figures(
        turn, actor, units, context, campaign_id, period, when.show_names
    )
    locale = turn.t.locale
    if rollup:
        org_name = await turn.session.scalar(select(Organisation.name).where(Organisation.id == org_id)) or ""
        turn.say(
            registrations_text(
                locale, context, org_name, [*figures.values(), outside], each=True, names=False
            )
        )
    for unit in units:
        turn.say(
            registrations_text(
                locale, context, unit.name, [figures[unit.id]], each=False, names=unit.id in named
            )
        )
    go_home(turn)


async def _figures(
    turn: Turn,
    actor: Actor | None,
    units: Sequence[Unit],
    context: Context,
    campaign_id: int | None,
    period: Period,
    show_names: bool,
    *,
    drive: Drive | None = None,
) -> tuple[dict[int, UnitFigures], UnitFigures, set[int]]:
    """The figures of the organisation's units for the digest and for who has not registered, alike: each
    unit's, those of people of no unit (the organisation's, decision 0388), and the units of `units` whose
    unregistered people `actor` may read by name (`access.may_name_unregistered`, with the organisation's
    `show_names`)."""
    assert turn.person is not None
    named = {unit.id for unit in units if may_name_unregistered(actor, unit, names_shown=show_names)}
    outside = UnitFigures(0, "")
    figures = await unit_figures(
        turn.session,
        turn.person.org_id,
        campaign_id=campaign_id,
        year=context.year,
        period=period,
        drive=drive,
        names_for=named,
        beside=context.beside,
        outside=outside,
        names_of=context.named_year,
    )
    return figures, outside, named


@flow.prompt("next")
async def offer_next(turn: Turn) -> None:
    """Under a digest asked for in the chat, its own choices: what its deadlines ask for (“Khen thưởng” while
    an award dossier is due, “Báo cáo năm (Word)” while a report is), as the Monday digest's buttons, then
    the Word reports (asked for as “báo cáo”, a leader may have meant them: decision 0227) and the main
    menu; each as the main menu offers it to this reader, so nobody is offered what their menu lacks."""
    entries = {choice.id: choice for choice in await home_choices(turn)}
    wanted = dict.fromkeys([*turn.data.get("steps", []), "year_report", "phase_report"])
    choices = [entries[kind] for kind in wanted if kind in entries]
    choices.append(Choice(HOME, turn.t("Main menu"), keywords=("menu", "menu chinh")))
    turn.menu(
        turn.t(
            "Reports as Word drafts: /baocaonam (the year's report), /baocaogiaidoan (the mid-term or final "
            "review report), or their entries in the menu below."
        ),
        choices,
        home=True,
        entries=True,
    )


@flow.answer("next")
async def chose_next(turn: Turn) -> None:
    if turn.choice == HOME:
        go_home(turn)
    elif not go_to_entry(turn) and not await entry_typed(turn):
        turn.not_an_option()


async def units_read(turn: Turn, actor: Actor | None) -> list[Unit]:
    """The units whose digest `actor` reads (not the roll-up's reader): the unit they sit in first where they
    read it, then each other unit a role of theirs names (a hamlet's head sitting in the commune's office, a
    leader moved to another unit who still leads the first), in Vietnamese order: as on Monday
    (`reading_order`)."""
    return await _units(turn, digest_units(actor) or frozenset(), actor)


async def _units(turn: Turn, ids: frozenset[int], actor: Actor | None) -> list[Unit]:
    """The units of `ids` whose digest `actor` reads, in reading order."""
    assert turn.person is not None
    found = [unit for unit_id in sorted(ids) if (unit := await turn.session.get(Unit, unit_id)) is not None]
    own = turn.person.unit_id
    return sorted(
        (unit for unit in found if may_read_digest(actor, unit)),
        key=lambda unit: reading_order(unit.id, unit.name, own),
    )


# "30", "30 ngày", "7 ngay", "30 days"; a month: "11/2026", "tháng 11", "thang 11/2026", "tháng 11 năm 2026";
# in words: "tuần này", "tháng này", "tháng trước", "năm nay" (`_SAID_PERIODS`)
_DAYS = re.compile(r"([0-9]+)(?:\s*(?:ngay|days?))?")
_MONTH = re.compile(
    r"(?:thang|month)\s*([0-9]{1,2})(?:\s*(?:[/.\-]|nam|of|year)\s*([0-9]{4}))?|([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})"
)


def _period(turn: Turn, argument: str) -> tuple[Period | None, str]:
    """The period asked for, and a note on how it was read ("" or, for dates typed the other way round, so);
    or None and what was wrong, with an example. The last 7 days (as "7": today and the 6 days before, from
    their first morning, so the dates shown are the dates counted); the last N days; a month (through now,
    for this month); or from the first date's morning to the end of the second (at most MAX_DAYS, never past
    now)."""
    example = turn.t(
        "Please give a number of days from 1 to {max} (for example: /baocao 30), a period in words (for "
        "example: /baocao this week or /baocao last month), a month (for example: /baocao 11/2026) or two "
        "dates (for example: /baocao 1/11/2026 - 30/11/2026)."
    ).format(max=MAX_DAYS)
    try:
        folded = fold(ascii_digits(argument or "7"))
    except NumberError:
        return None, example
    if folded.isdigit() and len(folded) == 4:
        return _year(turn, int(folded), example)  # "2026": the year, not 2026 days
    if (said := _SAID_PERIODS.get(" ".join(folded.split()))) is not None:
        return _said_period(turn, said, example)
    if (days := _DAYS.fullmatch(folded)) is not None:
        count = int(days.group(1))
        if count > MAX_DAYS:
            return None, _too_long(turn)
        if count < 1:
            return None, example
        return _days(turn, turn.today - timedelta(days=count - 1), turn.today), ""
    if (month := _MONTH.fullmatch(folded)) is not None:
        number, year = month.group(1, 2) if month.group(1) else month.group(3, 4)
        return _month(turn, int(number), int(year) if year else None, example)
    with contextlib.suppress(DateError):  # one date alone: from that day to today
        since = parse_day(argument, turn.today, LOOKING_BACK)  # “15/12” in January or on 5/12: last year's
        if since > turn.today:
            return None, _after_today(turn, example)
        if (turn.today - since).days >= MAX_DAYS:
            return None, _too_long(turn)
        return _days(turn, since, turn.today), ""
    try:
        starts_on, ends_on, reversed_ = read_period(argument, turn.today, LOOKING_BACK)
    except DateError as wrong:
        if wrong.reason == "no_such_day" and wrong.typed:
            wrong_day = turn.t("There is no date {date}. {example}")
            return None, wrong_day.format(date=wrong.typed, example=example)
        return None, example
    if (ends_on - starts_on).days >= MAX_DAYS:
        return None, _too_long(turn)
    if starts_on > turn.today:
        return None, _after_today(turn, example)
    note = ""
    if reversed_:
        note = turn.t("Read as {start} – {end}: the later date was typed first.").format(
            start=turn.t.date(starts_on), end=turn.t.date(ends_on)
        )
    return _days(turn, starts_on, ends_on), note


# A period said in words, as a chairman asks for it mid-week (decision 2821); “tuần” alone stays a word
# answered with how to ask, and “tuần trước” (last Monday to Sunday, or the last seven days?) is not guessed.
_SAID_PERIODS = {
    "tuan nay": "this_week", "this week": "this_week",
    "tuan qua": "seven_days", "past week": "seven_days",
    "thang nay": "this_month", "this month": "this_month",
    "thang truoc": "last_month", "last month": "last_month",
    "nam nay": "this_year", "this year": "this_year",
}  # fmt: skip


def _said_period(turn: Turn, said: str, example: str) -> tuple[Period | None, str]:
    """This week (from its Monday to today), the last seven days, this month, last month or this year."""
    today = turn.today
    if said == "this_week":
        return _days(turn, today - timedelta(days=today.weekday()), today), ""
    if said == "seven_days":
        return _days(turn, today - timedelta(days=6), today), ""
    if said == "this_month":
        return _month(turn, today.month, today.year, example)
    if said == "last_month":
        before = today.replace(day=1) - timedelta(days=1)
        return _month(turn, before.month, before.year, example)
    return _year(turn, today.year, example)


def _year(turn: Turn, year: int, example: str) -> tuple[Period | None, str]:
    """A year typed alone: 1 January to 31 December (to now, for this year)."""
    if not 2000 <= year <= turn.today.year:
        return None, _after_today(turn, example) if year > turn.today.year else example
    return _days(turn, date(year, 1, 1), date(year, 12, 31), span="year"), ""


def _month(turn: Turn, number: int, year: int | None, example: str) -> tuple[Period | None, str]:
    """A month typed alone: its first to its last day (to now, for this month); without a year, the latest
    such month not after today (“tháng 11” in January is last November)."""
    if not 1 <= number <= 12:
        return None, example
    if year is None:
        year = turn.today.year if number <= turn.today.month else turn.today.year - 1
    if not 2000 <= year <= 2100:
        return None, example
    first = date(year, number, 1)
    if first > turn.today:
        return None, _after_today(turn, example)
    last = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
    return _days(turn, first, last, span="month"), ""  # on the 7th, seven days, but a month's (2871)


def _days(turn: Turn, starts_on: date, ends_on: date, *, span: str | None = None) -> Period:
    """From the first day's morning to the end of the last (never past now); `span` "month" or "year" for one
    asked, never read as a week whatever its number of days so far (decision 2871) and headed by its name
    (2942)."""
    starts = datetime.combine(starts_on, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    ends = datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    return Period(starts, min(ends, turn.now), False if span else None, span)


def _too_long(turn: Turn) -> str:
    return turn.t(
        "That is longer than {max} days. Please choose a shorter period, for example: /baocao 30 or "
        "/baocao 1/11/2026 - 30/11/2026."
    ).format(max=MAX_DAYS)


def _after_today(turn: Turn, example: str) -> str:
    return turn.t("That period starts after today ({today}). {example}").format(
        today=turn.t.date(turn.today), example=example
    )
