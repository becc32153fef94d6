"""The contribution ledger: entries are appended, confirmed or rejected by a treasurer, and corrected only
by a reversal entry — an amount once recorded is never edited; a wrong figure is replaced by the reversal and
a new entry written together (`correct`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Row,
    Select,
    String,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.config import Settings
from bot.db.models import (
    CONTRIBUTION_KINDS,
    REF_PREFIX,
    REF_PREFIX_SHAPE,
    AuditLog,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Drive,
    Evidence,
    Organisation,
    Person,
    RefCounter,
    Unit,
)
from bot.db.ops import among, in_chunks, insert_ignore
from bot.domain.access import (
    VOUCHED_MOST_DAYS,
    Acting,
    Actor,
    actor_for,
    confirms_beyond_a_week,
    correct_refusal_of,
    decide_refusal_of,
    gives_to_own_case,
    may_be_told_of_double,
    may_look_up_contribution,
    may_record_donor_gift,
    may_record_labour_for,
    may_record_payroll,
    may_withdraw_contribution,
    move_refusal,
    person_may_act_for,
    reverse_refusal_of,
    subject_for,
    vouched_labour,
)
from bot.domain.appeals import ask_again, stop_asking
from bot.domain.audit import audit
from bot.domain.campaigns import first_year_at_work, gone_by_at_work
from bot.domain.commitments import owner_key
from bot.domain.drives import refusal_to_give, takes_gifts_of
from bot.domain.notices import (
    Heard,
    contribution_corrected,
    contribution_decided,
    contribution_moved,
    contribution_recorded_for,
    contribution_reversed,
    contribution_withdrawn_for,
    contributions_waiting,
    figure_of,
    receipt_no_longer_asked,
    source_overdrawn,
    vouched_days_disowned,
    waiting_recounted,
)
from bot.domain.spending import Shortfall, shortfall_after
from bot.text import fold, match_key, sort_key

DOUBLE_WINDOW = timedelta(hours=24)  # how far back the last look looks for the same gift recorded twice
# With a receipt on hand: how far back a gift still waiting without one is looked for too, the receipt sent
# days after the gift was recorded without it (docs/decisions/0491)
RECEIPT_WINDOW = timedelta(days=7)
# The audit row of a treasurer's ask for a gift's receipt (bot.domain.queue.ask_for_receipts): the window
# above runs from the ask too, the photo sent at the menu weeks after the gift (docs/decisions/0574).
RECEIPT_ASKED = "contribution.receipt_asked"
# What a reference code looks like, in one place (decision 0140): an organisation's letters
# (`REF_PREFIX_SHAPE`), a year, a number. Typed alone: any organisation's letters or none (the reader's own).
_LETTERS = REF_PREFIX_SHAPE.pattern
_REF_SHAPE = re.compile(rf"^({_LETTERS})?[\s-]*(\d{{4}})[\s-]*(\d{{1,7}})$")
# In a few words (“rút lại CT-2026-000001”, “ct-2026-1”): the letters, the year and the number with a dash
# before it, so that no amount or date reads as one.
CODE_IN_WORDS = re.compile(rf"\b{_LETTERS}-?[0-9]{{4}}-[0-9]{{1,7}}\b", re.IGNORECASE)
# Part of a code: four figures in a row (its year, its number).
_FOUR_FIGURES = re.compile(r"[0-9]{4}")


def code_shaped(text: str, prefixes: Collection[str]) -> bool:
    """Whether `text` has a code's shape, whole or in part: one of the organisations' `prefixes` alone or
    before figures (“CT”, “xathac 26 1”), or four figures in a row. Words that merely start with letters
    (“donate 1tr”), or a prefix that is also a word among others, are not one."""
    if _FOUR_FIGURES.search(text):
        return True
    letters = "|".join(re.escape(prefix) for prefix in prefixes)
    shape = rf"^\s*(?:{letters})\s*$|\b(?:{letters})[\s-]*[0-9]"
    return bool(letters) and re.search(shape, text, re.IGNORECASE) is not None


class LedgerError(Exception):
    """A ledger action refused; `reason` names why ("not_allowed", "own_contribution", "already_decided"…)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_COUNTER = RefCounter.__table__
_BUMP_REF = (  # on the table, not the entity: no ORM bookkeeping of loaded counters to keep in step
    update(_COUNTER)
    .where(_COUNTER.c.prefix == bindparam("ref_prefix"), _COUNTER.c.year == bindparam("ref_year"))
    .values(last=_COUNTER.c.last + 1)
    .returning(_COUNTER.c.last)
)


async def ref_prefix_of(session: AsyncSession, org_id: int) -> str:
    """The letters the organisation's codes begin with (“CT”, “XATHAC”: decision 0140)."""
    return (await session.get_one(Organisation, org_id)).ref_prefix


async def ref_prefixes(session: AsyncSession) -> set[str]:
    """The letters every organisation's codes begin with, and “CT”, every code's before each had its own."""
    return {REF_PREFIX, *await session.scalars(select(Organisation.ref_prefix))}


async def next_ref(session: AsyncSession, year: int, org_id: int) -> str:
    """CT-2026-000123: the organisation's own per-year sequence under its own prefix (decision 0140), safe
    under concurrent writers (the row update locks). The year's counter row is created by the first entry of
    the year (a racing twin's insert is absorbed)."""
    prefix = await ref_prefix_of(session, org_id)
    params = {"ref_prefix": prefix, "ref_year": year}
    number = (await session.execute(_BUMP_REF, params)).scalar_one_or_none()
    if number is None:
        await insert_ignore(session, RefCounter, {"prefix": prefix, "year": year, "last": 0})
        number = (await session.execute(_BUMP_REF, params)).scalar_one()
    return f"{prefix}-{year}-{number:06d}"


@dataclass(frozen=True)
class NewContribution:
    kind: str
    amount_vnd: int = 0
    labour_days: int = 0
    description: str | None = None
    note: str | None = None
    drive_id: int | None = None
    # A gift from a donor outside the organisation (a person of kind "donor", of no unit): the unit it was
    # collected in, which counts it (bot.domain.donors, docs/decisions/0083). Ignored for anyone else.
    collected_in: int | None = None


@dataclass(frozen=True)
class Receipt:
    """A photo kept as a gift's evidence when it is recorded (its file under the media directory)."""

    sha256: str
    path: str
    size: int
    channel: str


def recording_refused(session: AsyncSession, by: Person, person: Person, *, now: datetime) -> LedgerError:
    """`by` may not record for `person`: the refusal audited in the session's transaction, and the error to
    raise ("not_allowed")."""
    audit(
        session,
        at=now,
        actor_id=by.id,
        action="contribution.record_refused",
        entity="person",
        entity_id=person.id,
    )
    return LedgerError("not_allowed")


def sent_year(today: date, drive: Drive | None) -> int | None:
    """The year a member's money recorded `today` may count for when her transfer's receipt shows it was
    sent in the year just ended: that year, while it is still at work (through March, `first_year_at_work`,
    as a donor's credit of that year: bot.domain.donors.credit_year), to the Fund or a drive that began in it.
    A transfer of 31/12/2026 typed on 2/1/2027 is 2026's money, as the account's balance of 31/12 and 2026's
    book hold it; the treasurer confirms it against the receipt (decision 1006). None otherwise."""
    ended = today.year - 1
    if first_year_at_work(today) > ended or (drive is not None and drive.starts_on.year > ended):
        return None
    return ended


def year_counted(year: int, today: date) -> int:
    """The year an entry of `year` counts for when it is confirmed or corrected `today`: its own while that
    year is still at work (through March for the year just ended, `first_year_at_work`), else this year.
    From April the year just ended is reported and its figures closed: a gift confirmed or corrected then
    counts in the year it is confirmed or corrected in, never in figures already reported (decisions 1218,
    1219)."""
    return year if year >= first_year_at_work(today) else today.year


class SaidSentLike(Protocol):
    """A gift as `said_sent_in` reads it: a Contribution, or a line of the treasurer's queue."""

    kind: str
    year: int
    created_at: datetime
    bank_credit: str | None
    from_payroll: bool


def ref_year(ref: str) -> int:
    """The year of a code (CT-2026-000123: 2026), the year its entry was recorded for: an entry confirmed
    after its year was reported counts for the next one (`year_counted`), and keeps its code (0935)."""
    return int(ref.rsplit("-", 2)[-2])


def said_sent_in(entry: SaidSentLike, *, donor: bool, year: int | None = None) -> int | None:
    """The year just ended a member's money recorded in January to March was said sent in, at its last look,
    with its receipt's photo (`sent_year`, decision 1006): the year the treasurer checks the receipt's day
    against (decision 1094). None for a gift that counts for the year it was recorded in, and for money whose
    year the bank's statement or the payroll gave, which is no one's word. `donor`: its giver is a donor from
    outside (`Person.kind`, which the gift does not carry). `year`: the year it was recorded for where a
    confirmation after its year was reported moved `entry.year` on (`ref_year` of its code)."""
    if entry.kind != "money" or entry.bank_credit is not None or donor or entry.from_payroll:
        return None
    year = entry.year if year is None else year
    return year if year < local_date(entry.created_at).year else None


