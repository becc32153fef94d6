"""Reconciling the bank's statement with the ledger (đối chiếu sao kê): each credit whose description names a
reference code is set beside the entry behind the code, for the treasurer who sent the statement, under the
queue's rule (`decide_refusal`: a treasurer covering the entry's unit, never on an entry they gave or
recorded). Five groups come out (docs/decisions/0082):

- **matches**: a money entry waiting, credited exactly its amount; or one its giver recorded again after the
  entry the credit names was rejected (or withdrawn), in its place (`again_of`, docs/decisions/0090); or
  one of the gifts one transfer names together and pays exactly, a couple's (`together`, docs/decisions/0831);
- **differing**: an entry waiting whose credit is another amount (or which is not money, or whose transfer
  names other codes too): listed with both figures, for the treasurer to look at;
- **decided**: an entry already confirmed, rejected or withdrawn: listed with its state;
- **not theirs**: a code unknown, or of an entry the treasurer may not decide: the lines of other units are
  only counted, so nothing is revealed of them; those whose codes name no gift at all (a code mistyped, the
  code of a correction, which is never a gift) are listed too, with their row and amount (`unknown`,
  docs/decisions/0121), for the treasurer to find the money;
- **no code**: credits naming no code: listed with day, amount and description, to be matched by hand, or
  recorded as a gift from a donor outside the organisation (docs/decisions/0083): such a credit, once
  recorded, is named by the entry's reference code when the statement is read again (`recorded`).

Rows of a signed amount column whose side cannot be told (`unclear`, docs/decisions/0089), rows whose
amount cannot be read (`unread`, docs/decisions/0222), and rows with money but no day to take (`undated`,
docs/decisions/0235) are no credits: only their rows are given, for the treasurer to look at in the file.

Reading changes nothing; the matches are confirmed only when the treasurer says so, each through
`bot.domain.contributions.decide` (checked, audited, its giver told), as the queue confirms a page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import chain, combinations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import LOCAL_TZ, local_date
from bot.config import Settings
from bot.db.models import AuditLog, Contribution, Organisation, Person, Unit
from bot.db.ops import in_chunks
from bot.domain.access import (
    Actor,
    decide_refusal_of,
    may_look_up_contribution,
    may_name_giver_in,
    own_case_drives,
    typed_and_moved,
)
from bot.domain.audit import audit
from bot.domain.bank_statement import (
    BankLine,
    OrderTaken,
    Statement,
    code_hints,
    codes_without_year,
    statement_prefixes,
)
from bot.domain.contributions import not_reversed, ref_year, said_sent_in, taken_back
from bot.domain.donors import (
    STANDING,
    CreditParts,
    credit_again,
    credit_base,
    credit_identities,
    credit_parts,
    statement_note,
)
from bot.domain.queue import (
    Decided,
    WaitingCollector,
    collector_waiting,
    decide_several,
    waiting_by_collector,
)
from bot.text import joined_units, words_key

_CHUNK = 500  # reference codes asked for at once (a year's statement names a few thousand at most)


@dataclass(frozen=True)
class Found:
    """An entry of the ledger a code in the statement named, as its treasurer sees it: what was recorded,
    where it stands ("waiting", "confirmed", "rejected", "withdrawn", "corrected": confirmed, then cancelled
    by a reversal), and what the statement credited with its code (`received`, over `lines`; `shared`: a
    transfer that names other codes too)."""

    id: int
    ref: str
    giver: str
    unit: str | None
    kind: str
    amount_vnd: int
    labour_days: int
    description: str | None
    state: str
    received: int
    lines: tuple[BankLine, ...]
    shared: bool
    # The year it counts for as it stands: once confirmed from April, the year it is confirmed in where its
    # own was reported (`year_counted`, decision 1218), which its last look says before the Yes.
    year: int
    # Whose gift it is (the person's id): the bank statement's match lines hold it against her others
    # (`queue.far_among`), the gifts not read again by id.
    giver_id: int
    # The code the credit names, when this entry was recorded again in place of that one, rejected
    # (docs/decisions/0090): the entry is the later one, `received` and `lines` the old code's.
    again_of: str | None = None
    # The other codes of the one transfer that paid exactly this gift and theirs together, each a waiting
    # money gift of the treasurer's that no other transfer names: a couple's (docs/decisions/0831).
    together: tuple[str, ...] = ()
    # The debits naming this code alone, not before its first credit, where its credits are more than was
    # recorded: a double transfer paid back (docs/decisions/0840). `received` is what stayed, less them.
    paid_back: tuple[BankLine, ...] = ()
    # The debits naming this code with others, not before its first credit: which part went back to whom is
    # not guessed, so the gift is never a match nor confirmed at what the account received (0899).
    paid_out_with: tuple[BankLine, ...] = ()
    # The other debits naming this code alone, not before its first credit, not read as paying it back (part
    # of a gift credited exactly handed back, a fee quoting the code, part of a double transfer paid back):
    # what of it stayed is not guessed, so the gift is never a match nor confirmed at what the account
    # received (docs/decisions/0915, 1112).
    named_out: tuple[BankLine, ...] = ()
    # The debits naming this code of a day before its first credit: they pay nothing of it back, and are a
    # code mistyped in the debit or another gift's money, which is not guessed. Named, never taken off, and
    # the gift is never a match until the treasurer has looked (docs/decisions/1111).
    out_before: tuple[BankLine, ...] = ()

    @property
    def stayed_unknown(self) -> bool:
        """Money naming it went back out that is not read as paying it back (`paid_out_with`, `named_out`,
        `out_before`): what of it stayed with the Fund is not known, so it is never a match, never paid
        together with others, and never confirmed at what the account received (0899, 0915, 1111)."""
        return bool(self.paid_out_with or self.named_out or self.out_before)

    @property
    def repeated(self) -> bool:
        """Its code credited several times, each exactly the money recorded, and more than that stayed: most
        likely one transfer repeated by mistake, never confirmed at what they brought together (1024)."""
        return (
            self.kind == "money"
            and len(self.lines) > 1
            and all(line.amount == self.amount_vnd for line in self.lines)
            and self.received > self.amount_vnd
        )


@dataclass(frozen=True)
class ShortOfList:
    """A credit without a code short of a collector's handover list by the figure of its gifts `missing`
    (their codes, oldest first; more than one when several gave that very figure): the payroll's transfer
    less a colleague the accountant took off it, the cash paid in less a household's (docs/decisions/0372)."""

    collector: WaitingCollector
    short_vnd: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Reconciliation:
    credits: int
    matches: list[Found]
    differing: list[Found]
    decided: list[Found]
    not_theirs: int
    no_code: list[BankLine]
    # Of `no_code`, by their place in it: the reference code of the donor's gift recorded from the credit
    # (its amount, and its day and description as the note: bot.domain.donors.statement_note); one entry
    # for one credit. "" for a gift the treasurer may not look up: recorded, but neither its code nor who.
    recorded: dict[int, str] = field(default_factory=dict)
    # Of `recorded`, by place, the credits whose gift was confirmed and then reversed (a correction), and
    # none stands in its place: the money is in the account but no longer in the books, and the statement
    # says so beside it (0262) and offers it to record again (0288).
    cancelled: frozenset[int] = frozenset()
    # Of `no_code`, by place, what the credit is recorded under (`Contribution.bank_credit`): its identity
    # (`credit_identity`), with the id of its reversed gift after it for a credit `cancelled` (0288).
    credit_keys: tuple[str, ...] = ()
    # Of the credits without a day not recorded, by place, the code of a gift recorded from a credit
    # without a day of another statement, of the same amount and words ("" where `actor` may not open it):
    # perhaps the same transfer, which nothing tells apart; offered, and said so (0288).
    alike: dict[int, str] = field(default_factory=dict)
    # Of `alike`, the dated credits like a gift recorded from a credit of the same day (a corrected
    # statement); the others are like one where either has no day (0298).
    same_day: frozenset[int] = frozenset()
    # The statement's rows that might be credits but whose side cannot be told (bank_statement.Statement).
    unclear: tuple[int, ...] = ()
    # The statement's rows whose credit or amount holds figures that are no amount in whole đồng.
    unread: tuple[int, ...] = ()
    # The statement's rows with money that might be in but no day (under a subtotal, without a description).
    undated: tuple[int, ...] = ()
    # The statement's credits whose day in figures could be read day first or month first (0250).
    unplaced: tuple[int, ...] = ()
    # The statement's rows with their own day and money in whose words begin as a total's (0256).
    like_total: tuple[int, ...] = ()
    # Its days in figures, all of which read both ways, were read day first: the first such credit (0262).
    order_taken: OrderTaken | None = None
    # The statement file's checksum: what tells its credits without a day apart (`credit_identities`, 0262).
    source: str = ""
    # Of the credits `not_theirs` counts, those whose codes name no gift of the organisation at all (a code
    # mistyped, a correction's code: docs/decisions/0121): listed with their row, day and amount, so the
    # treasurer can find the money; they say nothing of other units.
    unknown: list[BankLine] = field(default_factory=list)
    # Of the credits without a code not recorded, by place, the collector whose handover list waiting for
    # `actor` totals exactly the credit: the accountant's one transfer of the payroll's deduction, a hamlet
    # officer's cash paid in, each gift of it recorded already — to confirm as that list, never to record
    # again as a donor's gift (docs/decisions/0346).
    # Several lists of that very total: all of them, by name; which one paid in, its words or the collectors
    # tell (docs/decisions/0539: the first alone was named, and its list confirmed for another's money).
    handover: dict[int, tuple[WaitingCollector, ...]] = field(default_factory=dict)
    # Of the others, by place, the list the credit falls short of by one gift's figure (0372).
    short: dict[int, ShortOfList] = field(default_factory=dict)
    # Of `handover`, by place, how many credits name the same lists, where they are more than those lists:
    # one list is one credit's money, and the others are said to be no list's (docs/decisions/0608).
    crowded: dict[int, int] = field(default_factory=dict)
    # Of the credits neither a list's total nor recorded, by place, the one pair of collectors' lists whose
    # totals together make the credit: an officer paying in her own and a neighbour's cash at once. Named,
    # never confirmed: she confirms each list under “By collector” (docs/decisions/0608).
    paired: dict[int, tuple[WaitingCollector, WaitingCollector]] = field(default_factory=dict)
    # The statement's debits naming no code whose words say money went back (`Statement.refunds`): tied to
    # no gift (a name or “hoàn tiền ủng hộ” proves none), named for the treasurer before she confirms (1023).
    refunds: tuple[BankLine, ...] = ()
    # The credits without a code whose words hold one with a letter typed for a figure (“CT2026-0O12”), with
    # the codes of the organisation's gifts they may be: named for the treasurer, never matched (1025).
    mistyped: tuple[tuple[BankLine, tuple[str, ...]], ...] = ()
    # Of the others, those whose words hold a code's near-form whose reading is not sure (`code_hints`),
    # with the codes it may be where she may look up each of them, or none: a code seems mistyped, and no
    # one code is named as if sure (docs/decisions/1222).
    unsure: tuple[tuple[BankLine, tuple[str, ...]], ...] = ()
    # Of `unsure`, the rows whose hint is a bare number like a year (“CT-2045”, `_years_placed`): no letter
    # typed for a figure, but a number that may be a gift's, a year or a voucher's, named apart (1373).
    like_a_year: frozenset[int] = frozenset()
    # The debits naming the code of a gift `actor` may look up that no credit of the statement names (a gift
    # confirmed from last month's, a donor's recorded from a credit without a code), with those codes: read
    # against no credit, so named for the treasurer to look up before she confirms, or to correct (1049).
    out_elsewhere: tuple[tuple[BankLine, tuple[str, ...]], ...] = ()
    # Of the credits without a code neither recorded nor a list's, by place, the money gifts waiting that
    # `actor` may look up of the same amount whose recorder said they were sent in the credit's year
    # (`said_sent_in`; her own and those she recorded too, decision 1157):
    # a member's transfer of 31/12 logged in January with its receipt, her bank's words without its code.
    # Named, never matched: the receipt's day is the treasurer's to check, not a donor's gift (1110).
    said_sent: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # The same, of such gifts confirmed already from their receipt (the treasurer checks the receipt's day,
    # 1094, often before the bank's statement comes): the money counts, so recorded as a donor's gift this
    # credit would count it twice (decision 1155).
    said_sent_confirmed: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Of the credits without a code neither recorded nor a list's, by place, the money gifts waiting for
    # `actor` of the credit's very amount whose giver the transfer's words name (her whole name, or her given
    # name with her unit's: “BS Nam khoa Noi ung ho Tet”), as “CT-2026-000002 (Bình)”: a doctor's transfer
    # typed loosely. Named, never matched: a name is no proof (0082), the treasurer looks (decision 2112).
    named_giver: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def unrecorded(self) -> list[tuple[int, BankLine]]:
        """The credits without a code not recorded yet, or whose gift was cancelled, with their place in
        `no_code`."""
        return [
            (n, line) for n, line in enumerate(self.no_code) if n not in self.recorded or n in self.cancelled
        ]

    @property
    def hints(self) -> list[tuple[BankLine, tuple[str, ...], bool]]:
        """The credits named for a code's near-form with a letter typed for a figure, in the file's order:
        each with its codes and whether its reading is sure (`mistyped`) or not (`unsure`: the codes it may
        be, or none). Those of a bare number like a year are `year_hints`."""
        named = [(line, codes, True) for line, codes in self.mistyped]
        named += [(line, codes, False) for line, codes in self.unsure if line.row not in self.like_a_year]
        return sorted(named, key=lambda hint: hint[0].row)

    @property
    def year_hints(self) -> list[tuple[BankLine, tuple[str, ...], bool]]:
        """The credits whose bare number like a year may be a gift's (“CT-2045”: “perhaps CT-2026-002045”,
        or none where the gift is not hers to look up), in the file's order: to look up, never matched
        (docs/decisions 1274, 1373)."""
        return [(line, codes, False) for line, codes in self.unsure if line.row in self.like_a_year]

    @property
    def matched_total(self) -> int:
        return sum(found.amount_vnd for found in self.matches)

    def counts(self) -> dict[str, int]:
        """How many of each group: what the audit row keeps (never a name, an amount or a description)."""
        return {
            "credits": self.credits,
            "matches": len(self.matches),
            "differing": len(self.differing),
            "decided": len(self.decided),
            "not_theirs": self.not_theirs,
            "no_code": len(self.no_code),
            "unclear": len(self.unclear),
            "unread": len(self.unread),
            "undated": len(self.undated),
            "unplaced": len(self.unplaced),
            "like_total": len(self.like_total),
            "unknown": len(self.unknown),
            "refunds": len(self.refunds),
            "mistyped": len(self.mistyped),
            "unsure": len(self.unsure),
            "out_elsewhere": len(self.out_elsewhere),
        }


