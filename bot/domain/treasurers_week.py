"""The treasurer's weekly count (docs/decisions/2405): at the hour the leaders' digests go (Monday 08:00
unless the organisation chose another), each treasurer with gifts waiting for her is told how many, what they
come to and since when the oldest waits, with her queue a press away. The hourly notice (0417) says a count as
gifts come; this one is the week's beginning, when she plans her counting, and names no giver. Nothing is sent
where nothing waits, nor to one on long leave, nor to one who turned her weekly message off (2406). An officer
who confirms labour days, or a lone treasurer's own gift, is told hers too, unless the roll-up she reads that
Monday says what waits already (`counted_on_monday`, decision 2610)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date, local_week
from bot.db.models import Contribution, OutboxMessage, Person, ReminderPreference, RoleAssignment
from bot.delivery.actions import Notice, Offer, notify_many
from bot.delivery.outbox import keys_written, not_taken
from bot.delivery.transport import OutboundMessage
from bot.domain.access import (
    DECIDE_ROLES,
    LABOUR_DECIDERS,
    SOLE_TREASURER_CHECKERS,
    Actor,
    actors_of,
    counted_on_monday,
    decidable_by,
    not_away,
)
from bot.domain.reminders import monday_read
from bot.i18n import Translator

ACTIONS_LIVE = timedelta(days=7)  # her queue's button, as the hourly notice's (0417)
GAVE_WAY = "said by the week's count"  # an hourly count held for the week's hour, not sent (decision 2543)


@dataclass(frozen=True)
class Waiting:
    """What waits for one treasurer: how many, the money, the goods' estimated value and those with none,
    the labour days, and the day the oldest was recorded."""

    count: int
    money: int
    goods: int
    unvalued: int
    days: int
    oldest: date


async def waiting_for(session: AsyncSession, actor: Actor, *, before: datetime) -> Waiting | None:
    """What waits for `actor` to decide (`decidable_by`) that was recorded before `before`, the digests' hour,
    in one query; None where nothing does (decision 2467)."""
    goods = Contribution.kind == "goods"
    row = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(Contribution.amount_vnd).filter(Contribution.kind == "money"), 0),
                func.coalesce(func.sum(Contribution.amount_vnd).filter(goods), 0),
                func.count().filter(goods, func.coalesce(Contribution.amount_vnd, 0) == 0),
                func.coalesce(func.sum(Contribution.labour_days).filter(Contribution.kind == "labour"), 0),
                func.min(Contribution.created_at),
            ).where(Contribution.status == "recorded", Contribution.created_at < before, decidable_by(actor))
        )
    ).one()
    if not row[0]:
        return None
    return Waiting(int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), local_date(row[5]))


def count_text(locale: str, waiting: Waiting) -> str:
    """“Khoản chờ anh/chị xác nhận: 6 khoản, tổng cộng 1.500.000 ₫; khoản lâu nhất chờ từ 15/12/2026.”, how
    to open them and how to turn the message off."""
    t = Translator(locale)
    parts = (
        [t.vnd(waiting.money)]
        if waiting.money or not (waiting.goods or waiting.unvalued or waiting.days)
        else []
    )
    if waiting.goods:
        parts.append(t("goods estimated at {value}").format(value=t.vnd(waiting.goods)))
    if waiting.unvalued:
        items = t.plural("{n} item with no value given", "{n} items with no value given", waiting.unvalued)
        parts.append(t("goods: {items}").format(items=items.format(n=t.number(waiting.unvalued))))
    if waiting.days:
        parts.append(
            t.plural("{n} labour day", "{n} labour days", waiting.days).format(n=t.number(waiting.days))
        )
    head = t.plural(
        "Waiting for you to confirm: {n} contribution, {total}; waiting since {day}.",
        "Waiting for you to confirm: {n} contributions, {total} in all; the oldest since {day}.",
        waiting.count,
    ).format(n=t.number(waiting.count), total="; ".join(parts), day=t.date(waiting.oldest))
    return "\n".join(
        (
            head,
            t("To open them, choose “Contributions to confirm” below or type /xacnhan."),
            t("To stop this weekly message: /nhacnho."),
        )
    )


async def write_counts(
    session: AsyncSession,
    org_id: int,
    due: datetime,
    *,
    goes: datetime,
    now: datetime,
    expires_at: datetime,
    locale: str,
    only: int | None = None,
    not_before: datetime | None = None,
) -> int:
    """Each treasurer's count of the week due at `due`, keyed by the week (`treasurer-week:<org>:<week>:
    <person>`), so the job run again writes none twice; how many were written. Of what was recorded before
    `goes`, the hour the digests go: the job runs again all that day, and a gift recorded after it is told
    her by its hourly notice (0417), never by a count of the week written later that day (decision 2467).
    `only`: hers alone, one who turned her weekly message on again after its day (decision 2612), not before
    `not_before` (the quiet hours' end, decision 2781)."""
    people = await session.scalars(
        select(RoleAssignment.person_id)
        .join(Person, Person.id == RoleAssignment.person_id)
        .outerjoin(ReminderPreference, ReminderPreference.person_id == Person.id)
        .where(
            RoleAssignment.org_id == org_id,
            RoleAssignment.role.in_(DECIDE_ROLES | LABOUR_DECIDERS | SOLE_TREASURER_CHECKERS),
            Person.left_on.is_(None),
            not_away(local_date(now)),
            monday_read(),
            true() if only is None else RoleAssignment.person_id == only,
        )
        .distinct()
    )
    week = local_week(due)
    keys = {person_id: f"treasurer-week:{org_id}:{week}:{person_id}" for person_id in people}
    # the job runs again all that day: those written already are not counted again
    taken = await keys_written(session, list(keys.values()))
    lives = now + ACTIONS_LIVE
    notices = []
    for actor in await actors_of(session, [person_id for person_id, key in keys.items() if key not in taken]):
        if not counted_on_monday(actor):
            continue
        if (waiting := await waiting_for(session, actor, before=goes)) is None:
            continue

        def render(reader: str, waiting: Waiting = waiting) -> OutboundMessage:
            return OutboundMessage(text=count_text(reader, waiting))

        notices.append(
            Notice(
                keys[actor.person_id],
                actor.person_id,
                render,
                offers=[
                    Offer("queue", lambda reader: Translator(reader)("Contributions to confirm"), lives),
                    Offer("lookup", lambda reader: Translator(reader)("Look up a contribution"), lives),
                ],
                expires_at=expires_at,
                not_before=not_before,
            )
        )
    written = await notify_many(session, notices, now=now, default_locale=locale)
    told = [notice.person_id for notice in notices if notice.key in written]
    if told:  # their hourly counts held for this hour say nothing more: they give way (decision 2543)
        held = or_(*(OutboxMessage.key.like(f"notice:waiting:{person_id}:%") for person_id in told))
        await session.execute(
            update(OutboxMessage)
            .where(held, OutboxMessage.not_before <= goes, not_taken(now))
            .values(status="cancelled", last_error=GAVE_WAY)
            .execution_options(synchronize_session=False)
        )
    return len(written)
