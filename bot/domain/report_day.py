"""The units' report day: the day every unit reports its year's results to the office, reminded to the unit
leaders as the organisation's own deadlines are (`[[deadlines]]` of the year's settings file). The file set it
only with every other choice of the year; an admin sets this one day alone (decision 1850). It is the local
deadline coded `REPORT_DAY` and the year reported on (`bao-cao-don-vi-2026`, due 20/12/2026 or 15/01/2027, as
`campaigns.report_year` reads a January report as the year just ended's): a file naming that code sets it
too, and a file loaded without it leaves it as it is (`org_settings.apply_settings`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Campaign, Deadline, Organisation
from bot.domain.access import Acting, Operator, may_set_report_day
from bot.domain.audit import audit
from bot.domain.campaigns import campaign_covering, reported_year

REPORT_DAY = "bao-cao-don-vi"


class ReportDayRefused(Exception):
    """Why the day is not set: "not_allowed", "past" (before `today`) or "no_plan" (no plan covers its
    year)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_report_day(code: str) -> bool:
    return code.startswith(f"{REPORT_DAY}-")


@dataclass(frozen=True)
class ReportDaySet:
    on: date
    of_year: int  # the year its results are of
    before: date | None  # the day it replaced, None where it had none


def an_example_day(today: date) -> date:
    """A day to show under a refusal: 20 December, or two weeks on where that has passed."""
    return max(date(today.year, 12, 20), today + timedelta(days=14))


async def set_report_day(
    session: AsyncSession, acting: Acting, org: Organisation, on: date, *, now: datetime, today: date
) -> ReportDaySet:
    """Set the day the units report `reported_year(on)`'s results to `on`; the caller commits. Audited: the
    leaders' reminders follow it (decision 0231)."""
    if not may_set_report_day(acting, org.id):
        raise ReportDayRefused("not_allowed")
    if on < today:
        raise ReportDayRefused("past")
    campaign = await campaign_covering(session, org.id, on.year)
    if campaign is None:
        raise ReportDayRefused("no_plan")
    of_year = reported_year(on)
    code = f"{REPORT_DAY}-{of_year}"
    row = await session.scalar(
        select(Deadline)
        .join(Campaign, Campaign.id == Deadline.campaign_id)
        .where(Campaign.org_id == org.id, Deadline.local.is_(True), Deadline.code == code)
        .order_by(Deadline.id)
        .limit(1)
    )
    before = None if row is None or row.year is None else date(row.year, row.month, row.day)
    if row is None:
        row = Deadline(
            code=code,
            local=True,
            audience="leader",
            title=f"Các đơn vị báo cáo kết quả phong trào thi đua năm {of_year}",
        )
        session.add(row)
    row.campaign_id, row.year, row.month, row.day = campaign.id, on.year, on.month, on.day
    audit(
        session,
        at=now,
        actor_id=None if isinstance(acting, Operator) or acting is None else acting.person_id,
        action="org.report_day",
        entity="organisation",
        entity_id=org.id,
        year=of_year,
        before=before.isoformat() if before else None,
        after=on.isoformat(),
    )
    await session.flush()
    return ReportDaySet(on, of_year, before)
