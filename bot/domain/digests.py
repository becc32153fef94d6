"""The weekly digest: where each unit stands, for its leader, and a roll-up across units for the
organisation's leaders, in the reader's language (docs/decisions/0030).

A unit's figures: participation (people who registered or gave this year / people in the unit: decisions 0166
and 0174; its households apart, where it has any: docs/decisions/0046; through March the registrations beside
the year just ended's, and next year's registered early: docs/decisions/0080); contributions this week and in
total, by kind, against the unit's collective commitment and the running Fund drive's target; confirmed vs
waiting; reminders sent to its people this week and acted on; deadlines in the next 14 days (the running
drive's last day among them; on the units' award deadline's line, where the unit stands on its proposals:
docs/decisions/0198);
entries waiting for confirmation. Every unit's
figures come from a handful of grouped queries for the whole organisation (`unit_figures`), never one query
per unit. Names of people who have not registered appear only where the organisation allows it
(`org_schedule.show_names`, off by default). No individual amount appears. The roll-up also gives the
organisation's own collective commitment, item by item, and counts its own results in (docs/decisions/0059);
once the running drive paid money to hardship cases, what it paid and what it has left (`drive_spending`,
docs/decisions/0094): support is paid at the organisation's level, so a unit's digest never says it.

The digest goes on the organisation's weekday and time (default Monday 07:30 local), keyed by organisation,
week and reader, so a job run twice (or a catch-up) sends once; a digest more than a day late is not sent,
unless the job never looked while it was due (the bot was down: it then goes when the bot is back, out of the
quiet hours, saying so: decision 2455). One
due on a holiday (Tết, 2/9) goes at its time on the next working day, with its week (docs/decisions/0613); one
that would go when the next is due is counted in the next, which then reads its days too (0619).
"""

from __future__ import annotations

import asyncio
import json
import math
import secrets
from bisect import bisect_left
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeGuard, TypeVar

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from bot.clock import LOCAL_TZ, local_date, local_week
from bot.config import Settings
from bot.db.alongside import Rows, read_alongside
from bot.db.models import (
    AuditLog,
    Campaign,
    CaseSupport,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Deadline,
    Drive,
    Organisation,
    OrgSchedule,
    OutboxMessage,
    Person,
    PersonGifts,
    PoolTold,
    RegistrationWindow,
    Reminder,
    ReminderPreference,
    Remittance,
    Result,
    RoleAssignment,
    Unit,
    UnitGivers,
    UnitRegistrations,
    UnitTally,
)
from bot.db.ops import insert_ignore
from bot.delivery.actions import Offer, Offered, buttons, offer_many, withdraw_offered
from bot.delivery.bulk import cycle_collection_paused
from bot.delivery.outbox import (
    NOTICE,
    Queued,
    after_quiet_hours,
    enqueue_many,
    hold_people,
    keys_written,
    not_taken,
    recipients,
)
from bot.delivery.transport import OutboundMessage
from bot.domain.access import (
    COVERED_ROLES,
    DIGEST_ROLES,
    FEWEST_GIVERS,
    LEDGER_ROLES,
    Actor,
    Grant,
    UnitRef,
    actor_for,
    away_on_training,
    away_some_on_training,
    counted_away,
    counted_on_monday,
    deciders_of,
    deciders_query,
    few_people,
    fewest_givers,
    givers_once,
    is_away,
    is_on_training,
    ledgers_beside_rollup,
    may_grant_role,
    may_read_digest,
    may_read_rollup,
    may_see_kinds_apart,
    may_see_running_money,
    may_see_unit_money,
    may_see_week_money,
    not_away,
    pooled,
    proposed_units,
    units_beside_rollup,
)
from bot.domain.campaigns import (
    LAST_YEAR_UNTIL_MONTH,
    active_campaign,
    beyond_plan,
    campaign_covering,
    campaign_year,
    deadline_kind,
    just_ended_campaign,
    next_turn,
    plan_opening,
    plan_turn,
    registration_open,
    registration_windows,
)
from bot.domain.charts import Bar, render_chart
from bot.domain.commitments import commitment_targets, owner_key
from bot.domain.contributions import not_reversed, reversed_ids
from bot.domain.namesakes import joined_days
from bot.domain.notices import (
    BOTH_CONFIRM,
    EITHER_CONFIRMS,
    TREASURER_CONFIRMS,
    commune_and_level,
    days_officer,
    level_name,
    officers_named,
    quiet_until,
    role_at,
    role_place,
    who_confirms,
)
from bot.domain.one_unit import first_two_units
from bot.domain.org_settings import DaysOff, day_off, days_off_of, holiday
from bot.domain.plan_glosses import title_named
from bot.domain.public_page import page_url
from bot.domain.reminder_lines import (
    DeadlineLine,
    Leaderless,
    Readings,
    Unanswered,
    UnitProposed,
    UnitsStanding,
    ad_hoc_of,
    unit_proposed,
    units_standing,
)
from bot.domain.reminders import monday_read, said_by_digest, set_monday_off
from bot.domain.spending import Balance, from_drive, handed_from_drive, handed_of, spent_of
from bot.domain.statement import StatementTotals, totals_of
from bot.domain.treasurers_week import count_text, waiting_for, write_counts
from bot.i18n import (
    LOCALES,
    Translator,
    drive_named,
    format_date,
    format_month,
    format_number,
    format_vnd,
    sentence,
    translate,
    translate_plural,
    translations,
)
from bot.text import SortKey, fold, person_sort_key, sort_key, told_apart

LATE_LIMIT = timedelta(days=1)
DEADLINE_WINDOW = 14
KINDS = ("money", "goods", "labour")
T = TypeVar("T")
# Messengers whose transport sends a picture from the media directory (the chart); others get the text only.
PHOTO_CHANNELS = frozenset({"telegram"})


@dataclass(frozen=True)
class YearRegistrations:
    """Who registered for one campaign year: people (staff) and households apart (docs/decisions/0046), and
    units registered as a unit (a unit's own: 0 or 1; the roll-up adds them up)."""

    people: int = 0
    households: int = 0
    units: int = 0

    def __bool__(self) -> bool:
        return bool(self.people or self.households or self.units)

    def __add__(self, other: YearRegistrations) -> YearRegistrations:
        return YearRegistrations(
            self.people + other.people, self.households + other.households, self.units + other.units
        )


class Unlisted(NamedTuple):
    """One not registered yet, as a leader's digest names them: what tells namesakes apart, their position,
    else the day they joined Chung Tay (read for namesakes only; None: not yet), worded in the reader's
    language when the digest is written (docs/decisions/0259)."""

    name: str
    position: str | None = None
    joined: date | None = None


# How a unit's year is read where what waits is one or two people's gift (`waiting_held`, decision 1550)
WaitingHeld = Literal["confirmed", "whole"] | None


@dataclass
class UnitFigures:
    """One unit's numbers for one week. Money and goods in đồng, labour in days."""

    unit_id: int
    name: str
    people: int = 0  # the unit's people (staff), households apart
    registered: int = 0
    households: int = 0
    households_registered: int = 0
    # Who took part in the campaign year (docs/decisions/0166, 0174): registered, or gave something (money,
    # goods or labour; waiting or confirmed, not rejected, withdrawn or cancelled by a reversal) in the year;
    # of them, who gave. People and households apart, as the registrations.
    gave: int = 0
    took_part: int = 0
    households_gave: int = 0
    households_took_part: int = 0
    week: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    confirmed_vnd: int = 0
    from_donors_vnd: int = 0  # of `confirmed_vnd`, from donors outside the organisation (decision 0083)
    waiting_vnd: int = 0
    # Of `total["labour"]`, the days an officer or a treasurer confirmed: the rest wait, said apart as the
    # drive's screen says them (decision 0485)
    confirmed_days: int = 0
    # Of the organisation's people (donors aside), how many gave the unit's money and goods of the year (an
    # entry above 0, not rejected), as the ledger's pass tells them kind by kind: three or more only where one
    # kind alone has them; under three, each once, whatever she gave (`givers_once`, decision 2232). Under
    # three, the unit's money is their gift, held back from a leader (`access.may_see_unit_money`, 0304).
    money_givers: int = 0
    # Of them and the year's other givers, the fewest of who gave to the running drive, who gave the year's
    # money outside it and who gave to it for another year: under three, the drive's line (or the year's
    # less it) is their gift, held back from a leader, the year's said (`drive_held`, decision 1466).
    drive_givers: int = 0
    # Of them, kind by kind, who gave the year's money or goods still waiting: the waiting figure is the
    # year's line less the confirmed, their gift where they are one or two (`waiting_held`, decision 1550).
    waiting_kind_givers: dict[str, int] = field(default_factory=lambda: {"money": 0, "goods": 0})
    # and who gave the year's money or goods confirmed: where both are one or two, neither part is said
    confirmed_kind_givers: dict[str, int] = field(default_factory=lambda: {"money": 0, "goods": 0})
    # who they are, kind by kind, where one or two (else some of them): one who gave in two units during the
    # year is one giver of the roll-up's waiting and confirmed (`_people_once`, decision 2131)
    waiting_kind_people: dict[str, frozenset[int]] = field(default_factory=dict)
    confirmed_kind_people: dict[str, frozenset[int]] = field(default_factory=dict)
    # The same, kind by kind (money, goods): where one kind had one or two givers, the unit's money and goods
    # are said as one figure (`access.may_see_kinds_apart`, docs/decisions/0378).
    kind_givers: dict[str, int] = field(default_factory=lambda: {"money": 0, "goods": 0})
    # Of the period (the week) and of each week of the trend, kind by kind, who gave: where one or two gave in
    # a week, its money and goods are their gift, said to a leader as how many gave (`week_held`, 0560), and
    # not drawn on the chart's trend (0561); one who gave in two units (she moved that week) is one giver of
    # the organisation's week, not two (decisions 2041, 2083). Counted from these lists, never kept beside
    # them (`week_kind_givers`, decision 2234); both kinds, `week_givers`.
    week_kind_people: dict[str, frozenset[int]] = field(default_factory=dict)
    weekly_kind_people: list[dict[str, frozenset[int]]] = field(default_factory=list)
    # of the period's givers, those who gave for another year than the digest's, and of each week of the
    # trend: the week's figure less the year's line would be their gift where they are one or two
    # (`week_held`, decision 1388), each once in the organisation (decision 2131)
    week_other_year_people: dict[str, frozenset[int]] = field(default_factory=dict)
    weekly_other_year_people: list[dict[str, frozenset[int]]] = field(default_factory=list)
    # of each week of the trend, who gave its money or goods still waiting: beside a year said as what is
    # confirmed, the week before's figure is theirs less what is confirmed where they are one or two (2040)
    weekly_waiting_givers: list[frozenset[int]] = field(default_factory=list)
    # Of the period's money and goods, what still waits for confirmation: where the year's line says what is
    # confirmed, the period's figure less it would be that gift (`year_leaves_out_waiting`, decision 1930).
    week_waiting_vnd: int = 0
    # and who gave it, each once whatever she gave: three or more, the figure less the year's line is theirs
    # together (1550); one who gave in two units is one of them (decision 2130)
    week_waiting_people: frozenset[int] = frozenset()
    # Goods given with no value (“Bỏ qua” at their value), in the year and in the period: a count, said
    # beside the sums, in which they are nothing (decision 0430).
    unvalued_total: int = 0
    unvalued_week: int = 0
    # of the year's, those still waiting (dollars waiting for the đồng the bank credits): named on the line
    # that says what waits, where “0 ₫” would say nothing waits (decision 0796)
    unvalued_waiting: int = 0
    waiting_entries: int = 0
    # when the longest waiting of them was recorded: said with their count, how long it has waited (1689)
    waiting_since: datetime | None = None
    unattended: int = 0  # of those, entries no treasurer may confirm (docs/decisions/0074)
    waiting_labour: int = 0  # of the entries waiting, labour days (an officer may confirm them too: 0434)
    unattended_labour: int = 0  # of `unattended`, labour days: the others' confirmer is said (1880)
    # a treasurer of the unit's own covers it: else the whole organisation's confirm its gifts (decision 1883)
    own_treasurer: bool = False
    # … and a treasurer's or an officer's of its own, who confirm its labour days: else the whole
    # organisation's officers confirm them too, her stand-in named in its digest (decision 1947)
    own_days_decider: bool = False
    collective_target_vnd: int = 0
    collective_registered: bool = False  # the unit registered a collective commitment this year
    drive_vnd: int = 0
    drive_money_vnd: int = 0  # of `drive_vnd`, the money: what the drive may pay out (decision 0094)
    drive_days: int = 0  # labour days confirmed toward it: given to it, as its screen says (decision 0472)
    drive_waiting: int = 0  # gifts to it still waiting for a treasurer, of any year (decision 1672)
    reminders_sent: int = 0
    reminders_acted: int = 0
    weekly_vnd: list[int] = field(default_factory=list)  # the trend: money+goods per week, oldest first
    unregistered: list[Unlisted] = field(default_factory=list)
    unregistered_households: list[Unlisted] = field(default_factory=list)
    # Of the unit's people, those away on long leave (maternity or sick leave, seconded): not among `people`
    # above, nor among who registered, gave or took part, whatever they did, said apart (decisions 0740,
    # 0764); their gifts stay in the unit's money.
    away: int = 0
    training: int = 0  # of `away`, those away on training, said so (decision 2315)
    block: str | None = None  # its Khối thi đua: the roll-up ranks units within their block
    # Results recorded that are not money (docs/decisions/0050): criterion title → (in the period, in the year
    # so far), standing ones only, in the plan's order.
    results: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Who registered for the years read beside the campaign year (`Context.beside`): the year just ended,
    # through March, and next year, registered early (decision 0080); of the people and households above.
    years: dict[int, YearRegistrations] = field(default_factory=dict)
    # While the units' award deadline is near: the unit's standing proposals of the year, or that it chose
    # “Done” (proposes no one), or neither (docs/decisions/0198); said on that deadline's line.
    awards: UnitProposed | None = None
    # What of the year's money and goods is not released yet to a leader without the ledger's rights
    # (`carried_gifts`, decision 0599); None: nothing carried, or not asked.
    lag: Lag | None = None
    # The week's and the trend's money and goods, and their givers, less the gifts a merge brought into the
    # unit held (`carried_gifts`, decision 0717), and its confirmed and waiting sums less them while its year
    # holds them (0722): what a reader without the ledger's rights reads of them (`as_read`); None: no such
    # gift in them, or not asked.
    less_held: UnitFigures | None = None

    @property
    def week_givers(self) -> frozenset[int]:
        """Who gave money or goods in the period, each once: how many gave, where a week is said so (1948)."""
        return frozenset().union(*self.week_kind_people.values())

    @property
    def money_people(self) -> frozenset[int]:
        """Who gave the year's money and goods, what waits and what is confirmed: exact where one or two gave
        each kind (`few_people`), as `money_givers` and a pool count them (`access.givers_together`)."""
        return frozenset().union(*self.waiting_kind_people.values(), *self.confirmed_kind_people.values())

    @property
    def week_kind_givers(self) -> dict[str, int]:
        """How many gave money and how many goods in the period (`week_kind_people`)."""
        return _counted(self.week_kind_people)

    @property
    def this_year(self) -> YearRegistrations:
        """Who registered for the campaign year, as the fields above count them."""
        return YearRegistrations(self.registered, self.households_registered, int(self.collective_registered))

    @property
    def rate(self) -> float:
        """The people's participation: those who took part (registered or gave), of the unit's people."""
        return self.took_part / self.people if self.people else 0.0

    @property
    def households_rate(self) -> float:
        """The households' participation, as `rate`."""
        return self.households_took_part / self.households if self.households else 0.0

    @property
    def hamlet(self) -> bool:
        """Households belong to it: a commune's hamlet (as a commune is told by its households, decision
        0139), whose digest reads “thôn”, not an office's “đơn vị”; its Front committee's has none."""
        return self.households > 0

    @property
    def mostly_households(self) -> bool:
        """More households than people: a hamlet, even one whose head is listed in it."""
        return self.households > self.people

    @property
    def placing(self) -> float:
        """What orders the units (the roll-up, the chart): the share of what it mostly holds that took part,
        its people, or its households where they outnumber them (a hamlet of 75 households and its head,
        listed in it as a person, is placed by its households, not by its head)."""
        return self.households_rate if self.mostly_households else self.rate


def _counted(people: Mapping[str, frozenset[int]]) -> dict[str, int]:
    """How many of each kind given (money, goods) the lists `people` hold."""
    return {kind: len(people.get(kind, ())) for kind in KINDS_GIVEN}


@dataclass(frozen=True)
class Period:
    """The week a digest covers, as UTC bounds: [starts, ends). `week` False for days asked as no week
    (a month or a year, /baocao's “tháng này” on the 7th: seven days, but a month's, decision 2871); None
    where their number says it (`_weekly`). `span`: "month" or "year" where one was asked as such, its header
    then naming it (`_period_words`, decision 2942)."""

    starts: datetime
    ends: datetime
    week: bool | None = None
    span: str | None = None

    @property
    def last_day(self) -> date:
        """The period's last local date."""
        return local_date(self.ends - timedelta(microseconds=1))


def _value(kind: str):  # type: ignore[no-untyped-def]
    return Contribution.labour_days if kind == "labour" else Contribution.amount_vnd


def _total(column: Any, where: ColumnElement[bool] | None = None) -> ColumnElement[int]:
    """A sum read as BIGINT (PostgreSQL's sum of a BIGINT is a NUMERIC, slower to read), of the rows `where`
    names (FILTER: PostgreSQL, SQLite 3.30+; a CASE would add a zero for every other row)."""
    return cast(func.sum(column) if where is None else func.sum(column).filter(where), BigInteger)


def _ledger_pass(
    org_id: int,
    *,
    year: int,
    period: Period,
    drive: Drive | None,
    trend_weeks: int,
    donors: bool = True,
    reversed_: bool = True,
) -> tuple[Select[Any], dict[str, Any]]:
    """One pass over the ledger, a row per unit and kind (`_total`'s sums), and the values it is run with. The
    WHERE already bounds every sum by the period's end, so a window is "since" one instant, and a week of the
    trend is the difference of two such sums. `donors`, `reversed_`: whether the organisation has donors from
    outside, and entries a reversal cancelled (`_LEDGER_FACTS`); where it has none, no row is looked up among
    them."""
    since = [starts for starts, _ends in _week_bounds(period, trend_weeks)]
    # A week's digest: the trend's last week is the week itself (its sums are the week's own).
    same = since.index(period.starts) if period.starts in since else None
    values = {
        "org": org_id,
        "year": year,
        "starts": period.starts,
        "ends": period.ends,
        "recent": min([period.starts, *since]),
        "drive": drive.id if drive else -1,
        **{f"since_{n}": starts for n, starts in enumerate(since) if n != same},
    }
    return _ledger_statement(trend_weeks, same, donors, reversed_), values


@lru_cache(maxsize=32)
def _ledger_statement(trend_weeks: int, same: int | None, donors: bool, reversed_: bool) -> Select[Any]:
    """The pass's statement, its values bound when it runs (`_ledger_pass`): built once per shape (`same`: the
    trend's week that is the period itself, if one is), as building it (fourteen sums and their conditions)
    cost more Python than anything else in a run of the digests (decision 0317)."""
    vnd, days, at = Contribution.amount_vnd, Contribution.labour_days, Contribution.created_at
    when = Contribution.created_at.type
    org_id = bindparam("org", type_=Contribution.org_id.type)

    # The year's sums count the gifts of the campaign year (`Contribution.year`: the year each was recorded);
    # the week, the trend, the running drive and the entries waiting count whatever was recorded then, of any
    # year: on Monday 4 January the week began on 28 December, and a drive running 1/12–15/1 collected in
    # December too (decision 0076).
    this_year = Contribution.year == bindparam("year", type_=Contribution.year.type)
    running_drive = Contribution.drive_id == bindparam("drive", type_=Contribution.drive_id.type)
    in_drive = func.coalesce(Contribution.drive_id, -1) == bindparam(
        "drive", type_=Contribution.drive_id.type
    )
    waiting_now = Contribution.status == "recorded"
    confirmed = Contribution.status == "confirmed"
    recent = at >= bindparam("recent", type_=when)
    # Donors outside the organisation are few, and most organisations have none, and few entries are ever
    # reversed: whether the organisation has any of either is asked before the pass (`_LEDGER_FACTS`), and a
    # row is looked up among them only where it has (decisions 0317, 0360). Asked inside the pass, each
    # condition cost SQLite a sixth of it on every row, and the reversals a read of the whole ledger.
    counted = [vnd > 0]
    if donors:
        counted.append(Contribution.person_id.not_in(_donors(org_id)))
    counted.append(not_reversed(org=org_id) if reversed_ else Contribution.reverses_id.is_(None))
    # One condition, one bound value, makes the week's sums and the trend's week that is the period the same
    # expression, which PostgreSQL computes once. A window counts a reversal only with the gift it cancels,
    # recorded in it too: a gift of a week before (or of last year) reversed this week is no gift of this
    # week, never “-2 ngày công”, and one reversed after a period asked for is read with it (decisions 0517,
    # 0802). The gift is looked up by its key for the few reversals alone; the year's sums net them too.
    cancelled = aliased(Contribution)
    gift_at = select(cancelled.created_at).where(cancelled.id == Contribution.reverses_id).scalar_subquery()

    # A reversal recorded after the period's end, of a gift recorded in it, is read with that gift: a period
    # asked for later (`/baocao 2026` in January) reads the correction as it reads the confirmations made
    # since, and its year's lines agree with `/baocaonam` and `/tiendo` (decision 0802). So is the right
    # entry a correction wrote with it (`replaces_id`, of the gift's year): read where the entry it replaces
    # is, and in a window only with it, as the gift it is; else the gift read nothing there (decision 0810).
    # The corrections are few and found as a set through the unique index on `replaces_id`, as the reversals
    # are (`not_reversed`), never by each row's own `replaces_id`: the pass reads its index alone (0360).
    ends = bindparam("ends", type_=when)
    recorded = at < ends
    late = at >= ends
    correction, replaced = aliased(Contribution), aliased(Contribution)

    def corrections_of_before(day: Any) -> Select[Any]:
        """The organisation's corrections whose replaced entry was recorded before `day`."""
        theirs = select(replaced.id).where(
            replaced.id == correction.replaces_id, replaced.org_id == org_id, replaced.created_at < day
        )
        return select(correction.id).where(correction.replaces_id.is_not(None), theirs.exists())

    if reversed_:
        recorded = or_(
            recorded,
            and_(Contribution.reverses_id.is_not(None), gift_at < ends),
            Contribution.id.in_(corrections_of_before(ends)),
        )

    def since(name: str) -> ColumnElement[bool]:
        starts = bindparam(name, type_=when)
        if not reversed_:
            return at >= starts
        return and_(
            at >= starts,
            or_(Contribution.reverses_id.is_(None), gift_at >= starts),
            or_(~late, Contribution.id.not_in(corrections_of_before(starts))),
        )

    in_period = since("starts")
    weeks = [in_period if n == same else since(f"since_{n}") for n in range(trend_weeks)]
    # the trend's week a row of it falls in: the latest whose window takes it in (each window takes in
    # every later one's rows)
    week_no = case(*((weeks[n], n) for n in range(trend_weeks - 1, 0, -1)), else_=0)
    unvalued = and_(Contribution.kind == "goods", vnd == 0, counted[-1])
    return (
        select(
            Contribution.unit_id,
            Contribution.kind,
            _total(vnd, this_year),
            _total(days, this_year),
            _total(vnd, in_period),
            _total(days, in_period),
            _total(vnd, this_year & (Contribution.status == "confirmed")),
            _total(days, this_year & (Contribution.status == "confirmed")),
            func.count().filter(waiting_now),
            # to the running Fund drive, what a treasurer confirmed: as the drive's own screen counts it
            _total(vnd, running_drive & (Contribution.status == "confirmed")),
            # and its labour days, which the drive's screen counts as given to it too
            _total(days, running_drive & (Contribution.status == "confirmed")),
            # who gave money or goods in the year, donors outside aside (decision 0304), kind by kind
            func.count(func.distinct(Contribution.person_id)).filter(and_(this_year, *counted)),
            # and to the drive, of any year: in January its line (and last week's) is December's (0343);
            # those whose gift is confirmed, as its line sums them (decision 1503)
            func.count(func.distinct(Contribution.person_id)).filter(
                and_(running_drive, confirmed, *counted)
            ),
            # goods given with no value, in the year and in the period: counted, as the year's report and
            # “my progress” count them, where their sums would say nothing was given (decision 0430)
            func.count().filter(this_year, unvalued),
            func.count().filter(in_period, unvalued),
            func.count().filter(this_year, unvalued, waiting_now),
            # who gave money or goods in the period (listed below, `after[12]`), and in each week of the
            # trend: a week of one or two givers is their gift (decisions 0560, 0561). The trend's givers as
            # one list of who gave in which week (`_weekly_people`): each row's week found once, only for the
            # trend's rows, where a count per week asked every row of the year six times (decision 0592).
            # Of those, who gave for another year than the digest's (28–31/12 in the week of 4/1, a late
            # gift of the year just ended): not in the year's line, the week less it would be theirs (1388);
            # listed, so that one who gave in two units is one giver of the roll-up's week (decision 2131)
            func.aggregate_strings(cast(Contribution.person_id, String), ",").filter(
                and_(in_period, ~this_year, *counted)
            ),
            func.aggregate_strings(cast(Contribution.person_id * trend_weeks + week_no, String), ",").filter(
                and_(weeks[0], *counted)
            ),
            # and the trend's money and goods week by week, as one list of its gifts (`_week_sums`, each
            # `amount * trend_weeks + week`): a sum per week asked every row of the year six times, a quarter
            # of the pass (decision 1139); the labour days' rows, whose trend nobody reads, list none
            func.aggregate_strings(cast(vnd * trend_weeks + week_no, String), ",").filter(
                and_(weeks[0], Contribution.kind != "labour")
            ),
            # and who gave for another year in which week: the week before less the year's line (1388)
            func.aggregate_strings(cast(Contribution.person_id * trend_weeks + week_no, String), ",").filter(
                and_(weeks[0], ~this_year, *counted)
            ),
            # beside who gave to the drive: who gave the year's money outside it, and who gave to it for
            # another year (confirmed, as the drive's line takes them in), where the year's line less the
            # drive's would be theirs (decision 1466); and who gave the year's money outside it confirmed,
            # where the confirmed line less the drive's would be theirs (decision 1503)
            func.count(func.distinct(Contribution.person_id)).filter(and_(this_year, ~in_drive, *counted)),
            func.count(func.distinct(Contribution.person_id)).filter(
                and_(running_drive, ~this_year, confirmed, *counted)
            ),
            func.count(func.distinct(Contribution.person_id)).filter(
                and_(this_year, ~in_drive, confirmed, *counted)
            ),
            # who gave the year's money or goods still waiting: the year's line less the confirmed is theirs
            # (decision 1550)
            func.count(func.distinct(Contribution.person_id)).filter(and_(this_year, waiting_now, *counted)),
            func.count(func.distinct(Contribution.person_id)).filter(and_(this_year, confirmed, *counted)),
            # the gifts to the running drive still waiting, of any year: a unit whose December gift waits
            # took part in it, said by their count (decision 1672)
            func.count().filter(and_(running_drive, waiting_now)),
            # the period's money and goods still waiting: where the year's line says what is confirmed, the
            # period's figure less it would be that gift (decision 1930)
            _total(vnd, and_(in_period, waiting_now)),
            # and who gave it: where three or more did, that gift is theirs together, as 1550 counts it;
            # listed, each person once whatever she gave and wherever (decision 2130)
            func.aggregate_strings(cast(Contribution.person_id, String), ",").filter(
                and_(in_period, waiting_now, *counted)
            ),
            # who gave money or goods in the period, each once whatever she gave: a week said as how many
            # gave counts people, not gifts of each kind (decision 1948)
            func.aggregate_strings(cast(Contribution.person_id, String), ",").filter(
                and_(in_period, *counted)
            ),
            # who gave the money or goods still waiting, in which week of the trend: the week before's figure
            # beside a year said as what is confirmed is their gift where they are one or two (decision 2040)
            func.aggregate_strings(cast(Contribution.person_id * trend_weeks + week_no, String), ",").filter(
                and_(weeks[0], waiting_now, *counted)
            ),
            # the least and the greatest of who gave the year's money or goods waiting, and confirmed: where
            # one or two did, they are who (`few_people`), so that one who moved during the year is one giver
            # of the roll-up's waiting and confirmed, not one in each unit (decision 2131)
            func.min(Contribution.person_id).filter(and_(this_year, waiting_now, *counted)),
            func.max(Contribution.person_id).filter(and_(this_year, waiting_now, *counted)),
            func.min(Contribution.person_id).filter(and_(this_year, confirmed, *counted)),
            func.max(Contribution.person_id).filter(and_(this_year, confirmed, *counted)),
        )
        .where(
            Contribution.org_id == org_id,
            # written as the index of the standing ledger says it (migration 0050): a bound value would not
            # tell SQLite that the rows asked for are all in that index (decision 0360)
            Contribution.status != literal_column("'rejected'"),
            recorded,
            or_(this_year, recent, running_drive, waiting_now),
        )
        .group_by(Contribution.unit_id, Contribution.kind)
    )


def _begin_trend(figures: UnitFigures, weeks: int) -> None:
    """The trend's `weeks` of `figures` before the ledger's pass adds its rows (`_add_weeks`): no gifts, and
    nobody who gave."""
    figures.weekly_vnd = [0] * weeks
    figures.weekly_kind_people = [{} for _week in range(weeks)]
    figures.weekly_other_year_people = [{} for _week in range(weeks)]


def _add_weeks(figures: UnitFigures, kind: str, after: Sequence[Any], weeks: int) -> None:
    """Add a row of the ledger's pass of money or goods (`kind`) to the week's givers and to the trend's
    weeks, their givers and their sums (`after`: the row's list of the week's givers for another year, its
    list of who gave in which week, its list of the gifts of each week, and its list of who gave in which week
    for another year; further on, who gave in the period, `after[12]`, and who gave what still waits in which
    week, `after[13]`): how many gave is counted from the lists, never read beside them (decision 2234). The
    trend's lists of who gave begin as its weeks' empty ones, as `weekly_vnd` its zeros (`_begin_trend`, by
    the caller, once a unit)."""
    gave_in_week = frozenset(_people(after[12]))
    figures.week_kind_people = {**figures.week_kind_people, kind: gave_in_week}
    waiting = _weekly_people(after[13], weeks)
    figures.weekly_waiting_givers = [
        mine | theirs
        for mine, theirs in zip(figures.weekly_waiting_givers or [frozenset()] * weeks, waiting, strict=True)
    ]
    other_year, gave, given, other_gave = after[:4]
    gave_weekly = _weekly_people(gave, weeks)
    figures.weekly_kind_people = [
        {**mine, kind: people} for mine, people in zip(figures.weekly_kind_people, gave_weekly, strict=True)
    ]
    other_people = frozenset(_people(other_year))
    figures.week_other_year_people = {**figures.week_other_year_people, kind: other_people}
    other_weekly = _weekly_people(other_gave, weeks)
    figures.weekly_other_year_people = [
        {**mine, kind: people}
        for mine, people in zip(figures.weekly_other_year_people, other_weekly, strict=True)
    ]
    weekly = _week_sums(given, weeks)
    figures.weekly_vnd = [a + b for a, b in zip(figures.weekly_vnd, weekly, strict=True)]


def _weekly_people(gave: str | None, trend_weeks: int) -> list[frozenset[int]]:
    """Who gave in each week of the trend, oldest first, from a list of the pass's (each `person_id *
    trend_weeks + week`)."""
    weeks: list[set[int]] = [set() for _week in range(trend_weeks)]
    for given in map(int, gave.split(",") if gave else ()):
        person, week = divmod(given, trend_weeks)
        weeks[week].add(person)
    return [frozenset(people) for people in weeks]


def _week_sums(given: str | None, trend_weeks: int) -> list[int]:
    """The sums of each week of the trend, oldest first, from the pass's list of its gifts (each
    `amount * trend_weeks + week`; an amount taken back is below zero, and still read whole)."""
    sums = [0] * trend_weeks
    for one in map(int, given.split(",") if given else ()):
        amount, week = divmod(one, trend_weeks)
        sums[week] += amount
    return sums


def _donors(org_id: Any) -> Select[Any]:
    """The organisation's donors from outside (of no unit, decision 0083)."""
    return select(Person.id).where(Person.org_id == org_id, Person.unit_id.is_(None), Person.kind == "donor")


_ORG = bindparam("org", type_=Contribution.org_id.type)
# Each unit's reminders sent in the period and those acted on. Reminders carry the unit their person was in
# when they were sent (migration 0013): no join to `person`; the index on the organisation and when sent holds
# the unit and when acted on too, so none is looked up in the table (migration 0051, decision 0390).
_REMINDERS = (
    select(Reminder.unit_id, func.count(), func.count(Reminder.acted_at))
    .where(
        Reminder.org_id == bindparam("org", type_=Reminder.org_id.type),
        Reminder.sent_at >= bindparam("starts", type_=Reminder.sent_at.type),
        Reminder.sent_at < bindparam("ends", type_=Reminder.sent_at.type),
    )
    .group_by(Reminder.unit_id)
)
# Whether the organisation has donors from outside, and entries a reversal cancelled: asked once before the
# ledger's pass, which then looks a row up among them only where there are some (decision 0360).
_LEDGER_FACTS = select(_donors(_ORG).exists(), reversed_ids(_ORG).exists())
# The merges into the organisation's units, whose audit rows keep the gifts the unit merged away held back
# from its leader (`held`, decision 0711); asked with the ledger's facts before the year's release.
_MERGES = select(AuditLog.id, AuditLog.entity_id, AuditLog.details).where(
    AuditLog.entity == literal_column("'unit'"),
    AuditLog.action == literal_column("'unit.merge'"),
    AuditLog.entity_id.in_(select(Unit.id).where(Unit.org_id == _ORG)),
)
_RELEASE_FACTS = select(_donors(_ORG).exists(), reversed_ids(_ORG).exists(), _MERGES.exists())


@asynccontextmanager
async def ledger_pass(
    session: AsyncSession,
    org_id: int,
    *,
    year: int,
    period: Period,
    drive: Drive | None = None,
    trend_weeks: int = 6,
) -> AsyncIterator[Callable[[], Awaitable[Rows]]]:
    """Start the pass over the year's ledger that `unit_figures` reads (the same arguments), on a connection
    of its own where it can be (`read_alongside`, docs/decisions/0098): the statements run meanwhile on the
    session's connection cost nothing more than the pass. Yields the function giving its rows."""
    donors, reversed_ = (await session.execute(_LEDGER_FACTS, {"org": org_id})).one()
    statement, values = _ledger_pass(
        org_id,
        year=year,
        period=period,
        drive=drive,
        trend_weeks=trend_weeks,
        donors=bool(donors),
        reversed_=bool(reversed_),
    )
    async with read_alongside(session, statement, values) as rows:
        yield rows


# -------------------------------------------------------------------------------------------------------
# The year's running total as a leader reads it (decision 0599)

# Weeks are counted, for the release of the year's running total, from a Monday long past, local midnight:
# the same weeks whenever and by whomever the total is read, so that where it moves depends on the ledger
# alone, never on the day a leader asks.
_WEEKS_FROM = datetime(2000, 1, 3, tzinfo=LOCAL_TZ)
_WEEK_SECONDS = 7 * 24 * 3600


class _WeekOf(FunctionElement[int]):
    """The week (`_WEEKS_FROM`'s count) an instant falls in: its seconds since then, whole weeks of them."""

    type = Integer()
    inherit_cache = True
    name = "week_of"


