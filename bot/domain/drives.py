"""Drives (đợt vận động) as officers run them: open one, see its progress, move its dates or target, close it;
and whether a contribution may go to a drive at all.

A drive belongs to an organisation and may cover only some of its units. Every change of dates or target
leaves an audit row with the old and new values (people rely on them: a reminder the day before the end).
A closed drive takes no more contributions, whatever its dates say; one that ended still takes late gifts for
`LATE_GIFT_DAYS` (people pay late), as the contribution menu has always offered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import CONTRIBUTION_KINDS, CaseSupport, Contribution, Drive, Person, Remittance, Unit
from bot.domain.access import (
    FEWEST_GIVERS,
    Acting,
    Actor,
    Operator,
    few_people,
    givers_once,
    givers_together,
    helped_by_drive,
    may_manage_drive,
    may_see_unit_money,
    may_see_who_has_not_given,
    not_away,
    on_training,
    takes_gifts_of,
)
from bot.domain.appeals import (
    follow_drive_dates,
    reinstate_stopped,
    resume_stopped,
    stop_appeals_of_drive,
)
from bot.domain.audit import audit
from bot.domain.campaigns import LATE_GIFT_DAYS
from bot.domain.giving import gave_to
from bot.domain.namesakes import names_told_apart
from bot.domain.org_settings import DRIVE_TARGET_MAX
from bot.domain.poverty_review import followed_up
from bot.domain.reminders import forget_drive_end, revive_drive_end
from bot.domain.spending import (
    Balance,
    Spent,
    drive_out,
    handed_by,
    spent_by,
)
from bot.domain.statement import Figures, cancelled_entry, figures_by, figures_of
from bot.domain.transfer import Account, may_set, set_drive_account
from bot.text import fold, nfc, person_sort_key, sort_key, told_apart

TITLE_MAX = 400
LEVEL_MAX = 400
_CODE_SPACE = re.compile(r"[^a-z0-9]+")


class DriveError(Exception):
    """A drive action refused; `reason` says why: "not_allowed", "dates" (ends before it starts), "target",
    "title", "kinds", "units", "code" (taken), "closed" (already closed), "open" (to reopen: it is not
    closed), "account" (an own account, which only an organisation-wide admin sets: docs/decisions/0084),
    "days_target" (a target in đồng for a drive of labour days alone, opened or changed: 1876, 1940)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NewDrive:
    title: str
    starts_on: date
    ends_on: date
    target_vnd: int | None = None
    fund: bool = True
    suggested_level: str | None = None
    kinds: tuple[str, ...] = CONTRIBUTION_KINDS
    unit_ids: tuple[int, ...] | None = None  # None: the whole organisation
    code: str | None = None
    account: Account | None = None  # its own receiving account; None: the organisation's (0084)


# A level of a day's, half a day's or a month's salary typed without its marks (“1 ngay luong”): every giver
# reads it, so it is kept with them (decision 1523); any other words stay as typed.
_LEVEL_UNMARKED = re.compile(r"(1|01|mot|nua) (ngay|buoi|thang) luong")
_LEVEL_MARKS = {"mot": "một", "nua": "nửa", "ngay": "ngày", "buoi": "buổi", "thang": "tháng"}


def marked_level(level: str) -> str:
    """A drive's suggested level as givers read it: “1 ngay luong” as “1 ngày lương”, “nua ngay luong” as
    “nửa ngày lương”, when typed so without any mark; anything else as typed (NFC)."""
    typed = nfc(level.strip())
    if typed != fold(typed) or not (known := _LEVEL_UNMARKED.fullmatch(typed.rstrip("."))):
        return typed
    figure, span = known.groups()
    return f"{_LEVEL_MARKS.get(figure, figure)} {_LEVEL_MARKS[span]} lương"


def _check(entry: NewDrive) -> None:
    if not entry.title.strip() or len(entry.title) > TITLE_MAX:
        raise DriveError("title")
    check_dates(entry.starts_on, entry.ends_on)
    check_target(entry.target_vnd)
    if not entry.kinds or any(kind not in CONTRIBUTION_KINDS for kind in entry.kinds):
        raise DriveError("kinds")
    check_days_target(entry.kinds, entry.target_vnd)
    if entry.unit_ids is not None and not entry.unit_ids:
        raise DriveError("units")