async def record_contribution(
    session: AsyncSession,
    *,
    person: Person,
    recorded_by: Person,
    entry: NewContribution,
    now: datetime,
    settings: Settings | None = None,
    payroll: bool = False,
    vouched: bool = False,
    worked: date | None = None,
    year: int | None = None,
    receipts: Sequence[Receipt] = (),
) -> Contribution:
    """Append an entry, waiting for a treasurer; the treasurers who may decide it are told how many wait
    (bot.domain.notices; `settings` for the quiet hours, None: the defaults). An entry for a drive goes only
    to an open drive of the person's organisation that covers their unit ("drive_closed", "drive_other_org"…
    otherwise: bot.domain.drives.refusal_to_give).

    `recorded_by` other than `person`: an officer records for a household or someone without a phone
    (bot.domain.access.may_act_for, else "not_allowed", and the attempt leaves an audit row); the entry is
    the person's, and they are told if they have a messenger account. What the drive's appeals still hold
    for the person is not sent (bot.domain.appeals.stop_asking).

    A donor from outside the organisation (`person.kind` "donor") belongs to no unit: the entry is of the
    unit it was collected in (`entry.collected_in`), which the recorder must cover as a treasurer or officer
    (bot.domain.access.may_record_donor_gift, else "not_allowed", audited as above).

    `payroll`: a gift deducted from the person's salary, recorded from the accountant's sheet by a treasurer
    of their unit (bot.domain.access.may_record_payroll, else "not_allowed"; bot.domain.payroll).

    `vouched`: labour days an officer records for a member who worked a day she organised
    (bot.domain.access.may_record_labour_for, else "not_allowed"; labour only, else "kind"; at most
    `VOUCHED_MOST_DAYS` each, else "days"): confirmed by her at once, no treasurer asked, and the member told
    by whom (docs/decisions/0406, 0425), and of the day they worked (`worked`, as she said it: decision
    1194), which labour days keep (`worked_on`, decision 2105): a day gone by of a year still at work
    (`campaigns.gone_by_at_work`), else "worked" (decision 2180).

    `year`: the year the entry counts for, when it is not the year it is recorded in (decision 0076): only
    the year just ended, for a donor's money the bank received then (bot.domain.donors.credit_year, 0888),
    or a member's transfer her receipt shows was sent then (`sent_year`, 1006): money of her own or recorded
    for her, no payroll's nor a day's vouched, to the Fund or a drive begun by then, while that year is still
    at work, and with its receipt's photo among `receipts`, else LedgerError "year" (nothing written): every
    path (chat, Zalo, shell, a household's cash typed by its hamlet officer) obeys it here, not only a menu
    that offers the choice (decision 1107).

    `receipts`: the photos kept as its evidence, attached with it (`attach_evidence`)."""
    on_behalf = recorded_by.id != person.id
    donor = person.kind == "donor"
    if donor:
        await _check_donor_gift(session, recorded_by, person, entry.collected_in, now=now)
    elif payroll or vouched:
        rule = may_record_payroll if payroll else may_record_labour_for
        if not rule(await actor_for(session, recorded_by), await subject_for(session, person)):
            raise recording_refused(session, recorded_by, person, now=now)
    elif on_behalf:
        await _check_acting_for(session, recorded_by, person, now=now, action="contribution.record_refused")
    unit_id = entry.collected_in if donor else person.unit_id
    if entry.kind not in ("money", "goods", "labour") or (vouched and entry.kind != "labour"):
        raise LedgerError("kind")
    if entry.kind == "money" and entry.amount_vnd <= 0:
        raise LedgerError("amount")
    # Every chat and shell path reads its figure within the same cap; a conversation kept from before
    # decision 0313 may still hold a bank's credit above it, never to be recorded (decision 0316).
    if settings is not None and entry.amount_vnd > settings.money_cap:
        raise LedgerError("amount")
    if entry.kind == "labour" and entry.labour_days <= 0:
        raise LedgerError("days")
    if vouched and entry.labour_days > VOUCHED_MOST_DAYS:  # what she alone confirms: a week's (0425)
        raise LedgerError("days")
    if entry.kind == "goods" and not entry.description:
        raise LedgerError("description")
    if entry.kind == "labour" and worked is not None and not gone_by_at_work(worked, local_date(now)):
        raise LedgerError("worked")  # to come, or of a year closed and reported (decision 2180)
    if entry.drive_id is not None:  # only an open drive of the person's organisation (or the Fund in general)
        drive = await session.get(Drive, entry.drive_id)
        refusal = (
            "other_org" if drive is None else refusal_to_give(drive, person, local_date(now), unit_id=unit_id)
        )
        if refusal is not None:
            raise LedgerError(f"drive_{refusal}")
        if entry.kind not in (drive.kinds or CONTRIBUTION_KINDS):  # type: ignore[union-attr]
            raise LedgerError("kind")
    if year is not None and year != local_date(now).year - 1:
        raise ValueError(f"a gift counts for its recording's year or the year just ended, not {year}")
    if year is not None and not donor:  # a donor's by the bank's day (bot.domain.donors.credit_year)
        drive = await session.get(Drive, entry.drive_id) if entry.drive_id is not None else None
        if (
            entry.kind != "money"
            or payroll
            or vouched
            or not receipts
            or sent_year(local_date(now), drive) != year
        ):
            raise LedgerError("year")
    year = year or local_date(now).year
    contribution = Contribution(
        ref=await next_ref(session, year, person.org_id),
        org_id=person.org_id,
        person_id=person.id,
        unit_id=unit_id,
        drive_id=entry.drive_id,
        recorded_by=recorded_by.id,
        year=year,
        kind=entry.kind,
        amount_vnd=entry.amount_vnd,
        labour_days=entry.labour_days,
        worked_on=worked if entry.kind == "labour" else None,
        description=entry.description,
        note=entry.note,
        status="confirmed" if vouched else "recorded",
        decided_by=recorded_by.id if vouched else None,
        decided_at=now if vouched else None,
        from_payroll=payroll,
        created_at=now,
    )
    session.add(contribution)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=recorded_by.id,
        action="contribution.record",
        entity="contribution",
        entity_id=contribution.id,
        kind=entry.kind,
        **({"for_person": person.id} if on_behalf else {}),
        **({"payroll": True} if payroll else {}),
        **({"vouched": True} if vouched else {}),
    )
    await attach_receipts(session, contribution, receipts, uploaded_by=recorded_by, now=now)
    if not vouched:  # vouched for by its recorder: nothing waits for a treasurer
        await contributions_waiting(session, contribution, now=now, settings=settings)
    await stop_asking(session, person.id, person.org_id, entry.drive_id, now=now)  # asked no more
    if on_behalf:
        await contribution_recorded_for(
            session,
            contribution,
            recorded_by,
            now=now,
            settings=settings,
            payroll=payroll,
            vouched=vouched,
            worked=worked,
        )
    return contribution


def same_day_worked(worked: date | None) -> ColumnElement[bool]:
    """Labour days that may be the same as ones worked on `worked`: of that day, or of no day kept (recorded
    before the day was, or without it). Two days of labour worked on two days are two gifts, never a repeat;
    the same day twice may be (decision 2204). Any, where `worked` is not known."""
    if worked is None:
        return true()
    return or_(Contribution.worked_on.is_(None), Contribution.worked_on == worked)


def _days_apart(one: date | None, other: date | None) -> bool:
    """Whether two days worked are both known and not the same (`same_day_worked`, read on rows)."""
    return one is not None and other is not None and one != other


async def likely_double(
    session: AsyncSession,
    person: Person,
    entry: NewContribution,
    *,
    now: datetime,
    receipt: bool = False,
    worked: date | None = None,
) -> Contribution | None:
    """The person's latest entry that looks like `entry` recorded a second time: the same drive (or the Fund
    outside the drives), kind and figure (money, the value of goods and what they are, labour days), recorded
    in the `DOUBLE_WINDOW` before `now` and still standing — neither rejected nor withdrawn (a withdrawal is
    closed as rejected), not a reversal and not cancelled by one. The last look names it as a hint, never a
    refusal: people do give twice (decision 0072).

    A deduction from the person's salary (`from_payroll`: a payroll's sheet, bot.domain.payroll) of the same
    figure toward the same (`toward_the_same`: the Fund this year, outside the drives or through one of its
    drives; a drive not of the Fund, whatever year), is found however long ago it was recorded: the colleague
    never handled that money, and a week later brings her day's salary in cash too, not remembering it
    (docs/decisions/0400, 0410, 0420).

    With a `receipt` (the gift on hand has a photo), one still waiting without evidence is found within the
    `RECEIPT_WINDOW`: its receipt sent days later, at the menu, starts a gift again (docs/decisions/0491).
    Such a one comes first, before the latest entry that has its receipt already: of two gifts of one figure
    recorded without one, the second photo goes to the other (docs/decisions/0508). The window runs from the
    treasurer's ask for its receipt as well: asked in December for a gift of November, the photo sent at the
    menu instead of with the ask's button went to a second gift of that figure (docs/decisions/0574).

    Labour days `worked` on a day are no double of labour days worked on another (decision 2204)."""
    recent = Contribution.created_at > now - DOUBLE_WINDOW
    first = [Contribution.id.desc()]
    if receipt:
        recent = or_(recent, receipt_may_join(now))
        first.insert(0, case((waiting_without_receipt(), 0), else_=1))
    same_drive = (
        Contribution.drive_id.is_(None) if entry.drive_id is None else Contribution.drive_id == entry.drive_id
    )
    candidates = await session.scalars(
        select(Contribution)
        .where(
            Contribution.person_id == person.id,
            same_drive,
            Contribution.kind == entry.kind,
            Contribution.amount_vnd == entry.amount_vnd,
            Contribution.labour_days == entry.labour_days,
            same_day_worked(worked if entry.kind == "labour" else None),
            recent,
            *still_standing(),
        )
        .order_by(*first)
    )
    for candidate in candidates:  # goods: the same goods too (“10 kg gạo” twice, not a jacket of that value)
        if entry.kind != "goods" or _same_goods(candidate.description, entry.description):
            return candidate
    if entry.kind != "money":
        return None
    drive = await session.get(Drive, entry.drive_id) if entry.drive_id is not None else None
    year = local_date(now).year
    deductions = list(
        await session.scalars(
            select(Contribution)
            .where(
                Contribution.person_id == person.id,
                Contribution.from_payroll.is_(True),
                Contribution.recorded_by != person.id,
                toward_the_same(person.org_id, drive, year),
                *still_standing(),
            )
            .order_by(Contribution.id.desc())
        )
    )
    for deduction in deductions:  # the same figure: her day's salary brought again
        if deduction.amount_vnd == entry.amount_vnd:
            return deduction
    amount = entry.amount_vnd or 0
    # Another figure, past a pledge the deduction already counts toward (0448): the year's pledge, so the
    # year's deductions only. A Tết drive's December deduction counts toward no pledge of January (0458).
    of_the_year = [deduction for deduction in deductions if deduction.year == year]
    if of_the_year and amount and await pledge_passed(session, person, drive, year, amount):
        return of_the_year[0]
    return None