@compiles(_WeekOf, "sqlite")
def _week_of_sqlite(element: _WeekOf, compiler: Any, **kw: Any) -> str:
    """`unixepoch` where SQLite has it (3.38+): the same whole seconds as `strftime('%s')`, without writing
    them out as text and reading them back, a fifth of the year's grouping (decision 0600)."""
    at, since = (compiler.process(clause, **kw) for clause in element.clauses)
    seconds = f"CAST(strftime('%s', {at}) AS INTEGER)"
    if (compiler.dialect.server_version_info or ()) >= (3, 38):
        seconds = f"unixepoch({at})"
    return f"(({seconds} - {since}) / {_WEEK_SECONDS})"


@compiles(_WeekOf, "postgresql")
def _week_of_postgresql(element: _WeekOf, compiler: Any, **kw: Any) -> str:
    at, since = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(floor((EXTRACT(EPOCH FROM {at}) - {since}) / {_WEEK_SECONDS}) AS INTEGER)"


def _week_of(at: datetime) -> int:
    return int((at - _WEEKS_FROM).total_seconds()) // _WEEK_SECONDS


class Lag(NamedTuple):
    """What of the year's money and goods a reader without the ledger's rights (`may_see_running_money`) does
    not read yet: the gifts since the last week after which three or more had given (`through`, that week's
    last day, local; None: none released yet this year), by kind (`carried`), and how many gave in the weeks
    of fewer than three givers carried (or, where none is, in the week not over)."""

    through: date | None
    carried: dict[str, int]
    givers: int


def first_carried(held: Iterable[tuple[int, Collection[int]]], complete: int) -> tuple[int | None, set[int]]:
    """Of the weeks one or two gave money or goods in (`held`: each week and who gave), oldest first, the
    first whose gifts are not released yet (None: every week before `complete`, the first not over, is), and
    who gave in those carried.
    The weeks are taken in order, from the year's first: a week of one or two givers is carried, with every
    week after it, until three or more distinct people have given in the weeks carried; then the year's
    figure takes them all in at the end of that week. The weeks of none or of three or more givers carry
    nothing: their figure is said (`may_see_week_money`), so what a release adds, less them, is the gifts of
    three or more people (decision 0599)."""
    pending: set[int] = set()
    first: int | None = None
    for week, people in sorted(held):
        if week >= complete:
            break
        first = week if first is None else first
        pending.update(people)
        if len(pending) >= FEWEST_GIVERS:
            pending, first = set(), None
    return first, pending


def released(figures: UnitFigures, lag: Lag | None) -> UnitFigures:
    """`figures` with the year's money and goods as of their last release (`lag`, None: as they are)."""
    if lag is None:
        return figures
    return replace(figures, total=released_total(figures, lag))


def released_total(figures: UnitFigures, lag: Lag | None) -> dict[str, int]:
    """The year's sums of `figures` by kind as of their last release (`released`), without copying the
    figures: a unit's digest reads only these (five hundred a Monday)."""
    if lag is None:
        return figures.total
    return {**figures.total, **{kind: figures.total[kind] - lag.carried[kind] for kind in lag.carried}}


def confirmed_floor(year: dict[str, int], lag: Lag | None, confirmed: int) -> dict[str, int] | None:
    """The year's money and goods said as what of them is confirmed (one figure, as money: said together
    where the year has goods), where its figure as of its last release (`year`, `lag`) is less than that:
    None where the release is said as it is. The confirmed sum is said to the same reader, to the day, on
    the line under it (`_confirmed_lines`, unlagged since decision 0599), so the greater of the two says
    nothing he does not read already, and only what waits for confirmation lags:
    a January giver chained with weeks of one or two no longer leaves a year of many givers with no money
    above a confirmed line of tens of millions (decision 1214)."""
    if lag is None or confirmed <= year["money"] + year["goods"]:
        return None
    return {**year, "money": confirmed, "goods": 0}


def _lag_words(
    locale: str, lag: Lag | None, confirmed: bool = False, *, goods: bool = False, waiting: bool = True
) -> str:
    """Beside a leader's year's figure, why it lags: up to which day it counts, and that what came after
    waits for three givers; `confirmed` (`confirmed_floor`): that its money (and goods, `goods`: said as
    one figure with it) is what is confirmed, the gifts waiting for confirmation added later — only where
    money or goods of value wait (`waiting`): with none, what is confirmed is the whole (decision 1436).
    The words name the money: the labour days and goods of no value on the same line are all of the
    year's, those waiting too, as the labour line under it says (decision 1302)."""
    if confirmed and not waiting and goods:
        return translate(locale, "(the money and goods are what is confirmed)")
    if confirmed and not waiting:
        return translate(locale, "(the money is what is confirmed)")
    if confirmed and goods:
        return translate(
            locale,
            "(the money and goods are what is confirmed; gifts waiting for confirmation are added once three "
            "or more people have given, so no one's gift shows)",
        )
    if confirmed:
        return translate(
            locale,
            "(the money is what is confirmed; gifts waiting for confirmation are added once three or more "
            "people have given, so no one's gift shows)",
        )
    assert lag is not None  # said as of a release: `confirmed` is the only other reason for words
    if lag.through is None:
        words = translate_plural(
            locale,
            "(not added yet: {n} person gave; added once three or more have given, so no one's gift shows)",
            "(not added yet: {n} people gave; added once three or more have given, so no one's gift shows)",
            lag.givers,
        )
        return words.format(n=format_number(lag.givers, locale))
    words = translate(
        locale,
        "(up to {day}; later gifts are added once three or more people have given, so no one's gift shows)",
    )
    return words.format(day=format_date(lag.through, locale))


def _year_words(
    locale: str, lag: Lag | None, confirmed: bool, *, goods: bool, waiting: bool, with_waiting: bool
) -> str:
    """What follows the year's figure, with its space: why it lags or is what is confirmed (`_lag_words`);
    else, where money or goods wait (`waiting`) and the reader may read the year as what is confirmed on
    another Monday (`with_waiting`: not `access.may_see_running_money`), that it counts them: the line that
    said the confirmed sum last Monday and the year's this one each say which it is (decision 1666)."""
    if lag is not None or confirmed:
        return f" {_lag_words(locale, lag, confirmed, goods=goods, waiting=waiting)}"
    if with_waiting and waiting:
        return " " + translate(locale, "(including gifts waiting for confirmation)")
    return ""


# The people of no unit (the office), released as one more unit in `carried_gifts` (decision 0651).
_NO_UNIT = 0


def _people(listed: str | None) -> set[int]:
    return {int(one) for one in (listed or "").split(",") if one}


async def carried_gifts(
    session: AsyncSession,
    org_id: int,
    *,
    year: int,
    period: Period,
    units: dict[int, UnitFigures],
    earlier: dict[date | None, Lag] | None = None,
    outside: UnitFigures | None = None,
) -> Lag | None:
    """Each unit's `lag` (set on its figures) and the whole organisation's, the gifts of people of no unit
    among them (returned; None: nothing is carried): what of the year's money and goods is not released yet
    to a leader (`first_carried`). `earlier`, where given, takes the whole's as carried from each week of
    its year, by the day its figure would count up to (`rollup_lag`); `outside`, where given, the lag of
    the people of no unit, released as one more unit (decision 0651). One statement: the weeks of one or two
    givers, unit by unit, and every week of the whole ledger (one or two givers are the least and the
    greatest of them, no list), and the week not over, each with the gifts from it on (a window's sum from
    the latest week back), so that the gifts carried are those of the row where they begin; a unit's weeks
    of more givers are no row."""
    # donors from outside are no givers, as in the ledger's pass (decision 0304); looked up, and the
    # reversals, only where the organisation has some (decision 0360)
    donors, reversed_, merged = (await session.execute(_RELEASE_FACTS, {"org": org_id})).one()
    # a merged unit's held gifts, each merge's as a unit of its own (a key below 0), said in the unit merged
    # into from the week of the merge on as one week of their givers, never released by the merge (0711);
    # and the gifts it had released, a unit of their own too, said at once: never counted among the givers of
    # the weeks of the unit merged into, which would release its own held gift with them (0745)
    held: dict[int, tuple[int, int, list[int]]] = {}
    moved: dict[int, tuple[int, int, list[int]]] = {}
    names: dict[int, list[str]] = {}  # the units merged in with held gifts, by the unit merged into (0754)
    if merged:
        for row_id, target, details in await session.execute(_MERGES, {"org": org_id}):
            for name, found, key in (("held", held, -2 * row_id), ("moved", moved, -2 * row_id - 1)):
                if details.get(name):
                    found[key] = (target, int(details["held_week"]), [int(one) for one in details[name]])
            if details.get("held"):
                names.setdefault(target, []).append(str(details.get("from_name") or ""))
    week = _WeekOf(Contribution.created_at, bindparam("from", type_=Integer()))
    unit_of: ColumnElement[Any] = Contribution.unit_id
    if held or moved:  # given before the merge's week: an id SQLite gave again to a later gift is not theirs
        unit_of = case(
            *(
                (and_(Contribution.id.in_(ids), week < held_week), literal(key))
                for key, (_, held_week, ids) in [*held.items(), *moved.items()]
            ),
            else_=Contribution.unit_id,
        )
    counted = and_(
        Contribution.amount_vnd > 0,
        Contribution.person_id.not_in(_donors(_ORG)) if donors else true(),
        not_reversed(org=_ORG) if reversed_ else Contribution.reverses_id.is_(None),
    )
    mine = and_(
        Contribution.org_id == _ORG,
        Contribution.year == bindparam("year", type_=Contribution.year.type),
        Contribution.status != literal_column("'rejected'"),
        Contribution.created_at < bindparam("ends", type_=Contribution.created_at.type),
        Contribution.kind.in_(("money", "goods")),
    )
    values = {"org": org_id, "year": year, "ends": period.ends, "from": int(_WEEKS_FROM.timestamp())}
    kinds = {kind: _total(Contribution.amount_vnd, Contribution.kind == kind) for kind in ("money", "goods")}
    by_unit = (
        select(
            unit_of.label("unit_id"),
            week.label("week"),
            func.count(func.distinct(Contribution.person_id)).label("n"),
            func.min(Contribution.person_id).label("lo"),
            func.max(Contribution.person_id).label("hi"),
            kinds["money"].label("money"),
            kinds["goods"].label("goods"),
        )
        .where(mine, counted)
        .group_by(unit_of, week)
        .cte("by_unit")
        .prefix_with("MATERIALIZED")  # read twice below, worked out once
    )
    # the whole's week: its givers added up unit by unit (0560), counted each once below where its units'
    # rows say who they are (decision 2235)
    by_week = (
        select(
            by_unit.c.week,
            cast(func.sum(by_unit.c.n), Integer).label("n"),
            func.min(by_unit.c.lo).label("lo"),
            func.max(by_unit.c.hi).label("hi"),
            cast(func.sum(by_unit.c.money), BigInteger).label("money"),
            cast(func.sum(by_unit.c.goods), BigInteger).label("goods"),
        )
        .group_by(by_unit.c.week)
        .cte("by_week")
    )

    def weeks_of(found: Any, whole: bool) -> Select[Any]:
        """Its weeks of one or two givers and the week not over, each with the gifts from it on."""
        on = {"order_by": found.c.week.desc(), **({} if whole else {"partition_by": found.c.unit_id})}
        suffix = select(
            (literal(None, Integer()) if whole else found.c.unit_id).label("unit_id"),
            literal(whole).label("whole"),
            found.c.week,
            found.c.n,
            found.c.lo,
            found.c.hi,
            cast(func.sum(found.c.money).over(**on), BigInteger).label("money"),
            cast(func.sum(found.c.goods).over(**on), BigInteger).label("goods"),
        ).subquery()
        if whole:  # every week of the whole, 53 rows at most: its figure as of any unit's release (0640)
            return select(suffix)
        every = [*held, *(target for target, _, _ in held.values())]  # their weeks all: few, rare (0711)
        return select(suffix).where(
            or_(
                suffix.c.n < FEWEST_GIVERS,
                suffix.c.week >= bindparam("complete", type_=Integer()),
                *((suffix.c.unit_id.in_(every),) if every else ()),
            )
        )

    # the week the period ends in is not over (Monday 7:30): its gifts are carried, whoever gave them
    complete = _week_of(period.ends)
    weeks: dict[int | None, list[tuple[int, tuple[int, int]]]] = {}
    # each row as read: its sums and givers made into a Lag's only for the row a unit's gifts are carried from
    after: dict[tuple[int | None, int], tuple[int, int, int, int | None, int | None]] = {}
    statement = union_all(weeks_of(by_unit, False), weeks_of(by_week, True))
    read = (await session.execute(statement, {**values, "complete": complete})).all()
    # the whole's week counts its givers each once: one who gave in two units that week (she moved) is one
    # giver of its release, as of its week's line (decisions 2041, 2235); where every unit's row of the week
    # is here (each of one or two givers, their sum the whole's), they are who gave
    few: dict[int, tuple[int, set[int]]] = {}
    for _unit_id, whole, week_no, n, lo, hi, _money, _goods in read:
        if not whole and n < FEWEST_GIVERS:
            counted_n, people = few.get(week_no, (0, set()))
            few[week_no] = (counted_n + n, people | {one for one in (lo, hi) if one is not None})
    for unit_id, whole, week_no, n, lo, hi, money, goods in read:
        key = None if whole else _NO_UNIT if unit_id is None else unit_id
        if whole and week_no in few and few[week_no][0] == n:
            n = len(few[week_no][1])
        if n < FEWEST_GIVERS and week_no < complete:
            weeks.setdefault(key, []).append((week_no, (lo, hi)))
        after[key, week_no] = (n, lo, hi, money, goods)

    def carried_from(key: int | None, cut: int, pending: set[int] | None) -> Lag | None:
        """The gifts from week `cut` on, and who gave (`pending`; None: that week's givers)."""
        if (key, cut) not in after:
            return None
        n, lo, hi, money, goods = after[key, cut]
        sums = {"money": money or 0, "goods": goods or 0}
        if pending is None:
            pending = {lo, hi} if n < FEWEST_GIVERS else set(range(-n, 0))
        if not any(sums.values()) and not pending:
            return None
        through = local_date(_WEEKS_FROM + timedelta(weeks=cut) - timedelta(microseconds=1))
        # None only before the year's first week: a late gift to a year gone by, in January, is carried
        # from a Sunday of the next year, all of its own year released before it (decision 0666)
        return Lag(through if through.year >= year else None, sums, len(pending))

    def lag(key: int | None) -> Lag | None:
        merges = [(held_key, week_no) for held_key, (target, week_no, _) in held.items() if target == key]
        if merges:
            return merged_lag(key, merges)
        first, pending = first_carried(weeks.get(key, ()), complete)
        if first is None:  # the week not over alone
            return carried_from(key, complete, None)
        return carried_from(key, first, pending)

    def merged_lag(key: int | None, merges: list[tuple[int, int]]) -> Lag | None:
        """A unit's lag where merged units' held gifts came in: each merge's, as one week of their givers
        just before the merge's (or the week not over, where the period ends before it), taken in with the
        unit's own weeks by the same rule (decision 0711)."""
        came: list[tuple[float, int, Collection[int]]] = []
        for held_key, week_no in merges:
            first, pending = first_carried(weeks.get(held_key, ()), complete)
            if first is not None:  # what the merged unit still held
                came.append((min(week_no, complete) - 0.5, held_key, pending))
        own = [(float(week_no), people) for week_no, people in weeks.get(key, ())]
        first, pending = first_carried([*own, *((at, people) for at, _, people in came)], complete)
        if first is None:
            return carried_from(key, complete, None)
        sums = {"money": 0, "goods": 0}
        rows = sorted(week_no for one, week_no in after if one == key and week_no >= first)
        if rows:  # the unit's own gifts from `first` on: the sums of its first row since
            _, _, _, money, goods = after[key, rows[0]]
            sums = {"money": money or 0, "goods": goods or 0}
        for at, held_key, _ in came:
            if at >= first:
                holding.add(key)  # the confirmed line holds them too while the year does (0722)
                _, _, _, money, goods = after[held_key, min(w for one, w in after if one == held_key)]
                sums = {"money": sums["money"] + (money or 0), "goods": sums["goods"] + (goods or 0)}
        through = local_date(_WEEKS_FROM + timedelta(weeks=math.ceil(first)) - timedelta(microseconds=1))
        return Lag(through if through.year >= year else None, sums, len(pending))

    holding: set[int | None] = set()  # the units merged into whose year still holds a merge's gifts
    for unit_id, figures in units.items():
        figures.lag = lag(unit_id)
    if outside is not None:
        outside.lag = lag(_NO_UNIT)
    if held or moved:
        await _weeks_less_held(
            session,
            org_id,
            year,
            period,
            units,
            [*held.values(), *moved.values()],
            bool(donors),
            bool(reversed_),
            holding,
            names,
        )
    if earlier is not None:
        for key, week_no in after:
            if key is None and (found := carried_from(None, week_no, None)) is not None:
                earlier[found.through] = found
    return lag(None)


async def _weeks_less_held(
    session: AsyncSession,
    org_id: int,
    year: int,
    period: Period,
    units: Mapping[int, UnitFigures],
    held: Collection[tuple[int, int, list[int]]],
    donors: bool,
    reversed_: bool,
    holding: Collection[int | None] = (),
    names: Mapping[int, list[str]] | None = None,
) -> None:
    """Set `less_held` on each unit read with its trend that merges brought gifts into (`held`: each merge's
    unit merged into, week and gifts, held or released, from its audit row, decisions 0711, 0745): its week
    and its trend as the ledger's pass reads them less those gifts, what a leader without the ledger's rights
    reads: the weeks before the merge as her digests said them, not the merged unit's gifts added to them
    (decisions 0717, 0745); and, for a unit whose year still holds a merge's gifts (`holding`), its confirmed
    and waiting sums less them too, else the ledger's own (decision 0722). The pass once more, over those
    units alone, only where such a gift falls in the trend's weeks or the unit's year still holds one
    (decision 0744). Its `name`: the units merged in with held gifts (`names`), said on a line of their own
    in the roll-up while the year holds them (`held_apart`, decision 0754)."""
    read = {unit_id: one for unit_id, one in units.items() if isinstance(one, UnitFigures) and one.weekly_vnd}
    targets = sorted({target for target, _, _ in held} & set(read))
    if not targets:
        return
    trend_weeks = len(read[targets[0]].weekly_vnd)
    first = _week_bounds(period, trend_weeks)[0][0]
    # a gift held was given before its merge's week: an id SQLite gave again to a later gift is not held;
    # left out where it falls in the trend's weeks, or where the year still holds it, however long ago the
    # merge was: else the confirmed line took it back once the merge's week left the chart's six (0744)
    cut = [
        (target, ids, (_WEEKS_FROM + timedelta(weeks=week_no)).astimezone(UTC))
        for target, week_no, ids in held
    ]
    given = [
        and_(Contribution.id.in_(ids), Contribution.created_at < starts)
        for target, ids, starts in cut
        if target in targets and (starts > first or target in holding)
    ]
    if not given:
        return
    statement, values = _ledger_pass(
        org_id,
        year=year,
        period=period,
        drive=None,
        trend_weeks=trend_weeks,
        donors=donors,
        reversed_=reversed_,
    )
    named = names or {}
    less = {unit_id: UnitFigures(unit_id, ", ".join(named.get(unit_id, ()))) for unit_id in targets}
    for figures in less.values():
        _begin_trend(figures, trend_weeks)
    found = statement.where(Contribution.unit_id.in_(targets), ~or_(*given))
    for (  # the pass's columns, named as `unit_figures` reads them
        unit_id,
        kind,
        vnd_sum,
        _days_sum,
        week_vnd,
        _week_days,
        confirmed,
        _confirmed_days,
        _waiting,
        _drive_vnd,
        _drive_days,
        _givers,
        _drive_givers,
        _unvalued_total,
        _unvalued_week,
        _unvalued_waiting,
        *after,
    ) in await session.execute(found, values):
        if kind != "labour":
            less[unit_id].week[kind] += week_vnd or 0
            _add_weeks(less[unit_id], kind, after, trend_weeks)
            less[unit_id].confirmed_vnd += confirmed or 0  # the year's, as `unit_figures` reads them
            less[unit_id].waiting_vnd += (vnd_sum or 0) - (confirmed or 0)
    for unit_id, figures in less.items():
        if unit_id not in holding:  # released: the year says them, and so does the confirmed line
            figures.confirmed_vnd = read[unit_id].confirmed_vnd
            figures.waiting_vnd = read[unit_id].waiting_vnd
        read[unit_id].less_held = figures


def as_read(actor: Actor | None, org_id: int, unit: UnitFigures) -> UnitFigures:
    """`unit` with its week and its trend as `actor` reads them: less the gifts a merge brought into it held
    (`less_held`) where he may not read its running money (`access.may_see_running_money`), the weeks before
    the merge as its digests said them, and its confirmed line while its year holds them; whole to its
    treasurers, officers and admins (decisions 0717, 0722)."""
    less = unit.less_held
    if less is None or may_see_running_money(actor, org_id, unit.unit_id):
        return unit
    return replace(
        unit,
        week={**unit.week, "money": less.week["money"], "goods": less.week["goods"]},
        week_kind_people=less.week_kind_people,
        weekly_waiting_givers=less.weekly_waiting_givers,
        week_other_year_people=less.week_other_year_people,
        weekly_other_year_people=less.weekly_other_year_people,
        weekly_vnd=less.weekly_vnd,
        weekly_kind_people=less.weekly_kind_people,
        confirmed_vnd=less.confirmed_vnd,
        waiting_vnd=less.waiting_vnd,
        less_held=None,
    )


def held_apart(
    actor: Actor | None, org_id: int, units: Iterable[UnitFigures]
) -> tuple[list[UnitFigures], list[UnitFigures]]:
    """The roll-up's units as `actor` reads their lines, and the gifts merges brought held into them, each
    unit's on a line of its own (decision 0754). Where he may not read a unit's running money and its year
    still holds such gifts (`as_read`), its line says its confirmed and waiting sums less them, and they are
    said apart under the merged units' names, counted as one giver's (the fewest they can be), so that they
    are pooled by 0304's rule as the merged unit's money was: else, the pool dissolved with the merged unit,
    the unit's line less last Monday's, or the pool's less its partner's, was the merged unit's gift. Their
    weeks and years stay the unit's, as the organisation's figures count them."""
    lines: list[UnitFigures] = []
    apart: list[UnitFigures] = []
    for unit in units:
        read = as_read(actor, org_id, unit)
        confirmed, waiting = unit.confirmed_vnd - read.confirmed_vnd, unit.waiting_vnd - read.waiting_vnd
        if unit.less_held is None or not (confirmed or waiting):
            lines.append(unit)
            continue
        lines.append(replace(unit, confirmed_vnd=read.confirmed_vnd, waiting_vnd=read.waiting_vnd))
        apart.append(
            UnitFigures(
                -unit.unit_id,
                unit.less_held.name,
                confirmed_vnd=confirmed,
                waiting_vnd=waiting,
                money_givers=1,
                weekly_vnd=[0] * len(unit.weekly_vnd),
            )
        )
    return lines, apart


async def held_gifts(session: AsyncSession, org_id: int, unit_id: int, now: datetime) -> dict[str, Any]:
    """For a merge's audit row (empty where nothing is held): the unit's gifts of money and goods its
    leader's year does not say yet at `now`, given before the week `now` falls in, each campaign year's
    (`carried_gifts`), with those held in units merged into it earlier (`held`), the rest of those years'
    gifts given before that week, said to its leader already (`moved`), and the week of `now` (`held_week`):
    what a merge keeps held in the unit it goes into, and what it brings said (`units.merge_units`,
    decisions 0711, 0745)."""
    week_starts = (_WEEKS_FROM + timedelta(weeks=_week_of(now))).astimezone(UTC)
    mine = and_(
        Contribution.unit_id == unit_id,
        Contribution.kind.in_(("money", "goods")),
        Contribution.status != "rejected",
        Contribution.created_at < week_starts,
    )
    since = now - timedelta(weeks=HELD_WEEKS + 1)
    recent = select(Contribution.year).where(mine, Contribution.created_at >= since).distinct()
    years = sorted(await session.scalars(recent))
    found: set[int] = set()
    # those years' gifts given before the week, in one read: what is not held of them is `moved` below
    moved = set(await session.scalars(select(Contribution.id).where(mine, Contribution.year.in_(years))))
    for year in years:
        unit = UnitFigures(unit_id, "")  # only its `lag` is read, as the year's report reads it
        period = Period(starts=now, ends=now)
        await carried_gifts(session, org_id, year=year, period=period, units={unit_id: unit})
        if unit.lag is None:
            continue
        after = (
            []
            if unit.lag.through is None
            else [
                Contribution.created_at
                >= datetime.combine(unit.lag.through + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC)
            ]
        )
        found.update(
            await session.scalars(select(Contribution.id).where(mine, Contribution.year == year, *after))
        )
    # and what merges into it brought held: kept held (later, never sooner), never released by a second merge
    for _, target, details in await session.execute(_MERGES, {"org": org_id}):
        if target == unit_id:
            found.update(int(one) for one in details.get("held") or ())
    # the rest of its gifts, said to its leader already: a unit of their own in the unit it goes into, so that
    # they join its year at once without counting among its weeks' givers (decision 0745)
    moved -= found
    kept = {"held": sorted(found)} if found else {}
    if moved:
        kept["moved"] = sorted(moved)
    return {**kept, "held_week": _week_of(now)} if kept else {}


async def unit_figures(
    session: AsyncSession,
    org_id: int,
    *,
    campaign_id: int | None,
    year: int,
    period: Period,
    drive: Drive | None = None,
    names_for: Collection[int] = (),
    trend_weeks: int = 6,
    beside: Iterable[RegistrationYear] = (),
    ledger: Callable[[], Awaitable[Rows]] | None = None,
    outside: UnitFigures | None = None,
    names_of: RegistrationYear | None = None,
) -> dict[int, UnitFigures]:
    """Every unit's figures in a few grouped queries; the names of people not yet registered only for the
    units in `names_for` (pass them only where the organisation allows names), for the campaign year or
    `names_of` (`Context.named_year`: next year's in December, decision 0972); who registered for the years
    `beside` the campaign year (`UnitFigures.years`), read with the campaign year's in the same queries.
    `ledger`: the rows of a `ledger_pass` started with the same arguments, where the caller reads more
    meanwhile; without it, the pass is started here. `outside`: given, it takes the ledger's figures of the
    gifts of no unit (the head's, the office's: people of the organisation in none), which are the
    organisation's as its statement counts them (the roll-up's, decision 0388)."""
    if ledger is None:
        async with ledger_pass(
            session, org_id, year=year, period=period, drive=drive, trend_weeks=trend_weeks
        ) as rows:
            return await _unit_figures(
                session, org_id, campaign_id, year, period, names_for, trend_weeks, beside, rows, outside,
                names_of,
            )  # fmt: skip
    return await _unit_figures(
        session, org_id, campaign_id, year, period, names_for, trend_weeks, beside, ledger, outside, names_of
    )


async def _people_of_no_unit(
    connection: AsyncConnection, org_id: int, year: int, read: list[tuple[int, int]], outside: UnitFigures
) -> None:
    """Who of the organisation's people of no unit (the head, the office: a few) took part, into `outside`,
    counted as the units' kept counts count theirs: at work, donors aside, registered for the years `read`
    (the campaign year first), gave in `year` (their gifts standing, `PersonGifts`): the organisation's
    participation takes them in as its money does (decisions 0388, 0412)."""
    registered = [
        select(Commitment.id)
        .where(
            Commitment.person_id == Person.id, Commitment.campaign_id == campaign, Commitment.year == in_year
        )
        .exists()
        for campaign, in_year in read
    ]
    gave = (
        select(PersonGifts.person_id)
        .where(PersonGifts.person_id == Person.id, PersonGifts.year == year, PersonGifts.gifts > 0)
        .exists()
    )
    for kind, has_given, now, *beside in await connection.execute(
        select(Person.kind, gave, *registered).where(
            Person.org_id == org_id,
            Person.unit_id.is_(None),
            Person.kind != "donor",
            Person.left_on.is_(None),
        )
    ):
        took_part = int(bool(now or has_given))
        if kind == "household":
            outside.households += 1
            outside.households_registered += int(bool(now))
            outside.households_gave += int(bool(has_given))
            outside.households_took_part += took_part
        else:
            outside.people += 1
            outside.registered += int(bool(now))
            outside.gave += int(bool(has_given))
            outside.took_part += took_part
        for (_campaign, in_year), was in zip(read[1:], beside, strict=True):
            if was:
                one = YearRegistrations(households=1) if kind == "household" else YearRegistrations(people=1)
                outside.years[in_year] = outside.years.get(in_year, YearRegistrations()) + one


@lru_cache(maxsize=8)
def _units_statement(years: int) -> Select[Any]:
    """Each unit of the organisation with its kept counts and who registered for `years` campaign years (the
    campaign year first, then the years beside it), one row per unit, its values bound when it runs
    (`org`, `campaign_<n>`, `year_<n>`): built once per number of years, as building it cost more than
    running it (decision 0317)."""
    read = [
        (
            bindparam(f"campaign_{n}", type_=UnitRegistrations.campaign_id.type),
            bindparam(f"year_{n}", type_=UnitRegistrations.year.type),
        )
        for n in range(years)
    ]

    def kept(campaign: Any, in_year: Any) -> ColumnElement[bool]:
        return and_(UnitRegistrations.campaign_id == campaign, UnitRegistrations.year == in_year)

    this_year = kept(*read[0])
    registrations = (
        select(
            UnitRegistrations.unit_id,
            # of the campaign year's registrations, those whose person also gave in the year (decision 0174)
            func.sum(UnitRegistrations.gave).filter(this_year).label("gave"),
            func.sum(UnitRegistrations.households_gave).filter(this_year).label("households_gave"),
            *(
                func.sum(counted).filter(kept(campaign, in_year)).label(f"{label}_{n}")
                for n, (campaign, in_year) in enumerate(read)
                for label, counted in (
                    ("registered", UnitRegistrations.registered),
                    ("households", UnitRegistrations.households),
                )
            ),
        )
        .where(or_(*(kept(campaign, in_year) for campaign, in_year in read)))
        .group_by(UnitRegistrations.unit_id)
        .subquery()
    )
    return (
        select(
            Unit.id,
            Unit.name,
            Unit.block,
            UnitTally.people,
            UnitTally.households,
            UnitGivers.givers,
            UnitGivers.households,
            *(column for column in registrations.c if column.name != "unit_id"),
        )
        .outerjoin(UnitTally, UnitTally.unit_id == Unit.id)
        .outerjoin(UnitGivers, (UnitGivers.unit_id == Unit.id) & (UnitGivers.year == read[0][1]))
        .outerjoin(registrations, registrations.c.unit_id == Unit.id)
        .where(Unit.org_id == bindparam("org", type_=Unit.org_id.type))
    )


async def _away_apart(
    connection: AsyncConnection,
    org_id: int,
    campaign_id: int | None,
    year: int,
    today: date,
    units: dict[int, UnitFigures],
) -> None:
    """Each unit's people away on long leave on `today`: taken out of its people, and those of them who
    took part in `year` (registered for it, or gave in it) out of who took part, registered and gave,
    counted apart (`UnitFigures.away`), so that a leader reads “12 of 37” and “3 on long leave”, not “15 of
    40 have not taken part” (decision 0740). All of them alike, whatever they did: one away who gives moves
    no count, where her leaving the away line the week the unit's money grew told a leader it was her gift
    (decision 0764). Few rows: those away."""
    gave = (
        select(PersonGifts.person_id)
        .where(PersonGifts.person_id == Person.id, PersonGifts.year == year, PersonGifts.gifts > 0)
        .exists()
    )
    registered = (
        select(Commitment.id)
        .where(
            Commitment.person_id == Person.id, Commitment.campaign_id == campaign_id, Commitment.year == year
        )
        .exists()
        if campaign_id is not None
        else false()
    )
    away = (
        select(
            Person.unit_id,
            func.count(),
            func.count().filter(registered),
            func.count().filter(gave),
            func.count().filter(or_(registered, gave)),
            func.count().filter(Person.away_reason == "training"),
        )
        .where(
            Person.org_id == org_id,
            Person.unit_id.is_not(None),
            counted_away(today),
        )
        .group_by(Person.unit_id)
    )
    for unit_id, count, of_registered, of_gave, of_took_part, training in await connection.execute(away):
        figures = units.get(unit_id)
        if figures is not None:
            figures.away = count
            figures.training = training
            figures.people -= count
            figures.registered -= of_registered
            figures.gave -= of_gave
            figures.took_part -= of_took_part