def check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise DriveError("dates")


def check_target(target_vnd: int | None) -> None:
    if target_vnd is not None and not 0 < target_vnd <= DRIVE_TARGET_MAX:
        raise DriveError("target")


def check_days_target(kinds: Sequence[str] | None, target_vnd: int | None) -> None:
    """A drive of labour days alone has no target in đồng: days count toward none (decisions 1804, 1876). One
    rule for a drive opened and a target changed, at the shell and in the chat (decision 1940); a target
    taken away is always allowed, as one set before these decisions may be."""
    if target_vnd is not None and set(kinds or CONTRIBUTION_KINDS) == {"labour"}:
        raise DriveError("days_target")


def code_for(title: str, starts_on: date) -> str:
    """The code a drive gets from its title and year: "Áo ấm" starting in 2026 is "ao-am-2026"; a title
    naming a year keeps its own ("Tết 2027" is "tet-2027", even when it opens in December 2026: never
    "tet-2027-2027" or "tet-2027-2026")."""
    base = _CODE_SPACE.sub("-", fold(title)).strip("-")[:60].strip("-") or "dot"
    names_a_year = any(part.isdigit() and len(part) == 4 for part in base.split("-"))
    return base if names_a_year else f"{base}-{starts_on.year}"


async def _free_code(session: AsyncSession, org_id: int, title: str, starts_on: date) -> str:
    """`code_for`, numbered "-2", "-3"… if the organisation has it already ("tet-2027-2")."""
    base = code_for(title, starts_on)
    taken = set(await session.scalars(select(Drive.code).where(Drive.org_id == org_id)))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def _actor_id(actor: Acting) -> int | None:
    return actor.person_id if isinstance(actor, Actor) else None


def manages(actor: Acting, drive: Drive) -> bool:
    """An officer who may manage the drive (access.may_manage_drive), or the organisation's shell."""
    return (isinstance(actor, Operator) and actor.org_id == drive.org_id) or (
        isinstance(actor, Actor) and may_manage_drive(actor, drive)
    )


async def create_drive(session: AsyncSession, actor: Acting, entry: NewDrive, *, now: datetime) -> Drive:
    """Open a drive in the actor's organisation; refused (DriveError) unless they cover its units."""
    _check(entry)
    if actor is None:
        raise DriveError("not_allowed")
    units = sorted(entry.unit_ids) if entry.unit_ids is not None else None
    if units is not None:
        known = set(
            await session.scalars(select(Unit.id).where(Unit.org_id == actor.org_id, Unit.id.in_(units)))
        )
        if known != set(units):
            raise DriveError("units")
    if entry.code and await session.scalar(
        select(Drive.id).where(Drive.org_id == actor.org_id, Drive.code == entry.code)
    ):
        raise DriveError("code")
    drive = Drive(
        org_id=actor.org_id,
        code=entry.code or await _free_code(session, actor.org_id, entry.title, entry.starts_on),
        title=nfc(entry.title.strip()),
        starts_on=entry.starts_on,
        ends_on=entry.ends_on,
        target_vnd=entry.target_vnd,
        suggested_level=marked_level(entry.suggested_level) if entry.suggested_level else None,
        kinds=list(entry.kinds),
        fund=entry.fund,
        unit_ids=units,
    )
    if not manages(actor, drive):
        raise DriveError("not_allowed")
    if entry.account is not None and not may_set(actor, actor.org_id):
        raise DriveError("account")
    session.add(drive)
    await session.flush()
    if entry.account is not None:
        set_drive_account(session, actor, drive, entry.account, now=now)
    audit(
        session,
        at=now,
        actor_id=_actor_id(actor),
        action="drive.create",
        entity="drive",
        entity_id=drive.id,
        starts_on=drive.starts_on.isoformat(),
        ends_on=drive.ends_on.isoformat(),
        target_vnd=drive.target_vnd,
        fund=drive.fund,
    )
    return drive


def _may_change(actor: Acting, drive: Drive) -> Acting:
    if not manages(actor, drive):
        raise DriveError("not_allowed")
    if drive.closed_at is not None:
        raise DriveError("closed")
    return actor


