"""Appeals (lời kêu gọi): an officer's message to a chosen audience of their organisation, previewed with the
exact number of recipients, sent now or at a chosen time, cancellable, followed up once.

- **Audience.** The whole organisation (as far as the officer covers it), chosen units, a role, people who
  have not yet given to a drive, people with no commitment this year. Never someone who turned appeals off,
  never anyone outside the units the officer covers (bot.domain.access.may_send_appeal). The preview counts
  exactly the people whose rows `send_appeal` writes: the same query.
- **Writing.** The appeal and one outbox row per recipient ("appeal:<id>:<person>") are written in one
  transaction (bot.delivery.bulk), due at the chosen time or at the end of the quiet hours, with two actions:
  "Ủng hộ ngay" (the contribution flow with the drive chosen) and "Nhắc tôi sau" (one reminder). Rows of an
  appeal about a drive expire when the drive ends: nobody is asked to give to a drive that is over.
- **Asking nothing.** A thank-you at a drive's end, or news, goes the same way without the buttons (and about
  no drive): nobody is offered to give or be reminded of a thank-you. A thank-you may go to those who gave to
  a drive, closed or not (“gave”: a gift a treasurer confirmed and no correction cancelled), within the units
  the officer covers; the same words to each, naming no amount. The preview counts apart those of them it
  cannot reach (households recorded on their behalf, with no account) and the donors from outside who gave,
  whom no appeal reaches: their gift's thank-you letter does (decision 0278).
- **Voluntary.** No appeal names anyone: a text naming a member of the organisation (other than its author,
  who may sign it) is refused; its treasurers and officers may be named as where to pay or whom to ask, never
  as not having given yet (decision 0178). Turning appeals off cancels the person's pending appeal rows.
- **Given meanwhile.** A gift recorded for a drive (or the Fund) stops what its appeals still hold for the
  giver: a scheduled appeal, a follow-up still going out, the reminder they asked for. Nobody who has just
  given is asked again; the status counts them apart. A gift cancelled by a reversal, leaving none, gives back
  what it stopped and is still to come (`ask_again`, decision 1899).
- **Not to its author.** An officer writing to an audience she belongs to (her own unit, everyone) is not
  sent her own appeal, as if from someone else: she wrote it, and gives as anyone does. The preview says so
  and counts without her (decision 0167).
- **Not to whom its drive helps.** An appeal about a drive raising money for a hardship case, and its
  follow-up, leave out the colleague or household the case names: nobody is asked to give to their own
  support (decision 0356).
- **Never twice.** A new appeal is not sent to whoever had an earlier one of the organisation with the very
  same text about the same drive (or the Fund), not cancelled: the preview counts them apart (decision 0149).
- **Correction.** "Sửa nội dung": the copies still waiting (and the reminders asked for) go with the corrected
  text instead; whoever had it already, still of the organisation, gets one correction message, also who
  gave meanwhile (they may have paid to a wrong account). Keys "fix:appeal:<id>:<n>:<person>" (the n-th
  correction): a re-run writes nothing twice (decision 0683). A cancelled appeal is corrected too, for whoever
  had it, nothing sent on to whoever had not (decision 0737); a poster's correction may bring its corrected
  picture, which what waits and the correction carry (decision 0738).
- **Follow-up.** "Nhắc lại người chưa ủng hộ": once per appeal (a unique column), to its recipients who have
  recorded no contribution to its drive since (recorded or confirmed; rejected ones don't count), except
  those who asked for their own reminder of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import LOCAL_TZ, local_date
from bot.config import Settings
from bot.db.models import (
    ROLES,
    Appeal,
    AuditLog,
    Campaign,
    ChannelIdentity,
    Commitment,
    Contribution,
    Drive,
    OutboxMessage,
    Person,
    RoleAssignment,
)
from bot.delivery.actions import Offer, live_until, notify, usable_again
from bot.delivery.bulk import notify_all
from bot.delivery.outbox import ALSO_IN, hold_people, not_taken, recipients
from bot.delivery.transport import OutboundMessage
from bot.domain.access import (
    APPEAL_NAMEABLE,
    Acting,
    Actor,
    Operator,
    actor_for,
    away_on,
    helped_by_drive,
    may_appeal_for_drive,
    may_be_asked_for,
    may_send_appeal,
    may_touch_appeal,
    mobilised_units,
    not_away,
    of_units_giving_to,
    on_training,
    takes_gifts_of,
)
from bot.domain.audit import audit
from bot.domain.campaigns import active_campaign, campaign_covering, campaign_year
from bot.domain.giving import GIVING, gave_to, give_label
from bot.domain.notices import is_commune, quiet_until
from bot.domain.org_settings import WEEKEND_ONLY, DaysOff, days_off_of, holiday
from bot.domain.poverty_review import followed_up
from bot.domain.reminders import day_off, due_time
from bot.i18n import format_date, translate
from bot.text import fold, nfc

# How far an appeal held past a holiday waits for a working morning: past Tết's longest break.
HOLIDAY_AT_MOST = timedelta(days=31)
TEXT_MAX = 1000  # fits a photo's caption on every messenger
UNSCHEDULED_LIFE = timedelta(days=7)  # rows of an appeal about no drive expire this long after they are due
REMIND_AFTER = timedelta(days=2)
REMIND_HOUR = 8  # a reminder the day before a drive ends comes at 08:00 local
# The words of a chat the messenger no longer knows, an account deleted (telegram.transport.GONE), and
# Telegram's 403 for a deleted account ("Forbidden: user is deactivated"): not one who blocked the bot.
ACCOUNT_GONE = ("400 chat not found", "400 user not found", "400 PEER_ID_INVALID", "403 user is deactivated")
GAVE_MEANWHILE = "gave meanwhile"  # `last_error` of a row not sent because its person had given since
# `last_error` of a row stopped, not taken back: by its drive's close, or as its author may no longer send it.
# Whoever may send the appeal can send such rows on later (`send_on_cut`, docs/decisions/0318).
CUT_AT_CLOSE, CUT_AS_AUTHOR_WENT = "drive closed", "author may not send"
MOVED_OUT = "moved to another unit"  # `last_error` of a row not sent: the drive refuses the new unit (0514)


class AppealError(Exception):
    """An appeal refused; `reason`: "not_allowed", "empty" (nobody in the audience), "text", "names_someone",
    "drive" (not an open drive of the organisation), "audience", "too_late" (after the drive ends),
    "confirm_large" (over the size that needs a second confirmation), "already" (followed up before),
    "not_yet" (a follow-up before the appeal has gone out), "cancelled" (or, for a correction, cancelled
    before it reached anyone: decision 0737), "thanks" (a follow-up of a thank-you or news, which asked for
    nothing), "sent_before" (everyone it would reach has had this very appeal), "sent_before_cancelled" (the
    same, through an appeal cancelled since), "drive_units" (a drive none of whose units the officer covers:
    `access.may_appeal_for_drive`), "same" (a correction that changes nothing: decision 0683), "photo" (a
    picture for the correction of an appeal sent without one: decision 0738), "no_words" (a text without a
    word, “1”: decision 0786), "no_plan_year" (“no commitment this year” in a year no plan covers, `detail`
    the year: decision 1123)."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Audience:
    """Who an appeal goes to: `kind` one of APPEAL_AUDIENCES; `units` for "units", `role` for "role",
    `drive_id` for "not_given" and "gave"."""

    kind: str
    units: tuple[int, ...] = ()
    role: str | None = None
    drive_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "units": list(self.units), "role": self.role, "drive_id": self.drive_id}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(data["kind"], tuple(data.get("units") or ()), data.get("role"), data.get("drive_id"))


@dataclass(frozen=True)
class Draft:
    text: str
    audience: Audience
    drive_id: int | None = None
    photo: str | None = None
    send_at: datetime | None = None  # None: now
    asks: bool = True  # False: a thank-you or news, sent without "Give now" and "Remind me later"
    news: bool = False  # of those asking nothing, news (“Tin báo”) rather than a thank-you (decision 1352)


@dataclass(frozen=True)
class Preview:
    recipients: int  # reached on a messenger: what the appeal is sent to
    unreachable: int  # in the audience, but with no messenger account (never joined, blocked the bot)
    needs_second_confirmation: bool = False
    sent_before: int = 0  # reached, but had this very appeal before: not sent it again
    author_left_out: bool = False  # its author is in the audience, and is not sent it (decision 0167)
    # those `sent_before` had it only through appeals cancelled since, which remind nobody (decision 0232)
    sent_before_cancelled: bool = False
    donors: int = 0  # "gave": donors from outside who gave to the drive, whom no appeal reaches (0278)
    # of `recipients`, with a photo: reached on a Zalo chat that shows no pictures (no ZALO_MEDIA_URL, as
    # bot.channels.zalo.transport.zalo_capabilities says), who get its words alone (decision 0492)
    words_only: int = 0
    # in the audience but on long leave on the day it goes out: not sent it, said apart (decisions 0740, 1251)
    away: int = 0
    # in the audience but with appeals turned off (“Không nhận lời kêu gọi”): a count, naming no one (1353)
    off: int = 0
    # when it goes, as `send_appeal` will send it: past the quiet hours and, asked at once, a day off (1960)
    goes_at: datetime | None = None
    # of `recipients`, households: they read the appeal as written, staff's words too (decision 2311)
    households: int = 0
    training: int = 0  # of `away`, away on training, said as such (decision 2315)


@dataclass(frozen=True)
class Status:
    sent: int = 0
    pending: int = 0
    failed: int = 0
    blocked: int = 0
    cancelled: int = 0
    expired: int = 0
    contributed_after: int = 0
    gave_before_it_went: int = 0  # not sent: they gave after it was written, before their copy went
    moved_out: int = 0  # not sent: the staff list moved them to a unit its drive takes no gift of (0524)
    unreached: int = 0  # in the audience when it was written, with no messenger account: no row at all
    off: int = 0  # in the audience when it was written, with appeals turned off: no row at all (1353)
    away: int = 0  # in the audience when it was written, on long leave: no row at all (1458)
    training: int = 0  # of `away`, away on training, said as such (decision 2315)
    # written before `away` was kept, with someone's leave reaching its day: how many cannot be told (1572)
    away_unknown: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    # Why, for the officer (decision 0331): of `pending`, tried and not taken yet (the messenger busy or
    # down); of `failed`, refused or given up by the messenger, and left with no account to go to; of
    # `blocked`, whose account no longer exists.
    retrying: int = 0
    refused: int = 0
    no_account: int = 0
    account_gone: int = 0
    corrections_sent: int = 0  # “Sửa nội dung”: the corrections that reached who had it (decision 0683)
    corrections_pending: int = 0


# --- the audience ------------------------------------------------------------------------------------------


def _units_of(actor: Actor, audience: Audience) -> tuple[int, ...] | None:
    """The units an audience reaches into, for the access rule (None: the whole organisation)."""
    if audience.kind == "units":
        return audience.units
    covered = mobilised_units(actor)
    return None if covered is None else tuple(sorted(covered))


def _reachable() -> Any:
    return exists().where(ChannelIdentity.person_id == Person.id, ChannelIdentity.is_active)


async def audience_query(
    session: AsyncSession,
    actor: Actor,
    audience: Audience,
    *,
    today: date,
    drive_id: int | None = None,
    goes_out: date | None = None,
    away: bool = False,
    off: bool = False,
) -> Select[Any]:
    """SELECT of the ids of the people `audience` means, within what `actor` covers, appeals on; reachable or
    not (the caller splits). Refused with AppealError when the officer may not send to it. An appeal about a
    drive (`drive_id`, or the audience's) that raises money for a hardship case leaves out the person the case
    names, but in a thank-you to those who gave (decision 0356). “No commitment this year” reads the year the
    appeal goes out (`goes_out`, else `today`): one scheduled on 30/12 for 2/1, or sent at 23:30 on 31/12
    after the quiet hours, reaches those not registered in the year they read it; and the welcome back from a
    leave reads an appeal of December as it went out (decision 1147). `away`: those it leaves out as on long
    leave instead, for the preview to say apart (decision 1251); `off`: those it leaves out as they turned
    appeals off, for the preview and the status to count (decision 1353)."""
    people = await _whole_audience(
        session, actor, audience, today=today, drive_id=drive_id, goes_out=goes_out
    )
    return _narrowed(people, audience, today=today, away=away, off=off)


