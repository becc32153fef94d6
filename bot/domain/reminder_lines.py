"""A deadline's reminder line in its reader's words, with where the reader stands, read when it is sent.

A plan's deadline has one title for every reader, written by whoever wrote the plan: "Các phòng, khoa, trung
tâm gửi hồ sơ đề nghị khen thưởng hằng năm về đơn vị" is a school's or a hospital's sentence, read the same by
a unit's leader, by the organisation's head who oversees the units, and by a commune's hamlet head. So
(docs/decisions/0064):

- **The words.** A deadline of the plan (not the organisation's own, `local`) for the units' leaders
  (audience `leader`) whose code says what it asks for, an award dossier (`khen-thuong` in it) or a report
  (starting `bao-cao`), is said from the reader's seat: a unit's leader reads their unit and organisation
  ("Thôn 3 gửi hồ sơ đề nghị khen thưởng về UBND xã …: hạn 10/12/2026."), an organisation-wide leader reads
  it as the units' deadline they oversee ("Hạn các đơn vị gửi … về <org>: 10/12/2026."). An organisation's
  own deadline keeps its title (its own words), said as the units' deadline to whoever oversees them. Any
  other deadline: its title, as before.
- **Where the reader stands** on an award dossier's deadline, from the proposals standing when the reminder
  goes out, counted as the dossier counts them (`awards.standing_lines`): a unit's leader, their unit's; an
  organisation-wide leader, how many units have proposed and how many proposals they made; the office and
  the head on the organisation's own deadline (audience `admin`), the year's proposals and for how many
  awards, with the letter and the minutes under the message's "Khen thưởng" button.
- **Units that propose no one because they have no leader of their own** (docs/decisions/0115): only an
  organisation-wide leader may propose for them, so the head's line of the units' deadline, and the office's
  and the head's of the organisation's own, name them (the first few) when they have proposed no one yet.
  So too, apart, the units whose leaders are on the staff list but not on Chung Tay (never joined, or blocked
  it): nobody there is reminded, so the head and the office are told to tell them in person (decision 0187).
- **Units that have not answered** (docs/decisions/0198): the same lines name the other units that have
  neither proposed nor chosen “Done” on their reminder (a unit that chose it proposes no one: counted apart).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Campaign,
    ChannelIdentity,
    Deadline,
    Organisation,
    Person,
    Reminder,
    RoleAssignment,
    Unit,
)
from bot.domain.access import (
    PROPOSE_ROLES,
    actor_for,
    may_grant_role,
    not_away,
    not_on_training,
    on_training,
    proposed_units,
    proposes_for_itself,
)
from bot.domain.awards import ProposalLine, said_none, standing_and_yearly
from bot.domain.campaigns import campaign_year, deadline_kind
from bot.domain.notices import is_commune
from bot.domain.plan_glosses import title_named
from bot.i18n import format_date, format_number, translate, translate_plural
from bot.text import sort_key

# --- where the reader stands ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProposed:
    """A unit's standing proposals of the year: its people (staff), its households, the unit itself.
    `said_none`: with none, its leader chose “Done”: it proposes no one (docs/decisions/0198). `button`: read
    beside the reminder's “Done” (a reminder); else read where there is none (the Monday digest)."""

    unit: str
    people: int
    households: int
    collectives: int
    said_none: bool = False
    button: bool = True
    commune: bool = False
    ad_hoc: int = 0  # its standing ad hoc proposals, on no yearly list: said to stand (decision 1153)

    def text(self, locale: str) -> str:
        total = self.people + self.households + self.collectives
        if not total and self.ad_hoc:
            return self._ad_hoc_only(locale)
        if not total and self.said_none:
            return translate(locale, "{unit} proposes no one this year (“Done” chosen).").format(
                unit=self.unit
            )
        if not total and not self.button:
            return translate(
                locale, "{unit} has not answered yet: no one proposed (/dekhenthuong), “Done” not chosen."
            ).format(unit=self.unit)
        if not total and self.commune:  # a hamlet, or a board of the Front: no “đơn vị” (decision 0247)
            return translate(
                locale, "{unit} has proposed no one yet; if it proposes no one, choose “Done”."
            ).format(unit=self.unit)
        if not total:
            return translate(
                locale, "{unit} has proposed no one yet; if the unit proposes no one, choose “Done”."
            ).format(unit=self.unit)
        parts = [
            part.format(n=format_number(n, locale))
            for part, n in (
                (translate_plural(locale, "{n} person", "{n} people", self.people), self.people),
                (
                    translate_plural(locale, "{n} household", "{n} households", self.households),
                    self.households,
                ),
                (
                    translate_plural(locale, "{n} collective", "{n} collectives", self.collectives),
                    self.collectives,
                ),
            )
            if n
        ]
        return translate(locale, "{unit} has proposed {n} ({parts}).").format(
            unit=self.unit, n=format_number(total, locale), parts=", ".join(parts)
        )

    def _ad_hoc_only(self, locale: str) -> str:
        """No one for the yearly lists, an ad hoc award proposed: never “has proposed no one” alone, which
        reads as if that proposal were gone (decision 1153)."""
        if self.said_none:
            text = translate(
                locale,
                "{unit} proposes no one for the yearly awards this year (“Done” chosen); what it proposed "
                "for an ad hoc award stands.",
            )
        elif not self.button:
            text = translate(
                locale,
                "{unit} has not answered for the yearly awards yet: no one proposed for them "
                "(/dekhenthuong), “Done” not chosen; what it proposed for an ad hoc award stands.",
            )
        else:
            text = translate(
                locale,
                "{unit} has proposed no one for the yearly awards yet; what it proposed for an ad hoc award "
                "stands. If it proposes no one for them, choose “Done”.",
            )
        return text.format(unit=self.unit)


