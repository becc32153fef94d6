"""The Fund's internal book (sổ theo dõi đóng góp): every entry of a drive, of a year's gifts to the Fund
outside the drives, or of the whole year — waiting, confirmed, rejected, withdrawn, corrected — with the
giver's real name, who confirmed it and when, who recorded it for a household, whether a photo backs it, and
the totals a treasurer reconciles with the bank statement and the cash box.

Unlike the public statement (bot.domain.statement), it names every giver: it is the treasurer's book, handed
to the inspection committee, not published. So only those who see individual amounts get it
(`may_export_ledger`), only of the units their roles cover (`in_ledger_of`), and a refusal is audited;
docs/decisions/0067.

A book of the whole organisation also lists what was paid from its scope to hardship cases, and what is left
(bot.domain.spending): the case named only for a reader who may read it (`cases_named_to`: an officer, not a
treasurer; a household's case only where they read its standing, decision 0289), else by its number, and what
it handed over to the Fund of the level above (decision 0108); the Fund's book also what the years before
brought forward (decision 0095), and the whole year's book what its drives and the Fund brought (0541).
A unit's book has no spending: support is paid at the organisation's level,
and set against one unit's receipts it would say nothing true (docs/decisions/0094)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, exists, false, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Contribution, Drive, Evidence, Organisation, Person, Unit
from bot.domain.access import Actor, Operator, cases_named_to, in_ledger_of, ledger_units, may_export_ledger
from bot.domain.audit import audit
from bot.domain.contributions import Double, possible_doubles, taken_back
from bot.domain.remittances import RemittanceLine, remittance_lines
from bot.domain.spending import (
    Balance,
    LedgerPayment,
    drive_balance,
    from_drive,
    from_fund,
    from_the_fund_in,
    fund_balance,
    handed_from_drive,
    handed_from_fund,
    handed_in,
    ledger_payments,
    year_balance,
)
from bot.domain.statement import StatementTotals, unpriced
from bot.text import as_household, sort_key, told_apart

KINDS = ("money", "goods", "labour")
ScopeKind = Literal["drive", "fund", "year"]


class LedgerBookError(Exception):
    """`reason`: "not_allowed" (audited), "not_found" (no such drive) or "other_organisation"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LedgerScope:
    """Which entries: a drive's (`drive_id`), the year's gifts to the Fund outside the drives ("fund"), or
    every entry of the year ("year"). The scopes of the public statement, and the whole year beside them."""

    kind: ScopeKind
    year: int | None = None
    drive_id: int | None = None

    @classmethod
    def of_drive(cls, drive_id: int) -> LedgerScope:
        return cls("drive", drive_id=drive_id)

    @classmethod
    def fund(cls, year: int) -> LedgerScope:
        return cls("fund", year=year)

    @classmethod
    def whole_year(cls, year: int) -> LedgerScope:
        return cls("year", year=year)


@dataclass(frozen=True)
class LedgerRow:
    ref: str
    at: datetime  # recorded (UTC)
    giver: str  # the real name; a household's as a household ("Hộ …")
    unit: str | None
    kind: str
    description: str | None
    amount_vnd: int  # money, or the value of goods; negative on a correction
    labour_days: int
    status: str  # "recorded", "confirmed", "rejected", "withdrawn"; a correction is "confirmed"
    reason: str | None  # why not confirmed, or why corrected
    decided_by: str | None
    decided_at: datetime | None
    # An officer who recorded it for the giver, a namesake recorder of the book with her unit (“Nguyễn Thị
    # Lan (Khoa Nội)”, decision 0776); None: the giver themself.
    recorded_by: str | None
    photo: bool
    corrects: str | None  # on a correction: the reference code it cancels
    corrected_by: str | None  # on a cancelled entry: the correction's reference code
    note: str | None
    drive: str | None
    replaces: str | None = None  # on the right entry a correction of the figure wrote: the code it replaces
    donor: bool = False  # the giver is a donor outside the organisation (docs/decisions/0083)
    # On a withdrawn entry: withdrawn by whoever recorded it for the giver (an officer's /ghithay, a donor's
    # gift a treasurer recorded), not by the giver; `decided_by` and `decided_at` are then who withdrew it
    # and when — never a confirmation (docs/decisions/0121).
    by_recorder: bool = False
    # On an entry that stands (waiting or confirmed, neither a correction nor cancelled by one): the earlier
    # standing gifts it may double — the same receipt's photo, or the same giver and figure within 24 hours —
    # as the treasurer's queue told her (decision 0200), so a gift counted twice shows in the book (decision
    # 0681).
    doubles: tuple[Double, ...] = ()
    id: int = 0
    from_payroll: bool = False  # deducted from the giver's salary, from the accountant's sheet (0420)
    recorder_id: int | None = None  # who `recorded_by` is: namesakes are two people (decision 0776)
    worked_on: date | None = None  # the day labour days were worked, where it was kept (decision 2105)

    @property
    def state(self) -> str:
        """What the book's "Trạng thái" says: "correction" for a reversal entry, else the status."""
        return "correction" if self.corrects else self.status

    @property
    def value(self) -> int:
        """Đồng for money and goods, days for labour."""
        return self.labour_days if self.kind == "labour" else self.amount_vnd