def _state(entry: Contribution, reversed_ids: Collection[int]) -> str:
    if entry.status == "recorded":
        return "waiting"
    if taken_back(entry.status, entry.decided_by, entry.person_id, entry.recorded_by):
        return "withdrawn"
    if entry.id in reversed_ids:  # confirmed, then cancelled by a reversal: its money counts nowhere now
        return "corrected"
    return entry.status


async def _reversed(session: AsyncSession, ids: Sequence[int]) -> set[int]:
    """Of the entries `ids`, those a reversal cancels (a confirmation made by mistake, or a correction)."""
    reversed_ids: set[int] = set()
    for chunk in in_chunks(ids, _CHUNK):
        reversed_ids |= set(
            await session.scalars(select(Contribution.reverses_id).where(Contribution.reverses_id.in_(chunk)))
        )
    return reversed_ids


async def _entries(
    session: AsyncSession, org_id: int, refs: Sequence[str]
) -> list[tuple[Contribution, str, str | None]]:
    found = []
    for chunk in in_chunks(refs, _CHUNK):
        rows = await session.execute(
            select(Contribution, Person.full_name, Unit.name)
            .join(Person, Person.id == Contribution.person_id)
            .outerjoin(Unit, Unit.id == Contribution.unit_id)
            .where(
                Contribution.org_id == org_id,
                Contribution.ref.in_(chunk),
                Contribution.reverses_id.is_(None),  # a correction is no gift: never set beside a credit
            )
        )
        found += [(entry, giver, unit) for entry, giver, unit in rows]
    return found