@dataclass(frozen=True)
class UnitsProposed:
    """How many of the organisation's units have a standing proposal, and how many proposals they made;
    `said_none`: how many others answered that they propose no one (docs/decisions/0198)."""

    proposing: int
    units: int
    proposals: int
    said_none: int = 0
    commune: bool = False

    def text(self, locale: str) -> str:
        if self.commune:  # its hamlets and the Front's boards (decision 0247)
            text = translate(
                locale, "Hamlets and boards that have proposed: {proposing}/{units}; proposals: {n}."
            )
        else:
            text = translate(locale, "Units that have proposed: {proposing}/{units}; proposals: {n}.")
        # every count as the reader's language writes it: “1.200/1.500”, never “1200/1500” (decision 2728)
        proposing, units, n = (
            format_number(count, locale) for count in (self.proposing, self.units, self.proposals)
        )
        text = text.format(proposing=proposing, units=units, n=n)
        if self.said_none and self.commune:
            none = translate_plural(
                locale,
                "{n} hamlet or board proposes no one.",
                "{n} hamlets and boards propose no one.",
                self.said_none,
            )
            text = f"{text} {none.format(n=format_number(self.said_none, locale))}"
        elif self.said_none:
            none = translate_plural(
                locale, "{n} unit proposes no one.", "{n} units propose no one.", self.said_none
            )
            text = f"{text} {none.format(n=format_number(self.said_none, locale))}"
        return text


@dataclass(frozen=True)
class YearProposed:
    """The organisation's standing proposals of the year (its own among them), and for how many awards."""

    proposals: int
    forms: int

    def text(self, locale: str) -> str:
        if not self.proposals:
            return translate(locale, "No proposal yet this year.")
        # each figure with its noun, singular or plural as English counts it (decision 2651)
        proposals = translate_plural(locale, "{n} proposal", "{n} proposals", self.proposals)
        forms = translate_plural(locale, "{n} award", "{n} awards", self.forms)
        return translate(
            locale,
            "This year: {proposals} for {awards}; the letter and the council's minutes are under “Awards”.",
        ).format(
            proposals=proposals.format(n=format_number(self.proposals, locale)),
            awards=forms.format(n=format_number(self.forms, locale)),
        )


Standing = UnitProposed | UnitsProposed | YearProposed

# How many units with no leader of their own a line names; the others are counted.
LEADERLESS_NAMED = 5


@dataclass(frozen=True)
class HeadsAway:
    """Said to the office after the units it names apart (decision 0782), when the organisation's leaders the
    bot reaches are all on long leave too (0740), so that none proposes in their stead: whoever stands in
    does, once given the leader role (0789, 0875). No one named, nor why. `grants`: the reader gives that
    role (`access.may_grant_role`: an organisation-wide admin); else told the office does."""

    grants: bool = True
    training: bool = False  # every one of them away on training, none on leave: said so (decision 2515)
    mixed: bool = False  # some of them on training, the others on leave: each reason said (decision 2631)

    def text(self, locale: str) -> str:
        if not self.grants and self.mixed:
            return translate(
                locale,
                "The organisation's leaders are on long leave or away on training too: the office gives the "
                "leader role to whoever stands in for them, who then proposes in their stead.",
            )
        if self.mixed:
            return translate(
                locale,
                "The organisation's leaders are on long leave or away on training too: please give the "
                "leader role to whoever stands in for them (“Roles”) so that they propose in their stead.",
            )
        if not self.grants and self.training:
            return translate(
                locale,
                "The organisation's leaders are away on training too: the office gives the leader role to "
                "whoever stands in for them, who then proposes in their stead.",
            )
        if not self.grants:
            return translate(
                locale,
                "The organisation's leaders are on long leave too: the office gives the leader role to "
                "whoever stands in for them, who then proposes in their stead.",
            )
        if self.training:
            return translate(
                locale,
                "The organisation's leaders are away on training too: please give the leader role to whoever "
                "stands in for them (“Roles”) so that they propose in their stead.",
            )
        return translate(
            locale,
            "The organisation's leaders are on long leave too: please give the leader role to whoever "
            "stands in for them (“Roles”) so that they propose in their stead.",
        )