def _narrowed(people: Select[Any], audience: Audience, *, today: date, away: bool, off: bool) -> Select[Any]:
    """`_whole_audience` as `audience_query` reads it: appeals on (`off`: turned off), and not on long leave
    (`away`: on it), but in a thank-you, which goes to those on leave too."""
    return people.where(_narrowing(audience, today=today, away=away, off=off))


def _narrowing(audience: Audience, *, today: date, away: bool, off: bool) -> Any:
    """`_narrowed`'s condition, for a count beside others over the same audience."""
    if audience.kind != "gave":  # nor who is on long leave (0740); a thank-you for what she gave still goes
        return and_(Person.appeals_off.is_(off), away_on(today) if away else not_away(today))
    if away:  # a thank-you leaves nobody out for a leave
        return false()
    return Person.appeals_off.is_(off)


async def _whole_audience(
    session: AsyncSession,
    actor: Actor,
    audience: Audience,
    *,
    today: date,
    drive_id: int | None,
    goes_out: date | None,
) -> Select[Any]:
    """`audience_query` before it is narrowed to appeals on or off, on leave or not (`_narrowed`): built once
    where the preview counts it both ways."""
    units = _units_of(actor, audience)
    if audience.kind not in ("org", "units", "role", "not_given", "gave", "no_commitment"):
        raise AppealError("audience")
    if audience.kind == "units" and not audience.units:
        raise AppealError("audience")
    if not may_send_appeal(actor, actor.org_id, units):
        raise AppealError("not_allowed")
    people = select(Person.id).where(
        Person.org_id == actor.org_id,
        Person.kind != "donor",  # a donor from outside is no member: never appealed to (decision 0083)
        Person.left_on.is_(None),  # nor someone who left the organisation (decision 0118)
    )
    if units is not None:
        people = people.where(Person.unit_id.in_(units))
    if audience.kind == "role":
        if audience.role not in ROLES:
            raise AppealError("audience")
        people = people.where(
            exists().where(
                RoleAssignment.person_id == Person.id,
                RoleAssignment.org_id == actor.org_id,
                RoleAssignment.role == audience.role,
            )
        )
    elif audience.kind == "not_given":
        drive = await session.get(Drive, audience.drive_id) if audience.drive_id else None
        if drive is None or drive.org_id != actor.org_id:
            raise AppealError("drive")
        people = people.where(of_units_giving_to(drive), ~gave_to(drive))
        # a poor or near-poor household of the review is never followed up for its gift (decision 0835)
        people = people.where(followed_up(actor.org_id, today))
    elif audience.kind == "gave":  # closed or over too: a thank-you comes after (decision 0278)
        drive = await session.get(Drive, audience.drive_id) if audience.drive_id else None
        if drive is None or drive.org_id != actor.org_id:
            raise AppealError("drive")
        people = people.where(_confirmed_gift_to(drive.id))
    elif audience.kind == "no_commitment":
        # In a year no plan covers no one can register: the audience means nothing, not everyone. Refused
        # however it comes, a choice of December sent in January or scheduled into it (1123, 1147).
        year_of = goes_out or today
        campaign = await this_years_campaign(session, actor.org_id, year_of)
        if campaign is None:
            raise AppealError("no_plan_year", str(year_of.year))
        people = people.where(
            ~exists().where(
                Commitment.person_id == Person.id,
                Commitment.campaign_id == campaign.id,
                Commitment.year == year_of.year,
            )
        )
    about = _asked_for(audience, drive_id)
    if about is not None:
        people = people.where(Person.id.not_in(helped_by_drive(about)))
        drive = await session.get(Drive, about)
        if drive is not None:  # the others may not give to it (0230, 0493, 0514)
            people = people.where(of_units_giving_to(drive))
    return people


async def this_years_campaign(session: AsyncSession, org_id: int, today: date) -> Campaign | None:
    """The campaign whose registrations of today's year “no commitment this year” reads: never an ended
    plan's last year read as this year's (a plan ended with 2026 and no next one: in 2027 no one has
    registered, decisions 0979, 0995), but a plan loaded for this year, launched later, whose early
    registrations count. None where no plan covers the year: then the audience means no one can have
    registered, so it is neither offered (decision 1019) nor read (1123)."""
    campaign = await active_campaign(session, org_id, today)
    if campaign is not None and campaign_year(campaign, today) != today.year:
        campaign = await campaign_covering(session, org_id, today.year)
    return campaign


def goes_out_at(
    now: datetime,
    send_at: datetime | None,
    settings: Settings | None,
    days_off: DaysOff = WEEKEND_ONLY,
    *,
    last_day: date | None = None,
    commune: bool = False,
) -> datetime:
    """When an appeal written `now` for `send_at` (None: at once) goes out: not before now, and after the
    quiet hours. One asked to go at once that the quiet hours hold onto a day off goes on the next working
    morning, as no reminder of the movement goes on one (decisions 1902, 1960): an office's staff are not
    asked to give at 07:00 on their Saturday; a commune's households, who keep no office week, are, and only a
    holiday moves theirs. Unless that passes its drive's `last_day`; an hour typed for a day off is hers.
    Only one held till a morning (`held_till_morning`) needs `days_off`."""
    if (at := held_till_morning(now, send_at, settings)) is None:
        return quiet_until(max(now, send_at or now), settings)
    held = day = local_date(at)
    off = holiday if commune else day_off
    while off(day, settings, days_off) and day - held < HOLIDAY_AT_MOST:
        day += timedelta(days=1)
    if last_day is not None and day > last_day:
        return at
    return at + (day - held)  # the quiet hours' end that working day (no daylight saving here)


async def appeal_goes_out(
    session: AsyncSession,
    org_id: int,
    *,
    now: datetime,
    send_at: datetime | None,
    settings: Settings | None,
    drive_id: int | None,
) -> datetime:
    """`goes_out_at` with the organisation's own days off, its kind and the drive's last day: the one reading
    of when an appeal goes, for the preview, the audience's choices and the send alike (decision 1961). Only
    one the quiet hours hold till a morning reads the organisation (`held_till_morning`)."""
    if held_till_morning(now, send_at, settings) is None:
        return goes_out_at(now, send_at, settings)
    drive = await session.get(Drive, drive_id) if drive_id else None
    days_off = session.info.setdefault(_HELD_BY, {})[org_id] = (await days_off_of(session, [org_id]))[org_id]
    return goes_out_at(
        now,
        send_at,
        settings,
        days_off,
        last_day=drive.ends_on if drive else None,
        commune=await is_commune(session, org_id),
    )


_HELD_BY = "appeal_days_off"  # session.info: {org_id: DaysOff} as `appeal_goes_out` read them, for the why


async def held_by_holiday(session: AsyncSession, org_id: int, day: date, settings: Settings | None) -> bool:
    """Whether local `day`, a morning an appeal was held past, is a holiday of the organisation's, not
    only its weekend: what the officer is told of why it waits. Read with the days off that held it, where
    this session's `appeal_goes_out` read them already."""
    if (days_off := session.info.get(_HELD_BY, {}).get(org_id)) is None:
        days_off = (await days_off_of(session, [org_id]))[org_id]
    return holiday(day, settings, days_off)


def held_till_morning(now: datetime, send_at: datetime | None, settings: Settings | None) -> datetime | None:
    """The morning the quiet hours hold an appeal asked to go at once (`send_at` None) till: that day may be
    a day off, to go on the next working morning then (decisions 1902, 1960). None for one going now,
    or at an hour typed, which is hers (and with no settings, as `goes_out_at` reads them)."""
    if send_at is not None or settings is None:
        return None
    morning = quiet_until(now, settings)
    return morning if morning > now else None


def _asked_for(audience: Audience, drive_id: int | None) -> int | None:
    """The drive an appeal asks its audience to give to (`drive_id`, or the audience's): none for a thank-you
    to those who gave, who are not asked again."""
    return None if audience.kind == "gave" else drive_id or audience.drive_id


async def reached_units(
    session: AsyncSession, actor: Actor, audience: Audience, drive_id: int | None
) -> list[int] | None:
    """The units an appeal reaches, as it keeps them (None: the whole organisation): those of its audience
    (`_units_of`), within those of the drive it asks for, as `audience_query` reads them. Whoever may send to
    them may watch, cancel, follow up and send it on (`access.may_touch_appeal`): an officer of two units
    whose appeal for the drive of one reached that one alone keeps it when the other is taken from her, and
    that one's officers may act on it (docs/decisions/0503). Its last look names them when the drive narrows
    what the officer chose (decision 0514)."""
    units = _units_of(actor, audience)
    scope = None if units is None else set(units)
    not_given = audience.drive_id if audience.kind == "not_given" else None
    for about in {_asked_for(audience, drive_id), not_given}:
        drive = await session.get(Drive, about) if about is not None else None
        if drive is not None and drive.unit_ids is not None:
            scope = set(drive.unit_ids) if scope is None else scope & set(drive.unit_ids)
    return None if scope is None else sorted(scope)


def _confirmed_gift_to(drive_id: int, units: Sequence[int] | None = None) -> Any:
    """The person has a gift to the drive a treasurer confirmed that stands: neither a correction itself nor
    cancelled by one (what a thank-you letter asks of a gift, bot.domain.thanks); `units`: collected in one
    of them."""
    correction = aliased(Contribution)
    gift = exists().where(
        Contribution.person_id == Person.id,
        Contribution.drive_id == drive_id,
        Contribution.status == "confirmed",
        Contribution.reverses_id.is_(None),
        ~exists().where(correction.reverses_id == Contribution.id),
    )
    return gift if units is None else gift.where(Contribution.unit_id.in_(units))


def given_drives(org_id: int) -> Select[tuple[Drive]]:
    """The organisation's drives someone gave to (a confirmed gift), the latest first: those a thank-you to
    their givers may be about, closed or over too."""
    confirmed = exists().where(Contribution.drive_id == Drive.id, Contribution.status == "confirmed")
    return (
        select(Drive).where(Drive.org_id == org_id, confirmed).order_by(Drive.ends_on.desc(), Drive.id.desc())
    )


async def donors_who_gave(session: AsyncSession, actor: Actor, drive_id: int) -> int:
    """How many donors from outside gave to the drive (a confirmed gift that stands) in the units `actor`
    covers, where they gave: no appeal reaches them (decision 0083), their gift's thank-you letter does."""
    covered = mobilised_units(actor)
    units = None if covered is None else sorted(covered)
    donors = select(Person.id).where(
        Person.org_id == actor.org_id, Person.kind == "donor", _confirmed_gift_to(drive_id, units)
    )
    return await session.scalar(select(func.count()).select_from(donors.subquery())) or 0


@dataclass(frozen=True)
class _Earlier:
    """The organisation's earlier appeals with this very text about the same drive or the Fund (`_earlier`):
    `had_it`, whether one had any of them (or is about to); `live`, whether one had one not cancelled since,
    None where none was cancelled."""

    had_it: Any
    live: Any | None


async def _earlier(session: AsyncSession, org_id: int, text: str, drive_id: int | None) -> _Earlier | None:
    """Who already had (or are about to get) an earlier appeal of the organisation with this very text about
    the same drive or the Fund, as conditions on `Person` (None: there is none): an appeal written again, or
    sent again to everyone after it went to some units, reaches nobody twice. A cancelled appeal counts for
    the copies it had sent before it was stopped (decision 0149, note of 2026-12-03), but reminds nobody
    (decision 0232): whether they had it only through those is told apart (`_Tally.only_cancelled`)."""
    about = Appeal.drive_id == drive_id if drive_id is not None else Appeal.drive_id.is_(None)
    earlier = list(
        await session.execute(
            select(Appeal.id, Appeal.status).where(Appeal.org_id == org_id, about, Appeal.text == text)
        )
    )
    if not earlier:
        return None

    def had(appeal_ids: list[int]) -> Any:
        return exists().where(
            OutboxMessage.person_id == Person.id,
            OutboxMessage.status.in_(("pending", "sent")),
            or_(false(), *(_rows_of(appeal_id) for appeal_id in appeal_ids)),
        )

    had_it = had([appeal_id for appeal_id, _status in earlier])
    if not any(status == "cancelled" for _appeal_id, status in earlier):
        return _Earlier(had_it, None)
    return _Earlier(had_it, had([appeal_id for appeal_id, status in earlier if status != "cancelled"]))


def _sent_to(people: Select[Any], actor: Actor, earlier: _Earlier | None) -> Select[Any]:
    """The audience less the appeal's author (decision 0167: her own words do not come back to her as if from
    someone else) and less those who had it before (`_earlier`)."""
    return people.where(_kept(actor, earlier))