async def reconcile(session: AsyncSession, actor: Actor, statement: Statement) -> Reconciliation:
    """The statement's credits (bot.domain.bank_statement) set beside the entries `actor` may decide. A code
    on several credits counts them together (a gift paid in two transfers); a credit naming several codes is
    never a match (which part paid which gift is the treasurer's to see). The code of a rejected entry its
    giver recorded again (`_recorded_again`) stands for the later entry, under the later entry's rule."""
    lines, candidates = await _years_placed(session, actor, statement)
    by_code: dict[str, list[BankLine]] = {}
    for line in lines:
        for code in line.codes:
            by_code.setdefault(code, []).append(line)
    entries = await _entries(session, actor.org_id, sorted(by_code))
    again = await _recorded_again(session, actor.org_id, [entry for entry, _giver, _unit in entries], by_code)
    confirmed = [
        entry.id for entry, _giver, _unit in [*entries, *again.values()] if entry.status == "confirmed"
    ]
    reversed_ids = await _reversed(session, sorted(set(confirmed)))
    theirs: dict[str, Found] = {}
    time_runs = _time_order(statement)
    own_drives = await own_case_drives(session, actor)  # read once, not a query an entry
    typed = await typed_and_moved(session, actor)
    for entry, giver, unit in entries:
        again_of = None
        if entry.ref in again:
            again_of = entry.ref
            entry, giver, unit = again[entry.ref]
        if await decide_refusal_of(session, actor, entry, own_drives=own_drives, typed=typed) is not None:
            continue
        code = again_of or entry.ref  # the code the credits name
        credited = by_code[code]
        after = _debits_after(credited, statement.paid_out, time_runs)
        back = _paid_back(code, credited, after, entry.amount_vnd)
        with_others = tuple(line for line in after if code in line.codes and len(line.codes) > 1)
        named_out = tuple(line for line in after if line.codes == (code,) and line not in back)
        theirs[code] = Found(
            id=entry.id,
            ref=entry.ref,
            giver=giver,
            unit=unit,
            kind=entry.kind,
            amount_vnd=entry.amount_vnd,
            labour_days=entry.labour_days,
            description=entry.description,
            state=_state(entry, reversed_ids),
            received=sum(line.amount for line in credited) - sum(line.amount for line in back),
            lines=tuple(credited),
            shared=any(len(line.codes) > 1 for line in credited),
            year=entry.year,
            giver_id=entry.person_id,
            again_of=again_of,
            paid_back=back,
            paid_out_with=with_others,
            named_out=named_out,
            out_before=tuple(line for line in statement.paid_out if code in line.codes and line not in after),
        )
    theirs = _split_paid_out(theirs)
    together = _paid_together(theirs, lines)
    matches, differing, decided = [], [], []
    for found in sorted(theirs.values(), key=lambda found: found.id):
        if found.ref in together:
            matches.append(replace(found, together=together[found.ref]))
        elif found.state != "waiting":
            decided.append(found)
        elif (
            found.kind == "money"
            and not found.shared
            and not found.stayed_unknown
            and found.received == found.amount_vnd
        ):
            matches.append(found)
        else:
            differing.append(found)
    coded = [line for line in lines if line.codes]
    known = {entry.ref for entry, _giver, _unit in entries}
    no_code = [line for line in lines if not line.codes]
    held = await _recorded_from(session, actor, no_code, statement)
    collectors = await waiting_by_collector(session, actor)
    lists: dict[int, tuple[WaitingCollector, ...]] = {}
    for collector in collectors:  # in order of their names: two lists of one total, both (0539)
        lists[collector.total_vnd] = (*lists.get(collector.total_vnd, ()), collector)
    handover = {
        n: lists[line.amount]
        for n, line in enumerate(no_code)
        if n not in held.recorded and line.amount in lists
    }
    naming = Counter(no_code[n].amount for n in handover)  # one list is one credit's money (0608)
    crowded = {
        n: naming[no_code[n].amount]
        for n, named in handover.items()
        if naming[no_code[n].amount] > len(named)
    }
    rest = [(n, line) for n, line in enumerate(no_code) if n not in held.recorded and n not in handover]
    paired = _two_lists_together(collectors, rest)
    rest = [(n, line) for n, line in rest if n not in paired]
    short = await _short_of_a_list(session, actor, collectors, rest) if rest else {}
    mistyped, unsure = await _mistyped(session, actor, no_code, held.recorded, candidates)
    said_sent, said_sent_confirmed = await _said_sent(session, actor, rest)
    # a gift recorded again is set beside the credits of the old code it stands for: by its own code, it is
    # named beside no other credit (decision 2260)
    set_beside = {*theirs, *(found.ref for found in theirs.values())}
    named_giver = await _named_in_words(session, actor, rest, set_beside, own_drives=own_drives, typed=typed)
    out_elsewhere = await _out_elsewhere(session, actor, statement.paid_out, by_code)
    return Reconciliation(
        credits=len(lines),
        matches=matches,
        differing=differing,
        decided=decided,
        not_theirs=sum(1 for line in coded if not any(code in theirs for code in line.codes)),
        no_code=no_code,
        recorded=held.recorded,
        cancelled=held.cancelled,
        credit_keys=held.keys,
        alike=held.alike,
        same_day=held.same_day,
        unclear=statement.unclear,
        unread=statement.unread,
        undated=statement.undated,
        unplaced=statement.unplaced,
        order_taken=statement.order_taken,
        source=statement.source,
        like_total=statement.like_total,
        unknown=[line for line in coded if not any(code in known for code in line.codes)],
        handover=handover,
        short=short,
        crowded=crowded,
        paired=paired,
        refunds=statement.refunds,
        mistyped=mistyped,
        unsure=unsure,
        like_a_year=frozenset(line.row for line, _codes in unsure if line.row in candidates),
        out_elsewhere=out_elsewhere,
        said_sent=said_sent,
        said_sent_confirmed=said_sent_confirmed,
        named_giver=named_giver,
    )