@dataclass(frozen=True)
class Leaderless:
    """Units that have proposed no one and that no leader of their own proposes for through the bot:
    `units` named, `more` counted. `unreached`: their leaders are listed but not on Chung Tay (never
    joined, or blocked it), so no reminder reaches them (decision 0187); `away`: those it reaches are all on
    long leave, whom no reminder is sent to (decisions 0740, 0782); else they have none. `head`: the reader
    proposes in their stead (an organisation-wide leader); else the office, told who may."""

    units: tuple[str, ...]
    more: int
    head: bool
    unreached: bool = False
    commune: bool = False
    away: bool = False
    # the names of the `more`: said where the digest's line promises them at its end (`whole`, decision 2046)
    rest: tuple[str, ...] = ()
    training: bool = False  # `away`, every one of them on training: said so (decision 2445)
    mixed: bool = False  # `away`, some of them on training and the others on leave: each said (decision 2719)

    def whole(self, locale: str) -> str:
        """Every unit, named: at the end of a digest whose line said “named at the end of this digest”, as
        the units not answered are (decisions 2043, 2046); as `text` where the others' names are not known."""
        if len(self.rest) != self.more:
            return self.text(locale)
        return replace(self, units=(*self.units, *self.rest), more=0, rest=()).text(locale)

    def text(self, locale: str) -> str:
        names = _named(locale, self.units, self.more, commune=self.commune)
        if self.away and self.mixed:  # each reason said once, nobody named (decision 2719)
            text = (
                translate_plural(
                    locale,
                    "The leader of {units} is on long leave or away on training and gets no reminder: if "
                    "anyone there deserves an award, please propose them yourself.",
                    "The leaders of {units} are on long leave or away on training and get no reminder: if "
                    "anyone there deserves an award, please propose them yourself.",
                    len(self.units) + self.more,
                )
                if self.head
                else translate_plural(
                    locale,
                    "The leader of {units} is on long leave or away on training and gets no reminder: if "
                    "anyone there deserves an award, the organisation's leaders propose them.",
                    "The leaders of {units} are on long leave or away on training and get no reminder: if "
                    "anyone there deserves an award, the organisation's leaders propose them.",
                    len(self.units) + self.more,
                )
            )
        elif self.away and self.training:  # training said as training (decision 2445)
            text = (
                translate_plural(
                    locale,
                    "The leader of {units} is away on training and gets no reminder: if anyone there "
                    "deserves an award, please propose them yourself.",
                    "The leaders of {units} are away on training and get no reminder: if anyone there "
                    "deserves an award, please propose them yourself.",
                    len(self.units) + self.more,
                )
                if self.head
                else translate_plural(
                    locale,
                    "The leader of {units} is away on training and gets no reminder: if anyone there "
                    "deserves an award, the organisation's leaders propose them.",
                    "The leaders of {units} are away on training and get no reminder: if anyone there "
                    "deserves an award, the organisation's leaders propose them.",
                    len(self.units) + self.more,
                )
            )
        elif self.away:  # told in person she is not: she is on leave; proposed for in her stead if need be
            text = (
                translate_plural(
                    locale,
                    "The leader of {units} is on long leave and gets no reminder: if anyone there deserves "
                    "an award, please propose them yourself.",
                    "The leaders of {units} are on long leave and get no reminder: if anyone there deserves "
                    "an award, please propose them yourself.",
                    len(self.units) + self.more,
                )
                if self.head
                else translate_plural(
                    locale,
                    "The leader of {units} is on long leave and gets no reminder: if anyone there deserves "
                    "an award, the organisation's leaders propose them.",
                    "The leaders of {units} are on long leave and get no reminder: if anyone there deserves "
                    "an award, the organisation's leaders propose them.",
                    len(self.units) + self.more,
                )
            )
        elif self.unreached:
            text = (
                translate_plural(
                    locale,
                    "The leader of {units} is not on Chung Tay and gets no reminder: please tell them in "
                    "person; if anyone there deserves an award, propose them yourself.",
                    "The leaders of {units} are not on Chung Tay and get no reminder: please tell them in "
                    "person; if anyone there deserves an award, propose them yourself.",
                    len(self.units) + self.more,
                )
                if self.head
                else translate_plural(
                    locale,
                    "The leader of {units} is not on Chung Tay and gets no reminder: please tell them in "
                    "person.",
                    "The leaders of {units} are not on Chung Tay and get no reminder: please tell them in "
                    "person.",
                    len(self.units) + self.more,
                )
            )
        elif self.head:
            text = translate_plural(
                locale,
                "{units} has no leader of its own to propose anyone for an award: if someone there deserves "
                "one, please propose them yourself under “Awards”.",
                "{units} have no leaders of their own to propose anyone for an award: if someone there "
                "deserves one, please propose them yourself under “Awards”.",
                len(self.units) + self.more,
            )
        else:
            text = translate_plural(
                locale,
                "{units} has no leader of its own to propose anyone for an award: if someone there deserves "
                "one, the organisation's leaders propose them under “Awards”; the office can give it a "
                "leader in “Roles”.",
                "{units} have no leaders of their own to propose anyone for an award: if someone there "
                "deserves one, the organisation's leaders propose them under “Awards”; the office can give "
                "each a leader in “Roles”.",
                len(self.units) + self.more,
            )
        return text.format(units=names)


@dataclass(frozen=True)
class Unanswered:
    """The units that have neither proposed nor said they propose no one (“Done”), among those whose own
    leaders the bot reminds (the others are named apart): `units` named, `more` counted."""

    units: tuple[str, ...]
    more: int
    commune: bool = False
    # Said as a count, the names under “Awards” (`unanswered_names`): once the units' day has gone by, the
    # roll-up's line of the organisation's own dossier is read on a phone, not acted on unit by unit (1501)
    counted: bool = False
    # the names of the `more`: said where the digest's line promises them at its end (`whole`, decision 2043)
    rest: tuple[str, ...] = ()

    def whole(self, locale: str) -> str:
        """Every unit not answered, named: at the end of a digest whose line said “named at the end of this
        digest”, where “Khoa 01, …, Khoa 05 và 25 đơn vị khác” left the director asking which (decision
        2043); as `text` where the names of the others are not known."""
        if self.counted or len(self.rest) != self.more:
            return self.text(locale)
        return translate(locale, "Not answered yet: {units}.").format(
            units=", ".join((*self.units, *self.rest))
        )

    def text(self, locale: str) -> str:
        if self.counted:
            n = len(self.units) + self.more
            if self.commune:
                text = translate_plural(
                    locale,
                    "Not answered: {n} hamlet or board (named under “Awards”).",
                    "Not answered: {n} hamlets and boards (named under “Awards”).",
                    n,
                )
            else:
                text = translate_plural(
                    locale,
                    "Not answered: {n} unit (named under “Awards”).",
                    "Not answered: {n} units (named under “Awards”).",
                    n,
                )
            return text.format(n=format_number(n, locale))
        return translate(locale, "Not answered yet: {units}.").format(
            units=_named(locale, self.units, self.more, commune=self.commune)
        )


