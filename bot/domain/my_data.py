"""What Chung Tay keeps about a person, shown to her alone, and her stopping the bot.

Vietnam's rules on personal data (Decree 13/2023/NĐ-CP, then the Law on Personal Data Protection in force
from 1 January 2026) give a person the right to know what is kept about her and why, to see it and have a
copy, to withdraw her consent and to ask for deletion, except where another law requires the data be kept.
The gifts recorded to the Fund are the Fund's accounting records (the Accounting Law keeps its vouchers for
years), and a registration is a record the emulation's reports and awards rest on: they are never deleted or
changed here. What she may have instead: everything on one screen (`what_is_kept`), her own file
(`own_records`) and stopping (`stop_using`), after which nothing more is sent to her (docs/decisions/0674,
0675, 0676)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import (
    AuditLog,
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Drive,
    Evidence,
    HardshipCase,
    Person,
    ReminderPreference,
    Result,
    RoleAssignment,
    Unit,
)
from bot.delivery.outbox import lock_person, readdress, recipients
from bot.domain.access import Actor, may_read_own_data
from bot.domain.audit import audit
from bot.domain.contributions import still_standing
from bot.domain.notices import role_holder_stopped

STOPPED = "identity.stopped"  # the audit row that tells her own stop from a block the messenger reported


@dataclass(frozen=True)
class Kept:
    """What the bot keeps about one person, as counts: her screen (/dulieu)."""

    full_name: str
    unit: str | None
    position: str | None
    phone: str | None  # as the staff list the office loaded has it (the list is where a phone comes from)
    listed: bool  # on the staff list the office loaded
    household: bool
    accounts: tuple[str, ...]  # the messengers of her accounts (not those an officer took off)
    commitments: int  # her registrations, a year each
    gifts: int  # her entries that stand or wait (not rejected, corrections aside)
    money: int  # their money and goods' value, đồng
    labour_days: int
    goods_unvalued: int  # of them, goods nobody valued: in `money` at 0, never said worth 0 ₫ (decision 0708)
    photos: int  # receipts and evidence photos kept with her gifts and results
    photos_for_others: int  # those she sent for other people's gifts (a collector's), kept with theirs
    results: int
    optional_reminders_off: bool
    appeals_off: bool
    public_name: bool | None
    # Hardship cases the officers keep that name her (decision 0096): how many, never what they say — their
    # circumstances, needs and support are the officers' notes about her health and family (decision 0723).
    cases: int
    # Her last day of long leave, as her officer or the office recorded it (decision 0740); None: none
    # recorded. Its reason (maternity, sickness) is never kept: only the day (decision 0774).
    away_until: date | None = None
    away_reason: str | None = None  # "training": said so, the one reason kept (decision 2315)


@dataclass(frozen=True)
class GiftLine:
    ref: str
    at: datetime
    kind: str
    amount_vnd: int
    labour_days: int
    description: str | None
    drive: str | None
    status: str


@dataclass(frozen=True)
class CommitmentLine:
    year: int
    criterion: str
    target: int


def _check(actor: Actor | None, person: Person) -> None:
    if not may_read_own_data(actor, person):
        raise PermissionError("only the person reads what is kept about her, or stops the bot for herself")


async def what_is_kept(session: AsyncSession, actor: Actor | None, person: Person) -> Kept:
    _check(actor, person)
    unit = await session.get(Unit, person.unit_id) if person.unit_id is not None else None
    accounts = await session.scalars(
        select(ChannelIdentity.channel)
        .where(ChannelIdentity.person_id == person.id, ChannelIdentity.status != "removed")
        .order_by(ChannelIdentity.id)
    )
    unvalued = and_(Contribution.kind == "goods", Contribution.amount_vnd == 0)  # `statement.unpriced`
    gifts, money, days, goods_unvalued = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(Contribution.amount_vnd), 0),
                func.coalesce(func.sum(Contribution.labour_days), 0),
                func.count(case((unvalued, 1))),
            ).where(Contribution.person_id == person.id, *still_standing())
        )
    ).one()
    commitments = await session.scalar(
        select(func.count()).select_from(Commitment).where(Commitment.person_id == person.id)
    )
    # The photos of her own gifts, whoever sent them; apart, those she sent for other people's (an officer's
    # or a collector's, kept with their gifts): they were counted as hers (docs/decisions/0715).
    mine = Contribution.person_id == person.id
    receipts, for_others = (
        await session.execute(
            select(
                func.count().filter(mine),
                func.count().filter(~mine, Evidence.uploaded_by == person.id),
            )
            .select_from(Evidence)
            .join(Contribution, Contribution.id == Evidence.contribution_id)
            .where(or_(mine, Evidence.uploaded_by == person.id))
        )
    ).one()
    results, result_photos = (
        await session.execute(
            select(func.count(), func.count(Result.photo_path)).where(Result.person_id == person.id)
        )
    ).one()
    cases = await session.scalar(
        select(func.count()).select_from(HardshipCase).where(HardshipCase.person_id == person.id)
    )
    off = await session.scalar(
        select(ReminderPreference.optional_off).where(ReminderPreference.person_id == person.id)
    )
    return Kept(
        full_name=person.full_name,
        unit=unit.name if unit is not None else None,
        position=person.position,
        phone=person.phone,
        listed=person.listed,
        household=person.kind == "household",
        accounts=tuple(dict.fromkeys(accounts)),
        commitments=int(commitments or 0),
        gifts=int(gifts),
        money=int(money),
        labour_days=int(days),
        goods_unvalued=int(goods_unvalued),
        photos=int(receipts) + int(result_photos),
        photos_for_others=int(for_others),
        results=int(results),
        optional_reminders_off=bool(off),
        appeals_off=bool(person.appeals_off),
        public_name=person.public_name,
        cases=int(cases or 0),
        away_until=person.away_until,
        away_reason=person.away_reason,
    )


async def own_records(
    session: AsyncSession, actor: Actor | None, person: Person
) -> tuple[list[GiftLine], list[CommitmentLine]]:
    """Her gifts (every entry given as hers, rejected and corrections too: her file is the whole of it, as the
    ledger holds it) and her registrations' targets, oldest first: the rows of her file."""
    _check(actor, person)
    gifts = [
        GiftLine(*row)
        for row in await session.execute(
            select(
                Contribution.ref,
                Contribution.created_at,
                Contribution.kind,
                Contribution.amount_vnd,
                Contribution.labour_days,
                Contribution.description,
                Drive.title,
                Contribution.status,
            )
            .outerjoin(Drive, Drive.id == Contribution.drive_id)
            .where(Contribution.person_id == person.id)
            .order_by(Contribution.created_at, Contribution.id)
        )
    ]
    targets = [
        CommitmentLine(*row)
        for row in await session.execute(
            select(Commitment.year, Criterion.title, CommitmentItem.target)
            .join(CommitmentItem, CommitmentItem.commitment_id == Commitment.id)
            .join(Criterion, Criterion.id == CommitmentItem.criterion_id)
            .where(Commitment.person_id == person.id)
            .order_by(Commitment.year, CommitmentItem.id)
        )
    ]
    return gifts, targets