async def _said_sent(
    session: AsyncSession, actor: Actor, credits: Sequence[tuple[int, BankLine]]
) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]]]:
    """Of `credits` (by place), those of a year whose amount is that of money gifts said sent in that year
    (`said_sent_in`: recorded January to March with the receipt's photo, decision 1006) that `actor` may look
    up — her own and those she recorded among them, which she does not decide (decision 1157) —, with their
    codes, oldest first: those waiting, and those standing confirmed (from the receipt, before the bank's
    statement came: decision 1155). A few gifts at most, and only of the year just ended: one query."""
    years = {line.on.year for _n, line in credits if line.on is not None}
    if not years:
        return {}, {}
    rows = await session.execute(
        select(Contribution, Person.kind)
        .join(Person, Person.id == Contribution.person_id)
        .where(
            Contribution.org_id == actor.org_id,
            Contribution.status.in_(("recorded", "confirmed")),
            not_reversed(org=actor.org_id),
            # A correction's right entry is written in the new year for a gift of the year before whoever
            # said what of it (a December gift corrected in January): never read as said sent.
            Contribution.replaces_id.is_(None),
            # recorded after its year (the few said sent), not every gift of that figure of the year
            Contribution.created_at >= datetime(min(years) + 1, 1, 1, tzinfo=LOCAL_TZ).astimezone(UTC),
            Contribution.kind == "money",
            # one confirmed from April counts for the year after (1218), its code keeping the year it was said
            # sent in: still hers to name beside that year's credit (1282)
            Contribution.year.in_(years | {year + 1 for year in years}),
            Contribution.amount_vnd.in_({line.amount for _n, line in credits}),
        )
        .order_by(Contribution.id)
    )
    said: dict[tuple[str, int, int], list[str]] = {}
    for entry, kind in rows:
        if not may_look_up_contribution(actor, entry):  # her own and those she recorded too (decision 1157)
            continue
        # the year it was recorded for, where a confirmation in April moved it (ref_year)
        if (year := said_sent_in(entry, donor=kind == "donor", year=ref_year(entry.ref))) is not None:
            said.setdefault((entry.status, year, entry.amount_vnd), []).append(entry.ref)

    def of(status: str) -> dict[int, tuple[str, ...]]:
        return {
            n: tuple(refs)
            for n, line in sorted(credits)
            if line.on is not None and (refs := said.get((status, line.on.year, line.amount)))
        }

    return of("recorded"), of("confirmed")


async def _named_in_words(
    session: AsyncSession,
    actor: Actor,
    credits: Sequence[tuple[int, BankLine]],
    coded: Collection[str],
    *,
    own_drives: frozenset[int],
    typed: frozenset[int],
) -> dict[int, tuple[str, ...]]:
    """Of `credits` (by place), those whose words name the giver of a money gift of their very amount waiting
    for `actor` to decide, no code of the statement naming it (`coded`: its own, or the old code of a gift
    recorded again, decision 2260): her whole name (“PHAM VAN NAM chuyen tien”), or her given name beside
    her unit's, whole or short (“BS Nam khoa Noi ung ho Tet”, “Binh P.A”), without marks or case; else her
    given name alone, where she is the one giver of a gift of that figure waiting it fits (“ck ung ho Tet -
    Lan”, decisions 2213, 2335). One query, of the gifts waiting of those amounts; oldest first (decision
    2112)."""
    amounts = {line.amount for _n, line in credits}
    if not amounts:
        return {}
    rows = await session.execute(
        select(Contribution, Person.full_name, Unit.name)
        .join(Person, Person.id == Contribution.person_id)
        .outerjoin(Unit, Unit.id == Contribution.unit_id)
        .where(
            Contribution.org_id == actor.org_id,
            Contribution.status == "recorded",
            Contribution.kind == "money",
            Contribution.reverses_id.is_(None),
            Contribution.amount_vnd.in_(amounts),
        )
        .order_by(Contribution.id)
    )
    waiting: dict[int, list[tuple[str, int, str, str | None]]] = {}
    for entry, giver, unit in rows:
        if (
            entry.ref not in coded
            and await decide_refusal_of(session, actor, entry, own_drives=own_drives, typed=typed) is None
        ):
            waiting.setdefault(entry.amount_vnd, []).append((entry.ref, entry.person_id, giver, unit))
    named: dict[int, tuple[str, ...]] = {}
    for n, line in credits:
        words = _words_of(line.description or "")
        gifts = waiting.get(line.amount, ())
        refs = tuple(f"{ref} ({giver})" for ref, _id, giver, unit in gifts if names_giver(words, giver, unit))
        if not refs:
            # her given name alone (“ck ung ho Tet - Lan”) names her gifts where she is the one giver of a
            # gift of that figure waiting whose given name it is (decisions 2213, 2335), where nothing fuller
            # named one: two gifts of hers are still one person's
            alone = [(ref, id_, giver) for ref, id_, giver, _unit in gifts if _given_named(words, giver)]
            if len({id_ for _ref, id_, _giver in alone}) == 1:
                refs = tuple(f"{ref} ({giver})" for ref, _id, giver in alone)
        if refs:
            named[n] = refs
    return named


def _words_of(text: str) -> str:
    """`text`'s words as a statement's headings are compared (`words_key`: no marks, case or punctuation), a
    space either side, for whole words to be found in it."""
    return f" {words_key(text)} "


def names_giver(words: str, giver: str, unit: str | None) -> bool:
    """Whether a transfer's `words` (`_words_of`) name `giver`: her whole name, or her given name and her
    unit's name, whole or short (“nam” and “khoa noi”, “k noi”; `_unit_forms`), each as whole words."""
    name = _words_of(giver)
    if len(name.split()) > 1 and name in words:
        return True
    return (
        bool(unit) and _given_named(words, giver) and any(form in words for form in _unit_forms(unit or ""))
    )


def _given_named(words: str, giver: str) -> bool:
    """Whether `words` hold `giver`'s given name (her name's last word) as a whole word."""
    given = _words_of(giver).split()[-1:]
    return bool(given) and f" {given[0]} " in words


# A unit's kind as a name begins with it, folded, and the letter a hospital's staff write for it (“K.Noi”).
_UNIT_KINDS = {"khoa": "k", "phong": "p", "trung tam": "tt"}


def _unit_forms(unit: str) -> set[str]:
    """A unit's name as transfers write it, folded to whole words: whole (“ khoa noi ”), its kind by its
    letter (“ k noi ”, “ p a ”), and a name of several words by their first letters after its kind
    (“ khoa hscc ”, “ k hscc ” for Khoa Hồi sức cấp cứu; decision 2213). A name of two joined by a dash is
    each of them too, its kind before the second (“ khoa noi ”, “ khoa noi tiet ” for Khoa Nội – Nội tiết, two
    departments made one; decision 2318): a hint, never a match, as every form is."""
    whole = _words_of(unit)
    forms = {whole}
    for part in joined_units(unit):
        forms |= _unit_forms(part)
    for kind, letter in _UNIT_KINDS.items():
        if not whole.startswith(f" {kind} "):
            continue
        rest = whole[len(kind) + 2 :].split()
        if not rest:
            continue
        names = {" ".join(rest)}
        if len(rest) > 1:
            names.add("".join(word[0] for word in rest))
        forms |= {f" {said} {name} " for said in (kind, letter) for name in names}
    return forms


async def _mistyped(
    session: AsyncSession,
    actor: Actor,
    no_code: Sequence[BankLine],
    recorded: Collection[int],
    candidates: Mapping[int, str],
) -> tuple[tuple[tuple[BankLine, tuple[str, ...]], ...], tuple[tuple[BankLine, tuple[str, ...]], ...]]:
    """Of the credits without a code not recorded as a donor's gift, those naming a gift `actor` may look up
    with a letter typed for a figure (`code_hints`, sure), with those codes: a hint, never a match (1025). A
    gift of another unit is not named, as its credits are only counted. Then the others whose near-form of
    a code is not sure (its other half), or whose bare number like a year is a gift's (`candidates`, by
    row: `_years_placed`, 1274): with its codes where she may look up each of them, else with none (a code
    seems mistyped), so that no one code is named as if sure (1222)."""
    org_id = actor.org_id
    prefixes = statement_prefixes(await session.get_one(Organisation, org_id))
    guessed: dict[int, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}
    for n, line in enumerate(no_code):
        if n in recorded:
            continue
        sure, unsure = code_hints(line.description, prefixes)  # its near-forms read once
        if line.row in candidates:
            unsure += ((candidates[line.row],),)
        if sure or unsure:
            guessed[n] = (sure, unsure)
    if not guessed:
        return (), ()
    asked = {code for sure, unsure in guessed.values() for code in (*sure, *chain.from_iterable(unsure))}
    known = await _looked_up(session, actor, asked)
    mistyped: list[tuple[BankLine, tuple[str, ...]]] = []
    unclear: list[tuple[BankLine, tuple[str, ...]]] = []
    for n, (sure, unsure) in guessed.items():
        if found := tuple(c for c in sure if c in known):
            mistyped.append((no_code[n], found))
        elif unsure:
            each = [codes for codes in unsure if codes and all(c in known for c in codes)]
            unclear.append((no_code[n], tuple(dict.fromkeys(chain.from_iterable(each)))))
    return tuple(mistyped), tuple(unclear)


