"""/baocao: the weekly digest on demand, for the last 7 days, a chosen number of days ("/baocao 30") or
chosen dates ("/baocao 1/11 - 30/11"): a unit leader gets their unit's, an organisation leader or officer
the roll-up across units."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from bot.clock import LOCAL_TZ
from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Organisation, Unit
from bot.domain.access import may_read_digest, may_read_rollup
from bot.domain.dates import DateError, parse_period
from bot.domain.digests import (
    Period,
    digest_time,
    drive_page_url,
    drive_spending,
    org_context,
    own_collective,
    rollup_text,
    unit_figures,
    unit_text,
)
from bot.domain.numbers import NumberError, parse_whole
from handlers.common import actor_of, go_home

flow = Flow("digest")
MAX_DAYS = 366


@flow.prompt("show")
async def show(turn: Turn) -> None:
    assert turn.person is not None
    period = _period(turn, (turn.inbound.text or "").strip())  # what followed the command
    if period is None:
        turn.say(
            turn.t(
                "Please give a number of days from 1 to {max}, for example: /baocao 30, "
                "or two dates, for example: /baocao 1/11/2026 - 30/11/2026"
            ).format(max=MAX_DAYS)
        )
        go_home(turn)
        return
    actor = await actor_of(turn)
    org_id = turn.person.org_id
    rollup = may_read_rollup(actor, org_id)
    unit = await turn.session.get(Unit, turn.person.unit_id) if turn.person.unit_id else None
    if not rollup and (unit is None or not may_read_digest(actor, unit)):
        turn.say(
            turn.t(
                "The digest is for unit and organisation leaders. You can see your own progress with /tiendo."
            )
        )
        go_home(turn)
        return
    context, campaign_id = await org_context(turn.session, org_id, period, today=turn.today)
    names = (await digest_time(turn.session, org_id, turn.settings)).show_names
    figures = await unit_figures(
        turn.session,
        org_id,
        campaign_id=campaign_id,
        year=context.year,
        period=period,
        drive=context.drive,
        names_for={unit.id} if names and unit is not None and not rollup else (),
        beside=context.beside,
    )
    locale = turn.t.locale
    if rollup:
        org_name = await turn.session.scalar(select(Organisation.name).where(Organisation.id == org_id)) or ""
        own = await own_collective(
            turn.session, org_id, campaign_id=campaign_id, year=context.year, period=period
        )
        spent = await drive_spending(turn.session, context.drive, period)
        public = drive_page_url(turn.settings, context)
        turn.say(rollup_text(locale, org_name, list(figures.values()), context, own, spent, public))
    else:
        assert unit is not None
        turn.say(unit_text(locale, figures[unit.id], context, names=names))
    go_home(turn)


def _period(turn: Turn, argument: str) -> Period | None:
    """The last 7 days; the last N days (today and the N - 1 days before it); or from the first date's morning
    to the end of the second (at most MAX_DAYS, never past now). None: not something to read as a period."""
    if not argument:
        return Period(turn.now - timedelta(days=7), turn.now)
    try:
        days = parse_whole(argument, maximum=MAX_DAYS, unit_words=False)
        if days < 1:
            return None
        # the last N days are today and the N - 1 before it, from their first morning: "30" shows 30 dates
        first = datetime.combine(turn.today - timedelta(days=days - 1), time(0), tzinfo=LOCAL_TZ)
        return Period(first.astimezone(UTC), turn.now)
    except NumberError:
        pass
    try:
        starts_on, ends_on = parse_period(argument, turn.today)
    except DateError:
        return None
    if (ends_on - starts_on).days >= MAX_DAYS or starts_on > turn.today:
        return None
    starts = datetime.combine(starts_on, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    ends = datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    return Period(starts, min(ends, turn.now))
