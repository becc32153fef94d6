"""Gifts from donors outside the organisation (nhà hảo tâm, doanh nghiệp): a company's transfer to the
commune's Fund, a former pupil's gift to the school's flood drive, a benefactor's bags of rice handed to the
union officer (docs/decisions/0083).

A donor is a person of kind "donor" of the organisation, of no unit and with no messenger account: found again
by name, accents and case aside (“Công ty TNHH Minh Phát” giving twice is one donor), never a member — no
registration, no digest, no appeal, not counted among a unit's people nor among those who gave. Their gift is
an entry as any other, of the unit that collected it (`NewContribution.collected_in`), recorded by a treasurer
or officer covering that unit (bot.domain.access.may_record_donor_gift) and confirmed by another treasurer.
Whether the public statement names them is the donor's answer, kept as a member's is (`Person.public_name`):
until they agreed, "Nhà hảo tâm". A phone or a note about them goes in the entry's note, which only the ledger
shows."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.config import Settings
from bot.db.models import Contribution, Drive, Person
from bot.domain.access import Actor, Operator, may_open_donor_gifts
from bot.domain.audit import audit
from bot.domain.bank_statement import BankLine
from bot.domain.contributions import LedgerError, NewContribution, Receipt, record_contribution, sent_year
from bot.domain.people import FoundPerson, find_by_name
from bot.text import clean, fold, sort_key

ANONYMOUS = "Nhà hảo tâm"  # the donor who asked not to be named, and how the statement shows anyone unnamed
NAME_MAX = 200  # as `person.full_name`
NOTE_MAX = 500  # as `contribution.note`
CREDIT_MAX = 100  # as `contribution.bank_credit`
WORDS_LEAST = 16  # the figures of a credit's words' digest an identity keeps however long the rest is


STANDING = ("recorded", "confirmed")  # a gift that stands for its credit; a rejected one frees it


class DonorError(Exception):
    """`reason`: "name" (empty, or longer than NAME_MAX) or "not_allowed" (audited)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def donor_name(typed: str) -> str:
    """The name as it should read, stored as every text is (NFC, single spaces); DonorError "name" when it is
    empty or too long."""
    name = " ".join(clean(typed).split())
    if not name or len(name) > NAME_MAX:
        raise DonorError("name")
    return name


def is_anonymous(name: str) -> bool:
    """“Nhà hảo tâm” (or “nha hao tam”): a donor who is not named at all."""
    return fold(name) == fold(ANONYMOUS)


def donors_of(org_id: int) -> ColumnElement[bool]:
    """The donors of organisation `org_id`, as a condition on the person table."""
    return and_(Person.org_id == org_id, Person.kind == "donor")


async def find_donors(session: AsyncSession, org_id: int, typed: str, *, limit: int) -> list[FoundPerson]:
    """The organisation's donors with a word of the name starting with each word typed (“minh phat” finds
    “Công ty TNHH Minh Phát”), at most `limit` + 1; by the whole name (`sort_key`), not the last word as
    people are: a donor is as often a company as a person."""
    found = await find_by_name(
        session, _ABBREVIATED.sub(_spelt_out, fold(typed)), donors_of(org_id), limit=limit
    )
    return sorted(found, key=lambda donor: (sort_key(donor.full_name), donor.id))


# How company names are shortened when typed: “cty minh phat” is “Công ty TNHH Minh Phát”.
_SPELT_OUT = {
    "cty": "cong ty",
    "ctcp": "cong ty co phan",
    "dntn": "doanh nghiep tu nhan",
    "htx": "hop tac xa",
}
_ABBREVIATED = re.compile(r"\b(" + "|".join(_SPELT_OUT) + r")\b")


def _spelt_out(found: re.Match[str]) -> str:
    return _SPELT_OUT[found.group(1)]


async def donor_named(session: AsyncSession, org_id: int, name: str) -> Person | None:
    """The organisation's donor of exactly this name, accents, case and spaces aside."""
    return await session.scalar(
        select(Person).where(donors_of(org_id), Person.name_key == fold(name)).order_by(Person.id).limit(1)
    )


async def donor_for(
    session: AsyncSession, acting: Actor | Operator | None, name: str, *, now: datetime
) -> Person:
    """The donor of the acting person's organisation named `name`, found again or written now (audited:
    `donor.create`, with no name). Only who may record a donor's gift (a treasurer or officer), or the
    operator at the shell; anyone else is refused (DonorError "not_allowed")."""
    donor, created = await _written(session, await donor_to_record(session, acting, name, now=now))
    if created:
        _created(session, donor, acting.person_id if isinstance(acting, Actor) else None, now=now)
    return donor