@dataclass(frozen=True)
class Pledge:
    """A money pledge of a year (a criterion of the person's registration, in đồng) and what stands toward
    it, confirmed or waiting."""

    year: int
    target: int
    given: int


async def pledge_passed(
    session: AsyncSession, person: Person, drive: Drive | None, year: int, amount: int
) -> Pledge | None:
    """The person's money pledge of `year` that a gift of `amount` to `drive` (None: the Fund outside the
    drives) counts toward, when the gift looks like paying it twice: what stands toward it already meets it
    (a deduction from the salary covered her pledge), or `amount` alone is the whole pledge again (she brings
    what she pledged, not remembering a part was deducted). None when she pledged no money it counts toward,
    or the gift fits within her pledge: a top-up is never asked about (docs/decisions/0448)."""
    rows = await session.execute(
        select(CommitmentItem.target, Criterion.counts, Criterion.fund_only)
        .join(Commitment, Commitment.id == CommitmentItem.commitment_id)
        .join(Criterion, Criterion.id == CommitmentItem.criterion_id)
        .where(
            Commitment.owner_key == owner_key("individual", person.id, None),
            Commitment.year == year,
            Criterion.measure == "money",
        )
        .order_by(CommitmentItem.id)
    )
    to_the_fund = drive is None or drive.fund
    totals: dict[bool, Totals] = {}
    for target, counts, fund_only in rows:
        if target <= 0 or "money" not in (counts or []) or (fund_only and not to_the_fund):
            continue  # a Fund criterion counts no Tết drive's gift
        if fund_only not in totals:
            totals[fund_only] = await person_totals(session, person.id, year, fund_only=fund_only)
        confirmed, waiting = confirmed_toward(counts, totals[fund_only]) or (0, 0)
        if confirmed + waiting >= target or amount >= target:
            return Pledge(year, int(target), confirmed + waiting)
    return None


async def sums_by_drive(session: AsyncSession, ids: Sequence[int]) -> list[tuple[Drive | None, int]]:
    """What the gifts `ids` come to by where they went: the Fund outside the drives (None) first, then each
    drive by its title. A treasurer checks a payroll's deductions so, each place its own transfer (0410)."""
    sums: dict[int | None, int] = {}
    for chunk in in_chunks(ids):
        for drive_id, amount in await session.execute(
            select(Contribution.drive_id, func.sum(Contribution.amount_vnd))
            .where(Contribution.id.in_(chunk))
            .group_by(Contribution.drive_id)
        ):
            sums[drive_id] = sums.get(drive_id, 0) + int(amount or 0)
    drives = {
        d.id: d for d in await session.scalars(select(Drive).where(Drive.id.in_([i for i in sums if i])))
    }
    found = [(drives.get(drive_id) if drive_id else None, amount) for drive_id, amount in sums.items()]
    return sorted(found, key=lambda part: (part[0] is not None, sort_key(part[0].title) if part[0] else ()))


def toward_the_same(org_id: int, drive: Drive | None, year: int) -> ColumnElement[bool]:
    """The gifts a day's salary already given counts among: to the Fund in `year` — outside the drives or
    through a drive of the Fund, such as October's peak month, whose cash a teacher gave — when the gift goes
    to the Fund; to that drive alone, in whichever year, when it goes to a drive that is not the Fund's (warm
    clothes for the pupils; a Tết drive from December into January is one drive, its December gifts given to
    it in January too: docs/decisions/0410)."""
    if drive is not None and not drive.fund:
        return Contribution.drive_id == drive.id
    fund_drives = select(Drive.id).where(Drive.org_id == org_id, Drive.fund.is_(True))
    return and_(
        Contribution.year == year,
        Contribution.kind == "money",
        or_(Contribution.drive_id.is_(None), Contribution.drive_id.in_(fund_drives)),
    )


def receipt_may_join(now: datetime) -> ColumnElement[bool]:
    """An entry a receipt sent later may still join: waiting without one (`waiting_without_receipt`),
    recorded in the `RECEIPT_WINDOW` before `now` or its receipt asked for by the treasurer within it
    (docs/decisions/0491, 0574)."""
    asked = exists().where(
        AuditLog.entity == "contribution",
        AuditLog.entity_id == Contribution.id,
        AuditLog.action == RECEIPT_ASKED,
        AuditLog.at > now - RECEIPT_WINDOW,
    )
    return and_(or_(Contribution.created_at > now - RECEIPT_WINDOW, asked), waiting_without_receipt())


async def waiting_for_a_receipt(
    session: AsyncSession, recorder: Person, *, now: datetime, limit: int
) -> list[Contribution]:
    """The gifts `recorder` wrote down — her own, or a household's cash she took for it — and those written
    down for her (a household's cash the hamlet's officer took, whose paper receipt she keeps: decision
    1641), that a photo she sends at her main menu may be the receipt of (`receipt_may_join`): money or
    goods (labour days have no receipt), neither deducted from the payroll nor recorded from the bank's
    statement (the sheet or the bank's line is their evidence), not a reversal. The latest `limit` of them,
    oldest first. Whether she may still add it is the access rule's (`may_add_receipt`), asked by the step
    that offers them (decision 1278)."""
    found = await session.scalars(
        select(Contribution)
        .where(
            or_(Contribution.recorded_by == recorder.id, Contribution.person_id == recorder.id),
            Contribution.kind != "labour",
            Contribution.from_payroll.is_(False),
            Contribution.bank_credit.is_(None),
            receipt_may_join(now),
            *still_standing(),
        )
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
        .limit(limit)
    )
    return list(reversed(list(found)))


def waiting_without_receipt() -> ColumnElement[bool]:
    """An entry no treasurer has decided yet that has no evidence: one its receipt may still be added to."""
    return and_(
        Contribution.status == "recorded", ~exists().where(Evidence.contribution_id == Contribution.id)
    )


async def stands(session: AsyncSession, ref: str) -> bool:
    """Whether the entry `ref` still stands (`still_standing`): confirmed since counts, rejected, withdrawn or
    reversed does not."""
    found = await session.scalar(select(Contribution.id).where(Contribution.ref == ref, *still_standing()))
    return found is not None


def still_standing() -> tuple[ColumnElement[bool], ...]:
    """An entry neither rejected nor withdrawn (a withdrawal is closed as rejected), not a reversal and not
    cancelled by one: what a second recording of a gift is looked for among."""
    return Contribution.status != "rejected", not_reversed()


async def own_gifts_to(session: AsyncSession, person_id: int, drive_id: int) -> list[Contribution]:
    """The person's gifts to the drive that still stand (`still_standing`: waiting or confirmed, not withdrawn
    nor cancelled by a correction), in the order given: what “Ủng hộ ngay” pressed again tells her she gave
    before asking what she gives now (docs/decisions/0515). Hers to read, as her own list shows them."""
    found = await session.scalars(
        select(Contribution)
        .where(Contribution.person_id == person_id, Contribution.drive_id == drive_id, *still_standing())
        .order_by(Contribution.created_at, Contribution.id)
    )
    return list(found)


def not_reversed(entry: Any = Contribution, *, org: Any = None) -> ColumnElement[bool]:
    """An entry (the contribution table, or `entry`, an alias of it) that is not a reversal and that no
    reversal cancels. The reversed entries are read once, as a set (few, by the unique `reverses_id`), not
    looked up row by row: the digests' one pass over a year's ledger asks it of every row (on PostgreSQL a
    correlated lookup made all 501 digests of the benchmark 0.43 s where the set makes them 0.26 s). Where
    nothing was ever reversed, whether any was is asked once and no row is looked up in the set (decision
    0317: about 7 % of that pass on SQLite). With `org` (the organisation's id, or its bound value), only its
    reversals are asked about: on a province's server one reversal in another organisation does not make
    every organisation's pass look its rows up (decision 0334)."""
    cancelled = reversed_ids(org)
    return and_(entry.reverses_id.is_(None), ~(cancelled.exists() & entry.id.in_(cancelled)))