async def _unit_figures(
    session: AsyncSession,
    org_id: int,
    campaign_id: int | None,
    year: int,
    period: Period,
    names_for: Collection[int],
    trend_weeks: int,
    beside: Iterable[RegistrationYear],
    ledger: Callable[[], Awaitable[Rows]],
    outside: UnitFigures | None = None,
    names_of: RegistrationYear | None = None,
) -> dict[int, UnitFigures]:
    # The ledger's pass, started before, is read last: every other statement here runs meanwhile.
    # Plain column queries, run on the session's connection (what the session held was written out when the
    # ledger's pass started): the ORM has nothing to load here.
    connection = await session.connection()
    # Each unit with its people and, among them, those registered this year and those who gave in it (and of
    # the registered, those who gave too), households apart: counts kept by the database as people, gifts and
    # registrations come, go, move and change kind (migrations 0014, 0017 and 0039, docs/decisions/0036, 0046
    # and 0174), not counted here. The kept counts take in every record, households too.
    # The years beside the campaign year (the year just ended, next year) in the same query: a column pair per
    # year, each summing the one row of its campaign and year, so still one row per unit.
    others = [(other.campaign_id, other.year) for other in beside if other.year != year]
    read = [(campaign_id or -1, year), *others]

    def kept(found: Any, campaign: int, in_year: int) -> ColumnElement[bool]:
        return and_(found.campaign_id == campaign, found.year == in_year)

    values = {"org": org_id, **{f"campaign_{n}": c for n, (c, _y) in enumerate(read)}}
    values.update({f"year_{n}": in_year for n, (_c, in_year) in enumerate(read)})
    rows = await connection.execute(_units_statement(len(read)), values)
    units: dict[int, UnitFigures] = {}
    for unit_id, name, block, records, households, givers, giving_households, gave, gave_h, *counts in rows:
        households, givers, giving_households = households or 0, givers or 0, giving_households or 0
        # every record registered, and the households among them, for each year read
        by_year = [(int(a or 0), int(b or 0)) for a, b in zip(counts[::2], counts[1::2], strict=True)]
        (registered, registered_households), *beside_counts = by_year
        # who took part: registered, or gave in the year; who did both counted once; people are every record
        # less the households
        both, both_households = int(gave or 0), int(gave_h or 0)
        people_took_part = (registered + givers - both) - (
            registered_households + giving_households - both_households
        )
        units[unit_id] = UnitFigures(
            unit_id,
            name,
            people=(records or 0) - households,
            registered=registered - registered_households,
            households=households,
            households_registered=registered_households,
            gave=givers - giving_households,
            took_part=people_took_part,
            households_gave=giving_households,
            households_took_part=registered_households + giving_households - both_households,
            block=block,
            years={
                in_year: YearRegistrations(every - among, among)
                for (_campaign, in_year), (every, among) in zip(others, beside_counts, strict=True)
            },
        )
    await _away_apart(connection, org_id, campaign_id, year, local_date(period.ends), units)
    if campaign_id is not None:
        # Each unit's collective registration, with its money items' targets added up (none: 0); for the
        # years beside, only whether there is one.
        collective = (
            select(
                Commitment.unit_id,
                Commitment.year,
                func.sum(CommitmentItem.target).filter(Criterion.measure == "money"),
            )
            .outerjoin(CommitmentItem, CommitmentItem.commitment_id == Commitment.id)
            .outerjoin(Criterion, Criterion.id == CommitmentItem.criterion_id)
            .where(
                or_(*(kept(Commitment, campaign, in_year) for campaign, in_year in read)),
                Commitment.person_id.is_(None),
                Commitment.unit_id.is_not(None),
            )
            .group_by(Commitment.unit_id, Commitment.year)
        )
        for unit_id, in_year, target in await connection.execute(collective):
            figures = units.get(unit_id)
            if figures is None:
                continue
            if in_year == year:
                figures.collective_registered = True
                figures.collective_target_vnd = int(target or 0)
            else:
                figures.years[in_year] += YearRegistrations(units=1)
    # Of what was confirmed in the year, what donors from outside the organisation gave (decision 0083): in
    # the unit's money, never among its people. Donors are few and belong to no unit: found first (by the
    # index on the unit), their entries are then read by the index on the giver, not in another pass over the
    # ledger (and not at all where the organisation has none).
    donors = (
        await connection.scalars(
            select(Person.id).where(Person.unit_id.is_(None), Person.org_id == org_id, Person.kind == "donor")
        )
    ).all()
    if donors:
        from_donors = (
            select(Contribution.unit_id, _total(Contribution.amount_vnd))
            .where(
                Contribution.person_id.in_(donors),
                Contribution.kind != "labour",
                Contribution.status == "confirmed",
                Contribution.created_at < period.ends,
                Contribution.year == year,
            )
            .group_by(Contribution.unit_id)
        )
        for unit_id, given in await connection.execute(from_donors):
            if unit_id in units:
                units[unit_id].from_donors_vnd = given or 0
    # Of the entries waiting, those no treasurer may confirm: none covers the unit but who gave or recorded
    # them (docs/decisions/0074). In a unit no treasurer covers, every one; in one that one or two cover,
    # those given or recorded by them, judged by the rule; three or more always leave another. Labour days
    # an officer covering the unit may confirm too (docs/decisions/0434): judged with her.
    deciders = deciders_of(await connection.execute(deciders_query(org_id)))
    with_officers = deciders.labour or deciders
    few = [
        unit_id
        for unit_id in units
        if 0 < len(deciders.of(unit_id)) <= 2
        or (not deciders.of(unit_id) and 0 < len(with_officers.of(unit_id)) <= 2)
    ]
    if few:
        named = sorted(with_officers.org_wide.union(*with_officers.by_unit.values()))
        theirs = (
            select(
                Contribution.unit_id,
                Contribution.person_id,
                Contribution.recorded_by,
                Contribution.kind,
                func.count(),
            )
            .where(
                Contribution.org_id == org_id,
                Contribution.status == "recorded",
                Contribution.created_at < period.ends,  # as the waiting entries above are counted
                Contribution.unit_id.in_(few),
                or_(Contribution.person_id.in_(named), Contribution.recorded_by.in_(named)),
            )
            .group_by(
                Contribution.unit_id, Contribution.person_id, Contribution.recorded_by, Contribution.kind
            )
        )
        for unit_id, giver, recorder, kind, count in await connection.execute(theirs):
            if not deciders.of(unit_id) and kind != "labour":
                continue  # counted with all the unit's waiting entries, below
            if deciders.nobody_but(unit_id, giver, recorder, kind):
                units[unit_id].unattended += count
                units[unit_id].unattended_labour += count if kind == "labour" else 0
    if campaign_id is not None:
        # What the unit's people and the unit itself recorded as done toward the items that are not money.
        results = _results_by_item(period, campaign_id, year, org_id=org_id)
        for unit_id, title, in_week, in_year in await connection.execute(*results):
            if unit_id in units:
                units[unit_id].results[title] = (int(in_week or 0), int(in_year or 0))
    # the longest waiting of the entries counted waiting below, as they are counted: how long it has waited
    # is said with their count, “chờ từ 02/12/2026” (decision 1689)
    oldest = (
        select(Contribution.unit_id, func.min(Contribution.created_at))
        .where(
            Contribution.org_id == org_id,
            Contribution.status == "recorded",
            Contribution.created_at < period.ends,
        )
        .group_by(Contribution.unit_id)
    )
    for unit_id, since in await connection.execute(oldest):
        figures = units.get(unit_id) if unit_id is not None else outside
        if figures is not None:
            figures.waiting_since = since
    reminders = {"org": org_id, "starts": period.starts, "ends": period.ends}
    for unit_id, sent, acted in await connection.execute(_REMINDERS, reminders):
        if unit_id in units:
            units[unit_id].reminders_sent, units[unit_id].reminders_acted = sent, acted
    shown = sorted(set(names_for or ()) & units.keys())
    if shown and campaign_id is not None:
        # Names are read only where the organisation allows them, and only for the units whose digest is
        # being written (a unit leader's; never for the roll-up, which names nobody).
        named_campaign, named_year = (
            (names_of.campaign_id, names_of.year) if names_of is not None else (campaign_id, year)
        )
        unregistered = select(
            Person.id, Person.unit_id, Person.full_name, Person.kind, Person.position
        ).where(
            Person.org_id == org_id,
            Person.unit_id.in_(shown),
            Person.left_on.is_(None),  # who left is none of the unit's people (decision 0118)
            not_away(local_date(period.ends)),  # on long leave: counted apart (decision 0740)
            ~select(Commitment.id)
            .where(
                Commitment.person_id == Person.id,
                Commitment.campaign_id == named_campaign,
                Commitment.year == named_year,
            )
            .exists(),
        )
        found = sorted(await connection.execute(unregistered), key=lambda row: person_sort_key(row.full_name))
        # One message lists a unit's: namesakes read apart by their position, else the day they joined (a
        # unit's namesakes share their unit), read for the namesakes alone (`_names_apart`).
        same = Counter((row.unit_id, fold(row.full_name)) for row in found)
        joined = await joined_days(
            session, [row.id for row in found if same[row.unit_id, fold(row.full_name)] > 1]
        )
        for row in found:
            figures = units[row.unit_id]
            (figures.unregistered_households if row.kind == "household" else figures.unregistered).append(
                Unlisted(row.full_name, row.position, joined.get(row.id))
            )
    if outside is not None:
        await _people_of_no_unit(connection, org_id, year, read, outside)
    # The ledger's pass, read last.
    for figures in [*units.values(), *([outside] if outside is not None else [])]:
        _begin_trend(figures, trend_weeks)
    to_drive: dict[int | None, dict[str, int]] = {}  # who gave to the drive, kind by kind
    # who gave the year's money outside the drive, and to the drive for another year, kind by kind (1466),
    # and the year's outside it confirmed (1503)
    beside_drive: dict[int | None, tuple[dict[str, int], dict[str, int], dict[str, int]]] = {}
    for (
        unit_id,
        kind,
        vnd_sum,
        days_sum,
        week_vnd,
        week_days,
        confirmed,
        confirmed_days,
        waiting,
        drive_vnd,
        drive_days,
        givers,
        drive_givers,
        unvalued_total,
        unvalued_week,
        unvalued_waiting,
        *after,
    ) in await ledger():
        # the gifts of people of no unit (the head's, the office's) are the organisation's alone (0388)
        figures = units.get(unit_id) if unit_id is not None else outside
        if figures is None:
            continue
        labour = kind == "labour"
        figures.total[kind] += (days_sum if labour else vnd_sum) or 0
        figures.week[kind] += (week_days if labour else week_vnd) or 0
        figures.unvalued_total += unvalued_total or 0
        figures.unvalued_week += unvalued_week or 0
        figures.unvalued_waiting += unvalued_waiting or 0
        figures.drive_vnd += drive_vnd or 0
        figures.drive_days += drive_days or 0
        figures.drive_waiting += after[9] or 0
        if kind == "money":
            figures.drive_money_vnd += drive_vnd or 0
        figures.waiting_entries += waiting
        if labour:
            figures.waiting_labour += waiting
            figures.confirmed_days += confirmed_days or 0
        if not labour:
            # who gave money, who gave goods, in the year and to the drive (`fewest_givers`, 0304)
            figures.kind_givers[kind] = givers or 0
            _add_weeks(figures, kind, after, trend_weeks)
            to_drive.setdefault(unit_id, {})[kind] = drive_givers or 0
            for counts, count in zip(beside_drive.setdefault(unit_id, ({}, {}, {})), after[4:7], strict=True):
                counts[kind] = count or 0
            figures.waiting_kind_givers[kind] = after[7] or 0
            figures.confirmed_kind_givers[kind] = after[8] or 0
            figures.week_waiting_vnd += after[10] or 0
            figures.week_waiting_people |= _people(after[11])
            figures.waiting_kind_people[kind] = few_people(after[7], after[14], after[15])
            figures.confirmed_kind_people[kind] = few_people(after[8], after[16], after[17])
            # Statuses are recorded or confirmed here (rejected left out): waiting is the rest.
            figures.confirmed_vnd += confirmed or 0
            figures.waiting_vnd += (vnd_sum or 0) - (confirmed or 0)
    for unit_id, figures in units.items():
        # the year's money is its givers' (0304); the drive's line, of the drive's givers, and of who makes
        # the year's line less it: the year's outside the drive, the drive's of another year (decision 1466);
        # each counted as its figure is made: the drive's line and the confirmed line less it of confirmed
        # gifts, so of the givers whose gift is confirmed (decision 1503)
        figures.money_givers = givers_once(figures.kind_givers, figures.money_people)
        if drive_kinds := to_drive.get(unit_id):
            beside = beside_drive.get(unit_id, ({}, {}, {}))
            counts = (fewest_givers(drive_kinds), *map(fewest_givers, beside))
            figures.drive_givers = min((n for n in counts if n), default=0) if counts[0] else 0
    # Of the entries waiting, those of a unit no treasurer covers are all unattended (the few above added),
    # but its labour days where an officer covers it (those she gave or recorded, above).
    for unit_id, figures in units.items():
        figures.own_treasurer = bool(deciders.by_unit.get(unit_id))
        figures.own_days_decider = bool(with_officers.by_unit.get(unit_id))
        if not deciders.of(unit_id):
            others = figures.waiting_entries - (figures.waiting_labour if with_officers.of(unit_id) else 0)
            figures.unattended += others
            figures.unattended_labour += 0 if with_officers.of(unit_id) else figures.waiting_labour
    return units


async def units_awards(
    readings: Readings, org_id: int, campaign_id: int | None, context: Context
) -> UnitsStanding | None:
    """Where the units stand on the year's award proposals, as the head's reminder says it, while the units'
    award deadline is ahead (decision 0198), the units with no leader of their own named as to the head
    (`awards_read_by` words them for another reader, decision 0781), and once it has gone by, while the
    organisation's own dossier is still to go up, so that whoever sends it reads beside its day the units that
    never answered (decision 0883); None the rest of the year."""
    if campaign_id is None or not (awards_due(context) or _upward_awards_only(context)):
        return None
    standing = await units_standing(readings, org_id, campaign_id)
    if standing.unanswered is not None and _upward_awards_only(context):
        # after the units' day, beside the organisation's own: how many, the names under “Awards” (1501)
        return standing._replace(unanswered=replace(standing.unanswered, counted=True))
    return standing


def awards_read_by(awards: UnitsStanding | None, actor: Actor | None) -> UnitsStanding | None:
    """`awards` as `actor` reads them: the units with no leader of their own (or none the bot reaches, or
    all on long leave: 0782) are the head's to propose for, so a reader who does not propose for the whole
    organisation (the office, an officer) is told that the organisation's leaders do, as their reminder
    tells them (0115, 0781), and, those leaders all on long leave too, who gives the leader role to whoever
    stands in (0875), which an organisation-wide leader is not told."""
    if awards is None:
        return awards
    if proposed_units(actor) is None:  # proposes for the units named apart herself (decision 0875)
        return awards._replace(heads_away=None)
    grants = actor is not None and may_grant_role(actor, "leader", actor.org_id, None)
    return awards._replace(
        heads_away=awards.heads_away and replace(awards.heads_away, grants=grants),
        leaderless=awards.leaderless and replace(awards.leaderless, head=False),
        unreached=awards.unreached and replace(awards.unreached, head=False),
        away=awards.away and replace(awards.away, head=False),
    )


def awards_due(context: Context) -> bool:
    """The units' award deadline (a unit's leader's to act on) is among the deadlines ahead."""
    return any(d.audience == "leader" and deadline_kind(d.code) == "award" for d in context.deadlines)


def _upward_awards_only(context: Context) -> bool:
    """The organisation's own award dossier (audience "admin") is among the deadlines ahead, the units' is
    not: the roll-up's line of it then says where the units stand (decision 0883)."""
    return not awards_due(context) and any(
        d.audience == "admin" and deadline_kind(d.code) == "award" for d in context.deadlines
    )


async def award_answers(
    readings: Readings,
    org_id: int,
    campaign_id: int | None,
    context: Context,
    figures: dict[int, UnitFigures],
    units: Collection[int],
) -> None:
    """Where each of `units` stands on the year's award proposals (`UnitFigures.awards`), counted as its
    reminder counts them, while the units' award deadline is ahead (docs/decisions/0198): two queries for the
    organisation, kept in `readings` for the roll-up (`units_awards`), none at all the rest of the year.
    `readings` are of the period's last day (`Period.last_day`), the day of the context's year."""
    if campaign_id is None or not units or not awards_due(context):
        return
    lines = await readings.standing(org_id, campaign_id)
    answered = await readings.said_none(org_id, campaign_id)
    ad_hoc = await ad_hoc_of(readings, org_id, campaign_id)
    for unit_id in units:
        if unit_id in figures:
            unit = figures[unit_id]
            theirs = [line for line in lines if line.unit_id == unit_id]
            unit.awards = unit_proposed(
                unit.name, theirs, said_none=unit_id in answered, button=False, ad_hoc=ad_hoc.get(unit_id, 0)
            )


@dataclass(frozen=True)
class OwnCollective:
    """The organisation's own collective registration and results (owner "o:<org>", docs/decisions/0059):
    each item registered as (title, measure, target), in the order registered, and what stands recorded,
    criterion title → (in the period, in the year so far), in the plan's order."""

    targets: tuple[tuple[str, str, int], ...] = ()
    results: dict[str, tuple[int, int]] = field(default_factory=dict)


async def own_collective(
    session: AsyncSession, org_id: int, *, campaign_id: int | None, year: int, period: Period
) -> OwnCollective:
    """What the organisation itself registered and recorded in the campaign year (two small queries)."""
    if campaign_id is None:
        return OwnCollective()
    key = owner_key("collective", None, None, org_id=org_id)
    targets = await commitment_targets(session, campaign_id, year, key)
    rows = await session.execute(*_results_by_item(period, campaign_id, year, owner_key=key))
    return OwnCollective(
        tuple((criterion.title, criterion.measure, target) for criterion, target in targets),
        {title: (int(week or 0), int(total or 0)) for title, week, total in rows},
    )


def _results_by_item(
    period: Period, campaign_id: int, year: int, *, org_id: int | None = None, owner_key: str | None = None
) -> tuple[Select[Any], dict[str, Any]]:
    """The standing results of the campaign year recorded before the period's end, per criterion title in the
    plan's order: the quantities recorded in the period and in the year so far; the organisation's units' with
    `org_id` (first per unit), one owner's with `owner_key`. The statement and the values it runs with."""
    values = {"campaign": campaign_id, "year": year, "starts": period.starts, "ends": period.ends}
    if org_id is not None:
        return _results_statement(by_unit=True), {**values, "whose": org_id}
    return _results_statement(by_unit=False), {**values, "whose": owner_key}


@lru_cache(maxsize=2)
def _results_statement(*, by_unit: bool) -> Select[Any]:
    """`_results_by_item`'s statement, built once per shape (decision 0317). Summed first per criterion id
    (and unit), then named: grouping the results themselves by the criterion's title hashes a long text per
    result (7 → 2 ms for 10,000)."""
    when = Result.recorded_at.type
    in_period = Result.recorded_at >= bindparam("starts", type_=when)
    whose = (
        Result.org_id == bindparam("whose", type_=Result.org_id.type)
        if by_unit
        else Result.owner_key == bindparam("whose", type_=Result.owner_key.type)
    )
    by = [Result.unit_id.label("by")] if by_unit else []
    summed = (
        select(
            *by,
            Result.criterion_id,
            func.sum(Result.quantity).filter(in_period).label("in_period"),
            func.sum(Result.quantity).label("in_year"),
        )
        .where(
            Result.campaign_id == bindparam("campaign", type_=Result.campaign_id.type),
            Result.year == bindparam("year", type_=Result.year.type),
            Result.status == "standing",
            Result.recorded_at < bindparam("ends", type_=when),
            whose,
        )
        .group_by(*([Result.unit_id] if by_unit else []), Result.criterion_id)
        .subquery()
    )
    grouped = [summed.c.by] if by_unit else []
    return (
        select(*grouped, Criterion.title, func.sum(summed.c.in_period), func.sum(summed.c.in_year))
        .join(Criterion, Criterion.id == summed.c.criterion_id)
        .group_by(*grouped, Criterion.title, Criterion.position)
        .order_by(Criterion.position, Criterion.title)
    )