async def change_dates(
    session: AsyncSession, actor: Acting, drive: Drive, starts_on: date, ends_on: date, *, now: datetime
) -> int:
    """Move a drive's dates (audited with the old ones). What is scheduled for it moves with them: its
    appeals' messages not sent yet live until the new end and those due at or after it are stopped; the
    reminders of its last days are written again from the new dates (docs/decisions/0206). How many appeal
    messages stopped."""
    actor = _may_change(actor, drive)
    check_dates(starts_on, ends_on)
    before = (drive.starts_on.isoformat(), drive.ends_on.isoformat())
    drive.starts_on, drive.ends_on = starts_on, ends_on
    stopped = await dates_moved(session, drive, now=now)
    audit(
        session,
        at=now,
        actor_id=_actor_id(actor),
        action="drive.dates",
        entity="drive",
        entity_id=drive.id,
        before=list(before),
        after=[starts_on.isoformat(), ends_on.isoformat()],
        appeal_rows_stopped=stopped,
    )
    return stopped


async def dates_moved(session: AsyncSession, drive: Drive, *, now: datetime) -> int:
    """`drive`'s dates were just moved (in the chat, `drive edit`, the year's settings file): its appeals'
    messages not sent yet follow the new end, and the reminders of its last days are dropped to be written
    again from the new dates (docs/decisions/0206). How many appeal messages stopped."""
    stopped = await follow_drive_dates(session, drive, now=now)
    await forget_drive_end(session, drive)
    return stopped


async def change_target(
    session: AsyncSession, actor: Acting, drive: Drive, target_vnd: int | None, *, now: datetime
) -> None:
    """Set or clear a drive's target in đồng (audited with the old one); a drive of labour days alone is
    given none (`check_days_target`)."""
    actor = _may_change(actor, drive)
    check_target(target_vnd)
    check_days_target(drive.kinds, target_vnd)
    before, drive.target_vnd = drive.target_vnd, target_vnd
    audit(
        session,
        at=now,
        actor_id=_actor_id(actor),
        action="drive.target",
        entity="drive",
        entity_id=drive.id,
        before=before,
        after=target_vnd,
    )


async def close_drive(session: AsyncSession, actor: Acting, drive: Drive, *, now: datetime) -> None:
    """Close a drive: it takes no more contributions (those recorded stay; treasurers still decide them), and
    its appeals not sent yet are stopped."""
    actor = _may_change(actor, drive)
    drive.closed_at = now
    stopped = await stop_appeals_of_drive(session, drive.id, now=now)
    audit(
        session,
        at=now,
        actor_id=_actor_id(actor),
        action="drive.close",
        entity="drive",
        entity_id=drive.id,
        appeal_rows_stopped=stopped,
    )


@dataclass(frozen=True)
class Reopened:
    """What a reopening sent on: how many appeal messages (`resumed`), and when those whose own hour had
    passed go (`goes_at`, None unless one was sent on), as `resume_stopped` read it once (decision 2255)."""

    resumed: int = 0
    goes_at: datetime | None = None


async def reopen_drive(
    session: AsyncSession,
    actor: Acting,
    drive: Drive,
    *,
    now: datetime,
    resume: bool = False,
    settings: Settings | None = None,
) -> Reopened:
    """Open again a drive closed by mistake (the wrong one of two, or too early): it takes contributions again
    as its dates say, and its dates and target can be changed again (docs/decisions/0272). Whoever may close
    it may reopen it; audited with the day it had been closed, so a statement posted meanwhile is explained.
    The appeals its close stopped stay stopped unless the officer asks (`resume`) that they go on to those
    they had not reached (bot.domain.appeals.resume_stopped, docs/decisions/0287): a message taken back is
    never sent by itself later; one due while it was closed goes at the end of the quiet hours of `settings`
    (docs/decisions/0295). Either way those appeals are no longer taken back: followed up as any
    (docs/decisions/0302). Today's reminders of its last days that its close cancelled are due again, and the
    last one before its end when none is left (bot.domain.reminders.revive_drive_end). How many appeal
    messages go on, and when (`Reopened`)."""
    if not manages(actor, drive):
        raise DriveError("not_allowed")
    if drive.closed_at is None:
        raise DriveError("open")
    reopened = Reopened()
    if resume:
        resumed, due = await resume_stopped(session, actor, drive, now=now, settings=settings)
        reopened = Reopened(resumed, due if resumed else None)  # an hour only where something goes
    await reinstate_stopped(session, drive)  # followed up as any appeal, sent on or not (0302)
    reminders = await revive_drive_end(session, drive, now=now, settings=settings)
    closed_at, drive.closed_at = drive.closed_at, None
    audit(
        session,
        at=now,
        actor_id=_actor_id(actor),
        action="drive.reopen",
        entity="drive",
        entity_id=drive.id,
        closed_at=closed_at.isoformat(),
        reminders_due_again=reminders,
        **({"appeal_rows_resumed": reopened.resumed} if resume else {}),
    )
    return reopened