def _named(locale: str, units: tuple[str, ...], more: int, *, commune: bool = False) -> str:
    """“Phòng A, Phòng B và 3 đơn vị khác”: the units named, the others counted; a commune's “Thôn 1, Thôn 2
    và 3 thôn, ban khác” (decision 0247)."""
    names = ", ".join(units)
    if not more:
        return names
    if commune:
        return translate_plural(
            locale, "{units} and {n} more hamlet or board", "{units} and {n} more hamlets and boards", more
        ).format(units=names, n=format_number(more, locale))
    return translate_plural(locale, "{units} and {n} more unit", "{units} and {n} more units", more).format(
        units=names, n=format_number(more, locale)
    )


# --- the line ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline as one reader reads it. `kind` and `org` set: the line is built from what the deadline
    asks for, for `unit` (a unit's leader) or for the units (`unit` None: who oversees them), or, `upward`,
    for the organisation itself, sending to the level above; `kind` set and `org` None: the title, said as
    the units' deadline; neither: the title. `standing`: where the reader stands, when there is something to
    say."""

    title: str
    ends_on: date
    kind: str | None = None
    org: str | None = None
    unit: str | None = None
    standing: Standing | None = None
    leaderless: Leaderless | None = None
    upward: bool = False
    unreached: Leaderless | None = None
    unanswered: Unanswered | None = None
    commune: bool = False
    away: Leaderless | None = None  # units whose leaders are all on long leave (decision 0782)
    in_break: bool = False  # the day is a holiday of the reader's organisation: said (decision 0662)
    heads_away: HeadsAway | None = None  # to the office: the organisation's leaders are away too (0875)
    whole: bool = False  # the units' deadline of an organisation that is one unit: its own (decision 2343)

    def text(self, locale: str) -> str:
        when = format_date(self.ends_on, locale)
        if self.kind is None:
            # a plan's deadline glossed to a reader of English (decision 2446)
            line = translate(locale, "{title}: due on {date}.").format(
                title=title_named(locale, self.title), date=when
            )
        elif self.upward and self.org is not None:
            line = _UPWARD[self.kind](locale).format(org=self.org, date=when)
        elif self.org is None:
            line = translate(locale, "The units' deadline: {title}, {date}.").format(
                title=title_named(locale, self.title), date=when
            )
        elif self.unit is not None:
            line = _FOR_UNIT[self.kind](locale).format(unit=self.unit, org=self.org, date=when)
        elif self.whole:
            line = _WITHIN[self.kind](locale).format(org=self.org, date=when)
        else:
            units = _FOR_HAMLETS if self.commune else _FOR_UNITS
            line = units[self.kind](locale).format(org=self.org, date=when)
        parts = (self.standing, self.unanswered, self.leaderless, self.unreached, self.away, self.heads_away)
        held = [in_break_said(locale)] if self.in_break else []
        said = [line, *held, *(part.text(locale) for part in parts if part is not None)]
        return " ".join(said)


def in_break_said(locale: str) -> str:
    """Said after a deadline's day when it is a holiday of the reader's organisation (Tết's Mùng 3): the
    reminder's day was moved before the break, the deadline was not (docs/decisions/0662)."""
    return translate(locale, "The deadline falls in the holiday.")


_FOR_UNIT = {
    "award": lambda locale: translate(locale, "{unit} sends its award proposals to {org}: due on {date}."),
    "report": lambda locale: translate(locale, "{unit} sends its report to {org}: due on {date}."),
}
_FOR_UNITS = {
    "award": lambda locale: translate(
        locale, "The units send their award proposals to {org}: due on {date}."
    ),
    "report": lambda locale: translate(locale, "The units send their reports to {org}: due on {date}."),
}
# An organisation that is one unit (a school of fourteen): the units' deadline is its own, sent to no one.
_WITHIN = {
    "award": lambda locale: translate(locale, "Award proposals within {org}: due on {date}."),
    "report": lambda locale: translate(locale, "Reports within {org}: due on {date}."),
}
# A commune's: its hamlets and the Front's boards send theirs (decision 0247), not “các đơn vị”.
_FOR_HAMLETS = {
    "award": lambda locale: translate(
        locale, "The hamlets and boards send their award proposals to {org}: due on {date}."
    ),
    "report": lambda locale: translate(
        locale, "The hamlets and boards send their reports to {org}: due on {date}."
    ),
}
# The organisation's own submission: the plan says to whom ("về Sở") for a school under a department; a
# commune or a hospital sends elsewhere, so the line says only that it goes up.
_UPWARD = {
    "award": lambda locale: translate(
        locale, "{org} sends its award proposals to the level above: due on {date}."
    ),
    "report": lambda locale: translate(locale, "{org} sends its report to the level above: due on {date}."),
}


class Readings:
    """What the lines of one scan read, each at most once per scan: the organisations' names and units, the
    year's standing proposals."""

    def __init__(
        self,
        session: AsyncSession,
        today: date,
        *,
        organisations: Mapping[int, tuple[str, int, bool]] | None = None,
        away_on: date | None = None,
    ) -> None:
        """`organisations`: what the caller has read already of some, as `organisation` gives it (the
        digests know their organisation's name, units and whether it is a commune: decision 0317).
        `away_on`: the day long leave is read on, where it is not `today` (a digest of last week, written on
        Monday: a leader back that morning is reminded then, never said away to the head, decision 0812)."""
        self.session = session
        self.today = today
        self.away_on = away_on or today
        self._orgs: dict[int, tuple[str, int, bool]] = dict(organisations or {})
        self._standing: dict[tuple[int, int, bool], list[ProposalLine]] = {}
        self._deadlines: dict[int, Deadline | None] = {}
        self._leaderless: dict[int, list[tuple[int, str]]] = {}
        self._unreached: dict[int, list[tuple[int, str]]] = {}
        self._away: dict[int, list[tuple[int, str]]] = {}
        self._away_training: dict[int, tuple[frozenset[int], frozenset[int]]] = {}
        self._heads_away: dict[int, tuple[bool, bool, bool]] = {}
        self._units: dict[int, list[tuple[int, str]]] = {}
        self._said_none: dict[tuple[int, int], frozenset[int]] = {}

    async def deadline(self, deadline_id: int) -> Deadline | None:
        if deadline_id not in self._deadlines:
            self._deadlines[deadline_id] = await self.session.get(Deadline, deadline_id)
        return self._deadlines[deadline_id]

    async def organisation(self, org_id: int) -> tuple[str, int, bool]:
        """The organisation's name, how many units it has, and whether it is a commune (households belong to
        it, decision 0139: its units are hamlets and the Front's boards, said so, decision 0247)."""
        if org_id not in self._orgs:
            org = await self.session.get_one(Organisation, org_id)
            units = await self.session.scalar(
                select(func.count()).select_from(Unit).where(Unit.org_id == org_id)
            )
            self._orgs[org_id] = (org.name, units or 0, await is_commune(self.session, org_id))
        return self._orgs[org_id]

    async def leaderless(self, org_id: int) -> list[tuple[int, str]]:
        """The organisation's units with no leader of their own (id, name), in Vietnamese order: one query
        per organisation and scan."""
        if org_id not in self._leaderless:
            self._leaderless[org_id] = await _units_named(
                self.session, Unit.org_id == org_id, ~proposes_for_itself()
            )
        return self._leaderless[org_id]

    async def unreached(self, org_id: int) -> list[tuple[int, str]]:
        """The organisation's units whose leaders are all out of the bot's reach (listed, but with no
        messenger account it may write to), in Vietnamese order: one query per organisation and scan."""
        if org_id not in self._unreached:
            self._unreached[org_id] = await _units_named(
                self.session, Unit.org_id == org_id, proposes_for_itself(), ~_leader_reached()
            )
        return self._unreached[org_id]

    async def away(self, org_id: int) -> list[tuple[int, str]]:
        """The organisation's units whose leaders the bot reaches are all away on long leave on `away_on`,
        so that no reminder is sent to any (decisions 0740, 0782), in Vietnamese order: one query per
        organisation and scan."""
        if org_id not in self._away:
            self._away[org_id] = await _units_named(
                self.session,
                Unit.org_id == org_id,
                _leader_reached(),
                ~_leader_reached(not_away(self.away_on)),
            )
        return self._away[org_id]

    async def away_training(self, org_id: int) -> tuple[frozenset[int], frozenset[int]]:
        """The units whose leaders the bot reaches are all away on training on `away_on`, as
        `access.on_training` reads it, none on leave: said so (decision 2445); and those where one of them at
        least is, to say each reason where `away`'s are not all so (decision 2719). One query."""
        if org_id not in self._away_training:
            rows = await self.session.execute(
                select(
                    Unit.id,
                    ~_leader_reached(not_on_training(self.away_on)),
                    _leader_reached(on_training(self.away_on)),
                ).where(Unit.org_id == org_id, _leader_reached())
            )
            found = rows.all()
            self._away_training[org_id] = (
                frozenset(unit_id for unit_id, every, _one in found if every),
                frozenset(unit_id for unit_id, _every, one in found if one),
            )
        return self._away_training[org_id]

    async def heads_away(self, org_id: int) -> tuple[bool, bool, bool]:
        """Whether the organisation's leaders the bot reaches (one at least) are all away on long leave on
        `away_on`, so that none is reminded to propose for the units named apart (decisions 0782, 0875);
        whether they are all away on training, none on leave, as `access.on_training` reads it (2515); and
        whether some of them are on training and the others on leave (2631)."""
        if org_id not in self._heads_away:
            heads = (
                RoleAssignment.org_id == org_id,
                RoleAssignment.unit_id.is_(None),
                Person.left_on.is_(None),
            )
            reached, at_work, not_at_a_course, at_a_course = (
                await self.session.execute(
                    select(
                        _proposer_reached(*heads),
                        _proposer_reached(*heads, not_away(self.away_on)),
                        _proposer_reached(*heads, not_on_training(self.away_on)),
                        _proposer_reached(*heads, on_training(self.away_on)),
                    )
                )
            ).one()
            away = bool(reached) and not at_work
            self._heads_away[org_id] = (
                away,
                away and not not_at_a_course,
                away and bool(not_at_a_course) and bool(at_a_course),
            )
        return self._heads_away[org_id]

    async def units(self, org_id: int) -> list[tuple[int, str]]:
        """The organisation's units (id, name), in Vietnamese order."""
        if org_id not in self._units:
            self._units[org_id] = await _units_named(self.session, Unit.org_id == org_id)
        return self._units[org_id]

    async def said_none(self, org_id: int, campaign_id: int) -> frozenset[int]:
        """The units that chose “Done” on the units' award deadline of the campaign's year (as of today)."""
        if (org_id, campaign_id) not in self._said_none:
            campaign = await self.session.get_one(Campaign, campaign_id)
            year = campaign_year(campaign, self.today)
            self._said_none[(org_id, campaign_id)] = await said_none(self.session, org_id, campaign_id, year)
        return self._said_none[(org_id, campaign_id)]

    async def standing(self, org_id: int, campaign_id: int, *, ad_hoc: bool = False) -> list[ProposalLine]:
        """The standing proposals of the campaign's year (as of today), as the dossier counts them; without
        `ad_hoc`, those of the units' yearly lists only (`standing_lines`, decision 1119)."""
        if (org_id, campaign_id, ad_hoc) not in self._standing:  # both ways from one read
            campaign = await self.session.get_one(Campaign, campaign_id)
            year = campaign_year(campaign, self.today)
            every, yearly = await standing_and_yearly(self.session, org_id, campaign, year)
            self._standing[(org_id, campaign_id, True)] = every
            self._standing[(org_id, campaign_id, False)] = yearly
        return self._standing[(org_id, campaign_id, ad_hoc)]


def _leader_reached(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """The unit (of the query's `Unit`) has a leader role held by someone with a messenger account the bot
    may write to, and who is as `where` says (`access.not_away`: at work)."""
    return _proposer_reached(RoleAssignment.unit_id == Unit.id, *where)


def _proposer_reached(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """A role that proposes for awards held, as `where` says of the role and its holder, by someone with a
    messenger account the bot may write to: a unit's leader (`_leader_reached`) or the organisation's."""
    return (
        select(RoleAssignment.id)
        .join(ChannelIdentity, ChannelIdentity.person_id == RoleAssignment.person_id)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(RoleAssignment.role.in_(sorted(PROPOSE_ROLES)), ChannelIdentity.is_active, *where)
        .exists()
    )


async def _units_named(session: AsyncSession, *where: ColumnElement[bool]) -> list[tuple[int, str]]:
    """The units (id, name) that `where` picks, in Vietnamese order (“Tổ 2” before “Tổ 10”)."""
    units = await session.execute(select(Unit.id, Unit.name).where(*where))
    return sorted(((unit_id, name) for unit_id, name in units), key=lambda unit: (sort_key(unit[1]), unit[0]))


async def deadline_lines(
    readings: Readings, person_id: int, deadline_id: int | None, title: str, ends_on: date
) -> list[DeadlineLine]:
    """The reminder's lines of a deadline for one reader: one, or one per unit a unit's leader leads."""
    deadline = await readings.deadline(deadline_id) if deadline_id is not None else None
    kind = deadline_kind(deadline.code) if deadline is not None else None
    if deadline is None or kind is None or deadline.audience not in ("leader", "admin"):
        return [DeadlineLine(title, ends_on)]
    session = readings.session
    person = await session.get(Person, person_id)
    if person is None:
        return [DeadlineLine(title, ends_on)]
    org_name, _units, commune = await readings.organisation(person.org_id)
    lines = await readings.standing(person.org_id, deadline.campaign_id) if kind == "award" else []
    # the organisation's own submission upward: the plan's, in the organisation's words; its own, its title
    upward = {"kind": kind, "org": org_name, "upward": True} if not deadline.local else {}
    if deadline.audience == "admin" and kind != "award":  # the organisation's own report
        return [DeadlineLine(title, ends_on, **upward)]
    actor = await actor_for(session, person)
    units = proposed_units(actor)
    answered = (
        await readings.said_none(person.org_id, deadline.campaign_id) if kind == "award" else frozenset()
    )
    if deadline.audience == "admin":  # the organisation's own award dossier: the office and its head
        every = await readings.standing(person.org_id, deadline.campaign_id, ad_hoc=True)
        standing = YearProposed(len(every), len({line.form_id for line in every}))
        unled, unreached, away = await _leaderless(readings, person.org_id, lines, head=units is None)
        unanswered = await _unanswered(readings, person.org_id, lines, answered)
        heads = None if units is None else await _heads_away(readings, person.org_id, unled, unreached, away)
        heads = heads and replace(heads, grants=may_grant_role(actor, "leader", person.org_id, None))
        return [
            DeadlineLine(
                title,
                ends_on,
                standing=standing,
                leaderless=unled,
                unreached=unreached,
                unanswered=unanswered,
                away=away,
                heads_away=heads,
                **upward,
            )
        ]
    built = org_name if not deadline.local else None
    if units is None:  # an organisation-wide leader oversees the units' deadline
        whole = _units == 1 and built is not None  # or, of one unit, it is her own (decision 2344)
        if kind != "award":
            return [DeadlineLine(title, ends_on, kind, built, commune=commune, whole=whole)]
        awards = await units_standing(readings, person.org_id, deadline.campaign_id)
        return [
            DeadlineLine(
                title,
                ends_on,
                kind,
                built,
                None,
                awards.standing,
                awards.leaderless,
                unreached=awards.unreached,
                unanswered=awards.unanswered,
                commune=commune,
                away=awards.away,
                whole=whole,
            )
        ]
    if not units:
        return [DeadlineLine(title, ends_on)]
    named = await _units_named(session, Unit.id.in_(sorted(units)))
    ad_hoc = await ad_hoc_of(readings, person.org_id, deadline.campaign_id) if kind == "award" else {}
    result = []
    for unit_id, unit_name in named:
        standing = unit_proposed(
            unit_name,
            [line for line in lines if line.unit_id == unit_id],
            said_none=unit_id in answered,
            commune=commune,
            ad_hoc=ad_hoc.get(unit_id, 0),
        )
        if deadline.local:  # the organisation's own words, with the unit's standing
            result.append(DeadlineLine(title, ends_on, standing=standing if kind == "award" else None))
        else:
            result.append(
                DeadlineLine(title, ends_on, kind, org_name, unit_name, standing if kind == "award" else None)
            )
    return result


async def _leaderless(
    readings: Readings, org_id: int, lines: list[ProposalLine], *, head: bool
) -> tuple[Leaderless | None, Leaderless | None, Leaderless | None]:
    """The units that stand in none of `lines` (the year's standing proposals) with no leader of their own,
    those whose leaders the bot cannot reach, and those whose leaders are all on long leave, each the first
    LEADERLESS_NAMED named; None for none."""
    proposing = {line.unit_id for line in lines}
    _name, _units, commune = await readings.organisation(org_id)
    found = []
    for units, unreached, away in (
        (await readings.leaderless(org_id), False, False),
        (await readings.unreached(org_id), True, False),
        (await readings.away(org_id), False, True),
    ):
        names = [name for unit_id, name in units if unit_id not in proposing]
        more = max(0, len(names) - LEADERLESS_NAMED)
        named, rest = tuple(names[:LEADERLESS_NAMED]), tuple(names[LEADERLESS_NAMED:])
        training = mixed = False
        if away and names:
            said = {unit_id for unit_id, _ in units if unit_id not in proposing}
            every, some = await readings.away_training(org_id)
            training = said <= every
            mixed = not training and bool(said & some)  # some at a course, the others on leave (2719)
        found.append(
            Leaderless(named, more, head, unreached, commune, away, rest, training, mixed) if names else None
        )
    return found[0], found[1], found[2]


class UnitsStanding(NamedTuple):
    """Where the units stand on the year's award proposals (`units_standing`), in the order it is said."""

    standing: UnitsProposed | YearProposed
    unanswered: Unanswered | None
    leaderless: Leaderless | None  # no leader of their own (0115)
    unreached: Leaderless | None  # none the bot reaches (0187)
    away: Leaderless | None  # all on long leave (0782)
    heads_away: HeadsAway | None = None  # the organisation's leaders away too: said to the office (0875)


async def units_standing(readings: Readings, org_id: int, campaign_id: int) -> UnitsStanding:
    """Where the units stand on the year's award proposals, as whoever oversees them reads it (the head's
    reminder of the units' deadline, the roll-up digest): how many proposed and how much, how many said they
    propose no one, the units that have done neither (docs/decisions/0198), and those named apart, with no
    leader of their own, none the bot reaches or all on long leave (0115, 0187, 0782), so that every unit of
    the count is accounted for (decision 0781), worded for an organisation-wide leader, who proposes in their
    stead. An organisation that is one unit has no units to oversee: only how many it has proposed, its
    leader proposing herself (decision 2343)."""
    _name, unit_count, commune = await readings.organisation(org_id)
    lines = await readings.standing(org_id, campaign_id)
    if unit_count == 1:
        return UnitsStanding(
            YearProposed(len(lines), len({line.form_id for line in lines})), None, None, None, None
        )
    answered = await readings.said_none(org_id, campaign_id)
    by_units = [line for line in lines if line.unit_id is not None]
    proposing = {line.unit_id for line in by_units}
    standing = UnitsProposed(
        len(proposing), unit_count, len(by_units), len(answered - proposing), commune=commune
    )
    unled, unreached, away = await _leaderless(readings, org_id, lines, head=True)
    unanswered = await _unanswered(readings, org_id, lines, answered)
    heads = await _heads_away(readings, org_id, unled, unreached, away)
    return UnitsStanding(standing, unanswered, unled, unreached, away, heads)


async def _heads_away(readings: Readings, org_id: int, *apart: Leaderless | None) -> HeadsAway | None:
    """Said to the office after the units named `apart`, for the organisation's leaders to propose in their
    stead, when those leaders are all on long leave too (decision 0875); None when no unit is named apart or
    a leader is at work. An organisation-wide reader is not told it (`awards_read_by`)."""
    if not any(apart):
        return None
    away, training, mixed = await readings.heads_away(org_id)
    return HeadsAway(training=training, mixed=mixed) if away else None


async def _unanswered(
    readings: Readings, org_id: int, lines: list[ProposalLine], answered: frozenset[int]
) -> Unanswered | None:
    """The units that stand in none of `lines` and did not say they propose no one (`answered`), leaving out
    those named apart (no leader of their own, or none the bot reaches): the first LEADERLESS_NAMED named;
    None for none."""
    names = await _unanswered_names(readings, org_id, lines, answered)
    if not names:
        return None
    _name, _units, commune = await readings.organisation(org_id)
    return Unanswered(
        tuple(names[:LEADERLESS_NAMED]),
        max(0, len(names) - LEADERLESS_NAMED),
        commune,
        rest=tuple(names[LEADERLESS_NAMED:]),
    )


async def _unanswered_names(
    readings: Readings, org_id: int, lines: list[ProposalLine], answered: frozenset[int]
) -> list[str]:
    apart = {unit_id for unit_id, _ in await readings.leaderless(org_id)}
    apart |= {unit_id for unit_id, _ in await readings.unreached(org_id)}
    apart |= {unit_id for unit_id, _ in await readings.away(org_id)}
    done = {line.unit_id for line in lines} | answered | apart
    return [name for unit_id, name in await readings.units(org_id) if unit_id not in done]


async def unanswered_names(readings: Readings, org_id: int, campaign_id: int) -> list[str]:
    """Every unit that has neither proposed nor said it proposes no one, as `units_standing` counts them:
    the list the roll-up's count sends to, once the units' day has gone by (decision 1501)."""
    lines = await readings.standing(org_id, campaign_id)
    return await _unanswered_names(readings, org_id, lines, await readings.said_none(org_id, campaign_id))


def unit_proposed(
    unit: str,
    lines: list[ProposalLine],
    *,
    said_none: bool = False,
    button: bool = True,
    commune: bool = False,
    ad_hoc: int = 0,
) -> UnitProposed:
    """The unit's standing proposals among `lines` (its own), counted by kind; `ad_hoc`, how many it has for
    an ad hoc award besides (decision 1153)."""
    households = sum(1 for line in lines if line.name is not None and line.kind == "household")
    collectives = sum(1 for line in lines if line.name is None)
    people = len(lines) - households - collectives
    return UnitProposed(unit, people, households, collectives, said_none, button, commune, ad_hoc)


async def ad_hoc_of(readings: Readings, org_id: int, campaign_id: int) -> dict[int | None, int]:
    """How many standing proposals each unit has for an ad hoc award: those the yearly count leaves out."""
    yearly = {line.id for line in await readings.standing(org_id, campaign_id)}
    counted: dict[int | None, int] = {}
    for line in await readings.standing(org_id, campaign_id, ad_hoc=True):
        if line.id not in yearly:
            counted[line.unit_id] = counted.get(line.unit_id, 0) + 1
    return counted


@dataclass(frozen=True)
class NoOne:
    """What “Done” on the units' award deadline recorded (docs/decisions/0198): `units`, led by the reader,
    propose no one for `year`; they may still propose until `ends_on`."""

    units: tuple[str, ...]
    year: int
    ends_on: date
    ad_hoc: bool = False  # one of them has an ad hoc award proposed, which stands (decision 1119)

    def text(self, locale: str) -> str:
        if self.ad_hoc:
            return translate_plural(
                locale,
                "Noted: {units} proposes no one for the yearly awards of {year}; its ad hoc award proposal "
                "stands. If you change your mind, you can still propose with /dekhenthuong until {date}; a "
                "“Done” pressed by mistake is taken back there.",
                "Noted: {units} propose no one for the yearly awards of {year}; their ad hoc award proposals "
                "stand. If you change your mind, you can still propose with /dekhenthuong until {date}; a "
                "“Done” pressed by mistake is taken back there, unit by unit.",
                len(self.units),
            ).format(units=", ".join(self.units), year=self.year, date=format_date(self.ends_on, locale))
        return translate_plural(
            locale,
            "Noted: {units} proposes no one for an award in {year}. If you change your mind, you can still "
            "propose with /dekhenthuong until {date}; a “Done” pressed by mistake is taken back there.",
            "Noted: {units} propose no one for an award in {year}. If you change your mind, you can still "
            "propose with /dekhenthuong until {date}; a “Done” pressed by mistake is taken back there, unit "
            "by unit.",
            len(self.units),
        ).format(units=", ".join(self.units), year=self.year, date=format_date(self.ends_on, locale))


async def says_no_one(session: AsyncSession, reminder_ids: list[int]) -> bool:
    """Whether a “Done” on the reminders `reminder_ids` would say the units its leader leads propose no one
    (`said_no_one`): one of them is a leaders' award deadline. Words typed never press that “Done”, only its
    button or its number (decision 0281)."""
    found = await session.scalars(
        select(Deadline.code)
        .join(Reminder, Reminder.subject_id == Deadline.id)
        .where(Reminder.id.in_(reminder_ids), Reminder.topic == "deadline", Deadline.audience == "leader")
    )
    return any(deadline_kind(code) == "award" for code in found)


async def said_no_one(
    session: AsyncSession, person: Person, reminder_ids: list[int], today: date
) -> NoOne | None:
    """The units of `person` that their “Done” on the reminders `reminder_ids` says propose no one: those
    they lead with no standing proposal of the year, where one of them is the units' award deadline; None
    when it is not, or every unit they lead has proposed."""
    await session.flush()  # the reminders just marked done
    found = await session.execute(
        select(Reminder.ends_on, Deadline)
        .join(Deadline, Deadline.id == Reminder.subject_id)
        .where(
            Reminder.id.in_(reminder_ids),
            Reminder.person_id == person.id,
            Reminder.topic == "deadline",
            Reminder.status == "done",
            Deadline.audience == "leader",
        )
    )
    awards = [(ends_on, deadline) for ends_on, deadline in found if deadline_kind(deadline.code) == "award"]
    if not awards:
        return None
    units = proposed_units(await actor_for(session, person))
    if not units:  # an organisation-wide leader, or no unit to lead any more
        return None
    ends_on, deadline = min(awards, key=lambda found: found[0])
    campaign = await session.get_one(Campaign, deadline.campaign_id)
    year = campaign_year(campaign, today)
    every, yearly = await standing_and_yearly(session, person.org_id, campaign, year)
    proposing = {line.unit_id for line in yearly}
    named = await _units_named(session, Unit.id.in_(sorted(units - proposing)))
    if not named:
        return None
    ad_hoc = {line.unit_id for line in every} - proposing
    return NoOne(tuple(name for _, name in named), year, ends_on, any(u in ad_hoc for u, _ in named))