def _kept(actor: Actor, earlier: _Earlier | None) -> Any:
    mine = Person.id == actor.person_id
    return and_(~mine, ~earlier.had_it) if earlier is not None else ~mine


@dataclass(frozen=True)
class _Tally:
    """An audience counted for its appeal, in one statement (`_tally`): of those it is sent to, how many it
    reaches (`reached`), how many it cannot (`unreachable`) and how many households among those reached
    (decision 2311); whether its author was in it (`author_in`); how many of the reached had it before and
    are not sent it again (`sent_before`), and whether only through appeals cancelled since
    (`only_cancelled`)."""

    reached: int
    unreachable: int
    households: int
    author_in: bool
    sent_before: int
    only_cancelled: bool


async def _tally(
    session: AsyncSession, people: Select[Any], actor: Actor, earlier: _Earlier | None
) -> _Tally:
    """`_Tally` of the audience `people`, its author and those who had it before still in it: one statement
    where the author's, the earlier appeal's and the preview's counts were each their own."""
    kept, reachable = _kept(actor, earlier), _reachable()
    before = and_(Person.id != actor.person_id, reachable, earlier.had_it) if earlier is not None else false()
    live = earlier.live if earlier is not None else None
    total, reached, households, author, already, through_live = await _how_many_each(
        session,
        people,
        kept,
        and_(kept, reachable),
        and_(kept, reachable, Person.kind == "household"),
        Person.id == actor.person_id,
        before,
        and_(before, live) if live is not None else before,
    )
    only_cancelled = bool(already) and live is not None and not through_live
    return _Tally(reached, total - reached, households, bool(author), already, only_cancelled)


def sent_before_reason(sent_before: int, only_cancelled: bool) -> str:
    """Why an appeal reaches nobody: "empty", or "sent_before" (everyone had it), "sent_before_cancelled"
    (everyone had it through an appeal cancelled since, whose “Remind those who have not given” is
    refused)."""
    if not sent_before:
        return "empty"
    return "sent_before_cancelled" if only_cancelled else "sent_before"


def _second_confirmation(settings: Settings | None, count: int) -> bool:
    limit = (
        settings.appeal_confirm_above if settings else Settings.model_fields["appeal_confirm_above"].default
    )
    return count > limit


async def preview(
    session: AsyncSession,
    actor: Actor | None,
    audience: Audience,
    *,
    now: datetime,
    settings: Settings | None,
    text: str | None = None,
    drive_id: int | None = None,
    photo: bool = False,
    send_at: datetime | None = None,
) -> Preview:
    """How many people the appeal would reach, exactly (and how many of the audience it cannot reach); with
    its `text` and `drive_id`, how many had this very appeal before and are not sent it again; with a
    `photo`, how many of them get its words alone (`Preview.words_only`); `send_at`, as `send_appeal` reads
    it for the day it goes out."""
    if actor is None:
        raise AppealError("not_allowed")
    goes_at = await appeal_goes_out(
        session, actor.org_id, now=now, send_at=send_at, settings=settings, drive_id=drive_id
    )
    goes_out = local_date(goes_at)
    people = await audience_query(
        session, actor, audience, today=local_date(now), drive_id=drive_id, goes_out=goes_out
    )
    earlier = await _earlier(session, actor.org_id, text, drive_id) if text is not None else None
    counted = await _tally(session, people, actor, earlier)
    people, reached = _sent_to(people, actor, earlier), counted.reached
    away, off, training = await _away_and_off(
        session, actor, audience, today=local_date(now), drive_id=drive_id, goes_out=goes_out
    )
    donors = await donors_who_gave(session, actor, audience.drive_id or 0) if audience.kind == "gave" else 0
    words_only = await _words_alone(session, people, settings) if photo and reached else 0
    return Preview(
        reached,
        counted.unreachable,
        _second_confirmation(settings, reached),
        counted.sent_before,
        counted.author_in,
        counted.only_cancelled,
        donors,
        words_only,
        away,
        off,
        goes_at,
        counted.households,
        training,
    )


async def _away_and_off(
    session: AsyncSession,
    actor: Actor,
    audience: Audience,
    *,
    today: date,
    drive_id: int | None,
    goes_out: date,
) -> tuple[int, int, int]:
    """How many of the audience are not sent it as they are on long leave (decision 0740), and how many at
    work turned appeals off (one on leave is counted as such), as the preview says them and the appeal keeps
    them (decisions 1251, 1353, 1458): an officer of 300 who reads 270 recipients and 6 without an account is
    not left to guess the others; and of those on leave, how many are away on training (2315). Counts, never
    a name; the author is never counted. The audience is built once and counted each way, in one statement."""
    people = await _whole_audience(
        session, actor, audience, today=today, drive_id=drive_id, goes_out=goes_out
    )
    people = people.where(Person.id != actor.person_id)
    away = _narrowing(audience, today=today, away=True, off=False)
    off = _narrowing(audience, today=today, away=False, off=True)
    counted = await _how_many_each(session, people, away, off, and_(away, on_training(today)))
    return counted[0], counted[1], counted[2]


def _no_pictures_on_zalo(settings: Settings | None) -> bool:
    """Whether a picture reaches Zalo chats as its words alone: no public address to show it from
    (`zalo_media_url`, decision 0492)."""
    return settings is not None and settings.zalo_media_url is None


async def _words_alone(session: AsyncSession, people: Select[Any], settings: Settings | None) -> int:
    """Of `people`, how many get an appeal's picture as its words alone: those reached on Zalo, where it does
    not show (`_no_pictures_on_zalo`); counted for an appeal's preview and a poster's correction alike."""
    if not _no_pictures_on_zalo(settings):
        return 0
    return sum(found.destination.channel == "zalo" for found in await recipients(session, people))


# --- writing an appeal -------------------------------------------------------------------------------------


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)


# Words put before a given name ("thầy Nam", "chị Lan", "đồng chí Hùng" by its "chí", "đ/c Hùng"), folded.
_TITLES = frozenset(
    {"thay", "co", "anh", "chi", "em", "ong", "ba", "bac", "chu", "di", "cau", "mo", "dc", "bs"}
)
_WORD = re.compile(r"\w+")
# "Not yet" ("chưa") a few words after a name: "chị Mai chưa ủng hộ", "anh Hùng vẫn chưa nộp" say someone has
# not given, whoever they are.
_NOT_YET, _NOT_YET_REACH = "chua", 4


def _titled_names(text: str) -> tuple[set[str], set[str]]:
    """The folded words that follow a title and start with a capital, as a name does: "thầy Nam", "co Lan",
    "đồng chí Hùng" give "nam", "lan", "hung"; "anh hùng" (a hero) and "Anh/Chị" give nothing. And, apart,
    those of them said not to have given yet (“chị Lan chưa ủng hộ”)."""
    words = _WORD.findall(text.replace("đ/c", "dc").replace("Đ/c", "dc"))
    folded = [fold(word) for word in words]
    found: set[str] = set()
    not_yet: set[str] = set()
    for at in range(1, len(words)):
        # a capital after a title, itself no title ("Kính gửi Ông Bà")
        if words[at][0].isupper() and folded[at - 1] in _TITLES and folded[at] not in _TITLES:
            found.add(folded[at])
            if _NOT_YET in folded[at + 1 : at + 1 + _NOT_YET_REACH]:
                not_yet.add(folded[at])
    return found, not_yet


async def _names_someone(session: AsyncSession, actor: Actor, text: str) -> bool:
    """The text names a person of the organisation other than its author: by full name, or by a title and
    their given name ("thầy Nam", "chị Lan"; not the author's own given name: they may sign "thầy Hùng").
    Its treasurers and officers may be named as where to pay or whom to ask ("nộp cho chị Hương ở phòng Kế
    toán"), but not as not having given yet ("chị Hương chưa ủng hộ"): decision 0178."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    folded = f" {' '.join(words)} "
    titled, not_yet = _titled_names(text)
    staff = (
        select(RoleAssignment.id)
        .where(
            RoleAssignment.person_id == Person.id,
            RoleAssignment.org_id == actor.org_id,
            RoleAssignment.role.in_(APPEAL_NAMEABLE),
        )
        .exists()
    )
    rows = await (await session.connection()).execute(
        select(Person.id, Person.name_key, staff).where(Person.org_id == actor.org_id)
    )
    given: set[str] = set()  # the given names of the others, and of those who may be named, apart
    nameable: set[str] = set()
    own: set[str] = set()
    for person_id, key, may_be_named in rows:
        name = re.findall(r"[a-z0-9]+", key or "")
        if not name:
            continue
        full = f" {' '.join(name)} "
        if person_id == actor.person_id:
            own.add(name[-1])
        elif len(name) >= 2 and full in folded and (not may_be_named or _said_not_yet(folded, full)):
            return True
        else:
            (nameable if may_be_named else given).add(name[-1])
    # a given name a treasurer or officer has is read as theirs, unless said not to have given yet
    return bool(titled & ((given - (nameable - not_yet)) | (nameable & not_yet)) - own)


def _said_not_yet(folded: str, name: str) -> bool:
    """Whether “chưa” comes a few words after `name` in the `folded` text."""
    return any(_NOT_YET in after.split()[:_NOT_YET_REACH] for after in folded.split(name)[1:])


async def check_text(session: AsyncSession, actor: Actor, text: str) -> str:
    """The appeal's text, NFC; refused when empty, too long, naming someone, or without a word ("no_words":
    “1”, a menu's number typed on a text-only chat where the text was asked, decision 0786)."""
    text = nfc(text.strip())
    if not text or len(text) > TEXT_MAX:
        raise AppealError("text")
    if not any(ch.isalpha() for ch in text):
        raise AppealError("no_words", text)
    if await _names_someone(session, actor, text):
        raise AppealError("names_someone")
    return text


def as_written(locale: str, default_locale: str, *, asks: bool, author: str, text: str) -> str:
    """The appeal's words as written, in the organisation's language (`default_locale`): a reader who chose
    another is told first who sent them, so that she reads them as written and not as the bot's failing to
    speak her language (decision 2355). “Sent by”, not “from”: the words may be signed by a committee
    (“Ban vận động”), the officer only the one who sent them (decision 2435)."""
    if locale == default_locale:
        return text
    head = (
        translate(locale, "An appeal sent by {name}, as written:")
        if asks
        else translate(locale, "A message sent by {name}, as written:")
    ).format(name=author)
    return f"{head}\n\n{text}"


def _offers(appeal: Appeal, drive: Drive | None, expires_at: datetime) -> list[Offer]:
    give = Offer(
        "appeal_give" if drive else "give",
        give_label(drive),  # “Đăng ký ngày công” for a drive of days of work only (decision 1652)
        expires_at,
        args={"drive_id": drive.id} if drive else {},
    )
    later = Offer(
        "appeal_later",
        lambda locale: translate(locale, "Remind me later"),
        expires_at,
        args={"appeal_id": appeal.id},
        once=True,
    )
    return [give, later]


async def _open_drive(session: AsyncSession, actor: Actor, drive_id: int | None, today: date) -> Drive | None:
    if drive_id is None:
        return None
    drive = await session.get(Drive, drive_id)
    if drive is None or drive.org_id != actor.org_id or drive.closed_at is not None or drive.ends_on < today:
        raise AppealError("drive")
    if drive.starts_on > today:  # its first day moved on since it was chosen: no gift taken yet (0416, 0428)
        raise AppealError("not_started")
    return drive