def takes_gifts(drive: Drive, today: date) -> bool:
    """Whether `drive` still takes gifts as a whole (not one person's: `refusal_to_give`): not closed, and not
    past its late-gift days. What a group message or its public page says of how to give follows it: a drive
    long over that nobody closed refuses every gift, so it is told as closed (docs/decisions/0272)."""
    return drive.closed_at is None and today <= last_gift_day(drive)


def past_its_end(drive: Drive, today: date) -> bool:
    """Whether `drive`, not closed, is past its last day: its group message, its statement in the chat and
    its public page tell it ended, though it may still take late gifts (decisions 0887, 0987)."""
    return drive.closed_at is None and today > drive.ends_on


def last_gift_day(drive: Drive) -> date:
    """The last day `drive` takes a gift, its late-gift days after its end, unless it is closed first."""
    return drive.ends_on + timedelta(days=LATE_GIFT_DAYS)


def refusal_to_give(drive: Drive, person: Person, today: date, *, unit_id: int | None = None) -> str | None:
    """Why `person` may not give to `drive` today: "other_org", "not_your_unit", "closed", "not_started",
    "ended" (past its late-gift days); None when they may. `unit_id`: the unit the gift is of, when it is not
    the person's own (a donor from outside, of no unit, gives in the unit that collects it: 0083)."""
    unit = person.unit_id if unit_id is None else unit_id
    if drive.org_id != person.org_id:
        return "other_org"
    if not takes_gifts_of(drive, unit):
        return "not_your_unit"
    if drive.closed_at is not None:
        return "closed"
    if drive.starts_on > today:
        return "not_started"
    if today > last_gift_day(drive):
        return "ended"
    return None


@dataclass(frozen=True)
class DriveProgress:
    """A drive with what it raised, as its public statement counts it (bot.domain.statement.Figures): money,
    the value of goods and labour days, each confirmed by a treasurer and, apart, still waiting; how many
    people gave. Rejected and withdrawn entries count nowhere; reversals subtract. What was paid from it to
    hardship cases (`spent`), the money handed over to the Fund of the level above (`handed`, decision 0108)
    and what is left (`balance`), as its statement says (docs/decisions/0094)."""

    drive: Drive
    figures: Figures
    spent: Spent = field(default_factory=Spent)
    handed: int = 0
    handed_goods: int = 0  # the worth of goods handed over to the level above, and whether all went (0713)
    goods_gone: bool = False

    @property
    def balance(self) -> Balance:
        return Balance(
            self.figures.confirmed,
            self.spent,
            handed=self.handed,
            handed_goods=self.handed_goods,
            goods_gone=self.goods_gone,
        )

    @property
    def confirmed_vnd(self) -> int:
        """What counts toward the target (set in đồng): money and the value of goods, confirmed."""
        return self.figures.toward_target[0]

    @property
    def pending_vnd(self) -> int:
        """Money and the value of goods still waiting for a treasurer."""
        return self.figures.toward_target[1]

    @property
    def givers(self) -> int:
        return self.figures.givers

    @property
    def percent(self) -> int | None:
        """Confirmed money and goods against the target, in whole percent (None without a target)."""
        if not self.drive.target_vnd:
            return None
        return self.confirmed_vnd * 100 // self.drive.target_vnd