async def donor_to_record(
    session: AsyncSession, acting: Actor | Operator | None, name: str, *, now: datetime
) -> Person:
    """`donor_for` without writing anything: the donor found again, or a new one not yet written (its `id` is
    None), which `record_donor_gift` writes in the same transaction as their gift. The chat asks for the name
    before the gift's own steps, and a flow left half way, or cancelled, must leave no donor behind for later
    name searches and the donor list to offer (docs/decisions/0106)."""
    name = donor_name(name)
    if acting is None or (isinstance(acting, Actor) and not may_open_donor_gifts(acting)):
        raise DonorError("not_allowed")
    found = await donor_named(session, acting.org_id, name)
    if found is not None:
        return found
    return Person(
        org_id=acting.org_id,
        unit_id=None,
        full_name=name,
        name_key=fold(name),
        kind="donor",
        listed=False,
        public_name=False,
        created_at=now,
    )


async def _written(session: AsyncSession, donor: Person) -> tuple[Person, bool]:
    """`donor` as stored: itself when it is; else the one of that name written meanwhile (by another officer
    recording the same donor's gift), or it, written now (True)."""
    if donor.id is not None:
        return donor, False
    found = await donor_named(session, donor.org_id, donor.full_name)
    if found is not None:
        return found, False
    session.add(donor)
    await session.flush()
    return donor, True


def _created(session: AsyncSession, donor: Person, actor_id: int | None, *, now: datetime) -> None:
    audit(session, at=now, actor_id=actor_id, action="donor.create", entity="person", entity_id=donor.id)


@dataclass(frozen=True)
class RecordedCredit:
    """The gift standing for a credit of the bank's statement, as who was refused a second one is told:
    its entry (whether they may see who recorded it is theirs to ask: `may_look_up_contribution`), its code,
    and its recorder's name."""

    entry: Contribution
    ref: str
    recorded_by: str


class CreditRecorded(LedgerError):
    """The credit was recorded as a gift meanwhile (`LedgerError` "credit_recorded"): by another treasurer,
    in another chat or on the other messenger, at the same moment. Nothing of the second gift was written."""

    def __init__(self, recorded: RecordedCredit) -> None:
        super().__init__("credit_recorded")
        self.recorded = recorded


async def record_donor_gift(
    session: AsyncSession,
    *,
    donor: Person,
    recorded_by: Person,
    public: bool,
    entry: NewContribution,
    now: datetime,
    settings: Settings | None = None,
    credit_vnd: int | None = None,
    credit: str | None = None,
    credit_on: date | None = None,
    receipts: Sequence[Receipt] = (),
) -> Contribution:
    """Record `entry` as the gift of `donor` collected in `entry.collected_in`, by `recorded_by` (checked by
    `record_contribution`: a treasurer or officer covering the unit, else LedgerError "not_allowed"), and keep
    the donor's answer whether the statement may name them (`public`; a change is audited). A donor not yet
    written (`donor_to_record`) is written with it, in the same transaction: a refused gift rolls it back. It
    waits for a treasurer other than its recorder, as every entry does.

    `credit_vnd`: the amount of the bank statement's credit the gift is recorded from. The gift is that
    credit, money of that very amount, else LedgerError "credit_amount" and nothing is written: a credit
    recorded at another figure is no longer known as recorded when the statement is read again (its note and
    amount tie it), and was then offered, and recorded, a second time (docs/decisions/0243).

    `credit`: that credit's identity (`credit_identity`), kept on the gift. One credit is one gift standing:
    a second gift of the same credit fails on the unique index `uq_contribution_bank_credit` (recorded by
    another treasurer, or the same one in another chat, at the same moment), inside a savepoint, and is
    refused with CreditRecorded: nothing of it is written, the rest of the transaction stands
    (docs/decisions/0244).

    `credit_on`: that credit's day, when the statement gives it: a credit of the year just ended counts for
    that year (`credit_year`).

    `receipts`: the photos sent with the gift, attached with it by `record_contribution` as a member's are
    (decision 1107): a gift refused, or its credit recorded meanwhile, keeps none of them."""
    if credit_vnd is not None and (entry.kind != "money" or entry.amount_vnd != credit_vnd):
        raise LedgerError("credit_amount")
    drive = await session.get(Drive, entry.drive_id) if entry.drive_id is not None else None
    year = credit_year(credit_on, local_date(now), drive)  # never for a drive begun after it (1034)
    if credit is None:
        return await _gift(
            session,
            donor,
            recorded_by,
            public,
            entry,
            now=now,
            settings=settings,
            year=year,
            receipts=receipts,
        )
    try:
        async with session.begin_nested():
            contribution = await _gift(
                session,
                donor,
                recorded_by,
                public,
                entry,
                now=now,
                settings=settings,
                year=year,
                receipts=receipts,
            )
            contribution.bank_credit = credit
            await session.flush()
    except IntegrityError:
        if (recorded := await recorded_credit(session, donor.org_id, credit)) is None:
            raise  # another row's rule: not the credit's
        raise CreditRecorded(recorded) from None
    return contribution