async def send_appeal(
    session: AsyncSession,
    actor: Actor | None,
    draft: Draft,
    *,
    now: datetime,
    settings: Settings | None,
    confirmed_large: bool = False,
    follow_up_of: Appeal | None = None,
) -> Appeal:
    """Write the appeal and every recipient's outbox row, in the caller's transaction."""
    if actor is None:
        raise AppealError("not_allowed")
    today = local_date(now)
    if draft.audience.kind == "gave" and draft.asks:  # those who gave are thanked, not asked again (0278)
        raise AppealError("audience")
    text = await check_text(session, actor, draft.text)
    drive = await _open_drive(session, actor, draft.drive_id, today)
    if drive is not None and not may_appeal_for_drive(actor, drive):  # moved to another unit since (0493)
        raise AppealError("drive_units")
    await session.flush()  # the rows below are read through Core, which does not flush for us
    send_at = await appeal_goes_out(
        session,
        actor.org_id,
        now=now,
        send_at=draft.send_at,
        settings=settings,
        drive_id=drive.id if drive else None,
    )
    followed, earlier = None, None
    if follow_up_of is None:
        audience = await audience_query(
            session,
            actor,
            draft.audience,
            today=today,
            drive_id=drive.id if drive else None,
            goes_out=local_date(send_at),
        )
        earlier = await _earlier(session, actor.org_id, text, drive.id if drive else None)
        people = _sent_to(audience, actor, earlier)
        away, off, training = await _away_and_off(
            session,
            actor,
            draft.audience,
            today=today,
            drive_id=drive.id if drive else None,
            goes_out=local_date(send_at),
        )
    else:
        followed = await _follow_up_people(session, follow_up_of, _may_touch(actor, follow_up_of), now)
        people = followed.of()
    default_locale = settings.default_locale if settings else "vi"
    author = (await session.get_one(Person, actor.person_id)).full_name
    # Its people held first (PostgreSQL): one leaving, or losing an account, meanwhile is read done (0261).
    await hold_people(session, people)
    # The preview's very query: the people of the audience with an active messenger account.
    reached = await recipients(session, people.where(_reachable()), default_locale)
    if followed is None:
        if not reached:  # why: the preview's tally says who had it before, and through what
            counted = await _tally(session, audience, actor, earlier)
            raise AppealError(sent_before_reason(counted.sent_before, counted.only_cancelled))
        # everyone it is for, reached or not: a plain count, not the tally, which asks every row's account
        everyone = await _how_many(session, people)
    else:
        left_out, everyone = await followed.counts(session)
        off, away, training = left_out.off, left_out.away, left_out.training
        if not reached:
            raise AppealError(sent_before_reason(0, False))
    if _second_confirmation(settings, len(reached)) and not confirmed_large:
        raise AppealError("confirm_large")
    expires_at = _end_of(drive.ends_on) if drive else send_at + UNSCHEDULED_LIFE
    if send_at >= expires_at:
        raise AppealError("too_late")
    appeal = Appeal(
        org_id=actor.org_id,
        drive_id=drive.id if drive else None,
        created_by=actor.person_id,
        text=text,
        photo=draft.photo,
        audience=_kept_audience(
            draft,
            follow_up_of.audience.get("scope")
            if follow_up_of is not None
            else await reached_units(session, actor, draft.audience, drive.id if drive else None),
            unreached=max(0, everyone - len(reached)),
            off=off,
            away=away,
            training=training,
        ),
        recipients=0,
        status="written",
        follow_up_of=follow_up_of.id if follow_up_of else None,
        created_at=now,
        send_at=send_at,
    )
    session.add(appeal)
    await session.flush()  # a twin follow-up racing this one fails here on the unique column
    appeal.recipients = await notify_all(
        session,
        reached,
        key=lambda person_id: f"appeal:{appeal.id}:{person_id}",
        render=lambda locale: OutboundMessage(
            text=as_written(locale, default_locale, asks=draft.asks, author=author, text=text),
            photo=draft.photo,
            keep=True,
        ),
        offers=_offers(appeal, drive, expires_at) if draft.asks else [],
        now=now,
        not_before=send_at,
        expires_at=expires_at,
    )
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="appeal.follow_up" if follow_up_of else "appeal.send",
        entity="appeal",
        entity_id=appeal.id,
        recipients=appeal.recipients,
        audience=draft.audience.as_json(),
        send_at=send_at.isoformat(),
    )
    return appeal


def _kept_audience(
    draft: Draft,
    scope: list[int] | None,
    *,
    unreached: int,
    off: int = 0,
    away: int = 0,
    training: int = 0,
) -> dict[str, Any]:
    """The audience as the appeal keeps it: whom it was for, the units it may reach (`scope`, as
    `reached_units` reads them: a follow-up's are its original's), whether it asks for a gift (`asks` False:
    a thank-you, or news: `news`, decision 1352), and how many of the audience had no messenger account
    (`unreached`), turned appeals off (`off`, decision 1353) or were on long leave (`away`, decision 1458):
    no row at all, the status says how many, as the last look did."""
    # `away` kept even when none: an appeal without it was written before it was (decision 1572)
    kept = {**draft.audience.as_json(), "scope": scope, "unreached": unreached, "away": away}
    if off:
        kept["off"] = off
    if training:  # of `away`, on training, said so (decision 2315)
        kept["training"] = training
    if draft.asks:
        return kept
    return {**kept, "asks": False, "news": True} if draft.news else {**kept, "asks": False}


def asks(appeal: Appeal) -> bool:
    """Whether the appeal asks for a gift (not a thank-you or news sent without buttons)."""
    return bool(appeal.audience.get("asks", True))


def is_news(appeal: Appeal) -> bool:
    """Whether the appeal, asking nothing, is news (“Tin báo”) rather than a thank-you (decision 1352)."""
    return not asks(appeal) and bool(appeal.audience.get("news"))


def _rows_of(appeal_id: int) -> Any:
    return OutboxMessage.key.like(f"appeal:{appeal_id}:%")


def _asked_of(appeal_id: int) -> Any:
    """The reminders of the appeal people asked for (“Nhắc tôi sau”)."""
    return OutboxMessage.key.like(f"remind:appeal:{appeal_id}:%")


@dataclass(frozen=True)
class _FollowUpPeople:
    """Who a follow-up of an appeal is about (`_follow_up_people`), its query built once and narrowed for each
    count: those it reminds, and those it leaves out, counted for the officer."""

    followed: Select[Any]
    today: date

    def of(self, *, off: bool = False, away: bool = False, left: bool = False) -> Select[Any]:
        return self.followed.where(self.when(off=off, away=away, left=left))

    def when(self, *, off: bool = False, away: bool = False, left: bool = False) -> Any:
        """`of`'s condition, for a count beside others over the one query."""
        if left:  # left the organisation since (decision 0118): not reminded, only counted (1450)
            return Person.left_on.is_not(None)
        # on long leave since (0740); turned appeals off since: not reminded, counted (1353)
        return and_(
            Person.left_on.is_(None),
            away_on(self.today) if away else and_(Person.appeals_off.is_(off), not_away(self.today)),
        )

    async def counts(self, session: AsyncSession) -> tuple[LeftOut, int]:
        """Whom a follow-up leaves out and why (`LeftOut`: turned appeals off since, on long leave and of
        those away on training, decision 2315; gone: left the organisation since, or still of it with no
        messenger account left), and how many it is for, reached or not: one statement."""
        away = self.when(away=True)
        stayed, left = self.when(), self.when(left=True)
        off, away_, training, gone, everyone = await _how_many_each(
            session,
            self.followed,
            self.when(off=True),
            away,
            and_(away, on_training(self.today)),
            or_(and_(stayed, ~_reachable()), left),
            stayed,
        )
        return LeftOut(off, away_, gone, training), everyone


async def _how_many(session: AsyncSession, people: Select[Any]) -> int:
    return await session.scalar(select(func.count()).select_from(people.subquery())) or 0


async def _how_many_each(session: AsyncSession, people: Select[Any], *where: Any) -> list[int]:
    """Of `people` (a query of `Person.id` alone), how many meet each condition of `where` (None: all of
    them), in one statement where the counts share their rows."""
    counts = [func.count() if each is None else func.count().filter(each) for each in where]
    row = (await session.execute(people.with_only_columns(*counts, maintain_column_froms=True))).one()
    return [int(n or 0) for n in row]


async def _follow_up_people(
    session: AsyncSession, original: Appeal, author: Actor, now: datetime
) -> _FollowUpPeople:
    """The original's recipients (rows not cancelled) who have recorded nothing for its drive since, appeals
    still on, and who have no reminder of it they asked for ("Remind me later") still due after `now`: one
    due before, come or stopped by a drive's close, spares nobody (decision 0669); still of the units it was
    sent to and its drive covers: someone the staff list moved elsewhere since is not that officer's to
    remind, nor may give to a drive of their old unit (decision 0230). Never the follow-up's `author`, who had
    the original from another officer: she is not sent her own reminder (decisions 0167, 0503). `off`: those
    who would be reminded but turned appeals off since, for the officer to count (decision 1353); `away`:
    those on long leave on the day, appeals on or off, counted as on leave only (decisions 1251, 1416);
    `left`: those who left the organisation since, counted as gone (decision 1450); each of these three a
    narrowing (`_FollowUpPeople.of`) of the one query built here."""
    reached = select(OutboxMessage.person_id).where(
        _rows_of(original.id), OutboxMessage.status.in_(("pending", "sent"))
    )
    # asked by when it is due, not by whether it left: a sender's clock may run ahead of the turn's (0669)
    asked_later = select(OutboxMessage.person_id).where(
        _asked_of(original.id), OutboxMessage.status.in_(("pending", "sent")), OutboxMessage.not_before > now
    )
    people = select(Person.id).where(
        Person.id.in_(reached),
        Person.org_id == original.org_id,
        Person.id.not_in(asked_later),  # they get the reminder they asked for instead
        Person.id != author.person_id,
    )
    drive = await session.get(Drive, original.drive_id) if original.drive_id is not None else None
    # given as the drive's reminders and “Ai chưa ủng hộ” read it (decision 0534)
    people = people.where(~gave_to(drive))
    if original.drive_id is not None:  # nor whom its drive raises money for (decision 0356)
        people = people.where(Person.id.not_in(helped_by_drive(original.drive_id)))
    # nor a poor or near-poor household of the review, whose gift is never followed up (decision 0835)
    people = people.where(followed_up(original.org_id, local_date(now)))
    scope = original.audience.get("scope")
    if scope is not None:
        people = people.where(Person.unit_id.in_(scope))
    if drive is not None:
        people = people.where(of_units_giving_to(drive))
    return _FollowUpPeople(people, local_date(now))


async def follow_up_count(
    session: AsyncSession, actor: Actor | None, original: Appeal, *, now: datetime
) -> int:
    """How many people `follow_up` would remind at `now`, exactly (those of its people with an active
    messenger account): what the officer is told before pressing Có."""
    people = (await _follow_up_people(session, original, _may_touch(actor, original), now)).of()
    return await _how_many(session, people.where(_reachable()))


async def follow_up_off(
    session: AsyncSession, actor: Actor | None, original: Appeal, *, now: datetime
) -> int:
    """How many of those `follow_up` would remind turned appeals off since they had the original: not
    reminded, said as a count to the officer who asks why fewer than she thought (decision 1353)."""
    people = await _follow_up_people(session, original, _may_touch(actor, original), now)
    return await _how_many(session, people.of(off=True))


@dataclass(frozen=True)
class LeftOut:
    """Of those who had an appeal and have not given, how many a follow-up leaves out, and why: turned
    appeals off since (`off`, as `follow_up_off`), on long leave on the day (`away`, decision 1416), left
    the organisation or with no messenger account left (`gone`: decision 1450). Not reminded, said
    as counts when nobody else is left to remind."""

    off: int
    away: int
    gone: int
    training: int = 0  # of `away`, away on training (decision 2315)


async def follow_up_left_out(
    session: AsyncSession, actor: Actor | None, original: Appeal, *, now: datetime
) -> LeftOut:
    """Why those a follow-up of `original` would not remind are left out (`LeftOut`), counted of the one query
    of who it is about: what the status says when nobody is left to remind (decisions 1416, 1450)."""
    people = await _follow_up_people(session, original, _may_touch(actor, original), now)
    left_out, _everyone = await people.counts(session)
    return left_out


async def follow_up(
    session: AsyncSession, actor: Actor | None, original: Appeal, *, now: datetime, settings: Settings | None
) -> Appeal:
    """ "Nhắc lại người chưa ủng hộ": the original's text again, once, to those who have not given."""
    _may_touch(actor, original)
    if original.status == "cancelled":
        raise AppealError("cancelled")
    if not asks(original):  # a thank-you or news asked for nothing: nobody "has not given" to it
        raise AppealError("thanks")
    if await session.scalar(select(Appeal.id).where(Appeal.follow_up_of == original.id)) is not None:
        raise AppealError("already")
    waiting = select(OutboxMessage.id).where(_rows_of(original.id), OutboxMessage.status == "pending")
    if await session.scalar(waiting.limit(1)) is not None:  # scheduled, or still going out
        raise AppealError("not_yet")
    draft = Draft(original.text, Audience("follow_up"), original.drive_id, original.photo)
    return await send_appeal(
        session, actor, draft, now=now, settings=settings, confirmed_large=True, follow_up_of=original
    )


def _may_touch(actor: Actor | None, appeal: Appeal) -> Actor:
    """Cancel, follow up or watch an appeal: whoever may send to the units it reached (`may_touch_appeal`)."""
    if actor is None or not may_touch_appeal(actor, appeal):
        raise AppealError("not_allowed")
    return actor