async def drives_with_progress(
    session: AsyncSession, org_id: int, *, size: int | None = None, page: int = 0
) -> list[DriveProgress]:
    """The organisation's drives, latest first, each with its progress (one query for the sums): all of
    them, or with `size` page `page` (from 0) of `size` drives (`drive_count` says how many in all)."""
    query = select(Drive).where(Drive.org_id == org_id).order_by(Drive.starts_on.desc(), Drive.id)
    if size is not None:
        query = query.limit(size).offset(page * size)
    drives = list(await session.scalars(query))
    ids = [d.id for d in drives]
    sums = await figures_by(session, Contribution.drive_id, Contribution.drive_id.in_(ids)) if ids else {}
    paid = (CaseSupport.source == "drive", CaseSupport.drive_id.in_(ids))
    spent = await spent_by(session, CaseSupport.drive_id, *paid) if ids else {}
    handed_over = (Remittance.source == "drive", Remittance.drive_id.in_(ids))
    handed = await handed_by(session, Remittance.drive_id, *handed_over) if ids else {}
    return [
        DriveProgress(d, sums.get(d.id, Figures()), spent.get(d.id, Spent()), handed.get(d.id, 0))
        for d in drives
    ]


async def drive_count(session: AsyncSession, org_id: int) -> int:
    """How many drives the organisation has, open or closed."""
    return await session.scalar(select(func.count()).select_from(Drive).where(Drive.org_id == org_id)) or 0


async def drive_progress(session: AsyncSession, drive: Drive) -> DriveProgress:
    figures = await figures_of(session, Contribution.drive_id == drive.id)
    out = await drive_out(session, drive.id)
    return DriveProgress(
        drive, figures, out.spent, out.handed, handed_goods=out.handed_goods, goods_gone=out.goods_gone
    )


@dataclass(frozen=True)
class NonGivers:
    """A page of who has not given to a drive: (unit, name) by unit then given name, and how many in all;
    `by_unit`, each unit the reader sees (by its name): (unit, how many have not given, how many people)."""

    names: list[tuple[str, str]]
    total: int
    by_unit: list[tuple[str, int, int]] = field(default_factory=list)
    # not listed, nor counted in `by_unit`: those away on long leave who have not given (decision 0740)
    away: int = 0
    # of `away`, those away on training (đi học, tập huấn), said as training (decision 2358)
    training: int = 0
    # of `total`, households: a commune counts them apart from its people (decision 1949)
    households: int = 0
    # of `by_unit`'s counts, by the unit's name, its households (how many have not given, how many it lists):
    # a hamlet's line says its households and its people apart, as the heading does (decision 2042)
    households_by_unit: dict[str, tuple[int, int]] = field(default_factory=dict)
    # the reader is among them (`total` counts her, as the drive's report does: decision 1778), and where on
    # this page (`names`' index) if there: marked for her, as an appeal to them is not sent to its writer
    # (decisions 0167, 2864)
    reader_in: bool = False
    reader_at: int | None = None


def _asked(drive: Drive, unit_ids: list[int], today: date | None) -> tuple[ColumnElement[bool], ...]:
    """The people of `unit_ids` the drive asks to give: at work, not whom it raises money for (decision
    0356), nor a poor or near-poor household of the review, whose gift is voluntary too (decision 0835). Who
    has not given and the drive's view by unit count the same people."""
    helped = Person.id.not_in(helped_by_drive(drive.id))
    asked = followed_up(drive.org_id, today or drive.starts_on)
    return (Person.unit_id.in_(unit_ids), Person.left_on.is_(None), helped, asked)