async def roles_held(session: AsyncSession, person: Person) -> list[tuple[str, str | None]]:
    """Her roles but a member's, as (role, unit code; None for the whole organisation): what stays hers
    after a stop, and goes unheard (docs/decisions/0699)."""
    rows = await session.execute(
        select(RoleAssignment.role, Unit.code)
        .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
        .where(RoleAssignment.person_id == person.id, RoleAssignment.role != "member")
        .order_by(RoleAssignment.id)
    )
    return [(role, code) for role, code in rows]


async def office_told_of_stop(session: AsyncSession, person: Person) -> list[int]:
    """Who hears that a role holder stopped (`roles_held`): the administrators of her organisation, or of a
    unit one of her roles is in, who are reached on a messenger; never she. Empty: none would hear it, which
    her last look says before she stops (docs/decisions/0699)."""
    units = select(RoleAssignment.unit_id).where(
        RoleAssignment.person_id == person.id, RoleAssignment.unit_id.is_not(None)
    )
    admins = select(RoleAssignment.person_id).where(
        RoleAssignment.org_id == person.org_id,
        RoleAssignment.role == "admin",
        RoleAssignment.person_id != person.id,
        or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id.in_(units)),
    )
    return sorted(r.person_id for r in await recipients(session, admins))


def _household_phone(person: Person, account: tuple[str, str] | None) -> list[object]:
    """A household's record is its family's, each phone its own: what one of them asks to stop is that phone
    (`account`: its channel and id), its other phones go on (docs/decisions/0700). Anyone else's accounts are
    all hers."""
    if person.kind != "household" or account is None:
        return []
    return [ChannelIdentity.channel == account[0], ChannelIdentity.external_id == account[1]]