async def _stop(
    session: AsyncSession,
    appeal_ids: list[int],
    *,
    now: datetime,
    asked: bool = False,
    fixes: bool = False,
    cut: str | None = None,
) -> int:
    """Cancel the appeals' pending rows (`asked`: the reminders of them people asked for, “Nhắc tôi sau”;
    `fixes`: their corrections, “Đính chính”), not those a sender holds right now, marked `cut` (why, when
    they may be sent on later); how many."""
    of = _fixes_of if fixes else _asked_of if asked else _rows_of
    rows = [of(appeal_id) for appeal_id in appeal_ids]
    result = await session.execute(
        update(OutboxMessage)
        .where(
            or_(*rows),
            not_taken(now),
        )
        .values(status="cancelled", last_error=cut)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


async def cancel_appeal(session: AsyncSession, actor: Actor | None, appeal: Appeal, *, now: datetime) -> int:
    """Stop a scheduled or running appeal and its follow-up: their pending rows, the reminders of them people
    asked for and the corrections still waiting (not those a sender holds right now) are cancelled; how
    many."""
    actor = _may_touch(actor, appeal)
    if await _taken_back_by_an_officer(session, appeal):
        # a “Có” from a screen left open: its corrections since are not stopped with it (decision 0756)
        raise AppealError("cancelled")
    follow_ups = list(await session.scalars(select(Appeal).where(Appeal.follow_up_of == appeal.id)))
    ids = [one.id for one in (appeal, *follow_ups)]
    # the reminders asked for go too: the text taken back (a wrong account number) is not brought back; and
    # the corrections still waiting (at night), which would repeat it the next morning (decision 0691)
    stopped = await _stop(session, ids, now=now) + await _stop(session, ids, now=now, asked=True)
    stopped += await _stop(session, [appeal.id], now=now, fixes=True)
    stopped += await _taken_back(session, ids)
    for one in (appeal, *follow_ups):
        one.status, one.cancelled_at = "cancelled", now
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="appeal.cancel",
        entity="appeal",
        entity_id=appeal.id,
        rows=stopped,
    )
    return stopped


async def _taken_back_by_an_officer(session: AsyncSession, appeal: Appeal) -> bool:
    """Cancelled already by whoever sent it or may (`cancel_appeal`'s audit row), not only stopped by a
    drive's close."""
    return appeal.status == "cancelled" and bool(
        await session.scalar(
            select(AuditLog.id)
            .where(
                AuditLog.action == "appeal.cancel",
                AuditLog.entity == "appeal",
                AuditLog.entity_id == appeal.id,
            )
            .limit(1)
        )
    )


async def _taken_back(session: AsyncSession, appeal_ids: list[int]) -> int:
    """The appeals' messages stopped before (`CUT_AT_CLOSE`, `CUT_AS_AUTHOR_WENT`) are taken back with them:
    never sent on; how many."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            or_(*(_rows_of(appeal_id) for appeal_id in appeal_ids)),
            OutboxMessage.status == "cancelled",
            OutboxMessage.last_error.in_((CUT_AT_CLOSE, CUT_AS_AUTHOR_WENT)),
        )
        .values(last_error=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def _fixes_of(appeal_id: int) -> Any:
    """The correction messages of the appeal (“Đính chính”), of every correction made."""
    return OutboxMessage.key.like(f"fix:appeal:{appeal_id}:%")


@dataclass(frozen=True)
class Correction:
    waiting: int  # copies not sent yet: they go with the corrected text instead
    told: int  # people who had it already: each is sent one correction (one waiting takes the new words)
    # with a corrected picture: of both, reached on a Zalo chat showing none, who get the words alone (0738)
    words_only: int = 0
    photo: str | None = None  # the picture a correction sent again carries (decision 0756)


def correction_text(locale: str, appeal: Appeal, text: str) -> str:
    """The correction sent to whoever had the appeal: its day, the corrected text whole, and, for an appeal
    asking for a gift, what to do if they already acted on the earlier words (a transfer to a wrong account
    must be known: decision 0683). A thank-you or news, which asked for nothing, is corrected as the message
    it was, never as “the appeal” (decision 0793)."""
    head = (
        translate(locale, "Correction to the appeal of {day}. Please read it as follows:")
        if asks(appeal)
        else translate(locale, "Correction to the message of {day}. Please read it as follows:")
    ).format(day=format_date(appeal.send_at, locale))
    said = [head, "", text]
    if asks(appeal):
        said += [
            "",
            translate(
                locale,
                "If you already gave after the earlier message, please tell the treasurer privately so "
                "that it can be checked.",
            ),
        ]
    return "\n".join(said)


async def corrected_text(
    session: AsyncSession, actor: Actor, appeal: Appeal, typed: str, photo: str | None = None
) -> str:
    """`typed` as the appeal's corrected text: refused as a new appeal's text is (`check_text`), and ("same")
    where it is the text as it stands and no new picture comes with it (`photo`), so that nobody is told of a
    correction that changes nothing: asked when it is typed and again when it is sent (decision 0683). A
    picture is a poster's correction only (decision 0738): an appeal sent without one is refused it
    ("photo")."""
    if photo is not None and appeal.photo is None:
        raise AppealError("photo")
    text = await check_text(session, actor, typed)
    if (
        text == appeal.text
        and photo in (None, appeal.photo)
        and not (await _stopped_fixes(session, appeal))[0]
    ):
        raise AppealError("same")
    return text


async def _stopped_fixes(session: AsyncSession, appeal: Appeal) -> tuple[list[int], str | None]:
    """Who had the appeal and was never told its words as they stand: their latest correction, which carries
    them (a waiting one is rewritten), was stopped by a cancel before it went (decision 0691); with the
    picture it carried, if any. The same words corrected again go to them alone, once (decision 0756)."""
    ids = [one.id for one in await _with_follow_ups(session, appeal)]
    latest: dict[int, tuple[str, str | None]] = {}
    for person_id, status, payload in (
        await session.execute(
            select(OutboxMessage.person_id, OutboxMessage.status, OutboxMessage.payload)
            .where(_fixes_of(appeal.id), OutboxMessage.person_id.is_not(None))
            .order_by(OutboxMessage.id)
        )
    ).all():
        latest[person_id] = (status, (payload or {}).get("photo"))
    stopped = {person_id for person_id, (status, _) in latest.items() if status == "cancelled"}
    if not stopped:
        return [], None
    still = set(await session.scalars(_told(appeal, ids).where(Person.id.in_(stopped))))
    carried = any(photo for person_id, (_, photo) in latest.items() if person_id in still)
    return sorted(still), appeal.photo if carried else None


def _rewritten(payload: dict[str, Any], old: str, new: str, photo: str | None = None) -> dict[str, Any]:
    """The message with the appeal's words `old` read `new`, and with the picture `photo` where one is given,
    in each language it is held in (ALSO_IN)."""
    shown = {**payload, "text": str(payload.get("text") or "").replace(old, new)}
    if photo is not None:
        shown["photo"] = photo
    if ALSO_IN in payload:
        shown[ALSO_IN] = {
            locale: _rewritten(other, old, new, photo) for locale, other in payload[ALSO_IN].items()
        }
    return shown


def _not_held(ids: Sequence[int]) -> Any:
    """The messages of the appeals no sender has taken, or ever will without reading them anew: pending and
    unleased (a row whose lease ran out may still be in a sender's hands: decision 0683), none of its parts
    gone; or stopped at a close or as its author went, to be sent on later (decision 0318); or a reminder
    asked for that expired unsent with its drive's end, which an extension brings back (0646, 0690)."""
    asked = or_(*(_asked_of(i) for i in ids))
    rows = or_(*(_rows_of(i) for i in ids), asked, *(_fixes_of(i) for i in ids))
    waiting = and_(
        OutboxMessage.status == "pending", OutboxMessage.lease_until.is_(None), OutboxMessage.parts_sent == 0
    )
    stopped = and_(
        OutboxMessage.status == "cancelled", OutboxMessage.last_error.in_((CUT_AT_CLOSE, CUT_AS_AUTHOR_WENT))
    )
    lapsed = and_(asked, OutboxMessage.status == "expired", OutboxMessage.parts_sent == 0)
    return and_(rows, or_(waiting, stopped, lapsed))


def _told(appeal: Appeal, ids: Sequence[int]) -> Select[Any]:
    """Who had the appeal (or its follow-up) already, or is being sent it now, and is to be told of the
    correction: still of the organisation, with no correction waiting (which takes the new words). Who gave
    meanwhile is told too: they may have paid to the account the mistake named; and who turned appeals off
    since: a correction is not one more appeal but the words they hold put right (decision 0705)."""
    had = select(OutboxMessage.person_id).where(
        or_(*(_rows_of(i) for i in ids)),
        or_(
            OutboxMessage.status == "sent",
            and_(
                OutboxMessage.status == "pending",
                or_(OutboxMessage.lease_until.is_not(None), OutboxMessage.parts_sent > 0),
            ),
        ),
    )
    waiting = select(OutboxMessage.person_id).where(_fixes_of(appeal.id), _not_held([appeal.id]))
    return select(Person.id).where(
        Person.id.in_(had),
        Person.id.not_in(waiting),
        Person.org_id == appeal.org_id,
        Person.left_on.is_(None),  # left the organisation since (decision 0118)
        _reachable(),
    )


async def _with_follow_ups(session: AsyncSession, appeal: Appeal) -> list[Appeal]:
    return [appeal, *await session.scalars(select(Appeal).where(Appeal.follow_up_of == appeal.id))]


async def _nobody_had_it(session: AsyncSession, appeal: Appeal, ids: Sequence[int]) -> bool:
    """A cancelled appeal is corrected for whoever had it (decision 0737): refused ("cancelled") where it
    reached nobody before the cancel, as nothing of it is left to put right. One a drive's close stopped
    (cancelled too) is corrected while copies it stopped may still go on, at the reopening (decision 0756)."""
    if appeal.status != "cancelled":
        return False
    told = await session.scalar(select(func.count()).select_from(_told(appeal, ids).subquery()))
    # a correction still waiting, or copies a close stopped that its reopening may send on
    waiting = await session.scalar(select(func.count()).where(_not_held(ids)))
    return not told and not waiting


async def correctable(session: AsyncSession, appeal: Appeal) -> bool:
    """Whether “Sửa nội dung” has anything to put right (`correct_appeal` refuses it otherwise): the status
    screen asks the same question (decisions 0737, 0756)."""
    ids = [one.id for one in await _with_follow_ups(session, appeal)]
    return not await _nobody_had_it(session, appeal, ids)


async def correction_reach(
    session: AsyncSession,
    actor: Actor | None,
    appeal: Appeal,
    *,
    photo: bool = False,
    settings: Settings | None = None,
    text: str | None = None,
) -> Correction:
    """What `correct_appeal` would do now, for its last look: copies still waiting, people to be told; with a
    corrected `photo`, how many of them get its words alone, as an appeal's preview counts them (0492). The
    words as they stand (`text`), sent again where a cancel stopped their correction: to those alone
    (0756)."""
    _may_touch(actor, appeal)
    ids = [one.id for one in await _with_follow_ups(session, appeal)]
    if await _nobody_had_it(session, appeal, ids):
        raise AppealError("cancelled")
    if text == appeal.text and not photo:
        again, carried = await _stopped_fixes(session, appeal)
        return Correction(0, len(again), photo=carried)
    copies = or_(*(_rows_of(i) for i in ids))
    waiting = select(func.count()).where(copies, _not_held(ids))
    told = select(func.count()).select_from(_told(appeal, ids).subquery())
    # an earlier correction still waiting (at night) is told with the new words: counted, never sent again
    retold = select(func.count()).where(_fixes_of(appeal.id), _not_held([appeal.id]))
    words_only = 0
    if photo and _no_pictures_on_zalo(settings):
        on_zalo = OutboxMessage.channel == "zalo"
        words_only = int(
            await session.scalar(
                select(func.count()).where(or_(copies, _fixes_of(appeal.id)), _not_held(ids), on_zalo)
            )
            or 0
        )
        words_only += await _words_alone(session, _told(appeal, ids), settings)
    return Correction(
        int(await session.scalar(waiting) or 0),
        int(await session.scalar(told) or 0) + int(await session.scalar(retold) or 0),
        words_only,
    )


async def correct_appeal(
    session: AsyncSession,
    actor: Actor | None,
    appeal: Appeal,
    text: str,
    *,
    now: datetime,
    settings: Settings | None,
    photo: str | None = None,
) -> Correction:
    """ "Sửa nội dung": the appeal (and its follow-up) reads `text` from now on, and, for a poster, shows the
    picture `photo` where a corrected one is given (decision 0738). What has not gone yet goes with it
    instead, never both; whoever had it gets one correction, through the outbox, after the quiet hours, with
    the corrected picture if any; a later reminder (“Nhắc tôi sau”) carries the words. Refused as
    `corrected_text` refuses it: pressed twice, nobody is told twice (decision 0683). A cancelled appeal is
    corrected for whoever had it, never sent on to whoever had not (decision 0737)."""
    actor = _may_touch(actor, appeal)
    # the appeal held, and read again: a correction pressed at the same moment elsewhere is waited for, and
    # this one takes its words (and its corrections still waiting) as the ones to replace (decision 0690)
    await session.execute(select(Appeal.id).where(Appeal.id == appeal.id).with_for_update())
    await session.refresh(appeal)
    text = await corrected_text(session, actor, appeal, text, photo)
    photo = photo if photo != appeal.photo else None  # the picture as it stands: nothing to change
    # the words as they stand: only the corrections a cancel stopped go again, to whom they had not reached
    again, carried = (
        await _stopped_fixes(session, appeal) if text == appeal.text and photo is None else ([], None)
    )
    old = appeal.text
    appeals = await _with_follow_ups(session, appeal)
    ids = [one.id for one in appeals]
    await session.flush()
    if await _nobody_had_it(session, appeal, ids):
        raise AppealError("cancelled")
    waiting = retold = 0
    for row_id, key, payload in (
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.key, OutboxMessage.payload).where(_not_held(ids))
        )
    ).all():
        shows = photo if key.startswith(("appeal:", "fix:")) else None  # a reminder asked for is words alone
        done = await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, _not_held(ids))  # not taken by a sender meanwhile
            .values(payload=_rewritten(payload, old, text, shows))
            .execution_options(synchronize_session=False)
        )
        if done.rowcount and key.startswith("appeal:"):
            waiting += 1
        elif done.rowcount and key.startswith("fix:"):
            retold += 1  # an earlier correction not sent yet: it goes with the new words instead
    was_photo = appeal.photo
    for one in appeals:
        one.text = text
        if photo is not None:
            one.photo = photo
    round_ = 1 + (await corrected(session, appeal))[0]  # this correction's number, in its messages' keys
    from bot.domain.drives import last_gift_day  # drives stops our appeals when one closes

    drive = await session.get(Drive, appeal.drive_id) if appeal.drive_id is not None else None
    send_at = quiet_until(now, settings)
    # not an appeal: it goes while the drive takes late gifts, as a wrong number may still be paid to (0691)
    expires_at = _end_of(last_gift_day(drive)) if drive is not None else send_at + UNSCHEDULED_LIFE
    told = 0
    if send_at < expires_at:
        people = _told(appeal, ids).where(Person.id.in_(again)) if again else _told(appeal, ids)
        reached = await recipients(session, people, settings.default_locale if settings else "vi")
        told = await notify_all(
            session,
            reached,
            key=lambda person_id: f"fix:appeal:{appeal.id}:{round_}:{person_id}",
            render=lambda locale: OutboundMessage(
                text=correction_text(locale, appeal, text), photo=photo or carried, keep=True
            ),
            now=now,
            not_before=send_at,
            expires_at=expires_at,
            every_language=True,  # held till the morning: in whichever its reader reads then (0792)
        )
    told += retold
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="appeal.correct",
        entity="appeal",
        entity_id=appeal.id,
        was=old,
        **({"was_photo": was_photo, "photo": photo} if photo is not None else {}),
        waiting=waiting,
        told=told,
    )
    return Correction(waiting, told)