async def _looked_up(session: AsyncSession, actor: Actor, codes: Collection[str]) -> set[str]:
    """Of `codes`, those of the gifts `actor` may look up (`may_look_up_contribution`): the only ones the
    summary's hints name; a gift of another unit is not named, as its credits are only counted (1049)."""
    entries = await _entries(session, actor.org_id, sorted(codes))
    return {entry.ref for entry, _giver, _unit in entries if may_look_up_contribution(actor, entry)}


async def _out_elsewhere(
    session: AsyncSession, actor: Actor, paid_out: Sequence[BankLine], credited: Collection[str]
) -> tuple[tuple[BankLine, tuple[str, ...]], ...]:
    """The debits naming none of the codes `credited` in the statement, with the codes they name of gifts
    `actor` may look up: money of a gift gone out that no credit here is read against (a gift confirmed from
    last month's statement, a donor's recorded from a credit without a code), named, never tied to a figure
    (1049). A gift of another unit is not named, as its credits are only counted."""
    debits = [line for line in paid_out if not any(code in credited for code in line.codes)]
    if not debits:
        return ()
    known = await _looked_up(session, actor, {code for line in debits for code in line.codes})
    return tuple(
        (line, found) for line in debits if (found := tuple(code for code in line.codes if code in known))
    )


def _paid_back(
    code: str, credited: Sequence[BankLine], after: Sequence[BankLine], recorded: int
) -> tuple[BankLine, ...]:
    """The debits that pay back part or all of what the credits naming `code` brought: each debit naming that
    code and no other, of those `after` (`_debits_after`: of no day before the first credit), where those
    credits are more than the `recorded` figure (a gift transferred twice by mistake, docs/decisions/0840),
    or where one such debit is the whole gift, as recorded or as credited (the giver asked for it back, 0899).
    Money that went out again never stayed in the Fund; a debit of another figure quoting a gift paid exactly
    (a fee, part of a withdrawal) is not read as paying it back, and which gift a debit naming several codes
    pays back is not guessed (`Found.paid_out_with`). Where the gift was credited no more than recorded, only
    its one debit of the whole gift pays it back, and where the debits are more than its credits, only one of
    all they brought: a fee quoting the code beside them is no money of the gift, and never leaves less than
    nothing (0915); the other debits are `Found.named_out`. Where the credits are more than recorded and the
    debits together are neither the surplus nor all they brought, one debit of exactly either pays it back
    alone: a fee for the refund quoting the code beside it is the Fund's cost, never taken off the gift
    (docs/decisions/1022). Several debits of which none is an exact figure (150.000 ₫ back and an 11.000 ₫
    fee) pay back none: which is the fee is not guessed from words, so all are `Found.named_out` and the
    gift is never confirmed at what the account received (1099). So does one debit of another figure alone
    (150.000 ₫ back of a second 200.000 ₫): the Fund owes the giver the rest, she did not give more, and
    confirming what stayed would publish a figure she never gave (docs/decisions/1112)."""
    alone = tuple(line for line in after if line.codes == (code,))
    brought = sum(line.amount for line in credited)
    if brought > recorded:
        exact = (brought - recorded, brought)
        if sum(line.amount for line in alone) in exact:
            return alone
        if one := tuple(line for line in alone if line.amount in exact)[:1]:
            return one
    wholes = (brought,) if brought > recorded else (recorded, brought)
    return tuple(line for line in alone if line.amount in wholes)[:1]


def _split_paid_out(theirs: dict[str, Found]) -> dict[str, Found]:
    """`theirs` with each debit naming several of their gifts split among them where its amount is exactly
    what each was credited beyond its recorded figure (a class's double transfers paid back at once), or
    exactly all that stayed of each (their gifts paid back whole): then each gift's share is paid back, as
    a debit naming it alone is (docs/decisions/0899). Any other such debit, one naming a code not theirs or
    a transfer of several codes, or a gift named by two of them, is not split: its gifts keep
    `paid_out_with`."""
    debits = {line.row: line for found in theirs.values() for line in found.paid_out_with}
    split = dict(theirs)
    for debit in debits.values():
        named = [theirs.get(code) for code in debit.codes]
        gifts = [found for found in named if found is not None]
        if len(gifts) != len(named) or any(
            found.shared or found.kind != "money" or len(found.paid_out_with) != 1 for found in gifts
        ):
            continue
        over = [found.received - found.amount_vnd for found in gifts]
        stayed = [found.received for found in gifts]
        parts = next(
            (each for each in (over, stayed) if min(each) > 0 and sum(each) == debit.amount),
            None,
        )
        if parts is None:
            continue
        for found, part in zip(gifts, parts, strict=True):
            split[found.again_of or found.ref] = replace(
                found,
                received=found.received - part,
                paid_back=(*found.paid_back, replace(debit, amount=part)),
                paid_out_with=(),
            )
    return split


def _debits_after(
    credited: Sequence[BankLine], paid_out: Sequence[BankLine], time_runs: int
) -> list[BankLine]:
    """The debits of no day before the first of the `credited` lines (all of them where a day is missing).
    Of that first day, where the file's rows run in the order of time (`time_runs`: 1 the earliest first, -1
    the latest first, `_time_order`), a debit standing before its first credit of that day came before it:
    money cannot go back before it came (docs/decisions/1146); where the rows show no order, all of them."""
    days = [line.on for line in credited if line.on is not None]
    first = min(days) if len(days) == len(credited) else None
    if first is None:
        return list(paid_out)
    rows = [line.row * time_runs for line in credited if line.on == first]
    return [
        line
        for line in paid_out
        if line.on is None or line.on > first or (line.on == first and line.row * time_runs >= min(rows))
    ]


def _time_order(statement: Statement) -> int:
    """1 where the statement's rows, credits and debits, run from the earliest day to the latest (as
    Vietnamese banks export them), -1 where from the latest, 0 where their days show neither (one day, or
    mixed)."""
    dated = sorted((line.row, line.on) for line in [*statement.lines, *statement.paid_out] if line.on)
    days = [on for _row, on in dated]
    if len(set(days)) < 2:
        return 0
    if days == sorted(days):
        return 1
    return -1 if days == sorted(days, reverse=True) else 0


def _paid_together(theirs: dict[str, Found], lines: Sequence[BankLine]) -> dict[str, tuple[str, ...]]:
    """Of the gifts a transfer names with others, by code, the other codes, where that transfer pays exactly
    the gifts it names: each a waiting money gift `actor` may decide, recorded under its own code (never in
    place of a rejected one), credited by this transfer alone and none of it paid back (0840), their recorded
    amounts making its amount (a couple's one transfer for their two gifts: docs/decisions/0831). Which part
    paid which gift is then what each recorded; any other transfer naming several codes stays the
    treasurer's to see (0082)."""
    together: dict[str, tuple[str, ...]] = {}
    for line in lines:
        named = [theirs.get(code) for code in dict.fromkeys(line.codes)]
        if len(named) < 2 or any(
            found is None
            or found.state != "waiting"
            or found.kind != "money"
            or found.again_of
            or found.paid_back  # a part paid back to one of them: the Fund did not keep it all (0840)
            or found.stayed_unknown  # a debit naming it with other codes, or not paying it back (0899, 0915)
            or len(found.lines) != 1
            or found.lines[0] is not line
            for found in named
        ):
            continue
        gifts = [found for found in named if found is not None]
        if sum(found.amount_vnd for found in gifts) == line.amount:
            for found in gifts:
                together[found.ref] = tuple(other.ref for other in gifts if other is not found)
    return together