@dataclass(frozen=True)
class KindTotals:
    """One kind's figures (đồng, or days for labour): confirmed entries (those later corrected included), the
    corrections taken off them (a positive figure), what still waits."""

    confirmed_count: int = 0
    confirmed: int = 0
    corrections_count: int = 0
    corrections: int = 0
    waiting_count: int = 0
    waiting: int = 0
    # Goods whose value nobody knew (counted in the entries, at 0 in the figures): those confirmed, those of
    # them no correction cancelled, those waiting. Their sum is never said to be worth 0 ₫ (decision 0680).
    confirmed_unpriced: int = 0
    net_unpriced: int = 0
    waiting_unpriced: int = 0

    @property
    def net(self) -> int:
        return self.confirmed - self.corrections


@dataclass(frozen=True)
class UnitTotals:
    """A unit's net confirmed figures and what waits, by kind (None: entries of no unit)."""

    unit: str | None
    net: dict[str, int]
    waiting: dict[str, int]
    net_unpriced: int = 0  # its standing confirmed goods of value not known, and those waiting (0680)
    waiting_unpriced: int = 0


@dataclass(frozen=True)
class LedgerSummary:
    by_kind: dict[str, KindTotals]
    by_unit: list[UnitTotals]
    rejected: int = 0
    withdrawn: int = 0  # by the giver
    withdrawn_by_recorder: int = 0  # by whoever recorded it for the giver


@dataclass(frozen=True)
class MoneySource:
    """The money of one way it came in, for the book's “Đối chiếu” (decision 0682): given and recorded by the
    givers themselves (`collector` None, not `payroll`), cash a collector took and recorded for others (her
    name as the book says it, a namesake's with her unit: 0776), or the payroll's deductions. Confirmed
    entries net of their corrections, what waits, how many a treasurer did not receive."""

    collector: str | None = None
    payroll: bool = False
    confirmed_count: int = 0
    net: int = 0
    waiting_count: int = 0
    waiting: int = 0
    rejected: int = 0


def money_sources(rows: Iterable[LedgerRow]) -> list[MoneySource]:
    """The book's money by where it came from: the givers' own, each collector's (each person her own line,
    namesakes too, in name order: decision 0776), the payroll's; only those with an entry. A correction
    counts with the entry it cancels, the right figure it writes with the entry it replaces, so each line's
    net is what that way brought in; the lines add up to the summary's money."""
    rows = [row for row in rows if row.kind == "money"]
    by_ref = {row.ref: row for row in rows}

    def origin(row: LedgerRow) -> LedgerRow:
        for _ in range(len(rows)):  # a correction's entry, or a right figure's, back to the gift recorded
            earlier = by_ref.get(row.corrects or row.replaces or "")
            if earlier is None:
                return row
            row = earlier
        return row

    sums: dict[tuple[bool, int | None], dict[str, int]] = {}
    names: dict[int | None, str | None] = {None: None}
    for row in rows:
        first = origin(row)
        key = (first.from_payroll, None if first.from_payroll else first.recorder_id)
        names.setdefault(key[1], first.recorded_by)
        figures = sums.setdefault(
            key, dict.fromkeys(("confirmed_count", "net", "waiting_count", "waiting", "rejected"), 0)
        )
        if row.state == "correction":
            figures["net"] += row.amount_vnd
        elif row.status == "confirmed":
            figures["confirmed_count"] += 1
            figures["net"] += row.amount_vnd
        elif row.status == "recorded":
            figures["waiting_count"] += 1
            figures["waiting"] += row.amount_vnd
        elif row.status == "rejected":
            figures["rejected"] += 1
    order = sorted(sums, key=lambda key: (key[0], key[1] is not None, sort_key(names[key[1]] or "")))
    return [
        MoneySource(names[collector], payroll, **sums[payroll, collector]) for payroll, collector in order
    ]