@dataclass(frozen=True)
class UnitStanding:
    """One unit in a drive's view by unit: how many of its people the drive asks (at work, not on long
    leave on the day it is read) and how many of them gave to it (`gave_to`, as “Ai chưa ủng hộ” counts
    them); what the unit's gifts to it came to (`figures`, by the unit each gift was credited to, the drive's
    own dates: never split by calendar year); and how many gave money and goods confirmed, kind by kind,
    which say whether a leader may read its amounts (`access.may_see_unit_money`, `may_see_kinds_apart`)."""

    unit: Unit
    people: int
    gave: int
    figures: Figures
    kind_givers: dict[str, int]
    labour_givers: int = 0  # who gave labour days confirmed: where one or two, the days are theirs (1599)
    households: int = 0  # of `people` and `gave`, the households: what a commune's hamlet counts (1674)
    households_gave: int = 0
    # who gave its money and goods confirmed, where one or two gave a kind (`access.few_people`)
    money_people: frozenset[int] = frozenset()

    def asked(self, *, hamlet: bool = False) -> tuple[int, int]:
        """(who gave, of how many asked): a commune's hamlet counts its households, never its head or other
        staff listed in it as people (decision 1674); one that lists no household yet, its people."""
        if hamlet and self.households:
            return self.households_gave, self.households
        return self.gave, self.people

    @property
    def money_givers(self) -> int:
        """Who gave its money and goods confirmed, each once whatever she gave (`access.givers_once`,
        decisions 0304, 2325)."""
        return givers_once(self.kind_givers, self.money_people)

    @property
    def worth(self) -> int:
        """Money and the value of goods confirmed, in đồng: what the units are ranked by."""
        return self.figures.confirmed.money + self.figures.confirmed.goods

    @property
    def started(self) -> bool:
        return bool(self.gave or self.figures.confirmed.any or self.figures.waiting.any)


async def drive_standings(
    session: AsyncSession, drive: Drive, *, today: date, of_no_unit: str = ""
) -> tuple[list[UnitStanding], UnitStanding | None]:
    """Every unit the drive takes gifts of, the most confirmed in đồng first, then the most who gave, then by
    name (decision 1534): the view an officer reads on a phone and the report the head signs list them alike.
    Who may read which unit's line is the caller's to ask (`access.may_see_drive_by_unit`). Beside them,
    what the people of no unit (the head, the office) gave to the drive, confirmed, as a standing of its own
    named `of_no_unit` (a unit never stored, its id None), or None where they gave nothing: the drive's
    screen counts their gifts in its total, so where one or two of them gave, the total less every unit
    said would be theirs (decision 1764). Never a line of its own: only pooled."""
    units = [
        u
        for u in await session.scalars(select(Unit).where(Unit.org_id == drive.org_id))
        if takes_gifts_of(drive, u.id)
    ]
    if not units:
        return [], None
    ids = sorted(u.id for u in units)
    counted = await session.execute(
        select(
            Person.unit_id,
            func.count(),
            func.count().filter(gave_to(drive)),
            func.count().filter(Person.kind == "household"),
            func.count().filter(and_(Person.kind == "household", gave_to(drive))),
        )
        .where(*_asked(drive, ids, today), not_away(today))
        .group_by(Person.unit_id)
    )
    people = {unit_id: (n, gave, homes, homes_gave) for unit_id, n, gave, homes, homes_gave in counted}
    sums = await figures_by(session, Contribution.unit_id, Contribution.drive_id == drive.id)
    # who gave what the unit's figures hold: a gift that stands, of some value (a household is one giver, as
    # is a person listed in a hamlet); one cancelled by a reversal, or goods of no value, adds nothing to
    # them, and a unit of two givers counted three would say their gifts (decision 1754)
    kinds = await session.execute(
        select(
            Contribution.unit_id,
            Contribution.kind,
            func.count(func.distinct(Contribution.person_id)),
            func.min(Contribution.person_id),
            func.max(Contribution.person_id),
        )
        .where(
            Contribution.drive_id == drive.id,
            Contribution.status == "confirmed",
            Contribution.kind.in_(("money", "goods", "labour")),
            or_(Contribution.amount_vnd > 0, Contribution.labour_days > 0),
            ~cancelled_entry(),
        )
        .group_by(Contribution.unit_id, Contribution.kind)
    )
    givers: dict[tuple[int | None, str], int] = {}
    listed: dict[int | None, frozenset[int]] = {}  # who gave money or goods, where one or two gave a kind
    for unit_id, kind, n, least, greatest in kinds:
        givers[unit_id, kind] = n
        if kind != "labour":
            listed[unit_id] = listed.get(unit_id, frozenset()) | few_people(n, least, greatest)
    standings = []
    for u in units:
        n, gave, homes, homes_gave = people.get(u.id, (0, 0, 0, 0))
        standings.append(
            UnitStanding(
                u,
                n,
                gave,
                sums.get(u.id, Figures()),
                {kind: givers.get((u.id, kind), 0) for kind in ("money", "goods")},
                givers.get((u.id, "labour"), 0),
                households=homes,
                households_gave=homes_gave,
                money_people=listed.get(u.id, frozenset()),
            )
        )
    ordered = sorted(standings, key=lambda s: (-s.worth, -s.gave, sort_key(s.unit.name), s.unit.id))
    figures = sums.get(None, Figures())
    kind_givers = {kind: givers.get((None, kind), 0) for kind in ("money", "goods")}
    if not figures.confirmed.any:
        return ordered, None
    nobodys = Unit(org_id=drive.org_id, name=of_no_unit)  # never added to the session
    labour = givers.get((None, "labour"), 0)
    gave = listed.get(None, frozenset())
    outside = UnitStanding(
        nobodys, 0, givers_once(kind_givers, gave), figures, kind_givers, labour, money_people=gave
    )
    return ordered, outside