def reversed_ids(org: Any = None) -> Select[Any]:
    """The ids of the entries a reversal cancels; with `org` (an organisation's id, or its bound value), of
    that organisation's entries. The reversals are found through the unique index on `reverses_id`, and the
    organisation of each by the cancelled entry's key: asked of the reversal's own organisation, SQLite read
    the whole ledger to find none (8 ms at 100,000 entries, decision 0360)."""
    reversal, cancelled = aliased(Contribution), aliased(Contribution)
    theirs = (
        [select(cancelled.id).where(cancelled.id == reversal.reverses_id, cancelled.org_id == org).exists()]
        if org is not None
        else []
    )
    return select(reversal.reverses_id).where(reversal.reverses_id.is_not(None), *theirs)


def _same_goods(one: str | None, other: str | None) -> bool:
    return match_key(one or "") == match_key(other or "")


@dataclass(frozen=True)
class Double:
    """Another standing gift (waiting or confirmed, not reversed) that an entry waiting for a treasurer may
    double, and why: the very same evidence photo (decision 0193), or the same giver, drive (or the Fund),
    kind and figure recorded within the day before it (decision 0185). Said in one line (decision 0200)."""

    ref: str | None  # None: a gift the reader may not look up (another unit's), said without its code (0201)
    same_photo: bool = False
    same_gift: bool = False


async def possible_doubles(
    session: AsyncSession, actor: Acting, ids: Sequence[int]
) -> dict[int, tuple[Double, ...]]:
    """For the entries `ids` a treasurer (`actor`) is about to decide, or the ledger's book marks, the
    standing gifts each may double, oldest first: one whose evidence photo has the checksum of one of the
    entry's photos (both gifts are named, each with the other), and an earlier one the entry looks a second
    recording of, as `likely_double` reads it at the giver's last look. The giver may have chosen Có at that
    hint, typed it on two phones, or sent one receipt for two gifts: the treasurer is told before confirming
    both. A gift `actor` may not look up is named by no code (`may_be_told_of_double`). Four queries of plain
    columns, whatever the number of entries: the ids go as one bound list (`among`), so a year's book of
    20,000 gifts is read in one pass, as the queue's few."""
    if not ids:
        return {}
    entry = among(session.get_bind().dialect.name, Contribution.id, sorted(set(ids)), BigInteger())
    found: dict[int, dict[int, tuple[_Other, set[str]]]] = {}
    for entry_id, other in await _same_photo(session, entry):
        found.setdefault(entry_id, {}).setdefault(other.id, (other, set()))[1].add("photo")
    for entry_id, other in (await _earlier_twins(session, entry)).items():
        found.setdefault(entry_id, {}).setdefault(other.id, (other, set()))[1].add("gift")
    doubles: dict[int, tuple[Double, ...]] = {}
    for entry_id, others in found.items():
        named: list[Double] = []
        unnamed: set[str] = set()
        for other_id in sorted(others):
            other, why = others[other_id]
            if may_be_told_of_double(actor, other):
                named.append(Double(other.ref, "photo" in why, "gift" in why))
            else:
                unnamed |= why
        if unnamed:  # gifts elsewhere: one mention, whatever their number
            named.append(Double(None, "photo" in unnamed, "gift" in unnamed))
        doubles[entry_id] = tuple(named)
    return doubles


@dataclass(frozen=True)
class _Other:
    """The gift an entry may double, as much of it as naming it takes (whether the reader may: its place)."""

    id: int
    ref: str
    org_id: int
    unit_id: int | None


async def _same_photo(session: AsyncSession, entry: ColumnElement[bool]) -> list[tuple[int, _Other]]:
    """Pairs of an entry (`entry`: which ids, on `Contribution.id`) and another standing gift of its
    organisation with an evidence photo of the same checksum: the entries' photos, then every standing gift's
    photo of those checksums (the index on `evidence.sha256` finds them), matched here. Two queries of plain
    columns: one join asked of the entries and the other gift together was planned by SQLite from the other
    gift, every photo probed against the entries, 1.8 s for 5,000 entries of a 20,000-gift year."""
    upload = (Evidence.uploaded_by, Evidence.created_at)
    theirs = (
        await session.execute(
            select(Evidence.contribution_id, Evidence.sha256, Contribution.org_id, *upload)
            .join(Contribution, Contribution.id == Evidence.contribution_id)
            .where(entry)
        )
    ).all()
    if not theirs:
        return []
    checksums = {row.sha256 for row in theirs}
    others: dict[str, list[tuple[_Other, tuple[Any, ...]]]] = {}
    rows = await session.execute(
        select(
            Evidence.sha256,
            Contribution.id,
            Contribution.ref,
            Contribution.org_id,
            Contribution.unit_id,
            *upload,
        )
        .join(Contribution, Contribution.id == Evidence.contribution_id)
        .where(
            among(session.get_bind().dialect.name, Evidence.sha256, sorted(checksums), String()),
            Contribution.status.in_(("recorded", "confirmed")),
            not_reversed(),
        )
        .order_by(Contribution.id)
    )
    for sha256, other_id, ref, org_id, unit_id, by, at in rows:
        others.setdefault(sha256, []).append((_Other(other_id, ref, org_id, unit_id), (by, at)))
    # One photo attached by one person at one moment to several gifts is one paper list's photo for its gifts
    # (handlers/gift_list.py, decision 0866), not one receipt sent for two gifts: not a double among them.
    pairs = [
        (int(entry_id), other)
        for entry_id, sha256, org_id, by, at in theirs
        for other, uploaded in others.get(sha256, ())
        if other.id != entry_id and other.org_id == org_id and uploaded != (by, at)
    ]
    return sorted(pairs, key=lambda pair: (pair[0], pair[1].id))


async def _earlier_twins(session: AsyncSession, entry: ColumnElement[bool]) -> dict[int, _Other]:
    """For the entries `entry` (which ids, on `Contribution.id`), an earlier entry each looks like a second
    recording of, as `likely_double` reads it: the same person, drive (or the Fund), kind and figure (goods:
    the same goods too; labour days: no other day worked), recorded in the `DOUBLE_WINDOW` before it and
    still standing. Two queries of plain
    columns (not ORM objects: a year's book loaded some 57,000), whatever the number of entries."""
    gift = (
        Contribution.id,
        Contribution.person_id,
        Contribution.drive_id,
        Contribution.kind,
        Contribution.amount_vnd,
        Contribution.labour_days,
        Contribution.created_at,
        Contribution.description,
        Contribution.worked_on,
    )
    these = (await session.execute(select(*gift).where(entry))).all()
    if not these:
        return {}
    givers = select(Contribution.person_id).where(entry).correlate(None)
    earlier = await session.execute(
        select(*gift, Contribution.ref, Contribution.org_id, Contribution.unit_id)
        .where(
            Contribution.person_id.in_(givers),
            Contribution.created_at > min(c.created_at for c in these) - DOUBLE_WINDOW,
            *still_standing(),
        )
        .order_by(Contribution.id.desc())
    )
    candidates: dict[tuple[Any, ...], list[Row[Any]]] = {}  # each gift's like, the latest first
    for other in earlier:
        candidates.setdefault(tuple(other[1:6]), []).append(other)
    twins: dict[int, _Other] = {}
    for c in these:
        for other in candidates.get(tuple(c[1:6]), ()):
            if (
                other.id < c.id
                and other.created_at > c.created_at - DOUBLE_WINDOW
                and (c.kind != "goods" or _same_goods(other.description, c.description))
                and not _days_apart(c.worked_on, other.worked_on)  # two days worked, two gifts (2204)
            ):
                twins[c.id] = _Other(other.id, other.ref, other.org_id, other.unit_id)
                break
    return twins


async def _check_acting_for(
    session: AsyncSession, actor: Person, person: Person, *, now: datetime, action: str
) -> None:
    """Refuse (LedgerError "not_allowed", with an audit row of the attempt) unless `actor` may act for
    `person` (bot.domain.access.may_act_for)."""
    if await person_may_act_for(session, actor, person):
        return
    audit(session, at=now, actor_id=actor.id, action=action, entity="person", entity_id=person.id)
    raise LedgerError("not_allowed")


async def _check_donor_gift(
    session: AsyncSession, recorder: Person, donor: Person, unit_id: int | None, *, now: datetime
) -> None:
    """Refuse (LedgerError "not_allowed", with an audit row of the attempt) unless `recorder` may record a
    donor's gift collected in the unit `unit_id` of the donor's organisation."""
    unit = await session.get(Unit, unit_id) if unit_id is not None else None
    if (
        unit is not None
        and unit.org_id == donor.org_id
        and recorder.id != donor.id
        and may_record_donor_gift(await actor_for(session, recorder), unit)
    ):
        return
    raise recording_refused(session, recorder, donor, now=now)