@dataclass(frozen=True)
class LedgerBook:
    organisation: str
    scope: LedgerScope
    drive: str | None  # the drive's title, for a drive's book
    starts_on: date
    ends_on: date
    exported_at: datetime
    rows: list[LedgerRow]
    summary: LedgerSummary
    units: list[str] = field(default_factory=list)  # the only units covered; empty: the whole organisation
    # What was paid from the scope to hardship cases, in the order delivered; None in a unit's book.
    payments: list[LedgerPayment] | None = None
    # What the scope handed over to the Fund of the level above, cancellations with their reason, in the
    # order made (docs/decisions/0108); None in a unit's book.
    handovers: list[RemittanceLine] | None = None
    # The whole organisation's book: its scope's balance, the one its statement reads (the drive's, the
    # Fund's year, the whole year's): what is left, and the packs of the years before put back in it
    # (decisions 1324, 1464); None in a unit's book, which pays nothing out.
    balance: Balance | None = None

    @property
    def opening(self) -> StatementTotals | None:
        """In the whole organisation's book of the Fund outside the drives, or of the whole year (its drives
        too): what the years before brought forward into this one, as its balance reads it (decisions 0095,
        0541); None elsewhere: a drive's book, a unit's."""
        return None if self.balance is None or self.scope.kind == "drive" else self.balance.opening

    @property
    def handed(self) -> int:
        """The money handed over, net of cancellations."""
        return sum(line.amount_vnd for line in self.handovers or ())


def summarise(rows: Iterable[LedgerRow]) -> LedgerSummary:
    """The totals sheet's figures, from the rows themselves (so the two sheets always agree): confirmed and
    corrections by kind, net = confirmed − corrections, waiting apart; rejected and withdrawn counted only."""
    sums: dict[str, dict[str, int]] = {
        kind: dict.fromkeys(KindTotals.__dataclass_fields__, 0) for kind in KINDS
    }
    units: dict[str | None, tuple[dict[str, int], dict[str, int], dict[str, int]]] = {}
    rejected = withdrawn = by_recorder = 0
    for row in rows:
        kind = sums[row.kind]
        net, waiting, unknown = units.setdefault(
            row.unit, (dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0), {"net": 0, "waiting": 0})
        )
        no_value = unpriced(row.kind, row.amount_vnd) and row.state != "correction"
        if row.state == "correction":
            kind["corrections_count"] += 1
            kind["corrections"] -= row.value
            net[row.kind] += row.value
        elif row.status == "confirmed":
            kind["confirmed_count"] += 1
            kind["confirmed"] += row.value
            net[row.kind] += row.value
            kind["confirmed_unpriced"] += no_value
            standing = no_value and not row.corrected_by
            kind["net_unpriced"] += standing
            unknown["net"] += standing
        elif row.status == "recorded":
            kind["waiting_count"] += 1
            kind["waiting"] += row.value
            waiting[row.kind] += row.value
            kind["waiting_unpriced"] += no_value
            unknown["waiting"] += no_value
        elif row.status == "rejected":
            rejected += 1
        elif row.status == "withdrawn" and row.by_recorder:
            by_recorder += 1
        elif row.status == "withdrawn":
            withdrawn += 1
    by_unit = [
        UnitTotals(unit, net, waiting, unknown["net"], unknown["waiting"])
        for unit, (net, waiting, unknown) in sorted(
            units.items(), key=lambda item: (item[0] is None, sort_key(item[0] or ""))
        )
    ]
    return LedgerSummary(
        {kind: KindTotals(**figures) for kind, figures in sums.items()},
        by_unit,
        rejected,
        withdrawn,
        by_recorder,
    )