def _two_lists_together(
    collectors: Sequence[WaitingCollector], credits: Sequence[tuple[int, BankLine]]
) -> dict[int, tuple[WaitingCollector, WaitingCollector]]:
    """The credits (by place) whose amount is the totals of exactly one pair of collectors' lists together,
    in the order of their names. Two pairs of that sum: which paid in is no one's guess, and nothing is said;
    three lists or more are not summed (docs/decisions/0575: a subset guessed would be too easily wrong)."""
    pairs: dict[int, list[tuple[WaitingCollector, WaitingCollector]]] = {}
    for first, second in combinations(collectors, 2):
        pairs.setdefault(first.total_vnd + second.total_vnd, []).append((first, second))
    return {n: pairs[line.amount][0] for n, line in credits if len(pairs.get(line.amount, ())) == 1}


async def _short_of_a_list(
    session: AsyncSession,
    actor: Actor,
    collectors: Sequence[WaitingCollector],
    credits: Sequence[tuple[int, BankLine]],
) -> dict[int, ShortOfList]:
    """The credits (by place) each short of one collector's list by the figure of one or more of its gifts:
    the first such list by name, as for a list's whole total. A list of one gift is not read so (its
    shortfall would be the whole list, any credit at all)."""
    short: dict[int, ShortOfList] = {}
    for collector in collectors:
        if collector.waiting < 2 or not any(line.amount < collector.total_vnd for _n, line in credits):
            continue
        rows = await collector_waiting(session, actor, collector.person_id)
        for n, line in credits:
            gap = collector.total_vnd - line.amount
            missing = tuple(row.ref for row in rows if row.amount_vnd == gap)
            if n not in short and gap > 0 and missing:
                short[n] = ShortOfList(collector, gap, missing)
    return short


async def _years_placed(
    session: AsyncSession, actor: Actor, statement: Statement
) -> tuple[list[BankLine], dict[int, str]]:
    """The statement's credits, a credit naming one gift's code without its year (“CT-123 ung ho”) read as
    naming it (decision 0298): the gift of that number recorded in the transfer's year (or the year before,
    for a transfer of January; for a credit without a day, in a year of the days its statement covers) of
    exactly the money credited, and only one such. Another is no proof of that gift (“CT 200” may be “chuyển
    tiền 200”): the credit stays without a code. So does a credit a donor's gift stands for, or perhaps
    stands for (of the same amount and words, from another statement): recorded before such codes were
    read, it would be that gift's money and the giver's too (decision 0306). A number within a year of a
    year the code may be of (“CT2026 ung ho”, “CT2025”) is a code's start without its number, no gift's
    (1145); further from it (“CT-2045”) it may be a gift's number (1224), or a year, a voucher's number, the
    period's end (“CT 2030”): written bare, the gift it would name is only the credit's candidate, by its
    row, for the treasurer to look up, never a match (1274)."""
    prefixes = statement_prefixes(await session.get_one(Organisation, actor.org_id))
    named: dict[int, dict[str, bool]] = {}
    for n, line in enumerate(statement.lines):
        years = _years_of(line.on, statement.period)
        named[n] = {}
        for prefix, number, like_a_year in codes_without_year(line.description, prefixes):
            if any(abs(number - year) <= 1 for year in years):
                continue
            for year in years:
                ref = f"{prefix}-{year}-{number:06d}"
                named[n][ref] = named[n].get(ref, True) and like_a_year  # sure where written so once
    gifts: dict[str, Contribution] = {}
    for chunk in in_chunks(sorted({ref for refs in named.values() for ref in refs}), _CHUNK):
        rows = await session.scalars(
            select(Contribution).where(
                Contribution.org_id == actor.org_id,
                Contribution.ref.in_(chunk),
                Contribution.reverses_id.is_(None),
            )
        )
        gifts |= {entry.ref: entry for entry in rows}
    lines = list(statement.lines)
    placed: dict[int, str] = {}
    for n, refs in named.items():
        fits = [
            ref
            for ref in refs
            if (gift := gifts.get(ref)) is not None
            and gift.kind == "money"
            and gift.amount_vnd == lines[n].amount
        ]
        if len(fits) == 1:
            placed[n] = fits[0]
    # Identical credits name the same codes: the identities of these alone are those of the whole statement.
    held = await _recorded_from(session, actor, [lines[n] for n in placed], statement)
    standing = {n for n in held.recorded if n not in held.cancelled}
    standing |= {n for n in held.alike if n not in held.same_day}
    candidates: dict[int, str] = {}
    for place, (n, ref) in enumerate(placed.items()):
        if place in standing:
            continue
        if named[n][ref]:
            candidates[lines[n].row] = ref
        else:
            lines[n] = replace(lines[n], codes=(ref,))
    return lines, candidates


def _years_of(on: date | None, period: tuple[date, date] | None) -> list[int]:
    """The years a gift's code written without its year may be of, for a transfer of the day `on` in a
    statement covering `period`."""
    if on is not None:
        return [on.year, on.year - 1] if on.month == 1 else [on.year]
    return sorted({period[0].year, period[1].year}) if period else []


async def _recorded_again(
    session: AsyncSession, org_id: int, entries: Sequence[Contribution], by_code: dict[str, list[BankLine]]
) -> dict[str, tuple[Contribution, str, str | None]]:
    """The entries recorded again in place of a rejected (or withdrawn) one the statement names: by the old
    code, the later entry with its giver's name and its unit's (docs/decisions/0090). The later entry is the
    giver's money entry still waiting, in the same drive and unit, recorded after the old one was closed, of
    exactly what the credits naming the old code bring together — the only such entry, not named by a code
    of its own in the statement, and taken in place of one old code only. Whoever may decide: the caller
    asks of the later entry."""
    closed = [
        entry
        for entry in entries
        if entry.status == "rejected"
        and entry.decided_at is not None
        and not any(len(line.codes) > 1 for line in by_code[entry.ref])
    ]
    later: dict[int, list[tuple[Contribution, str, str | None]]] = {}
    givers = sorted({entry.person_id for entry in closed})
    for chunk in in_chunks(givers, _CHUNK):
        rows = await session.execute(
            select(Contribution, Person.full_name, Unit.name)
            .join(Person, Person.id == Contribution.person_id)
            .outerjoin(Unit, Unit.id == Contribution.unit_id)
            .where(
                Contribution.org_id == org_id,
                Contribution.person_id.in_(chunk),
                Contribution.status == "recorded",
                Contribution.kind == "money",
                Contribution.reverses_id.is_(None),
            )
            .order_by(Contribution.id)
        )
        for entry, giver, unit in rows:
            later.setdefault(entry.person_id, []).append((entry, giver, unit))
    chosen: dict[str, tuple[Contribution, str, str | None]] = {}
    for old in closed:
        received = sum(line.amount for line in by_code[old.ref])
        fits = [row for row in later.get(old.person_id, []) if _in_place_of(row[0], old, received)]
        # Several: which one is never guessed. One the statement names by its own code: not matched twice.
        if len(fits) == 1 and fits[0][0].ref not in by_code:
            chosen[old.ref] = fits[0]
    taken = Counter(entry.id for entry, _giver, _unit in chosen.values())
    return {ref: row for ref, row in chosen.items() if taken[row[0].id] == 1}


def _in_place_of(entry: Contribution, old: Contribution, received: int) -> bool:
    """Whether the giver's waiting money `entry` may be `old` recorded again, for `received` đồng."""
    return (
        entry.unit_id == old.unit_id
        and entry.drive_id == old.drive_id
        and entry.amount_vnd == received
        and old.decided_at is not None
        and entry.created_at > old.decided_at
    )