async def attach_evidence(
    session: AsyncSession,
    contribution: Contribution,
    *,
    sha256: str,
    path: str,
    size: int,
    channel: str,
    uploaded_by: Person,
    now: datetime,
) -> Evidence:
    evidence = Evidence(
        contribution_id=contribution.id,
        sha256=sha256,
        path=path,
        size=size,
        channel=channel,
        uploaded_by=uploaded_by.id,
        created_at=now,
    )
    session.add(evidence)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=uploaded_by.id,
        action="evidence.attach",
        entity="contribution",
        entity_id=contribution.id,
        sha256=sha256,
    )
    await receipt_no_longer_asked(session, contribution, now=now, settings=None)  # its photo come (0617)
    return evidence


async def attach_receipts(
    session: AsyncSession,
    contribution: Contribution,
    receipts: Sequence[Receipt],
    *,
    uploaded_by: Person,
    now: datetime,
) -> None:
    """The photos `receipts` kept as `contribution`'s evidence (`attach_evidence`), each as it was sent."""
    for receipt in receipts:
        await attach_evidence(
            session,
            contribution,
            sha256=receipt.sha256,
            path=receipt.path,
            size=receipt.size,
            channel=receipt.channel,
            uploaded_by=uploaded_by,
            now=now,
        )


async def evidence_of(session: AsyncSession, contribution_id: int) -> list[Evidence]:
    """What a treasurer opens to check a contribution."""
    return list(
        (await session.execute(select(Evidence).where(Evidence.contribution_id == contribution_id))).scalars()
    )


async def decide(
    session: AsyncSession,
    contribution: Contribution,
    *,
    confirmed: bool,
    actor: Actor | None,
    now: datetime,
    reason: str | None = None,
    settings: Settings | None = None,
    tell: bool = True,
    received: int | None = None,
) -> Heard | None:
    """A treasurer confirms money arrived (or rejects the entry); a decision is final, fix it by reversal.
    The contributor is told, in their language, or whoever recorded it for them (bot.domain.notices): who
    heard of it. Without `tell`, nobody is told yet and None is returned: the caller tells of several
    decisions at once (`notices.contributions_decided`).

    `received`: confirmed, but another figure arrived than the one recorded (“Nhận số khác”,
    docs/decisions/0208) — đồng of money or of the goods' value, or labour days, as `figure_of` reads them.
    The entry then reads it, and keeps the recorded figure (`recorded_figure`); its giver is told both.
    Refused as input, nothing written: a figure out of range ("amount", "days") or the recorded one
    ("same_figure"); labour days beyond a week's confirmed by an officer as the day's organiser, not as a
    treasurer ("more_than_a_week": bot.domain.access.confirms_beyond_a_week, docs/decisions/0442).

    Only a treasurer covering the entry's unit decides, never on an entry they gave or recorded: whatever a
    menu showed, a refusal raises here and leaves an audit row of the attempt."""
    actor = await _decider(session, contribution, actor, now)
    # Read the state again, the row locked until this transaction ends: the entry was loaded when the page
    # was drawn, and on PostgreSQL another chat (its giver taking it back, another treasurer) may have
    # decided it since; without this the press would write over that decision.
    # Whose it is too: a move meanwhile (`move_to`) may have made it the decider's own (decision 1494).
    whose = (contribution.person_id, contribution.recorded_by, contribution.unit_id)
    fresh = ["status", "person_id", "recorded_by", "unit_id"]
    await session.refresh(contribution, attribute_names=fresh, with_for_update=True)
    if contribution.status != "recorded":
        raise LedgerError("already_decided")
    if (contribution.person_id, contribution.recorded_by, contribution.unit_id) != whose:
        actor = await _decider(session, contribution, actor, now)
    if not confirmed and not (reason or "").strip():
        raise LedgerError("reason")  # the giver is told why; "not accepted" alone helps nobody
    if confirmed and received is not None:
        figure_refusal(contribution, received, settings)
    days = received if received is not None else contribution.labour_days
    if confirmed and confirms_beyond_a_week(actor, contribution, days):  # a week's, as /ngaycong (0442)
        raise LedgerError("more_than_a_week")
    contribution.status = "confirmed" if confirmed else "rejected"
    counted = year_counted(contribution.year, local_date(now)) if confirmed else contribution.year
    moved = counted != contribution.year  # its year reported and closed: counted in this one (1218)
    contribution.year = counted
    contribution.decided_at = now
    contribution.decided_by = actor.person_id
    contribution.reason = reason
    other = confirmed and received is not None
    if other:  # what arrived counts; what was recorded stays on the entry, beside who and when
        contribution.recorded_figure = figure_of(contribution)
        if contribution.kind == "labour":
            contribution.labour_days = received
        else:
            contribution.amount_vnd = received
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action=f"contribution.{contribution.status}",
        entity="contribution",
        entity_id=contribution.id,
        reason=reason,
        **({"other_figure": True} if other else {}),  # never the figures themselves (as 0070)
        **({"counted_in": contribution.year} if moved else {}),
    )
    heard = await contribution_decided(session, contribution, now=now, settings=settings) if tell else None
    await waiting_recounted(session, contribution, now=now, settings=settings)
    await receipt_no_longer_asked(session, contribution, now=now, settings=settings)
    if not confirmed:  # not received: she has given nothing, asked as anyone (decision 1953)
        await _asked_again(session, contribution, now=now)
    return heard


async def move_to(
    session: AsyncSession,
    contribution: Contribution,
    to: Person,
    *,
    actor: Actor | None,
    now: datetime,
    settings: Settings | None = None,
    was_id: int | None = None,
) -> None:
    """A gift still waiting, recorded under the wrong person, put in the name of the one whose it is, by a
    treasurer who may decide it (bot.domain.access.move_refusal, else LedgerError with its reason, the attempt
    audited): Chị Lan typed it, the envelope was Anh Minh's (docs/decisions/1434). Nothing counted it yet, so
    the entry changes hands as “Nhận số khác” changes its figure: its code, figure, evidence and recorder kept
    (`recorded_by`: who typed it, now for another), its unit the new giver's. One conditional UPDATE: a
    decision or a withdrawal meanwhile wins. Its recorder stays who typed it only if she may record for the
    new giver (`may_act_for`: his household's officer); else it is his own entry, which he may withdraw, and
    the one who typed it under the wrong name may no longer touch nor read it (docs/decisions/1494). Audited
    with both people and who typed it (no amount); both are told, in their language, the one it left without
    the figure (bot.domain.notices.contribution_moved). The one it left gave none of it: what it stopped of
    her appeals comes at its time, as after a rejection (`_asked_again`, decision 1975). `was_id`: whose the
    mover read it as at her last look; another treasurer's move since wins, "moved" (decision 1511)."""
    if was_id is not None and contribution.person_id != was_id:
        raise _refused(session, actor, "move", contribution, now, "moved")
    giver = await session.get_one(Person, contribution.person_id)
    typist = await session.get_one(Person, await _typed_by(session, contribution))
    typed_it = actor is not None and actor.person_id == typist.id  # moved once from her name (1510)
    subject = await subject_for(session, to)
    own_case = await gives_to_own_case(session, actor, contribution)  # as any treasurer's refusal (1538)
    refusal = move_refusal(
        actor, contribution, subject, giver_kind=giver.kind, typed_it=typed_it, for_own_case=own_case
    )
    if refusal is None and contribution.drive_id is not None and to.unit_id != contribution.unit_id:
        drive = await session.get_one(Drive, contribution.drive_id)
        refusal = None if takes_gifts_of(drive, to.unit_id) else "drive_not_your_unit"
    if refusal is not None or actor is None:
        raise _refused(session, actor, "move", contribution, now, refusal)
    recorder = typist.id if await person_may_act_for(session, typist, to) else to.id
    moved = await session.execute(
        update(Contribution)
        .where(
            Contribution.id == contribution.id,
            Contribution.status == "recorded",
            Contribution.person_id == giver.id,
        )
        .values(person_id=to.id, unit_id=to.unit_id, recorded_by=recorder)
        .execution_options(synchronize_session="fetch")
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]  # decided, or moved by another, meanwhile
        await session.refresh(contribution, attribute_names=["status", "person_id"])
        raise LedgerError("moved" if contribution.status == "recorded" else "already_decided")
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="contribution.moved",
        entity="contribution",
        entity_id=contribution.id,
        from_person=giver.id,
        to_person=to.id,
        typed_by=typist.id,
    )
    await waiting_recounted(session, contribution, now=now, settings=settings)
    await stop_asking(session, to.id, to.org_id, contribution.drive_id, now=now)  # he gave: asked no more
    await _asked_again(session, contribution, now=now, whose=giver.id)  # she gave none of it (1975)
    mover = await session.get_one(Person, actor.person_id)
    await contribution_moved(session, contribution, giver, mover, typist, now=now, settings=settings)


async def _typed_by(session: AsyncSession, contribution: Contribution) -> int:
    """Who typed `contribution`, as its recording's audit row keeps it, whatever moves made it another's own
    since (`move_to`); else its recorder, else its giver."""
    typed = await session.scalar(
        select(AuditLog.actor_id)
        .where(
            AuditLog.entity == "contribution",
            AuditLog.entity_id == contribution.id,
            AuditLog.action == "contribution.record",
        )
        .order_by(AuditLog.id)
        .limit(1)
    )
    return typed or contribution.recorded_by or contribution.person_id