async def _gift(
    session: AsyncSession,
    donor: Person,
    recorded_by: Person,
    public: bool,
    entry: NewContribution,
    *,
    now: datetime,
    settings: Settings | None,
    year: int | None = None,
    receipts: Sequence[Receipt] = (),
) -> Contribution:
    donor, new = await _written(session, donor)
    try:
        contribution = await record_contribution(
            session,
            person=donor,
            recorded_by=recorded_by,
            entry=entry,
            now=now,
            settings=settings,
            year=year,
            receipts=receipts,
        )
    except LedgerError:
        if new:  # refused before anything of the gift was written: the new donor goes with it
            await session.delete(donor)
            await session.flush()
        raise
    if new:
        _created(session, donor, recorded_by.id, now=now)
    if bool(donor.public_name) != public:
        donor.public_name = public
        audit(
            session,
            at=now,
            actor_id=recorded_by.id,
            action="donor.public_name",
            entity="person",
            entity_id=donor.id,
            public=public,
        )
    return contribution


def credit_year(on: date | None, today: date, drive: Drive | None = None) -> int | None:
    """The year a gift recorded `today` from a bank credit of the day `on` counts for, when it is not the
    year it is recorded in (decision 0076): the year just ended, for money the bank received in it, while that
    year is still at work (through March, `first_year_at_work`). A company's transfer of 31/12/2026 read from
    the statement on 2/1/2027 is 2026's money: the account's balance of 31/12 holds it, and 2026's book and
    statement must agree with it (decision 0888). None otherwise: a credit without a day, or of this year, or
    to a `drive` that began after it, a drive of this year, as a member's transfer of that night to it is
    (`sent_year`, one rule for both: decisions 1006, 1034)."""
    if on is None or on.year != sent_year(today, drive):
        return None
    return on.year