async def corrected(session: AsyncSession, appeal: Appeal) -> tuple[int, datetime | None]:
    """How many times the appeal was corrected, and when last."""
    count, last = (
        await session.execute(
            select(func.count(), func.max(AuditLog.at)).where(
                AuditLog.action == "appeal.correct",
                AuditLog.entity == "appeal",
                AuditLog.entity_id == appeal.id,
            )
        )
    ).one()
    return int(count or 0), last


async def stop_appeals_of_drive(session: AsyncSession, drive_id: int, *, now: datetime) -> int:
    """A drive closed: what its appeals have not sent yet is not sent (they would ask for gifts it refuses).
    An appeal with rows stopped is marked cancelled; one that had gone out whole keeps its status."""
    stopped = 0
    appeals = select(Appeal).where(Appeal.drive_id == drive_id, Appeal.status != "cancelled")
    for appeal in await session.scalars(appeals):
        # "Nhắc tôi sau": it would ask for gifts too
        await _stop(session, [appeal.id], now=now, asked=True, cut=CUT_AT_CLOSE)
        rows = await _stop(session, [appeal.id], now=now, cut=CUT_AT_CLOSE)
        if rows:
            appeal.status, appeal.cancelled_at = "cancelled", now
            stopped += rows
    return stopped


async def last_asked_drive(session: AsyncSession, person_id: int) -> Drive | None:
    """The drive the latest appeal that reached `person_id` asked for (its row sent, a follow-up alike), None
    where that appeal asked for none or none reached her: what a gift she types after it answers, so that a
    drive closed since is named to her, not left unsaid (decision 2720). None too where a gift of hers was
    recorded since it reached her: she answered it then, and a drive closed long ago is not said at every
    gift after (decision 2745). A reminder of an appeal she asked for (“Nhắc tôi sau”, `remind:appeal:` rows)
    reaches her as that appeal again, the latest if it came last, and is answered alike (decision 2777); one
    that reached a record of hers since merged into this one too (decision 2810)."""
    latest = (
        select(OutboxMessage.key, OutboxMessage.sent_at)
        .where(
            OutboxMessage.person_id == person_id,
            or_(OutboxMessage.key.like("appeal:%"), OutboxMessage.key.like("remind:appeal:%")),
            OutboxMessage.status == "sent",
        )
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
        .limit(1)
        .subquery()
    )
    answered = exists().where(Contribution.person_id == person_id, Contribution.created_at > latest.c.sent_at)
    # its appeal found by the row's key, "appeal:<id>:<person>" (`send_appeal`) or its reminder's,
    # "remind:appeal:<id>:<person>", and its drive: outer joins, so that an appeal that asked for no drive is
    # None, never an earlier appeal's drive. The person's id in the key is not compared: a merged record's
    # rows are hers and keep the key of the record they reached (decision 2810)
    its_key = literal("appeal:") + cast(Appeal.id, String) + literal(":%")
    found = (
        await session.execute(
            select(Drive, answered)
            .select_from(latest)
            .outerjoin(
                Appeal, or_(latest.c.key.like(its_key), latest.c.key.like(literal("remind:") + its_key))
            )
            .outerjoin(Drive, Drive.id == Appeal.drive_id)
        )
    ).first()
    return None if found is None or found[1] else found[0]


async def stopped_by_close(session: AsyncSession, actor: Acting, drive: Drive, *, now: datetime) -> int:
    """How many of the messages the close of `drive` stopped could still go on, sent on by `actor`
    (`resume_stopped`)."""
    resumable = await _resumable(session, actor, drive, now)
    return int(await session.scalar(select(func.count()).where(resumable)) or 0)


async def stopped_for_others(session: AsyncSession, actor: Acting, drive: Drive, *, now: datetime) -> int:
    """How many of the messages the close of `drive` stopped `actor` may not send on, of appeals to units
    they do not cover: they wait for whoever may send them (`send_on_cut`, docs/decisions/0318)."""
    everyone = await stopped_by_close(session, Operator(drive.org_id), drive, now=now)
    return everyone - await stopped_by_close(session, actor, drive, now=now)