def _own_commitment_line(
    locale: str, own: OwnCollective, confirmed_vnd: int, *, with_waiting: bool = False
) -> str:
    """“The organisation's commitment: Ban hành kế hoạch…: đã ghi nhận; Rà soát…: 1/2 (50%); Huy động…:
    50.000.000 ₫, 40% reached with what is confirmed”: a money item against what the organisation's units
    confirmed (as a unit's commitment against the unit's), the others against the organisation's own results
    (an item counted in numbers or done once). `with_waiting`: `confirmed_vnd` is the year said, what waits
    with it, where the confirmed sum is one or two people's gift less the units' lines (decision 1746)."""
    reached = (
        translate(locale, "{target}, {percent}% reached counting what waits for confirmation")
        if with_waiting
        else translate(locale, "{target}, {percent}% reached with what is confirmed")
    )
    items = []
    for title, measure, target in own.targets:
        done = own.results.get(title, (0, 0))[1]
        if measure == "money":
            value = reached.format(
                target=format_vnd(target, locale),
                percent=min(999, confirmed_vnd * 100 // target) if target else 0,
            )
        elif measure == "yes_no":
            value = translate(locale, "recorded") if done else translate(locale, "not recorded yet")
        elif measure == "count" and target:
            value = f"{format_number(done, locale)}/{format_number(target, locale)} ({done * 100 // target}%)"
        else:
            value = format_number(target, locale)
        items.append(f"{title}: {value}")
    return translate(locale, "The organisation's commitment: {items}").format(items="; ".join(items))


async def drive_spending(session: AsyncSession, drive: Drive | None, period: Period) -> Balance | None:
    """What the running drive paid out to hardship cases delivered by the period's last day, and the money
    it handed over to the Fund of the level above by then (decision 0108), as its own screen and statement
    count them (bot.domain.spending, docs/decisions/0094), for the roll-up: one query each, by the drive's
    index; the `Balance` without its receipts. None without a drive or before it paid out, handed over or
    had a pack's money held by an officer (decision 1286; goods and labour days alone say nothing here). What
    it has left is its money received (`UnitFigures.drive_money_vnd`, read in the pass over the ledger, as the
    drive's screen counts it) less these."""
    if drive is None:
        return None
    last_day = period.last_day
    spent = await spent_of(  # a pack put back after the period's last day was held on it (decision 1324)
        session, *from_drive(drive.id), CaseSupport.delivered_on <= last_day, until=last_day
    )
    handed = await handed_of(session, *handed_from_drive(drive.id), Remittance.remitted_on <= last_day)
    # a pack an officer holds to hand over later is money out of the drive too (decisions 1210, 1286)
    out = spent.totals.money or spent.kept.money or handed
    return Balance(StatementTotals(), spent, handed=handed) if out else None


def _week_bounds(period: Period, weeks: int) -> list[tuple[datetime, datetime]]:
    """The last `weeks` weeks before the period's end (the chart's trend), oldest first, as [starts, ends):
    whole local days, the last ending with the period's last day. /baocao asked at 08:00 counts its 7 days
    from midnight to now; weeks cut at 08:00 left a gift of 09:00 on the day before them out of both its week
    and the week before (“tuần trước: 0 ₫”), and its own week was not the trend's last (decision 0537)."""
    ends = datetime.combine(period.last_day + timedelta(days=1), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    first = ends - timedelta(days=7 * weeks)
    return [(first + timedelta(days=7 * n), first + timedelta(days=7 * (n + 1))) for n in range(weeks)]


# -------------------------------------------------------------------------------------------------------
# When, and for whom


@dataclass(frozen=True)
class DigestTime:
    weekday: int
    at: time
    show_names: bool


async def digest_time(session: AsyncSession, org_id: int, settings: Settings) -> DigestTime:
    """The organisation's digest weekday and time (else the settings' default) and its names setting."""
    own = await session.get(OrgSchedule, org_id)
    weekday = own.digest_weekday if own else settings.digest_weekday
    hour, minute = (int(part) for part in (own.digest_time if own else settings.digest_time).split(":"))
    return DigestTime(weekday, time(hour, minute), bool(own and own.show_names))


def last_due(when: DigestTime, now: datetime) -> datetime:
    """The latest digest time at or before `now` (UTC)."""
    local = now.astimezone(LOCAL_TZ)
    day = local.date() - timedelta(days=(local.weekday() - when.weekday) % 7)
    due = datetime.combine(day, when.at, tzinfo=LOCAL_TZ)
    if due > local:
        due -= timedelta(days=7)
    return due.astimezone(UTC)


def sent_at(due: datetime, settings: Settings, days_off: DaysOff) -> datetime:
    """When the digest due at `due` (UTC) goes: then, unless its day is a holiday (`holiday`: Tết's
    Mùng 3 on a Monday, 2/9, one of the organisation's own), then at its time on the next working day after
    it, still counting the week before its own day (docs/decisions/0613). A weekday the organisation chose
    that is only a weekend day (its Saturday digest) keeps its day."""
    local = due.astimezone(LOCAL_TZ)
    day = local.date()
    if not holiday(day, settings, days_off):
        return due
    while day_off(day, settings, days_off):
        day += timedelta(days=1)
    return datetime.combine(day, local.timetz()).astimezone(UTC)


def next_digest_on(when: DigestTime, now: datetime, settings: Settings, days_off: DaysOff) -> date:
    """The day (local) the organisation's next digest goes on, today's if it goes today, before or after its
    hour: its weekday, or the working day a holiday moved it to (`sent_at`). /baocao tells a pool on that day
    only, and between two digests names it for the units' money (decisions 0879, 0931)."""
    due = last_due(when, now)
    today = now.astimezone(LOCAL_TZ).date()
    days = (
        sent_at(one, settings, days_off).astimezone(LOCAL_TZ).date() for one in (due, due + timedelta(days=7))
    )
    return min(day for day in days if day >= today)


# The most weeks a digest reaches back over digests a break held until its day (a school's summer off).
HELD_WEEKS = 53


def counted(due: datetime, settings: Settings, days_off: DaysOff) -> Period:
    """The days the digest due at `due` counts: the week before its day (`week_before`), and before it the
    weeks of the digests before it that a holiday held until its own day or later (`sent_at`): a Thursday
    digest due on 4/2/2027, Tết's first day off, would go on Thursday 11/2, when the next one is due and goes
    instead; that one counts 28/1–10/2, so that the week before Tết is in a digest (docs/decisions/0619)."""
    period = week_before(due)
    starts, earlier = period.starts, due - timedelta(days=7)
    for _week in range(HELD_WEEKS):
        if sent_at(earlier, settings, days_off) < earlier + timedelta(days=7):
            break  # it went before the next one was due
        starts, earlier = week_before(earlier).starts, earlier - timedelta(days=7)
    return Period(starts, period.ends)


def since_looked(
    period: Period, due: datetime, looked_last: datetime, settings: Settings, days_off: DaysOff
) -> Period:
    """`period`, the days the digest due at `due` counts, reaching back over the digests due before it while
    the bot was down (due after `looked_last`, when the job last ran): a bot stopped from 8/12 to Tuesday
    22/12 writes one digest, late, of 07/12–20/12, so the week of the Monday it missed first is in a digest
    too, and its line says the days (decision 2538). At most HELD_WEEKS back."""
    starts, earlier = period.starts, due - timedelta(days=7)
    for _week in range(HELD_WEEKS):
        if sent_at(earlier, settings, days_off) <= looked_last:
            break  # the job looked at that one while due: written then, or not for its own reasons
        starts, earlier = week_before(earlier).starts, earlier - timedelta(days=7)
    return Period(min(starts, period.starts), period.ends)


def missed(looked_last: datetime | None, goes: datetime) -> TypeGuard[datetime]:
    """Whether the bot was down when the digest going at `goes` was due: the job last looked (`looked_last`)
    before it went. A job that never looked missed nothing (a new database), so where it missed, the time it
    looked is known (a type guard: `since_looked` takes it)."""
    return looked_last is not None and looked_last < goes


def digest_days(
    due: datetime,
    looked_last: datetime | None,
    settings: Settings,
    days_off: DaysOff,
    period: Period | None = None,
) -> Period:
    """The days the digest due at `due` counts, as Monday's job writes it and /baocao says it beside its own
    (decision 2665): its week and those a holiday held (`period`, `counted` where not given), and, where the
    job `missed` it, the weeks of the digests due since it looked (`since_looked`, decision 2538)."""
    period = period or counted(due, settings, days_off)
    if not missed(looked_last, sent_at(due, settings, days_off)):
        return period
    return since_looked(period, due, looked_last, settings, days_off)


def held_since(due: datetime, goes: datetime, period: Period) -> date | None:
    """The day the first digest a holiday held was due, where one was: this one (due on Mùng 3, going at
    `goes`), or one before it that goes with it, its days in `period` (`counted`, decision 0619); its line
    says so (`_held_said`, 0662). Asked alike by the job and for one turned on again after its day (2612)."""
    if period.starts < week_before(due).starts:
        return local_date(period.starts) + timedelta(days=7)  # the first digest held
    return local_date(due) if goes > due else None


def _under_header(text: str, line: str) -> str:
    """`text` with `line` put under its first line, the header."""
    header, _, rest = text.partition("\n")
    return f"{header}\n{line}\n{rest}" if rest else f"{header}\n{line}"


def _held_said(text: str, locale: str, due_on: date, period: Period) -> str:
    """A digest a holiday held (Tết's Mùng 3 on its Monday: `sent_at`), with a line under its header saying
    why it comes late and which days it counts (docs/decisions/0662)."""
    line = translate(
        locale, "Sent after the holiday (it was due on {due}); it counts {starts} – {ends}."
    ).format(
        due=format_date(due_on, locale),
        starts=format_date(local_date(period.starts), locale),
        ends=format_date(period.last_day, locale),
    )
    return _under_header(text, line)


def _late_said(text: str, locale: str, period: Period) -> str:
    """A digest the bot was down for when it was due, written on a later day, with a line under its header
    saying why it comes late and which days it counts (decision 2455)."""
    line = translate(
        locale, "Sent late, as Chung Tay was stopped when it was due (on {due}); it counts {starts} – {ends}."
    ).format(
        due=format_date(period.last_day + timedelta(days=1), locale),
        starts=format_date(local_date(period.starts), locale),
        ends=format_date(period.last_day, locale),
    )
    return _under_header(text, line)


class SentDigest(NamedTuple):
    """The weekly digest that went last: the day it went (local), the days it counts, and whether it went
    on the day it is read; `due`, when it was due (its outbox rows' week); `reached`, whether it went to the
    reader (`as_it_reached`, decision 1811)."""

    on: date
    period: Period
    today: bool
    due: datetime | None = None
    reached: bool = True


def last_weekly_digest(
    when: DigestTime, now: datetime, settings: Settings, days_off: DaysOff, period: Period
) -> SentDigest | None:
    """The weekly digest that went last, where `period` (/baocao's) is seven days through today and that
    digest went in them: asked at 8:30 on Monday, /baocao read 01/12–07/12 where the digest an hour before
    read 30/11–06/12, both “Bản tin tuần”, nothing saying why their figures differ (decision 1691); on
    Tuesday the same, 02/12–08/12 (decision 1731). None otherwise: before the week's went, the one before
    is a week old and /baocao shares none of its days."""
    today = local_date(now)
    if not (_weekly(period) and period.last_day == today):
        return None
    due = last_due(when, now)
    went = sent_at(due, settings, days_off)
    if went > now:  # a holiday holds this week's: the one before, if it went
        due -= timedelta(days=7)
        went = sent_at(due, settings, days_off)
    if went > now or local_date(went) <= today - timedelta(days=7):
        return None
    return SentDigest(local_date(went), counted(due, settings, days_off), local_date(went) == today, due)


async def as_it_reached(
    session: AsyncSession,
    org_id: int,
    person_id: int,
    digest: SentDigest | None,
    today: date,
    settings: Settings,
    days_off: DaysOff,
) -> SentDigest | None:
    """`digest` (`last_weekly_digest`, worked out from the schedule) as it went to `person_id`, read from the
    outbox: the day it was sent to her (a morning the bot was down, the day after); not `reached` where none
    of hers was sent (she blocked the bot, the messenger refused it, it still waits); None where none was
    written for her (she read no digest then): there is nothing to tell apart. /baocao said “the digest sent
    on 07/12” to a reader it never reached (decision 1811). Its days are those it counted when written
    (`digest_days`): written late after two weeks down, 07/12–20/12, not its own week alone (decision 2665),
    as its row keeps them (`counts_from`, decision 2730); one written before 0064 keeps none: the job last
    looked, as the outbox tells it, when the organisation's digests before it were written."""
    if digest is None or digest.due is None:
        return digest
    week = local_week(digest.due)
    rows = (
        await session.execute(
            select(
                OutboxMessage.status,
                OutboxMessage.sent_at,
                OutboxMessage.created_at,
                OutboxMessage.counts_from,
            ).where(
                OutboxMessage.key.like(f"digest:{org_id}:{week}:{person_id}:%"),
                OutboxMessage.key.not_like("%:chart"),
            )
        )
    ).all()
    if not rows:
        return None
    starts = min((day for *_row, day in rows if day is not None), default=None)
    if starts is not None:  # the days it counted, written with it (decision 2730)
        begins = datetime.combine(starts, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
        digest = digest._replace(period=Period(begins, week_before(digest.due).ends))
    else:  # written before 0064: from when the organisation's digests before it were written
        written = min(at for _status, _sent, at, _day in rows)
        looked = await session.scalar(
            select(func.max(OutboxMessage.created_at)).where(
                OutboxMessage.key.like(f"digest:{org_id}:%"), OutboxMessage.created_at < written
            )
        )
        digest = digest._replace(period=digest_days(digest.due, looked, settings, days_off))
    went = [at for status, at, _written, _day in rows if status == "sent" and at is not None]
    if not went:
        return digest._replace(reached=False)
    on = local_date(min(went))
    return digest._replace(on=on, today=on == today)


def beside_last_digest(text: str, locale: str, digest: SentDigest | None) -> str:
    """/baocao's `text` with a line under its header saying which days the weekly digest that went last
    counts and that this one counts the last seven, today's among them (`last_weekly_digest`, decisions 1691,
    1731): “gửi hôm nay” on its day, its date after. A late digest that counted more than a week is “Bản
    tin”, as its own header says it, not “Bản tin tuần” (decision 2666)."""
    if digest is None:
        return text
    starts = format_date(local_date(digest.period.starts), locale)
    ends = format_date(digest.period.last_day, locale)
    weekly = _weekly(digest.period)
    if not digest.reached:  # what went to the others never reached her (decision 1811)
        said = (
            translate(
                locale,
                "The weekly digest of {day}, counting {starts} – {ends}, has not reached you; this one "
                "counts the last 7 days, today included.",
            )
            if weekly
            else translate(
                locale,
                "The digest of {day}, counting {starts} – {ends}, has not reached you; this one counts the "
                "last 7 days, today included.",
            )
        )
    elif digest.today:
        said = (
            translate(
                locale,
                "The weekly digest sent today counts {starts} – {ends}; this one counts the last 7 days, "
                "today included.",
            )
            if weekly
            else translate(
                locale,
                "The digest sent today counts {starts} – {ends}; this one counts the last 7 days, today "
                "included.",
            )
        )
    else:
        said = (
            translate(
                locale,
                "The weekly digest sent on {day} counts {starts} – {ends}; this one counts the last 7 days, "
                "today included.",
            )
            if weekly
            else translate(
                locale,
                "The digest sent on {day} counts {starts} – {ends}; this one counts the last 7 days, today "
                "included.",
            )
        )
    line = said.format(day=format_date(digest.on, locale), starts=starts, ends=ends)
    return _under_header(text, line)


def week_before(due: datetime) -> Period:
    """The seven whole local days before the digest's day (Monday's counts Monday to Sunday of the week
    before): the dates its header shows are the days counted, and two digests in a row share none."""
    ends = datetime.combine(local_date(due), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    return Period(ends - timedelta(days=7), ends)


# Who is sent a digest on Monday: each leader (their unit's, or the roll-up for the whole organisation's),
# and the officers of the whole organisation, the union's chair who runs its drives, the roll-up as the head
# reads it (decision 2303).
MONDAY_ROLES = ("leader", "officer")


@dataclass(frozen=True)
class Reader:
    person_id: int
    unit_id: int | None  # None: an organisation leader (the roll-up)


async def readers(
    session: AsyncSession, org_id: int, default_locale: str, today: date, *, only: int | None = None
) -> dict[Reader, str]:
    """Each leader's digest (theirs to read) and the language they read it in; a leader's in the order
    /baocao gives them (`reading_order`): the roll-up, else the unit they sit in first, then the others by
    name, so the Monday messages come in that order too. A leader away on long leave on `today` reads none
    until back, as no appeal or reminder reaches her; /baocao still answers her, and whoever leads meanwhile
    reads it once given the role (decision 0789). An officer of the whole organisation reads the roll-up too
    (decision 2303). One who turned her weekly message off (/nhacnho) reads none until she turns it on again,
    /baocao still answering her (decision 2406). `only`: hers alone (`written_on_again`)."""
    rows = await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.unit_id, Person.locale, Person.unit_id, Unit.name)
        .join(Person, Person.id == RoleAssignment.person_id)
        .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
        .outerjoin(ReminderPreference, ReminderPreference.person_id == Person.id)
        .where(
            RoleAssignment.org_id == org_id,
            RoleAssignment.role.in_(MONDAY_ROLES),
            monday_read(),  # not one who turned her weekly message off (decision 2406)
            # an officer of one unit (a khoa's union group) reads its figures in /baocao, not on Monday
            or_(RoleAssignment.role == "leader", RoleAssignment.unit_id.is_(None)),
            Person.left_on.is_(None),  # their roles went when they left (decision 0118): never read after
            not_away(today),
            true() if only is None else RoleAssignment.person_id == only,
        )
        .distinct()
    )
    ordered = sorted(
        rows,
        key=lambda row: (
            row[0],
            row[1] is not None,
            reading_order(row[1], row[4], row[3]) if row[1] is not None else (),
        ),
    )
    return {
        Reader(person_id, unit_id): locale or default_locale for person_id, unit_id, locale, *_ in ordered
    }


async def roles_taken_away(
    session: AsyncSession, person_ids: Collection[int], year: int
) -> dict[int, frozenset[Grant]]:
    """The unit roles each of `person_ids` lost in `year` (local time), from the `role.revoke` audit rows:
    what they let her read (a unit's ledger to the day, its digest) stays read, so a reader of the roll-up
    keeps those units beside it for the year (`access.units_beside_rollup`, decision 0697)."""
    if not person_ids:
        return {}
    rows = await session.execute(
        select(AuditLog.entity_id, AuditLog.details).where(
            AuditLog.action == "role.revoke",
            AuditLog.entity == "person",
            AuditLog.entity_id.in_(list(person_ids)),
            AuditLog.at >= datetime(year, 1, 1, tzinfo=LOCAL_TZ),
            AuditLog.at < datetime(year + 1, 1, 1, tzinfo=LOCAL_TZ),
        )
    )
    lost: dict[int, set[Grant]] = {}
    for person_id, details in rows:
        if (unit_id := (details or {}).get("unit_id")) is not None:
            lost.setdefault(person_id, set()).add((str(details["role"]), int(unit_id)))
    return {person_id: frozenset(grants) for person_id, grants in lost.items()}


def reading_order(unit_id: int, name: str, own: int | None) -> tuple[bool, SortKey, int]:
    """Where a unit's digest comes among those one leader reads: the unit they sit in first, then the others
    in Vietnamese order (a hamlet's head sitting in the commune's office, a leader moved who still leads
    their first unit), on Monday as in /baocao."""
    return (unit_id != own, sort_key(name), unit_id)


@dataclass(frozen=True)
class Upcoming:
    """A deadline in the next DEADLINE_WINDOW days: its day, the plan's (or the organisation's) title, the
    role that must act (its audience), its code (what it asks for) and whether it is the organisation's
    own."""

    on: date
    title: str
    audience: str
    code: str = ""
    local: bool = False
    deadline_id: int | None = None  # the plan's deadline its reminders name (none: a test's own)


@dataclass(frozen=True)
class RegistrationYear:
    """A campaign year whose registrations a digest reads, with its campaign and, where the organisation set
    a registration window for it, that window as it stands on the reader's today: open until `closes_on`, or
    opening on `opens_on` (neither: no window, or one that has closed)."""

    year: int
    campaign_id: int
    closes_on: date | None = None
    opens_on: date | None = None
    closed: bool = False  # its window has closed, or the year has gone by: nobody registers for it any more
    closed_on: date | None = None  # where `closed`, its last day to register: its window's, or the year's

    @classmethod
    def of(
        cls, year: int, campaign_id: int, window: RegistrationWindow | None, today: date
    ) -> RegistrationYear:
        if window is not None and registration_open(window, today):
            return cls(year, campaign_id, closes_on=window.closes_on)
        if window is not None and today < window.opens_on:
            return cls(year, campaign_id, opens_on=window.opens_on)
        if window is None:
            return cls(year, campaign_id)
        return cls(year, campaign_id, closed=True, closed_on=window.closes_on)

    @property
    def open_until(self) -> date | None:
        """While its registration is open, its last day: its window's, or, with none, the year's own last
        day (open all year is the year's own, decision 0677); None once closed or before it opens."""
        if self.closed or self.opens_on is not None:
            return None
        return self.closes_on or date(self.year, 12, 31)


@dataclass(frozen=True)
class Context:
    """What every digest of an organisation shares."""

    year: int
    deadlines: tuple[Upcoming, ...]  # by day
    drive: Drive | None
    period: Period
    org: str = ""  # the organisation's name, as a deadline's line names it
    # The campaign year's registration (its window); the year just ended, through March, whose final figure
    # stands beside it; and next year, covered by a campaign, which may be registered for early
    # (docs/decisions/0077, 0080).
    this_year: RegistrationYear | None = None
    last_year: RegistrationYear | None = None
    next_year: RegistrationYear | None = None
    # The running drive's last day, where it falls in the DEADLINE_WINDOW days: said among the deadlines, as
    # what is due (a drive ending on Friday is the week's last call to give).
    drive_ends_on: date | None = None
    # A commune (households belong to it, decision 0139): its units' deadline is its hamlets' and boards'.
    commune: bool = False
    # `drive` ended before the period's last day, in its week or the week before: its final figure, said ended
    # (decision 0333), never as a drive still running.
    drive_ended: bool = False
    # the calendar year no plan covers, the plan that ran to the year before over and no next one loaded
    # (decision 0734): `year` is the calendar's, its campaign said not open
    uncovered: bool = False
    # The drives not of the Fund (relief after a storm, warm clothes) that ran in the period: named in the
    # roll-up beside the Fund's, with their own figure, never folded into it (decision 0726).
    beside_drives: tuple[DriveBeside, ...] = ()
    # where `uncovered`, the day the plan loaded for the year starts (a launch on 1/3): said in place of “no
    # plan” (decision 0801)
    opens_on: date | None = None
    # the organisation is one unit, the whole of it (a school of fourteen): its deadline for the units is its
    # own, and its one unit is never ranked under it (decision 2343)
    one_unit: bool = False
    # a commune's level as its name says it (`commune_level`): a ward's whole is “toàn phường” (decision 2844)
    level: str | None = None

    @property
    def named_year(self) -> RegistrationYear | None:
        """The year whose people not registered a leader's digest names: the campaign year; but once its
        window has closed, next year while next year's window is open (December, with 2027's open from
        1/12): the people to ask before its deadline, not a record of January's (decision 0972)."""
        this, following = self.this_year, self.next_year
        if this is not None and this.closed and following is not None and following.closes_on is not None:
            return following
        return this

    @property
    def beside(self) -> tuple[RegistrationYear, ...]:
        """The years whose registrations are read beside the campaign year's."""
        return tuple(other for other in (self.last_year, self.next_year) if other is not None)


class DriveBeside(NamedTuple):
    """A drive not of the Fund as the roll-up names it: its title, when it was closed or ended (as the
    Fund drive's line says it), and what a treasurer confirmed to it by the period's end, by kind as the
    digest's lines say them (`_kinds`: money, goods' worth, labour days; `unvalued`, goods of no value)."""

    title: str
    closed_at: datetime | None
    ended_on: date | None
    confirmed: tuple[tuple[str, int], ...]  # (kind, value), as `_kinds` reads them once made a dict
    unvalued: int = 0


async def _drives_beside(
    session: AsyncSession, org_id: int, period: Period, over: date
) -> tuple[DriveBeside, ...]:
    """The organisation's drives not of the Fund that ran some day of `period` (opened, or ended, in it
    too), those ending first first, each with what a treasurer confirmed to it by the period's end
    (decision 0726)."""
    drives = (
        await session.execute(
            select(Drive.id, Drive.title, Drive.closed_at, Drive.ends_on)
            .where(
                Drive.org_id == org_id,
                ~Drive.fund,
                Drive.starts_on <= period.last_day,
                Drive.ends_on >= local_date(period.starts),
            )
            .order_by(Drive.ends_on, Drive.id)
        )
    ).all()
    if not drives:
        return ()
    vnd, kind = Contribution.amount_vnd, Contribution.kind
    rows = await session.execute(
        select(
            Contribution.drive_id,
            _total(vnd, kind == "money").label("money"),
            _total(vnd, kind == "goods").label("goods"),
            _total(Contribution.labour_days, kind == "labour").label("days"),
            func.count()
            .filter(and_(kind == "goods", vnd == 0, Contribution.reverses_id.is_(None)))
            .label("unvalued"),
        )
        .where(
            Contribution.drive_id.in_([drive.id for drive in drives]),
            Contribution.status == "confirmed",
            Contribution.created_at < period.ends,
        )
        .group_by(Contribution.drive_id)
    )
    given = {row.drive_id: row for row in rows}
    beside = []
    for drive in drives:
        row = given.get(drive.id)
        money, goods, days, unvalued = (row.money, row.goods, row.days, row.unvalued) if row else (0, 0, 0, 0)
        confirmed = (("money", int(money or 0)), ("goods", int(goods or 0)), ("labour", int(days or 0)))
        ended = drive.ends_on if drive.ends_on < over else None
        beside.append(DriveBeside(drive.title, drive.closed_at, ended, confirmed, int(unvalued or 0)))
    return tuple(beside)


async def org_context(
    session: AsyncSession, org_id: int, period: Period, *, today: date | None = None
) -> tuple[Context, int | None]:
    """The campaign, year and running drive of the period's last day; the deadlines in the DEADLINE_WINDOW
    days from `today` (the reader's today for a digest of chosen dates; else the period's last day), and the
    registration windows as they stand on it; the year just ended through March, and next year."""
    last_day = period.last_day
    # read after the period (Monday's digest of last week, a past week asked for), a drive whose last day was
    # the period's has ended: said ended, never due “kết thúc ngày” yesterday (decision 0343)
    over = last_day + timedelta(days=1) if today is None or today > last_day else last_day
    soon = today or last_day
    asked_on = today  # a digest asked for (/baocao), on the reader's today; None for Monday's
    today = last_day
    campaign = await active_campaign(session, org_id, today)
    year = campaign_year(campaign, today) if campaign else today.year
    this_year = last_year = next_year = None
    before: Campaign | None = None  # through March, the plan that ran the year just ended (a plan read)
    # the plan whose deadlines are due, and its year: the reminders' (`reminders.plan`), even once its period
    # is over, so that the digest lists what its readers are reminded of (decision 0758)
    plan, plan_year = campaign, year
    uncovered = campaign is not None and year < today.year
    opens_on = None
    if uncovered:
        # the plan's period is over and no next one is loaded: the week's year is the calendar's, its gifts
        # so far, with no campaign to register for, said not open as `/tiendo` says it (decisions 0696, 0734)
        year, campaign = today.year, None
        opens_on = await plan_opening(session, org_id, year, today)
    if campaign is not None:
        windows = await registration_windows(session, org_id, (year, year + 1))
        this_year = RegistrationYear.of(year, campaign.id, windows.get(year), soon)
        if year < soon.year:  # a digest of a year gone by (/baocao 2025): nobody registers for it any more
            closed_on = this_year.closed_on or this_year.closes_on or date(year, 12, 31)
            this_year = replace(this_year, closed=True, closed_on=closed_on)
        if year == today.year and today.month <= LAST_YEAR_UNTIL_MONTH:
            before = await just_ended_campaign(session, org_id, today)
            last_year = RegistrationYear(year - 1, before.id) if before is not None else None
        following = await campaign_covering(session, org_id, year + 1)
        if following is not None:
            next_year = RegistrationYear.of(year + 1, following.id, windows.get(year + 1), soon)
    upcoming: list[Upcoming] = []
    plans = [plan] if plan is not None else []
    # through March, the plan that ran the year just ended where the next period's is read (loaded on 2
    # January): its deadlines of its own period (its last year's report in January, set for a day or yearly)
    # are still ahead and reminded, unless the new plan names the same code (decisions 0758, 1060), by the
    # rule the reminders read them (`taken_over`)
    gone = None
    if before is not None and plan is not None:
        gone = await plan_turn(session, before, plan)
        plans += [gone.ended] if gone is not None else []
    # the next period's plan loaded before its first day: the deadlines the plan read leaves to it, due in
    # the days ahead (the registration forms of 5/1 read on 28/12), as the reminders read them (decision 1058)
    both = None
    if plan is not None and plan.ends_on < soon + timedelta(days=DEADLINE_WINDOW):
        both = await next_turn(session, plan)
        plans += [both.following] if both is not None else []
    for source in plans:
        rule = gone if gone is not None and source is gone.ended else both
        for deadline in (
            await session.scalars(select(Deadline).where(Deadline.campaign_id == source.id))
        ).all():
            for y in sorted({plan_year, plan_year + 1, soon.year, soon.year + 1}):
                if deadline.year is not None and deadline.year != y:
                    continue
                try:
                    on = date(y, deadline.month, deadline.day)
                except ValueError:
                    continue
                if soon <= on <= soon + timedelta(days=DEADLINE_WINDOW) and (
                    rule.says(deadline, on) if rule is not None else not beyond_plan(deadline, on, source)
                ):
                    upcoming.append(
                        Upcoming(
                            on,
                            deadline.title,
                            deadline.audience,
                            deadline.code,
                            bool(deadline.local),
                            deadline.id,
                        )
                    )
    # the running drive: one still open before one closed early (decision 0297), else the first to end
    drive = await session.scalar(
        select(Drive)
        .where(Drive.org_id == org_id, Drive.fund, Drive.starts_on <= today, Drive.ends_on >= over)
        .order_by(Drive.closed_at.is_not(None), Drive.ends_on)
        .limit(1)
    )
    ended = False
    if drive is None:
        # none running: the Fund drive that ended in the period or the week before, the latest to end, so that
        # the two Mondays after its end give its final figure against its target (decision 0333)
        since = local_date(period.starts) - timedelta(days=7)
        if asked_on is not None:
            # asked for in the week of such a Monday: as that Monday's digest gave it, not lost a day or more
            # before the week's own digest stops giving it (decision 0486)
            since = min(since, asked_on - timedelta(days=asked_on.weekday() + 14))
        drive = await session.scalar(
            select(Drive)
            .where(Drive.org_id == org_id, Drive.fund, Drive.ends_on < over, Drive.ends_on >= since)
            .order_by(Drive.ends_on.desc(), Drive.closed_at.is_not(None))
            .limit(1)
        )
        ended = drive is not None
    org = await session.get(Organisation, org_id)
    ordered = tuple(sorted(upcoming, key=lambda d: (d.on, d.title)))
    # closed, or ended: no deadline
    ending = drive.ends_on if drive is not None and drive.closed_at is None and not ended else None
    within = ending is not None and soon <= ending <= soon + timedelta(days=DEADLINE_WINDOW)
    ends_on = ending if within else None
    commune, level = await commune_and_level(session, org_id)
    units_read = await first_two_units(session, org_id)  # one unit or more
    context = Context(
        year,
        ordered,
        drive,
        period,
        org.name if org else "",
        this_year,
        last_year,
        next_year,
        ends_on,
        commune,
        ended,
        uncovered,
        await _drives_beside(session, org_id, period, over),
        opens_on,
        one_unit=len(units_read) == 1,
        level=level,
    )
    return context, campaign.id if campaign else None


# -------------------------------------------------------------------------------------------------------
# Text


class WeekHeld(NamedTuple):
    """What of the week's gifts a reader may not read in đồng (`week_held`): `givers`, where the week's money
    and goods are one or two people's, how many gave them (None: the figure is said); `together`, its money
    and goods said as one figure (one kind being one or two people's); `weeks`, of each week of the trend,
    whether its figure is one or two people's: the week before's is then left out (decision 0560), and the
    chart draws no point for it (decision 0561)."""

    givers: int | None = None
    together: bool = False
    weeks: tuple[bool, ...] = ()
    beside: bool = False  # held as the roll-up, read too, less it would be one or two others' gift (0584)
    # held as one or two of its givers gave for another year, which the year's line leaves out (1388)
    other_year: bool = False
    # held as /baocao's seven days reach past the year's last release, which they would tell (1765)
    past_release: bool = False
    # held as the year's line says what is confirmed while some of the week's gifts wait (1930)
    waiting: bool = False

    @property
    def before(self) -> bool:
        return len(self.weeks) >= 2 and self.weeks[-2]


ALL_SAID = WeekHeld()  # a reader who reads the week's figures whole


def week_past_release(
    held: WeekHeld, lag: Lag | None, context: Context, kinds: Mapping[str, int]
) -> WeekHeld:
    """The week's money and goods of `held`, to a reader who reads the year as of its last release (`lag`,
    `year_lag`), said as how many gave where /baocao's seven days take in days of a week not over, which the
    release always holds back (decision 0599): Monday's week less them, or the year on the same screen less
    them, would be what it holds back, one or two people's gift (decision 1765). Seven days ending on a Sunday
    (Monday's digest) are whole weeks, as releases are, and read as before. Other days (/baocao 30) alike
    where they reach past the release, the year's line on the same screen less them being the same gift;
    the year asked whole (“/baocao 2026”) is the year's own line (decision 1811)."""
    givers = fewest_givers(kinds)
    if lag is None or held.givers is not None or not givers:
        return held
    period = context.period
    if _weekly(period):
        if period.last_day.weekday() == 6:  # a Sunday
            return held
    elif _is_year(context) or (lag.through is not None and period.last_day <= lag.through):
        return held
    return held._replace(givers=givers, past_release=True)


def year_leaves_out_waiting(
    held: WeekHeld,
    year_confirmed: bool,
    waiting: int,
    week_waiting: Iterable[UnitFigures],
    kinds: Mapping[str, int],
) -> WeekHeld:
    """The week's money and goods of `held`, where the year's line says what is confirmed (`year_confirmed`,
    `confirmed_floor` or `waiting_held`) while some of the year's waits (`waiting`): said as how many gave
    where what of the week waits (in the units `week_waiting`) is one or two people's, counted as the fewest
    who may be behind it, as 1598 counts them: the week's figure less the year's is that gift where the
    year's earlier weeks gave nothing, and less what the year grew by since last Monday where nothing earlier
    was confirmed in the week. As 1550 holds the year's line, by the same count (decision 1930). The week
    before's figure is not said beside such a year where what of it still waits is one or two people's
    gift, counted each once in the organisation: less what is confirmed it would be theirs; where nothing of
    it waits, or three or more people's, it is said (decision 2040). What of the week waits is counted as
    people, each once in the organisation, not kind by kind unit by unit (decision 2130)."""
    if not year_confirmed or not waiting:
        return held
    week_waiting = list(week_waiting)
    waiting_before = _listed_once(
        unit.weekly_waiting_givers[-2] for unit in week_waiting if len(unit.weekly_waiting_givers) >= 2
    )
    before = held.weeks
    if len(held.weeks) >= 2 and 0 < waiting_before < FEWEST_GIVERS:
        before = (*held.weeks[:-2], True, held.weeks[-1])
    givers = fewest_givers(kinds)
    units = [unit for unit in week_waiting if unit.week_waiting_vnd]
    # each once, whatever she gave and wherever: one who moved is one of them (decision 2130)
    waiting_givers = _listed_once(unit.week_waiting_people for unit in units)
    if held.givers is not None or not units or waiting_givers >= FEWEST_GIVERS or not givers:
        return held._replace(weeks=before)
    return held._replace(givers=givers, weeks=before, waiting=True)


def _givers_said(held: WeekHeld, ledger: Iterable[UnitFigures]) -> int | None:
    """How many gave the week's money or goods, where `held` says the week so: each giver once, whatever
    she gave. The count that holds the figure back (`fewest_givers`) adds up who gave each kind, so that one
    who gave money and goods read as “2 người” (decision 1948); counted unit by unit, as its gifts are."""
    if held.givers is None:
        return None
    # one who gave in two units the same week (she moved) is one giver of the organisation (decision 2041)
    return _listed_once(unit.week_givers for unit in ledger) or held.givers


def _kinds(
    locale: str,
    values: dict[str, int],
    templates: tuple[str, str] | None = None,
    *,
    together: bool = False,
    unvalued: int = 0,
    givers: int | None = None,
    beside: bool = False,
    other_year: bool = False,
    past_release: bool = False,
    waiting: bool = False,
) -> str:
    """The kinds of contribution given, in one line, only those there were: a week of labour days alone reads
    “2 ngày công”, not “tiền 0 ₫, hiện vật 0 ₫, 2 ngày công”; `templates` are the money's and the goods'
    messages already translated. Each kind is a message of its own (the labour days with their plural forms),
    listed with commas as both catalogs write a list. A week with nothing given says so (“Tuần này: chưa có
    khoản đóng góp nào”) rather than zeros. `together`: money and goods as one figure (“tiền và hiện vật
    1.150.000 ₫”), where one kind had one or two givers (`kinds_together`, decision 0378). `unvalued`: the
    goods given with no value, counted after the goods' value (decision 0430). `givers`: the money and goods
    are one or two people's gift the reader may not read (`week_held`), said as how many gave (0560);
    `beside`, because the roll-up less it (or it less her units') would be (0584, 0697); `other_year`,
    because one or two of its givers gave for another year, left out of the year's line (1388);
    `past_release`, because its days reach past the year's last release (1765); `waiting`, because the year's
    line says what is confirmed and some of the week's waits (1930)."""
    if not any(values.values()) and not unvalued:
        return translate(locale, "no contribution recorded")
    money, goods = templates or (translate(locale, "money {value}"), translate(locale, "goods {value}"))
    parts = []
    # each reason in a few words, as short as the waiting one's, on a phone (decisions 2137, 2230)
    if givers is not None and (values["money"] or values["goods"]) and beside:
        parts.append(
            translate_plural(
                locale,
                "{n} person gave money or goods (no figure, so that others' gifts do not show)",
                "{n} people gave money or goods (no figure, so that others' gifts do not show)",
                givers,
            ).format(n=format_number(givers, locale))
        )
    elif givers is not None and (values["money"] or values["goods"]) and past_release:
        parts.append(
            translate_plural(
                locale,
                "{n} person gave money or goods (no figure yet, as the year's line does not count these "
                "days)",
                "{n} people gave money or goods (no figure yet, as the year's line does not count these "
                "days)",
                givers,
            ).format(n=format_number(givers, locale))
        )
    elif givers is not None and (values["money"] or values["goods"]) and waiting:
        parts.append(
            translate_plural(
                locale,
                "{n} person gave money or goods (no figure yet, as some of it waits for confirmation)",
                "{n} people gave money or goods (no figure yet, as some of it waits for confirmation)",
                givers,
            ).format(n=format_number(givers, locale))
        )
    elif givers is not None and (values["money"] or values["goods"]) and other_year:
        parts.append(
            translate_plural(
                locale,
                "{n} person gave money or goods (no figure, as one or two of them gave for another year)",
                "{n} people gave money or goods (no figure, as one or two of them gave for another year)",
                givers,
            ).format(n=format_number(givers, locale))
        )
    elif givers is not None and givers >= FEWEST_GIVERS and (values["money"] or values["goods"]):
        # three or more, each once, but one kind from one or two: held as that kind is (decisions 0304, 2426)
        parts.append(
            translate_plural(
                locale,
                "{n} person gave money or goods (one kind from fewer than three: no figure)",
                "{n} people gave money or goods (one kind from fewer than three: no figure)",
                givers,
            ).format(n=format_number(givers, locale))
        )
    elif givers is not None and (values["money"] or values["goods"]):
        parts.append(
            translate_plural(
                locale,
                "{n} person gave money or goods (fewer than three: no figure)",
                "{n} people gave money or goods (fewer than three: no figure)",
                givers,
            ).format(n=format_number(givers, locale))
        )
    elif together and (values["money"] or values["goods"]):
        value = format_vnd(values["money"] + values["goods"], locale)
        parts.append(translate(locale, "money and goods {value}").format(value=value))
    elif values["money"]:
        parts.append(money.format(value=format_vnd(values["money"], locale)))
    if values["goods"] and not together and givers is None:
        parts.append(goods.format(value=format_vnd(values["goods"], locale)))
    if unvalued:
        parts.append(
            translate_plural(
                locale,
                "{n} gift of goods with no value given",
                "{n} gifts of goods with no value given",
                unvalued,
            ).format(n=format_number(unvalued, locale))
        )
    if days := values["labour"]:
        # “16 labour days”, “1 labour day”: the count before its noun, as an English reader says it
        parts.append(
            translate_plural(locale, "{n} labour day", "{n} labour days", days).format(
                n=format_number(days, locale)
            )
        )
    return ", ".join(parts)


@dataclass(frozen=True)
class _Shared:
    """What every unit's digest of a run shares in one language: the messages translated, the week's days
    and the drive's title and target formatted, the deadlines' lines. Made once per language and run."""

    header: str  # "{unit}" left to fill
    took_part: str  # who took part in the year (registered or gave): "{parts}" left to fill (decision 0166)
    took_part_detail: str  # … of its people or households (`people_part`…), registered and gave apart
    registered: str
    registered_and_households: str  # people and households apart, where a unit has both
    households_and_registered: str  # … the households first, where they outnumber the people
    registered_households: str  # a unit of households alone
    people_part: str  # the roll-up's line of a unit (or a block): its people
    nobody_part: str  # … of a unit with nobody in it yet
    households_part: str  # … its households
    unit_registered: str  # … that it registered a collective commitment
    # where a unit stands among the organisation's units by participation, and the whole's ("{rank}", "{of}",
    # "{whole}" left to fill)
    place: str
    unit_confirmed_waiting: str  # … what it gave, confirmed, and waiting (what it gave confirmed: the amount)
    week: str
    # beside the week's gifts, the week before's: "{value}" left to fill; "" for other periods
    week_before: str
    # the same after a week said as how many gave, whose own parenthesis says why: “…; tuần trước: …” (2137)
    week_before_after: str
    year: str
    kinds: tuple[str, str]  # the money's and the goods' parts of a line of gifts ("{value}" left to fill)
    confirmed: str
    labour_confirmed: str  # the year's labour days confirmed and waiting, where some wait (decision 0485)
    commitment: str
    commitment_of_hamlet: str  # … of a unit of households, as `drive_of_hamlet`
    commitment_with_waiting: str  # … where what is confirmed is held: of the year's line (decision 1665)
    commitment_with_waiting_of_hamlet: str
    drive: str  # "{given}" left to fill; empty without a drive
    drive_of_hamlet: str  # … of a hamlet (`UnitFigures.hamlet`): “thôn”, not an office's “đơn vị”
    no_drive: str  # … where nothing the unit gave to the drive is confirmed yet: no “0 ₫ confirmed”
    drive_held: str  # … where its figure, or the year's less it, is one or two people's (decision 1466)
    drive_held_of_hamlet: str  # … of a hamlet, its households'
    no_drive_of_hamlet: str
    # after a drive's line: its target, the whole organisation's (" (…: {target})"), or, once any gift to it
    # is confirmed, how far the whole organisation has come ("{percent}", "{given}" left to fill); "" without
    drive_target: str
    drive_whole: str
    # that the unit has not registered as a collective for the year, while it still may ("{unit}" left to
    # fill); "" where the year's registration has closed or has not opened
    unit_unregistered: str
    reminders: str
    waiting: str
    waiting_since: str  # … with how long the longest waiting has waited, and who confirms (decision 1689)
    # … where labour days alone wait (an officer confirms them too, 0434), and where they wait among others
    waiting_since_days: str
    waiting_since_mixed: str
    # … where no one may confirm any of them: no treasurer, nor an officer for days (decision 1808)
    waiting_since_nobody: str
    # … where no one may confirm some of them ("{nobody}"): who confirms the others, as the three above
    # (decision 1880)
    waiting_since_but: str
    waiting_since_days_but: str
    waiting_since_mixed_but: str
    days_officer: str  # who confirms labour days beside a treasurer (decision 1806)
    officers: str  # who read a figure held back beside the treasurer (decision 2031)
    unattended: str
    unattended_why: str  # … without their count, which the line of what waits says (decision 1945)
    not_registered: str
    households_not_registered: str
    results: str  # "{week}" and "{year}" left to fill
    no_results: str
    units_part: str  # the roll-up's registrations of a year: its units registered as a unit
    # … a commune's, its units all hamlets or street groups, in its own words (decisions 1881, 1946)
    units_part_hamlets: str
    # The campaign year's registrations beside the year just ended's ("{parts}" and "{last_parts}" left to
    # fill) and next year's registered early ("{parts}"): empty where there is no such year (decision 0080).
    beside_last: str
    next_year: str
    # The deadlines ahead as a unit's leader reads them (`_deadline_lines`), "{unit}" left to fill: the same
    # lines for every unit but for its name.
    deadlines: tuple[str, ...] = ()
    # that the year's campaign is not open, no plan covering it (`Context.uncovered`); "" otherwise
    not_open: str = ""
    # the language, for the counts said per unit in its own plural form (those away on long leave, 0740)
    locale: str = "vi"


def _shared(locale: str, context: Context) -> _Shared:
    drive = context.drive
    # the drive's title, when it was closed and its target, read now: the row may change; said once per
    # language and run (every unit's digest calls this: decision 0317)
    now = (drive.title, drive.closed_at, drive.target_vnd, _ended_on(context)) if drive is not None else None
    return _shared_lines(locale, context, now)


def _ended_on(context: Context) -> date | None:
    return context.drive.ends_on if context.drive is not None and context.drive_ended else None


def _drive_said(locale: str, context: Context) -> str:
    """The drive as its lines of figures name it: “đợt vận động “Cao điểm””, and where it was closed (before
    its end: decision 0272), “… — đã đóng ngày 05/12/2026”, as the drive's own screen says it, so that its
    figures do not read as those of a drive still taking gifts (docs/decisions/0297); one that has ended,
    “… — đã kết thúc ngày 31/12/2026” (decision 0333)."""
    assert context.drive is not None
    return _drive_words(locale, context.drive.title, context.drive.closed_at, _ended_on(context))


def _drive_words(locale: str, title: str, closed_at: datetime | None, ended_on: date | None = None) -> str:
    named = drive_named(locale, title)
    if closed_at is not None:
        return named + translate(locale, " — closed on {date}").format(date=format_date(closed_at, locale))
    if ended_on is not None:
        return named + translate(locale, " — ended on {date}").format(date=format_date(ended_on, locale))
    return named


def _escaped(text: str) -> str:
    """`text` as it stands inside a template filled again later by str.format."""
    return text.replace("{", "{{").replace("}", "}}")


@lru_cache(maxsize=64)
def _shared_lines(
    locale: str, context: Context, drive: tuple[str, datetime | None, int | None, date | None] | None
) -> _Shared:
    t = translations(locale).gettext
    officers = officers_named(t, commune=context.commune)  # beside the treasurer (decision 2031)
    drive_line = hamlet_line = no_drive_line = no_hamlet_line = drive_target = drive_whole = held_line = ""
    held_hamlet_line = ""
    if drive is not None:
        title, closed_at, target, ended_on = drive
        named = _escaped(_drive_words(locale, title, closed_at, ended_on))
        drive_line = sentence(
            t("{drive}: the unit's gifts confirmed so far come to {given}").format(
                drive=named, given="{given}"
            )
        )
        hamlet_line = sentence(
            t("{drive}: the hamlet's gifts confirmed so far come to {given}").format(
                drive=named, given="{given}"
            )
        )
        no_drive_line = sentence(t("{drive}: no gift from the unit confirmed yet").format(drive=named))
        no_hamlet_line = sentence(t("{drive}: no gift from the hamlet confirmed yet").format(drive=named))
        held_line = sentence(
            t(
                "{drive}: the unit's figure is not shown here, so as not to reveal what one or two people "
                "gave; the unit's treasurer and {officers} can see it"
            ).format(drive=named, officers=officers)
        )
        held_hamlet_line = sentence(
            t(
                "{drive}: the hamlet's figure is not shown here, so as not to reveal what one or two "
                "households gave; the treasurer and {officers} can see it"
            ).format(drive=named, officers=officers)
        )
        if target:  # the drive is the whole organisation's: its target, not the unit's own
            of_org = (
                t("(the drive's target for the whole of {org}: {target})")
                if context.org
                else t("(the drive's target for the whole organisation: {target})")
            )
            drive_target = " " + of_org.format(org=context.org, target=format_vnd(target, locale))
            # where the whole organisation stands, as its roll-up says it: the unit's part beside it
            whole = (
                t("; {org} as a whole has reached {percent}% of the drive's target ({given} of {target})")
                if context.org
                else t(
                    "; the whole organisation has reached {percent}% of the drive's target ({given} of "
                    "{target})"
                )
            )
            drive_whole = whole.format(
                org=_escaped(context.org),
                percent="{percent}",
                given="{given}",
                target=format_vnd(target, locale),
            )
    start, end = _day(context.period.starts, locale), _day(context.period.ends - timedelta(seconds=1), locale)
    weekly = _weekly(context.period)
    registration = _registration(locale)
    return _Shared(
        header=(
            t("Weekly digest for {unit}, {start} – {end}").format(unit="{unit}", start=start, end=end)
            if weekly
            else t("Digest for {unit}, {period}").format(unit="{unit}", period=_period_words(locale, context))
        ),
        took_part=t("Took part in {year} (registered or gave): {parts}").format(
            year=context.year, parts="{parts}"
        ),
        took_part_detail=t("{part}, of whom {registered} registered and {gave} gave"),
        registered=registration.registered,
        registered_and_households=registration.registered_and_households,
        households_and_registered=registration.households_and_registered,
        registered_households=registration.registered_households,
        people_part=t("{registered}/{people} people ({percent}%)"),
        nobody_part=t("no one listed yet"),
        locale=locale,
        households_part=t("households {registered}/{households} ({percent}%)"),
        unit_registered=t("registered as a unit"),
        place=_place_line(t, context),
        unit_confirmed_waiting=t("{confirmed} ({waiting} waiting)"),
        week=_week_words(locale, context),
        week_before=t("(the week before: money and goods {value})") if weekly else "",
        week_before_after=t("the week before: money and goods {value}") if weekly else "",
        year=t("In {year} so far: {kinds}").format(year=context.year, kinds="{kinds}"),
        kinds=(t("money {value}"), t("goods {value}")),
        confirmed=t("Money and goods confirmed {confirmed}, waiting for confirmation {waiting}"),
        labour_confirmed=t("Labour days confirmed {confirmed}, waiting for confirmation {waiting}"),
        commitment=t("Unit's commitment: {target}, {percent}% reached with what is confirmed"),
        commitment_of_hamlet=t("Hamlet's commitment: {target}, {percent}% reached with what is confirmed"),
        commitment_with_waiting=t(
            "Unit's commitment: {target}, {percent}% reached counting what waits for confirmation"
        ),
        commitment_with_waiting_of_hamlet=t(
            "Hamlet's commitment: {target}, {percent}% reached counting what waits for confirmation"
        ),
        drive=drive_line,
        drive_of_hamlet=hamlet_line,
        no_drive=no_drive_line,
        drive_held=held_line,
        drive_held_of_hamlet=held_hamlet_line,
        no_drive_of_hamlet=no_hamlet_line,
        drive_target=drive_target,
        drive_whole=drive_whole,
        unit_unregistered=_unit_unregistered(t, locale, context.this_year),
        reminders=(
            t("Reminders sent this week: {sent}, acted on: {acted}")
            if weekly
            else t("Reminders sent in this period: {sent}, acted on: {acted}")
        ),
        waiting=t("Entries waiting for confirmation: {n}"),
        waiting_since=t(
            "Entries waiting for confirmation: {n} (the oldest since {date}; a treasurer confirms them)"
        ),
        # labour days an officer covering the unit may confirm too, named as every line names her (decisions
        # 0434, 1729, 1806): `_waiting_line` says her
        waiting_since_days=t(
            "Entries waiting for confirmation: {n} (the oldest since {date}; {officer} or a treasurer "
            "confirms them)"
        ),
        waiting_since_mixed=t(
            "Entries waiting for confirmation: {n} (the oldest since {date}; a treasurer confirms them, and "
            "{officer} can confirm labour days too)"
        ),
        waiting_since_nobody=t(
            "Entries waiting for confirmation: {n} (the oldest since {date}; nobody may confirm them yet)"
        ),
        waiting_since_but=t(
            "Entries waiting for confirmation: {n} (the oldest since {date}; a treasurer confirms them, "
            "except {nobody} that nobody may confirm yet)"
        ),
        waiting_since_days_but=t(
            "Entries waiting for confirmation: {n} (the oldest since {date}; {officer} or a treasurer "
            "confirms them, except {nobody} that nobody may confirm yet)"
        ),
        waiting_since_mixed_but=t(
            "Entries waiting for confirmation: {n} (the oldest since {date}; a treasurer confirms them, and "
            "{officer} the labour days too, except {nobody} that nobody may confirm yet)"
        ),
        days_officer=days_officer(t, commune=context.commune),
        officers=officers,
        # true where the unit has no treasurer and where its one or two gave or recorded them (decision 0389)
        unattended=t(
            "Of them, entries no treasurer may confirm (none confirms what they gave or recorded): {n} (the "
            "office makes someone else treasurer)"
        ),
        unattended_why=t(
            "Why: no treasurer may confirm those (none confirms what they gave or recorded); the office "
            "makes someone else treasurer."
        ),
        not_registered=_not_registered(t, context.named_year, households=False),
        households_not_registered=_not_registered(t, context.named_year, households=True),
        results=(
            t("Other results recorded this week: {week}. In {year} so far: {total}.")
            if weekly
            else t("Other results recorded in this period: {week}. In {year} so far: {total}.")
        ).format(week="{week}", year=context.year, total="{total}"),
        no_results=t("none"),
        units_part=t("{registered}/{units} units"),
        units_part_hamlets=t("{registered}/{units} hamlets or street groups"),
        beside_last=(
            t("{registrations}: {parts}; in {last}: {last_parts}").format(
                registrations=_escaped(_registrations(t, locale, context.this_year)),
                parts="{parts}",
                last=context.last_year.year,
                last_parts="{last_parts}",
            )
            if context.this_year is not None and context.last_year is not None
            else ""
        ),
        next_year=(
            t("{registrations}, made already: {parts}").format(
                registrations=_escaped(_registrations(t, locale, context.next_year)), parts="{parts}"
            )
            if context.next_year is not None
            else ""
        ),
        deadlines=tuple(_deadline_lines(locale, context, unit="{unit}")),
        # the words of `/tiendo` in such a year (handlers.wording.not_open_text), less whom the members ask
        not_open=(
            ""
            if not context.uncovered
            else t("The campaign of {year} is not open yet: its plan starts on {day}.").format(
                year=context.year, day=format_date(context.opens_on, locale)
            )
            if context.opens_on is not None
            else t("The campaign of {year} is not open yet: no plan covers it.").format(year=context.year)
        ),
    )


def _unit_unregistered(t: Callable[[str], str], locale: str, year: RegistrationYear | None) -> str:
    """That a unit has not registered as a collective for the campaign year (“Đăng ký của đơn vị”, /donvi),
    while the year's registration is open: until the organisation's window closes, or all year where it set
    none (the plans set no closing date: docs/decisions/0264). Once closed, or before it opens, nothing: the
    leader could do nothing about it."""
    # its last day, the year's own where no window was set: a day to do it by (decision 1946)
    if year is None or (closes := year.open_until) is None:
        return ""
    line = t(
        "{unit} has not registered as a collective for {year} yet; registrations close on {closes} (/unit)."
    )
    return line.format(unit="{unit}", year=year.year, closes=format_date(closes, locale))


def _place_line(t: Callable[[str], str], context: Context) -> str:
    """Where a unit stands among the organisation's units, a commune's hamlets and boards, by participation
    (as the roll-up orders and names its lowest), beside the whole's: "{rank}", "{of}" and "{whole}" left to
    fill."""
    if context.commune:
        line = (
            t("Rank by participation: {rank} of {of} hamlets and boards ({org} as a whole: {whole})")
            if context.org
            else t("Rank by participation: {rank} of {of} hamlets and boards (the whole {level}: {whole})")
        )
    else:
        line = (
            t("Rank by participation: {rank} of {of} units ({org} as a whole: {whole})")
            if context.org
            else t("Rank by participation: {rank} of {of} units (the whole organisation: {whole})")
        )
    level = level_name(t, context.level)  # t: a Translator's or a catalog's gettext, both called alike
    return line.format(rank="{rank}", of="{of}", org=_escaped(context.org), whole="{whole}", level=level)


def _not_registered(t: Callable[[str], str], year: RegistrationYear | None, *, households: bool) -> str:
    """Who has not registered, “{names}” left to fill, naming the year (`Context.named_year`: in December
    the year ending's while it may still be registered for, next year's once its window closed and next
    year's is open, decision 0972); once its window closed, who did not register: a record of the year, no
    longer someone to chase before a deadline (docs/decisions/0955)."""
    if year is None:  # no campaign open: nobody is named (`unit_figures` reads no names then)
        return ""
    if year.closed:
        line = (
            t("Households that did not register for {year} (registration has closed): {names}")
            if households
            else t("Did not register for {year} (registration has closed): {names}")
        )
    else:
        line = (
            t("Households not registered for {year} yet: {names}")
            if households
            else t("Not registered for {year} yet: {names}")
        )
    return line.format(year=year.year, names="{names}")


def _names_apart(locale: str, figures: UnitFigures) -> tuple[list[str], list[str]]:
    """The people and the households not registered yet, as one list reads them: two “Trần Đức Trang” of one
    unit with no position told apart by the day each joined (“dùng Chung Tay từ 20/11/2026”, “chưa dùng
    Chung Tay”), never by a phone (docs/decisions/0259)."""

    def joined(day: date | None) -> str:
        if day is None:
            return translate(locale, "not on Chung Tay yet")
        return translate(locale, "on Chung Tay since {date}").format(date=format_date(day, locale))

    listed = [*figures.unregistered, *figures.unregistered_households]
    same = Counter(fold(one.name) for one in listed)  # the day worded for namesakes alone
    said = told_apart(
        [
            (one.name, one.position, None, joined(one.joined) if same[fold(one.name)] > 1 else None)
            for one in listed
        ]
    )
    return said[: len(figures.unregistered)], said[len(figures.unregistered) :]


def _registrations(t: Callable[[str], str], locale: str, year: RegistrationYear) -> str:
    """“Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027)”: a year's registrations and, where the
    organisation set a window for it, until when it is open or from when (the plans set no such date:
    docs/decisions/0080)."""
    if (closes := year.open_until) is not None:  # the year's own last day where no window was set (1946)
        return t("Registrations for {year} (open until {closes})").format(
            year=year.year, closes=format_date(closes, locale)
        )
    if year.opens_on is not None:
        return t("Registrations for {year} (opening on {opens})").format(
            year=year.year, opens=format_date(year.opens_on, locale)
        )
    return t("Registrations for {year}").format(year=year.year)


def unit_text(
    locale: str,
    figures: UnitFigures,
    context: Context,
    *,
    names: bool,
    drive_whole_vnd: int = 0,
    place: Place | None = None,
    held: bool = False,
    together: bool = False,
    week_held: WeekHeld = ALL_SAID,
    lag: Lag | None = None,
    year_together: bool = False,
    drive_held: bool = False,
    waiting_held: WaitingHeld = None,
    stand_ins: Sequence[StandIn] = (),
    week_said: list[WeekHeld] | None = None,
) -> str:
    """One unit's digest: it reads whole without the chart. `drive_whole_vnd`: what the whole organisation's
    units gave to the running drive, confirmed (the roll-up's figure), said beside the unit's own; `place`
    (`places`): where the unit stands among the organisation's units, said under its own participation;
    `held` (`money_held`): the unit's money and goods are one or two people's gifts the reader may not see,
    said in one line instead, its labour days kept (decision 0304); `together` (`kinds_together`): its money
    and goods are said as one figure, one kind being one or two people's gift (decision 0378); `week_held`
    (`week_held`): the week's, and the week before's, where they are one or two people's (decision 0560);
    `lag` (`year_lag`): the year's money and goods as of their last release (decision 0599);
    `year_together` (`year_kinds_together`): the year's money and goods as one figure (decision 1207);
    `drive_held` (`drive_held`): the running drive's line is one or two people's gift, or the year's less it,
    said without its figure, the year's kept (decision 1466); `waiting_held` (`waiting_held`): what waits is
    one or two people's gift, the year said as what is confirmed, or whole where that is too (1550);
    `stand_ins` (`stand_ins_read`): those of the unit's are said as the roll-up says them (decision 1809);
    `week_said`: where given, the week as the text says it is appended to it (decision 1931)."""
    shared = _shared(locale, context)
    lines = [
        shared.header.format(unit=figures.name),
        *_registration_lines(shared, context, figures, figures.this_year, units=None),
    ]
    if place is not None:
        lines.append(
            shared.place.format(
                rank=place.rank, of=place.of, whole="; ".join(_participation(shared, place.whole))
            )
        )
    if shared.unit_unregistered and not figures.collective_registered:
        lines.append(shared.unit_unregistered.format(unit=figures.name))
    if held:
        lines += _held_lines(locale, shared, figures)
    else:
        lines += _money_lines(
            locale,
            shared,
            figures,
            context,
            drive_whole_vnd,
            together,
            week_held,
            lag,
            year_together,
            drive_held=drive_held,
            waiting_held=waiting_held,
            week_said=week_said,
        )
    if figures.results:
        lines.append(_results_line(locale, shared, figures.results))
    # what is due with the figures, on the first screen, before what was sent and what waits (as the roll-up)
    standing = f" {figures.awards.text(locale)}" if figures.awards is not None else ""
    lines.extend(line.format(unit=figures.name, standing=standing) for line in shared.deadlines)
    # what was sent and what waits, where there is some: “0, đã phản hồi: 0” and “0” ask nothing of a leader
    if figures.reminders_sent:
        lines.append(shared.reminders.format(sent=figures.reminders_sent, acted=figures.reminders_acted))
    if figures.waiting_entries:
        lines.append(_waiting_line(shared, figures.waiting_entries, [figures]))
    if figures.unattended:
        # why, and what to do: the line above counts them where it says since when (decision 1945)
        counted = figures.waiting_since is not None
        lines.append(shared.unattended_why if counted else shared.unattended.format(n=figures.unattended))
    # who stands in for the unit's leader, treasurer or officer on leave: whom to ask meanwhile (1809); and
    # for the whole organisation's treasurer, where she confirms what of the unit's waits, having no
    # treasurer of its own (decision 1883): one line, in the roll-up's order
    theirs = figures.waiting_entries > figures.unattended and not figures.own_treasurer
    # and for the whole organisation's officer, where she confirms its labour days waiting, none of its own
    # confirming them (decision 1947)
    days = figures.waiting_labour > figures.unattended_labour and not figures.own_days_decider
    own = [
        one
        for one in stand_ins
        if (one.unit_id is not None and one.unit_id == figures.unit_id)
        or (theirs and one.unit_id is None and one.role == "treasurer")
        or (days and one.unit_id is None and one.role == "officer")
    ]
    lines += _stand_ins_line(locale, own, commune=context.commune, level=context.level)
    people, households = _names_apart(locale, figures) if names else ([], [])
    if people:
        lines.append(shared.not_registered.format(names=", ".join(people)))
    if households:
        lines.append(shared.households_not_registered.format(names=", ".join(households)))
    return "\n".join(lines)


def registrations_text(
    locale: str, context: Context, place: str, units: Sequence[UnitFigures], *, each: bool, names: bool
) -> str:
    """“ai chưa đăng ký”, asked at the menu: how many of `units` (the reader's unit, or the organisation's
    units and its people of none) registered for the year a leader's digest names (`Context.named_year`:
    next year's in December, decision 0972) and how many not, the whole's first; `each`: a line for each
    unit with someone in it, the most not registered first; `names`: who has not registered, as the unit's
    digest names them (`access.may_name_unregistered`). Counts and names only, never an amount; those on long
    leave are not among the people (0740) (decision 1728). A unit registers its own commitment as a
    collective beside its people's (“Đăng ký của đơn vị”): the whole says how many units did, each unit
    whether it did (decision 1810), a commune's hamlets or street groups in its own words (1881). Once the
    year's registration has closed, who has not registered did not, said so with the day (decision 1882)."""
    year = context.named_year
    assert year is not None
    t = Translator(locale)
    closed = year.closed  # who has not registered by now did not: no longer someone to ask (decision 1882)

    def registered(one: UnitFigures) -> YearRegistrations:
        return one.this_year if year.year == context.year else one.years.get(year.year, YearRegistrations())

    def missing(one: UnitFigures) -> int:
        counted = registered(one)
        return one.people - counted.people + one.households - counted.households

    def parts(people: int, households: int, counted: YearRegistrations) -> str:
        said = []
        if people or not households:
            line = (
                t("{registered}/{people} people registered, {missing} did not")
                if closed
                else t("{registered}/{people} people registered, {missing} not yet")
            )
            said.append(
                line.format(registered=counted.people, people=people, missing=people - counted.people)
                if people
                else t("no one listed yet")
            )
        if households:
            line = (
                t("{registered}/{households} households registered, {missing} did not")
                if closed
                else t("{registered}/{households} households registered, {missing} not yet")
            )
            said.append(
                line.format(
                    registered=counted.households,
                    households=households,
                    missing=households - counted.households,
                )
            )
        return "; ".join(said)

    def collective(one: UnitFigures) -> str:
        # a commune's hamlet or street group is no office's “đơn vị”: its name leads the line (decision 1881)
        hamlet = context.commune and one.hamlet
        if registered(one).units:
            return t("registered as a collective") if hamlet else t("the unit registered as a collective")
        if closed:
            return (
                t("did not register as a collective")
                if hamlet
                else t("the unit did not register as a collective")
            )
        return (
            t("has not registered as a collective yet")
            if hamlet
            else t("the unit has not registered as a collective yet")
        )

    total = sum((registered(one) for one in units), YearRegistrations())
    people, households = sum(one.people for one in units), sum(one.households for one in units)
    said = parts(people, households, total)
    named = [one for one in units if one.name]  # the units; the people of none register no collective
    if each and named:
        # a commune whose units are all hamlets or street groups counts them so, as its papers do (1825, 1881)
        hamlets = context.commune and all(one.hamlet for one in named)
        counted = {
            (False, False): t("{registered}/{units} units registered as a collective, {missing} not yet"),
            (False, True): t("{registered}/{units} units registered as a collective, {missing} did not"),
            (True, False): t(
                "{registered}/{units} hamlets or street groups registered as a collective, {missing} not yet"
            ),
            (True, True): t(
                "{registered}/{units} hamlets or street groups registered as a collective, {missing} did not"
            ),
        }[hamlets, closed]
        said += "; " + counted.format(
            registered=total.units, units=len(named), missing=len(named) - total.units
        )
    elif named:
        said += "; " + "; ".join(collective(one) for one in named)
    heading = (
        t("{registrations} of {place} (registration closed on {date}): {parts}.")
        if closed and year.closed_on is not None
        else t("{registrations} of {place}: {parts}.")
    )
    lines = [
        heading.format(
            registrations=_registrations(t, locale, year),
            place=place,
            parts=said,
            date=t.date(year.closed_on) if year.closed_on is not None else "",
        )
    ]
    if each:
        listed = [one for one in units if one.name and (one.people or one.households)]
        for one in sorted(listed, key=lambda one: (-missing(one), sort_key(one.name))):
            lines.append(
                f"• {one.name}: {parts(one.people, one.households, registered(one))}; {collective(one)}"
            )
    for one in units if names else ():
        unlisted, unlisted_households = _names_apart(locale, one)
        if unlisted:
            lines.append(_not_registered(t, year, households=False).format(names=", ".join(unlisted)))
        if unlisted_households:
            lines.append(
                _not_registered(t, year, households=True).format(names=", ".join(unlisted_households))
            )
    lines.append(t("Who took part and gave, in the week's digest: /digest."))
    return "\n".join(lines)


class StandIn(NamedTuple):
    """A treasurer's, an officer's or a unit leader's role held to stand in for colleagues on long leave, as
    the roll-up says it: her name, the role and where (`place`: the unit's name; None: the whole
    organisation), whom she stands in for and, while one of them is away, the last day of the latest leave
    (decisions 1688, 1730); `unit_id`, the unit's, for the unit's own digest (decision 1809)."""

    name: str
    role: str
    place: str | None
    heads: tuple[str, ...]
    until: date | None
    unit_id: int | None = None
    training: bool = False  # every one of `heads` away today is away on training: said so (decision 2445)


async def stand_ins_read(session: AsyncSession, org_id: int, today: date) -> tuple[StandIn, ...]:
    """The organisation's treasurers and officers standing in for a colleague on leave today, as `people
    list` reads them (`leave_end.standing_in_for`, decision 1589), for the roll-up: names and roles, no
    amount, nothing of why anyone is away (decision 1688); and the leaders standing in for a unit's leader
    while she is away (1348): a leader's stand-in keeps the role after the leave until the office takes it
    back (1230), so she is said only while the one she stands in for is away (decision 1730)."""
    from bot.domain.leave_end import (  # it reads the roles, which read these
        covered_until,
        people_and_units,
        standing_in_for,
    )

    covering = {
        place: heads
        for place, heads in (await standing_in_for(session, org_id)).items()
        if heads
        and (
            place[1] in COVERED_ROLES
            or (place[1] == "leader" and any(is_away(head, today) for head in heads))
        )
    }
    if not covering:
        return ()
    people, units = await people_and_units(session, {p for p, _r, _u in covering}, covering)
    said = []
    for (person_id, role, unit_id), all_heads in covering.items():
        for heads in _by_leave(all_heads, today):  # one at a course, another on leave: a line each (2773)
            said.append(
                StandIn(
                    people[person_id].full_name if person_id in people else "",
                    role,
                    units[unit_id].name if unit_id in units else None,
                    tuple(head.full_name for head in heads),
                    covered_until(heads, today),
                    unit_id,
                    away_on_training(heads, today),
                )
            )
    return tuple(
        sorted(said, key=lambda one: (one.role, sort_key(one.place or ""), person_sort_key(one.name)))
    )


def _by_leave(heads: Sequence[Person], today: date) -> list[Sequence[Person]]:
    """Whom one stand-in covers, as the roll-up says them: where some of those away today are at a course
    and the others on leave (`away_some_on_training`), those at a course apart from the rest, each said on its
    own line, with its own last day (decision 2773); else all together."""
    if not away_some_on_training(heads, today):
        return [heads]
    return [
        [head for head in heads if is_on_training(head, today)],
        [head for head in heads if not is_on_training(head, today)],
    ]


def _stand_ins_line(
    locale: str, stand_ins: Sequence[StandIn], *, commune: bool, level: str | None = None
) -> list[str]:
    """“Đang làm thay người nghỉ dài ngày: Lê Văn Cường (cán bộ công đoàn/vận động toàn cơ quan) thay Nguyễn
    Văn An đến 10/01/2027.”: who stands in for whom, so that the head knows whom to ask (decision 1688); for
    those away on training, “Đang làm thay người đi học, tập huấn: …”, a line of its own (decision 2445); a
    ward's whole in its word, “(cán bộ Mặt trận toàn phường)” (`level`, decision 2844)."""
    on_leave = [one for one in stand_ins if not one.training]
    training = [one for one in stand_ins if one.training]
    t = Translator(locale)
    lines = []
    if on_leave:
        lines.append(
            t("Standing in during a long leave: {who}.").format(
                who=_stand_ins_each(t, on_leave, commune, level)
            )
        )
    if training:
        lines.append(
            t("Standing in during training: {who}.").format(who=_stand_ins_each(t, training, commune, level))
        )
    return lines


def _stand_ins_each(t: Translator, stand_ins: Sequence[StandIn], commune: bool, level: str | None) -> str:
    each = []
    for one in stand_ins:
        role = role_at(t, one.role, role_place(t, one.place, commune=commune, level=level), commune=commune)
        line = (
            t("{name} ({role}) in place of {heads} until {date}")
            if one.until is not None
            else t("{name} ({role}) in place of {heads}")
        )
        heads = ", ".join(one.heads)
        each.append(
            line.format(name=one.name, role=role, heads=heads, date=t.date(one.until) if one.until else "")
        )
    return "; ".join(each)


def _waiting_line(shared: _Shared, n: int, units: Sequence[UnitFigures]) -> str:
    """“Khoản chờ xác nhận: 1 (khoản lâu nhất chờ từ 02/12/2026; thủ quỹ xác nhận)”: the entries waiting, with
    the day the longest waiting of them was recorded and whose they are to confirm, a role, not a name: the
    treasurer's, and an officer's too where labour days wait, all of them or some (decisions 0434, 1729);
    nobody's where no one may confirm any of them, as the line under it says why (decisions 0389, 1808); where
    no one may confirm some of them, whose the others are and how many wait for nobody (decision 1880).
    The same line every Monday said nothing of how long nor whom to ask (decision 1689)."""
    since = min((u.waiting_since for u in units if u.waiting_entries and u.waiting_since), default=None)
    count = format_number(n, shared.locale)
    if since is None:
        return shared.waiting.format(n=count)
    # who confirms what waits, by the one rule: labour days an officer too (decisions 0434, 1729, 1806);
    # nobody, where none may (decision 1808)
    # of those someone may confirm (decision 1880): where some wait for nobody, who confirms the others, and
    # how many wait for nobody, so that a roll-up of units with and without a treasurer names none untruly
    nobody = sum(u.unattended for u in units)
    days = sum(u.waiting_labour for u in units) - sum(u.unattended_labour for u in units)
    if nobody >= n:
        said = shared.waiting_since_nobody
    else:
        who = who_confirms({*(["labour"] if days else []), *(["money"] if days < n - nobody else [])})
        said = {
            EITHER_CONFIRMS: shared.waiting_since_days_but if nobody else shared.waiting_since_days,
            BOTH_CONFIRM: shared.waiting_since_mixed_but if nobody else shared.waiting_since_mixed,
            TREASURER_CONFIRMS: shared.waiting_since_but if nobody else shared.waiting_since,
        }[who]
    return said.format(
        n=count,
        date=format_date(local_date(since), shared.locale),
        officer=shared.days_officer,
        nobody=format_number(nobody, shared.locale),
    )


def _money_lines(
    locale: str,
    shared: _Shared,
    figures: UnitFigures,
    context: Context,
    drive_whole_vnd: int,
    together: bool = False,
    week_held: WeekHeld = ALL_SAID,
    lag: Lag | None = None,
    year_together: bool = False,
    *,
    drive_held: bool = False,
    waiting_held: WaitingHeld = None,
    week_said: list[WeekHeld] | None = None,
) -> list[str]:
    """A unit's gifts: the week's and the year's by kind, confirmed and waiting, from donors, against its
    commitment and to the running drive (beside the whole organisation's `drive_whole_vnd`); the year's as
    of its last release, and no figure waiting, where the reader reads it so (`lag`, decision 0599), its
    money and goods as one figure where `year_together` (decision 1207); what is confirmed, where what waits
    is one or two people's gift (`waiting_held`, decision 1550). `week_said`: where given, the week as said
    is appended to it, for the chart to draw as the text says it (decision 1931)."""
    year = released_total(figures, lag)
    week_held = week_past_release(week_held, lag, context, figures.week_kind_givers)
    floor = confirmed_floor(year, lag, figures.confirmed_vnd)
    if waiting_held == "whole":  # what is confirmed is one or two people's gift too: no part said (1550)
        floor = None
    elif waiting_held and floor is None and year["money"] + year["goods"] != figures.confirmed_vnd:
        # the year (to the day, or its release) less the confirmed would be their gift (1550)
        floor = {**year, "money": figures.confirmed_vnd, "goods": 0}
    waiting = figures.waiting_vnd != 0  # what the floor's words say waits (decision 1436)
    week_held = year_leaves_out_waiting(
        week_held,
        floor is not None and not _is_year(context),  # a year asked whole says its period as the year (1644)
        figures.waiting_vnd,
        [figures],
        figures.week_kind_givers,
    )
    if week_said is not None:
        week_said.append(week_held)
    # a year with no goods says its money as it was: no goods' figure to tell apart
    year_goods_with_money = (
        together
        or (year_together and year["goods"] != 0)
        or (floor is not None and figures.total["goods"] != 0)
    )
    lines = [
        shared.week.format(
            kinds=_kinds(
                locale,
                _period_said(context, figures.week, year if floor is None else floor),
                shared.kinds,
                together=together or week_held.together or (_is_year(context) and year_goods_with_money),
                unvalued=figures.unvalued_week,
                givers=_givers_said(week_held, [figures]),
                beside=week_held.beside,
                other_year=week_held.other_year,
                past_release=week_held.past_release,
                waiting=week_held.waiting,
            )
        )
        + _week_before(locale, shared, figures.week, figures.weekly_vnd, week_held),
        shared.year.format(
            kinds=_kinds(
                locale,
                year if floor is None else floor,
                shared.kinds,
                together=year_goods_with_money,
                unvalued=figures.unvalued_total,
            )
        )
        + _year_words(
            locale,
            lag,
            floor is not None,
            goods=year_goods_with_money,
            waiting=waiting and not week_held.waiting,  # the week's line above says why, once (2044)
            with_waiting=year_together,
        ),
    ]
    lines += _confirmed_lines(
        locale, shared, [figures], lag is not None, floored=floor is not None, apart=waiting_held != "whole"
    )
    if figures.from_donors_vnd:
        lines.append(_from_donors_line(locale, figures.from_donors_vnd))
    if figures.collective_target_vnd:
        target = figures.collective_target_vnd
        commitment = shared.commitment_of_hamlet if figures.hamlet else shared.commitment
        reached = figures.confirmed_vnd
        if waiting_held == "whole":  # of the year's line, said already: what is confirmed is not (1665)
            commitment = (
                shared.commitment_with_waiting_of_hamlet if figures.hamlet else shared.commitment_with_waiting
            )
            reached = year["money"] + year["goods"]
        lines.append(
            commitment.format(target=format_vnd(target, locale), percent=min(999, reached * 100 // target))
        )
    if shared.drive:
        if drive_held:  # its figure, or the year's less it, would be one or two people's gift (1466)
            drive_line = shared.drive_held_of_hamlet if figures.hamlet else shared.drive_held
            if figures.drive_days:  # no gift in đồng: said as the year's labour days are (1552)
                days = _kinds(locale, {"money": 0, "goods": 0, "labour": figures.drive_days})
                drive_line = translate(locale, "{held}; given to it: {labour}").format(
                    held=drive_line, labour=days
                )
        elif figures.drive_vnd or figures.drive_days:
            drive_line = shared.drive_of_hamlet if figures.hamlet else shared.drive
            given = {"money": figures.drive_vnd, "goods": 0, "labour": figures.drive_days}
            drive_line = drive_line.format(given=_kinds(locale, given, ("{value}", "{value}")))
        else:
            drive_line = shared.no_drive_of_hamlet if figures.hamlet else shared.no_drive
        target = context.drive.target_vnd if context.drive is not None else None
        if shared.drive_whole and target and drive_whole_vnd > 0:
            # rounded down and capped as the roll-up's own line
            percent = min(999, drive_whole_vnd * 100 // target)
            drive_line += shared.drive_whole.format(
                percent=percent, given=format_vnd(drive_whole_vnd, locale)
            )
        else:
            drive_line += shared.drive_target
        lines.append(drive_line)
    return lines


def _held_lines(locale: str, shared: _Shared, figures: UnitFigures) -> list[str]:
    """A unit whose money and goods the reader may not see (one or two gave them in the year, decision 0304,
    or it is pooled in the roll-up she reads too, 0323): its labour days, where there are any, and one line
    saying why no figure in đồng is given, and who sees it. A drive's few givers hold its line alone, never
    the year's (`drive_held`, decision 1466, where 0678 named the drive here): one reason, the same each
    Monday."""
    labour = {"money": 0, "goods": 0, "labour": figures.week["labour"]}
    # what is no figure in đồng is said: the labour days and the goods given with no value (decision 0430)
    week = (
        [_kinds(locale, labour, unvalued=figures.unvalued_week)]
        if labour["labour"] or figures.unvalued_week
        else []
    )
    # and that money or goods were given in the week, by how many, where the year's one or two givers hold
    # its figure: a week with gifts is never a week of nothing (a new year's first days: decision 1884)
    gave = fewest_givers(figures.week_kind_givers)
    if 0 < figures.money_givers < FEWEST_GIVERS and gave and (figures.week["money"] or figures.week["goods"]):
        gave = len(figures.week_givers) or gave  # each giver once, whatever she gave (decision 1948)
        said = translate_plural(
            locale,
            "{n} person gave money or goods (no figure: fewer than three gave this year)",
            "{n} people gave money or goods (no figure: fewer than three gave this year)",
            gave,
        )
        week.insert(0, said.format(n=format_number(gave, locale)))
    if not week and not (figures.week["money"] or figures.week["goods"]):
        # a quiet week is said as every unit's Monday says it, no figure to hold back (decision 2210)
        week = [_kinds(locale, labour)]
    lines = [shared.week.format(kinds=", ".join(week))] if week else []
    if figures.total["labour"] or figures.unvalued_total:
        year = {"money": 0, "goods": 0, "labour": figures.total["labour"]}
        lines.append(shared.year.format(kinds=_kinds(locale, year, unvalued=figures.unvalued_total)))
    lines += _labour_confirmed(locale, shared, [figures])
    if 0 < figures.money_givers < FEWEST_GIVERS:
        line = translate(
            locale,
            "Money and goods: fewer than three of the unit's people gave them this year, so their "
            "figure, which would be one person's gift, is not shown here; the unit's treasurer and "
            "{officers} see it.",
        ).format(officers=shared.officers)
    else:  # read by the roll-up's reader, who reads it only pooled with a held unit (decision 0323)
        line = translate(
            locale,
            "Money and goods: the weekly digest of all units says this unit's figure only together with "
            "units where fewer than three people gave, so it is not shown here (that line less it would be "
            "their gift); the unit's treasurer and {officers} see it.",
        ).format(officers=shared.officers)
    lines.append(line)
    return lines


def _confirmed_lines(
    locale: str,
    shared: _Shared,
    units: list[UnitFigures],
    lagging: bool = False,
    *,
    floored: bool = False,
    apart: bool = True,
    rollup: bool = False,
    none_said: bool = False,
) -> list[str]:
    """Under the year's line of `units` (a unit's digest, or the roll-up's organisation): their money and
    goods confirmed and waiting, where they gave money or goods — a hamlet that has given nothing yet read
    “chưa có khoản đóng góp nào”, then “0 ₫ … 0 ₫” under it, a unit or a commune that gave labour days alone
    the same “0 ₫ … 0 ₫” (decisions 0485, 0516) —, then their labour days confirmed and waiting. `lagging`:
    the year's figure above is said as of its last release, so no figure waits (confirmed and waiting make
    the year's whole: decision 0599); what is confirmed is on the public statement anyway. `floored`
    (`confirmed_floor`): the year's line says the confirmed sum already, with why what waits is not said,
    so its money line would be the same figure again: only the labour days' follow (decision 1328). Not
    `apart` (`waiting_held`): what is confirmed and what waits are each one or two people's gift, said in
    one line without a figure (decision 1550), the organisation's in the roll-up (`rollup`) naming whose
    treasurers see them (decision 1700). `none_said`: the year's line above reads no money nor goods, so
    where nothing is confirmed and what waits is not said, “đã xác nhận 0 ₫, chờ xác nhận: chưa nêu” says
    nothing more; the line of what waits says it (decision 2928)."""
    confirmed, waiting = sum(u.confirmed_vnd for u in units), sum(u.waiting_vnd for u in units)
    given = any(u.total["money"] or u.total["goods"] or u.unvalued_total for u in units)
    lines = []
    said = not floored and (given or confirmed or waiting)
    if said and not apart and rollup:
        line = translate(
            locale,
            "Money and goods: what is confirmed and what waits are not shown apart here, so that no one's "
            "gift shows; the treasurers and {officers} see them",
        ).format(officers=shared.officers)
        lines.append(line)
    elif said and not apart:
        line = translate(
            locale,
            "Money and goods: what is confirmed and what waits are not shown apart here, so that no one's "
            "gift shows; the unit's treasurer and {officers} see them",
        ).format(officers=shared.officers)
        lines.append(line)
    elif said and lagging and not confirmed and none_said:
        pass  # nothing confirmed, what waits not said: none of it a figure (decision 2928)
    elif said and lagging:
        line = translate(
            locale,
            "Money and goods confirmed {confirmed}, waiting for confirmation: not said yet",
        )
        lines.append(line.format(confirmed=format_vnd(confirmed, locale)))
    elif said and confirmed > 0 and waiting == 0 and not any(u.unvalued_waiting for u in units):
        # the year's line above is this figure: “đã xác nhận X, chờ xác nhận 0 ₫” said it again (1467)
        lines.append(translate(locale, "Money and goods: all confirmed"))
    elif said:
        waiting_said = format_vnd(waiting, locale)
        if unvalued := sum(u.unvalued_waiting for u in units):  # “…, chờ xác nhận 0 ₫; 1 khoản hiện vật…”
            gifts = translate_plural(
                locale,
                "{n} gift of goods with no value given",
                "{n} gifts of goods with no value given",
                unvalued,
            )
            waiting_said = f"{waiting_said}; {gifts.format(n=format_number(unvalued, locale))}"
        lines.append(shared.confirmed.format(confirmed=format_vnd(confirmed, locale), waiting=waiting_said))
    return lines + _labour_confirmed(locale, shared, units)


def _labour_confirmed(locale: str, shared: _Shared, units: Iterable[UnitFigures]) -> list[str]:
    """“Ngày công đã xác nhận 1.200, chờ xác nhận 300”: the year's labour days of `units` that an officer or
    a treasurer confirmed and those still waiting, as the drive's screen says them apart; nothing where none
    waits, every day said being confirmed then (decision 0485). Written as the year's line writes its days
    (“1.500 ngày công”, decision 0516)."""
    units = list(units)
    confirmed = sum(unit.confirmed_days for unit in units)
    waiting = sum(unit.total["labour"] for unit in units) - confirmed
    if waiting <= 0:
        return []
    return [
        shared.labour_confirmed.format(
            confirmed=format_number(confirmed, locale), waiting=format_number(waiting, locale)
        )
    ]


def _week_before(
    locale: str, shared: _Shared, week: dict[str, int], trend: list[int], held: WeekHeld | None = None
) -> str:
    """Beside the week's gifts, the week before's money and goods (the trend's last week but one, what the
    chart draws on Telegram; Zalo shows no chart): “(tuần trước: tiền và hiện vật 3.100.000 ₫)”, so that a
    week gone quiet, or a week better than the last, reads as such on the first screen. Nothing for a
    chosen period, or when neither week had money or goods: a week of labour days alone beside “tiền và hiện
    vật 0 ₫” read as the days' comparison, with a figure of a kind nobody gave (docs/decisions/0551). Nothing
    either where the week before's is one or two people's gift the reader may not read (`held`, 0560), nor
    where it is nothing beside a week said as how many gave: “0 ₫” beside a count compares no figure the
    line says (decision 2045)."""
    if not shared.week_before or len(trend) < 2 or not (week["money"] or week["goods"] or trend[-2]):
        return ""
    if held is not None and (held.before or (held.givers is not None and not trend[-2])):
        return ""
    if held is not None and held.givers is not None and (week["money"] or week["goods"]):
        # after the week's own parenthesis, not a second one beside it: read in one breath (decision 2137)
        return "; " + shared.week_before_after.format(value=format_vnd(trend[-2], locale))
    return " " + shared.week_before.format(value=format_vnd(trend[-2], locale))


def _from_donors_line(locale: str, value: int) -> str:
    """What of the money and goods confirmed came from donors outside the organisation (decision 0083)."""
    line = translate(locale, "Of what was confirmed, from donors outside the organisation: {value}")
    return line.format(value=format_vnd(value, locale))


def _results_line(locale: str, shared: _Shared, results: dict[str, tuple[int, int]]) -> str:
    """“Other results recorded this week: Sáng kiến…: 1. In 2026 so far: Sáng kiến…: 3; Số hộ…: 5.”"""
    named = {title: title_named(locale, title) for title in results}  # glossed to a reader of English (2446)
    week = "; ".join(f"{named[title]}: {format_number(n, locale)}" for title, (n, _) in results.items() if n)
    total = "; ".join(f"{named[title]}: {format_number(n, locale)}" for title, (_, n) in results.items())
    return shared.results.format(week=week or shared.no_results, total=total)


@dataclass(frozen=True)
class _Registration:
    """The messages of who registered, in one language."""

    registered: str
    registered_and_households: str
    households_and_registered: str
    registered_households: str


@lru_cache(maxsize=8)
def _registration(locale: str) -> _Registration:
    t = translations(locale).gettext
    return _Registration(
        registered=t("Registered: {registered} of {people} people ({percent}%)"),
        registered_and_households=t(
            "Registered: {registered} of {people} people ({percent}%); households: "
            "{households_registered} of {households} ({households_percent}%)"
        ),
        households_and_registered=t(
            "Registered: {households_registered} of {households} households ({households_percent}%); "
            "people: {registered} of {people} ({percent}%)"
        ),
        registered_households=t("Registered: {registered} of {households} households ({percent}%)"),
    )


def registration_line(locale: str, figures: UnitFigures) -> str:
    """Who registered, as the digest says it (households apart where there are any): for other texts that
    speak of the same (the year's report in chat)."""
    return _registered_line(_registration(locale), figures, locale)


def _registered_line(shared: _Shared | _Registration, figures: UnitFigures, locale: str) -> str:
    """Who registered: the people, as ever where there are no households; households apart where there are
    (docs/decisions/0046), first where they outnumber the people. Registrations alone, whoever gave. The
    counts grouped by thousands, as the paper writes them (“1.200/1.503”)."""
    percent = round(figures.registered / figures.people * 100) if figures.people else 0
    registered, people = format_number(figures.registered, locale), format_number(figures.people, locale)
    households = format_number(figures.households, locale)
    households_registered = format_number(figures.households_registered, locale)
    if not figures.households:
        return shared.registered.format(registered=registered, people=people, percent=percent)
    households_percent = round(figures.households_registered / figures.households * 100)
    if not figures.people:
        return shared.registered_households.format(
            registered=households_registered, households=households, percent=households_percent
        )
    both = shared.households_and_registered if figures.mostly_households else shared.registered_and_households
    return both.format(
        registered=registered,
        people=people,
        percent=percent,
        households_registered=households_registered,
        households=households,
        households_percent=households_percent,
    )


def _participation(
    shared: _Shared, unit: UnitFigures, registered: YearRegistrations | None = None
) -> list[str]:
    """A unit's (or a block's) people who took part in the campaign year (registered or gave: decision
    0166), its households apart where it has any, first where they outnumber its people (what places it);
    with `registered` (a year's registrations, as the lines of the year just ended and next year's say
    them), those registered instead. The counts grouped by thousands, as `_registered_line` says them
    (decision 2161)."""
    people, households = unit.people, unit.households
    if not people and not households:  # a unit just made: “0/0 người (0%)” said nothing a leader could use
        return [shared.nobody_part]
    if registered is None:
        of_people, of_households = unit.took_part, unit.households_took_part
    else:
        of_people, of_households = registered.people, registered.households
    parts = []
    count = partial(format_number, locale=shared.locale)
    if _people_said(unit, of_people):
        percent = round(of_people / people * 100) if people else 0
        parts.append(
            shared.people_part.format(registered=count(of_people), people=count(people), percent=percent)
        )
    if households:
        parts.append(
            shared.households_part.format(
                registered=count(of_households),
                households=count(households),
                percent=round(of_households / households * 100),
            )
        )
    return parts[::-1] if unit.mostly_households else parts


def _people_said(unit: UnitFigures, of_people: int) -> bool:
    """Whether a unit's line says its people beside its households: always in a unit of people, and in a
    hamlet (more households than people) only where one of them took part. A hamlet lists its head as a
    person, and “0/1 người (0%)” on every hamlet's line read to a chairwoman as a hamlet of one person who
    did nothing (decision 1498). The whole organisation's line and a block's (`whole_of`, no unit) still
    say their people: a commune's staff are asked to give."""
    if unit.households and not unit.people:
        return False
    return not (unit.unit_id and unit.mostly_households and not of_people)


def _took_part_line(shared: _Shared, figures: UnitFigures) -> str:
    """Who took part in the campaign year, registered or gave (decision 0166), out of the people and out of
    the households apart where there are any (first where they outnumber the people), those registered and
    those who gave named apart once anyone took part: a unit whose people give without registering reads
    what they did. Counts only, never an amount."""
    parts = _participation(shared, figures)
    details = []
    if _people_said(figures, figures.took_part):
        details.append((figures.took_part, figures.registered, figures.gave))
    if figures.households:
        details.append((figures.households_took_part, figures.households_registered, figures.households_gave))
    if figures.mostly_households:
        details.reverse()
    count = partial(format_number, locale=shared.locale)
    told = [
        shared.took_part_detail.format(part=part, registered=count(registered), gave=count(gave))
        if took_part
        else part
        for part, (took_part, registered, gave) in zip(parts, details, strict=True)
    ]
    if leave := figures.away - figures.training:  # after who took part: those away, not counted (0740)
        told.append(
            translate_plural(
                shared.locale,
                "{n} person on long leave, not counted",
                "{n} people on long leave, not counted",
                leave,
            ).format(n=format_number(leave, shared.locale))
        )
    if figures.training:  # said as training, not leave (decision 2315)
        told.append(
            translate_plural(
                shared.locale,
                "{n} person away on training, not counted",
                "{n} people away on training, not counted",
                figures.training,
            ).format(n=format_number(figures.training, shared.locale))
        )
    return shared.took_part.format(parts="; ".join(told))


def _registration_lines(
    shared: _Shared,
    context: Context,
    figures: UnitFigures,
    this_year: YearRegistrations,
    *,
    units: int | None,
    hamlets: bool = False,
) -> list[str]:
    """Who took part in the campaign year, registered or gave (a unit's, or the organisation's `figures` of
    its `units`: decision 0166); through March, where the year just ended had any registrations, the
    registrations of the campaign year (`this_year`, how many registered as a unit said where any did) beside
    that year's final figure (the first Mondays of January otherwise read a collapse); then next year's,
    registered early, while its window is open or once anyone registered for it (docs/decisions/0080)."""
    lines = [_took_part_line(shared, figures)]
    if shared.not_open:
        lines.append(shared.not_open)
    last = context.last_year and figures.years.get(context.last_year.year)
    if shared.beside_last and last:
        # the organisation's units registered as a unit only where some did, in either year
        of = units if this_year.units or last.units else None
        lines.append(
            shared.beside_last.format(
                parts=_year_parts(shared, figures, this_year, units=of, hamlets=hamlets),
                last_parts=_year_parts(shared, figures, last, units=of, hamlets=hamlets),
            )
        )
    following = context.next_year
    early = following and figures.years.get(following.year)
    if shared.next_year and following is not None and early is not None and (early or following.closes_on):
        of = units if this_year.units or early.units else None
        lines.append(
            shared.next_year.format(parts=_year_parts(shared, figures, early, units=of, hamlets=hamlets))
        )
    return lines


def _year_parts(
    shared: _Shared,
    figures: UnitFigures,
    year: YearRegistrations,
    *,
    units: int | None,
    hamlets: bool = False,
) -> str:
    """A year's registrations out of `figures`' people and households, as the roll-up's line of a unit
    reads (“0/20 người (0%), hộ gia đình 3/150 (2%)”): with the units registered as a unit first, out of
    `units`, when given (the organisation's); else a unit's own registration as a unit last (“đã đăng ký
    tập thể”); `hamlets`: the units are a commune's hamlets or street groups, counted so (decision 1946)."""
    parts = _participation(shared, figures, year)
    if units is not None:
        counted = shared.units_part_hamlets if hamlets else shared.units_part
        parts.insert(0, counted.format(registered=year.units, units=units))
    elif year.units:
        parts.append(shared.unit_registered)
    return ", ".join(parts)


def _rollup_unit_line(
    locale: str,
    shared: _Shared,
    unit: UnitFigures,
    *,
    money: bool = True,
    lags: bool = False,
    whole: bool = False,
    heading_says: bool = False,
) -> str:
    """A unit in the roll-up: its participation (and whether it registered as a unit), and what it gave
    (not where its `money` is said with others', `pooled`); no figure waiting where its year's figure
    `lags` for the reader (confirmed and waiting make it whole, decision 0599), said on the line, or only
    on the list's heading where every unit's lags (`heading_says`, decision 2136); the year's figure alone,
    with what waits and saying so, where what is confirmed is one or two people's gift (`whole`,
    `rollup_whole_held`, decision 1700)."""
    parts = _participation(shared, unit)
    if unit.collective_registered:
        parts.append(shared.unit_registered)
    if not money:
        return f"• {unit.name}: {', '.join(parts)}"
    # What the unit gave counts what a treasurer confirmed (decision 0044), waiting apart, as the lines above;
    # the list's heading says so once, not each of its lines (docs/decisions/0071)
    if not (unit.confirmed_vnd or unit.waiting_vnd or unit.unvalued_total) and unit.total["labour"]:
        # labour days alone: its days, not “0 ₫” for money nobody gave (docs/decisions/0602)
        return f"• {unit.name}: {', '.join([*parts, _rollup_days(locale, shared, unit)])}"
    confirmed = format_vnd(unit.confirmed_vnd, locale)
    if whole:  # as its leader's digest says it: the year, as of its release, neither part (1665, 1700)
        released_year = released_total(unit, unit.lag if lags else None)
        year = format_vnd(released_year["money"] + released_year["goods"], locale)
        parts.append(f"{year} {translate(locale, '(including gifts waiting for confirmation)')}")
    elif lags and heading_says:
        parts.append(confirmed)
    elif lags:
        parts.append(translate(locale, "{confirmed} (waiting: not said yet)").format(confirmed=confirmed))
    elif unit.waiting_vnd:
        waiting = format_vnd(unit.waiting_vnd, locale)
        parts.append(shared.unit_confirmed_waiting.format(confirmed=confirmed, waiting=waiting))
    else:
        parts.append(confirmed)
    return f"• {unit.name}: {', '.join(parts)}"


def _gave_to_drive_before(context: Context, unit: UnitFigures, *, waiting: bool = False) -> bool:
    """A unit with nothing in the campaign year that gave to the running drive, begun the year before: its
    gift, confirmed, counted in its days of that year (decision 1535); with `waiting`, one whose gifts to it
    all still wait for a treasurer, which took part too (decision 1672)."""
    drive = context.drive
    if drive is None or drive.starts_on.year >= context.year:
        return False
    confirmed = bool(unit.drive_vnd or unit.drive_days)
    return bool(unit.drive_waiting) and not confirmed if waiting else confirmed


def _not_started(unit: UnitFigures) -> bool:
    """A unit with people or households of whom nobody has registered or given this year, nor the unit
    registered as one, and with nothing in its ledger: its roll-up line would read “0/4 người (0%), 0 ₫”."""
    return bool(
        (unit.people or unit.households)
        and not (unit.took_part or unit.households_took_part or unit.collective_registered)
        and not (unit.confirmed_vnd or unit.waiting_vnd or unit.unvalued_total or any(unit.total.values()))
    )


def _rollup_days(locale: str, shared: _Shared, unit: UnitFigures) -> str:
    """“600 ngày công (chờ 100 ngày công)”: a unit's labour days of the year in the roll-up's list, confirmed,
    those still waiting in brackets as its money's are."""
    days = {"money": 0, "goods": 0, "labour": unit.confirmed_days}
    confirmed = _kinds(locale, days) if unit.confirmed_days else format_number(0, locale)
    waiting = unit.total["labour"] - unit.confirmed_days
    if waiting <= 0:
        return confirmed
    waiting_days = _kinds(locale, {"money": 0, "goods": 0, "labour": waiting})
    return shared.unit_confirmed_waiting.format(confirmed=confirmed, waiting=waiting_days)


def _deadline_lines(locale: str, context: Context, *, unit: str | None) -> list[str]:
    """The deadlines ahead as `unit`'s leader reads them (None: the roll-up's reader). A unit's digest leaves
    out what the organisation's office sends upward (audience "admin": its dossier to the department, its own
    report), which the unit has nothing to do for; the roll-up, read by those who sign it, keeps every
    deadline. Each is said as its reminder says it (bot.domain.reminder_lines, docs/decisions/0064): a plan's
    award or report deadline for the units' leaders from the reader's seat ("Thôn 3 gửi hồ sơ đề nghị khen
    thưởng về UBND xã …: hạn 10/12/2026.", to the head "Hạn các đơn vị gửi … về …"; the organisation's own
    "<org> gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026."), not with the plan's
    title, written for a school or a hospital ("Các phòng, khoa, trung tâm …"). The lines are templates, what
    was read escaped: with `unit` "{unit}", to fill with the unit's name (`_Shared.deadlines`, made once per
    run: the same for every unit but for the name); the units' award deadline's line ends in "{standing}",
    to fill with where the unit, or the units, stand on their proposals (decision 0198), or nothing; once
    that deadline has gone by, the roll-up's line of the organisation's own dossier ends in it (0883), and a
    unit's digest says that dossier's day too, with that a late proposal may still be sent (1468)."""
    escape = _escaped
    # once the units' award deadline has gone by, the dossier's day is a unit's last to propose (0883): said
    upward_awards = _upward_awards_only(context)
    deadlines = [
        d
        for d in context.deadlines
        if not (unit is not None and d.audience == "admin")
        or (upward_awards and not d.local and deadline_kind(d.code) == "award")
    ]
    ends_on = context.drive_ends_on if context.drive is not None else None
    if not deadlines and ends_on is None:
        return [escape(translate(locale, "No deadlines in the next 14 days."))]
    lines = [escape(translate(locale, "Deadlines in the next 14 days:"))]
    for deadline in deadlines:
        if ends_on is not None and ends_on < deadline.on:  # the drive's end in its place, by day
            lines.append(_drive_ends_line(locale, context, escape))
            ends_on = None
        kind = deadline_kind(deadline.code) if deadline.audience in ("leader", "admin") else None
        title = escape(deadline.title)
        if kind is None or (deadline.audience == "admin" and deadline.local):
            line = DeadlineLine(title, deadline.on)
        elif deadline.audience == "admin":  # the organisation's own submission upward, apart from the units'
            line = DeadlineLine(title, deadline.on, kind, escape(context.org), upward=True)
        elif deadline.local:  # the organisation's own words; to the head, the units' deadline
            line = DeadlineLine(title, deadline.on, kind if unit is None else None)
        else:
            line = DeadlineLine(
                title,
                deadline.on,
                kind,
                escape(context.org),
                unit,
                commune=context.commune,
                whole=unit is None and context.one_unit,
            )
        units_line = deadline.audience == "leader" or (unit is None and upward_awards)
        standing = "{standing}" if kind == "award" and units_line else ""
        if unit is not None and deadline.audience == "admin":  # a unit may still propose, late (1468)
            standing = " " + escape(
                translate(
                    locale,
                    "You can still propose (/dekhenthuong): the office will be told and can add it, unless "
                    "the council has already decided.",
                )
            )
        lines.append(f"• {line.text(locale)}{standing}")
    if ends_on is not None:
        lines.append(_drive_ends_line(locale, context, escape))
    return lines


def _drive_ends_line(locale: str, context: Context, escape: Callable[[str], str]) -> str:
    """“• Đợt vận động “Quỹ 2026” kết thúc ngày 11/12/2026.”: the running drive's last day."""
    assert context.drive is not None and context.drive_ends_on is not None
    line = translate(locale, "{drive} ends on {date}.").format(
        drive=drive_named(locale, context.drive.title), date=format_date(context.drive_ends_on, locale)
    )
    line = sentence(line)
    return f"• {escape(line)}"


def _weekly(period: Period) -> bool:
    """Seven dates (the Monday digest's whole days, or /baocao's today and the six before) speak of "this
    week"; other chosen days or dates (/baocao 30) of "this period", and so does a month or a year asked,
    seven days of it so far or not (decision 2871)."""
    if period.week is not None:
        return period.week
    return (period.last_day - local_date(period.starts)).days == 6


def _period_words(locale: str, context: Context) -> str:
    """What a digest that is no week says it covers, in its header: its dates (“08/11/2026 – 07/12/2026”),
    or a month or a year asked by its name (“tháng 11/2026”, “năm 2025”), its dates after the name where it
    is read so far, through today (“tháng 12/2026 (01/12/2026 – 07/12/2026)”): decision 2942."""
    period = context.period
    first, last = local_date(period.starts), period.last_day
    dates = f"{_day(period.starts, locale)} – {_day(period.ends - timedelta(seconds=1), locale)}"
    if period.span == "month":
        named = translate(locale, "month {month}").format(month=format_month(first, locale))
        whole = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif period.span == "year":
        named = translate(locale, "year {year}").format(year=first.year)
        whole = date(first.year, 12, 31)
    else:
        return dates
    return named if last == whole else f"{named} ({dates})"


def _is_year(context: Context) -> bool:
    """The period asked is the digest's year from its first day (“/baocao 2026”): its line and the year's
    speak of the same days."""
    return not _weekly(context.period) and local_date(context.period.starts) == date(context.year, 1, 1)


def _period_said(context: Context, period: Mapping[str, int], year: Mapping[str, int]) -> Mapping[str, int]:
    """The period's figures, or, for the year from its first day, the year's as its line says them: what is
    confirmed where what waits is one or two people's gift, or as of its last release. Said apart, the period
    less the year was that gift (decision 1644)."""
    return year if _is_year(context) else period


def _week_words(locale: str, context: Context) -> str:
    """“Tuần này: {kinds}”, or, where the week began in the year before the one its digest reads (28/12 –
    3/1), with those days named: its gifts of 29/12 said above “Từ đầu năm 2027: chưa có khoản đóng góp
    nào” read as the new year's, which the line under them says they are not (decision 1328). The figure is
    the whole week's: the words say the week takes in those days, never that it is their part (1460)."""
    t = partial(translate, locale)
    weekly = _weekly(context.period)
    first = local_date(context.period.starts)
    if not first.year < context.year <= context.period.last_day.year:
        return t("This week: {kinds}") if weekly else t("In this period: {kinds}")
    said = (
        t("This week, which takes in days of {year} ({start} – {end}): {kinds}")
        if weekly
        else t("In this period, which takes in days of {year} ({start} – {end}): {kinds}")
    )
    end = date(context.year - 1, 12, 31)
    return said.format(
        start=format_date(first, locale), end=format_date(end, locale), year=context.year - 1, kinds="{kinds}"
    )


@lru_cache(maxsize=256)
def _day(value: datetime, locale: str) -> str:
    return format_date(value, locale)


class YearEnded(NamedTuple):
    """The year just ended, beside the campaign year in the roll-up from January to March (decision 1008):
    its gifts, the whole organisation's (`year_ended`): what was confirmed and what waits, kind by kind;
    `said`: the reader may read its running money (`access.may_see_running_money`), else he is pointed to its
    report, which holds what one late gift would tell (decision 0665)."""

    year: int
    confirmed: StatementTotals
    waiting: StatementTotals
    said: bool


# What `year_ended` reads: the year's confirmed and waiting gifts, kind by kind (decision 1106).
YearTotals = tuple[StatementTotals, StatementTotals]


async def year_ended(session: AsyncSession, org_id: int, context: Context) -> YearTotals | None:
    """Through March of the campaign year, the gifts of the year just ended of the whole organisation, as its
    statement and report count them (late confirmations, a credit of 31/12 recorded in January, 0888):
    (confirmed, waiting), the line's figures and no more, neither its givers nor who they are (decision
    1106); None otherwise, or where it had none."""
    last_day = context.period.last_day
    if context.year != last_day.year or last_day.month > LAST_YEAR_UNTIL_MONTH:
        return None
    given = await totals_of(session, Contribution.org_id == org_id, Contribution.year == context.year - 1)
    return given if any(t.any for t in given) else None


def year_ended_read(
    actor: Actor, org_id: int, context: Context, totals: YearTotals | None
) -> YearEnded | None:
    """The year just ended as `actor` reads it in the roll-up (`totals`: `year_ended`'s): its figures where
    he may read its running money, else pointed to its report (decision 1008); None where there are none."""
    if totals is None:
        return None
    confirmed, waiting = totals
    return YearEnded(context.year - 1, confirmed, waiting, may_see_running_money(actor, org_id, None))


def _year_ended_lines(locale: str, ended: YearEnded | None) -> list[str]:
    """“Cả năm 2026 (năm vừa qua): đã xác nhận tiền …; chờ xác nhận tiền …, 3 ngày công”, or where it is read
    (1008). What waits is said kind by kind, as what is confirmed, labour days too: the line is the year's
    final figure. Nothing confirmed yet reads “0 ₫”, never “đã xác nhận chưa có khoản đóng góp nào”."""
    if ended is None:
        return []
    if not ended.said:  # that some of it waits, no figure: its report, which he signs, still moves (1329)
        line = (
            translate(
                locale,
                "All of {year}, the year just ended: some gifts still wait for confirmation; the final "
                "figures are in the year's report, /baocaonam",
            )
            if ended.waiting.any
            else translate(
                locale,
                "All of {year}, the year just ended: the final figures are in the year's report, /baocaonam",
            )
        )
        return [line.format(year=ended.year)]
    confirmed, waiting = ended.confirmed, ended.waiting
    kinds, waits = (
        _kinds(
            locale,
            {"money": totals.money, "goods": totals.goods, "labour": totals.labour_days},
            unvalued=totals.goods_unpriced,
        )
        if totals.any
        else None
        for totals in (confirmed, waiting)
    )
    kinds = kinds or format_vnd(0, locale)  # all of it waits: “đã xác nhận 0 ₫; chờ xác nhận …”
    if waits is not None:
        line = translate(
            locale,
            "All of {year}, the year just ended: confirmed {kinds}; waiting for confirmation {waiting}",
        )
        return [line.format(year=ended.year, kinds=kinds, waiting=waits)]
    return [
        translate(locale, "All of {year}, the year just ended: confirmed {kinds}").format(
            year=ended.year, kinds=kinds
        )
    ]


def rollup_text(
    locale: str,
    org_name: str,
    units: list[UnitFigures],
    context: Context,
    own: OwnCollective | None = None,
    spent: Balance | None = None,
    public_url: str | None = None,
    awards: UnitsStanding | None = None,
    held: Collection[int] = (),
    outside: UnitFigures | None = None,
    week_held: WeekHeld = ALL_SAID,
    lag: Lag | None = None,
    lagging: Collection[int] = (),
    apart: Sequence[UnitFigures] = (),
    between: date | None = None,
    ended: YearEnded | None = None,
    waiting_held: bool = False,
    running: bool = True,
    stand_ins: Sequence[StandIn] = (),
    said_whole: Collection[int] = (),
    whole_held: bool = False,
    week_said: list[WeekHeld] | None = None,
    weekly_off: bool = False,
) -> str:
    """The organisation's roll-up: the organisation's figures and the deadlines ahead first (the first screen
    of a phone, the first message on Zalo), then one line per unit, highest participation first, each block
    of units a paragraph of its own, so that a long roll-up split into messages keeps a block's heading with
    its units; with `own`, the organisation's own commitment and its results among the units'; with
    `spent` (`drive_spending`), what the running drive paid out to hardship cases, handed over to the Fund
    of the level above and has left, in money,
    under its figures; with `public_url` (`drive_page_url`), the link to the running drive's public page, to
    pass on (decision 0102); with `awards` (`units_awards`), where the units stand on the line of their award
    deadline (decision 0198); `held` (`money_held`): the units whose money the reader may not see, said
    together on one line of their own (`pooled`, decision 0304); `outside`: the gifts of people of no unit
    (the head's, the office's), the organisation's own, counted in its figures as its statement counts them
    though in no unit's line (decision 0388); `week_held` (`week_held`): the week's money and goods, and the
    week before's, where they are one or two people's gift the reader may not read (decision 0560); `lag`
    (`year_lag`): the organisation's year's money and goods as of their last release, and `lagging` the
    units whose line says no figure waiting, theirs lagging for the reader (decision 0599); `apart`
    (`held_apart`): the gifts merges brought held into units, on lines of their own, counted in the
    organisation's figures and pooled, never ranked (decision 0754); `between` (`ReaderView.between`): no
    unit's money at all, as a pool would be told between two digests (decision 0879), and the day of the next
    digest, where the reader reads it (decision 0931), or, `weekly_off`, that she turned it off and how to
    turn it on (decision 2462); `ended`: the year just ended's final figure, January to March (decision 1008);
    `waiting_held` (`rollup_waiting_held`): the organisation's year said as what is
    confirmed, what waits being one or two people's gift (decision 1598); not `running`
    (`access.may_see_running_money`): a year said with what waits says so (decision 1666); `said_whole` and
    `whole_held` (`rollup_whole_held`): the units whose line says their year alone, what is confirmed of it
    one or two people's gift, and whether the organisation's own year is said so too, the confirmed of those
    units and of the people of no unit, the whole's confirmed less the units' said, being one or two
    people's (decision 1700), the waiting of the units whose line says no figure waiting left out of it
    (1744), or, as of a release, floored with the units' lines' confirmed (1745); `week_said`: where given,
    the week as the text says it is appended to it (decision 1931)."""
    t = partial(translate, locale)
    shared = _shared(locale, context)
    # its people, those of no unit among them (the head, the office: decision 0412), as its money has them
    whole = whole_of([*units, *([outside] if outside is not None else [])], org_name, context.beside)
    this_year = YearRegistrations(
        whole.registered, whole.households_registered, sum(u.collective_registered for u in units)
    )
    # the organisation's ledger: its units' gifts and those of its people of no unit
    ledger = [*units, *apart, *([outside] if outside is not None else [])]
    week_givers = _once_each(ledger)  # each giver once in the organisation (decision 2041)
    week_held = week_past_release(week_held, lag, context, week_givers)
    week = {kind: sum(u.week[kind] for u in ledger) for kind in KINDS}
    total = {
        kind: sum(u.total[kind] for u in ledger) - (lag.carried.get(kind, 0) if lag else 0) for kind in KINDS
    }
    confirmed = sum(u.confirmed_vnd for u in ledger)
    # said at least as what is confirmed, the confirmed line under it (decision 1214)
    floor = confirmed_floor(total, lag, confirmed)
    # what waits in the units whose line says what is confirmed alone (1598), where the year is said whole
    unsaid, units_floor = 0, False
    if whole_held:  # the year's confirmed less the units' said would be one or two people's (1700)
        floor = None
        if lag is None:  # the whole less every unit's line would be that waiting (decision 1744)
            alone = [u for u in [*units, *apart] if u.unit_id in lagging and u.unit_id not in said_whole]
            unsaid = sum(u.waiting_vnd for u in alone)
        elif not between:  # as of its release: never less than what its units' lines say confirmed (1745)
            said_confirmed = sum(u.confirmed_vnd for u in [*units, *apart] if u.unit_id not in said_whole)
            if said_confirmed > total["money"] + total["goods"]:
                floor, units_floor = {**total, "money": said_confirmed, "goods": 0}, True
    elif waiting_held and floor is None and total["money"] + total["goods"] != confirmed:
        # the year less the confirmed would be one or two people's gift waiting (decisions 1550, 1598)
        floor = {**total, "money": confirmed, "goods": 0}
    waiting = any(u.waiting_vnd for u in ledger)  # what the floor's words say waits (decision 1436)
    # the year's line leaves out what waits: the week's less it would be one (decision 1930)
    week_held = year_leaves_out_waiting(
        week_held,
        (floor is not None or unsaid > 0) and not _is_year(context),  # the period said as the year (1644)
        sum(u.waiting_vnd for u in ledger),
        ledger,
        week_givers,
    )
    if week_said is not None:  # the chart draws the week as it is said (decision 1931)
        week_said.append(week_held)
    year_goods_with_money = (floor is not None or unsaid > 0) and any(u.total["goods"] for u in ledger)
    # the year as its line says it: whole, as of its release, or what is confirmed (1214, 1598), or whole
    # but for the units' waiting their lines do not say (1744), money and goods then as one figure
    year_said = total if floor is None else floor
    if unsaid:
        year_said = {**total, "money": total["money"] + total["goods"] - unsaid, "goods": 0}
        year_words = " " + t(
            "(including gifts waiting for confirmation, except those of the units marked “not said yet”)"
        )
    elif units_floor:
        year_words = " " + t(
            "(the money and goods are what the units below have had confirmed; the rest is not added here, "
            "so no one's gift shows)"
        )
    else:
        year_words = _year_words(
            locale,
            lag,
            floor is not None,
            goods=year_goods_with_money,
            waiting=waiting and not week_held.waiting,  # the week's line above says why, once (2044)
            with_waiting=not running,
        )
    weekly = _weekly(context.period)
    lines = [
        (
            t("Weekly digest for {org}, {start} – {end}").format(
                org=org_name,
                start=_day(context.period.starts, locale),
                end=_day(context.period.ends - timedelta(seconds=1), locale),
            )
            if weekly
            else t("Digest for {org}, {period}").format(org=org_name, period=_period_words(locale, context))
        ),
        *_registration_lines(
            shared,
            context,
            whole,
            this_year,
            units=len(units),
            hamlets=context.commune and all(u.hamlet for u in units),
        ),
        *_lowest_line(locale, shared, units, commune=context.commune),
        _week_words(locale, context).format(
            kinds=_kinds(
                locale,
                _period_said(context, week, year_said),
                together=week_held.together or (_is_year(context) and year_goods_with_money),
                unvalued=sum(u.unvalued_week for u in ledger),
                givers=_givers_said(week_held, ledger),
                beside=week_held.beside,
                other_year=week_held.other_year,
                past_release=week_held.past_release,
                waiting=week_held.waiting,
            )
        )
        + _week_before(
            locale,
            shared,
            week,
            [sum(w) for w in zip(*(u.weekly_vnd for u in ledger), strict=True)],
            week_held,
        ),
        t("In {year} so far: {kinds}").format(
            year=context.year,
            kinds=_kinds(
                locale,
                year_said,
                together=year_goods_with_money,
                unvalued=sum(u.unvalued_total for u in ledger),
            ),
        )
        + year_words,
        *_confirmed_lines(
            locale,
            shared,
            ledger,
            lag is not None,
            floored=floor is not None,
            apart=not whole_held,
            rollup=True,
            none_said=not (year_said["money"] or year_said["goods"]),
        ),
        *_year_ended_lines(locale, ended),
    ]
    if from_donors := sum(u.from_donors_vnd for u in units):
        lines.append(_from_donors_line(locale, from_donors))
    if own is not None and own.targets:
        # against the year said where its confirmed is not said, as a unit's line is (decisions 1665, 1746)
        reached = year_said["money"] + year_said["goods"] if whole_held else confirmed
        lines.append(_own_commitment_line(locale, own, reached, with_waiting=whole_held and not units_floor))
    if context.drive is not None and context.drive.target_vnd:
        given = sum(u.drive_vnd for u in ledger)
        lines.append(
            t("{drive}: {given} confirmed of {target} ({percent}%)").format(
                drive=sentence(_drive_said(locale, context)),
                given=format_vnd(given, locale),
                target=format_vnd(context.drive.target_vnd, locale),
                # as the commitments' lines: reached with what is confirmed, rounded down
                percent=min(999, max(0, given) * 100 // context.drive.target_vnd),
            )
        )
    if context.drive is not None and spent is not None:
        # money only, as the drive's screen counts it; how many cases it helped, never who (decision 0094);
        # what it handed over to the Fund of the level above, apart (decision 0108)
        received = StatementTotals(money=sum(u.drive_money_vnd for u in ledger))
        paid = spent.spent
        money_left = Balance(received, paid, handed=spent.handed).left.money
        left = format_vnd(max(0, money_left), locale)
        if money_left < 0:  # a receipt corrected down after the money went out: never a bare negative (0121)
            over = format_vnd(-money_left, locale)
            over = t("({over} paid out beyond what was received)").format(over=over)
            left = f"{left} {over}"
        if not spent.handed:
            line = t("{drive}: {spent} paid out in support to hardship cases ({n}), {left} left.")
        elif not paid.totals.money:
            line = t("{drive}: {handed} handed over to the Fund above, {left} left.")
        else:
            line = t(
                "{drive}: {spent} paid out in support to hardship cases ({n}), {handed} handed over "
                "to the Fund above, {left} left."
            )
        said = line.format(
            drive=sentence(drive_named(locale, context.drive.title)),
            spent=format_vnd(paid.totals.money, locale),
            n=format_number(paid.cases, locale),
            handed=format_vnd(spent.handed, locale),
            left=left,
        )
        if paid.kept.money:  # out of the drive, given to nobody yet, naming no one: the sums add up (1286)
            money = t("money {money}").format(money=format_vnd(paid.kept.money, locale))
            held = t("Packs held by an officer to hand over later: {n}; {figures}.")
            said += " " + held.format(n=format_number(paid.held, locale), figures=money)
        lines.append(said)
    if context.drive is not None and public_url:
        lines.append(t("Its public page, to pass on (no names): {url}").format(url=public_url))
    for other in context.beside_drives:  # relief is not the Fund's: named apart, never in its line (0726)
        lines.append(
            t("{drive} (not of the Fund for the Poor), confirmed: {kinds}").format(
                drive=sentence(_drive_words(locale, other.title, other.closed_at, other.ended_on)),
                kinds=_kinds(locale, dict(other.confirmed), unvalued=other.unvalued),
            )
        )
    results: dict[str, tuple[int, int]] = {}  # the units' results and the organisation's added up, by item
    for found in [*(unit.results for unit in units), own.results if own is not None else {}]:
        for title, (week_n, year_n) in found.items():
            before = results.get(title, (0, 0))
            results[title] = (before[0] + week_n, before[1] + year_n)
    if results:
        lines.append(_results_line(locale, shared, results))
    standing, named_last = _awards_said(locale, awards, commune=context.commune)
    said = f" {standing}" if standing else ""
    lines.extend(line.format(standing=said) for line in _deadline_lines(locale, context, unit=None))
    # what waits for the treasurers, counted as each unit's digest counts its own
    if waiting := sum(u.waiting_entries for u in ledger):
        lines.append(_waiting_line(shared, waiting, ledger))
    # who stands in for a treasurer or an officer on leave: whom to ask meanwhile (decision 1688)
    lines += _stand_ins_line(locale, stand_ins, commune=context.commune, level=context.level)
    unattended = sorted((u for u in units if u.unattended), key=lambda u: (-u.unattended, sort_key(u.name)))
    if unattended:
        # the units with most waiting named, the others counted: 30 named ran past a phone's screen (0804);
        # one left over is named, its name as short as “và 1 đơn vị khác” (0829)
        named = UNATTENDED_NAMED if len(unattended) > UNATTENDED_NAMED + 1 else len(unattended)
        by_unit = "; ".join(f"{u.name}: {format_number(u.unattended, locale)}" for u in unattended[:named])
        if rest := unattended[named:]:
            others = (
                translate_plural(
                    locale,
                    "and {n} other hamlet or board: {entries}",
                    "and {n} other hamlets and boards: {entries}",
                    len(rest),
                )
                if context.commune
                else translate_plural(
                    locale, "and {n} other unit: {entries}", "and {n} other units: {entries}", len(rest)
                )
            )
            entries = format_number(sum(u.unattended for u in rest), locale)
            by_unit += "; " + others.format(n=format_number(len(rest), locale), entries=entries)
        lines.append(_unattended_line(locale, shared, by_unit, unattended))
    # a commune's units are its hamlets and boards, as its deadlines name them (“các thôn, ban”), not an
    # office's “đơn vị”; where what waits is said of no unit, the heading says so once, not each line of
    # the list (“(phần chờ: chưa nêu)” on every line read as if something waited everywhere, decision 2136)
    quiet = (
        bool(lagging)
        and not between
        and not said_whole
        and all(unit.unit_id in lagging for unit in [*units, *apart])
    )
    if quiet:
        heading = (
            t(
                "Hamlets and boards by participation, registered or gave (money and goods confirmed; what "
                "waits not said yet):"
            )
            if context.commune
            else t(
                "Units by participation, registered or gave (money and goods confirmed; what waits not said "
                "yet):"
            )
        )
    elif any(unit.waiting_vnd for unit in [*units, *apart]):
        heading = (
            t(
                "Hamlets and boards by participation, registered or gave (money and goods confirmed, those "
                "still waiting in brackets):"
            )
            if context.commune
            else t(
                "Units by participation, registered or gave (money and goods confirmed, those still waiting "
                "in brackets):"
            )
        )
    elif context.commune:
        heading = t("Hamlets and boards by participation, registered or gave (money and goods confirmed):")
    else:
        heading = t("Units by participation, registered or gave (money and goods confirmed):")
    if context.one_unit and not apart:  # its one unit is the whole said above: no ranking of one (2343)
        units = []
    else:
        lines += ["", heading]
    blocks = by_block(units, lambda unit: unit.block)
    together = frozenset() if between else pooled([*units, *apart], held)
    for number, (block, members) in enumerate(blocks):
        if len(blocks) > 1 or block is not None:  # an organisation without blocks: one list, as before
            lines += [""] if number else []
            lines.append(_block_heading(locale, shared, block, members))
        idle = [unit for unit in members if _not_started(unit)]
        started = [unit for unit in members if not _not_started(unit)]
        for unit in sorted(started, key=lambda u: (-u.placing, sort_key(u.name))):
            lines.append(
                _rollup_unit_line(
                    locale,
                    shared,
                    unit,
                    money=not between and unit.unit_id not in together,
                    lags=unit.unit_id in lagging,
                    whole=unit.unit_id in said_whole,
                    heading_says=quiet,
                )
            )
        # a drive across the new year is one drive: a unit that gave to it in its days of the year before
        # took part in it, and is never said to have done nothing (decision 1535)
        early = [unit for unit in idle if _gave_to_drive_before(context, unit)]
        # and one whose gifts to it wait for a treasurer: by their count, never one's amount (decision 1672)
        waits = [unit for unit in idle if _gave_to_drive_before(context, unit, waiting=True)]
        idle = [unit for unit in idle if unit not in early and unit not in waits]
        if early:
            names = ", ".join(sorted((u.name for u in early), key=sort_key))
            lines.append(
                t("• Gave to {drive} before {year} began, nothing yet in {year}: {units}").format(
                    drive=drive_named(locale, context.drive.title), year=context.year, units=names
                )
            )
        if waits:
            named = []
            for unit in sorted(waits, key=lambda u: sort_key(u.name)):
                count = translate_plural(locale, "{count} gift", "{count} gifts", unit.drive_waiting)
                named.append(f"{unit.name} ({count.format(count=format_number(unit.drive_waiting, locale))})")
            lines.append(
                t(
                    "• Gave to {drive} before {year} began, waiting to be confirmed, nothing yet in {year}: "
                    "{units}"
                ).format(
                    drive=drive_named(locale, context.drive.title), year=context.year, units=", ".join(named)
                )
            )
        if idle:  # every one named, on one line, not a screen of “0/… người (0%), 0 ₫” (decision 1328)
            names = ", ".join(sorted((u.name for u in idle), key=sort_key))
            lines.append(
                t("• Nobody has taken part in {year} yet: {units}").format(year=context.year, units=names)
            )
    # between two digests a pool told anew would restart its units' count (decision 0879); none listed, none
    if between and units and weekly_off:  # her weekly message turned off: not sent it (decision 2462)
        held_back = (
            translate(
                locale,
                "Each hamlet's and board's money is in the weekly digest, which you turned off: /nhacnho "
                "turns it on again. It is not shown between two digests, to keep private the gifts of "
                "hamlets where only one or two people have given.",
            )
            if context.commune
            else translate(
                locale,
                "Each unit's money is in the weekly digest, which you turned off: /nhacnho turns it on "
                "again. It is not shown between two digests, to keep private the gifts of units where only "
                "one or two people have given.",
            )
        )
        lines += ["", held_back]
    elif between and units:
        held_back = (  # a commune's units are its hamlets and boards, as its heading above says (0975)
            translate(
                locale,
                "Each hamlet's and board's money is in your weekly digest (the next one: {day}). It is not "
                "shown between two digests, to keep private the gifts of hamlets where only one or two "
                "people have given.",
            )
            if context.commune
            else translate(
                locale,
                "Each unit's money is in your weekly digest (the next one: {day}). It is not shown between "
                "two digests, to keep private the gifts of units where only one or two people have given.",
            )
        )
        lines += ["", held_back.format(day=Translator(locale).day_of_week(between))]
    if together:
        pool = sorted((u for u in [*units, *apart] if u.unit_id in together), key=lambda u: sort_key(u.name))
        lags = any(u.unit_id in lagging for u in pool)
        if pooled_said := _pooled_line(locale, shared, pool, lags, heading_says=quiet):
            lines += ["", pooled_said]
    if named_last:  # the units the award line counted, named after the units' list (decision 1690)
        lines += ["", t("Award proposals: units that have neither proposed nor answered yet:"), *named_last]
    return "\n".join(lines)


# How many units the roll-up's award line names before it counts them instead, naming them at its end.
AWARDS_NAMED_INLINE = 3


def _awards_said(locale: str, awards: UnitsStanding | None, *, commune: bool) -> tuple[str, list[str]]:
    """Where the units stand on their award proposals, said on the line of their deadline, and what is said
    after the units' list: nothing, where the units named apart (not answered, with no leader of their own,
    none the bot reaches, all on leave) are AWARDS_NAMED_INLINE or fewer; else their count on the line and
    their sentences at the end. On 7/12 a hospital's director read one unit, then eight “chưa có lãnh đạo
    đơn vị” with “và 3 đơn vị khác”, a screen and a half before the departments (decision 1690)."""
    if not awards:
        return "", []
    parts = [part for part in awards if part is not None]
    apart = [part for part in awards[1:] if part is not None]
    named = sum(
        len(part.units) + part.more
        for part in apart
        if isinstance(part, Leaderless) or (isinstance(part, Unanswered) and not part.counted)
    )
    if named <= AWARDS_NAMED_INLINE:
        return " ".join(part.text(locale) for part in parts), []
    count = (
        translate_plural(
            locale,
            "{n} hamlet or board has not proposed or answered yet: named at the end of this digest.",
            "{n} hamlets and boards have not proposed or answered yet: named at the end of this digest.",
            named,
        )
        if commune
        else translate_plural(
            locale,
            "{n} unit has not proposed or answered yet: named at the end of this digest.",
            "{n} units have not proposed or answered yet: named at the end of this digest.",
            named,
        )
    )
    # at the end, the units not answered and those with no leader all named, as the line promised (2043, 2046)
    return f"{awards.standing.text(locale)} {count.format(n=format_number(named, locale))}", [
        part.whole(locale) if isinstance(part, Unanswered | Leaderless) else part.text(locale)
        for part in apart
    ]


def money_held(actor: Actor | None, org_id: int, units: Iterable[UnitFigures]) -> frozenset[int]:
    """The units whose money `actor` may not read (`access.may_see_unit_money`): one or two of their people
    gave it (decision 0304)."""
    return frozenset(
        unit.unit_id
        for unit in units
        if not may_see_unit_money(actor, UnitRef(unit.unit_id, org_id), unit.money_givers)
    )


def drive_held(actor: Actor | None, org_id: int, unit: UnitFigures) -> bool:
    """Whether `actor` reads the running drive's line of `unit` without its figure: one or two of its people
    gave to the drive, or the year's money outside it, or to it for another year, so that the line, or the
    year's less it, would be their gift (`UnitFigures.drive_givers`); the year's line is said by its own
    givers (`money_held`). The year's report holds a drive one or two gave to alike (decisions 0348, 1466)."""
    return not may_see_unit_money(actor, UnitRef(unit.unit_id, org_id), unit.drive_givers)


def _waiting_few(actor: Actor | None, org_id: int, unit: UnitFigures) -> bool:
    """What of `unit`'s year waits for confirmation is one or two people's gift, and `actor` may not see the
    unit's money (`access.may_see_unit_money`, `UnitFigures.waiting_kind_givers`): nothing waits as he reads
    it where a merge's gifts are held apart (decision 0744)."""
    unit_ref = UnitRef(unit.unit_id, org_id)
    return bool(unit.waiting_vnd) and not may_see_unit_money(
        actor, unit_ref, fewest_givers(unit.waiting_kind_givers)
    )


def waiting_held(actor: Actor | None, org_id: int, unit: UnitFigures) -> WaitingHeld:
    """How `actor` reads `unit`'s year where what of it waits for confirmation, or what is confirmed while
    some waits, is one or two people's gift (`UnitFigures.waiting_kind_givers`, `confirmed_kind_givers`), the
    year's line less the other part being theirs where three or more gave in the year: None, he may read both
    (none waits, each part none or three or more people's, or he sees the unit's money); "confirmed", what
    waits is one or two people's: the year said as what is confirmed, as 1214 floors it, the confirmed line
    not said again (1550); "whole", what is confirmed is one or two people's, what waits one or two or more:
    the year said and neither part (decisions 1550, 1665)."""
    if not unit.waiting_vnd:
        return None  # nothing waits as he reads it: what is confirmed is the year's, held by its givers
    unit_ref = UnitRef(unit.unit_id, org_id)
    if unit.confirmed_vnd and not may_see_unit_money(
        actor, unit_ref, fewest_givers(unit.confirmed_kind_givers)
    ):
        return "whole"
    return "confirmed" if _waiting_few(actor, org_id, unit) else None


def week_held(
    actor: Actor | None, org_id: int, units: Iterable[UnitFigures], unit_id: int | None = None
) -> WeekHeld:
    """Of the gifts of `units` (one unit's, `unit_id`, or the whole organisation's ledger, None), the week's
    and the week before's that `actor` may not read (`access.may_see_week_money`): a leader who reads a
    year of many givers reads a week of one as one person gave, not as her gift (decision 0560). Givers are
    counted each once in the organisation, whichever units she gave in (decisions 2041, 2083, 2131)."""
    units = list(units)
    # each giver once in the organisation, who gave for another year too (decisions 2041, 2083, 2131)
    week = _once_each(units, lambda unit: unit.week_kind_people)
    other = _once_each(units, lambda unit: unit.week_other_year_people)
    weeks_read = range(max((len(u.weekly_kind_people) for u in units), default=0))
    trend = [
        _once_each(units, lambda unit, n=n: _week_of_trend(unit.weekly_kind_people, n)) for n in weeks_read
    ]
    others = [
        _once_each(units, lambda unit, n=n: _week_of_trend(unit.weekly_other_year_people, n))
        for n in weeks_read
    ]
    said, apart = may_see_week_money(actor, org_id, unit_id, week)
    # a week whose givers for another year are one or two is their gift less the year's line (1388)
    weeks = tuple(
        not may_see_week_money(actor, org_id, unit_id, kinds)[0]
        or not may_see_week_money(actor, org_id, unit_id, others[n] if n < len(others) else {})[0]
        for n, kinds in enumerate(trend)
    )
    if said and not may_see_week_money(actor, org_id, unit_id, other)[0]:
        # the week less the year's line, which leaves out gifts for another year (28–31/12 in the week of
        # 4/1, a late gift of the year just ended), would be one or two people's gift (decision 1388)
        return WeekHeld(fewest_givers(week), not apart, weeks, other_year=True)
    return WeekHeld(None if said else fewest_givers(week), not apart, weeks)


def _once_each(
    units: Iterable[UnitFigures],
    people: Callable[[UnitFigures], Mapping[str, frozenset[int]]] = lambda unit: unit.week_kind_people,
) -> dict[str, int]:
    """How many gave money and how many goods, of several units' ledgers (`people`: who, of each unit; the
    week's by default), each once in the organisation: one who gave the same kind in two of them (she moved
    that week) is one giver, whom adding up would count twice, a week of two people's gift said as three's
    (decision 2041). One count for the week, the trend's weeks and their gifts for another year (2234)."""
    units = list(units)
    return {kind: _listed_once(people(unit).get(kind) for unit in units) for kind in KINDS_GIVEN}


def _week_of_trend(weekly: Sequence[Mapping[str, frozenset[int]]], n: int) -> Mapping[str, frozenset[int]]:
    return weekly[n] if n < len(weekly) else {}


KINDS_GIVEN = ("money", "goods")


def _listed_once(listed: Iterable[frozenset[int] | None]) -> int:
    """How many people the units' lists (`listed`) hold, each once whichever units list her."""
    return len(frozenset().union(*(people for people in listed if people)))


def _people_once(
    units: Iterable[UnitFigures],
    counts: Callable[[UnitFigures], Mapping[str, int]],
    people: Callable[[UnitFigures], Mapping[str, frozenset[int]]],
) -> int:
    """How many people gave what `units` count kind by kind (`counts`; `people`, who they are where one or two
    gave a kind, `few_people`), each once whatever she gave and in whichever unit: one who moved during the
    year is one giver of the roll-up, not one in each unit (decision 2131). At least FEWEST_GIVERS where one
    unit's kind alone had three or more."""
    listed: set[int] = set()
    for unit in units:
        kinds = counts(unit)
        if max(kinds.values(), default=0) >= FEWEST_GIVERS:
            return max(FEWEST_GIVERS, len(listed))
        listed.update(*people(unit).values())
    return len(listed)


def beside_rollup(own: WeekHeld, kinds: Mapping[str, int], rest: WeekHeld) -> WeekHeld:
    """A unit's weeks (`own`, `week_held`; `kinds`, its week's givers kind by kind) as said to a reader of the
    roll-up too: where the rest of the organisation's ledger (`rest`, its `week_held`) is one or two
    people's, the roll-up's figure less the unit's would be their gift, so the unit's is held, said as how
    many of it gave (decision 0584). The roll-up's own, the same, to one who keeps units' ledgers (0697)."""
    givers = fewest_givers(kinds)
    week = own.givers is None and rest.givers is not None and givers > 0
    weeks = tuple(mine or theirs for mine, theirs in zip(own.weeks, rest.weeks, strict=False))
    return own._replace(
        givers=givers if week else own.givers,
        together=own.together or rest.together,
        weeks=weeks,
        beside=week,
    )


def year_lag(actor: Actor | None, org_id: int, unit_id: int | None, lag: Lag | None) -> Lag | None:
    """What of the year's money and goods of a unit (`unit_id`, or the whole organisation, None) `actor`
    reads as not yet released (`access.may_see_running_money`): `lag`, or None for one who reads it whole."""
    return None if lag is None or may_see_running_money(actor, org_id, unit_id) else lag


def year_kinds_together(actor: Actor | None, org_id: int, unit_id: int) -> bool:
    """A unit's year's money and goods are said to `actor` as one figure: he reads the year as of its
    releases (`year_lag`), which count a week's givers of money and goods together, so a week of many givers
    of money and one of goods would move the year's goods by that one person's (decision 1207)."""
    return not may_see_running_money(actor, org_id, unit_id)


def release_read(org_id: int, readers: Iterable[tuple[Actor | None, Iterable[int | None]]]) -> bool:
    """Whether any of `readers` (each an actor and the units he reads, None for the whole organisation)
    reads a year's money and goods as of its last release (`year_lag`): where none does, every one of them
    may see the running money of all he reads (`access.may_see_running_money`), and `carried_gifts` need not
    be worked out: the year's gifts grouped by unit and week, Monday's dearest statement (decision 0667)."""
    return any(
        not may_see_running_money(actor, org_id, unit_id) for actor, read in readers for unit_id in read
    )


def _earliest(through: date | None) -> date:
    return date.min if through is None else through


def _unattended_line(locale: str, shared: _Shared, by_unit: str, units: Sequence[UnitFigures]) -> str:
    """What waits with nobody to confirm it, by unit, and whom the office names for it: money and goods wait
    for a treasurer of the unit, labour days for its officer as well (decisions 0434, 2723): of a few of them
    the officer is said beside the treasurer, of all of them both roles."""
    count = sum(u.unattended for u in units)
    days = sum(u.unattended_labour for u in units)
    if not days:
        said = translate(
            locale,
            "Entries waiting with nobody to confirm them: {units} (an administrator makes someone treasurer "
            "of the unit in “Roles”, /phanquyen)",
        )
    elif days >= count:
        said = translate(
            locale,
            "Entries waiting with nobody to confirm them: {units} (all labour days: an administrator makes "
            "someone {officer} or treasurer of the unit in “Roles”, /phanquyen)",
        )
    else:
        said = translate_plural(
            locale,
            "Entries waiting with nobody to confirm them: {units} (an administrator makes someone treasurer "
            "of the unit in “Roles”, /phanquyen; {n} entry of labour days, which {officer} of the unit "
            "confirms too)",
            "Entries waiting with nobody to confirm them: {units} (an administrator makes someone treasurer "
            "of the unit in “Roles”, /phanquyen; {n} entries of labour days, which {officer} of the unit "
            "confirms too)",
            days,
        )
    return said.format(units=by_unit, officer=shared.days_officer, n=format_number(days, locale))


def rollup_lag(
    actor: Actor | None,
    org_id: int,
    whole: Lag | None,
    units: Iterable[UnitFigures],
    read: Collection[int],
    earlier: Mapping[date | None, Lag],
    outside: UnitFigures | None = None,
) -> Lag | None:
    """The roll-up's year's money and goods as `actor` reads it (`year_lag`, the whole's `whole`). Where he
    reads units of it too (`read`, each in its digest as of its own release), it is said as of the earliest
    release of the whole and of every unit whose year lags for him (`earlier`, from `carried_gifts`): else
    the whole's year less his units' and the others' confirmed is the lagging units' waiting to the day, and
    one Monday's less the last a gift carried. His units' year and the whole's stay his to read, the whole's
    as of an earlier day (decision 0640). The people of no unit (`outside`, their `lag` from
    `carried_gifts`), never read apart, are such a unit to every reader of it: else the whole's year less
    the units' lines moved, between two Mondays, by one office colleague's gift (decision 0651)."""
    lag = year_lag(actor, org_id, None, whole)
    if may_see_running_money(actor, org_id, None):
        return lag
    office = outside.lag if outside is not None else None
    if not read and office is None:
        return lag
    lagging = [u for u in units if read and u.lag is not None and year_lag(actor, org_id, u.unit_id, u.lag)]
    cuts = [u.lag.through for u in lagging if u.lag is not None] + ([office.through] if office else [])
    if not cuts:
        return lag
    first = min(cuts, key=_earliest)
    if lag is not None and _earliest(lag.through) <= _earliest(first):
        return lag
    return earlier.get(first, lag)


def lagging_units(
    actor: Actor | None, org_id: int, units: Iterable[UnitFigures], outside: UnitFigures | None = None
) -> frozenset[int]:
    """The units whose line in the roll-up says no figure waiting to `actor`: those whose year's figure he
    reads as of its last release (`year_lag`), and, where there is one, or the people of no unit gave money
    or goods (their figure, never released apart, is the roll-up's less its units'), every unit whose
    running total he may not read: the roll-up's waiting less the units' said was the lagging unit's (or
    the office's) to the day, and one Monday's less the last the gift carried (decision 0624)."""
    units = list(units)
    lags = frozenset(u.unit_id for u in units if year_lag(actor, org_id, u.unit_id, u.lag) is not None)
    if not lags and not (outside is not None and (outside.total["money"] or outside.total["goods"])):
        return lags
    return frozenset(u.unit_id for u in units if not may_see_running_money(actor, org_id, u.unit_id))


def rollup_waiting_held(
    actor: Actor | None, org_id: int, units: Iterable[UnitFigures], outside: UnitFigures
) -> tuple[frozenset[int], bool]:
    """What of the roll-up's waiting `actor` may not read, by the count of people its unit's digest holds it
    by (`waiting_held`, decision 1550): the units whose line says no figure waiting, what waits in them one
    or two people's; and whether the organisation's own line says what is confirmed, not what waits, where
    what waits in the whole, or in those units and among the people of no unit (the whole's waiting less the
    units' said), is one or two people's (decision 1598). Counted as the fewest who may be behind it (a giver
    of money and goods once), so that three are three people."""
    units = list(units)
    held = [unit for unit in units if _waiting_few(actor, org_id, unit)]
    if may_see_running_money(actor, org_id, None):
        return frozenset(unit.unit_id for unit in held), False

    def least(among: Iterable[UnitFigures]) -> int:  # each once, one who moved too (decision 2131)
        waiting = [u for u in among if u.waiting_vnd]
        return _people_once(waiting, lambda u: u.waiting_kind_givers, lambda u: u.waiting_kind_people)

    unsaid, whole = least([*held, outside]), least([*units, outside])
    return (
        frozenset(unit.unit_id for unit in held),
        0 < unsaid < FEWEST_GIVERS or 0 < whole < FEWEST_GIVERS,
    )


def rollup_whole_held(
    actor: Actor | None, org_id: int, units: Iterable[UnitFigures], outside: UnitFigures
) -> tuple[frozenset[int], bool]:
    """What of the roll-up's confirmed `actor` may not read, by the count its unit's digest holds it by
    (`waiting_held` "whole", decision 1665): the units whose line says the year alone, what is confirmed of
    it one or two people's while some waits; and whether the organisation's own line says its year alone
    too, where what is confirmed in those units and among the people of no unit (the whole's confirmed
    less the units' said) is one or two people's (decision 1700), the people of no unit counted so even
    where no unit is, some of theirs waiting (decision 1745). Counted as `rollup_waiting_held` counts."""
    whole = [unit for unit in units if waiting_held(actor, org_id, unit) == "whole"]
    # the office's confirmed, the whole's less the units', is held as a unit's is: some of it waits
    # (`waiting_held` "whole"), else it is the office's year, said by the year less the units' lines (1745)
    office = bool(outside.waiting_vnd)
    if not (whole or office) or may_see_running_money(actor, org_id, None):
        return frozenset(unit.unit_id for unit in whole), False
    unsaid = _people_once(  # each once, one who moved too (decision 2131)
        [u for u in [*whole, outside] if u.confirmed_vnd],
        lambda u: u.confirmed_kind_givers,
        lambda u: u.confirmed_kind_people,
    )
    return frozenset(unit.unit_id for unit in whole), 0 < unsaid < FEWEST_GIVERS


def kinds_together(actor: Actor | None, org_id: int, unit: UnitFigures) -> bool:
    """The unit's money and goods are said as one figure to `actor` (`access.may_see_kinds_apart`): one of
    the two kinds had one or two givers this year (decision 0378)."""
    return not may_see_kinds_apart(actor, UnitRef(unit.unit_id, org_id), unit.kind_givers)


class PoolKept(NamedTuple):
    """A pool of the roll-up told on `told_on` (`pool_told`): its `members` and those of them not yet said
    alone again (`unreleased`): fewer than three people gave in each since the last day it was told."""

    members: frozenset[int]
    unreleased: frozenset[int]
    told_on: date


async def pools_kept(session: AsyncSession, org_id: int, year: int) -> tuple[PoolKept, ...]:
    """The pools of the roll-up of `year` a reader without the units' money rights was told (`keep_pools`),
    each with its members in which fewer than three people (`FEWEST_GIVERS`: money or goods, above 0, not
    reversed, donors aside) gave since the last day they were told inside a pool: those are said in the pool
    still (`reader_view`), else the pool of that day less a member's line would be the held unit's gift
    (decision 0816). A merge's held gifts said apart (an id below 0) count the gifts of the unit merged into.
    One small read; a second, over the pools' units alone, only where some were told."""
    told: dict[frozenset[int], date] = {}
    for units, on in await session.execute(
        select(PoolTold.units, func.max(PoolTold.told_on))
        .where(PoolTold.org_id == org_id, PoolTold.year == year)
        .group_by(PoolTold.units)
    ):
        told[frozenset(json.loads(units))] = on
    if not told:
        return ()
    last: dict[int, date] = {}
    for members, on in told.items():
        for one in members:
            last[one] = max(on, last.get(one, on))
    # given from the day after: a gift of the day told may be in that day's pool already
    after = {
        one: datetime.combine(on + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC)
        for one, on in last.items()
    }
    # each unit's givers since its own day, counted in SQL: a merge's held gifts and the unit they went into
    # count from the later of their days (later, never sooner)
    since: dict[int, datetime] = {}
    for one, at in after.items():
        since[abs(one)] = max(at, since.get(abs(one), at))
    by_day: dict[datetime, list[int]] = {}
    for unit_id, at in since.items():
        by_day.setdefault(at, []).append(unit_id)
    when = Contribution.created_at.type
    cutoff = case(*((Contribution.unit_id.in_(sorted(ids)), literal(at, when)) for at, ids in by_day.items()))
    gave = dict(
        (
            await session.execute(
                select(Contribution.unit_id, func.count(func.distinct(Contribution.person_id)))
                .where(
                    Contribution.org_id == org_id,
                    Contribution.year == year,
                    Contribution.unit_id.in_(sorted(since)),
                    Contribution.kind.in_(("money", "goods")),
                    Contribution.status != "rejected",
                    Contribution.amount_vnd > 0,
                    Contribution.created_at >= cutoff,
                    Contribution.person_id.not_in(_donors(org_id)),
                    not_reversed(org=org_id),
                )
                .group_by(Contribution.unit_id)
            )
        ).all()
    )

    def said_alone(one: int) -> bool:
        return gave.get(abs(one), 0) >= FEWEST_GIVERS

    return tuple(
        PoolKept(members, frozenset(one for one in members if not said_alone(one)), on)
        for members, on in told.items()
    )


async def keep_pools(
    session: AsyncSession,
    org_id: int,
    year: int,
    pools: Iterable[frozenset[int]],
    on: date,
    kept: Iterable[PoolKept] = (),
) -> None:
    """Keep the pools of the roll-up told on `on` to a reader without the units' money rights (`ReaderView.
    told`), in the transaction that writes the digests or the answer that tell them: a pool nobody read is
    never kept; told twice on one day it is one row (decision 0816). The pools `kept` before (`pools_kept`)
    whose every unit is said alone again are forgotten: gifts only add givers, so they would keep none, and
    each unit of theirs read later was read again with every gift of its year since."""
    for units in {pool for pool in pools if len(pool) > 1}:
        values = {"org_id": org_id, "year": year, "units": json.dumps(sorted(units)), "told_on": on}
        await insert_ignore(session, PoolTold, values)
    if done := [json.dumps(sorted(pool.members)) for pool in kept if not pool.unreleased]:
        await session.execute(
            delete(PoolTold).where(
                PoolTold.org_id == org_id,
                PoolTold.year == year,
                PoolTold.units.in_(done),
                PoolTold.told_on < on,
            )
        )


async def pools_merged(session: AsyncSession, org_id: int, old: int, new: int) -> None:
    """A unit `old` merged into `new` (`units.merge_units`): in the pools kept (`keep_pools`) it becomes the
    merge's gifts said apart (`-new`, decision 0754), read as `new` where none is held (`kept_pooled`):
    `new`'s line takes in `old`'s gifts, so it stays in the pool until three or more people have given in it
    since the day told, else `new`'s line less its former one would be `old`'s and the pool less it the held
    unit's gift (decision 0855). Two rows that become one pool on one day are one."""
    rows = (await session.execute(select(PoolTold).where(PoolTold.org_id == org_id))).scalars().all()
    taken = {(row.year, row.units, row.told_on) for row in rows}
    for row in rows:
        units = json.loads(row.units)
        if old not in units and -old not in units:
            continue
        merged = json.dumps(sorted({-new if abs(one) == old else one for one in units}))
        taken.discard((row.year, row.units, row.told_on))
        if (row.year, merged, row.told_on) in taken:
            await session.delete(row)
        else:
            row.units = merged
            taken.add((row.year, merged, row.told_on))


def kept_pooled(
    actor: Actor | None, org_id: int, kept: Iterable[PoolKept], present: Collection[int]
) -> frozenset[int]:
    """Of the units `present` in a roll-up (a merge's held gifts apart below 0), those said in the pool to
    `actor` because a pool he could be told kept them (`pools_kept`), where he may not read their money
    (`access.may_see_unit_money`): a member not yet said alone again; and where one alone of a pool is left,
    the others of the pool told with it that day, else its line would be the rest's former sum. A merge's held
    gifts taken into the unit merged into are that unit (decision 0816)."""
    kept = list(kept)
    last: dict[int, date] = {}
    for pool in kept:
        for one in pool.members:
            last[one] = max(pool.told_on, last.get(one, pool.told_on))

    def here(one: int) -> int | None:
        return one if one in present else -one if one < 0 and -one in present else None

    said: set[int] = set()
    for pool in kept:
        members = {found for one in pool.members if (found := here(one)) is not None}
        still = {found for one in pool.unreleased if (found := here(one)) is not None}
        alone = [one for one in pool.unreleased if here(one) is not None]
        if len(still) == 1 and len(members) > 1 and last[alone[0]] == pool.told_on:
            still = members
        said |= still
    return frozenset(one for one in said if not may_see_unit_money(actor, UnitRef(abs(one), org_id), 1))


class ReaderView(NamedTuple):
    """What of one digest its reader may not read in đồng (`reader_view`): the units whose money is `held`
    (a unit's digest: its own, said without its figure), its money and goods said `together`, the weeks held
    (`weeks`), the year's money and goods as of its last release (`lag`, None: to the day) and the units
    whose line says no figure waiting (`lagging`)."""

    held: frozenset[int]
    together: bool
    weeks: WeekHeld
    lag: Lag | None
    lagging: frozenset[int]
    # the roll-up's: its units as read, and the gifts merges brought held, apart (`held_apart`, 0754)
    units: tuple[UnitFigures, ...] = ()
    apart: tuple[UnitFigures, ...] = ()
    # the roll-up's pool of units said together, as told to her (`keep_pools`, decision 0816)
    told: frozenset[int] = frozenset()
    # no unit's money in the roll-up: a pool would be told between two digests (decision 0879)
    between: bool = False
    # the roll-up's own line says what is confirmed, not what waits (`rollup_waiting_held`, decision 1598)
    waiting: bool = False
    # the units whose line says their year alone, and whether the roll-up's own does (`rollup_whole_held`)
    whole: frozenset[int] = frozenset()
    whole_held: bool = False


def reader_view(
    actor: Actor | None,
    org_id: int,
    unit_id: int | None,
    figures: Mapping[int, UnitFigures],
    outside: UnitFigures,
    *,
    whole_lag: Lag | None,
    earlier: Mapping[date | None, Lag],
    rollup: bool,
    formerly: Iterable[Grant] = (),
    pools: Iterable[PoolKept] = (),
    digest_day: bool = True,
) -> ReaderView:
    """The one place a digest's privacy is put together for its reader, Monday's (`write_digests`) and
    /baocao's alike, so the two never say a reader different things (decision 0670): of the roll-up
    (`unit_id` None) or of one unit. `rollup`: she reads the roll-up, and beside it the units her roles, held
    now or `formerly` this year (`roles_taken_away`), name (`units_beside_rollup`), some of them in her ledger
    (`ledgers_beside_rollup`). To such a reader a unit's money pooled in the roll-up with a held one is
    held in its own digest (decision 0323), and its weeks where the ledger less her units is one or two
    people's (0584, 0597); her roll-up's year lags as her units' do (0640). `whole_lag`, `earlier` and the
    figures' `lag`s: from `carried_gifts` where `release_read` asked for it. `pools` (`pools_kept`): the pools
    told before, whose members are said alone again only once three or more people have given in each since
    (`kept_pooled`, decision 0816), in the roll-up and in the digest of one who reads it too. Not on the
    `digest_day` (/baocao between two digests), a roll-up that would tell a pool says no unit's money
    (`between`) and tells none: each pool told restarts its units' count, and one told every day kept units
    pooled for months, where a reader of the digests alone read them on their own lines (decision 0879)."""
    every = list(figures.values())
    pools = list(pools)
    formerly = list(formerly)
    beside = units_beside_rollup(actor, formerly) if rollup else None
    if unit_id is None:
        weeks = week_held(actor, org_id, [*every, outside])  # the organisation's ledger: its own too
        # the units of hers she reads in her ledger, whose weeks no digest can hold for her: where the rest of
        # the ledger's is one or two people's, the roll-up's week less theirs would be it (decision 0697)
        if kept := ledgers_beside_rollup(actor, formerly):
            rest = week_held(actor, org_id, [*(one for one in every if one.unit_id not in kept), outside])
            whole = _once_each([*every, outside])
            weeks = beside_rollup(weeks, whole, rest)
        lines, apart = held_apart(actor, org_id, every)
        lagging = lagging_units(actor, org_id, every, outside)
        said = [*lines, *apart]
        held = money_held(actor, org_id, said) | kept_pooled(actor, org_id, pools, {u.unit_id for u in said})
        told = pooled(said, held) if held else frozenset()
        # of the units said alone, those said as their year alone, what waits in them said too (decision 1700)
        whole, whole_held = rollup_whole_held(
            actor, org_id, [u for u in said if u.unit_id not in told], outside
        )
        waiting, whole_waiting = rollup_waiting_held(
            actor, org_id, [one for one in said if one.unit_id not in whole], outside
        )
        return ReaderView(
            held,
            False,
            weeks,
            rollup_lag(actor, org_id, whole_lag, every, beside or (), earlier, outside),
            (lagging | {one.unit_id for one in apart} if lagging else lagging) | waiting,
            tuple(lines),
            tuple(apart),
            told if digest_day else frozenset(),
            bool(told) and not digest_day,
            whole_waiting and not whole_held,
            whole,
            whole_held,
        )
    unit = as_read(actor, org_id, figures[unit_id])  # the weeks before a merge as read then (0717)
    held = money_held(actor, org_id, [unit])
    weeks = week_held(actor, org_id, [unit], unit_id)
    if beside is not None:
        if not held:  # the pooled line less this unit's figure would be the held unit's gift (0323)
            pool = money_held(actor, org_id, every) | kept_pooled(actor, org_id, pools, figures.keys())
            held = pooled(every, pool) & {unit_id}
        # the roll-up less this unit and every other unit of hers she reads beside it (0584, 0597)
        rest = [one for one_id, one in figures.items() if one_id not in beside] + [outside]
        weeks = beside_rollup(weeks, unit.week_kind_givers, week_held(actor, org_id, rest))
    lag = year_lag(actor, org_id, unit_id, unit.lag)
    return ReaderView(
        held, kinds_together(actor, org_id, unit), weeks, lag, frozenset({unit_id} if lag is not None else ())
    )


def _pooled_line(
    locale: str, shared: _Shared, pool: list[UnitFigures], lags: bool = False, *, heading_says: bool = False
) -> str | None:
    """“• Cộng chung Phòng C, Phòng D (…): 1.200.000 ₫”: the money of the units `pooled`, as a unit's line
    says it, confirmed and waiting apart (no figure waiting where one of them `lags`, decision 0599, said on
    the list's heading where every unit's lags: `heading_says`, decision 2136); why, in the words of the
    year's report's pooled row, never naming how many gave (decisions 2138, 2231). None where it would say
    “0 ₫” alone: nothing of theirs confirmed and what waits not said, a gift waiting read as a giver of
    nothing; the line of what waits says it (decision 2928)."""
    confirmed_vnd = sum(unit.confirmed_vnd for unit in pool)
    confirmed = format_vnd(confirmed_vnd, locale)
    if not confirmed_vnd and (lags or not sum(unit.waiting_vnd for unit in pool)):
        return None
    if lags and heading_says:
        value = confirmed
    elif lags:
        value = translate(locale, "{confirmed} (waiting: not said yet)").format(confirmed=confirmed)
    elif waiting := sum(unit.waiting_vnd for unit in pool):
        value = shared.unit_confirmed_waiting.format(confirmed=confirmed, waiting=format_vnd(waiting, locale))
    else:
        value = confirmed
    # why in a few words, the year's report's own: the rule of three says the rest (decision 2231)
    units = ", ".join(unit.name for unit in pool)
    line = translate(locale, "Together, as fewer than three gave money or goods in some of them: {units}")
    return f"• {line.format(units=units)}: {value}"


def whole_of(
    units: Collection[UnitFigures], name: str = "", beside: Iterable[RegistrationYear] = ()
) -> UnitFigures:
    """The figures of who took part of `units` added up (with the registrations of the years `beside`): the
    organisation's, as the roll-up's first line reads them, or a block's."""
    return UnitFigures(
        0,
        name,
        people=sum(u.people for u in units),
        registered=sum(u.registered for u in units),
        households=sum(u.households for u in units),
        households_registered=sum(u.households_registered for u in units),
        gave=sum(u.gave for u in units),
        took_part=sum(u.took_part for u in units),
        households_gave=sum(u.households_gave for u in units),
        households_took_part=sum(u.households_took_part for u in units),
        away=sum(u.away for u in units),
        training=sum(u.training for u in units),
        years={
            other.year: sum(
                (u.years.get(other.year, YearRegistrations()) for u in units), YearRegistrations()
            )
            for other in beside
        },
    )


@dataclass(frozen=True)
class Place:
    """Where a unit stands among its organisation's units by participation: `rank` of `of` (units level
    share a rank), and the whole organisation's figures beside it."""

    rank: int
    of: int
    whole: UnitFigures


PLACED_FROM = 3  # units with someone in them from which a unit's digest says its place and the whole's


def places(units: Collection[UnitFigures], outside: UnitFigures | None = None) -> dict[int, Place]:
    """Each unit's place by what places it in the roll-up's list (its people, or its households where they
    outnumber them: `UnitFigures.placing`), among the units with someone in them, from two of them on: the
    head of a unit the roll-up names among the lowest reads it in the unit's own digest, and every other
    head how far the unit is from the top (docs/decisions/0297). A unit with nobody in it has no place; while
    every unit stands level (all at 0% in a new year), none has, as the roll-up then names no lowest; nor
    among two units, where the whole less one's own is the other's figure (decision 0303). Read from the
    figures every digest has: no query more; one sort for the whole organisation. `outside`: the people of no
    unit (the head, the office), in the whole as the roll-up's first line counts them, never placed
    (decision 0426)."""
    counted = [u for u in units if u.people or u.households]
    if len(counted) < PLACED_FROM or len({u.placing for u in counted}) < 2:
        return {}
    whole = whole_of([*units, *([outside] if outside is not None else [])])
    higher = sorted(-u.placing for u in counted)  # ascending: the highest placing first
    return {u.unit_id: Place(bisect_left(higher, -u.placing) + 1, len(counted), whole) for u in counted}


UNATTENDED_NAMED = 5  # units the roll-up names on its line of entries nobody may confirm, the most first
LOWEST_FROM = 6  # units from which the roll-up names the lowest on its first screen: 2 of 6–8, 3 of 9 or more


def _lowest_line(
    locale: str, shared: _Shared, units: list[UnitFigures], *, commune: bool = False
) -> list[str]:
    """The units that lag, named on the roll-up's first screen under the whole's participation: “Tham gia thấp
    nhất: Khoa Dược: 3/40 người (8%); …”, the two or three lowest by what places them in the list (a hamlet by
    its households), each said as its line in the list says it. The list itself keeps its order, highest first
    (the chart's, each block a paragraph: decisions 0068, 0071), so that on Zalo, where a 12-unit roll-up runs
    to a second message, the director reads who lags without scrolling to its end. Nothing with fewer than
    `LOWEST_FROM` units (the list is short), nor while every unit stands level; a unit with nobody in it is
    never named. A `commune`'s are its hamlets, those with households: its small offices of three or four
    people, lower than any hamlet, were named before them, and a chairman asks which hamlets lag (2139)."""
    counted = [u for u in units if u.people or u.households]
    if commune and any(u.households for u in counted):  # two or three of its hamlets, as many as it has
        units = counted = [u for u in counted if u.households]
    if len(units) < LOWEST_FROM or len({u.placing for u in counted}) < 2:
        return []
    best = max(u.placing for u in counted)
    lowest = sorted((u for u in counted if u.placing < best), key=lambda u: (u.placing, sort_key(u.name)))
    named = "; ".join(
        f"{u.name}: {_participation(shared, u)[0]}" for u in lowest[: 2 if len(units) < 9 else 3]
    )
    return [translate(locale, "Lowest participation: {units}").format(units=named)]


def by_block(units: Iterable[T], block: Callable[[T], str | None]) -> list[tuple[str | None, list[T]]]:
    """Units grouped by their Khối thi đua (blocks in alphabetical order, `sort_key`, told apart without case
    and accents; each group's units in the order given), units in no block last: units emulate within their
    block (plan 001: “Các Khối thi đua thuộc Sở Y tế”). The digest's roll-up and the year's report group them
    so."""
    groups: dict[str | None, tuple[str | None, list[T]]] = {}
    for unit in units:
        name = block(unit)
        groups.setdefault(fold(name) if name else None, (name, []))[1].append(unit)
    return sorted(groups.values(), key=lambda group: (group[0] is None, sort_key(group[0] or "")))


def _block_heading(locale: str, shared: _Shared, block: str | None, members: list[UnitFigures]) -> str:
    """A block's heading with its people who took part (registered or gave), households apart, as a unit's
    line reads."""
    whole = whole_of(members, block or translate(locale, "Units in no block"))
    return f"{whole.name}: {', '.join(_participation(shared, whole))}"


# -------------------------------------------------------------------------------------------------------
# Writing the digests


def digest_key(org_id: int, due: datetime, reader: Reader) -> str:
    return f"digest:{org_id}:{local_week(due)}:{reader.person_id}:{reader.unit_id or 'org'}"


# Why a digest waiting to go was stopped by a role's end (`digests_no_longer_read`): a role given back finds
# it by this and lets it go again (`digests_read_again`).
NO_LONGER_READ = "its reader's role ended"


async def digests_no_longer_read(session: AsyncSession, person: Person, *, now: datetime) -> int:
    """`person`'s roles changed (one taken away, or ended by a move to another unit): the digests written for
    them and not sent yet (the channel resting, a long morning's batch) of a unit whose digest they no longer
    read (`may_read_digest`), or the roll-up where they no longer read it (`may_read_rollup`), are cancelled,
    their charts with them: a unit's figures and who has not registered go only to whoever reads them when
    they go (decision 0350). One a sender holds right now is left to the try under way, but expires now: a
    failed try is not followed by another (decision 0364). So is her treasurer's count of what waits where
    nothing waits for her now (`counted_on_monday`, decision 2766). A leaving cancels every one
    (bot.domain.leaving). How many."""
    reads = await _weekly_read_by(session, person)
    waiting = await session.execute(
        select(OutboxMessage.id, OutboxMessage.key, OutboxMessage.lease_until).where(
            _weekly_of(person), OutboxMessage.status == "pending"
        )
    )
    unread, in_hand = [], []
    for row_id, key, lease in waiting:
        if not reads(key):
            (in_hand if lease is not None and lease > now else unread).append(row_id)
    if unread:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(unread), not_taken(now))
            .values(status="cancelled", last_error=NO_LONGER_READ)
            .execution_options(synchronize_session=False)
        )
    if in_hand:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(in_hand), OutboxMessage.status == "pending")
            .values(expires_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(unread) + len(in_hand)


async def digests_read_again(session: AsyncSession, person: Person, *, now: datetime) -> int:
    """`person` was given a role: their digests a role's end stopped (`digests_no_longer_read`) and not yet
    too late go again where they read them now: a role taken away by mistake and given back the same morning
    leaves the week's digest theirs, which the weekly job, finding it written, would never write again
    (decision 0364); her treasurer's count too (decision 2766). Each once (`_once_a_week`), none too late: an
    earlier week's has expired, and the week's own gone a day late stays stopped, the next Monday's being
    hers (2766). How many."""
    reads = await _weekly_read_by(session, person)
    return await _send_again(session, person, _weekly_of(person), NO_LONGER_READ, reads, now=now)


async def _send_again(
    session: AsyncSession,
    person: Person,
    mine: ColumnElement[bool],
    why: str,
    reads: Callable[[str], bool],
    *,
    now: datetime,
    expires_at: datetime | None = None,
    held_till: datetime | None = None,
) -> int:
    """`person`'s outbox rows of `mine` stopped `why` and not yet too late set to go again, where she `reads`
    their key and has not the same week's already (`_once_a_week`): how many. With `expires_at`, those too
    late as well, given until then (`written_on_again`, decision 2713). `held_till`: the end of the quiet
    hours she turned it on in (`quiet_until`), before which none goes, as no notice does (decision 2781)."""
    stopped = await session.execute(
        select(OutboxMessage.id, OutboxMessage.key).where(
            mine,
            OutboxMessage.status == "cancelled",
            OutboxMessage.last_error == why,
            true()
            if expires_at is not None
            else or_(OutboxMessage.expires_at.is_(None), OutboxMessage.expires_at > now),
        )
    )
    ids = await _once_a_week(session, person, [(row_id, key) for row_id, key in stopped if reads(key)])
    if ids:
        again: dict[str, Any] = {"status": "pending", "last_error": None}
        if held_till is not None and held_till > now:
            held = literal(held_till, OutboxMessage.not_before.type)  # stored as every time is, in UTC
            later = OutboxMessage.not_before < held
            again["not_before"] = case((later, held), else_=OutboxMessage.not_before)
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(again if expires_at is None else {**again, "expires_at": expires_at})
            .execution_options(synchronize_session=False)
        )
    return len(ids)


def _of_the_week(key: str) -> str:
    """A weekly message's key without whose record it was written for (“digest:<org>:<week>:<person>:<unit>
    [:chart]”, “treasurer-week:<org>:<week>:<person>”): the same message of the same week to whoever holds
    it now, two records made one (`people.merge_people`) holding both."""
    parts = key.split(":")
    return ":".join(parts[:3] + parts[4:])


async def _once_a_week(session: AsyncSession, person: Person, stopped: list[tuple[int, str]]) -> list[int]:
    """Of `stopped`, `person`'s weekly messages to let go again, those not hers already: one of the same week
    and the same reading she has, waiting or gone (her own where two records of hers were made one, each
    written it), or another of `stopped` taken first, is not sent her twice (decision 2552)."""
    if not stopped:
        return []
    kinds = {key.split(":")[0] for _id, key in stopped}  # “digest”, “treasurer-week”
    held = await session.scalars(
        select(OutboxMessage.key).where(
            OutboxMessage.person_id == person.id,
            OutboxMessage.status != "cancelled",
            or_(*(OutboxMessage.key.like(f"{kind}:{person.org_id}:%") for kind in sorted(kinds))),
        )
    )
    seen = {_of_the_week(key) for key in held}
    again = []
    for row_id, key in stopped:
        if _of_the_week(key) not in seen:
            seen.add(_of_the_week(key))
            again.append(row_id)
    return again


# Why a weekly message waiting to go was stopped by its reader turning it off (`turn_weekly`): turned on again
# before it is too late, it goes after all.
TURNED_OFF = "its reader turned it off"


async def turn_weekly(
    session: AsyncSession, person: Person, off: bool, *, now: datetime, settings: Settings | None = None
) -> int:
    """Turn `person`'s weekly message off or on again (`reminders.set_monday_off`, decision 2406), and with it
    what of it was written and not yet sent (a resting channel, a long morning's batch): her digests and her
    treasurer's count, never another message of hers. Off, they are cancelled; one a sender holds right now
    is left to the try under way but expires now, as a role's end does (0364); one a role's end stopped is
    hers to turn on too, so that a role given back (`digests_read_again`) does not send it (decision 2557).
    On again, those this stopped and not yet too late go, where she still reads them (decision 2507), after
    the quiet hours of `settings` (decision 2781). How many were stopped or let go."""
    await set_monday_off(session, person.id, off, now=now)
    weekly = _weekly_of(person)
    if off:
        cancelled = await session.execute(
            update(OutboxMessage)
            .where(weekly, not_taken(now))
            .values(status="cancelled", last_error=TURNED_OFF)
            .execution_options(synchronize_session=False)
        )
        in_hand = await session.execute(
            update(OutboxMessage)
            .where(weekly, OutboxMessage.status == "pending", OutboxMessage.lease_until > now)
            .values(expires_at=now)
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            update(OutboxMessage)
            .where(weekly, OutboxMessage.status == "cancelled", OutboxMessage.last_error == NO_LONGER_READ)
            .values(last_error=TURNED_OFF)
            .execution_options(synchronize_session=False)
        )
        return int(cancelled.rowcount or 0) + int(in_hand.rowcount or 0)
    reads = await _weekly_read_by(session, person)
    held_till = quiet_until(now, settings)
    return await _send_again(session, person, weekly, TURNED_OFF, reads, now=now, held_till=held_till)


def _weekly_of(person: Person, week: str = "") -> ColumnElement[bool]:
    """`person`'s weekly messages, her digests and her treasurer's count, of every week or of `week`
    (“2026W50”)."""
    if week:
        digest = OutboxMessage.key.like(f"digest:{person.org_id}:{week}:{person.id}:%")
        count = OutboxMessage.key == f"treasurer-week:{person.org_id}:{week}:{person.id}"
    else:
        digest = OutboxMessage.key.like(f"digest:{person.org_id}:%")
        count = OutboxMessage.key.like(f"treasurer-week:{person.org_id}:%")
    return (OutboxMessage.person_id == person.id) & or_(digest, count)


async def _weekly_read_by(session: AsyncSession, person: Person) -> Callable[[str], bool]:
    """Whether `person` still reads the weekly message of an outbox row's key, her roles as they are now: her
    treasurer's count where it still says what waits for her (`_counts_still_hers`, decision 2805)."""
    actor = await actor_for(session, person)
    counts = await _counts_still_hers(session, person, actor)

    def reads(key: str) -> bool:
        if key.startswith("treasurer-week:"):
            return key in counts
        return _still_read(actor, person.org_id, key)

    return reads


async def _counts_still_hers(session: AsyncSession, person: Person, actor: Actor | None) -> set[str]:
    """The keys of `person`'s treasurer's counts whose figures are what waits for her to decide with her roles
    as they are now (`treasurers_week.waiting_for`), of what was recorded before each was written: one written
    while she covered a unit she covers no more sums that unit's gifts, one person's amount where one waits,
    and is no longer hers to read (decision 2805). None where she is sent no count now
    (`counted_on_monday`)."""
    if actor is None or not counted_on_monday(actor):
        return set()
    rows = await session.execute(
        select(OutboxMessage.key, OutboxMessage.payload, OutboxMessage.created_at).where(
            _weekly_of(person), OutboxMessage.key.like("treasurer-week:%"), OutboxMessage.status != "sent"
        )
    )  # a count gone is never stopped nor sent again: only those still to go or stopped are weighed
    hers = set()
    for key, payload, written in rows:
        waiting = await waiting_for(session, actor, before=written)
        said = str(payload.get("text", "")).split("\n")[0]
        if waiting is not None and said in {count_text(locale, waiting).split("\n")[0] for locale in LOCALES}:
            hers.add(key)
    return hers


async def written_on_again(
    session: AsyncSession, person: Person, *, now: datetime, settings: Settings
) -> int:
    """`person` turned her weekly message on again after the week's day (off on Sunday, on on Tuesday): the
    week's digests and count the job left unwritten for her, too late for it now (`LATE_LIMIT`), are written
    for her alone, as the job would have written them at its hour, and go now, as she asked. Only those
    never written, or written and stopped by her turning it off, then too late for `turn_weekly`'s rule
    (decision 2713): each once; none the week's job may still write (within its day), nor the day before
    the next is due (decision 2612). In the quiet hours, they go as they end, as a notice does (decision
    2781). How many."""
    org = await session.get_one(Organisation, person.org_id)
    days_off = (await days_off_of(session, [org.id]))[org.id]
    when = await digest_time(session, org.id, settings)
    due = last_due(when, now)
    goes = sent_at(due, settings, days_off)
    if now < goes or now - goes <= LATE_LIMIT:
        return 0  # the week's job writes it (or has): never two
    if due + timedelta(days=7) - now <= LATE_LIMIT:
        return 0  # the next week's is due within the day: that one is hers
    at = quiet_until(now, settings)  # at night, the next morning (decision 2781)
    expires_at = at + LATE_LIMIT
    # written at the hour and stopped by her, then too late: the same as never written, it goes once more
    # (decision 2713); before any is written below, which `_once_a_week` then finds hers
    stopped = _weekly_of(person, local_week(due))
    reads = await _weekly_read_by(session, person)
    written = await _send_again(
        session, person, stopped, TURNED_OFF, reads, now=now, expires_at=expires_at, held_till=at
    )
    written += await write_counts(
        session,
        org.id,
        due,
        goes=goes,
        now=now,
        expires_at=expires_at,
        locale=settings.default_locale,
        only=person.id,
        not_before=at,
    )
    people = await readers(session, org.id, settings.default_locale, local_date(now), only=person.id)
    period = counted(due, settings, days_off)
    written += await _write_unwritten(
        session,
        org,
        people,
        due,
        period=period,
        now=now,
        settings=settings,
        names=when.show_names,
        expires_at=expires_at,
        held_from=held_since(due, goes, period),
        not_before=at,
    )
    return written


async def _write_unwritten(
    session: AsyncSession,
    org: Organisation,
    people: dict[Reader, str],
    due: datetime,
    *,
    period: Period,
    now: datetime,
    settings: Settings,
    names: bool,
    expires_at: datetime | None,
    held_from: date | None,
    late: bool = False,
    not_before: datetime | None = None,
) -> int:
    """The digests of the week due at `due` of those of `people` not yet written (`write_digests`), by the
    job and by a reader who turned her weekly message on again alike; how many were written."""
    keys = {reader: digest_key(org.id, due, reader) for reader in people}
    done = await keys_written(session, list(keys.values()))
    waiting = {reader: locale for reader, locale in people.items() if keys[reader] not in done}
    if not waiting:
        return 0
    return await write_digests(
        session,
        org,
        waiting,
        keys,
        period=period,
        now=now,
        settings=settings,
        names=names,
        expires_at=expires_at,
        held_from=held_from,
        late=late,
        not_before=not_before,
    )


def _still_read(actor: Actor | None, org_id: int, key: str) -> bool:
    """Whether `actor` reads the digest of the outbox row `key`:
    digest:<org>:<week>:<person>:<unit id or "org">[:chart]."""
    read = key.split(":")[4]
    if read == "org":
        return may_read_rollup(actor, org_id)
    return read.isdecimal() and may_read_digest(actor, UnitRef(int(read), org_id))


async def send_weekly(
    session: AsyncSession, *, now: datetime, settings: Settings, looked_last: datetime | None = None
) -> int:
    """Write each organisation's digests due in the last day and not yet written; how many were written.
    `looked_last`: when the job ran before this run; a digest due after it was never looked at while due
    (the bot was down, Saturday evening to Tuesday morning): it goes now however late, before the next is
    due, and on a later day than its own says why (`_late_said`, decision 2455). One the job did look at
    (a leader named a day after it went) is still not sent more than a day late. The treasurers' counts of
    what waits for them go at the same hour, written here too (decision 2405)."""
    written = 0
    orgs = (await session.scalars(select(Organisation).order_by(Organisation.id))).all()
    days_off = await days_off_of(session, [org.id for org in orgs])
    for org in orgs:
        when = await digest_time(session, org.id, settings)
        due = last_due(when, now)
        goes = sent_at(due, settings, days_off[org.id])
        if now < goes:
            continue  # due on a holiday: it waits for the working morning after
        down = missed(looked_last, goes)  # the bot was down when it was due
        if now - goes > LATE_LIMIT and not down:
            continue  # more than a day late: not sent
        period = counted(due, settings, days_off[org.id])
        # down more than a week: the weeks of the digests it never looked at too, said (decision 2538)
        whole = digest_days(due, looked_last, settings, days_off[org.id], period)
        late = down and (local_date(now) > local_date(goes) or whole.starts < period.starts)
        at = after_quiet_hours(now, start=settings.quiet_hours_start, end=settings.quiet_hours_end)
        expires_at = at + LATE_LIMIT if late else goes + LATE_LIMIT
        # the treasurers' count of what waits for them, at the digests' hour (decision 2405); not counted here
        await write_counts(
            session, org.id, due, goes=goes, now=now, expires_at=expires_at, locale=settings.default_locale
        )
        people = await readers(session, org.id, settings.default_locale, local_date(now))
        # held, then read again: a leader leaving, or losing an account, meanwhile is read done (0261)
        if people and await hold_people(session, [reader.person_id for reader in people]):
            people = await readers(session, org.id, settings.default_locale, local_date(now))
        # The figures, texts and rows of hundreds of digests make thousands of objects and no reference
        # cycles: the cycle collector waits meanwhile, as for an appeal (decision 0032).
        with cycle_collection_paused():
            written += await _write_unwritten(
                session,
                org,
                people,
                due,
                period=whole,
                now=now,
                settings=settings,
                names=when.show_names,
                expires_at=expires_at,
                held_from=held_since(due, goes, period),
                late=late,
                not_before=at if late else None,
            )
    return written


async def write_digests(
    session: AsyncSession,
    org: Organisation,
    people: dict[Reader, str],
    keys: dict[Reader, str],
    *,
    period: Period,
    now: datetime,
    settings: Settings,
    names: bool,
    expires_at: datetime | None,
    held_from: date | None = None,
    late: bool = False,
    not_before: datetime | None = None,
) -> int:
    """Each reader's digest in their language, and its chart where their messenger shows pictures; one
    batch of outbox rows (the text first, then the chart). How many digests were written. `held_from`: the
    day the digest was due, when a holiday held it (`sent_at`): its second line says so (decision 0662)."""
    context, campaign_id = await org_context(session, org.id, period)
    # The pass over the year's ledger is started first, beside the session where it can be (decision 0098):
    # every other read below runs meanwhile.
    started = ledger_pass(session, org.id, year=context.year, period=period, drive=context.drive)
    async with started as ledger:
        # Where the organisation's leaders are reached, asked as one SELECT (not hundreds of bound ids):
        # those whose digest was written before are among them, and simply not used.
        leaders = select(RoleAssignment.person_id).where(
            RoleAssignment.org_id == org.id, RoleAssignment.role.in_(MONDAY_ROLES)
        )
        destinations = {found.person_id: found.destination for found in await recipients(session, leaders)}
        own = await own_collective(session, org.id, campaign_id=campaign_id, year=context.year, period=period)
        rollup = any(reader.unit_id is None for reader in people)
        spent = await drive_spending(session, context.drive, period) if rollup else None
        outside = UnitFigures(0, org.name)  # the gifts of people of no unit (decision 0388)
        figures = await unit_figures(
            session,
            org.id,
            campaign_id=campaign_id,
            year=context.year,
            period=period,
            drive=context.drive,
            names_for={reader.unit_id for reader in people if reader.unit_id is not None} if names else (),
            beside=context.beside,
            ledger=ledger,
            outside=outside,
            names_of=context.named_year,
        )
    units_read = {reader.unit_id for reader in people if reader.unit_id is not None}
    # Whose units' money each reader may not see (decision 0304): the grants that let one see it, read once;
    # and those that let her read a unit beside the roll-up, its digest or its ledger (decision 0697).
    grants: dict[int, set[tuple[str, int | None]]] = {}
    for person_id, role, scope in await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.role, RoleAssignment.unit_id).where(
            RoleAssignment.org_id == org.id, RoleAssignment.role.in_(LEDGER_ROLES | DIGEST_ROLES)
        )
    ):
        grants.setdefault(person_id, set()).add((role, scope))
    # what of the year's money and goods is not released yet to a leader, each unit's and the whole's (0599);
    # not worked out where every reader reads all he reads whole: treasurers, officers, admins (0667)
    earlier: dict[date | None, Lag] = {}  # the whole's as of each week, for a head who leads a unit (0640)
    actors = {
        r.person_id: Actor(r.person_id, org.id, None, frozenset(grants.get(r.person_id, ()))) for r in people
    }
    whole_lag = None
    every_unit = [None, *figures]  # a roll-up's reader reads each unit's line too
    read = ((actors[r.person_id], every_unit if r.unit_id is None else [r.unit_id]) for r in people)
    if release_read(org.id, read):
        whole_lag = await carried_gifts(
            session, org.id, year=context.year, period=period, units=figures, earlier=earlier, outside=outside
        )
    # the proposals read once for the units and the roll-up; the organisation as read above (not again)
    known = {org.id: (org.name, len(figures), context.commune)}
    # leave read on the day the digest is written, as that morning's reminders read it (decision 0812)
    readings = Readings(session, period.last_day, organisations=known, away_on=local_date(now))
    await award_answers(readings, org.id, campaign_id, context, figures, units_read)
    awards = await units_awards(readings, org.id, campaign_id, context) if rollup else None
    last_year = await year_ended(session, org.id, context) if rollup else None  # January to March (1008)
    # who stands in for a colleague on leave, on the day it is written: the roll-up's and each unit's own
    # (decisions 1688, 1809)
    stand_ins = await stand_ins_read(session, org.id, local_date(now))
    texts: dict[tuple[int | None, str], str] = {}
    charts: dict[tuple[int | None, str], str] = {}
    # the week as each text says it (`year_leaves_out_waiting`): the chart draws it so, or is not sent (1931)
    weeks_said: dict[tuple[int | None, str], WeekHeld] = {}
    batch: list[Queued] = []
    steps = {rollup: next_steps(context, rollup=rollup) for rollup in (False, True)}
    # the roll-up's figure, for every unit's: the units' and that of people of no unit (decision 0388)
    drive_whole = sum(unit.drive_vnd for unit in figures.values()) + outside.drive_vnd
    # where each unit stands, in its own digest (decision 0297), beside the whole the roll-up reads (0426)
    placed = places(figures.values(), outside)
    # Who reads the roll-up too: a unit of theirs it says only pooled with a held one is said without its
    # figure in their own digest of it, which the pooled line less it would turn into the held unit's gift
    # (decision 0323); read from the figures at hand, no query more.
    rolled = {reader.person_id for reader in keys if reader.unit_id is None}  # written or not (0327)
    lost = await roles_taken_away(session, rolled, context.year)  # what she read stays read (0697)
    # the pools the roll-up told before, whose units are said alone again only once three more gave (0816)
    kept = await pools_kept(session, org.id, context.year) if rolled else ()
    told: dict[str, frozenset[int]] = {}  # each roll-up's pool, kept once its digest is written
    writing = [(r, locale) for r, locale in people.items() if r.unit_id is None or r.unit_id in figures]
    # the buttons under a digest: its reader's next step, a press away (docs/decisions/0253); numbered first,
    # so that each digest is made with its own rather than copied to take them
    # the leaders' deadlines' next steps: the union's chair reading the roll-up has none of them (2303)
    stepped = dict.fromkeys(
        r for r, _ in writing if steps[r.unit_id is None] and _leads(r, actors[r.person_id])
    )
    offering = [(r.person_id, steps[r.unit_id is None]) for r in stepped]
    offered = iter(await offer_many(session, offering, now=now))
    given: list[tuple[str, list[Offered]]] = []  # each digest's key and its buttons
    for reader, locale in writing:
        actor = actors[reader.person_id]
        units = list(figures.values()) if reader.unit_id is None else [figures[reader.unit_id]]
        # what of it she may not read, as /baocao puts it together (decision 0670), with the units she reads
        # beside the roll-up, led or kept in her ledger, now or earlier this year, as /baocao counts them: the
        # roll-up less all of them is what she could work out (decisions 0597, 0640, 0697)
        (
            held,
            together,
            weeks,
            lag,
            lagging,
            lines,
            apart,
            pool,
            _between,
            whole_waiting,
            whole,
            whole_held,
        ) = reader_view(
            actor,
            org.id,
            reader.unit_id,
            figures,
            outside,
            whole_lag=whole_lag,
            earlier=earlier,
            rollup=reader.person_id in rolled,
            formerly=lost.get(reader.person_id, ()),
            pools=kept,
        )
        if pool:
            told[keys[reader]] = pool
        said = None if lag is None else (lag.through, lag.givers, *sorted(lag.carried.items()))
        # her units, their weeks as she reads them: less what a merge brought held (decision 0717)
        units = [as_read(actor, org.id, unit) for unit in units] if reader.unit_id is not None else units
        less = reader.unit_id is not None and units[0] is not figures[reader.unit_id]
        # the gifts a merge brought held, on a line of their own to her (decision 0754)
        held_said = tuple((one.unit_id, one.confirmed_vnd, one.waiting_vnd) for one in apart)
        read_awards = awards_read_by(awards, actor)  # the head proposes for a leaderless unit (0781)
        ended = year_ended_read(actor, org.id, context, last_year) if reader.unit_id is None else None
        year_together = reader.unit_id is not None and year_kinds_together(actor, org.id, reader.unit_id)
        drive_said = reader.unit_id is None or not drive_held(actor, org.id, units[0])
        waiting = None if reader.unit_id is None else waiting_held(actor, org.id, units[0])
        running = reader.unit_id is not None or may_see_running_money(actor, org.id, None)
        shown = (
            reader.unit_id,
            locale,
            held,
            together,
            year_together,
            drive_said,
            waiting,
            weeks,
            said,
            lagging,
            less,
            held_said,
            read_awards,
            ended,
            whole_waiting,
            running,
            whole,
            whole_held,
        )
        if shown not in texts:
            week_said: list[WeekHeld] = []
            texts[shown] = (
                rollup_text(
                    locale,
                    org.name,
                    list(lines),
                    context,
                    own,
                    spent,
                    drive_page_url(settings, context),
                    read_awards,
                    held,
                    outside,
                    weeks,
                    lag,
                    lagging,
                    apart,
                    ended=ended,
                    waiting_held=whole_waiting,
                    running=running,
                    stand_ins=stand_ins,
                    said_whole=whole,
                    whole_held=whole_held,
                    week_said=week_said,
                )
                if reader.unit_id is None
                else unit_text(
                    locale,
                    units[0],
                    context,
                    names=names,
                    drive_whole_vnd=drive_whole,
                    place=placed.get(reader.unit_id),
                    held=bool(held),
                    together=together,
                    week_held=weeks,
                    lag=lag,
                    year_together=year_together,
                    drive_held=not drive_said,
                    waiting_held=waiting,
                    stand_ins=stand_ins,
                    week_said=week_said,
                )
            )
            weeks_said[shown] = week_said[-1] if week_said else weeks
            if held_from is not None:
                texts[shown] = _held_said(texts[shown], locale, held_from, period)
            elif late:
                texts[shown] = _late_said(texts[shown], locale, period)
            # the weekly message says last how to stop it, as the treasurer's count does; /baocao, asked
            # for, does not (decision 2508)
            texts[shown] += "\n" + translate(locale, "To stop this weekly message: /nhacnho.")
        destination = destinations.get(reader.person_id)
        labels: tuple[tuple[str, str], ...] = ()
        if reader in stepped:
            offers = steps[reader.unit_id is None]
            given.append((keys[reader], next(offered)))
            labels = buttons(given[-1][1], offers, locale)
        batch.append(
            Queued(
                keys[reader],
                destination,
                OutboundMessage(text=texts[shown], keep=True, locale=locale, actions=labels),
                reader.person_id,
                not_before=not_before,
                expires_at=expires_at,
                counts_from=local_date(period.starts),  # its days, as /baocao says them (decision 2730)
            )
        )
        # a unit's chart draws its money week by week: none where it is held back, nor where the text says
        # the week as how many gave while a gift of it waits, the year said as what is confirmed: its point,
        # waiting gifts in it, less what the year grew by would be one (decision 1931)
        if (
            destination is not None
            and destination.channel in PHOTO_CHANNELS
            and not (reader.unit_id and held)
            and not weeks_said[shown].waiting
        ):
            if shown not in charts:
                charts[shown] = await _chart(
                    # each unit's bar against its commitment as its year's line says it (decision 0599)
                    [released(u, u.lag) if u.unit_id in lagging else u for u in units],
                    period,
                    locale,
                    f"{keys[reader]}",
                    settings,
                    pooled(units, held),
                    weeks_said[shown].weeks,  # the week before's a gap where the text leaves it out (1930)
                    outside if reader.unit_id is None else None,
                )
            caption = translate(locale, "Chart: progress by unit and gifts per week")
            message = OutboundMessage(text=caption, photo=charts[shown], keep=True, locale=locale)
            batch.append(
                Queued(
                    f"{keys[reader]}:chart",
                    destination,
                    message,
                    reader.person_id,
                    not_before=not_before,
                    expires_at=expires_at,
                )
            )
    written = await enqueue_many(session, batch, now=now, priority=NOTICE)
    # the pools these digests tell, kept with them in this transaction; one nobody was told is not (0816)
    await keep_pools(
        session, org.id, context.year, [p for key, p in told.items() if key in written], local_date(now), kept
    )
    # a twin of this run wrote a digest meanwhile: its own buttons serve
    await withdraw_offered(session, [theirs for key, theirs in given if key not in written])
    # the deadlines it says are that morning's reminder of them, not said again within the hour (0805)
    for rollup in (False, True):
        await said_by_digest(
            session,
            {
                reader.person_id: keys[reader]
                for reader in people
                if (reader.unit_id is None) == rollup and keys[reader] in written
            },
            [
                (d.deadline_id, d.on)
                for d in context.deadlines
                if d.deadline_id is not None and (rollup or d.audience != "admin")
            ],
            now=now,
        )
    return sum(1 for item in batch if item.key in written and not item.key.endswith(":chart"))


def _leads(reader: Reader, actor: Actor) -> bool:
    """Whether `reader` reads the digest as a leader (a unit's, or the whole's): not the union's chair, who
    is sent the roll-up as an officer (decision 2303)."""
    return reader.unit_id is not None or ("leader", None) in actor.grants


def next_steps(context: Context, *, rollup: bool) -> list[Offer]:
    """What a digest's deadlines ask of its reader, a press away, as their reminders carry it: the award
    proposals while an award dossier's day is ahead (“Khen thưởng”), the year's report while a report's is
    (“Báo cáo năm (Word)”); a unit's digest counts only the deadlines it says, not those the office sends
    upward. Each works until the day after the last such deadline; the flows check the reader's roles when
    pressed."""
    due: dict[str, date] = {}
    for deadline in context.deadlines:
        if deadline.audience not in ("leader", "admin") or (deadline.audience == "admin" and not rollup):
            continue
        kind = deadline_kind(deadline.code)
        if kind is not None:
            due[kind] = max(due.get(kind, deadline.on), deadline.on)

    def lives(kind: str) -> datetime:
        after = datetime.combine(due[kind] + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
        return after.astimezone(UTC)

    steps = []
    if "award" in due:
        steps.append(Offer("awards", lambda locale: translate(locale, "Awards"), lives("award")))
    if "report" in due:

        def label(locale: str) -> str:
            return translate(locale, "The year's report (Word)")

        steps.append(Offer("year_report", label, lives("report")))
    return steps


async def _chart(
    units: list[UnitFigures],
    period: Period,
    locale: str,
    key: str,
    settings: Settings,
    held: Collection[int] = (),
    weeks_held: Sequence[bool] = (),
    outside: UnitFigures | None = None,
) -> str:
    """Draw the chart in a worker thread and keep it in the media directory; its path there. A folder of 128
    random bits holds it, as every file the bot makes (handlers.common.kept_file): with ZALO_MEDIA_URL the
    media directory is served, and the key's ids (organisation, week, reader, unit) could be counted through
    (docs/decisions/0301)."""
    bars, trend, weeks = chart_input(units, period, held, weeks_held, outside)
    png = await asyncio.to_thread(render_chart, locale, bars, trend, weeks)
    relative = Path("charts") / secrets.token_hex(16) / f"{key.replace(':', '-')}-{locale}.png"
    await asyncio.to_thread(_write, settings.media_dir / relative, png)
    return str(relative)


def drive_page_url(settings: Settings, context: Context) -> str | None:
    """The link to the running drive's public page, where it has one and the server says where it is."""
    drive = context.drive
    if drive is None or drive.public_key is None or not settings.public_url:
        return None
    return page_url(settings.public_url, drive.public_key)


def chart_input(
    units: list[UnitFigures],
    period: Period,
    held: Collection[int] = (),
    weeks_held: Sequence[bool] = (),
    outside: UnitFigures | None = None,
) -> tuple[list[Bar], list[int | None], list[date]]:
    """What the chart draws: every unit's bar, highest participation first (as the roll-up orders them), the
    gifts of each week of the trend, and the first day of each of those weeks (local); the units `held`
    (`pooled`) without their money against their commitment (decision 0304); the weeks `weeks_held`
    (`WeekHeld.weeks`), one or two people's gifts the reader may not read, with no point (decision 0561).
    `outside`: the roll-up's gifts of people of no unit, in its trend as in its text's “tuần trước” (0584):
    drawn without them, the text's figure less the chart's point was theirs."""
    ordered = sorted(units, key=lambda u: (-u.placing, sort_key(u.name)))
    bars = [
        Bar(
            u.name,
            100 * u.rate if _people_said(u, u.took_part) else None,  # a hamlet: its households (1569)
            100 * (u.total["money"] + u.total["goods"]) / u.collective_target_vnd
            if u.collective_target_vnd and u.unit_id not in held
            else None,
            households=100 * u.households_rate if u.households else None,
        )
        for u in ordered
    ]
    ledger = [*units, outside] if units and outside is not None and outside.weekly_vnd else units
    trend: list[int | None] = (
        [sum(week) for week in zip(*(u.weekly_vnd for u in ledger), strict=True)] if units else []
    )
    trend = [None if n < len(weeks_held) and weeks_held[n] else value for n, value in enumerate(trend)]
    weeks = [local_date(starts) for starts, _ends in _week_bounds(period, len(trend))]
    return bars, trend, weeks


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