def figure_refusal(contribution: Contribution, figure: int, settings: Settings | None) -> None:
    """Raise why `figure` cannot take the place of `contribution`'s (a correction's right figure, or what
    arrived of a waiting one): out of range, as any figure typed for its kind ("amount", "days"), or the
    same as it reads ("same_figure")."""
    labour = contribution.kind == "labour"
    most = (settings.max_labour_days if labour else settings.money_cap) if settings else None
    if most is None:
        most = Settings.model_fields["max_labour_days" if labour else "money_cap"].default
    if not 0 < figure <= most:
        raise LedgerError("days" if labour else "amount")
    if figure == figure_of(contribution):
        raise LedgerError("same_figure")


async def withdraw(
    session: AsyncSession,
    contribution: Contribution,
    *,
    actor: Actor | None,
    now: datetime,
    settings: Settings | None = None,
) -> None:
    """The giver (or the officer who recorded it) takes back an entry still waiting for a treasurer: it is
    closed as not accepted, decided by the giver themself — which no treasurer ever is — so it leaves the
    queue, the totals and the statement, and reads “đã rút lại” (decision 0066). Nothing is deleted. Taken
    back by its recorder, its giver is told (decision 0373). Labour days an officer vouched for at once are
    taken back by her so too, confirmed as they are, unless a correction cancelled them (decision 0406), or by
    the member who says he did not work that day, and she is told (decision 0424)."""
    if not may_withdraw_contribution(actor, contribution) or actor is None:
        raise _refused(session, actor, "withdraw", contribution, now)
    taken = await session.execute(  # one conditional UPDATE: a treasurer deciding meanwhile wins
        update(Contribution)
        .where(
            Contribution.id == contribution.id, Contribution.status == "recorded", *_still_whose(contribution)
        )
        .values(status="rejected", decided_at=now, decided_by=actor.person_id)
        .execution_options(synchronize_session="fetch")
    )
    # Labour days she vouched for (decision 0406), not cancelled by a correction meanwhile: hers to take back.
    vouched = vouched_labour(contribution)
    if taken.rowcount != 1 and vouched and not await reversal_of(session, contribution.id):
        taken = await session.execute(
            update(Contribution)
            .where(
                Contribution.id == contribution.id,
                Contribution.status == "confirmed",
                Contribution.decided_by == Contribution.recorded_by,
            )
            .values(status="rejected", decided_at=now, decided_by=actor.person_id)
            .execution_options(synchronize_session="fetch")
        )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise LedgerError("already_decided")
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="contribution.withdrawn",
        entity="contribution",
        entity_id=contribution.id,
    )
    await waiting_recounted(session, contribution, now=now, settings=settings)
    await receipt_no_longer_asked(session, contribution, now=now, settings=settings)
    await _asked_again(session, contribution, now=now)  # taken back, no gift: asked as before it (2033)
    if actor.person_id != contribution.person_id:  # the recorder took it back: its giver hears (0373)
        recorder = await session.get_one(Person, actor.person_id)
        await contribution_withdrawn_for(session, contribution, recorder, now=now, settings=settings)
    elif vouched:  # the member says he did not work the day she vouched for: she hears (0424)
        await vouched_days_disowned(session, contribution, now=now, settings=settings)


def _still_whose(contribution: Contribution) -> list[ColumnElement[bool]]:
    """The entry still of the giver and recorder the rule was asked of: a move meanwhile (`move_to`) wins,
    as a decision does (docs/decisions/1494)."""
    return [
        Contribution.person_id == contribution.person_id,
        Contribution.recorded_by.is_not_distinct_from(contribution.recorded_by),
    ]


def withdrawn(contribution: Any) -> bool:
    """An entry its giver (or recorder) took back: closed, decided by one of them (a treasurer never is)."""
    return taken_back(
        contribution.status, contribution.decided_by, contribution.person_id, contribution.recorded_by
    )


def withdrawn_by_recorder(contribution: Any) -> bool:
    """`withdrawn` by whoever recorded it for its giver (an officer, for a household), not by the giver."""
    recorder = contribution.recorded_by
    return (
        withdrawn(contribution)
        and recorder not in (None, contribution.person_id)
        and (contribution.decided_by == recorder)
    )


def taken_back(status: str, decided_by: int | None, person_id: int, recorded_by: int | None) -> bool:
    """`withdrawn`, from an entry's columns as a query read them."""
    return status == "rejected" and decided_by in (person_id, recorded_by)


async def _decider(
    session: AsyncSession, contribution: Contribution, actor: Actor | None, now: datetime
) -> Actor:
    """`actor`, if they may decide on `contribution`; else the attempt is audited and LedgerError raised."""
    refusal = await decide_refusal_of(session, actor, contribution)
    if refusal is None and actor is not None:
        return actor
    raise _refused(session, actor, "decision", contribution, now, refusal)


def _refused(
    session: AsyncSession,
    acting: Acting | None,
    what: str,
    contribution: Contribution,
    now: datetime,
    refusal: str | None = None,
) -> LedgerError:
    """The refused attempt to `what` (withdraw, decision, reverse, correct) on `contribution`, audited (who,
    and why when the rule said): the error to raise."""
    audit(
        session,
        at=now,
        actor_id=acting.person_id if isinstance(acting, Actor) else None,
        action=f"contribution.{what}_refused",
        entity="contribution",
        entity_id=contribution.id,
        refusal=refusal,
    )
    return LedgerError(refusal or "not_allowed")


async def reverse(
    session: AsyncSession,
    original: Contribution,
    *,
    actor: Actor | None,
    reason: str,
    now: datetime,
    settings: Settings | None = None,
) -> Contribution:
    """Cancel a confirmed entry with an opposite one (same person, drive and kind); the original stays, and
    the giver is told (their progress shows both). Made by a treasurer or an officer of the entry's unit other
    than the one who confirmed it, with a reason; a reversal itself is never reversed (record the entry
    again instead). A refusal is audited like a refused decision."""
    # A correction is never itself corrected, whoever asks: record the entry again instead.
    refusal = (
        "reversal_of_reversal"
        if original.reverses_id is not None
        else await reverse_refusal_of(session, actor, original)
    )
    if refusal is not None or actor is None:
        raise _refused(session, actor, "reverse", original, now, refusal)
    if original.status != "confirmed":
        raise LedgerError("not_reversible")
    if not reason.strip():
        raise LedgerError("reason")
    # The entry locked first: two people reversing it at once take turns, and the second hears it was done.
    await session.refresh(original, attribute_names=["status"], with_for_update=True)
    if await reversal_of(session, original.id) is not None:
        raise LedgerError("already_reversed")
    short = await _shortfall(session, original, figure_of(original), now)
    entry = await _reversal_entry(session, original, by=actor.person_id, reason=reason, now=now)
    if short is not None:  # allowed, warned at the last look; the officers hear of it (decision 0121)
        await source_overdrawn(
            session, original, short, by=actor.person_id, reason=reason, now=now, settings=settings
        )
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="contribution.reverse",
        entity="contribution",
        entity_id=entry.id,
        reverses=original.id,
        reason=reason,
    )
    await contribution_reversed(session, original, entry, now=now, settings=settings)
    await _asked_again(session, original, now=now)  # her only gift gone: asked next as anyone (1899, 1953)
    return entry


async def _asked_again(
    session: AsyncSession, gift: Contribution, *, now: datetime, whose: int | None = None
) -> None:
    """`gift` is no gift any more (reversed, rejected by a treasurer, taken back by its giver or recorder:
    decision 2033), or no gift of `whose` (moved by a treasurer to whose it is, decision 1975): what it
    stopped of the appeals of its drive, or of the Fund outside the drives, comes at its time if still to
    come (`appeals.ask_again`)."""
    if (giver := await session.get(Person, whose or gift.person_id)) is None:
        return
    drive = await session.get_one(Drive, gift.drive_id) if gift.drive_id is not None else None
    await ask_again(session, giver, drive, now=now)


async def _reversal_entry(
    session: AsyncSession, original: Contribution, *, by: int | None, reason: str, now: datetime
) -> Contribution:
    """The entry with the opposite figure of `original` (same person, drive and kind), confirmed at once by
    `by` (None: the operator at the shell, who is no person; the entry is then the original recorder's)."""
    return await _entry_of_the_same_gift(
        session,
        original,
        now=now,
        decided_by=by,
        recorded_by=original.recorded_by if by is None else by,
        amount_vnd=-original.amount_vnd,
        labour_days=-original.labour_days,
        reverses_id=original.id,
        reason=reason,
        # a deduction cancelled is the salary's figure taken back, as the right entry keeps it (1199, 1219)
        from_payroll=original.from_payroll,
    )


async def _entry_of_the_same_gift(
    session: AsyncSession, original: Contribution, *, now: datetime, decided_by: int | None, **fields: Any
) -> Contribution:
    """A confirmed entry of the gift `original` records — its giver, unit, drive, year, kind and description —
    with `fields` (its figure, the entry it reverses or replaces…), written `now` under a new code. Its year
    is the gift's while that year is at work; from April the year just ended is reported, and the entry is
    booked in this year as an adjustment (`year_counted`, decision 1219)."""
    entry = Contribution(
        ref=await next_ref(session, local_date(now).year, original.org_id),
        org_id=original.org_id,
        person_id=original.person_id,
        unit_id=original.unit_id,
        drive_id=original.drive_id,
        year=year_counted(original.year, local_date(now)),
        kind=original.kind,
        description=original.description,
        status="confirmed",
        created_at=now,
        decided_at=now,
        decided_by=decided_by,
        **fields,
    )
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class Corrected:
    """What a correction of the figure wrote: the reversal cancelling the wrong entry, and the right one."""

    reversal: Contribution
    replacement: Contribution