async def resume_stopped(
    session: AsyncSession, actor: Acting, drive: Drive, *, now: datetime, settings: Settings | None = None
) -> tuple[int, datetime]:
    """A drive reopened: the messages of its appeals that its close stopped (rows never sent, and the
    reminders people asked for) go on to those they did not reach, as written; rows sent before the close
    are not touched, and each row keeps its key, so nobody is reached twice (docs/decisions/0287). Only
    appeals the close itself stopped (an appeal the officer cancelled stays cancelled), only people still at
    work (an appeal only to those who take appeals), only rows due before the drive's end and not expired;
    only appeals `actor` may send to (`may_touch_appeal`: an officer of one unit does not send on the
    organisation's appeal to every unit: docs/decisions/0301). Call before `reinstate_stopped` and before
    `drive.closed_at` is cleared. One due while it was closed goes as an appeal sent at once goes
    (`appeal_goes_out`: after the quiet hours, an office's not on its day off: decision 2061). How many, and
    when those whose own hour has passed go, read once for the reopening's answer too (decision 2255)."""
    due = await appeal_goes_out(
        session, drive.org_id, now=now, send_at=None, settings=settings, drive_id=drive.id
    )
    result = await session.execute(
        update(OutboxMessage)
        .where(await _resumable(session, actor, drive, now))
        .values(
            status="pending",
            last_error=None,
            not_before=case((OutboxMessage.not_before < due, due), else_=OutboxMessage.not_before),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0), due


async def reinstate_stopped(session: AsyncSession, drive: Drive) -> int:
    """A drive reopened: the appeals its close stopped are no longer taken back, whether or not their stopped
    messages go on (`resume_stopped`): those they reached may press “Nhắc tôi sau” again, and the officer
    may remind who has not given (“Nhắc lại người chưa ủng hộ”), as of any appeal; one the officer cancelled
    stays cancelled (docs/decisions/0302); a “Nhắc tôi sau” whose reminder the close stopped, not sent on,
    may be pressed again (decision 0653). Call after `resume_stopped`, before `drive.closed_at` is cleared.
    How many."""
    appeals = list(await session.scalars(_stopped_at_close(drive)))
    for appeal in appeals:
        appeal.status, appeal.cancelled_at = "written", None
    # a “Nhắc tôi sau” pressed before the close, its reminder stopped and not sent on: the button works again,
    # and its press brings that reminder back (`remind_later`, decision 0653); of an appeal that had reached
    # everyone too, which the close left as it was, stopping only such reminders (decision 0720)
    whole = select(Appeal).where(Appeal.drive_id == drive.id, Appeal.status != "cancelled")
    for appeal in {*appeals, *await session.scalars(whole)}:
        stopped = select(OutboxMessage.person_id).where(
            _asked_of(appeal.id),
            OutboxMessage.status == "cancelled",
            OutboxMessage.last_error == CUT_AT_CLOSE,
        )
        await usable_again(session, kind="appeal_later", arg="appeal_id", value=appeal.id, people=stopped)
    return len(appeals)


def _stopped_at_close(drive: Drive) -> Select[Any]:
    """The appeals of `drive` its close stopped: cancelled at its moment, and not by the officer
    (`cancel_appeal`'s audit row names the appeal its follow-ups went with)."""
    taken_back = select(AuditLog.entity_id).where(
        AuditLog.action == "appeal.cancel", AuditLog.entity == "appeal"
    )
    return select(Appeal).where(
        Appeal.drive_id == drive.id,
        Appeal.status == "cancelled",
        Appeal.cancelled_at == drive.closed_at,
        Appeal.id.not_in(taken_back),
        or_(Appeal.follow_up_of.is_(None), Appeal.follow_up_of.not_in(taken_back)),
    )


async def _resumable(session: AsyncSession, actor: Acting, drive: Drive, now: datetime) -> Any:
    if drive.closed_at is None:
        return false()
    ids = [one.id for one in await session.scalars(_stopped_at_close(drive)) if may_touch_appeal(actor, one)]
    if not ids:
        return false()
    # unmarked: stopped by a close before rows were marked (docs/decisions/0318)
    return _cut(
        ids, drive, now, or_(OutboxMessage.last_error.is_(None), OutboxMessage.last_error == CUT_AT_CLOSE)
    )


def _cut(ids: Sequence[int], drive: Drive | None, now: datetime, why: Any) -> Any:
    """The rows of the appeals `ids` stopped for `why` that may still go on: to people still at work (an
    appeal's own rows only to those who take appeals and have not given to its drive since), not expired,
    due before the drive's end."""
    at_work = select(Person.id).where(Person.left_on.is_(None))
    takes_appeals = at_work.where(Person.appeals_off.is_not(True))  # turned off since: not theirs any more
    if drive is not None:
        takes_appeals = takes_appeals.where(~gave_to(drive))
    return and_(
        or_(
            and_(or_(*(_rows_of(one) for one in ids)), OutboxMessage.person_id.in_(takes_appeals)),
            or_(*(_asked_of(one) for one in ids)),  # asked for: they come with appeals off (`set_appeals`)
        ),
        OutboxMessage.status == "cancelled",
        why,
        OutboxMessage.person_id.in_(at_work),
        or_(OutboxMessage.expires_at.is_(None), OutboxMessage.expires_at > now),
        *((OutboxMessage.not_before < _end_of(drive.ends_on),) if drive is not None else ()),
    )


async def _cut_of(session: AsyncSession, actor: Acting | None, appeal: Appeal, now: datetime) -> Any:
    """The messages of `appeal` (and of its follow-up) stopped but not taken back — by a close its drive's
    reopening did not send on, or as its author may no longer send it (`hold_for_author`) — that `actor`
    may send on now: false() when none may go (the appeal cancelled, its drive closed or over)."""
    if actor is None or appeal.status == "cancelled" or not may_touch_appeal(actor, appeal):
        return false()
    drive = await session.get(Drive, appeal.drive_id) if appeal.drive_id is not None else None
    if drive is not None and (drive.closed_at is not None or drive.ends_on < local_date(now)):
        return false()
    ids = [appeal.id, *await session.scalars(select(Appeal.id).where(Appeal.follow_up_of == appeal.id))]
    # the same words sent meanwhile by another appeal (a successor wrote it again): never twice (0149)
    about = Appeal.drive_id == appeal.drive_id if appeal.drive_id is not None else Appeal.drive_id.is_(None)
    same = select(Appeal.id).where(
        Appeal.org_id == appeal.org_id, about, Appeal.text == appeal.text, Appeal.id.not_in(ids)
    )
    had_it = select(OutboxMessage.person_id).where(
        OutboxMessage.status.in_(("pending", "sent")),
        or_(false(), *(_rows_of(one) for one in await session.scalars(same))),
    )
    return and_(
        _cut(ids, drive, now, OutboxMessage.last_error.in_((CUT_AT_CLOSE, CUT_AS_AUTHOR_WENT))),
        OutboxMessage.person_id.not_in(had_it),
    )


async def cut_count(
    session: AsyncSession, actor: Acting | None, appeal: Appeal, *, now: datetime
) -> dict[str, int]:
    """How many of the appeal's stopped messages `actor` may send on (`send_on_cut`), by why they stopped
    (`CUT_AT_CLOSE`, `CUT_AS_AUTHOR_WENT`)."""
    cut = await _cut_of(session, actor, appeal, now)
    rows = await session.execute(
        select(OutboxMessage.last_error, func.count()).where(cut).group_by(OutboxMessage.last_error)
    )
    return {str(why): int(n) for why, n in rows}


async def send_on_cut(
    session: AsyncSession, actor: Acting | None, appeal: Appeal, *, now: datetime, settings: Settings | None
) -> tuple[int, datetime]:
    """ "Gửi tiếp": the appeal's messages stopped and not taken back go on, each with its own key, to whom
    they had not reached (never twice), as an appeal sent at once goes (`appeal_goes_out`: after the quiet
    hours, and an office's not on its day off, decision 2061); by whoever may send the appeal now, in their
    turn (docs/decisions/0318). How many, and when those whose own hour has passed go, as the answer says."""
    if actor is None or not may_touch_appeal(actor, appeal):
        raise AppealError("not_allowed")
    due = await appeal_goes_out(
        session, appeal.org_id, now=now, send_at=None, settings=settings, drive_id=appeal.drive_id
    )
    result = await session.execute(
        update(OutboxMessage)
        .where(await _cut_of(session, actor, appeal, now))
        .values(
            status="pending",
            last_error=None,
            not_before=case((OutboxMessage.not_before < due, due), else_=OutboxMessage.not_before),
        )
        .execution_options(synchronize_session=False)
    )
    sent_on = int(result.rowcount or 0)
    audit(
        session,
        at=now,
        actor_id=actor.person_id if isinstance(actor, Actor) else None,
        action="appeal.send_on",
        entity="appeal",
        entity_id=appeal.id,
        rows=sent_on,
    )
    return sent_on, due


async def hold_for_author(session: AsyncSession, person: Person, *, now: datetime) -> int:
    """`person`'s roles changed (taken away, a leaving, a move): what their appeals have not sent yet, which
    they may no longer send, is stopped, not taken back (`CUT_AS_AUTHOR_WENT`): an appeal speaks for its
    author, and nobody is sent one in the name of someone who no longer holds the role. The officers who may
    send to its audience find it in their list and send it on or cancel it (docs/decisions/0318). The
    reminders people asked for still come. An appeal its drive's close stopped is held so too: a reopening
    does not send it on in her name (docs/decisions/0329). How many."""
    actor = await actor_for(session, person)
    held = 0
    for appeal in await session.scalars(select(Appeal).where(Appeal.created_by == person.id)):
        if actor is not None and may_touch_appeal(actor, appeal):
            continue
        if appeal.status != "cancelled":
            held += await _stop(session, [appeal.id], now=now, cut=CUT_AS_AUTHOR_WENT)
        closed = await session.execute(
            update(OutboxMessage)
            .where(
                _rows_of(appeal.id),
                OutboxMessage.status == "cancelled",
                OutboxMessage.last_error == CUT_AT_CLOSE,
            )
            .values(last_error=CUT_AS_AUTHOR_WENT)
            .execution_options(synchronize_session=False)
        )
        held += int(closed.rowcount or 0)
    return held


async def follow_drive_dates(session: AsyncSession, drive: Drive, *, now: datetime) -> int:
    """A drive's dates were moved: what its appeals (follow-ups too) have not sent yet, and the reminders of
    them people asked for, live until its new end, as they did until the old one; a row due at or after the
    new end is not sent (it would ask for gifts after the drive ended). Rows a sender holds right now are left
    alone. An appeal whose every message is stopped so is marked cancelled. The buttons its messages carry,
    sent or not ("Give now", "Remind me later"), work until the new end too; a reminder asked for that
    expired unsent with the old end comes if due before the new one (decision 0646). How many rows stopped."""
    ends = _end_of(drive.ends_on)
    due = quiet_until(now, None)  # a reminder revived past its hour goes now, or after the quiet hours
    stopped = 0
    await live_until(session, ends, kind="appeal_give", arg="drive_id", among=[drive.id])
    of_drive = select(Appeal.id).where(Appeal.drive_id == drive.id)
    await live_until(session, ends, kind="appeal_later", arg="appeal_id", among=of_drive)
    appeals = select(Appeal).where(Appeal.drive_id == drive.id, Appeal.status != "cancelled")
    for appeal in (await session.scalars(appeals)).all():
        waiting = (or_(_rows_of(appeal.id), _asked_of(appeal.id)), not_taken(now))
        late = await session.execute(
            update(OutboxMessage)
            .where(*waiting, OutboxMessage.not_before >= ends)
            .values(status="cancelled")
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            update(OutboxMessage)
            .where(*waiting)
            .values(expires_at=ends)
            .execution_options(synchronize_session=False)
        )
        # the reminders asked for that expired unsent with the old end (pressed on its last day, or held)
        # come if they are due before the new one; not to those who gave to it since (decision 0646)
        await session.execute(
            update(OutboxMessage)
            .where(
                _asked_of(appeal.id),
                OutboxMessage.status == "expired",
                OutboxMessage.parts_sent == 0,
                OutboxMessage.not_before < ends,
                OutboxMessage.expires_at < ends,
                OutboxMessage.person_id.not_in(select(Person.id).where(gave_to(drive))),
            )
            .values(
                status="pending",
                expires_at=ends,
                not_before=case((OutboxMessage.not_before < due, due), else_=OutboxMessage.not_before),
            )
            .execution_options(synchronize_session=False)
        )
        rows = int(getattr(late, "rowcount", 0) or 0)
        stopped += rows
        if rows and not await session.scalar(
            select(exists().where(_rows_of(appeal.id), OutboxMessage.status != "cancelled"))
        ):
            appeal.status, appeal.cancelled_at = "cancelled", now
    return stopped


async def stop_asking(
    session: AsyncSession, person_id: int, org_id: int, drive_id: int | None, *, now: datetime
) -> int:
    """The person has just recorded a gift to `drive_id` (None: the Fund outside the drives): their rows of
    its appeals still waiting — the appeal, its follow-up, the reminder they asked for — are not sent (not
    those a sender holds right now). How many."""
    about = Appeal.drive_id == drive_id if drive_id is not None else Appeal.drive_id.is_(None)
    appeal_ids = list(
        await session.scalars(
            select(Appeal.id).where(Appeal.org_id == org_id, about, Appeal.status != "cancelled")
        )
    )
    if not appeal_ids:
        return 0
    keys = [f"{kind}:{one}:{person_id}" for one in appeal_ids for kind in ("appeal", "remind:appeal")]
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.person_id == person_id,
            OutboxMessage.key.in_(keys),
            not_taken(now),
        )
        .values(status="cancelled", last_error=GAVE_MEANWHILE)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


async def ask_again(session: AsyncSession, person: Person, drive: Drive | None, *, now: datetime) -> int:
    """`person`'s gift to `drive` (None: the Fund outside the drives) was cancelled by a reversal, or rejected
    by a treasurer (decision 1953): where she has none left that counts
    (`giving.gave_to`), her rows of its appeals that a gift stopped (`stop_asking`) and that are still to come
    — a scheduled appeal or follow-up, the reminder she asked for — are due again, as if she had not given;
    those whose time passed while her gift stood stay stopped: she is asked next as anyone who has not given,
    never by all she was spared meanwhile (decision 1899). An appeal's own rows only while she takes appeals;
    the reminder she asked for comes anyway (decision 0531). Nothing of a drive closed, nothing to one who
    left or whose unit's gifts the drive no longer takes (`may_be_asked_for`, decision 1921). How many."""
    if (drive is not None and drive.closed_at is not None) or not may_be_asked_for(person, drive):  # 1921
        return 0
    if await _has_given(session, person, drive):
        return 0
    about = Appeal.drive_id.is_(None) if drive is None else Appeal.drive_id == drive.id
    appeal_ids = list(
        await session.scalars(
            select(Appeal.id).where(Appeal.org_id == person.org_id, about, Appeal.status != "cancelled")
        )
    )
    kinds = ("appeal", "remind:appeal") if person.appeals_off is not True else ("remind:appeal",)
    keys = [f"{kind}:{one}:{person.id}" for one in appeal_ids for kind in kinds]
    if not keys:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.person_id == person.id,
            OutboxMessage.key.in_(keys),
            OutboxMessage.status == "cancelled",
            OutboxMessage.last_error == GAVE_MEANWHILE,
            OutboxMessage.not_before > now,
            or_(OutboxMessage.expires_at.is_(None), OutboxMessage.expires_at > now),
        )
        .values(status="pending", last_error=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


async def moved_out(session: AsyncSession, person: Person, unit_id: int | None, *, now: datetime) -> int:
    """`person` is moved to unit `unit_id` (the staff list): their rows still waiting of the appeals about a
    drive that takes no gift of that unit (`access.takes_gifts_of`) — the appeal, its follow-up, the reminder
    they asked for — are not sent, as the reminders of its last days are not (decision 0499): nobody is
    asked for a gift the drive then refuses, nor counted for it elsewhere (docs/decisions/0514). Those a move
    stopped before, of a drive that takes the new unit's gifts again (a move undone by the next list), go
    on, unless the appeal or its drive ended or they gave to it meanwhile (docs/decisions/0524), and the
    appeal's own rows not to one who turned appeals off meanwhile (docs/decisions/0531). How many stopped."""
    asked = list(
        await session.execute(
            select(Appeal.id, Drive)
            .join(Drive, Drive.id == Appeal.drive_id)
            .where(Appeal.org_id == person.org_id, Appeal.status != "cancelled", Drive.unit_ids.is_not(None))
        )
    )
    kinds = ("appeal", "remind:appeal")
    refused = [(appeal_id, drive) for appeal_id, drive in asked if not takes_gifts_of(drive, unit_id)]
    stopped = set(
        await session.scalars(
            select(OutboxMessage.key).where(
                OutboxMessage.person_id == person.id,
                OutboxMessage.status == "cancelled",
                OutboxMessage.last_error == MOVED_OUT,
            )
        )
    )
    back: list[str] = []
    for appeal_id, drive in asked if stopped else ():
        # an appeal's own rows only to one who still takes appeals; the reminder she asked for comes anyway,
        # as `set_appeals` leaves it (decision 0531)
        wanted = kinds if person.appeals_off is not True else ("remind:appeal",)
        mine = [key for kind in wanted if (key := f"{kind}:{appeal_id}:{person.id}") in stopped]
        ready = mine and takes_gifts_of(drive, unit_id) and drive.closed_at is None
        if ready and not await _has_given(session, person, drive):
            back += mine
    if back:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.person_id == person.id, OutboxMessage.key.in_(back))
            .values(status="pending", last_error=None)
            .execution_options(synchronize_session=False)
        )
    keys = [f"{kind}:{appeal_id}:{person.id}" for appeal_id, _ in refused for kind in kinds]
    if not keys:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.person_id == person.id, OutboxMessage.key.in_(keys), not_taken(now))
        .values(status="cancelled", last_error=MOVED_OUT)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