async def ledger_book(
    session: AsyncSession, acting: Actor | Operator | None, scope: LedgerScope, *, now: datetime
) -> LedgerBook:
    """The book of `scope` for `acting`: a treasurer, officer or admin gets the entries of the units their
    roles cover; the operator at the shell, the whole organisation's. Anyone else is refused
    (LedgerBookError "not_allowed") and the attempt audited (`ledger.refused`); a book taken out is audited
    too (`ledger.export`: the scope and how many rows, never a name or an amount)."""
    if isinstance(acting, Operator):
        org_id, where = acting.org_id, [Contribution.org_id == acting.org_id]
    elif acting is not None and may_export_ledger(acting, acting.org_id):
        org_id, where = acting.org_id, [in_ledger_of(acting)]
    else:
        audit(
            session,
            at=now,
            actor_id=acting.person_id if acting else None,
            action="ledger.refused",
            entity="organisation",
            entity_id=acting.org_id if acting else None,
            **_described(scope),
        )
        raise LedgerBookError("not_allowed")
    organisation = await session.get_one(Organisation, org_id)
    title = None
    if scope.kind == "drive":
        drive = await session.get(Drive, scope.drive_id)
        if drive is None:
            raise LedgerBookError("not_found")
        if drive.org_id != org_id:
            raise LedgerBookError("other_organisation")
        title, starts_on, ends_on = drive.title, drive.starts_on, drive.ends_on
        where.append(Contribution.drive_id == drive.id)
    else:
        assert scope.year is not None
        starts_on, ends_on = date(scope.year, 1, 1), date(scope.year, 12, 31)
        where.append(Contribution.year == scope.year)
        if scope.kind == "fund":
            where.append(Contribution.drive_id.is_(None))
    rows = await _with_doubles(session, acting, await _rows(session, *where))
    covered = await _covered_units(session, acting)
    payments, handovers, balance = None, None, None
    if not covered:  # the whole organisation's book
        named = cases_named_to(acting, org_id) if isinstance(acting, Actor) else false()
        if scope.kind == "drive":
            assert scope.drive_id is not None
            paid = from_drive(scope.drive_id)
        else:
            assert scope.year is not None
            paid = (from_fund if scope.kind == "fund" else from_the_fund_in)(org_id, scope.year)
        # the Fund's books as the cash box stood at the year's end: a pack put back after it, held (1324)
        until = None if scope.year is None else date(scope.year, 12, 31)
        payments = await ledger_payments(session, *paid, named=named, until=until)
        if scope.kind == "drive":
            assert scope.drive_id is not None
            handed = handed_from_drive(scope.drive_id)
        elif scope.kind == "fund":
            assert scope.year is not None
            handed = handed_from_fund(org_id, scope.year)
        else:
            assert scope.year is not None
            handed = handed_in(org_id, scope.year)
        handovers = await remittance_lines(session, *handed, standing=False)
        # what is left, as the statement says it: one rule, never worked out again here (decision 1464)
        if scope.kind == "drive":
            balance = await drive_balance(session, drive)
        else:  # the whole year's, its drives' too (decision 0541)
            assert scope.year is not None
            of_year = fund_balance if scope.kind == "fund" else year_balance
            balance = await of_year(session, org_id, scope.year)
    audit(
        session,
        at=now,
        actor_id=acting.person_id if isinstance(acting, Actor) else None,
        action="ledger.export",
        entity="organisation",
        entity_id=org_id,
        rows=len(rows),
        **_described(scope),
    )
    return LedgerBook(
        organisation.name,
        scope,
        title,
        starts_on,
        ends_on,
        now,
        rows,
        summarise(rows),
        covered,
        payments,
        handovers,
        balance,
    )


def _described(scope: LedgerScope) -> dict[str, Any]:
    described: dict[str, Any] = {"scope": scope.kind}
    if scope.drive_id is not None:
        described["drive"] = scope.drive_id
    if scope.year is not None:
        described["year"] = scope.year
    return described


async def _with_doubles(
    session: AsyncSession, acting: Actor | Operator, rows: list[LedgerRow]
) -> list[LedgerRow]:
    """`rows`, each entry that stands with the earlier gifts it may double (`possible_doubles`, as the queue
    reads them: the same photo, or the same giver and figure within 24 hours); a gift of a unit `acting` does
    not keep said without its code, as in the queue (decision 0201)."""
    standing = [
        row.id
        for row in rows
        if row.status in ("recorded", "confirmed") and not row.corrects and not row.corrected_by
    ]
    found = await possible_doubles(session, acting, standing)  # the year read once, its ids one bound list
    return [replace(row, doubles=found[row.id]) if row.id in found else row for row in rows]


async def _covered_units(session: AsyncSession, acting: Actor | Operator | None) -> list[str]:
    """The names of the units a unit-scoped reader covers (the book says whose it is); empty: all."""
    units = ledger_units(acting) if isinstance(acting, Actor) else None
    if not units:
        return []
    names = await session.scalars(select(Unit.name).where(Unit.id.in_(sorted(units))))
    return sorted(names, key=sort_key)