async def other_phones(session: AsyncSession, person: Person, account: tuple[str, str]) -> int:
    """How many of a household's phones go on receiving its messages when `account` stops (0 for anyone
    else, whose accounts all stop)."""
    if person.kind != "household":
        return 0
    return int(
        await session.scalar(
            select(func.count())
            .select_from(ChannelIdentity)
            .where(
                ChannelIdentity.person_id == person.id,
                ChannelIdentity.is_active,
                ~((ChannelIdentity.channel == account[0]) & (ChannelIdentity.external_id == account[1])),
            )
        )
        or 0
    )


async def stop_using(
    session: AsyncSession,
    actor: Actor | None,
    person: Person,
    *,
    now: datetime,
    settings: Settings | None = None,
    account: tuple[str, str] | None = None,
) -> int:
    """She stops the bot: each of her accounts is marked as one that blocked it (nothing is sent there any
    more, no appeal, reminder, notice or digest; nobody records for her, as for anyone who blocked the bot:
    decision 0043), audited as her own stop so that only /start brings it back (`stopped_by_themself`), and
    what waited for her in the outbox is not sent. Her record, her gifts and registrations stay as they are.
    A treasurer, officer, leader or administrator keeps her roles, and the office hears she no longer
    receives their work, to give them to someone else (docs/decisions/0699). A household stops only the phone
    it asks from (`account`), its others go on (0700). How many accounts stopped."""
    _check(actor, person)
    roles = await roles_held(session, person)
    office = await office_told_of_stop(session, person) if roles else []
    await lock_person(session, person.id)  # a batch of messages under way is waited for (decision 0261)
    stopping = list(
        await session.scalars(
            select(ChannelIdentity)
            .where(
                ChannelIdentity.person_id == person.id,
                ChannelIdentity.status != "removed",
                *_household_phone(person, account),
            )
            .with_for_update()
        )
    )
    for identity in stopping:
        audit(
            session,
            at=now,
            actor_id=person.id,
            action=STOPPED,
            entity="channel_identity",
            entity_id=identity.id,
            channel=identity.channel,
        )
    if stopping:
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.id.in_([identity.id for identity in stopping]))
            .values(status="blocked")
            .execution_options(synchronize_session=False)
        )
    for identity in stopping:
        await readdress(session, person.id, channel=identity.channel, chat_id=identity.external_id, now=now)
    if office:
        await role_holder_stopped(session, person, roles, office, now=now, settings=settings)
    return len(stopping)


async def stopped_by_themself(session: AsyncSession, identity_id: int) -> bool:
    """Whether a blocked account is one its person stopped herself (/stop), rather than one the messenger
    said blocked the bot: the last word the audit keeps on it."""
    last = await session.scalar(
        select(AuditLog.action)
        .where(
            AuditLog.entity == "channel_identity",
            AuditLog.entity_id == identity_id,
            AuditLog.action.in_((STOPPED, "identity.blocked", "identity.unblocked")),
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    return last == STOPPED
