"""The treasurer's queue: per drive, the contributions waiting for this treasurer, oldest first, a page at a
time; several confirmed at once, or rejected with one reason. What a treasurer may decide is the access rule
(`decidable_by` in SQL, `decide_refusal` again on each entry when deciding): the queue never lists an entry
they gave or recorded, nor one of a unit they do not cover.

Beside the drives, the queue by collector (docs/decisions/0097): the money a hamlet or union officer recorded
for others and hands over in cash with their handover list (bot.domain.collected.handover_list), grouped by
who recorded it, so the treasurer who counts the cash against the list confirms it in one go."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.db.models import AuditLog, Contribution, Drive, Evidence, Person, Unit
from bot.delivery.outbox import reach
from bot.domain.access import (
    Acting,
    Actor,
    confirms_beyond_a_week,
    decidable_by,
    gives_to_own_case,
    held_back_from,
    may_ask_for_receipt,
    may_be_asked_for_receipt,
    may_be_told_of_double,
    no_one_may_decide,
    officer_confirms,
    recorded_for_others_in,
    to_own_case,
)
from bot.domain.audit import audit
from bot.domain.contributions import (
    RECEIPT_ASKED,
    Double,
    LedgerError,
    decide,
    possible_doubles,
    said_sent_in,
)
from bot.domain.notices import Heard, contributions_decided, receipt_ask_day, receipts_asked
from bot.domain.statement import cancelled_entry
from bot.text import as_household, sort_key, told_apart

# Ten a page: 39 gifts in four pages. A page of ten realistic lines (names, units, goods clipped by the
# queue's labels) stays within one Zalo message of 2,000 characters (tests/test_queue.py proves it).
PAGE_SIZE = 10
GENERAL = None  # the Fund in general: entries with no drive


@dataclass(frozen=True)
class WaitingDrive:
    """A drive (or the Fund in general, `drive_id` None) with how many entries wait for the treasurer."""

    drive_id: int | None
    title: str | None
    waiting: int


@dataclass(frozen=True)
class Waiting:
    """One entry of the queue, as the treasurer sees it."""

    id: int
    ref: str
    created_at: datetime
    kind: str
    amount_vnd: int
    labour_days: int
    description: str | None
    giver: str
    unit: str | None
    photo: str | None  # the first evidence photo's path, if any
    giver_kind: str = "staff"  # "household" (shown as “Hộ …” on a handover list), "donor", "staff"
    # Deducted from the giver's salary (a payroll's sheet): checked against the payroll's transfer, not cash
    # (docs/decisions/0400, 0420).
    from_payroll: bool = False
    giver_id: int = 0
    # What tells the giver apart from a namesake of the same unit on the same list (“Tổ 5”: two households of
    # a hamlet whose heads bear one name), else None (`_namesakes_told_apart`, decision 0484).
    giver_position: str | None = None
    year: int = 0  # the year it counts for, and the bank's credit it was recorded from, if any: whether its
    bank_credit: str | None = None  # recorder said it sent in the year just ended (`said_sent`, 1094)
    # Its note as recorded (“tiền mặt”, “chuyển khoản”: how it was paid, where the giver said), else None: on
    # the queue's line, so cash is told from transfers without opening each (decision 2223).
    note: str | None = None
    # The standing gifts this one may double: the very same evidence photo, the same gift recorded twice
    # (`possible_doubles`, docs/decisions/0200).
    doubles: tuple[Double, ...] = ()
    # When the treasurer last asked its recorder for the receipt's photo (`ask_for_receipts`), else None.
    receipt_asked: datetime | None = None
    # A money gift of FAR_TIMES or more its giver's usual gift (“5.000.000 ₫” typed for 500.000 ₫), or a
    # FAR_TIMES-th of it: that figure, else None (`far_from_the_others`, decisions 1605, 1648, 1732, 1812).
    usual_vnd: int | None = None

    @property
    def said_sent(self) -> int | None:
        """The year just ended its recorder said this transfer was sent in (`said_sent_in`), else None."""
        return said_sent_in(self, donor=self.giver_kind == "donor")

    @property
    def giver_as_listed(self) -> str:
        """The giver as the handover list names them: a household as a household's (“Hộ …”)."""
        return as_household(self.giver) if self.giver_kind == "household" else self.giver