def _givers_of(kind: str, standing: UnitStanding) -> int:
    return standing.labour_givers if kind == "labour" else standing.money_givers


def _pool_givers(kind: str, pool: Sequence[UnitStanding]) -> int:
    """Who gave `kind` of the units of `pool` together: money and goods each once, whichever of them she
    gave in (`access.givers_together`, decision 2326); labour days, their givers added up."""
    return givers_together(pool) if kind == "money" else sum(s.labour_givers for s in pool)


def said_together(
    actor: Actor | None, standings: list[UnitStanding], outside: UnitStanding | None = None
) -> frozenset[int | None]:
    """The units of `standings` whose amounts `actor` reads only together, on a line of their own: those
    where one or two gave money and goods, or labour days, that he may not read (`may_see_unit_money`: a
    leader; the report the head signs, read upward, `actor` None), and, while such a kind of theirs has fewer
    than FEWEST_GIVERS givers together, the next units of the fewest givers of it: else the drive's total on
    its screen less every unit said would be their gift (decision 1599), as the roll-up pools (0304). Every
    unit with givers of a kind, and still fewer: the drive's figure of it is theirs, as its total says.
    `outside`: the people of no unit (`drive_standings`, its id None), held and pooled as such a unit is, for
    a reader of every unit that gave, whose units said less the total would be theirs (decision 1764)."""
    every = [*standings, *([outside] if outside is not None else [])]
    held = {
        s.unit.id
        for s in every
        if not all(may_see_unit_money(actor, s.unit, _givers_of(kind, s)) for kind in ("money", "labour"))
    }
    together = set(held)
    grew = bool(together)
    while grew:  # a unit taken in for one kind may bring one or two givers of the other
        grew = False
        for kind in ("money", "labour"):
            pool = [s for s in every if s.unit.id in together]
            others = sorted(
                (s for s in standings if s.unit.id not in together and _givers_of(kind, s)),
                key=lambda s: (_givers_of(kind, s), s.unit.id),
            )
            for standing in others:
                count = _pool_givers(kind, pool)
                if not count or count >= FEWEST_GIVERS:
                    break
                together.add(standing.unit.id)
                pool.append(standing)
                grew = True
    return frozenset(together)


def pool_said(standings: list[UnitStanding], together: frozenset[int | None]) -> bool:
    """Whether the units `said_together` may be said as one line: each kind of theirs had none or three or
    more givers among them (else a reader who reads only some units would read one or two people's gift)."""
    pool = [s for s in standings if s.unit.id in together]
    counts = [_pool_givers(kind, pool) for kind in ("money", "labour")]
    return bool(pool) and not any(0 < count < FEWEST_GIVERS for count in counts)