async def correct(
    session: AsyncSession,
    original: Contribution,
    *,
    acting: Acting,
    figure: int,
    reason: str,
    now: datetime,
    settings: Settings | None = None,
) -> Corrected:
    """Correct the figure of a confirmed entry in one step (docs/decisions/0070): the amount of money, the
    estimated value of goods or the labour days (`figure`, as `figure_of` reads it). One transaction writes
    the reversal that cancels the entry, as `reverse` does, with the `reason`, and the giver's entry with the
    right figure, already confirmed by whoever corrects (the same gift, checked by them) and naming the entry
    it replaces, deducted from the salary if the entry was (`from_payroll`); the evidence photos go with it.
    The giver is told once, from what to what, and not asked to record it again.

    Whoever may reverse it may correct it (bot.domain.access.correct_refusal_of: never the one who confirmed
    it), and the operator at the shell. Refused and audited (`contribution.correct_refused`): a correction
    or an entry already corrected, one still waiting ("waiting": the treasurer confirms or rejects it) or
    not confirmed; refused without an audit row, as input: no reason, a figure out of range ("amount",
    "days") or the same as before ("same_figure"), or labour days beyond a week's where an officer, not a
    treasurer, corrects them: the new entry is confirmed by her ("more_than_a_week", docs/decisions/0457)."""
    refusal = await correct_refusal_of(session, acting, original)
    if original.reverses_id is not None:  # whoever asks: a correction is never itself corrected
        refusal = "reversal_of_reversal"
    if refusal is None and original.status != "confirmed":
        refusal = "waiting" if original.status == "recorded" else "not_reversible"
    if refusal is None:  # locked first, as `reverse` does: two corrections at once take turns
        await session.refresh(original, attribute_names=["status"], with_for_update=True)
    if refusal is None and await reversal_of(session, original.id) is not None:
        refusal = "already_reversed"
    by = acting.person_id if isinstance(acting, Actor) else None
    if refusal is not None or acting is None:
        raise _refused(session, acting, "correct", original, now, refusal)
    if not reason.strip():
        raise LedgerError("reason")
    figure_refusal(original, figure, settings)
    if isinstance(acting, Actor) and confirms_beyond_a_week(acting, original, figure):  # as `decide` (0457)
        raise LedgerError("more_than_a_week")
    labour = original.kind == "labour"
    short = await _shortfall(session, original, figure_of(original) - figure, now)
    reversal = await _reversal_entry(session, original, by=by, reason=reason, now=now)
    replacement = await _entry_of_the_same_gift(
        session,
        original,
        now=now,
        decided_by=by,
        recorded_by=original.recorded_by,  # the gift as its giver (or their officer) recorded it
        amount_vnd=0 if labour else figure,
        labour_days=figure if labour else 0,
        note=original.note,
        replaces_id=original.id,
        # still deducted from the salary: her cash of that figure later is asked about (decision 1199)
        from_payroll=original.from_payroll,
    )
    photos = await evidence_of(session, original.id)
    for photo in photos:  # the same file (kept by checksum): the receipt backs the right figure
        session.add(
            Evidence(
                contribution_id=replacement.id,
                sha256=photo.sha256,
                path=photo.path,
                size=photo.size,
                channel=photo.channel,
                uploaded_by=photo.uploaded_by,
                created_at=photo.created_at,
            )
        )
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=by,
        action="contribution.correct",
        entity="contribution",
        entity_id=replacement.id,
        replaces=original.id,
        reversal=reversal.id,
        reason=reason,
        photos=len(photos),
    )
    await contribution_corrected(session, original, replacement, reason=reason, now=now, settings=settings)
    if short is not None:  # allowed, warned at the last look; the officers hear of it (decision 0121)
        await source_overdrawn(session, original, short, by=by, reason=reason, now=now, settings=settings)
    return Corrected(reversal, replacement)


async def _shortfall(
    session: AsyncSession, original: Contribution, less: int, now: datetime
) -> Shortfall | None:
    """What taking `less` off the confirmed `original` would leave its drive (or the Fund) paid out beyond
    what it received; None where it stays at 0 or above, or nothing is taken off."""
    if less <= 0:
        return None
    return await shortfall_after(session, original, less, this_year=local_date(now).year)


async def reversal_of(session: AsyncSession, contribution_id: int) -> Contribution | None:
    """The entry that reversed `contribution_id`, if one did."""
    return await session.scalar(select(Contribution).where(Contribution.reverses_id == contribution_id))


@dataclass(frozen=True)
class Totals:
    """Sums per kind and status; rejected entries count nowhere."""

    money_confirmed: int = 0
    money_pending: int = 0
    goods_confirmed: int = 0
    goods_pending: int = 0
    days_confirmed: int = 0
    days_pending: int = 0
    entries: int = 0
    # Goods given without a value (“20 kg gạo”, “Bỏ qua” at its value): in no sum above, counted apart, so a
    # giver's rice never reads as “0 ₫”.
    goods_unvalued_confirmed: int = 0
    goods_unvalued_pending: int = 0
    # The kinds given at all, even where a correction brought the sum back to nothing.
    kinds: frozenset[str] = frozenset()


async def unit_confirmed(
    session: AsyncSession, org_id: int, unit_id: int, year: int
) -> tuple[int, dict[str, int], int]:
    """A unit's money and goods a treasurer confirmed in the campaign year, in đồng (corrections netted out),
    how many of its people gave them, kind by kind (money, goods), and how many in all: what one of its own
    may be told where enough gave (`access.may_hear_unit_total`, decision 1402)."""
    confirmed = (
        Contribution.org_id == org_id,
        Contribution.unit_id == unit_id,
        Contribution.year == year,
        Contribution.status == "confirmed",
        Contribution.kind.in_(("money", "goods")),
    )
    # the sum nets the corrections out; the givers are of gifts that stand: one pass over the unit's entries
    gave = and_(Contribution.amount_vnd > 0, not_reversed(org=org_id))
    givers = func.count(func.distinct(Contribution.person_id))
    total, money, goods, people = (
        await session.execute(
            select(
                func.coalesce(func.sum(Contribution.amount_vnd), 0),
                givers.filter(and_(gave, Contribution.kind == "money")),
                givers.filter(and_(gave, Contribution.kind == "goods")),
                givers.filter(gave),
            ).where(*confirmed)
        )
    ).one()
    return int(total or 0), {"money": int(money or 0), "goods": int(goods or 0)}, int(people or 0)


def confirmed_toward(counts: Sequence[str], totals: Totals) -> tuple[int, int] | None:
    """(confirmed, waiting) toward a criterion, from the contribution kinds that fulfil it (`counts`: money,
    goods, labour); None for a criterion no gift fulfils. Money and goods add up in đồng, labour in days."""
    if not counts:
        return None
    confirmed = pending = 0
    if "money" in counts:
        confirmed, pending = confirmed + totals.money_confirmed, pending + totals.money_pending
    if "goods" in counts:
        confirmed, pending = confirmed + totals.goods_confirmed, pending + totals.goods_pending
    if "labour" in counts:
        confirmed, pending = confirmed + totals.days_confirmed, pending + totals.days_pending
    return confirmed, pending