async def recorded_credit(session: AsyncSession, org_id: int, credit: str) -> RecordedCredit | None:
    """The gift standing for the credit `credit` of organisation `org_id`, with its recorder's name."""
    row = (
        await session.execute(
            select(Contribution, Person.full_name)
            .join(Person, Person.id == Contribution.recorded_by)
            .where(
                Contribution.org_id == org_id,
                Contribution.bank_credit == credit,
                Contribution.status.in_(STANDING),
            )
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return RecordedCredit(entry=row[0], ref=row[0].ref, recorded_by=row[1])


def credit_identity(
    line: BankLine,
    occurrence: int,
    source: str = "",
    *,
    by_row: bool = False,
    account: str = "",
    period: tuple[date, date] | None = None,
) -> str:
    """Which credit of the bank's statement `line` is, within its organisation: its day, amount, its
    occurrence among the statement's identical credits (the same day, amount and description: two such
    transfers are two gifts) and its description as the bank wrote it, folded (a digest, to fit the
    column). A credit without a day (a statement with no date column, or a date cell that holds none) is
    told apart by the statement's table it is in (`source`, the checksum of the rows under its header) and
    its occurrence there: the same statement read again, from another download too, knows it, and next
    month's, with the same company's same transfer, does not take it for this one (docs/decisions/0262,
    0276); with the days its statement covers where it prints them (`period`), which say another statement's
    such credit cannot be it (0298). The account the statement is of, where it prints it (`account`), ends
    it: the same transfer of one day into the Fund's account and into the union's is two credits (0298).
    `by_row`: `source` is the file's checksum and the row is named, as gifts recorded by 0262 kept it. "-"
    without a `source`: as gifts recorded before that kept it."""
    if by_row and source:
        undated = f"f{source[:16]}r{line.row}"
    elif source and period:
        undated = f"t{source[:12]}p{period[0]:%y%m%d}{period[1]:%y%m%d}"
    else:
        undated = f"t{source[:16]}" if source else "-"
    day = line.on.isoformat() if line.on else undated
    words = hashlib.sha256(fold(clean(line.description)).encode()).hexdigest()[:40]
    held = f" k{hashlib.sha256(account.encode()).hexdigest()[:8]}" if account else ""
    return _fitted(f"{day} {line.amount} {occurrence} {words}{held}")


def credit_again(first: str, reversed_id: int) -> str:
    """The identity a credit is recorded again under once its gift `reversed_id` was reversed: the identity
    it was first recorded under (`first`), with that gift's id after it (decision 0288)."""
    return _fitted(f"{first} a{reversed_id}")


def _fitted(identity: str) -> str:
    """`identity` as the column holds it (CREDIT_MAX characters): where longer (a credit without a day, of
    an account and days printed, of eleven figures and recorded again after a gift of an id of eight), its
    words' digest is cut by what is too much, never below WORDS_LEAST figures; its day or table, amount,
    occurrence, account and reversed gift, which tell credits apart, stay whole (decision 0306)."""
    excess = len(identity) - CREDIT_MAX
    if excess <= 0:
        return identity
    day, amount, occurrence, words, *rest = identity.split(" ")
    return " ".join([day, amount, occurrence, words[: max(WORDS_LEAST, len(words) - excess)], *rest])


def credit_identities(
    lines: Sequence[BankLine],
    source: str = "",
    *,
    by_row: bool = False,
    account: str = "",
    period: tuple[date, date] | None = None,
) -> list[str]:
    """`credit_identity` of each of `lines` (a statement's credits, in its order, of the table whose checksum
    is `source`): the first of identical credits is occurrence 0, the next 1…"""
    seen: Counter[tuple[object, int, str]] = Counter()
    identities = []
    for line in lines:
        same = (line.on, line.amount, fold(clean(line.description)))
        identities.append(
            credit_identity(line, seen[same], source, by_row=by_row, account=account, period=period)
        )
        seen[same] += 1
    return identities


@dataclass(frozen=True)
class CreditParts:
    """What a credit's identity (`credit_identity`, as a gift keeps it) says: its day, or the days its
    statement covers (None: not printed, or a gift recorded before they were kept), its amount, the digest
    of its words (cut short in an identity that was too long: `same_words`), and its account's mark ("":
    not printed)."""

    on: date | None
    period: tuple[date, date] | None
    amount: str
    words: str
    account: str

    def same_words(self, other: CreditParts) -> bool:
        """Whether the two credits' words are the same: one digest the start of the other (`_fitted`)."""
        shorter, longer = sorted((self.words, other.words), key=len)
        return bool(shorter) and longer.startswith(shorter)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERIOD = re.compile(r"t[0-9a-f]{12}p(\d{6})(\d{6})")


def credit_parts(identity: str) -> CreditParts:
    """The parts of a credit's identity (`credit_identity`), with the reversed gift's id after it or not."""
    day, amount, _occurrence, words, *rest = identity.split(" ") + [""] * (4 - identity.count(" ") - 1)
    on = date.fromisoformat(day) if _ISO_DAY.fullmatch(day) else None
    period = None
    if printed := _PERIOD.fullmatch(day):
        try:
            period = (
                datetime.strptime(printed[1], "%y%m%d").date(),
                datetime.strptime(printed[2], "%y%m%d").date(),
            )
        except ValueError:
            period = None
    account = next((part[1:] for part in rest if part.startswith("k")), "")
    return CreditParts(on, period, amount, words, account)


def credit_base(identity: str) -> str:
    """A credit's identity without its account and without a reversed gift's id: what a statement that
    prints no account knows it by."""
    return " ".join(identity.split(" ")[:4])


def statement_note(line: BankLine) -> str | None:
    """The note a donor's gift recorded from a bank statement's credit keeps: the credit's day and the
    transfer's description as the bank wrote it (“15/12/2026 · MBVCB.123.CONG TY MINH PHAT UNG HO”), so the
    ledger ties it to the statement, and the statement read again knows the line is recorded."""
    day = f"{line.on:%d/%m/%Y} · " if line.on else ""
    note = (day + " ".join(clean(line.description).split()))[:NOTE_MAX].strip(" ·")
    return note or None