@dataclass(frozen=True)
class _Held:
    """What stands for the statement's credits without a code (`_recorded_from`), each by its place."""

    recorded: dict[int, str]
    cancelled: frozenset[int]
    keys: tuple[str, ...]
    alike: dict[int, str]
    same_day: frozenset[int]


async def _standing(session: AsyncSession, org_id: int, keys: Collection[str]) -> dict[str, Contribution]:
    """The gifts standing (waiting or confirmed) for the credits `keys` (`Contribution.bank_credit`)."""
    held: dict[str, Contribution] = {}
    for chunk in in_chunks(sorted(set(keys)), _CHUNK):
        rows = await session.scalars(
            select(Contribution).where(
                Contribution.org_id == org_id,
                Contribution.status.in_(STANDING),
                Contribution.bank_credit.in_(chunk),
            )
        )
        held |= {entry.bank_credit: entry for entry in rows if entry.bank_credit is not None}
    return held


async def _recorded_from(
    session: AsyncSession, actor: Actor, no_code: Sequence[BankLine], statement: Statement
) -> _Held:
    """Which credits without a code were recorded as donors' gifts, standing (waiting or confirmed): by place
    in `no_code`, the entry's code, or "" when `actor` may not look it up (recorded all the same, so never
    offered to record again). A gift keeps its credit's identity (`credit_identity`: day, amount, occurrence
    among identical credits, description, and the account where the statement prints it), so two equal
    credits need two entries, each its own (docs/decisions/0244), and the same transfer into two accounts of
    the organisation is two credits (0298); a gift recorded before it kept one is known by its note and
    amount. A gift recorded from a statement that printed no account holds the credit in the statement of
    any account, and a statement that prints none knows the credits of any account's gifts.

    A gift confirmed and then reversed no longer holds its credit (0288), unless a correction of its figure
    stands in its place (then that entry holds it): the credit is `cancelled`, named with that gift and
    offered again, to be recorded under the identity that gift kept with its id after it (`keys`), which
    the unique index keeps to one standing gift as it does the first. A credit that no gift holds but is
    like one recorded from a credit this statement does not hold (`_alike`) is offered, and said to be
    perhaps the same transfer, for the treasurer to judge."""
    source, account, period = statement.source, statement.account, statement.period
    identities = credit_identities(no_code, source, account=account, period=period)
    # Known also without its account (a gift from a statement that printed none); a credit without a day by
    # its table without its days (0276), by its file and row (0262), or by its "-" for a day.
    known = [identities]
    if account:
        known.append(credit_identities(no_code, source, period=period))
    known.append(credit_identities(no_code, source))
    if statement.file_sum:
        known.append(credit_identities(no_code, statement.file_sum, by_row=True))
    known.append(credit_identities(no_code))
    by_identity = await _standing(session, actor.org_id, [key for keys in known for key in keys])
    held: dict[int, Contribution] = {}
    for n in range(len(no_code)):
        for keys in known:
            if keys[n] in by_identity:
                held[n] = by_identity[keys[n]]
                break
    if not account:  # a statement that prints no account: a gift from any account's statement holds it
        held |= await _any_account(session, actor.org_id, no_code, identities, held)
    notes = {statement_note(line) for n, line in enumerate(no_code) if n not in held} - {None}
    entries: dict[tuple[str, int], list[Contribution]] = {}
    listed = sorted(note for note in notes if note)
    for chunk in in_chunks(listed, _CHUNK):
        rows = await session.execute(
            select(Contribution)
            .join(Person, Person.id == Contribution.person_id)
            .where(
                Contribution.org_id == actor.org_id,
                Person.kind == "donor",
                Contribution.kind == "money",
                Contribution.status.in_(STANDING),
                Contribution.reverses_id.is_(None),
                Contribution.bank_credit.is_(None),  # recorded before gifts kept their credit (0045)
                Contribution.note.in_(chunk),
            )
            .order_by(Contribution.id)
        )
        for entry in rows.scalars():
            if entry.note is not None:
                entries.setdefault((entry.note, entry.amount_vnd), []).append(entry)
    for n, line in enumerate(no_code):
        found = entries.get((statement_note(line) or "", line.amount))
        if n not in held and found:
            held[n] = found.pop(0)
    # A reversed gift frees its credit, unless a correction of its figure stands in its place (the same
    # gift, checked: `contributions.correct`): recorded again under the identity it kept and the reversed
    # gift's id, which may itself be reversed in its turn.
    keys = list(identities)
    reversed_ids = await _reversed(session, [entry.id for entry in held.values()])
    cancelled: set[int] = set()
    pending = {n: entry for n, entry in held.items() if entry.id in reversed_ids}
    while pending:
        for n, entry in pending.items():
            keys[n] = credit_again(_first_of(entry.bank_credit) or identities[n], entry.id)
        replaced = await _replacements(session, [entry.id for entry in pending.values()])
        again = await _standing(session, actor.org_id, [keys[n] for n in pending])
        later = {
            n: found for n, entry in pending.items() if (found := replaced.get(entry.id, again.get(keys[n])))
        }
        cancelled |= set(pending) - set(later)
        held |= later
        reversed_ids = await _reversed(session, [entry.id for entry in later.values()])
        pending = {n: entry for n, entry in later.items() if entry.id in reversed_ids}
    alike, same_day = await _alike(session, actor, no_code, identities, held)
    return _Held(
        recorded={n: _ref_for(actor, entry) for n, entry in held.items()},
        cancelled=frozenset(cancelled),
        keys=tuple(keys),
        alike=alike,
        same_day=same_day,
    )


_AGAIN = re.compile(r"( a\d+)+$")


def _first_of(credit: str | None) -> str:
    """A gift's credit identity without the ids of reversed gifts it was recorded again after."""
    return _AGAIN.sub("", credit or "")


async def _recorded_with(
    session: AsyncSession, org_id: int, amounts: Collection[int], taken: Collection[int]
) -> list[Contribution]:
    """The gifts standing that were recorded from a statement's credit of one of `amounts`, by id, but those
    `taken` (held by the statement read)."""
    found: list[Contribution] = []
    for chunk in in_chunks(sorted(set(amounts)), _CHUNK):
        rows = await session.scalars(
            select(Contribution)
            .where(
                Contribution.org_id == org_id,
                Contribution.status.in_(STANDING),
                Contribution.bank_credit.is_not(None),
                Contribution.amount_vnd.in_(chunk),
            )
            .order_by(Contribution.id)
        )
        found += [entry for entry in rows if entry.id not in taken]
    return found


async def _any_account(
    session: AsyncSession,
    org_id: int,
    no_code: Sequence[BankLine],
    identities: Sequence[str],
    held: dict[int, Contribution],
) -> dict[int, Contribution]:
    """Of the credits of a statement that prints no account, those a gift recorded from the same credit of a
    statement that printed its account holds (the same identity but the account): the first such gift."""
    free = [n for n in range(len(no_code)) if n not in held]
    taken = {entry.id for entry in held.values()}
    gifts: dict[str, list[Contribution]] = {}
    for entry in await _recorded_with(session, org_id, {no_code[n].amount for n in free}, taken):
        if entry.bank_credit and entry.bank_credit == _first_of(entry.bank_credit):  # not one recorded again
            gifts.setdefault(credit_base(entry.bank_credit), []).append(entry)
    return {n: found.pop(0) for n in free if (found := gifts.get(identities[n]))}


async def _replacements(session: AsyncSession, ids: Sequence[int]) -> dict[int, Contribution]:
    """Of the entries `ids`, by id, the entry a correction of the figure wrote in its place, standing."""
    found: dict[int, Contribution] = {}
    for chunk in in_chunks(ids, _CHUNK):
        rows = await session.scalars(
            select(Contribution).where(Contribution.replaces_id.in_(chunk), Contribution.status.in_(STANDING))
        )
        found |= {entry.replaces_id: entry for entry in rows if entry.replaces_id is not None}
    return found