_TOTALS = (
    select(
        Contribution.kind,
        Contribution.status,
        func.coalesce(func.sum(Contribution.amount_vnd), 0),
        func.coalesce(func.sum(Contribution.labour_days), 0),
        func.count(),
        # goods with no value that stand: a reversal of rice (itself of 0 ₫) and the rice it cancels are
        # no gift of it, where they read “hiện vật 2 khoản chưa ghi trị giá đã xác nhận” (decision 0572)
        func.count(case((and_(func.coalesce(Contribution.amount_vnd, 0) == 0, not_reversed()), 1))),
    )
    .where(
        Contribution.person_id == bindparam("person"),
        Contribution.year == bindparam("year"),
        Contribution.status != "rejected",
    )
    .group_by(Contribution.kind, Contribution.status)
)
# Gifts to the Fund for the Poor: to a Fund drive, or to the Fund in general (no drive). A Tết gift drive or
# warm clothes for pupils are not the Fund's, and the Fund criterion must not count them.
_FUND_TOTALS = _TOTALS.outerjoin(Drive, Drive.id == Contribution.drive_id).where(
    or_(Contribution.drive_id.is_(None), Drive.fund.is_(True))
)
_LINKED = aliased(Contribution)
# Each of a person's entries with the year of the gift it goes back to: a gift its own, an entry of a
# correction (a reversal, a right entry) its gift's, followed back however often corrected: the reversal of
# the right entry of a 2026 gift, both written in 2027, goes back to 2026 (decision 1334); and the year the
# entry itself is booked in. Each step follows a correction by its own unique column (`reverses_id`,
# `replaces_id`), each indexed: joined on either of them at once (`coalesce`), every step read the whole
# ledger, for each of the person's entries.
_GIFT_YEARS = (
    select(Contribution.id, Contribution.year.label("gift_year"), Contribution.year)
    .where(
        Contribution.person_id == bindparam("person"),
        Contribution.reverses_id.is_(None),
        Contribution.replaces_id.is_(None),
    )
    .cte("gift_years", recursive=True)
)
_GIFT_YEARS = _GIFT_YEARS.union_all(
    select(_LINKED.id, _GIFT_YEARS.c.gift_year, _LINKED.year).join(
        _GIFT_YEARS,
        or_(_LINKED.reverses_id == _GIFT_YEARS.c.id, _LINKED.replaces_id == _GIFT_YEARS.c.id),
    )
)
# An entry of a correction (the reversal, the right entry) booked in a year after its gift's, that gift's year
# reported: the books' adjustment (decision 1219), no gift of the year it is booked in (decision 1282). Read
# once for the person, not again for each of her entries.
_ADJUSTS = and_(_GIFT_YEARS.c.id == Contribution.id, _GIFT_YEARS.c.gift_year < _GIFT_YEARS.c.year)
_ADJUSTING = Contribution.id.in_(select(_GIFT_YEARS.c.id).where(_GIFT_YEARS.c.gift_year < _GIFT_YEARS.c.year))
_ADJUSTMENTS = (
    select(
        _GIFT_YEARS.c.gift_year,
        Contribution.kind,
        func.coalesce(func.sum(Contribution.amount_vnd), 0),
        func.coalesce(func.sum(Contribution.labour_days), 0),
    )
    .join(_GIFT_YEARS, _ADJUSTS)
    .where(
        Contribution.person_id == bindparam("person"),
        Contribution.year == bindparam("year"),
        Contribution.status == "confirmed",
    )
    .group_by(_GIFT_YEARS.c.gift_year, Contribution.kind)
    .order_by(_GIFT_YEARS.c.gift_year, Contribution.kind)
)
_RECORDER = aliased(Person)
_REVERSAL = aliased(Contribution)
_RECENT = (  # the columns a list of entries shows, not whole ledger objects
    select(
        Contribution.id,
        Contribution.ref,
        Contribution.created_at,
        Contribution.kind,
        Contribution.amount_vnd,
        Contribution.labour_days,
        Contribution.description,
        Contribution.status,
        Contribution.reverses_id,
        Contribution.reason,
        Contribution.person_id,
        Contribution.recorded_by,
        Contribution.decided_by,
        Contribution.from_payroll,  # deducted from the salary: read so (docs/decisions/0400, 0420)
        Contribution.year,  # a later one than its code's: confirmed after its year's report (decision 1218)
        # Who recorded it for the person (an officer, for a household: decision 0043); None when they did
        # themself, and for a correction's entries (a treasurer's, not a gift recorded for them); the right
        # entry of a deduction is still from the salary, its recorder's (decision 1199).
        case(
            (
                and_(
                    Contribution.recorded_by != Contribution.person_id,
                    Contribution.reverses_id.is_(None),
                    or_(Contribution.replaces_id.is_(None), Contribution.from_payroll.is_(True)),
                ),
                _RECORDER.full_name,
            ),
            else_=None,
        ).label("recorder"),
        # Confirmed, then cancelled by a correction: the giver reads it so, not as a gift that stands.
        exists().where(_REVERSAL.reverses_id == Contribution.id).label("corrected"),
    )
    .outerjoin(_RECORDER, _RECORDER.id == Contribution.recorded_by)
    .where(Contribution.person_id == bindparam("person"))
    .order_by(Contribution.id.desc())
    .limit(bindparam("limit"))
)


async def person_totals(
    session: AsyncSession, person_id: int, year: int, *, fund_only: bool = False, given: bool = False
) -> Totals:
    """A person's sums for the year, as the books hold them; `fund_only`: only gifts to the Fund (Fund drives,
    general entries); `given`: what the person gave in the year, without the adjustments of an earlier year's
    gifts booked in it (`adjustments_in`, decision 1282)."""
    statement = _FUND_TOTALS if fund_only else _TOTALS
    if given:
        statement = statement.where(~_ADJUSTING)
    rows = (await session.execute(statement, {"person": person_id, "year": year})).all()
    sums: dict[str, int] = {}
    entries, kinds = 0, set[str]()
    for kind, status, amount, days, count, unvalued in rows:
        state = "confirmed" if status == "confirmed" else "pending"
        if kind == "labour":
            sums[f"days_{state}"] = sums.get(f"days_{state}", 0) + int(days)
        else:
            sums[f"{kind}_{state}"] = sums.get(f"{kind}_{state}", 0) + int(amount)
        if kind == "goods":
            sums[f"goods_unvalued_{state}"] = sums.get(f"goods_unvalued_{state}", 0) + int(unvalued)
        entries += int(count)
        kinds.add(kind)
    return Totals(**sums, entries=entries, kinds=frozenset(kinds))


@dataclass(frozen=True)
class Adjustment:
    """What the corrections of a person's gifts of `of_year`, made once that year was reported, booked in a
    later year (decision 1219): money and goods in đồng, labour in days, by kind, signed."""

    of_year: int
    figures: tuple[tuple[str, int], ...]


async def adjustments_in(session: AsyncSession, person_id: int, year: int) -> list[Adjustment]:
    """The adjustments booked in `year` of a person's gifts of earlier years, by the year of the gifts: the
    books' entries, said apart from what the person gave in `year` (decision 1282)."""
    rows = await session.execute(_ADJUSTMENTS, {"person": person_id, "year": year})
    by_year: dict[int, list[tuple[str, int]]] = {}
    for of_year, kind, amount, days in rows:
        by_year.setdefault(int(of_year), []).append((kind, int(days if kind == "labour" else amount)))
    return [Adjustment(of_year, tuple(figures)) for of_year, figures in by_year.items()]


async def recent_contributions(session: AsyncSession, person_id: int, limit: int = 5) -> list[Row[Any]]:
    """A person's latest entries (id, ref, created_at, kind, amount_vnd, labour_days, description, status,
    reverses_id and reason: a reversal shows as one, with its reason; `corrected`: a reversal cancels it; the
    year it counts for; who gave, recorded and decided it: one taken back reads so, `withdrawn`;
    `from_payroll`, deducted from their salary; `recorder`, the name of whoever recorded it for the person, if
    someone did)."""
    return list(await session.execute(_RECENT, {"person": person_id, "limit": limit}))


def normalise_ref(typed: str, prefix: str) -> str | None:
    """ "ct-2026-123", "CT 2026 000123" → "CT-2026-000123"; "2026-123" alone takes `prefix`, the reader's
    organisation's. None if it is not a reference code. A code of another prefix is kept as typed: looked up,
    it is simply not among the reader's (decision 0140), as any code of another organisation."""
    match = _REF_SHAPE.match(typed.strip().upper())
    if match is None:
        return None
    # the year as plain figures too: "２０２５" typed on a full-width keyboard is 2025, and is looked up so
    return f"{match.group(1) or prefix}-{int(match.group(2)):04d}-{int(match.group(3)):06d}"


# A code typed without its year (“ct42”, “CT 42”): the organisation's letters and the number (decision 1602);
# or its number alone as the code writes it, six figures from a 0 (“000042”), as no amount is (1802).
_REF_WITHOUT_YEAR = re.compile(rf"^({_LETTERS})[\s.-]*(\d{{1,7}})$")
_NUMBER_AS_WRITTEN = re.compile(r"^(0\d{5})$")


def typed_refs(typed: str, prefix: str, year: int) -> list[str]:
    """The codes a typed text may name, in the order to try them: a code with its year (`normalise_ref`)
    alone; the organisation's letters and a number without it (“ct42”, “CT-000042”, any case, any dashes),
    or the number alone as the code writes it (“000042”), that number's code of `year`, then of the year
    before (a December gift still waiting in January: decisions 1602, 1802). [] for anything else: a name,
    an amount, a short number alone (the page's or the menu's own option)."""
    text = fold(typed).strip().rstrip(" .!?").upper()
    ref = normalise_ref(text, prefix)
    if ref is not None and re.search(r"[A-Z]", text) and not ref.split("-")[-2].startswith("0"):
        return [ref]  # with its year: “CT-000042” is none, its “0000” no year (1802)
    if (alone := _NUMBER_AS_WRITTEN.match(text)) is not None:  # “000042”, read off a receipt (1802)
        letters, number = prefix, alone.group(1)
    elif (match := _REF_WITHOUT_YEAR.match(text)) is not None and match.group(1) in (prefix, REF_PREFIX):
        letters, number = match.group(1), match.group(2)
    else:
        return []
    if not int(number):
        return []
    return [f"{letters}-{y:04d}-{int(number):06d}" for y in (year, year - 1)]


async def contribution_for_staff(session: AsyncSession, actor: Actor | None, ref: str) -> Contribution | None:
    """The entry behind `ref` if `actor` may look it up (a treasurer, officer or admin covering its unit);
    None otherwise, so a code from elsewhere reveals nothing (not even that it exists)."""
    contribution = await session.scalar(select(Contribution).where(Contribution.ref == ref))
    if contribution is None or not may_look_up_contribution(actor, contribution):
        return None
    return contribution


def standing_gift() -> ColumnElement[bool]:
    """A gift that counts as one in reports: confirmed, not a reversal, and not cancelled by one (its amount
    is taken back by the reversal's line, and its giver did not give it after all)."""
    return and_(Contribution.status == "confirmed", not_reversed())