@dataclass(frozen=True)
class Decided:
    """What became of each entry of a batch: refs decided, and refs refused with the reason."""

    done: list[str]
    refused: list[tuple[str, str]]
    heard: dict[str, Heard] = field(default_factory=dict)  # who heard of each decided ref (GIVER mostly)


def _waiting(actor: Actor):  # type: ignore[no-untyped-def]
    return (Contribution.status == "recorded", decidable_by(actor))


async def waiting_drives(session: AsyncSession, actor: Actor) -> list[WaitingDrive]:
    """The drives with entries waiting for `actor`, the Fund in general first, then by drive title
    (`sort_key`)."""
    rows = await session.execute(
        select(Contribution.drive_id, Drive.title, func.count())
        .outerjoin(Drive, Drive.id == Contribution.drive_id)
        .where(*_waiting(actor))
        .group_by(Contribution.drive_id, Drive.title)
    )
    drives = [WaitingDrive(drive_id, title, int(count)) for drive_id, title, count in rows]
    return sorted(drives, key=lambda d: (d.drive_id is not None, sort_key(d.title or ""), d.drive_id or 0))


@dataclass(frozen=True)
class HeldBack:
    """Entries waiting that `actor` gave or recorded, or that went to a drive for her own hardship case, so
    another treasurer must decide them: how many, how many of those no other treasurer may decide (a second
    treasurer is needed), and how many went to her own case (`own_case`: said for that reason, not as hers,
    decision 0630)."""

    waiting: int
    nobody_else: int
    own_case: int = 0
    by_officer: int = 0  # hers that an officer confirms, no other treasurer being there (decision 2464)