async def non_givers(
    session: AsyncSession,
    actor: Actor | None,
    drive: Drive,
    *,
    leaders_allowed: bool,
    page: int = 0,
    size: int | None = None,
    joined: Callable[[date | None], str] | None = None,
    today: date | None = None,
) -> NonGivers:
    """Who has not given to `drive` (no gift standing, `giving.gave_to`: decision 1824), as (unit,
    name): units in alphabetical order, people by given name within a unit (`sort_key`, `person_sort_key`);
    in the units the drive covers that `actor` may see it for (bot.domain.access.may_see_who_has_not_given:
    officers and admins; leaders where the organisation allows): page `page` (from 0) of `size` names, or
    all of them without a size (none with a size of 0: how many only); and how many in all, and in each unit
    against its people (`by_unit`, read for a first page of names only). None when they may see none. Names
    only, never an amount: it is for following up, never published (0026). Namesakes on a page read apart by
    their position, else their unit, else (with `joined`, the reader's words for it) the day they joined.
    The reader, where she has not given, is counted as anyone (1778) and said apart (`reader_in`,
    `reader_at`): an appeal she sends them is not sent to her (decisions 0167, 2864).

    The database's collation does not sort Vietnamese, so the names are read, sorted here and the page cut
    from them: a drive's non-givers are an organisation's people, a few thousand at most."""
    if actor is None or actor.org_id != drive.org_id:
        return NonGivers([], 0)
    units = await session.scalars(select(Unit).where(Unit.org_id == drive.org_id))
    visible = {
        u.id: u.name
        for u in units
        if takes_gifts_of(drive, u.id)
        and may_see_who_has_not_given(actor, u, leaders_allowed=leaders_allowed)
    }
    if not visible:
        return NonGivers([], 0)
    at_work = _asked(drive, sorted(visible), today)
    # Away on long leave (maternity or sick leave, seconded) on `today`, the day the list is read: said apart,
    # never listed (decision 0740); without a day, nobody is taken as away.
    here = not_away(today) if today is not None else true()
    who = (*at_work, here, ~gave_to(drive))
    if size == 0:
        return NonGivers([], await session.scalar(select(func.count()).select_from(Person).where(*who)) or 0)
    away_count = training = 0  # without a day nobody is taken as away
    if today is not None:  # those away, and of them on training, said as training (decision 2358): one read
        counted = select(func.count(), func.count().filter(on_training(today)))
        away_count, training = (
            await session.execute(counted.select_from(Person).where(*at_work, ~here, ~gave_to(drive)))
        ).one()
    rows = await session.execute(
        select(Person.unit_id, Person.full_name, Person.id, Person.position, Person.kind).where(*who)
    )
    ordered = sorted(
        rows,
        key=lambda row: (sort_key(visible[row.unit_id]), row.unit_id, person_sort_key(row.full_name), row.id),
    )
    shown = ordered if size is None else ordered[page * size : (page + 1) * size]
    # One page is one message: namesakes on it read apart by their position, else their unit, else the day
    # they joined (names_told_apart).
    listed = [(row.id, row.full_name, row.position, visible[row.unit_id]) for row in shown]
    if joined is None:
        names = told_apart([entry[1:] for entry in listed])
    else:
        names = await names_told_apart(session, listed, joined)
    by_unit: list[tuple[str, int, int]] = []
    households: dict[str, tuple[int, int]] = {}
    if page == 0 and size != 0:  # the units' counts head the list's first page only: not read for the others
        missing = Counter(row.unit_id for row in ordered)
        missing_households = Counter(row.unit_id for row in ordered if row.kind == "household")
        listed_by_kind = await session.execute(
            select(Person.unit_id, Person.kind, func.count())
            .where(*at_work, here)
            .group_by(Person.unit_id, Person.kind)
        )
        people, listed_households = Counter[int](), Counter[int]()
        for unit_id, kind, n in listed_by_kind:
            people[unit_id] += n
            if kind == "household":
                listed_households[unit_id] += n
        counted = ((visible[unit_id], missing[unit_id], n) for unit_id, n in people.items())
        by_unit = sorted(counted, key=lambda row: sort_key(row[0]))
        households = {
            visible[unit_id]: (missing_households[unit_id], n) for unit_id, n in listed_households.items()
        }
    reader_at = next((at for at, row in enumerate(shown) if row.id == actor.person_id), None)
    return NonGivers(
        [(visible[row.unit_id], name) for row, name in zip(shown, names, strict=True)],
        len(ordered),
        by_unit,
        away=away_count,
        training=training,
        households=sum(row.kind == "household" for row in ordered),
        households_by_unit=households,
        reader_in=any(row.id == actor.person_id for row in ordered),
        reader_at=reader_at,
    )