async def _has_given(session: AsyncSession, person: Person, drive: Drive | None) -> bool:
    """`person` has a gift to `drive` that counts (`giving.gave_to`)."""
    return bool(await session.scalar(select(gave_to(drive)).where(Person.id == person.id)))


async def appeal_status(session: AsyncSession, appeal: Appeal) -> Status:
    """Live counts of the appeal's rows by status, and how many recipients contributed to its drive after
    their copy was sent."""
    counts: dict[str, int] = {}
    gave_first = moved = retrying = gone = 0
    # tried, or put off untried while its messenger fails (decision 0337): the messenger did not take it yet
    tried = (OutboxMessage.attempts > 0) | OutboxMessage.last_error.is_not(None)
    for status, reason, was_tried, n in await session.execute(
        select(OutboxMessage.status, OutboxMessage.last_error, tried, func.count())
        .where(_rows_of(appeal.id))
        .group_by(OutboxMessage.status, OutboxMessage.last_error, tried)
    ):
        if status == "cancelled" and reason == GAVE_MEANWHILE:
            gave_first += int(n)
        elif status == "cancelled" and reason == MOVED_OUT:
            moved += int(n)
        else:
            counts[status] = counts.get(status, 0) + int(n)
        if status == "pending" and was_tried:
            retrying += int(n)
        elif status == "blocked" and reason is not None and reason.startswith(ACCOUNT_GONE):
            gone += int(n)
    after = await session.scalar(
        select(func.count(distinct(Contribution.person_id)))
        .select_from(OutboxMessage)
        .join(Contribution, Contribution.person_id == OutboxMessage.person_id)
        .where(
            _rows_of(appeal.id),
            OutboxMessage.status == "sent",
            Contribution.created_at >= OutboxMessage.sent_at,
            Contribution.status.in_(GIVING),
            Contribution.drive_id == appeal.drive_id
            if appeal.drive_id is not None
            else and_(Contribution.drive_id.is_(None), Contribution.org_id == appeal.org_id),
        )
    )
    fixes = dict(
        (
            await session.execute(
                select(OutboxMessage.status, func.count())
                .where(_fixes_of(appeal.id))
                .group_by(OutboxMessage.status)
            )
        ).all()
    )
    return Status(
        sent=counts.get("sent", 0),
        pending=counts.get("pending", 0),
        failed=counts.get("failed", 0) + counts.get("undeliverable", 0),
        blocked=counts.get("blocked", 0),
        cancelled=counts.get("cancelled", 0),
        expired=counts.get("expired", 0),
        contributed_after=int(after or 0),
        gave_before_it_went=gave_first,
        moved_out=moved,
        unreached=int(appeal.audience.get("unreached") or 0),
        off=int(appeal.audience.get("off") or 0),
        away=int(appeal.audience.get("away") or 0),
        training=int(appeal.audience.get("training") or 0),
        away_unknown=await _away_unknown(session, appeal),
        counts=counts,
        retrying=retrying,
        refused=counts.get("failed", 0),
        no_account=counts.get("undeliverable", 0),
        account_gone=gone,
        corrections_sent=int(fixes.get("sent", 0)),
        corrections_pending=int(fixes.get("pending", 0)),
    )


async def _away_unknown(session: AsyncSession, appeal: Appeal) -> bool:
    """An appeal that asks, written before its audience kept how many were on long leave (decision 1458),
    where someone of its organisation (of its units, if it kept them) has a leave lasting to its day or
    after: she may have been left out for it, or not. A leave keeps only its last day (`Person.away_until`),
    not when it began, so the count cannot be made again now; the status says so (decision 1572). Where
    nobody's leave reaches that day, nobody was away, and there is nothing to say."""
    if "away" in appeal.audience or not asks(appeal) or appeal.audience.get("kind") == "gave":
        return False
    people = select(Person.id).where(
        Person.org_id == appeal.org_id,
        Person.left_on.is_(None),
        away_on(local_date(appeal.send_at)),
    )
    if (scope := appeal.audience.get("scope")) is not None:
        people = people.where(Person.unit_id.in_(scope))
    return bool(await session.scalar(select(people.exists())))


async def appeals_of(session: AsyncSession, actor: Actor, limit: int = 8) -> Sequence[Appeal]:
    """The latest appeals of the actor's organisation the actor may manage (not follow-ups)."""
    rows = await session.scalars(
        select(Appeal)
        .where(Appeal.org_id == actor.org_id, Appeal.follow_up_of.is_(None))
        .order_by(Appeal.id.desc())
        .limit(limit * 4)
    )
    mine = []
    for appeal in rows:
        try:
            _may_touch(actor, appeal)
        except AppealError:
            continue
        mine.append(appeal)
    return mine[:limit]


# --- the person's side -------------------------------------------------------------------------------------


async def set_appeals(session: AsyncSession, person: Person, *, on: bool, now: datetime) -> int:
    """Turn appeals on or off for `person`; turning them off cancels their pending appeal rows (reminders they
    asked for are not appeals and still come). How many rows were cancelled."""
    person.appeals_off = not on
    cancelled = 0
    if not on:
        result = await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.person_id == person.id,
                OutboxMessage.key.like("appeal:%"),
                not_taken(now),
            )
            .values(status="cancelled")
            .execution_options(synchronize_session=False)
        )
        cancelled = int(result.rowcount or 0)
    audit(
        session,
        at=now,
        actor_id=person.id,
        action="appeals.on" if on else "appeals.off",
        entity="person",
        entity_id=person.id,
        cancelled=cancelled,
    )
    return cancelled


def reminder_time(
    now: datetime,
    drive: Drive | None,
    settings: Settings | None,
    days_off: DaysOff = WEEKEND_ONLY,
) -> datetime:
    """Two days from now, or 08:00 the day before the drive ends, whichever comes first, never the day it is
    asked (the next morning at the soonest: decision 0645), and not in the quiet hours. A day off (the
    settings' HOLIDAYS, the organisation's weekend and own holidays: `reminders.day_off`) moves it as the
    scheduler's reminders move (`reminders.due_time`: the next working morning, or the working day before
    when that would pass the drive's end), never back to the day it is asked: then it comes on the day
    off, not never."""
    at = quiet_until(now + REMIND_AFTER if drive is None else _sooner(now, drive), settings)
    if settings is None:
        return at
    day = at.astimezone(LOCAL_TZ).date()
    if not day_off(day, settings, days_off):
        return at
    last = drive.ends_on if drive is not None else day + REMIND_AFTER * 15
    moved = due_time(day, last, settings, days_off)
    return moved if local_date(moved) > local_date(now) else at  # moved back to today: not "later" (0645)


async def hold_over(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """The "Nhắc tôi sau" reminders held past their hour (the bot was down, or the messenger) and found on a
    day off of their person's organisation wait for the next working morning, as `reminders.due_time` moves
    any reminder; unless that would pass the drive's end, then they go now (docs/decisions/0234, 0246). One
    the sender is trying again through a messenger's outage (its next try always a minute on at most) is
    found as well: else it would go the moment the messenger is back, a Sunday or not (decision 0269). Run
    before the sender sends anything and with every reminder scan. How many were moved."""
    today = local_date(now)
    rows = (
        await session.execute(
            select(OutboxMessage, Person.org_id)
            .join(Person, Person.id == OutboxMessage.person_id)
            .where(
                OutboxMessage.key.like("remind:appeal:%"),
                not_taken(now),
                # past its hour; or tried and failed (the messenger is down), its next try a moment on
                or_(OutboxMessage.not_before <= now, OutboxMessage.attempts > 0),
                OutboxMessage.parts_sent == 0,
            )
        )
    ).all()
    off = await days_off_of(session, sorted({org_id for _row, org_id in rows}))
    moved = 0
    for row, org_id in rows:
        if not day_off(today, settings, off[org_id]):
            continue
        # its last day: the drive's end (it expires as that day ends), or the end of an unscheduled one's life
        ends = row.expires_at or now + UNSCHEDULED_LIFE
        last = local_date(ends - timedelta(seconds=1))
        at = due_time(today, last, settings, off[org_id])
        if at > now:
            row.not_before, moved = at, moved + 1
    return moved


def _sooner(now: datetime, drive: Drive) -> datetime:
    """Two days on, or 08:00 on the day before the drive ends if that is sooner; "later" is never the day
    it is asked: pressed on that day before its end or on its last day, the next morning (on its last day,
    after its end: none could come, decision 0645)."""
    morning = max(drive.ends_on - timedelta(days=1), local_date(now) + timedelta(days=1))
    eve = datetime.combine(morning, time(REMIND_HOUR), tzinfo=LOCAL_TZ)
    return min(now + REMIND_AFTER, eve.astimezone(now.tzinfo))


async def remind_later(
    session: AsyncSession, person: Person, appeal: Appeal, *, now: datetime, settings: Settings | None
) -> datetime | None:
    """ "Nhắc tôi sau": one reminder of the appeal, to the person, with "Give now" again; when it comes, or
    None when it was asked for before. A reminder the person asked for comes even with appeals off.
    Refused (AppealError) for an appeal taken back ("cancelled": its text is not brought back) or of a drive
    that no longer takes the person's gifts ("drive": closed, or over), as the press on an old message is;
    and ("too_late") when no reminder could come before its drive ends (pressed on its last day: the next
    morning is after it): an appeal asks nobody after its drive's end, so none is promised (decision 0609);
    the press is remembered, due after the end, so the reminder comes if the drive is extended past it
    (`follow_drive_dates`, decision 0646)."""
    from bot.domain.drives import refusal_to_give  # drives stops our appeals when one closes

    drive = await session.get(Drive, appeal.drive_id) if appeal.drive_id else None
    if drive is not None and refusal_to_give(drive, person, local_date(now)) is not None:
        raise AppealError("drive")  # first: a drive's close also marks its appeals still going out cancelled
    if appeal.status == "cancelled":
        raise AppealError("cancelled")
    off = (await days_off_of(session, [person.org_id]))[person.org_id]
    at = reminder_time(now, drive, settings, off)
    expires_at = _end_of(drive.ends_on) if drive else at + UNSCHEDULED_LIFE
    give = Offer(
        "appeal_give" if drive else "give",
        give_label(drive),
        expires_at,
        args={"drive_id": drive.id} if drive else {},
    )
    author = (await session.get_one(Person, appeal.created_by)).full_name
    default_locale = settings.default_locale if settings else "vi"

    def render(locale: str) -> OutboundMessage:
        text = as_written(locale, default_locale, asks=True, author=author, text=appeal.text)
        return OutboundMessage(text=translate(locale, "A reminder you asked for:") + "\n\n" + text, keep=True)

    key = f"remind:appeal:{appeal.id}:{person.id}"
    # a press its drive's close stopped, the drive reopened since without sending it on: pressed again, it
    # comes at this press's time, the same row under its key, so nothing may send it twice (decision 0653)
    revived = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.key == key,
            OutboxMessage.status == "cancelled",
            OutboxMessage.last_error == CUT_AT_CLOSE,
        )
        .values(status="pending", last_error=None, not_before=at, expires_at=expires_at)
        .execution_options(synchronize_session=False)
    )
    row = await notify(
        session,
        key=key,
        person_id=person.id,
        render=render,
        offers=[give],
        now=now,
        not_before=at,
        expires_at=expires_at,
        default_locale=settings.default_locale if settings else "vi",
    )
    if at >= expires_at:  # written all the same, due after its end: it comes if the drive is extended (0646)
        raise AppealError("too_late")
    return at if row is not None or revived.rowcount else None