async def held_back(session: AsyncSession, actor: Actor) -> HeldBack:
    """What waits for another treasurer because `actor` gave or recorded it, or because it went to her own
    case (one query)."""
    waiting = (Contribution.status == "recorded", held_back_from(actor))
    theirs = or_(Contribution.person_id == actor.person_id, Contribution.recorded_by == actor.person_id)
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(no_one_may_decide()),
                func.count().filter(and_(~theirs, to_own_case(actor.person_id))),
                func.count().filter(and_(theirs, officer_confirms())),
            )
            .select_from(Contribution)
            .where(*waiting)
        )
    ).one()
    return HeldBack(int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def _of_drive(drive_id: int | None):  # type: ignore[no-untyped-def]
    return Contribution.drive_id.is_(None) if drive_id is None else Contribution.drive_id == drive_id


def _listed():  # type: ignore[no-untyped-def]
    """The columns of a `Waiting` line: the entry, its giver, unit and first evidence photo."""
    photo = (
        select(Evidence.path)
        .where(Evidence.contribution_id == Contribution.id)
        .order_by(Evidence.id)
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(
            Contribution.id,
            Contribution.ref,
            Contribution.created_at,
            Contribution.kind,
            Contribution.amount_vnd,
            Contribution.labour_days,
            Contribution.description,
            Person.full_name,
            Unit.name,
            photo,
            Person.kind,
            Contribution.from_payroll,
            Person.id,
            Person.position,
            Contribution.year,
            Contribution.bank_credit,
            Contribution.note,
        )
        .join(Person, Person.id == Contribution.person_id)
        .outerjoin(Unit, Unit.id == Contribution.unit_id)
    )


async def _with_doubles(
    session: AsyncSession, actor: Actor, rows: Sequence[Sequence[object]]
) -> list[Waiting]:
    """The lines `rows` (of `_listed`), each with the gifts it may double, as `actor` may be told of them."""
    listed = _namesakes_told_apart([Waiting(*row) for row in rows])  # type: ignore[arg-type]
    doubles = await possible_doubles(session, actor, [row.id for row in listed])
    asked = await _receipts_asked(session, [row.id for row in listed if not row.photo])
    usual = await far_among(
        session, actor, [(row.id, row.giver_id, row.kind, row.amount_vnd) for row in listed]
    )
    return [
        replace(
            row, doubles=doubles.get(row.id, ()), receipt_asked=asked.get(row.id), usual_vnd=usual.get(row.id)
        )
        for row in listed
    ]


FAR_TIMES = 10  # ten times the giver's usual gift, or a tenth: a zero typed too many or too few (1605, 1648)


def far_from(amount: int, others: Sequence[int]) -> int | None:
    """The giver's usual gift, out of her other gifts `others`, that `amount` is FAR_TIMES or more of, or a
    FAR_TIMES-th or less; None where it is near (decisions 1648, 1732, 1812). The usual gift is their middle,
    the higher of the two where they are even, leaving out any of them ten times off their lower middle one
    — a slip already among them, which is no one's usual gift. The middle, so that one gift far from the rest
    (a slip, a Tết gift) neither hides the next slip nor is taken for the measure; the higher of two, so that
    50.000 ₫ beside 300.000 ₫ and 500.000 ₫ is read a zero short of 500.000 ₫. But where the gifts left out
    on one side are as many as those kept (50.000 ₫ and 500.000 ₫), nothing tells which is usual: that side's
    farthest gift is a usual one too, so a gift is marked only beyond all of them, and named against the
    nearer. One of her gifts each: the figure the mark names is one she gave."""
    ordered = sorted(others)
    middle = ordered[(len(ordered) - 1) // 2]
    below = [figure for figure in ordered if figure * FAR_TIMES <= middle]
    above = [figure for figure in ordered if figure >= FAR_TIMES * middle]
    near = ordered[len(below) : len(ordered) - len(above)]
    usual = near[len(near) // 2]
    highest = above[-1] if len(above) >= len(near) else usual
    if amount >= FAR_TIMES * highest:
        return highest
    lowest = below[0] if len(below) >= len(near) else usual
    return lowest if amount * FAR_TIMES <= lowest else None


async def far_from_the_others(
    session: AsyncSession, actor: Acting, ids: Sequence[int], figures: Mapping[int, int] | None = None
) -> dict[int, int]:
    """Of the money gifts `ids`, those far from the other money gifts of their giver (waiting or confirmed,
    never a correction's line nor a gift one cancelled: decision 1860), with the figure they are held
    against, her usual gift (`far_from`): FAR_TIMES or more of it (“5.000.000 ₫” typed for 500.000 ₫), or a
    FAR_TIMES-th or less (“50.000 ₫” for 500.000 ₫; decisions 1648, 1732). Measured at the figure `figures`
    gives a gift (what arrived of it, typed at “Nhận số khác” or read off the bank's statement), else at its
    own. The one rule of the mark, wherever a gift is listed for her decision: the queue's page and last
    look, the look-up and “Nhận số khác”, the bank statement's matches. Only the gifts `actor` may look up
    are held against it: the figure is said on the line, and a gift of a unit she does not cover is not hers
    to see, not even by its figure (decision 1624). Two queries, whatever the number of `ids`; one where the
    gifts are read already (`far_among`)."""
    if not ids:
        return {}
    gifts = await session.execute(
        select(Contribution.id, Contribution.person_id, Contribution.kind, Contribution.amount_vnd).where(
            Contribution.id.in_(ids)
        )
    )
    return await far_among(session, actor, [tuple(gift) for gift in gifts], figures)


async def far_among(
    session: AsyncSession,
    actor: Acting,
    gifts: Sequence[tuple[int, int, str, int]],
    figures: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """`far_from_the_others` of `gifts` read already, each its id, giver, kind and amount as recorded: the
    queue's page carries them in its own query, and the gifts are not read again by id. The money gifts
    alone are measured, here, for both. One query."""
    figures = figures or {}
    listed = [
        (gift_id, giver, amount) for gift_id, giver, kind, amount in gifts if kind == "money" and amount > 0
    ]
    if not listed:
        return {}
    rows = await session.execute(
        select(
            Contribution.person_id,
            Contribution.id,
            Contribution.amount_vnd,
            Contribution.org_id,
            Contribution.unit_id,
        ).where(
            Contribution.person_id.in_({giver for _id, giver, _amount in listed}),
            Contribution.kind == "money",
            Contribution.status.in_(("recorded", "confirmed")),
            ~cancelled_entry(),  # a reversal, and a slip it cancelled, are no gift (1824, 1860)
            Contribution.amount_vnd > 0,
        )
    )
    theirs: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        if may_be_told_of_double(actor, row):  # as a double's code is: whoever may look it up (0201)
            theirs.setdefault(row.person_id, []).append((row.id, row.amount_vnd))
    far = {}
    for gift_id, giver_id, recorded in listed:
        amount = figures.get(gift_id, recorded)
        others = [figure for entry_id, figure in theirs.get(giver_id, []) if entry_id != gift_id]
        if not others or amount <= 0:
            continue
        if (usual := far_from(amount, others)) is not None:
            far[gift_id] = usual
    return far


async def _receipts_asked(session: AsyncSession, ids: Sequence[int]) -> dict[int, datetime]:
    """When the recorder of each of `ids` was last asked for its receipt (its audit rows), where they were."""
    if not ids:
        return {}
    rows = await session.execute(
        select(AuditLog.entity_id, func.max(AuditLog.at))
        .where(AuditLog.entity == "contribution", AuditLog.entity_id.in_(list(ids)))
        .where(AuditLog.action == RECEIPT_ASKED)
        .group_by(AuditLog.entity_id)
    )
    return {int(entry): at for entry, at in rows}


def _namesakes_told_apart(listed: list[Waiting]) -> list[Waiting]:
    """`listed` with each giver's position kept only where it tells them apart from another giver of the
    same name and unit on the list (`bot.text.told_apart`, as the officer's search list does: decision 0259),
    so that the treasurer reads whose cash each line is (decision 0484)."""
    givers = {row.giver_id: (f"{row.giver}\x00{row.unit or ''}", row.giver_position) for row in listed}
    named = told_apart(list(givers.values()))
    apart = {
        giver_id for (giver_id, (name, _)), shown in zip(givers.items(), named, strict=True) if shown != name
    }
    return [row if row.giver_id in apart else replace(row, giver_position=None) for row in listed]


async def waiting_entries(session: AsyncSession, actor: Actor, ids: Sequence[int]) -> list[Waiting]:
    """Those of `ids` still waiting for `actor`, oldest first, as the queue lists them: what a last look
    before deciding them shows."""
    if not ids:
        return []
    rows = await session.execute(
        _listed()
        .where(Contribution.id.in_(list(ids)), *_waiting(actor))
        .order_by(Contribution.created_at, Contribution.id)
    )
    return await _with_doubles(session, actor, list(rows))


async def beyond_a_week(session: AsyncSession, actor: Actor, ids: Sequence[int]) -> set[int]:
    """Of `ids`, the labour days `actor` may not confirm as they stand: more than a week's, where she would
    confirm them as the officer who organised the day (bot.domain.access.confirms_beyond_a_week; decide
    refuses them, "more_than_a_week"). Said at the last look, before anything is pressed (decision 0442)."""
    entries = await session.scalars(
        select(Contribution).where(Contribution.id.in_(list(ids)), Contribution.kind == "labour")
    )
    return {entry.id for entry in entries if confirms_beyond_a_week(actor, entry, entry.labour_days)}


async def waiting_page(
    session: AsyncSession, actor: Actor, drive_id: int | None, *, page: int = 0, size: int = PAGE_SIZE
) -> tuple[list[Waiting], int]:
    """One page of the entries of `drive_id` waiting for `actor`, oldest first, and how many wait in all."""
    where = (*_waiting(actor), _of_drive(drive_id))
    total = await session.scalar(select(func.count()).select_from(Contribution).where(*where)) or 0
    rows = await session.execute(
        _listed()
        .where(*where)
        .order_by(Contribution.created_at, Contribution.id)
        .offset(page * size)
        .limit(size)
    )
    return await _with_doubles(session, actor, list(rows)), int(total)


async def waiting_money(session: AsyncSession, actor: Actor, drive_id: int | None) -> int:
    """The money of all the entries of `drive_id` waiting for `actor`, every page: what she holds against the
    bank's total (decision 1603)."""
    where = (*_waiting(actor), _of_drive(drive_id), Contribution.kind == "money")
    return int(await session.scalar(select(func.sum(Contribution.amount_vnd)).where(*where)) or 0)


@dataclass(frozen=True)
class WaitingCollector:
    """Someone who recorded money for others that waits for the treasurer (a hamlet officer, say): their name
    and unit, as their handover list has them; how many entries and how much `actor` may confirm; how many
    more of theirs another treasurer decides (another unit's, say: never their amounts), and of those, how
    many no treasurer may decide but their giver or the collector (`stuck`: a treasurer's own deduction,
    recorded by the accountant who is the only other treasurer — a third one is needed), and how many an
    officer covering it confirms instead (`by_officer`: the same, an officer covering it, decision 2430)."""

    person_id: int
    name: str
    unit: str | None
    waiting: int
    total_vnd: int
    elsewhere: int
    stuck: int = 0
    by_officer: int = 0


def _handed_over(org_id: int):  # type: ignore[no-untyped-def]
    """What a handover list holds: money recorded for someone else that still waits for a treasurer."""
    return (Contribution.status == "recorded", Contribution.kind == "money", recorded_for_others_in(org_id))


def collectors_named(collectors: Sequence[WaitingCollector]) -> list[str]:
    """The names of `collectors` as one line lists them: namesakes (two hamlet officers called Đặng Thị Bình)
    each with their unit, as “Theo người thu” shows them, never the same words for two people (0575)."""
    return told_apart([(collector.name, collector.unit) for collector in collectors])


async def waiting_by_collector(session: AsyncSession, actor: Actor) -> list[WaitingCollector]:
    """The collectors with money recorded for others waiting for `actor`, in Vietnamese order of their names
    (`sort_key`): one query. Only what `actor` may decide is counted and summed (`decidable_by`: never what
    they recorded themselves, so a treasurer who collects is not among their own collectors); the rest of a
    collector's waiting money is only counted, as `elsewhere`."""
    collector = aliased(Person)
    mine = decidable_by(actor)
    # A CASE, not NOT(...): an entry with no unit is not `mine` for a unit's treasurer, and is elsewhere.
    theirs, elsewhere = case((mine, 1), else_=0), case((mine, 0), else_=1)
    rows = await session.execute(
        select(
            Contribution.recorded_by,
            collector.full_name,
            Unit.name,
            func.sum(theirs),
            func.coalesce(func.sum(case((mine, Contribution.amount_vnd), else_=0)), 0),
            func.sum(elsewhere),
            func.sum(case((and_(~mine, no_one_may_decide()), 1), else_=0)),
            func.sum(case((and_(~mine, officer_confirms()), 1), else_=0)),
        )
        .join(collector, collector.id == Contribution.recorded_by)
        .outerjoin(Unit, Unit.id == collector.unit_id)
        .where(*_handed_over(actor.org_id))
        .group_by(Contribution.recorded_by, collector.full_name, Unit.name)
        .having(func.sum(theirs) > 0)
    )
    collectors = [
        WaitingCollector(int(person), name, unit, *(int(n or 0) for n in counts))
        for person, name, unit, *counts in rows
    ]
    return sorted(collectors, key=lambda c: (sort_key(c.name), c.person_id))


async def collector_waiting(session: AsyncSession, actor: Actor, collector_id: int) -> list[Waiting]:
    """The money `collector_id` recorded for others that waits for `actor` to confirm, oldest first as their
    handover list lists it (one query): the list's rows that are `actor`'s to decide."""
    rows = await session.execute(
        _listed()
        .where(
            *_handed_over(actor.org_id),
            Contribution.recorded_by == collector_id,
            decidable_by(actor),
        )
        .order_by(Contribution.created_at, Contribution.id)
    )
    return await _with_doubles(session, actor, list(rows))


async def still_waiting(session: AsyncSession, actor: Actor, ids: Sequence[int]) -> list[int]:
    """Those of `ids` that still wait for `actor` (another treasurer may have decided some meanwhile)."""
    if not ids:
        return []
    rows = await session.scalars(
        select(Contribution.id)
        .where(Contribution.id.in_(list(ids)), *_waiting(actor))
        .order_by(Contribution.id)
    )
    return list(rows)


async def decide_several(
    session: AsyncSession,
    actor: Actor | None,
    ids: Sequence[int],
    *,
    confirmed: bool,
    now: datetime,
    reason: str | None = None,
    settings: Settings | None = None,
) -> Decided:
    """Confirm (or reject, with one `reason`) each entry of `ids`, each through `decide`: each is checked by
    the access rule, audited, and its giver told in their own language. An entry someone decided meanwhile,
    or one `actor` may not decide, is reported as refused; the others are still decided."""
    decided = Decided([], [])
    entries = await session.scalars(
        select(Contribution).where(Contribution.id.in_(list(ids))).order_by(Contribution.id).with_for_update()
    )
    done = []
    for entry in list(entries):
        try:
            await decide(
                session,
                entry,
                confirmed=confirmed,
                actor=actor,
                now=now,
                reason=reason,
                settings=settings,
                tell=False,
            )
        except LedgerError as problem:
            decided.refused.append((entry.ref, problem.reason))
        else:
            decided.done.append(entry.ref)
            done.append(entry)
    # told together: whoever recorded several of them hears of them in one notice
    decided.heard.update(await contributions_decided(session, done, now=now, settings=settings))
    return decided


@dataclass(frozen=True)
class Asked:
    """What became of each entry whose receipt a treasurer asked for: the refs whose recorder is asked now,
    and the refs not asked, each with why: "asked_today" (asked already today: one message a day),
    "has_receipt", "no_receipt" (deducted from the payroll, or recorded from the bank's statement: the sheet
    or the bank's line is its evidence), "no_account" (its recorder is on no messenger: to be phoned),
    "recorder_left" (recorded for someone else by one who has since left: never told them, 0647),
    "not_allowed" (decided meanwhile, labour days, or not hers to decide)."""

    asked: list[str]
    refused: list[tuple[str, str]]


async def ask_for_receipts(
    session: AsyncSession,
    actor: Actor | None,
    ids: Sequence[int],
    *,
    now: datetime,
    settings: Settings | None,
) -> Asked:
    """Ask the recorder of each of `ids` for its receipt's photo (`notices.receipts_asked`), where `actor` may
    (`access.may_ask_for_receipt`: the treasurer who may decide it) and it has none yet; each ask audited, so
    that the queue shows when it was asked (docs/decisions/0538). A gift is asked once the day its message
    goes out (0574), and each recorder reads one message naming all of theirs asked at once (0607)."""
    why: dict[str, str] = {}
    entries = list(
        await session.scalars(
            select(Contribution)
            .where(Contribution.id.in_(list(ids)))
            .order_by(Contribution.created_at, Contribution.id)
        )
    )
    last_asked = await _receipts_asked(session, [entry.id for entry in entries])
    recorders = {entry.recorded_by for entry in entries if entry.recorded_by not in (None, entry.person_id)}
    gone = set(
        await session.scalars(select(Person.id).where(Person.id.in_(recorders), Person.left_on.is_not(None)))
    )
    today = receipt_ask_day(now, settings)
    by_recorder: dict[int, list[Contribution]] = {}
    for entry in entries:
        if not may_ask_for_receipt(actor, entry, for_own_case=await gives_to_own_case(session, actor, entry)):
            why[entry.ref] = "not_allowed"
        elif entry.from_payroll or entry.bank_credit:  # the payroll's sheet, the bank's line: its evidence
            why[entry.ref] = "no_receipt"
        elif await session.scalar(select(Evidence.id).where(Evidence.contribution_id == entry.id).limit(1)):
            why[entry.ref] = "has_receipt"
        elif not may_be_asked_for_receipt(entry.recorded_by in gone, entry):  # he left (0647)
            why[entry.ref] = "recorder_left"
        elif entry.id in last_asked and receipt_ask_day(last_asked[entry.id], settings) == today:
            why[entry.ref] = "asked_today"
        else:
            by_recorder.setdefault(entry.recorded_by or entry.person_id, []).append(entry)
    for recorder, theirs in sorted(by_recorder.items()):  # their rows locked in order of id, as `offer_many`
        if await receipts_asked(session, theirs, now=now, settings=settings) is None:
            # its message of the day is written already, or it has no one to go to
            reached = await reach(session, recorder) is not None
            why.update((entry.ref, "asked_today" if reached else "no_account") for entry in theirs)
            continue
        assert actor is not None
        for entry in theirs:
            audit(
                session,
                at=now,
                actor_id=actor.person_id,
                action=RECEIPT_ASKED,
                entity="contribution",
                entity_id=entry.id,
            )
            why[entry.ref] = "asked"
    outcome = Asked([], [])
    for entry in entries:
        if why[entry.ref] == "asked":
            outcome.asked.append(entry.ref)
        else:
            outcome.refused.append((entry.ref, why[entry.ref]))
    return outcome