def _ref_for(actor: Actor, entry: Contribution) -> str:
    """A gift's code as `actor` is told it: "" where they may not open it (recorded: neither code nor who)."""
    return entry.ref if may_look_up_contribution(actor, entry) else ""


async def _alike(
    session: AsyncSession,
    actor: Actor,
    no_code: Sequence[BankLine],
    identities: Sequence[str],
    held: dict[int, Contribution],
) -> tuple[dict[int, str], frozenset[int]]:
    """Of the credits no gift holds, by place, those like a gift standing (never reversed) recorded from a
    credit this statement does not hold (`_may_be`), and of those, the ones like it by their day. Neither is
    taken for the other: the first of such credits is said like the first such gift, the next like the
    next."""
    free = [n for n in range(len(no_code)) if n not in held]
    taken = {entry.id for entry in held.values()}
    candidates = await _recorded_with(session, actor.org_id, {no_code[n].amount for n in free}, taken)
    reversed_ids = await _reversed(session, [entry.id for entry in candidates])
    gifts: dict[str, list[tuple[CreditParts, Contribution]]] = {}
    for entry in candidates:
        if entry.id not in reversed_ids:
            parts = credit_parts(entry.bank_credit or "")
            gifts.setdefault(parts.amount, []).append((parts, entry))
    alike: dict[int, str] = {}
    same_day: set[int] = set()
    for n in free:
        credit = credit_parts(identities[n])
        pool = gifts.get(credit.amount, [])
        found = next(
            (
                i
                for i, (gift, entry) in enumerate(pool)
                if _may_be(credit, gift, recorded=local_date(entry.created_at))
            ),
            None,
        )
        if found is not None:
            gift, entry = pool.pop(found)
            alike[n] = _ref_for(actor, entry)
            if credit.on and gift.on:
                same_day.add(n)
    return alike, frozenset(same_day)


def _may_be(credit: CreditParts, gift: CreditParts, *, recorded: date) -> bool:
    """Whether `credit` may be the one a gift was recorded from (`gift`), of another statement, of the same
    amount (0288, 0298): never of another account where both statements print theirs; with both days, of the
    same day (the bank worded it otherwise: a corrected statement); where either has no day, of the same
    words, and the day of one among the days the other's statement covers where it prints them (two
    statements whose days do not meet hold no transfer in common). A gift whose identity says no day of its
    credit (recorded before 0298, or from a statement that prints no days) is no transfer after the day it
    was `recorded` (0306)."""
    if credit.account and gift.account and credit.account != gift.account:
        return False
    if credit.on and gift.on:
        return credit.on == gift.on
    if not credit.same_words(gift):
        return False
    earliest = credit.on or (credit.period[0] if credit.period else None)
    if gift.on is None and gift.period is None and earliest is not None and earliest > recorded:
        return False
    if credit.on or gift.on:
        on, period = (credit.on, gift.period) if credit.on else (gift.on, credit.period)
        return period is None or on is None or period[0] <= on <= period[1]
    return (
        credit.period is None
        or gift.period is None
        or (credit.period[0] <= gift.period[1] and gift.period[0] <= credit.period[1])
    )


def note_reading(
    session: AsyncSession, actor: Actor, result: Reconciliation, *, now: datetime, sha256: str | None
) -> None:
    """An audit row of a statement read against the ledger: by whom, which file (its checksum, where the
    chat kept it; None from the shell, whose file stays the operator's), which statement (the checksum of
    its rows, `Reconciliation.source`, from the chat and the shell alike: what `last_reading` compares,
    decision 1813) and how many lines fell in each group — never a name, an amount or a description."""
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="ledger.reconcile",
        entity="person",
        entity_id=actor.person_id,
        sha256=sha256,
        statement=result.source,
        **result.counts(),
    )


async def last_reading(session: AsyncSession, actor: Actor, result: Reconciliation) -> str:
    """Which statement `actor` last read against the ledger (her latest `note_reading`, from the chat or the
    shell), set against the statement of `result`: "this", the same rows, whatever the file's name or what is
    printed above its table; "other", another statement's, or no reading at all; "unmarked", a reading kept
    before readings said which statement they were of, which may have been this one or another. The shell's
    `--confirm` confirms only "this" (decisions 1813, 1889): a reading that says nothing of its statement is
    not taken for this one, since that was 1813's fault, but is said as what it is. Asked before this reading
    is noted."""
    last = await session.scalar(
        select(AuditLog.details)
        .where(AuditLog.action == "ledger.reconcile", AuditLog.actor_id == actor.person_id)
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    if last is not None and "statement" not in last:
        return "unmarked"
    return "this" if last is not None and result.source and last["statement"] == result.source else "other"


@dataclass(frozen=True)
class MovedSinceRead:
    """A match put in another's name since its treasurer last read a statement: whose it was (None where
    she keeps no ledger of the earlier giver's unit, decision 1760), whose it is."""

    ref: str
    was: str | None
    now: str


async def moved_since_read(
    session: AsyncSession, actor: Actor, result: Reconciliation
) -> list[MovedSinceRead]:
    """The matches of `result` someone else put in another's name (`move_to`) since `actor` last read a bank
    statement against the ledger (her latest `note_reading`; with none, ever): the shell's `--confirm` has
    no screen of its own to compare against, so the reading before is that screen, as the chat's summary is
    (decision 1733, after 1680). Asked before this reading is noted; a move back to whose it was then is no
    move. Moves said once are not said again: the run that says them is a reading too."""
    ids = [found.id for found in result.matches]
    if not ids:
        return []
    read = await session.scalar(
        select(func.max(AuditLog.id)).where(
            AuditLog.action == "ledger.reconcile", AuditLog.actor_id == actor.person_id
        )
    )
    moves = await session.execute(
        select(AuditLog.entity_id, AuditLog.details)
        .where(
            AuditLog.action == "contribution.moved",
            AuditLog.entity == "contribution",
            AuditLog.entity_id.in_(ids),
            AuditLog.id > (read or 0),
            AuditLog.actor_id != actor.person_id,
        )
        .order_by(AuditLog.id)
    )
    was: dict[int, int] = {}
    for entry, details in moves:
        was.setdefault(entry, details["from_person"])  # whose it was at her reading: before the first move
    if not was:
        return []
    now = dict(
        (
            await session.execute(
                select(Contribution.id, Contribution.person_id).where(Contribution.id.in_(was))
            )
        ).all()
    )
    moved = {entry: giver for entry, giver in was.items() if now[entry] != giver}
    people = {
        row.id: row
        for row in await session.execute(
            select(Person.id, Person.full_name, Person.unit_id).where(
                Person.id.in_({*moved.values(), *now.values()})
            )
        )
    }

    def was_named(entry: int) -> str | None:  # whose it was, to one who reads that unit's entries (1760)
        earlier = people[moved[entry]]
        return earlier.full_name if may_name_giver_in(actor, earlier.unit_id) else None

    return [
        MovedSinceRead(found.ref, was_named(found.id), people[now[found.id]].full_name)
        for found in result.matches
        if found.id in moved
    ]


async def confirm_matches(
    session: AsyncSession,
    actor: Actor,
    result: Reconciliation,
    *,
    shown: Sequence[int] | None = None,
    now: datetime,
    settings: Settings | None = None,
) -> Decided:
    """Confirm the matches of `result` — of them, only those in `shown` when given (what the treasurer's last
    look listed) — each through `decide`: checked again, audited, its giver told. Nothing else the
    statement names is ever confirmed; one someone decided meanwhile is reported as refused."""
    ids = [found.id for found in result.matches if shown is None or found.id in shown]
    return await decide_several(session, actor, ids, confirmed=True, now=now, settings=settings)