async def _rows(session: AsyncSession, *where: ColumnElement[Any]) -> list[LedgerRow]:
    """The entries matching `where`, in the order they were recorded, with the names and codes around them."""
    decider, recorder, recorders_unit = aliased(Person), aliased(Person), aliased(Unit)
    original, correction, replaced = aliased(Contribution), aliased(Contribution), aliased(Contribution)
    photo = exists().where(Evidence.contribution_id == Contribution.id)
    result = await session.execute(
        select(
            Contribution.id.label("entry_id"),
            Contribution.ref.label("ref"),
            Contribution.created_at.label("at"),
            Person.full_name.label("giver"),
            Person.kind.label("giver_kind"),
            Unit.name.label("unit"),
            Contribution.kind.label("kind"),
            Contribution.description.label("description"),
            Contribution.amount_vnd.label("amount"),
            Contribution.labour_days.label("days"),
            Contribution.status.label("status"),
            Contribution.reason.label("reason"),
            decider.full_name.label("decided_by"),
            Contribution.decided_at.label("decided_at"),
            Contribution.decided_by.label("decider_id"),
            Contribution.person_id.label("person_id"),
            Contribution.recorded_by.label("recorded_by_id"),
            recorder.full_name.label("recorder_name"),
            recorders_unit.name.label("recorder_unit"),
            photo.label("has_photo"),
            original.ref.label("corrects"),
            correction.ref.label("corrected_by"),
            Contribution.note.label("note"),
            Contribution.worked_on.label("worked_on"),
            Drive.title.label("drive"),
            replaced.ref.label("replaces"),
            Contribution.from_payroll.label("payroll"),
        )
        .join(Person, Person.id == Contribution.person_id)
        .join(recorder, recorder.id == Contribution.recorded_by)
        .outerjoin(recorders_unit, recorders_unit.id == recorder.unit_id)
        .outerjoin(decider, decider.id == Contribution.decided_by)
        .outerjoin(Unit, Unit.id == Contribution.unit_id)
        .outerjoin(Drive, Drive.id == Contribution.drive_id)
        .outerjoin(original, original.id == Contribution.reverses_id)
        .outerjoin(correction, correction.reverses_id == Contribution.id)
        .outerjoin(replaced, replaced.id == Contribution.replaces_id)
        .where(*where)
        .order_by(Contribution.created_at, Contribution.id)
    )
    rows = []
    recorders: dict[int, tuple[str, str | None]] = {}
    for r in result:  # each column read by its label, never by its place
        withdrawn = taken_back(r.status, r.decider_id, r.person_id, r.recorded_by_id)
        # a correction's maker is its decider
        on_behalf = r.recorded_by_id != r.person_id and r.corrects is None
        if on_behalf:
            recorders[r.recorded_by_id] = (r.recorder_name, r.recorder_unit)
        rows.append(
            LedgerRow(
                ref=r.ref,
                at=r.at,
                giver=as_household(r.giver) if r.giver_kind == "household" else r.giver,
                unit=r.unit,
                kind=r.kind,
                description=r.description,
                amount_vnd=int(r.amount),
                labour_days=int(r.days),
                status="withdrawn" if withdrawn else r.status,
                reason=None if withdrawn else r.reason,
                decided_by=r.decided_by,
                decided_at=r.decided_at,
                recorded_by=r.recorder_name if on_behalf else None,
                photo=bool(r.has_photo),
                corrects=r.corrects,
                corrected_by=r.corrected_by,
                note=r.note,
                worked_on=r.worked_on,
                drive=r.drive,
                replaces=r.replaces,
                donor=r.giver_kind == "donor",
                by_recorder=withdrawn and r.decider_id == r.recorded_by_id != r.person_id,
                id=r.entry_id,
                from_payroll=bool(r.payroll),
                recorder_id=r.recorded_by_id if on_behalf else None,
            )
        )
    # The book's recorders are one list: namesakes (two Nguyễn Thị Lan who collect) told apart by their unit
    # as namesake collectors are elsewhere (`told_apart`, decision 0575), in every row (decision 0776).
    named = dict(zip(recorders, told_apart(list(recorders.values())), strict=True))
    return [
        replace(row, recorded_by=named[row.recorder_id])
        if row.recorder_id and named[row.recorder_id] != row.recorded_by
        else row
        for row in rows
    ]
