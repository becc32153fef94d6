"""Notices: messages to a person that someone else's act caused, written in the same transaction as that act,
in the reader's own language, and held back until the end of quiet hours (21:00–07:00 local by default).

- **A decision, to the contributor.** When a treasurer confirms or rejects a contribution, its contributor is
  told, with the reason of a rejection. The row's key is the contribution's, so a second press writes nothing.
  Several of one giver's entries decided together reach them in one notice listing each, with the total.
- **A correction, to the contributor.** A reversal tells them why and asks them to record the gift again;
  a corrected figure (the reversal and the right entry at once, docs/decisions/0070) tells them from what to
  what, with the new code, and asks nothing.
- **A decision or correction on a gift whose giver has no account** (a household without a phone, an outside
  donor) goes to whoever recorded it for them (the hamlet officer, the treasurer), naming the giver; the
  treasurer who decided is told which givers hear of it and which do not (`Heard`). A confirmation asks the
  recorder to pass the thanks on to a household or colleague no message reaches, as a giver with an account
  is thanked in theirs (an outside donor's thanks is its letter; docs/decisions/0319).
- **A proposal for an award, to the person proposed**, with a button for their achievement report's draft.
  When it is withdrawn, that notice is withdrawn too if it still waits; if it went out, a short notice that
  the proposal was withdrawn follows.
- **A proposal made or withdrawn after the units' award deadline, to the office** (docs/decisions/0115): the
  organisation's admins hear which nominee of which unit, for which award, was proposed or withdrawn and by
  whom, and that the dossier's papers are to be taken out again; at most one notice an hour each, a later
  change adding its line while it waits.
- **An award's outcome** (docs/decisions/0063). Awarded: the nominee is congratulated (a person or household:
  that person; a unit: its own leaders; the organisation: its organisation-wide leaders), with the decision's
  number and date when recorded, and the leader who proposed it is told too. Not awarded: only the proposer,
  kindly; the nominee is not messaged. One row per proposal, outcome and person, so recording the same
  outcome again (a whole form twice, a corrected decision number) sends nothing new; a correction to the
  other outcome cancels what of the first still waits.
- **A result set aside, to the person it is of** (a unit's: to who recorded it), with the leader's reason.
- **A role granted or taken away, to its holder** (docs/decisions/0078): what they can now do and where
  (a treasurer: "Khoản chờ xác nhận", /xacnhan, with its button), or that the role was taken away.
- **Waiting contributions, to the treasurers.** Each treasurer who may decide a new contribution is told how
  many contributions wait for them, in at most one notice an hour: the notice due at the top of the next hour
  (or at the end of the quiet hours) is one row per treasurer and hour, and each contribution recorded before
  it goes out updates its count in the same transaction. One recorded after it went out makes the next
  hour's row. The count is what waits for that treasurer when the row was last written (contributions decided
  since are not taken off); it names no one and no amount. On a holiday of her organisation (Tết's break) the
  row is due at the end of the quiet hours of the first working day after it (docs/decisions/0613).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import LOCAL_TZ, local_date
from bot.config import Settings
from bot.db.models import (
    AuditLog,
    ChannelIdentity,
    Contribution,
    Drive,
    Evidence,
    Organisation,
    OutboundAction,
    OutboxMessage,
    Person,
    RoleAssignment,
    Unit,
)
from bot.delivery.actions import Offer, Offered, action_ids, notify, offer, with_buttons
from bot.delivery.outbox import ALSO_IN, after_quiet_hours, not_taken, reach
from bot.delivery.transport import OutboundMessage
from bot.domain.access import (
    CASE_KEEPERS,
    DECIDE_ROLES,
    SOLE_TREASURER_CHECKERS,
    Actor,
    actor_for,
    actors_of,
    confirmed_as_organiser,
    decidable_by,
    decide_roles,
    deciders_among,
    helped_by,
    may_be_asked_for_receipt,
    may_compile_awards,
    may_grant_role,
    may_mark_left,
    may_open_decisions,
    no_one_may_decide,
)
from bot.domain.money import foreign_money
from bot.domain.org_settings import DaysOff, day_off, days_off_of, holiday
from bot.domain.plan_glosses import award_choice
from bot.domain.spending import Shortfall
from bot.domain.statement import StatementTotals, unpriced
from bot.i18n import (
    LOCALES,
    Translator,
    drive_named,
    format_date,
    format_number,
    format_vnd,
    translate,
    translate_plural,
)
from bot.text import as_household, fold, nfc, quoted

# How long the buttons of a notice work, counted from when it is due.
DECISION_ACTIONS_LIVE = timedelta(days=30)
WAITING_ACTIONS_LIVE = timedelta(days=7)
# An award's dossier goes up in December: the draft's button works until well after it.
PROPOSAL_ACTIONS_LIVE = timedelta(days=60)
_DEFAULTS = Settings.model_fields
_ROW = select(
    OutboxMessage.id,
    OutboxMessage.payload,
    OutboxMessage.status,
    OutboxMessage.lease_until,
    OutboxMessage.parts_sent,
)


def _takes_news(row: Any, now: datetime) -> bool:
    """A notice row that may still be rewritten: waiting, not being sent, and no part of it gone out (the
    rest would no longer follow what was read: decision 0175)."""
    return (
        row.status == "pending" and not row.parts_sent and (row.lease_until is None or row.lease_until <= now)
    )


async def _locked_row(session: AsyncSession, key: str) -> Any:
    """The notice row written under `key`, locked (a sender claiming rows skips it until this transaction
    ends); None where none is."""
    return (await session.execute(_ROW.where(OutboxMessage.key == key).with_for_update())).first()


async def _rewritten(session: AsyncSession, row: Any, **values: Any) -> None:
    """A notice not gone out, written anew (`payload`) or cancelled (`status`) while it still waits: one a
    sender took in hand meanwhile goes as it was taken."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.status == "pending")
        .values(**values)
    )


async def _retold(
    session: AsyncSession, row: Any, text: Callable[[str], str], settings: Settings | None
) -> None:
    """A notice not gone out saying `text` instead, in the language it was written in (`_rewritten`), and in
    each other one where it was held over the night, for whichever its reader reads when it goes (decisions
    0231, 2160)."""
    message = OutboundMessage.from_payload(row.payload)
    payload = replace(message, text=text(message.locale or _default_locale(settings))).to_payload()
    if ALSO_IN in row.payload:
        payload[ALSO_IN] = {
            other: replace(OutboundMessage.from_payload(copy), text=text(other)).to_payload()
            for other, copy in row.payload[ALSO_IN].items()
        }
    await _rewritten(session, row, payload=payload)


def _said_in(payload: dict[str, Any], default_locale: str) -> dict[str | None, str]:
    """A held notice's text in each language it is kept in, by locale (None: the one it was written in)."""
    written = payload.get("text", "")
    said: dict[str | None, str] = {None: written, payload.get("locale") or default_locale: written}
    said.update({other: copy.get("text", "") for other, copy in payload.get(ALSO_IN, {}).items()})
    return said


def _bullets(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith(_BULLET)]


def quiet_until(at: datetime, settings: Settings | None) -> datetime:
    """`at`, or the end of the quiet hours if it falls inside them (None: the default hours)."""
    start = settings.quiet_hours_start if settings else _DEFAULTS["quiet_hours_start"].default
    end = settings.quiet_hours_end if settings else _DEFAULTS["quiet_hours_end"].default
    return after_quiet_hours(at, start=start, end=end)


def held_till(now: datetime, settings: Settings | None) -> datetime | None:
    """When a notice written at `now` goes if the quiet hours hold it, None by day (it goes at once): what an
    answer saying who is told reads once, to say when at night (decision 2830)."""
    due = quiet_until(now, settings)
    return due if due > now else None


def _default_locale(settings: Settings | None) -> str:
    return settings.default_locale if settings else "vi"


async def _notice(
    session: AsyncSession,
    *,
    key: str,
    person_id: int,
    render: Callable[[str], OutboundMessage],
    offers: Sequence[Offer] = (),
    now: datetime,
    settings: Settings | None,
) -> int | None:
    """`notify` as every notice here goes: after the quiet hours, in the person's language or else the
    settings' default."""
    return await notify(
        session,
        key=key,
        person_id=person_id,
        render=render,
        offers=offers,
        now=now,
        not_before=quiet_until(now, settings),
        default_locale=_default_locale(settings),
    )


def _own_entry_offers(now: datetime, settings: Settings | None, *, again: bool = False) -> list[Offer]:
    """The buttons of a notice about the reader's own entry or result, live DECISION_ACTIONS_LIVE after it can
    go out: "See my progress", and first, with `again`, "Record it again" (as often as pressed, like an
    appeal's "Give now": it only opens the gift's questions, so a second press saves nothing twice, and
    someone who left the questions half-way can come back to them; decision 0015's note)."""
    lives = quiet_until(now, settings) + DECISION_ACTIONS_LIVE
    offers = [Offer("progress", lambda locale: translate(locale, "See my progress"), lives)]
    if again:
        offers.insert(0, Offer("give", lambda locale: translate(locale, "Record it again"), lives))
    return offers


def records_again(entries: Sequence[Contribution]) -> bool:
    """Whether a notice of `entries` refused offers "Record it again": money or goods refused as not arrived
    may be given again; a labour day refused was not worked, and recording it again is no help (decision
    0475). Entries decided together share one decision."""
    return entries[0].status == "rejected" and any(entry.kind != "labour" for entry in entries)


# Who heard of a decision on an entry, or of its correction: its giver; whoever recorded it for a giver with
# no account (a household without a phone, an outside donor); both, where the giver has an account and someone
# else recorded it (the officer who took the cash answers for it until the treasurer has it); or nobody.
Heard = str
GIVER: Heard = "giver"
RECORDER: Heard = "recorder"
BOTH: Heard = "both"
NOBODY: Heard = "nobody"


async def _about_entry(
    session: AsyncSession,
    entry: Contribution,
    *,
    key: str,
    to_giver: Callable[[str], OutboundMessage],
    to_recorder: Callable[[str, str], OutboundMessage],
    offers: Sequence[Offer],
    now: datetime,
    settings: Settings | None,
    recorder_told: bool = True,
    giver_told: bool = True,
    heard: Heard | None = None,
) -> Heard:
    """A notice about `entry` to its giver where they have an account on a messenger, and to whoever else
    recorded it for them where they have one (`to_recorder(locale, giver's name)`, without the giver's own
    buttons); to the giver still, kept undelivered in the outbox, when neither has one (`who_hears`). Not to
    the recorder when `recorder_told` is False, nor to the giver when `giver_told` is: the caller tells them
    of several entries at once. One row per `key` and reader."""
    heard = heard or await who_hears(session, entry)  # `heard`: asked already by the caller
    if heard in (RECORDER, BOTH) and recorder_told:
        assert entry.recorded_by is not None
        name = await _giver_name(session, entry.person_id)
        await _notice(
            session,
            key=key if heard == RECORDER else f"{key}:recorder",
            person_id=entry.recorded_by,
            render=lambda locale: to_recorder(locale, name),
            now=now,
            settings=settings,
        )
    if heard != RECORDER and giver_told:
        await _notice(
            session,
            key=key,
            person_id=entry.person_id,
            render=to_giver,
            offers=offers,
            now=now,
            settings=settings,
        )
    return heard


async def _giver_name(session: AsyncSession, person_id: int) -> str:
    """The giver as a recorder's notice names them: a household as a household (“Hộ …”)."""
    return _named_giver(await session.get_one(Person, person_id))


def _named_giver(giver: Person) -> str:
    return as_household(giver.full_name) if giver.kind == "household" else giver.full_name


@dataclass(frozen=True)
class Organiser:
    """The officer who confirmed (or refused) labour days as the day's organiser (`_organisers`): her name,
    and whether her organisation is a commune, which names her role (`days_officer`)."""

    name: str
    commune: bool

    def role(self, locale: str) -> str:
        """Her role as every screen names it: “cán bộ công đoàn/vận động”, in a commune “cán bộ Mặt trận”
        (decisions 1806, 1942)."""
        return days_officer(Translator(locale), commune=self.commune)


async def _organisers(session: AsyncSession, entries: Sequence[Contribution]) -> dict[int, Organiser | None]:
    """The officer who confirmed (or refused) labour days a member, or his officer, logged, as the day's
    organiser, not as a treasurer (`confirmed_as_organiser`), by entry id; None for any other decision. She
    is named to them by her role, the one name their waiting entry gave her (decisions 1877, 1942): she
    covers the giver's unit, and may not be who organised the day he joined (docs/decisions/0550). Her
    organisation's kind is read once for all of `entries`, and only where one of them names her."""
    names = {entry.id: await _organiser_name(session, entry) for entry in entries}
    communes = {
        org_id: await is_commune(session, org_id)
        for org_id in sorted({entry.org_id for entry in entries if names[entry.id] is not None})
    }
    organisers: dict[int, Organiser | None] = {}
    for entry in entries:
        name = names[entry.id]
        organisers[entry.id] = None if name is None else Organiser(name, communes[entry.org_id])
    return organisers


async def _organiser_name(session: AsyncSession, contribution: Contribution) -> str | None:
    """The name of `_organisers`, without her organisation's kind: None where she decided it otherwise."""
    if contribution.kind != "labour" or contribution.decided_by in (None, contribution.recorded_by):
        return None
    decider = await session.get_one(Person, contribution.decided_by)
    if not confirmed_as_organiser(await actor_for(session, decider), contribution):
        return None
    return decider.full_name


async def who_hears(session: AsyncSession, entry: Contribution) -> Heard:
    """Who hears of a decision on `entry` or of its correction: its giver, where they have an account on a
    messenger, and whoever else recorded it for them, where they have one (BOTH, RECORDER); else nobody."""
    giver = await reach(session, entry.person_id) is not None
    recorder = entry.recorded_by
    other = (
        recorder is not None and recorder != entry.person_id and await reach(session, recorder) is not None
    )
    if giver:
        return BOTH if other else GIVER
    return RECORDER if other else NOBODY


def _note_said(locale: str, note: str | None) -> str:
    """The treasurer's note of why what arrived differs from what was recorded, on a line of its own where
    she typed one with the figure (decision 2408)."""
    return "\n" + translate(locale, "The treasurer's note: {note}").format(note=note) if note else ""


async def contribution_decided(
    session: AsyncSession,
    contribution: Contribution,
    *,
    now: datetime,
    settings: Settings | None,
    recorder_told: bool = True,
    giver_told: bool = True,
    heard: Heard | None = None,
    organisers: Mapping[int, Organiser | None] | None = None,
) -> Heard:
    """Tell the contributor that `contribution` was confirmed or rejected (or who recorded it for them:
    `_about_entry`); who heard of it. `organisers`: `_organisers` of the entries decided with it, read
    already."""
    offers = _own_entry_offers(now, settings, again=records_again([contribution]))
    ref, reason, confirmed = contribution.ref, contribution.reason, contribution.status == "confirmed"
    heard = heard or await who_hears(session, contribution)
    thanks_passed_on = confirmed and heard == RECORDER and await _thanked_in_person(session, contribution)

    recorded = contribution.recorded_figure if confirmed else None  # another figure arrived (0208)
    if organisers is None:  # labour days vouched for, not received (0434, 0442)
        organisers = await _organisers(session, [contribution])
    organiser = organisers[contribution.id]

    def to_giver(locale: str) -> OutboundMessage:
        if recorded is not None and organiser is not None:
            text = translate(
                locale,
                "Your labour days {ref} were confirmed by {name}, {officer}: {received} (you"
                " recorded {recorded}). This is what counts. Thank you!",
            )
            text = text.format(
                ref=ref,
                name=organiser.name,
                officer=organiser.role(locale),
                **_figures(locale, contribution, recorded),
            )
            return OutboundMessage(text=text, keep=True)
        if recorded is not None:
            text = translate(
                locale,
                "The treasurer confirmed your contribution {ref}: {received} arrived (you recorded"
                " {recorded}). This is what counts. Thank you!",
            )
            text = text.format(ref=ref, **_figures(locale, contribution, recorded))
            return OutboundMessage(
                text=text + counted_later(locale, contribution) + _note_said(locale, reason), keep=True
            )
        if organiser is not None and confirmed:
            text = translate(locale, "Your labour days {ref} were confirmed by {name}, {officer}. Thank you!")
            said = text.format(ref=ref, name=organiser.name, officer=organiser.role(locale))
            return OutboundMessage(text=said, keep=True)
        if organiser is not None:
            text = translate(
                locale,
                "{name}, {officer}, did not confirm your labour days {ref}. Reason: {reason}",
            )
            said = text.format(
                ref=ref, name=organiser.name, officer=organiser.role(locale), reason=reason or "—"
            )
            return OutboundMessage(text=said, keep=True)
        if confirmed:
            text = translate(locale, "Your contribution {ref} was confirmed by the treasurer. Thank you!")
            text += counted_later(locale, contribution)
        elif reason:
            text = translate(locale, "Your contribution {ref} was not accepted. Reason: {reason}")
        else:
            text = translate(locale, "Your contribution {ref} was not accepted.")
        return OutboundMessage(text=text.format(ref=ref, reason=reason), keep=True)

    def to_recorder(locale: str, giver: str) -> OutboundMessage:
        # The recorder holds (or held) what was given: the figure, and what to do with it if not received.
        if organiser is not None:  # the days of a household she logged, vouched for by its officer (0442)
            return _organiser_to_recorder(locale, contribution, giver, organiser, recorded, thanks_passed_on)
        later = counted_later_mark(locale, contribution.ref, contribution.year)  # confirmed after its report
        figure = entry_words(locale, contribution) + later
        if recorded is not None:
            text = translate(
                locale,
                "The contribution {ref} you recorded for {giver} was confirmed by the treasurer: {received}"
                " arrived (you recorded {recorded}).",
            )
            text = text.format(ref=ref, giver=giver, **_figures(locale, contribution, recorded))
            said = text + _pass_thanks_on(locale, giver, thanks_passed_on) + _note_said(locale, reason)
            return OutboundMessage(text=said, keep=True)
        if confirmed:
            text = translate(
                locale,
                "The contribution {ref} ({figure}) you recorded for {giver} was confirmed by the treasurer.",
            )
            text += _pass_thanks_on(locale, giver, thanks_passed_on)
        else:
            text = translate(
                locale,
                "The treasurer did not receive the contribution {ref} ({figure}) you recorded for {giver}. "
                "Reason: {reason}\nIf you still hold it, hand it to the treasurer and record it again.",
            )
        text = text.format(ref=ref, figure=figure, giver=giver, reason=reason or "—")
        return OutboundMessage(text=text, keep=True)

    return await _about_entry(
        session,
        contribution,
        key=f"notice:decided:{contribution.id}",
        to_giver=to_giver,
        to_recorder=to_recorder,
        offers=offers,
        now=now,
        settings=settings,
        recorder_told=recorder_told,
        giver_told=giver_told,
        heard=heard,
    )


def recorded_for(ref: str, year: int) -> int | None:
    """The year of the code `ref` where its entry counts for a later `year`: confirmed once its own was
    closed and reported, it counts for the year it was confirmed in (decision 1218). None otherwise."""
    from bot.domain.contributions import ref_year  # here: contributions tells through this module

    try:
        own = ref_year(ref)
    except ValueError:  # a code not of the shape PREFIX-YEAR-NUMBER (one written by hand, say) names no year
        return None
    return own if year > own else None


def counted_later(locale: str, entry: Contribution) -> str:
    """The line under a confirmed gift's notice that it counts for a later year than its code's, where the
    giver would read her year of it without it (`recorded_for`); "" otherwise."""
    if (was := recorded_for(entry.ref, entry.year)) is None:
        return ""
    return "\n" + translate(
        locale,
        "It was recorded for {was}, but the figures of {was} were closed and reported at the end of March: "
        "it counts for your {year}.",
    ).format(was=was, year=entry.year)


def counted_later_mark(locale: str, ref: str, year: int) -> str:
    """“ · tính vào năm 2027 (năm 2026 đã báo cáo)” after an entry `ref` counted for `year` that is listed
    with its code and day (a notice of several, the statement, a member's latest gifts), where it counts for
    a later year than its code's (`recorded_for`): CT-2026-000001 of 30/12/2026 on 2027's; "" otherwise."""
    if (was := recorded_for(ref, year)) is None:
        return ""
    return " · " + translate(locale, "counts for {year} ({was} reported)").format(was=was, year=year)


async def _thanked_in_person(session: AsyncSession, entry: Contribution) -> bool:
    """Whether the giver of `entry`, whom no message reaches, is thanked through whoever recorded it: a
    household or a colleague without a phone; not an outside donor, whose thanks is its letter (0086)."""
    giver = await session.get_one(Person, entry.person_id)
    return giver.kind != "donor"


def _pass_thanks_on(locale: str, giver: str, asked: bool) -> str:
    """The line asking a recorder to thank, for us, a giver no message reaches (when `asked`), or nothing."""
    if not asked:
        return ""
    return "\n" + translate(
        locale, "{giver} gets no messages from Chung Tay: please pass our thanks on to them."
    ).format(giver=giver)


async def contributions_decided(
    session: AsyncSession, entries: Sequence[Contribution], *, now: datetime, settings: Settings | None
) -> dict[str, Heard]:
    """`contribution_decided` for entries a treasurer decided together (a page of the queue, a collector's
    handover, a bank statement's matches) with one reason: whoever recorded two or more of them for others
    hears of them in one notice listing each (the hamlet officer whose 25 households' cash was confirmed reads
    one message, not 25), and so does a giver with an account two or more of whose own entries were decided
    (on Zalo each message counts against the official account's quota); one entry alone is told as
    `contribution_decided` tells it. Who heard of each, by reference code."""
    heard = {entry.id: await who_hears(session, entry) for entry in entries}  # asked once an entry
    organisers = await _organisers(session, entries)
    by_recorder: dict[int, list[Contribution]] = {}
    by_giver: dict[int, list[Contribution]] = {}
    for entry in entries:
        if heard[entry.id] in (RECORDER, BOTH) and entry.recorded_by is not None:
            by_recorder.setdefault(entry.recorded_by, []).append(entry)
        if heard[entry.id] in (GIVER, BOTH):
            by_giver.setdefault(entry.person_id, []).append(entry)
    recorders_told: set[int] = set()
    for recorder, theirs in by_recorder.items():
        if len(theirs) < 2:
            continue
        givers = {entry.person_id: await _giver_name(session, entry.person_id) for entry in theirs}
        ordered = sorted(theirs, key=lambda entry: entry.id)
        unreached = [
            entry
            for entry in ordered
            if entry.status == "confirmed"
            and heard[entry.id] == RECORDER
            and await _thanked_in_person(session, entry)
        ]
        await _notice(
            session,
            key=f"notice:decided:{ordered[0].id}+{len(ordered) - 1}",
            person_id=recorder,
            render=partial(
                _decided_together,
                ordered,
                givers,
                [entry.person_id for entry in unreached],
                _organiser_of_all(ordered, organisers),
            ),
            now=now,
            settings=settings,
        )
        recorders_told.update(entry.id for entry in ordered)
    givers_told: set[int] = set()
    for giver, own in by_giver.items():
        if len(own) < 2:
            continue
        ordered = sorted(own, key=lambda entry: entry.id)
        await _notice(
            session,
            key=f"notice:decided:{ordered[0].id}+{len(ordered) - 1}:giver",
            person_id=giver,
            render=partial(_own_decided_together, ordered, _organiser_of_all(ordered, organisers)),
            offers=_own_entry_offers(now, settings, again=records_again(ordered)),
            now=now,
            settings=settings,
        )
        givers_told.update(entry.id for entry in ordered)
    return {
        entry.ref: await contribution_decided(
            session,
            entry,
            now=now,
            settings=settings,
            recorder_told=entry.id not in recorders_told,
            giver_told=entry.id not in givers_told,
            heard=heard[entry.id],
            organisers=organisers,
        )
        for entry in entries
    }


def _organiser_of_all(
    entries: Sequence[Contribution], organisers: Mapping[int, Organiser | None]
) -> Organiser | None:
    """The officer who decided all of `entries` together as the day's organiser (`_organisers`), named once;
    None when one of them was decided otherwise: money beside them, or decided by one who is a treasurer of
    its unit and an officer of another's (decision 0457)."""
    found = {organisers[entry.id] for entry in entries}
    return found.pop() if len(found) == 1 else None


def _organiser_to_recorder(
    locale: str, entry: Contribution, giver: str, organiser: Organiser, recorded: int | None, thank: bool
) -> OutboundMessage:
    """Whoever logged labour days for `giver` (a household with no account, say), told that `organiser`, the
    officer covering its unit (0550), confirmed them (at another figure: `recorded`) or did not: by her name,
    never as a treasurer's receipt, and nothing to hand over (docs/decisions/0442)."""
    ref, figure = entry.ref, entry_words(locale, entry)
    name, officer = organiser.name, organiser.role(locale)
    if entry.status != "confirmed":
        text = translate(
            locale,
            "{name}, {officer}, did not confirm the labour days {ref} ({figure}) you recorded for {giver}."
            " Reason: {reason}",
        ).format(name=name, officer=officer, ref=ref, figure=figure, giver=giver, reason=entry.reason or "—")
        return OutboundMessage(text=text, keep=True)
    if recorded is not None:
        text = translate(
            locale,
            "The labour days {ref} you recorded for {giver} were confirmed by {name}, {officer}: {received}"
            " (you recorded {recorded}).",
        ).format(ref=ref, giver=giver, name=name, officer=officer, **_figures(locale, entry, recorded))
    else:
        text = translate(
            locale,
            "The labour days {ref} ({figure}) you recorded for {giver} were confirmed by {name}, {officer}.",
        ).format(ref=ref, figure=figure, giver=giver, name=name, officer=officer)
    return OutboundMessage(text=text + _pass_thanks_on(locale, giver, thank), keep=True)


def _count_of(entries: list[Contribution], locale: str) -> str:
    """“3 khoản (750.000 ₫)”: how many entries, with their total when all are money (days and đồng do not add
    up, nor does the estimated value of goods with money given)."""
    n = format_number(len(entries), locale)
    if all(entry.kind == "money" for entry in entries):
        total = format_vnd(sum(entry.amount_vnd for entry in entries), locale)
        return translate(locale, "{n} contributions ({total})").format(n=n, total=total)
    return translate(locale, "{n} contributions").format(n=n)


def _decided_together(
    entries: list[Contribution],
    givers: dict[int, str],
    unreached: list[int],
    organiser: Organiser | None,
    locale: str,
) -> OutboundMessage:
    """The recorder's one notice of several entries decided together: how many, their total, each entry;
    `unreached`: the givers no message reaches of those confirmed, whom the recorder is asked to thank (named
    when others above read their own: “those above” did not say which, decision 0330). `organiser`: labour
    days the officer covering the unit decided (0550), said by her name and role, nothing to hand over
    (decisions 0442, 1942)."""
    confirmed = entries[0].status == "confirmed"
    count = _count_of(entries, locale)
    if organiser is not None and confirmed:
        head = translate(locale, "{name}, {officer}, confirmed {count} you recorded for others:")
        head = head.format(name=organiser.name, officer=organiser.role(locale), count=count)
    elif organiser is not None:
        head = translate(
            locale,
            "{name}, {officer}, did not confirm {count} you recorded for others. Reason: {reason}",
        ).format(
            name=organiser.name, officer=organiser.role(locale), count=count, reason=entries[0].reason or "—"
        )
    elif confirmed:
        head = translate(locale, "The treasurer confirmed {count} you recorded for others:").format(
            count=count
        )
    else:
        head = translate(
            locale, "The treasurer did not receive {count} you recorded for others. Reason: {reason}"
        ).format(count=count, reason=entries[0].reason or "—")
    lines = [
        f"• {entry.ref} · {givers.get(entry.person_id, '')} · {entry_words(locale, entry)}"
        f"{counted_later_mark(locale, entry.ref, entry.year)}"
        for entry in entries
    ]
    text = "\n".join([head, *lines])
    if not confirmed and organiser is None:
        text += "\n" + translate(
            locale, "If you still hold them, hand them to the treasurer and record them again."
        )
    elif len(unreached) == len(entries):
        text += "\n" + translate(
            locale, "Please pass our thanks on to those above who get no messages from Chung Tay."
        )
    elif unreached:
        names = list(dict.fromkeys(givers.get(giver, "") for giver in unreached))
        if len(names) == 1:
            text += _pass_thanks_on(locale, names[0], True)
        else:
            text += "\n" + translate(
                locale, "{givers} get no messages from Chung Tay: please pass our thanks on to them."
            ).format(givers=", ".join(names))
    return OutboundMessage(text=text, keep=True)


def _own_decided_together(
    entries: list[Contribution], organiser: Organiser | None, locale: str
) -> OutboundMessage:
    """A giver's one notice of several of their own entries decided together: how many, their total, each
    entry (code and figure), as the recorder's lists them; confirmed by `organiser`, the officer covering
    the unit (decision 0550), said by her name and role (decisions 0442, 1942)."""
    count = _count_of(entries, locale)
    if entries[0].status == "confirmed" and organiser is not None:
        head = translate(locale, "{name}, {officer}, confirmed {count} of yours. Thank you!")
    elif entries[0].status == "confirmed":
        head = translate(locale, "The treasurer confirmed {count} of yours. Thank you!")
    elif organiser is not None:  # not worked, as she said: by her name, as one such entry is (0442, 0457)
        head = translate(locale, "{name}, {officer}, did not confirm {count} of yours. Reason: {reason}")
    elif entries[0].reason:
        head = translate(locale, "{count} of yours were not accepted. Reason: {reason}")
    else:
        head = translate(locale, "{count} of yours were not accepted.")
    lines = [
        f"• {entry.ref} · {entry_words(locale, entry)}{counted_later_mark(locale, entry.ref, entry.year)}"
        for entry in entries
    ]
    name, officer = (organiser.name, organiser.role(locale)) if organiser is not None else ("", "")
    said = head.format(count=count, reason=entries[0].reason, name=name, officer=officer)
    text = "\n".join([said, *lines])
    return OutboundMessage(text=text, keep=True)


async def contribution_reversed(
    session: AsyncSession,
    original: Contribution,
    reversal: Contribution,
    *,
    now: datetime,
    settings: Settings | None,
) -> Heard:
    """Tell the contributor that their confirmed `original` was corrected by `reversal`, with the reason, and
    that a gift they did make (a wrong amount, say) is recorded again: the correction only cancels, and the
    person is the one to record the right entry (a treasurer never writes one for them). Who heard of it
    (`_about_entry`)."""
    offers = _own_entry_offers(now, settings, again=True)
    ref, new_ref, reason = original.ref, reversal.ref, reversal.reason

    def to_giver(locale: str) -> OutboundMessage:
        text = translate(
            locale,
            "Your confirmed contribution {ref} was cancelled by the correction {new_ref}. Reason: {reason}",
        ).format(ref=ref, new_ref=new_ref, reason=reason)
        again = translate(
            locale, "If you did give (another amount, say), please record it again: “Record it again” below."
        )
        return OutboundMessage(text=f"{text}\n{again}", keep=True)

    def to_recorder(locale: str, giver: str) -> OutboundMessage:
        text = translate(
            locale,
            "The confirmed contribution {ref} you recorded for {giver} was cancelled by the correction "
            "{new_ref}. Reason: {reason}",
        )
        return OutboundMessage(
            text=text.format(ref=ref, giver=giver, new_ref=new_ref, reason=reason), keep=True
        )

    return await _about_entry(
        session,
        original,
        key=f"notice:reversed:{original.id}",
        to_giver=to_giver,
        to_recorder=to_recorder,
        offers=offers,
        now=now,
        settings=settings,
    )


def receipt_ask_day(at: datetime, settings: Settings | None) -> date:
    """The day a receipt asked for at `at` reaches its recorder: after the quiet hours, so that asked at 23:59
    and again at 00:01 is one day's ask, one message at 7:00 (docs/decisions/0574)."""
    return local_date(quiet_until(at, settings))


async def receipts_asked(
    session: AsyncSession,
    contributions: Sequence[Contribution],
    *,
    now: datetime,
    settings: Settings | None,
) -> int | None:
    """Ask whoever recorded `contributions` (one recorder's: its giver, or the hamlet officer who recorded
    them for households with no phone: `access.may_add_receipt`) for their receipts' photos, naming each gift
    by its day, figure, drive and code, each with a button that takes the photo to it (handlers/receipt.py).
    Nothing of another recorder's is said. One message for all of them: the officer whose forty households
    are asked for at once reads one message, not forty; gifts asked later the same day, while it still waits
    to go out (the night's quiet hours), join it (docs/decisions/0607). None when the recorder is on no
    messenger (0538); whether a gift was asked today is the caller's to know (its audit row)."""
    ordered = sorted(contributions, key=lambda entry: entry.id)
    recorder = ordered[0].recorded_by or ordered[0].person_id
    if await reach(session, recorder) is None:
        return None
    key = f"{_ASK_KEY}{recorder}:{receipt_ask_day(now, settings).isoformat()}"
    # Two treasurers asking one recorder at once take turns on the recorder's row (PostgreSQL), so the second
    # reads the message the first wrote and joins it, where it wrote none, told it was asked today (0617).
    await session.execute(select(Person.id).where(Person.id == recorder).with_for_update())
    row = await _locked_row(session, key)
    # Asked earlier today and not gone out: one message (0607). Never one a sender took in hand, though its
    # lease ran out while it waited its turn: it goes as it was taken, and a gift written into it is never
    # seen (0617).
    joins = row is not None and row.lease_until is None and _takes_news(row, now)
    if row is not None and not joins:  # today's message has gone out, or is going: this ask is its own
        key = f"{key}:{ordered[0].id}"
    earlier = await _still_asked(session, row.payload if joins else {}, recorder)
    entries = [*[entry for _action, entry in earlier], *ordered]
    render, offers = await _ask_message(
        session, recorder, entries, quiet_until(now, settings) + DECISION_ACTIONS_LIVE
    )
    if not joins:
        return await _notice(
            session, key=key, person_id=recorder, render=render, offers=offers, now=now, settings=settings
        )
    assert row is not None
    offered = [Offered(action.id, action.number) for action, _entry in earlier]
    offered += await offer(session, recorder, offers[len(earlier) :], now=now)
    await _ask_rewritten(session, row, render, offered, offers, settings)
    return int(row.id)


_ASK_KEY = "notice:receipt:to:"  # and the recorder, the day it goes out on (and the first gift's id)


async def receipt_no_longer_asked(
    session: AsyncSession, contribution: Contribution, *, now: datetime, settings: Settings | None
) -> None:
    """`contribution` confirmed, rejected or taken back, or its photo come, while its recorder's ask for its
    receipt waits to go out (the night's quiet hours): the ask no longer names it, and is cancelled when it
    names nothing else — not, at 7:00, a thank-you and a photo asked for of the same gift (0617)."""
    recorder = contribution.recorded_by or contribution.person_id
    await receipts_asked_again_of(session, recorder, settings=settings)


async def receipts_asked_again_of(session: AsyncSession, recorder: int, *, settings: Settings | None) -> None:
    """The receipts' asks to `recorder` waiting to go out, written anew with only the gifts still to ask of
    them (`_still_asked`), each cancelled when it names none: after a gift was decided or photographed
    (`receipt_no_longer_asked`), or when they left the organisation that night and the households' gifts they
    recorded are no longer theirs to be told of (`leaving.mark_left`, docs/decisions/0660)."""
    waiting = _ROW.where(
        OutboxMessage.person_id == recorder,  # the recorder's rows, by their index
        OutboxMessage.key.like(f"{_ASK_KEY}{recorder}:%"),
        OutboxMessage.status == "pending",
        OutboxMessage.lease_until.is_(None),
        OutboxMessage.parts_sent == 0,
    )
    if (await session.execute(waiting.limit(1))).first() is None:
        return
    # The recorder's row first, as an ask takes it (`receipts_asked`): an ask and a page confirmed at once
    # wait for each other rather than each hold what the other wants (PostgreSQL).
    await session.execute(select(Person.id).where(Person.id == recorder).with_for_update())
    for row in (await session.execute(waiting.with_for_update())).all():
        named = action_ids(row.payload.get("actions", []))
        still = await _still_asked(session, row.payload, recorder)
        if len(still) == len(named):
            continue
        if not still:
            await _rewritten(session, row, status="cancelled")
            continue
        render, offers = await _ask_message(session, recorder, [entry for _a, entry in still], None)
        offered = [Offered(action.id, action.number) for action, _entry in still]
        await _ask_rewritten(session, row, render, offered, offers, settings)


async def _ask_message(
    session: AsyncSession, recorder: int, entries: Sequence[Contribution], lives: datetime | None
) -> tuple[Callable[[str], OutboundMessage], list[Offer]]:
    """The ask for `entries`' receipts to `recorder`, in any language, and its buttons, one a gift, working
    until `lives` (those written already keep their own)."""
    others = {entry.person_id for entry in entries} - {recorder}  # read at once: forty households, one query
    givers = {
        person.id: _named_giver(person)
        for person in await session.scalars(select(Person).where(Person.id.in_(sorted(others))))
    }
    titles = {
        drive_id: title
        for drive_id, title in await session.execute(
            select(Drive.id, Drive.title).where(Drive.id.in_({e.drive_id for e in entries if e.drive_id}))
        )
    }
    one = len(entries) == 1

    def label(ref: str) -> Callable[[str], str]:
        if one:
            return lambda locale: translate(locale, "Send the receipt's photo")
        return lambda locale: translate(locale, "Send the receipt's photo {ref}").format(ref=ref)

    offers = [Offer("receipt", label(entry.ref), lives, {"contribution_id": entry.id}) for entry in entries]

    def gift(locale: str, entry: Contribution) -> str:
        title = titles.get(entry.drive_id) if entry.drive_id else None
        return translate(locale, "{ref}: {what}, to {where}, recorded on {date}").format(
            ref=entry.ref,
            what=entry_words(locale, entry),
            where=gift_goes_to(locale, title),
            date=format_date(entry.created_at, locale),
        )

    def render(locale: str) -> OutboundMessage:
        button = translate(locale, "Send the receipt's photo")
        if one:
            [entry] = entries
            if entry.person_id == recorder:
                text = translate(
                    locale,
                    "The treasurer asks you kindly for a photo of the receipt or of the transfer for your "
                    "contribution {gift}. It waits for the treasurer to confirm it. Please choose “{button}” "
                    "below, then send the photo here.",
                )
            else:
                text = translate(
                    locale,
                    "The treasurer asks you kindly for a photo of the receipt for the contribution you "
                    "recorded for {giver}, {gift}. It waits for the treasurer to confirm it. Please choose "
                    "“{button}” below, then send the photo here.",
                )
            return OutboundMessage(
                text=text.format(gift=gift(locale, entry), giver=givers.get(entry.person_id), button=button),
                keep=True,
            )
        count = _count_of(entries, locale)
        if all(entry.person_id != recorder for entry in entries):
            head = translate(
                locale,
                "The treasurer asks you kindly for photos of the receipts of {count} you recorded for "
                "others, waiting to be confirmed:",
            )
        else:
            head = translate(
                locale,
                "The treasurer asks you kindly for photos of the receipts or transfers of your {count} "
                "waiting to be confirmed:",
            )
        lines = [
            f"• {givers[entry.person_id]} · {gift(locale, entry)}"
            if entry.person_id in givers
            else f"• {gift(locale, entry)}"
            for entry in entries
        ]
        tail = translate(
            locale,
            "For each of them, please choose “{button}” with its code below, then send its photo here.",
        )
        text = "\n".join([head.format(count=count), *lines, tail.format(button=button)])
        return OutboundMessage(text=text, keep=True)

    return render, offers


async def _ask_rewritten(
    session: AsyncSession,
    row: Any,
    render: Callable[[str], OutboundMessage],
    offered: Sequence[Offered],
    offers: Sequence[Offer],
    settings: Settings | None,
) -> None:
    """An ask waiting to go out written anew, with the buttons `offered`, in its language, and in each other
    one where it was held over the night, for whichever its reader reads at 7:00 (decision 0231)."""
    locale = row.payload.get("locale") or _default_locale(settings)
    payload = with_buttons(render(locale), offered, offers, locale).to_payload()
    if ALSO_IN in row.payload:
        payload[ALSO_IN] = {
            other: with_buttons(render(other), offered, offers, other).to_payload()
            for other in row.payload[ALSO_IN]
        }
    await _rewritten(session, row, payload=payload)


async def _still_asked(
    session: AsyncSession, payload: dict[str, Any], recorder: int
) -> list[tuple[OutboundAction, Contribution]]:
    """The buttons of a receipt's ask to `recorder` still waiting to go out (`payload`), each with its gift,
    of the gifts that still want a photo: one confirmed, rejected or withdrawn meanwhile, or whose photo came
    by another way, is no longer named when the message is written anew (docs/decisions/0617); nor, once the
    recorder left, one they recorded for someone else (`access.may_be_asked_for_receipt`, 0647, 0660)."""
    person = await session.get(Person, recorder)
    gone = person is not None and person.left_on is not None
    actions = list(
        await session.scalars(
            select(OutboundAction)
            .where(OutboundAction.id.in_(action_ids(payload.get("actions", []))))
            .order_by(OutboundAction.number)
        )
    )
    gifts = {
        action.id: await session.get_one(Contribution, action.args["contribution_id"]) for action in actions
    }
    photographed = set(
        await session.scalars(
            select(Evidence.contribution_id).where(
                Evidence.contribution_id.in_([gift.id for gift in gifts.values()])
            )
        )
    )
    return [
        (action, gifts[action.id])
        for action in actions
        if gifts[action.id].status == "recorded"
        and gifts[action.id].id not in photographed
        and may_be_asked_for_receipt(gone, gifts[action.id])
    ]


def contribution_words(locale: str, kind: str, amount: int, days: int, description: str | None) -> str:
    """A contribution in a few words: "1.200.000 ₫", "2 ngày công", "5 áo ấm, trị giá khoảng 300.000 ₫" (its
    correction: "5 áo ấm, hủy trị giá khoảng 300.000 ₫"), foreign money at the đồng the treasurer wrote:
    "100 USD, thực nhận 2.540.000 ₫"."""
    if kind == "money":
        return format_vnd(amount, locale)
    if kind == "labour":
        return figure_text(locale, kind, days)
    if not amount:
        return description or ""
    if amount < 0:  # a correction's entry cancels the goods' value: never "estimated -1.500.000 ₫"
        cancelled = format_vnd(-amount, locale)
        value = translate(locale, ", cancelling the estimated {value}").format(value=cancelled)
        return f"{description or ''}{value}"
    if foreign_money(description or ""):  # “100 USD” at the đồng the bank credited: no guess (decision 0779)
        value = translate(locale, ", received as {value}").format(value=format_vnd(amount, locale))
    else:
        value = translate(locale, ", estimated {value}").format(value=format_vnd(amount, locale))
    return f"{description or ''}{value}"


def entry_words(locale: str, entry: Contribution) -> str:
    """`contribution_words` of a recorded entry: what a notice lists it as (goods by what they are, never as a
    sum of money)."""
    return contribution_words(locale, entry.kind, entry.amount_vnd, entry.labour_days, entry.description)


def gift_goes_to(locale: str, title: str | None) -> str:
    """Where a gift goes, named in a sentence: the drive of `title` (“đợt vận động “Tết 2027””), or the Fund
    outside the drives (“Quỹ “Vì người nghèo””) where it has none."""
    return drive_named(locale, title) if title else translate(locale, "the Fund for the Poor")


def figure_of(contribution: Contribution) -> int:
    """The figure a correction changes: days for labour, đồng for money and for the value of goods."""
    return contribution.labour_days if contribution.kind == "labour" else contribution.amount_vnd


def _figures(locale: str, contribution: Contribution, recorded: int) -> dict[str, str]:
    """What arrived of `contribution` and what was `recorded`, in the reader's words (“Nhận số khác”)."""
    return {
        "received": figure_text(locale, contribution.kind, figure_of(contribution)),
        "recorded": figure_text(locale, contribution.kind, recorded),
    }


def figure_text(locale: str, kind: str, figure: int) -> str:
    """The figure a correction changes (`figure_of`), in the reader's words: "50.000 ₫" (money,
    goods' value), "2 ngày công" (labour)."""
    if kind == "labour":
        return translate_plural(locale, "{n} labour day", "{n} labour days", figure).format(
            n=format_number(figure, locale)
        )
    if unpriced(kind, figure):  # “100 USD”, “1 chỉ vàng” recorded: never “0 ₫” (decision 0701)
        return translate(locale, "value not known")
    return format_vnd(figure, locale)


def shortfall_source(t: Translator, short: Shortfall) -> str:
    """The drive (“đợt vận động “…””) or the Fund outside the drives of a year a shortfall is of."""
    if short.drive is not None:
        return drive_named(t.locale, short.drive)
    return t("the Fund for the Poor outside the drives, {year}").format(year=short.year)


def shortfall_text(t: Translator, short: Shortfall, *, commune: bool = False) -> str:
    """The warning a correction's last look gives where it would leave its drive (or the Fund) paid out
    beyond what it received (docs/decisions/0121): what already went out, what it would have received, and
    by how much; the officers told are a commune's Front's (`commune`, decision 0225)."""

    def figure(n: int) -> str:
        return figure_text(t.locale, short.kind, n)

    return t(
        "⚠️ Money already went out of {source}: {out} paid out in support or handed over. After this it will "
        "have received {received}, so {short} more went out than came in. Its public statement will say "
        "“Paid out beyond what was received: {short}”, and {officers} will be told."
    ).format(
        officers=officers_title(t, commune=commune),
        source=shortfall_source(t, short),
        out=figure(short.out),
        received=figure(short.received),
        short=figure(short.short),
    )


async def source_overdrawn(
    session: AsyncSession,
    entry: Contribution,
    short: Shortfall,
    *,
    by: int | None,
    reason: str,
    now: datetime,
    settings: Settings | None,
) -> None:
    """Tell the organisation's officers (who pay support and hand money over: access.may_keep_cases) covering
    `entry`'s unit, but whoever corrected it (`by`), that a correction of `entry` left its drive or the Fund
    paid out beyond what it received, by how much, and why (docs/decisions/0121). No giver's name."""
    officers = await session.scalars(
        select(RoleAssignment.person_id)
        .where(
            RoleAssignment.org_id == entry.org_id,
            RoleAssignment.role.in_(CASE_KEEPERS),
            or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id == entry.unit_id),
        )
        .distinct()
        .order_by(RoleAssignment.person_id)
    )

    def text(locale: str) -> OutboundMessage:
        t = Translator(locale)
        said = t(
            "The confirmed contribution {ref} was corrected (reason: {reason}). Now {source} has paid "
            "out {short} more than it received ({out} paid out in support or handed over, {received} "
            "received); its public statement says “Paid out beyond what was received”."
        ).format(
            ref=entry.ref,
            reason=reason,
            source=shortfall_source(t, short),
            short=figure_text(locale, short.kind, short.short),
            out=figure_text(locale, short.kind, short.out),
            received=figure_text(locale, short.kind, short.received),
        )
        return OutboundMessage(text=said, keep=True)

    for person_id in officers:
        if person_id == by:
            continue
        await _notice(
            session,
            key=f"notice:overdrawn:{entry.id}:{person_id}",
            person_id=person_id,
            render=text,
            now=now,
            settings=settings,
        )


async def contribution_corrected(
    session: AsyncSession,
    original: Contribution,
    replacement: Contribution,
    *,
    reason: str,
    now: datetime,
    settings: Settings | None,
) -> Heard:
    """Tell the contributor that the figure of their confirmed `original` was corrected: from what to what,
    why, and the new entry's code. Nothing is asked of them: the right entry is recorded and confirmed already
    (docs/decisions/0070), unlike a plain reversal's notice, which asks them to record it again. Who heard of
    it (`_about_entry`)."""
    offers = _own_entry_offers(now, settings)
    kind, ref, new_ref = original.kind, original.ref, replacement.ref
    old, new = figure_of(original), figure_of(replacement)

    def worded(locale: str, text: str, **names: str) -> OutboundMessage:
        old_figure, new_figure = figure_text(locale, kind, old), figure_text(locale, kind, new)
        text = text.format(ref=ref, old=old_figure, new=new_figure, reason=reason, new_ref=new_ref, **names)
        return OutboundMessage(text=text, keep=True)

    def to_giver(locale: str) -> OutboundMessage:
        return worded(
            locale,
            translate(
                locale,
                "Your contribution {ref} was corrected from {old} to {new} (reason: {reason}). "
                "New code: {new_ref}",
            ),
        )

    def to_recorder(locale: str, giver: str) -> OutboundMessage:
        text = translate(
            locale,
            "The contribution {ref} you recorded for {giver} was corrected from {old} to {new} "
            "(reason: {reason}). New code: {new_ref}",
        )
        return worded(locale, text, giver=giver)

    return await _about_entry(
        session,
        original,
        key=f"notice:corrected:{original.id}",
        to_giver=to_giver,
        to_recorder=to_recorder,
        offers=offers,
        now=now,
        settings=settings,
    )


async def contribution_recorded_for(
    session: AsyncSession,
    contribution: Contribution,
    recorder: Person,
    *,
    now: datetime,
    settings: Settings | None,
    payroll: bool = False,
    vouched: bool = False,
    worked: date | None = None,
) -> int | None:
    """Tell the person an officer recorded `contribution` for (a household with a messenger account, a
    colleague whose days or payroll's deduction were recorded) what was recorded, toward what, by whom and
    under which reference (`recorded_for_text`, decision 1800); nothing when they have no active account. A
    deduction from their salary (`payroll`, bot.domain.payroll) says its figure, and that giving is theirs to
    agree to (docs/decisions/0346). Labour days the officer who organised the day vouched for (`vouched`)
    say their days, that she confirmed them, and how he takes them off if he did not work it (decisions
    0406, 0424), with the day she said they worked (`worked`): a household told “that day” of a day never
    named could not tell whether it worked it (decision 1194)."""
    if await reach(session, contribution.person_id) is None:
        return None
    offers = _own_entry_offers(now, settings)
    ref, officer = contribution.ref, recorder.full_name
    household = await _is_household(session, contribution.person_id)
    drive = await session.get(Drive, contribution.drive_id) if contribution.drive_id is not None else None

    def render(locale: str) -> OutboundMessage:
        text = recorded_for_text(
            locale, household=household, payroll=payroll, vouched=vouched, worked=worked
        ).format(
            officer=officer,
            what=entry_words(locale, contribution),
            where=gift_goes_to(locale, drive.title if drive is not None else None),
            day=format_date(worked, locale) if worked is not None else "",
            ref=ref,
        )
        return OutboundMessage(text=text, keep=True)

    return await _notice(
        session,
        key=f"notice:recorded_for:{contribution.id}",
        person_id=contribution.person_id,
        render=render,
        offers=offers,
        now=now,
        settings=settings,
    )


def recorded_for_text(
    locale: str,
    *,
    household: bool,
    payroll: bool = False,
    vouched: bool = False,
    worked: date | None = None,
    confirmed: bool = False,
) -> str:
    """What someone is told of a gift another recorded for them (`contribution_recorded_for`), to be filled
    with `officer`, `what` (`entry_words`), `where` (`gift_goes_to`), `day` and `ref`: whoever they are, a
    household or a member of staff, the same four things, what was recorded, toward what, by whom and its
    number (docs/decisions/1723, 1800), in a household's words where it is one (1446, 1566). `confirmed`:
    told after a treasurer confirmed it (on joining: `recorded_before_joining`), so never “will confirm”."""
    if confirmed and not vouched:
        return _recorded_for_confirmed_text(locale, household=household, payroll=payroll)
    if vouched and worked is not None:  # the day she said they worked, never “that day” unnamed (1194, 1669)
        if household:
            return translate(
                locale,
                "{officer} recorded {what} of volunteer labour on {day} toward {where} for your household "
                "and confirmed it, as the one who organised the day, its number {ref}. If your household did "
                "not work on {day}, type {ref} here and choose “I did not work that day”: it will no "
                "longer count, and {officer} will be told.",
            )
        return translate(
            locale,
            "{officer} recorded {what} of volunteer labour on {day} toward {where} in your name and "
            "confirmed it, as the one who organised the day: {ref}. If you did not work on {day}, type {ref} "
            "here and choose “I did not work that day”: it will no longer count, and {officer} will be told.",
        )
    if vouched:
        return translate(
            locale,
            "{officer} recorded {what} of volunteer labour toward {where} in your name and confirmed it, as "
            "the one who organised the day: {ref}. If you did not work that day, type {ref} here and choose "
            "“I did not work that day”: it will no longer count, and {officer} will be told.",
        )
    if payroll:  # its figure, and that giving is hers to agree to (0346)
        return translate(
            locale,
            "{officer} recorded {what} deducted from your salary as your contribution to {where}: {ref}. "
            "The treasurer will confirm it. Giving is voluntary: if you did not agree to it, tell {officer}.",
        )
    if household:
        return translate(
            locale,
            "{officer} recorded a gift of {what} to {where} for your household, its number {ref}. The "
            "treasurer will confirm it.",
        )
    return translate(
        locale,
        "{officer} recorded a gift of {what} to {where} in your name, its number {ref}. The treasurer will "
        "confirm it.",
    )


def _recorded_for_confirmed_text(locale: str, *, household: bool, payroll: bool) -> str:
    """`recorded_for_text` of a gift a treasurer has confirmed since it was recorded (decision 1870)."""
    if payroll:
        return translate(
            locale,
            "{officer} recorded {what} deducted from your salary as your contribution to {where}: {ref}. The "
            "treasurer has confirmed it. Giving is voluntary: if you did not agree to it, tell {officer}.",
        )
    if household:
        return translate(
            locale,
            "{officer} recorded a gift of {what} to {where} for your household, its number {ref}. The "
            "treasurer has confirmed it.",
        )
    return translate(
        locale,
        "{officer} recorded a gift of {what} to {where} in your name, its number {ref}. The treasurer has "
        "confirmed it.",
    )


# The most gifts recorded before someone joined that her first words name one by one (decision 1870); more
# are counted, and “My progress” lists them.
MEANWHILE_NAMED = 3


async def recorded_before_joining(session: AsyncSession, person: Person, locale: str) -> str | None:
    """What someone whose record just took its first messenger account (an invite's proof, an officer's link
    code) is told once, right after her welcome, of the gifts others recorded for her while she had none:
    no notice of them could reach her then (`contribution_recorded_for` writes nothing without an account;
    decision 1870). Each is said as its notice says it (`recorded_for_text`), up to `MEANWHILE_NAMED`;
    more are counted, with where to read them. None where the record held an account before (another
    messenger linked, a record merged, a second joining: she could read them, or was told) or where nothing
    recorded for her stands (withdrawn, refused or cancelled gifts are none). Said in her own chat only."""
    await session.flush()  # the account just added is counted
    accounts = select(func.count()).where(ChannelIdentity.person_id == person.id)
    if await session.scalar(accounts) != 1:
        return None
    gifts = await _recorded_by_others(session, person.id)
    if not gifts:
        return None
    household = person.kind == "household"
    if len(gifts) > MEANWHILE_NAMED:
        if household:
            many = translate_plural(
                locale,
                "While your household was not yet on Chung Tay, {count} gift was recorded for it; “The "
                "household's progress” (/progress) lists each with its number.",
                "While your household was not yet on Chung Tay, {count} gifts were recorded for it; “The "
                "household's progress” (/progress) lists each with its number.",
                len(gifts),
            )
        else:
            many = translate_plural(
                locale,
                "While you were not yet on Chung Tay, {count} gift was recorded for you; “My progress” "
                "(/progress) lists each with its number.",
                "While you were not yet on Chung Tay, {count} gifts were recorded for you; “My progress” "
                "(/progress) lists each with its number.",
                len(gifts),
            )
        return many.format(count=len(gifts))
    if household:
        heading = translate_plural(
            locale,
            "While your household was not yet on Chung Tay, {count} gift was recorded for it:",
            "While your household was not yet on Chung Tay, {count} gifts were recorded for it:",
            len(gifts),
        )
    else:
        heading = translate_plural(
            locale,
            "While you were not yet on Chung Tay, {count} gift was recorded for you:",
            "While you were not yet on Chung Tay, {count} gifts were recorded for you:",
            len(gifts),
        )
    return _each_recorded(locale, heading.format(count=len(gifts)), gifts, household=household)


async def _recorded_by_others(
    session: AsyncSession, person_id: int, only: Sequence[int] | None = None
) -> list[tuple[Contribution, str, str | None]]:
    """The gifts others recorded for `person_id` that still stand (withdrawn, refused or cancelled ones are
    none), each with its recorder's name and its drive's title, oldest first; of `only` where given."""
    reversal = aliased(Contribution)
    recorder = aliased(Person)
    query = (
        select(Contribution, recorder.full_name, Drive.title)
        .join(recorder, recorder.id == Contribution.recorded_by)
        .outerjoin(Drive, Drive.id == Contribution.drive_id)
        .where(
            Contribution.person_id == person_id,
            Contribution.recorded_by != person_id,
            Contribution.status != "rejected",
            Contribution.reverses_id.is_(None),
            ~exists().where(reversal.reverses_id == Contribution.id),
        )
        .order_by(Contribution.created_at, Contribution.id)
    )
    if only is not None:
        query = query.where(Contribution.id.in_(only))
    return [(gift, officer, drive) for gift, officer, drive in (await session.execute(query)).all()]


def _each_recorded(
    locale: str, heading: str, gifts: Sequence[tuple[Contribution, str, str | None]], *, household: bool
) -> str:
    """`heading`, then each gift as its notice says it (`recorded_for_text`), confirmed since or not."""
    lines = [heading]
    for gift, officer, drive in gifts:
        vouched = gift.kind == "labour" and gift.status == "confirmed" and gift.decided_by == gift.recorded_by
        text = recorded_for_text(
            locale,
            household=household,
            payroll=gift.from_payroll,
            vouched=vouched,
            confirmed=gift.status == "confirmed",
        )
        words = text.format(
            officer=officer,
            what=entry_words(locale, gift),
            where=gift_goes_to(locale, drive),
            day="",
            ref=gift.ref,
        )
        lines.append(f"• {words}")
    return "\n".join(lines)


async def told_of_merged_gifts(
    session: AsyncSession,
    person: Person,
    gift_ids: Sequence[int],
    *,
    now: datetime,
    settings: Settings | None,
) -> int | None:
    """Tell `person`, once, of the gifts others recorded for a record merged with hers that held no messenger
    account (`gift_ids`, read before the merge): no notice of them could reach her then, and joining told
    her nothing of a record not yet hers (decisions 1870, 1939). Each as its notice says it
    (`recorded_for_text`), up to `MEANWHILE_NAMED`; more counted. Nothing where none stands or no account
    reaches her; the key (her record and the first gift) writes it once."""
    if not gift_ids or await reach(session, person.id) is None:
        return None
    gifts = await _recorded_by_others(session, person.id, gift_ids)
    if not gifts:
        return None
    household = person.kind == "household"

    def render(locale: str) -> OutboundMessage:
        if household:
            heading = translate_plural(
                locale,
                "Your household's record on the list is now one with your account: {count} gift was "
                "recorded for it",
                "Your household's record on the list is now one with your account: {count} gifts were "
                "recorded for it",
                len(gifts),
            )
        else:
            heading = translate_plural(
                locale,
                "Your record on the staff list is now one with your account: {count} gift was recorded "
                "for it",
                "Your record on the staff list is now one with your account: {count} gifts were recorded "
                "for it",
                len(gifts),
            )
        heading = heading.format(count=len(gifts))
        if len(gifts) > MEANWHILE_NAMED:
            where = (
                translate(locale, "“The household's progress” (/progress) lists each with its number.")
                if household
                else translate(locale, "“My progress” (/progress) lists each with its number.")
            )
            return OutboundMessage(text=f"{heading}; {where}", keep=True)
        each = _each_recorded(locale, f"{heading}:", gifts, household=household)
        return OutboundMessage(text=each, keep=True)

    return await _notice(
        session,
        key=f"notice:merged_gifts:{person.id}:{min(gift_ids)}",
        person_id=person.id,
        render=render,
        now=now,
        settings=settings,
    )


async def contribution_withdrawn_for(
    session: AsyncSession,
    contribution: Contribution,
    recorder: Person,
    *,
    now: datetime,
    settings: Settings | None,
) -> int | None:
    """Tell the person an officer or the accountant recorded `contribution` for that whoever recorded it took
    it back (bot.domain.contributions.withdraw): the giver may not withdraw it themself and was told to ask
    the recorder (a payroll's deduction she did not agree to, docs/decisions/0373), so the answer reaches
    her. Nothing when she has no active account."""
    if await reach(session, contribution.person_id) is None:
        return None
    ref, officer = contribution.ref, recorder.full_name

    def render(locale: str) -> OutboundMessage:
        text = translate(
            locale, "{officer} withdrew {ref} ({what}), recorded for you: it no longer counts."
        ).format(officer=officer, ref=ref, what=entry_words(locale, contribution))
        return OutboundMessage(text=text, keep=True)

    return await _notice(
        session,
        key=f"notice:withdrawn_for:{contribution.id}",
        person_id=contribution.person_id,
        render=render,
        now=now,
        settings=settings,
    )


async def contribution_moved(
    session: AsyncSession,
    contribution: Contribution,
    was: Person,
    mover: Person,
    typist: Person,
    *,
    now: datetime,
    settings: Settings | None,
) -> None:
    """Tell both people of a gift a treasurer put in the name of the one whose it is
    (bot.domain.contributions.move_to): the new giver what it is and who typed it, as his own gift's notice
    does; the one it was under only its code, neither figure nor new giver (it is no longer hers, and she
    may not be who typed it: docs/decisions/1434); put back in the name of who typed it, only that it is hers
    again (decision 1591). Nothing to one without an active account."""
    ref, treasurer, at = contribution.ref, mover.full_name, now.isoformat()
    giver = await session.get_one(Person, contribution.person_id)

    def render_to(locale: str) -> OutboundMessage:
        if giver.id == typist.id:  # put back in the name she typed it under: no misrecording of hers (1591)
            text = translate(
                locale,
                "Treasurer {treasurer} put {ref} ({what}) back in your name, as you recorded it. It is still "
                "waiting for a treasurer's confirmation.",
            )
        else:
            text = translate(
                locale,
                "Treasurer {treasurer} put {ref} ({what}) in your name: {recorder} had recorded it under "
                "another person's name. It waits for a treasurer's confirmation; if it is not yours, please "
                "tell the treasurer.",
            )
        text = text.format(
            treasurer=treasurer,
            ref=ref,
            what=entry_words(locale, contribution),
            recorder=typist.full_name,  # who typed it under the wrong name, whoever records it now (1494)
        )
        return OutboundMessage(text=text, keep=True)

    def render_was(locale: str) -> OutboundMessage:
        text = translate(
            locale,
            "Treasurer {treasurer} put {ref}, recorded under your name, in the name of the person whose gift "
            "it was: it no longer counts for you.",
        ).format(treasurer=treasurer, ref=ref)
        return OutboundMessage(text=text, keep=True)

    for person_id, render, key in ((giver.id, render_to, "to"), (was.id, render_was, "from")):
        if await reach(session, person_id) is not None:
            await _notice(
                session,
                key=f"notice:moved_{key}:{contribution.id}:{person_id}:{at}",
                person_id=person_id,
                render=render,
                now=now,
                settings=settings,
            )


async def vouched_days_disowned(
    session: AsyncSession, contribution: Contribution, *, now: datetime, settings: Settings | None
) -> int | None:
    """Tell the officer who recorded and confirmed labour days in a member's name (decision 0406) that he
    said he did not work that day and took them off himself (bot.domain.contributions.withdraw): she vouched
    for them alone, so his word reaches her (docs/decisions/0424). Nothing when she has no active account."""
    if contribution.recorded_by is None or await reach(session, contribution.recorded_by) is None:
        return None
    member = await session.get_one(Person, contribution.person_id)
    ref, name = contribution.ref, member.full_name

    def render(locale: str) -> OutboundMessage:
        text = translate(
            locale,
            "{name} said they did not work the day you recorded for them and withdrew {ref} ({what}): it no "
            "longer counts.",
        ).format(name=name, ref=ref, what=entry_words(locale, contribution))
        return OutboundMessage(text=text, keep=True)

    return await _notice(
        session,
        key=f"notice:disowned:{contribution.id}",
        person_id=contribution.recorded_by,
        render=render,
        now=now,
        settings=settings,
    )


async def _is_household(session: AsyncSession, person_id: int) -> bool:
    """Whether the record is a household's: its notices speak to the household, not to one person."""
    return await session.scalar(select(Person.kind).where(Person.id == person_id)) == "household"


async def award_proposed(
    session: AsyncSession,
    proposal_id: int,
    person_id: int,
    *,
    proposer: str,
    award: str,
    award_code: str = "",
    year: int,
    due_on: date | None,
    now: datetime,
    settings: Settings | None,
    instead_of: str | None = None,
    instead_code: str = "",
) -> int | None:
    """Tell a person proposed for an award that they were, by whom, with a button for the draft of their
    achievement report (handlers/achievement.py), and by when the dossier is due (`due_on`: the campaign's
    next award deadline of the year, the units' 10/12 in December), so the report reaches the proposer in
    time; nothing when they have no active account. `instead_of`: the award the proposal was for before its
    leader changed it (docs/decisions/0210): its notice, if still waiting, is dropped, and this one says the
    new award takes its place. Each award is named as its leader chose it, glossed to a reader of English by
    its form's code (`award_code`, `instead_code`; decision 2650)."""
    key = f"notice:proposed:{proposal_id}"
    if instead_of is not None:
        await session.execute(
            update(OutboxMessage)
            .where(or_(OutboxMessage.key == key, OutboxMessage.key.like(f"{key}:%")), not_taken(now))
            .values(status="cancelled")
        )
        key = f"{key}:{int(now.timestamp())}"
    if await reach(session, person_id) is None:
        return None
    household = await _is_household(session, person_id)
    due = quiet_until(now, settings)
    offers = [
        Offer(
            "achievement",
            lambda locale: (
                translate(locale, "The household's achievement report (Word)")
                if household
                else translate(locale, "My achievement report (Word)")
            ),
            due + PROPOSAL_ACTIONS_LIVE,
            args={"proposal_id": proposal_id},
        )
    ]

    def render(locale: str) -> OutboundMessage:
        if household:
            text = translate(
                locale,
                "{leader} proposed your household for {award} in {year}. The dossier needs the household's "
                "achievement report: get a draft with the household's figures filled in (/thanhtich), add "
                "what only your household can write, and sign it for the household.",
            )
        else:
            text = translate(
                locale,
                "{leader} proposed you for {award} in {year}. The dossier needs your achievement report: "
                "get a draft with your figures filled in (/thanhtich), add what only you can write, and sign "
                "it.",
            )
        text = text.format(leader=proposer, award=award_choice(locale, award_code, award), year=year)
        if instead_of is not None:
            text += " " + translate(locale, "It takes the place of the proposal for {award}.").format(
                award=award_choice(locale, instead_code, instead_of)
            )
        if due_on is not None:
            text += " " + translate(
                locale, "The dossier is due on {date}: please give the report to {leader} before then."
            ).format(date=format_date(due_on, locale), leader=proposer)
        return OutboundMessage(text=text, keep=True)

    return await _notice(
        session,
        key=key,
        person_id=person_id,
        render=render,
        offers=offers,
        now=now,
        settings=settings,
    )


async def award_withdrawn(
    session: AsyncSession,
    proposal_id: int,
    person_id: int,
    *,
    award: str,
    award_code: str = "",
    year: int,
    now: datetime,
    settings: Settings | None,
) -> int | None:
    """A proposal withdrawn: its notice to the person proposed, if it still waits (not being sent), is
    cancelled, and nothing more is said; if it went out (or is going out this instant), the person is told,
    kindly and with no reason, that the proposal was withdrawn. Nothing when the first never reached them."""
    proposed = f"notice:proposed:{proposal_id}"
    # its award changed in place, it was told again under a longer key (docs/decisions/0210)
    told_of = or_(OutboxMessage.key == proposed, OutboxMessage.key.like(f"{proposed}:%"))
    cancelled = await session.execute(
        update(OutboxMessage).where(told_of, not_taken(now)).values(status="cancelled")
    )
    if cancelled.rowcount:
        return None
    told = set(await session.scalars(select(OutboxMessage.status).where(told_of)))
    if not told & {"sent", "pending"} or await reach(session, person_id) is None:
        return None
    household = await _is_household(session, person_id)

    def render(locale: str) -> OutboundMessage:
        if household:
            text = translate(
                locale,
                "The proposal to award your household {award} in {year} has been withdrawn, so no "
                "achievement report is needed for it. Thank you for all your household does in the movement.",
            )
        else:
            text = translate(
                locale,
                "The proposal to award you {award} in {year} has been withdrawn, so no achievement report is "
                "needed for it. Thank you for all you do in the movement.",
            )
        return OutboundMessage(
            text=text.format(award=award_choice(locale, award_code, award), year=year), keep=True
        )

    return await _notice(
        session,
        key=f"notice:withdrawn:{proposal_id}",
        person_id=person_id,
        render=render,
        now=now,
        settings=settings,
    )


def decision_words(t: Translator, ref: str | None, on: date | None) -> str:
    """A decision as a sentence names it: "Quyết định số 125/QĐ-CĐT ngày 20/12/2026", with what is known of
    it ("" when neither its number nor its date was recorded)."""
    if ref and on:
        return t("Decision No. {ref} of {date}").format(ref=ref, date=t.date(on))
    if ref:
        return t("Decision No. {ref}").format(ref=ref)
    return t("the decision of {date}").format(date=t.date(on)) if on else ""


@dataclass(frozen=True)
class Awarded:
    """An award's outcome as its notices say it. `nominee`: "person", "household", "unit" or "organisation";
    `name` the unit's or the organisation's (the person's, for the proposer's notice)."""

    proposal_id: int
    awarded: bool
    award: str
    year: int
    nominee: str
    name: str
    ref: str | None
    on: date | None


async def award_decided(
    session: AsyncSession,
    outcome: Awarded,
    *,
    told: list[int],
    proposer: int,
    now: datetime,
    settings: Settings | None,
    corrected: tuple[str | None, date | None] | None = None,
) -> int:
    """Tell of an award's outcome: when awarded, each person in `told` (the nominee's people, see Awarded)
    and the `proposer` (unless told already as one of them); when not, only the proposer. What of the other
    outcome still waits is cancelled first (a correction before the quiet hours ended); how many rows were
    written. `corrected`: the number and date said before, when only they changed: a notice not yet gone
    out is written afresh with the new ones, and who was told already of an award is told the correction
    (a decision not awarded names no number, so nothing changes in what its proposer read; a number and date
    taken off leave nothing to correct to)."""
    mine, other = ("awarded", "not_awarded") if outcome.awarded else ("not_awarded", "awarded")
    await _cancel_waiting(session, f"notice:{other}:{outcome.proposal_id}:%", now)
    if corrected is not None and outcome.awarded:
        await _cancel_waiting(session, f"notice:{mine}:{outcome.proposal_id}:%", now)
    people = [person for person in dict.fromkeys(told) if outcome.awarded]
    written = 0
    for person_id, render in [
        *((person_id, partial(_congratulation, outcome)) for person_id in people),
        *([] if proposer in people else [(proposer, partial(_to_proposer, outcome))]),
    ]:
        if await reach(session, person_id) is None:
            continue
        key = f"notice:{mine}:{outcome.proposal_id}:{person_id}"
        # Cancelled by a correction before it went out, and now decided this way again: said afresh.
        await session.execute(
            delete(OutboxMessage).where(OutboxMessage.key == key, OutboxMessage.status == "cancelled")
        )
        row = await _notice(
            session,
            key=key,
            person_id=person_id,
            render=render,
            now=now,
            settings=settings,
        )
        if row is None and corrected is not None and outcome.awarded and (outcome.ref or outcome.on):
            row = await _notice(
                session,
                key=f"{key}:corrected:{now.isoformat()}",
                person_id=person_id,
                render=partial(_decision_corrected, outcome, corrected),
                now=now,
                settings=settings,
            )
        written += row is not None
    return written


def _decision_corrected(
    outcome: Awarded, before: tuple[str | None, date | None], locale: str
) -> OutboundMessage:
    """The award's decision as corrected, and what was said of it before where anything was."""
    t = Translator(locale)
    decision, said = decision_words(t, outcome.ref, outcome.on), decision_words(t, *before)
    text = (
        t("A correction about {award} for {year} ({nominee}): it is {decision}, not {before} as said before.")
        if said
        else t("About {award} for {year} ({nominee}): it is {decision}.")
    )
    shown = text.format(
        award=outcome.award, year=outcome.year, nominee=outcome.name, decision=decision, before=said
    )
    return OutboundMessage(text=shown, keep=True)


async def _cancel_waiting(session: AsyncSession, keys: str, now: datetime) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.key.like(keys),
            not_taken(now),
        )
        .values(status="cancelled")
    )


def _decision(t: Translator, outcome: Awarded) -> str:
    words = decision_words(t, outcome.ref, outcome.on)
    return f" ({words})" if words else ""


def _congratulation(outcome: Awarded, locale: str) -> OutboundMessage:
    t = Translator(locale)
    texts = {
        "person": t(
            "Congratulations! You have been awarded {award} for {year}{decision}. Thank you for all you do "
            "in the movement."
        ),
        "household": t(
            "Congratulations! Your household has been awarded {award} for {year}{decision}. Thank you for "
            "all your household does in the movement."
        ),
        "unit": t(
            "Congratulations! The unit {name} has been awarded {award} for {year}{decision}. Please pass the "
            "good news and the thanks on to everyone in it."
        ),
        "organisation": t(
            "Congratulations! The organisation {name} has been awarded {award} for {year}{decision}. Please "
            "pass the good news and the thanks on to everyone in it."
        ),
    }
    shown = texts[outcome.nominee].format(
        award=outcome.award, year=outcome.year, name=outcome.name, decision=_decision(t, outcome)
    )
    return OutboundMessage(text=shown, keep=True)


def _to_proposer(outcome: Awarded, locale: str) -> OutboundMessage:
    t = Translator(locale)
    if outcome.awarded:
        text = t("Good news about your proposal: {nominee} has been awarded {award} for {year}{decision}.")
    else:
        text = t(
            "About your proposal: {nominee} was not awarded {award} for {year} this time. Thank you for "
            "proposing them; what they do in the movement still counts."
        )
    nominee = {
        "person": outcome.name,
        "household": outcome.name,
        "unit": t("the unit {unit}").format(unit=outcome.name),
        "organisation": t("the organisation {organisation}").format(organisation=outcome.name),
    }[outcome.nominee]
    shown = text.format(
        nominee=nominee, award=outcome.award, year=outcome.year, decision=_decision(t, outcome)
    )
    return OutboundMessage(text=shown, keep=True)


async def result_set_aside(
    session: AsyncSession,
    result_id: int,
    person_id: int,
    *,
    criterion: str,
    what: str,
    reason: str,
    now: datetime,
    settings: Settings | None,
) -> int | None:
    """Tell the person a result of theirs (or one they recorded for their unit) was set aside by a leader of
    the unit, with the reason; nothing when they have no active account."""
    if await reach(session, person_id) is None:
        return None
    offers = _own_entry_offers(now, settings)

    def render(locale: str) -> OutboundMessage:
        text = translate(
            locale,
            "Your result {what} ({criterion}) was not accepted by the unit's leader. Reason: {reason}",
        )
        shown = text.format(what=quoted(what), criterion=criterion, reason=reason)
        return OutboundMessage(text=shown, keep=True)

    return await _notice(
        session,
        key=f"notice:result_set_aside:{result_id}",
        person_id=person_id,
        render=render,
        offers=offers,
        now=now,
        settings=settings,
    )


async def contributions_waiting(
    session: AsyncSession, contribution: Contribution, *, now: datetime, settings: Settings | None
) -> int:
    """Tell every treasurer who may decide the new `contribution` how many wait for them (batched by the
    hour); how many treasurers were told. Treasurers with no messenger account to reach are skipped. When no
    treasurer may decide it at all, the office is told instead (`_tell_office`, docs/decisions/0074)."""
    deciders = await _deciders(session, contribution)
    if not deciders:
        await _tell_office(session, contribution, now=now, settings=settings)
    told = 0
    days_off = (await days_off_of(session, [contribution.org_id]))[contribution.org_id]
    due = _after_holiday(quiet_until(_next_hour(now), settings), settings, days_off)
    due = await _weeks_hour(session, contribution.org_id, due, settings, days_off, now=now)
    for actor in deciders:
        if await reach(session, actor.person_id) is None:
            continue
        await _tell_waiting(session, actor, due, now=now, settings=settings)
        told += 1
    return told


# --- a role granted or taken away (docs/decisions/0078) -------------------------------------------------

ROLE_ACTIONS_LIVE = timedelta(days=30)


def role_title(
    t: Translator,
    role: str,
    *,
    org_wide: bool = False,
    commune: bool = False,
    hamlet: bool = False,
    hamlets: bool = False,
) -> str:
    """One role as the office names it: “Thủ quỹ”, “Cán bộ công đoàn/vận động” (in a commune, `is_commune`,
    “Cán bộ Mặt trận”), “Lãnh đạo đơn vị” (of the whole organisation, `org_wide`: “Lãnh đạo”; of a commune's
    hamlet, `hamlet` as `hamlet_ids` tells it: “Trưởng thôn, lãnh đạo”, decision 0259; where the place is not
    known yet in a commune with hamlets, `hamlets`: “Lãnh đạo (trưởng thôn, lãnh đạo đơn vị)”), “Quản trị”."""
    if hamlet:
        unit_leader = t("Hamlet head, leader")
    elif hamlets:
        unit_leader = t("Leader (hamlet head, unit leader)")
    else:
        unit_leader = t("Unit leader")
    return {
        "member": t("Member"),
        "treasurer": t("Treasurer"),
        "officer": t("Fatherland Front officer") if commune else t("Union or mobilisation officer"),
        "leader": t("Leader") if org_wide else unit_leader,
        "admin": t("Administrator"),
    }[role]


def role_place(t: Translator, unit: str | None, *, commune: bool = False, level: str | None = None) -> str:
    """Where a role holds: the unit's name, or the whole organisation (None): “toàn cơ quan”, or for a
    commune (`is_commune`) in the word of its level (`level`, `commune_level` of its name): “toàn xã”, “toàn
    phường”, “toàn thị trấn”, “toàn đặc khu” (decisions 2721, 2776)."""
    if unit is not None:
        return unit
    if not commune:
        return t("the whole organisation")
    if level == "phường":
        return t("the whole ward")
    if level == "thị trấn":
        return t("the whole township")
    if level == "đặc khu":
        return t("the whole special zone")
    return t("the whole commune")


def level_name(t: Translator, level: str | None) -> str:
    """A commune's level as a word of a sentence that names it without “toàn”: “xã”, “phường”, “thị trấn”,
    “đặc khu” (`commune_level` of its name; a commune's where it says none): “Của phường: …”, “thôn, ban nào
    của phường?” (decision 2835)."""
    if level == "phường":
        return t("ward")
    if level == "thị trấn":
        return t("township")
    if level == "đặc khu":
        return t("special zone")
    return t("commune")


def whole_label(t: Translator, *, commune: bool = False, level: str | None = None) -> str:
    """The whole as a menu's option or a line's value names it, capitalised: “Toàn cơ quan”, “Toàn xã”,
    “Toàn phường” (`role_place`, decision 2776)."""
    whole = role_place(t, None, commune=commune, level=level)
    return whole[:1].upper() + whole[1:]


async def org_level(session: AsyncSession, org_id: int) -> str | None:
    """The level the organisation's name says it is at (`commune_level`), for its whole's word; read from
    the organisation the session holds where it holds it."""
    organisation = await session.get(Organisation, org_id)
    return commune_level(organisation.name) if organisation is not None else None


# The levels a commune is at, as its name or a typed answer writes them (decision 2775): each level's own
# word, the word typed without its marks and, for a ward, “P.” as addresses shorten it (“UBND P. Bến Nghé”,
# “P.3”), for a township “TT.” or “TT” (“UBND TT. Đông Anh”, “UBND TT Phong Điền”), for a special zone “ĐK”
# (decisions 2801, 2836, 2846). Compared as written, not folded: “Phương”, a name (“xã Phương Trung”), is no
# ward; nor is “Phuong” or “PHUONG” so written before a name (`commune_level`, decision 2925).
COMMUNE_LEVELS: dict[str, tuple[str, ...]] = {
    "xã": ("xã", "xa"),
    "phường": ("phường", "phuong", "p."),
    "thị trấn": ("thị trấn", "thi tran", "tt.", "tt"),
    "đặc khu": ("đặc khu", "dac khu", "đk"),
}
_LEVEL_WRITTEN = {written: level for level, forms in COMMUNE_LEVELS.items() for written in forms}
# A level's short forms: a ward's, a township's or a special zone's only after the commune's committee where
# they open a name, as “P.” alone may be an office's “Phòng”, “TT” a centre's “Trung tâm” (`commune_by_name`).
_SHORT_FORMS = frozenset({"p.", "tt.", "tt", "đk"})
_LEVEL = re.compile(
    r"(?<![^\W_])("
    + "|".join(re.escape(form) + ("" if form.endswith(".") else r"(?![^\W_])") for form in _LEVEL_WRITTEN)
    + ")",
    re.IGNORECASE,
)


def commune_level(name: str) -> str | None:
    """The level the first of its words that names one says (“UBND phường Sông Hiến”, “UBND P. Bến Nghé”,
    “UBND phuong 3”: “phường”; “UBND xã Phương Trung”: “xã”; `COMMUNE_LEVELS`), None where none does. Read by
    the awards' head (`awards.commune_head`, decision 0643), the whole's word (`role_place`, decision 2721)
    and the suggestion of a commune by its name (`commune_by_name`, decision 0255). “Phuong” capitalised
    before a capitalised word (“UBND Phuong Trung”, “UBND PHUONG TRUNG” as a list's heading writes it) is a
    place's name typed without its marks, “Phương Trung”, not a ward's word, which a name without marks
    writes in lower case (“UBND phuong Ben Nghe”) or before a number (“Phuong 3”, “PHUONG 3”; decisions
    2846, 2925)."""
    text = nfc(name)
    for found in _LEVEL.finditer(text):
        after = text[found.end() :].lstrip()
        if found[1].lower() == "phuong" and found[1] != "phuong" and after[:1].isupper():
            continue
        return _LEVEL_WRITTEN[found[1].lower()]
    return None


def level_words(*before: str) -> tuple[str, ...]:
    """What people type for a commune's whole at a menu, each level's word after each of `before` (“toan
    xa”, “toan phuong”, “toan p”, “ca thi tran”…), as keywords compare them (folded, a full stop dropped):
    one list for every menu that offers the whole (decision 2775)."""
    typed = (fold(f"{word} {form.rstrip('.')}") for word in before for form in _LEVEL_WRITTEN)
    return tuple(dict.fromkeys(typed))


async def is_commune(session: AsyncSession, org_id: int) -> bool:
    """Whether the organisation is a commune: as its admin said (`Organisation.kind`, “commune” or “office”:
    `chungtay org create --kind`, `chungtay org kind`), so a commune set up this morning reads as one before
    its first household (decision 0255); where nothing was said (every organisation created before it could
    be), as the bot has told it since decision 0139: households belong to it (a school's, a hospital's or a
    department's people are its staff). Its whole is then “toàn xã”, not “toàn cơ quan”, a word for an
    office, and its officers are the Front's (decision 0225). One query."""
    commune, _level = await commune_and_level(session, org_id)
    return commune


async def commune_and_level(session: AsyncSession, org_id: int) -> tuple[bool, str | None]:
    """Whether the organisation is a commune, as `is_commune` tells it, and, a commune's, the level its name
    says (`commune_level`: a ward's whole is “toàn phường”, decision 2776), read in the one query for a
    reader that needs both (`role_place`); (False, None) for an office or none."""
    households = select(Person.id).where(Person.org_id == org_id, Person.kind == "household").exists()
    found = (
        await session.execute(
            select(Organisation.kind, households, Organisation.name).where(Organisation.id == org_id)
        )
    ).first()
    if found is None:
        return False, None
    said, with_households, name = found
    commune = said == "commune" if said is not None else bool(with_households)
    return commune, commune_level(name) if commune else None


# The first word of a hamlet's or a street group's name (“Thôn 3”, “Ấp Tân Lập”, “Bản Nà Sài”, “Tổ dân phố
# 5”), lowercased with its accents: folded, “bản” would be “ban”, a board's (“Ban công tác Mặt trận”).
HAMLET_NAMES = re.compile(
    r"(?:thôn|ấp|bản|buôn|làng|xóm|sóc|phum|plei|khóm|khu phố|tổ dân phố)(?:\s|$)", re.IGNORECASE
)


def names_a_hamlet(name: str) -> bool:
    """Whether a unit's name is a hamlet's or a street group's (HAMLET_NAMES): “Thôn 3”, not “Ủy ban MTTQ
    xã” nor “Ban công tác Mặt trận thôn 3”."""
    return HAMLET_NAMES.match(nfc(name).strip().lower()) is not None


async def hamlet_ids(session: AsyncSession, org_id: int) -> set[int]:
    """The units of the organisation households belong to: a commune's hamlets, whose leaders are their heads
    (“trưởng thôn”), as a commune is told by its households (decision 0139) and a hamlet's digest by its own
    (`UnitFigures.hamlet`), and the units whose names are a hamlet's (`names_a_hamlet`: “Thôn 3”), so a
    hamlet's heads are named so before its households are listed (decision 0255); a commune's Front committee
    holds none. None in an organisation that is no commune (`is_commune`: an office said so, whatever its list
    holds)."""
    return await commune_hamlet_ids(session, org_id) if await is_commune(session, org_id) else set()


async def commune_hamlet_ids(session: AsyncSession, org_id: int) -> set[int]:
    """`hamlet_ids` of an organisation already known to be a commune (`is_commune`), not asked again."""
    units = await session.scalars(
        select(Person.unit_id).where(Person.org_id == org_id, Person.kind == "household").distinct()
    )
    named = await session.execute(select(Unit.id, Unit.name).where(Unit.org_id == org_id))
    with_households = {unit for unit in units if unit is not None}
    return with_households | {unit for unit, name in named if names_a_hamlet(name)}


# What stands before a commune's own name in its bodies' names: its People's Committee, Party committee or
# Front (“ủy” and “uỷ” both, as people type them).
COMMUNE_BODY = re.compile(
    r"^(?:ubnd|(?:ủy|uỷ) ban nhân dân|đảng (?:ủy|uỷ)|mttq"
    r"|(?:ủy|uỷ) ban (?:mttq|mặt trận tổ quốc)(?: việt nam)?)\s*"
)


def commune_by_name(name: str) -> bool:
    """Whether an organisation's name reads as a commune's (“UBND xã Tân Phú”, “Ủy ban nhân dân phường 3”,
    “Xã Sơn Thủy”, “Ủy ban MTTQ thị trấn …”): only ever a suggestion its admin confirms (`chungtay org kind
    commune`), never taken as said, since “Trường THCS xã Tân Phú” is a school (decision 0255)."""
    words = " ".join(nfc(name).lower().split())
    bare = COMMUNE_BODY.sub("", words, count=1)
    found = _LEVEL.match(bare)
    # “P.” or “TT” alone opening a name may be an office's “Phòng” or a centre's “Trung tâm”: a ward's, a
    # township's or a special zone's only after its committee (“UBND P. 3”, “UBND TT Đông Anh”, “UBND ĐK Côn
    # Đảo”; decisions 2801, 2836, 2846)
    return found is not None and (found[1] not in _SHORT_FORMS or bare != words)


async def roles_named(
    session: AsyncSession, org_id: int, t: Translator, roles: Iterable[tuple[str, str | None]]
) -> str:
    """ "Lãnh đạo đơn vị (Ban Giám hiệu); Quản trị (toàn cơ quan)": roles given as (role, unit code), each
    unit by its name (by its code when it is gone)."""
    roles = list(roles)
    codes = {code for _role, code in roles if code is not None}
    rows = await session.execute(
        select(Unit.code, Unit.name).where(Unit.org_id == org_id, Unit.code.in_(codes))
    )
    names = {code: name for code, name in rows}
    commune, level = await commune_and_level(session, org_id)
    hamlets = await hamlet_ids(session, org_id)  # a hamlet's leader is its head (0259)
    in_hamlet = set(
        await session.scalars(
            select(Unit.code).where(Unit.org_id == org_id, Unit.id.in_(hamlets), Unit.code.in_(codes))
        )
    )
    return "; ".join(
        f"{role_title(t, role, org_wide=code is None, commune=commune, hamlet=code in in_hamlet)} "
        f"({role_place(t, names.get(code, code) if code else None, commune=commune, level=level)})"
        for role, code in roles
    )


def officers_title(t: Translator, *, commune: bool = False) -> str:
    """Who runs drives and appeals, as a sentence names them: “cán bộ công đoàn”; in a commune (`is_commune`)
    the Fatherland Front's, “cán bộ Mặt trận”, as a hamlet has no trade union (decision 0225)."""
    return t("officers of the Fatherland Front") if commune else t("union officers")


# Who confirms the entries a line counts (`who_confirms`): a treasurer alone, an officer or a treasurer (every
# entry an officer may confirm too), or a treasurer and, for some of them, an officer too.
TREASURER_CONFIRMS, EITHER_CONFIRMS, BOTH_CONFIRM = "treasurer", "either", "both"


def who_confirms(kinds: Iterable[str]) -> str:
    """Who confirms entries of `kinds` — those of the figure a line counts: what waits, or what was confirmed
    —, as the access module says who decides each kind (`decide_roles`: days of work an officer covering the
    unit too, decision 0434). The one rule of every line naming who confirms: the drive's and the Fund's
    figures, their givers' line, their public page and the leaders' digests (decision 1806)."""
    by_officer = [bool(decide_roles(kind) - DECIDE_ROLES) for kind in set(kinds)]
    if not any(by_officer):
        return TREASURER_CONFIRMS
    return EITHER_CONFIRMS if all(by_officer) else BOTH_CONFIRM


def days_officer(t: Translator, *, commune: bool = False) -> str:
    """The officer who confirms days of work beside a treasurer, named as the roles screen names the role:
    “cán bộ công đoàn/vận động”, in a commune “cán bộ Mặt trận” (decision 1806); in English too, “a union or
    mobilisation officer” (decision 1942)."""
    return t("a Front officer") if commune else t("a union or mobilisation officer")


def officers_named(t: Callable[[str], str], *, commune: bool = False) -> str:
    """Those who read a unit's figures beside its treasurer, on a digest's or a report's line that holds a
    figure back, named as the roles screen names the role: “cán bộ công đoàn/vận động”, in a commune “cán bộ
    Mặt trận” (decision 2031)."""
    return t("Front officers") if commune else t("union or mobilisation officers")


async def officers_of(session: AsyncSession, org_id: int, t: Callable[[str], str]) -> str:
    """`officers_named` for the organisation `org_id`, where no turn holds it: the shell's refusals, which
    name who may as the organisation names its officers (decision 2220). One query, said only on refusal."""
    return officers_named(t, commune=await is_commune(session, org_id))


def totals_kinds(totals: StatementTotals) -> set[str]:
    """The kinds of a figure that hold something, goods of no known worth too: what `who_confirms` is asked
    of."""
    goods = totals.goods + totals.goods_unpriced
    held = {"money": totals.money, "goods": goods, "labour": totals.labour_days}
    return {kind for kind, figure in held.items() if figure}


def role_at(t: Translator, role: str, place: str, *, commune: bool = False, hamlet: bool = False) -> str:
    """One role where it holds, as people say it in a sentence: “thủ quỹ Khoa Nội”, “lãnh đạo toàn cơ quan”
    (`place` from `role_place`), not the office's title with its place glued on (“Lãnh đạo đơn vị của toàn
    cơ quan”); a commune's officer (`commune`) is the Front's: “cán bộ Mặt trận Thôn 3”; a hamlet's leader
    (`hamlet`) its head: “trưởng thôn, lãnh đạo Thôn 3”."""
    front, union = t("Fatherland Front officer of {place}"), t("union or mobilisation officer of {place}")
    officer = front if commune else union
    return {
        "member": t("member of {place}"),
        "treasurer": t("treasurer of {place}"),
        "officer": officer,
        "leader": t("hamlet head, leader of {place}") if hamlet else t("leader of {place}"),
        "admin": t("administrator of {place}"),
    }[role].format(place=place)


def _granted_text(
    t: Translator,
    role: str,
    place: str,
    *,
    commune: bool = False,
    hamlet: bool = False,
    weekly_off: bool = False,
) -> str:
    if role == "treasurer":
        text = t(
            "You are now a treasurer of {place}: you confirm that the contributions given there arrived "
            "(never your own, nor those you record for someone). They wait under “Contributions to "
            "confirm” in the menu, or /xacnhan."
        )
    elif role == "officer":
        text = t(
            "You are now {role}: in the menu you find “Drives” (/dotvandong), “Appeals” (/keugoi), “Record "
            "for a household or someone else” (/ghithay), “Look up a contribution” (/tracuu) and “Make an "
            "invite code” (/mamoi)."
        )
        return text.format(role=role_at(t, role, place, commune=commune))
    elif role == "leader" and weekly_off:  # her weekly message turned off: not sent it (decision 2462)
        text = (
            t(
                "You are now a hamlet head, leader of {place}: /baocao shows its digest (your weekly message "
                "is off: /nhacnho turns it on), you write the year's report (/baocaonam) and propose "
                "households for awards (/dekhenthuong)."
            )
            if hamlet
            else t(
                "You are now a leader of {place}: /baocao shows its digest (your weekly message is off: "
                "/nhacnho turns it on), you write the year's report (/baocaonam) and propose people for "
                "awards (/dekhenthuong)."
            )
        )
    elif role == "leader" and hamlet:
        text = t(
            "You are now a hamlet head, leader of {place}: you get its weekly digest (/baocao shows it now), "
            "write the year's report (/baocaonam) and propose households for awards (/dekhenthuong)."
        )
    elif role == "leader":
        text = t(
            "You are now a leader of {place}: you get its weekly digest (/baocao shows it now), write the "
            "year's report (/baocaonam) and propose people for awards (/dekhenthuong)."
        )
    elif role == "admin":
        text = t(
            "You are now an administrator of {place}: you grant and take away roles under “Roles” in the "
            "menu (/phanquyen), make invite codes (/mamoi) and run drives and appeals (/dotvandong, /keugoi)."
        )
    else:
        text = t("You are now a member of {place}.")
    return text.format(place=place)


async def role_changed(
    session: AsyncSession,
    person: Person,
    *,
    granted: bool,
    role: str,
    unit: Unit | None,
    now: datetime,
    settings: Settings | None,
) -> int | None:
    """Tell `person` that they were given the `role` in `unit` (None: the whole organisation),
    with what they can now do and where, or (`granted` False) that it was taken away; nothing when they have
    no account to reach (a listed record nobody joined with yet: the menu shows them their roles when they
    do). One row per change: the audit row's moment is in the key."""
    if await reach(session, person.id) is None:
        return None
    due = quiet_until(now, settings)
    commune, level = await commune_and_level(session, person.org_id)
    hamlet = role == "leader" and unit is not None and unit.id in await hamlet_ids(session, person.org_id)
    from bot.domain.reminders import monday_off  # here: reminders reads the awards, which tell through this

    weekly_off = granted and role == "leader" and await monday_off(session, person.id)
    offers = []
    if granted and role == "treasurer":
        queue = Offer(
            "queue", lambda locale: translate(locale, "Contributions to confirm"), due + ROLE_ACTIONS_LIVE
        )
        offers.append(queue)
    elif granted and role == "admin":
        offers.append(Offer("roles", lambda locale: translate(locale, "Roles"), due + ROLE_ACTIONS_LIVE))

    def render(locale: str) -> OutboundMessage:
        t = Translator(locale)
        place = role_place(t, unit.name if unit is not None else None, commune=commune, level=level)
        if granted:
            return OutboundMessage(
                text=_granted_text(t, role, place, commune=commune, hamlet=hamlet, weekly_off=weekly_off),
                keep=True,
            )
        text = t(
            "The office took away your role of {role}. From your next message the menu shows what you may "
            "do now."
        ).format(role=role_at(t, role, place, commune=commune, hamlet=hamlet))
        return OutboundMessage(text=text, keep=True)

    change = "grant" if granted else "revoke"
    return await _notice(
        session,
        key=f"notice:role:{change}:{person.id}:{role}:{unit.id if unit else 'org'}:{now.isoformat()}",
        person_id=person.id,
        render=render,
        offers=offers,
        now=now,
        settings=settings,
    )


# --- a leaving recorded, or planned ahead and on its day (docs/decisions/0287, 0295) -----------------------


async def leaving_took_effect(
    session: AsyncSession,
    person: Person,
    *,
    on: date,
    roles: Sequence[tuple[str, str | None]],
    planned: bool,
    now: datetime,
    settings: Settings | None,
) -> None:
    """A leaving recorded (bot.domain.leaving.mark_left): planned ahead and taken effect on its day
    (`people.leavings`, `planned`), or recorded for today or a day gone. The person is told, kindly, that it
    is recorded, what stays theirs (their account, their own progress and receipts, their gifts counted in
    their time) and what no longer comes; the admin who planned it, when one did in the chat and still keeps
    the person's unit's list (`may_mark_left`: at work, their admin role not ended nor moved to another
    unit since), that it is done and which roles ended with it, to give to someone else (one who records a
    leaving for today has just read them on its last look and its answer: not told again). No amount, no
    gift: only the person and the admin who planned it read it. Keyed by the person and the day: once per
    leaving, not again for the same day after it was taken back (docs/decisions/0295)."""
    org_name = await session.scalar(select(Organisation.name).where(Organisation.id == person.org_id))
    held = [(role, code) for role, code in roles if role != "member"]
    named = {  # only where a role ended: a member's leaving reads no unit
        locale: await roles_named(session, person.org_id, Translator(locale), held)
        for locale in LOCALES
        if held
    }
    offers = [
        Offer(
            "progress",
            lambda locale: translate(locale, "See my progress"),
            quiet_until(now, settings) + DECISION_ACTIONS_LIVE,
        )
    ]

    def to_them(locale: str) -> OutboundMessage:
        t = Translator(locale)
        said = (
            t(
                "From {day}, you are recorded as having left {org}, as planned. Thank you for all you did "
                "with us."
            )
            if planned
            else t("From {day}, you are recorded as having left {org}. Thank you for all you did with us.")
        )
        lines = [
            said.format(day=t.date(on), org=org_name),
            t(
                "Your account stays: “{progress}” still shows your gifts and receipts, and what you gave "
                "still counts in the reports of your time here. Appeals, reminders and digests no longer "
                "come to you."
            ).format(progress=t("My progress")),
        ]
        if held:
            lines.append(t("Your roles ended with it: {roles}.").format(roles=named[locale]))
        return OutboundMessage(text="\n".join(lines), keep=True)

    key = f"notice:left:{person.id}:{on.isoformat()}"
    await _notice(
        session, key=key, person_id=person.id, render=to_them, offers=offers, now=now, settings=settings
    )
    if not planned:
        return  # recorded today by whoever reads its last look and its answer now (docs/decisions/0295)
    planner = await session.scalar(
        select(AuditLog.actor_id)
        .where(
            AuditLog.action == "person.leaving_planned",
            AuditLog.entity == "person",
            AuditLog.entity_id == person.id,
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    admin = await session.get(Person, planner) if planner is not None else None
    keeper = await actor_for(session, admin) if admin is not None and admin.left_on is None else None
    if not may_mark_left(keeper, person):  # at the shell, by themself, gone since or keeping no list (0301)
        return

    def to_planner(locale: str) -> OutboundMessage:
        t = Translator(locale)
        said = t("From {day}, {name} is recorded as having left, as you planned.")
        lines = [said.format(day=t.date(on), name=person.full_name)]
        if held:
            lines.append(
                t(
                    "Roles that ended with it: {roles}. Give them to someone else under “{menu}” if they are "
                    "needed."
                ).format(roles=named[locale], menu=t("Roles"))
            )
        return OutboundMessage(text="\n".join(lines), keep=True)

    await _notice(
        session,
        key=f"{key}:planner:{admin.id}",
        person_id=admin.id,
        render=to_planner,
        now=now,
        settings=settings,
    )


# --- a role holder who stopped the bot (docs/decisions/0699) ---------------------------------------------


async def role_holder_stopped(
    session: AsyncSession,
    person: Person,
    roles: Sequence[tuple[str, str | None]],
    readers: Sequence[int],
    *,
    now: datetime,
    settings: Settings | None,
) -> None:
    """A treasurer, officer, leader or administrator stopped the bot (/stop): her roles stay, but their work
    (gifts to confirm, digests, the office's notices) no longer reaches her. Each of `readers` (the office:
    `my_data.office_told_of_stop`) is told so once, by her name and roles, to give them to someone else.
    Never an amount, nor why she stopped."""
    named = {
        locale: await roles_named(session, person.org_id, Translator(locale), roles) for locale in LOCALES
    }

    def render(locale: str) -> OutboundMessage:
        t = Translator(locale)
        return OutboundMessage(
            text=t(
                "{name} stopped using Chung Tay and no longer receives its messages. Roles still held: "
                "{roles}. If they are needed, give them to someone else under “{menu}” (/phanquyen)."
            ).format(name=person.full_name, roles=named[locale], menu=t("Roles")),
            keep=True,
        )

    for reader in readers:
        await _notice(
            session,
            key=f"notice:stopped:{person.id}:{now:%Y%m%d%H%M%S}:{reader}",
            person_id=reader,
            render=render,
            now=now,
            settings=settings,
        )


# --- an entry nobody may confirm (docs/decisions/0074) -------------------------------------------------

# Who hears that entries wait with no treasurer to confirm them: whoever may make someone treasurer of the
# unit (its admins, the organisation's), and the organisation-wide treasurers (a sole one gave or recorded
# it).
_OFFICE_ROLES = ("admin",)


@dataclass(frozen=True)
class Unattended:
    """An entry no treasurer may decide, as its receipt says it: where (the unit's name, or the
    organisation's for an entry of no unit), whether a treasurer covers it but gave or recorded it
    (`only_theirs`), and whether the office was told today (`office_told`)."""

    unit: str
    only_theirs: bool
    office_told: bool


def _office_key(contribution: Contribution, due: datetime, person_id: int | str) -> str:
    day, unit = due.astimezone(LOCAL_TZ), contribution.unit_id or "org"
    return f"notice:undecidable:{contribution.org_id}:{unit}:{day:%Y%m%d}:{person_id}"


async def _office_due(
    session: AsyncSession, contribution: Contribution, now: datetime, settings: Settings | None
) -> datetime:
    """When the office's count of `contribution`'s unit goes: after the quiet hours, and after a holiday
    (docs/decisions/0619)."""
    days_off = (await days_off_of(session, [contribution.org_id]))[contribution.org_id]
    return _after_holiday(quiet_until(now, settings), settings, days_off)


async def unattended(
    session: AsyncSession, contribution: Contribution, *, now: datetime, settings: Settings | None
) -> Unattended | None:
    """`contribution`, just recorded, if no treasurer may decide it (None when one may): what its receipt
    tells the giver, or the officer who recorded it."""
    covering = await _covering(session, contribution)
    if await _deciders(session, contribution, covering):
        return None
    told = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.key.like(
                _office_key(contribution, await _office_due(session, contribution, now, settings), "%")
            )
        )
    )
    return Unattended(await _place(session, contribution), bool(covering), bool(told))


async def _place(session: AsyncSession, contribution: Contribution) -> str:
    if contribution.unit_id is not None:
        unit = await session.get(Unit, contribution.unit_id)
        if unit is not None:
            return unit.name
    org = await session.get(Organisation, contribution.org_id)
    return org.name if org is not None else ""


async def _tell_office(
    session: AsyncSession, contribution: Contribution, *, now: datetime, settings: Settings | None
) -> None:
    """Tell the admins covering the entry's unit, and the organisation-wide treasurers (but its giver and
    recorder), how many entries of the unit wait with no treasurer to confirm them: one notice per unit,
    reader and local day it goes out on, its count brought up to date while it has not gone out. A count and
    the unit's name, never a giver or an amount. In a holiday of the organisation (Tết's break) it goes, as
    the treasurer's count does, at the end of the quiet hours of the first working day after it: one for the
    break (docs/decisions/0619)."""
    office = await session.scalars(
        select(RoleAssignment.person_id)
        .where(
            RoleAssignment.org_id == contribution.org_id,
            or_(
                and_(
                    RoleAssignment.role.in_(_OFFICE_ROLES),
                    or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id == contribution.unit_id),
                ),
                and_(RoleAssignment.role.in_(DECIDE_ROLES), RoleAssignment.unit_id.is_(None)),
            ),
        )
        .distinct()
        .order_by(RoleAssignment.person_id)
    )
    # Whoever gave or recorded it reads so on the receipt (a sole treasurer who recorded for a household);
    # whom its drive helps, in her queue: a treasurer names no treasurer (decision 0630).
    helped = await helped_by(session, contribution.drive_id)
    theirs = (contribution.person_id, contribution.recorded_by, helped)
    readers = [person for person in office if person not in theirs]
    if not readers:
        return
    in_unit = (
        Contribution.unit_id.is_(None)
        if contribution.unit_id is None
        else Contribution.unit_id == contribution.unit_id
    )
    # labour days counted apart: an officer confirms them beside a treasurer (decisions 0434, 2640)
    labour = Contribution.kind == "labour"
    count, days = (
        await session.execute(
            select(func.count(case((~labour, 1))), func.count(case((labour, 1))))
            .select_from(Contribution)
            .where(
                Contribution.org_id == contribution.org_id,
                Contribution.status == "recorded",
                in_unit,
                no_one_may_decide(),
            )
        )
    ).one()
    unit = await _place(session, contribution)
    commune, level = await commune_and_level(session, contribution.org_id)
    text = partial(
        _office_text,
        count=count or 0,
        days=days or 0,
        unit=unit,
        in_unit=contribution.unit_id is not None,
        commune=commune,
        level=level,
    )
    # The button opens "Roles" at the name of whom to make treasurer there (handlers/roles.py), for a reader
    # who may (an admin covering the unit: every reader but a treasurer of the whole organisation).
    where: int | str = contribution.unit_id if contribution.unit_id is not None else "org"
    due = await _office_due(session, contribution, now, settings)
    grant = Offer(
        "grant_role",
        lambda locale: translate(locale, "Make someone treasurer"),
        due + DECISION_ACTIONS_LIVE,
        args={"mode": "grant", "role": "treasurer", "where": where},
    )
    actors = {actor.person_id: actor for actor in await actors_of(session, readers)}  # roles read together
    for person_id in readers:
        if await reach(session, person_id) is None:
            continue
        key = _office_key(contribution, due, person_id)
        row = await _locked_row(session, key)
        if row is None:
            reader = actors.get(person_id)
            grants = may_grant_role(reader, "treasurer", contribution.org_id, contribution.unit_id)
            await notify(
                session,
                key=key,
                person_id=person_id,
                render=lambda locale: OutboundMessage(text=text(locale), keep=True),
                offers=[grant] if grants else [],
                now=now,
                not_before=due,
                default_locale=_default_locale(settings),
            )
        elif _takes_news(row, now):
            await _retold(session, row, text, settings)


def _office_text(
    locale: str,
    *,
    count: int,
    days: int,
    unit: str,
    in_unit: bool,
    commune: bool = False,
    level: str | None = None,
) -> str:
    """The count, and where in the chat the reader names a treasurer ("Phân quyền"; the shell's command is
    the operator's, in docs/guide-admin.md). Money and goods wait for a treasurer; labour days for an officer
    or a treasurer (`decide_roles`, decision 0434), each named for what it waits for (decision 2640), and
    the officer's role offered for them beside the treasurer's; the whole in its own word, “toàn xã”, “toàn
    phường”, “toàn cơ quan” (decision 2721)."""
    t = Translator(locale)
    officer = days_officer(t, commune=commune)
    counts = []
    if count or not days:
        counts.append(
            t("Contributions waiting in {unit} with no treasurer to confirm them: {n}.").format(
                n=t.number(count), unit=unit
            )
        )
    if days:
        days_said = t(
            "Labour days waiting in {unit} with nobody to confirm them (a treasurer or {officer}): {n}."
        )
        counts.append(days_said.format(n=t.number(days), unit=unit, officer=officer))
    said = " ".join(counts)
    whole = role_place(t, None, commune=commune, level=level)
    if in_unit:
        how = t(
            "You can make someone treasurer of {unit} here in the chat: “Roles” (/phanquyen) → “Grant a "
            "role”, or make someone treasurer of {whole}."
        ).format(unit=unit, whole=whole)
    else:
        how = t(
            "You can make someone treasurer of {whole} here in the chat: “Roles” (/phanquyen) → “Grant a "
            "role”."
        ).format(whole=whole)
    parts = [said, how]
    if days:
        if in_unit:
            also = t(
                "Labour days are also confirmed by {officer} of {unit} or of {whole}; that role is granted "
                "there too."
            )
        else:
            also = t(
                "Labour days are also confirmed by {officer} of {whole}; that role is granted there too."
            )
        parts.append(also.format(officer=officer, unit=unit, whole=whole))
    parts.append(t("Whoever gave or recorded an entry never confirms it."))
    return " ".join(parts)


async def _covering(
    session: AsyncSession, contribution: Contribution, roles: frozenset[str] | None = None
) -> list[int]:
    """Who holds a role that decides `contribution` (a treasurer's; for labour days an officer's too:
    decision 0434), or one of `roles`, over its unit or the whole organisation, whether the rule lets them
    decide it or not; in id order."""
    return list(
        await session.scalars(
            select(RoleAssignment.person_id)
            .where(
                RoleAssignment.role.in_(decide_roles(contribution.kind) if roles is None else roles),
                RoleAssignment.org_id == contribution.org_id,
                or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id == contribution.unit_id),
            )
            .distinct()
            .order_by(RoleAssignment.person_id)
        )
    )


async def _deciders(
    session: AsyncSession, contribution: Contribution, covering: list[int] | None = None
) -> list[Actor]:
    """The treasurers who may decide `contribution` (and, for labour days, the officers: decision 0434), by
    the rule itself (never its giver or recorder), among those `_covering` it (read here unless given); in id
    order, so concurrent transactions lock their rows in the same order. Their roles are read together, and
    whether it goes to one's own case or one typed it before it was moved, for all of them at once."""
    people = covering if covering is not None else await _covering(session, contribution)

    async def officers() -> list[Actor]:
        """A treasurer's own money or goods with no other treasurer: an officer covering it confirms it
        (2430); only those not read above are read."""
        read = set(people)
        others = [
            one for one in await _covering(session, contribution, SOLE_TREASURER_CHECKERS) if one not in read
        ]
        return await actors_of(session, others) if others else []

    return await deciders_among(session, await actors_of(session, people), contribution, more=officers)


def _waiting_text(locale: str, *, count: int) -> str:
    return translate(locale, "Contributions waiting for you to confirm: {n}.").format(n=count)


def _next_hour(at: datetime) -> datetime:
    local = at.astimezone(LOCAL_TZ).replace(minute=0, second=0, microsecond=0)
    return (local + timedelta(hours=1)).astimezone(at.tzinfo)


async def _tell_waiting(
    session: AsyncSession, treasurer: Actor, due: datetime, *, now: datetime, settings: Settings | None
) -> None:
    """Write the treasurer's notice due at `due` (the top of the next hour, or after a holiday), or bring its
    count up to date while it has not gone out; once it has (or is being sent), the hour after that.

    Transactions telling the same treasurer take turns on their person row (PostgreSQL), and count only once
    it is theirs: each count then includes the contributions of the transactions before it."""
    count = await _waiting_count(session, treasurer)
    text = partial(_waiting_text, count=count)
    found = await _hours_notice(
        session, f"notice:waiting:{treasurer.person_id}", now=now, settings=settings, first=due
    )
    if found is None:
        return
    key, due, row = found
    if row is None:
        lives = due + WAITING_ACTIONS_LIVE
        await notify(  # at the hour it counts for, not now
            session,
            key=key,
            person_id=treasurer.person_id,
            render=lambda locale: OutboundMessage(text=text(locale)),
            offers=[  # her queue first: the count's answer is the list of what waits (decision 0417)
                Offer("queue", lambda locale: translate(locale, "Contributions to confirm"), lives),
                Offer("lookup", lambda locale: translate(locale, "Look up a contribution"), lives),
            ],
            now=now,
            not_before=due,
            default_locale=_default_locale(settings),
        )
    else:
        await _rewrite(session, row, count, settings)


def _after_holiday(due: datetime, settings: Settings | None, days_off: DaysOff) -> datetime:
    """`due`, or, when its day is a holiday of the organisation (`holiday`: Tết's break, 2/9, of its
    `days_off`), the end of the quiet hours of the first working day after it: a treasurer away for Tết is
    told once what waits when she is back, not every hour of the break (docs/decisions/0613)."""
    day = local_date(due)
    if not holiday(day, settings, days_off):
        return due
    while day_off(day, settings, days_off):
        day += timedelta(days=1)
    return quiet_until(datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC), settings)


async def _weeks_hour(
    session: AsyncSession,
    org_id: int,
    due: datetime,
    settings: Settings | None,
    days_off: DaysOff,
    *,
    now: datetime,
) -> datetime:
    """`due`, or, where the organisation's weekly digests and treasurers' counts go later that same morning,
    their hour: the count of the week says what the hourly count would, with its figures, and the hourly
    count waiting for that hour gives way to it (`treasurers_week.write_counts`, decision 2543). So too a
    gift recorded `now`, before that hour, whose hourly count would be due after it (07:10, due at 08:00,
    the week's at 07:30): the week's count says it, being of what was recorded before its hour (2611)."""
    if settings is None:
        return due
    from bot.domain.digests import digest_time, last_due, sent_at  # digests reads this module

    when = await digest_time(session, org_id, settings)
    before = last_due(when, due)
    for digest in (before, before + timedelta(days=7)):  # the last one moved past a holiday, or the next
        goes = sent_at(digest, settings, days_off)
        if (due < goes or now < goes < due) and local_date(goes) == local_date(due):
            return goes
    return due


async def _hours_notice(
    session: AsyncSession,
    prefix: str,
    *,
    now: datetime,
    settings: Settings | None,
    first: datetime | None = None,
) -> tuple[str, datetime, Any] | None:
    """The notice of the hour that still takes news, for a reader told at most once an hour: its key
    (`prefix` and the local hour), when it is due (the top of the next hour, or the end of the quiet hours;
    `first` when given), and its row, locked (a sender claiming rows skips it until this transaction ends),
    when it is written and not yet going out; None for the row: write it. Once it has gone out (or is being
    sent), the next hour's; None when three hours on are all taken (never in practice)."""
    due = first or quiet_until(_next_hour(now), settings)
    for _hour in range(3):
        key = f"{prefix}:{due.astimezone(LOCAL_TZ):%Y%m%d%H}"
        row = await _locked_row(session, key)
        if row is None:
            return key, due, None
        if _takes_news(row, now):
            return key, due, row
        due = quiet_until(_next_hour(due), settings)
    return None


async def _waiting_count(session: AsyncSession, treasurer: Actor) -> int:
    """How many contributions wait for `treasurer`. Transactions telling the same treasurer take turns on
    their person row (PostgreSQL) first, so each count includes the transactions before it."""
    await session.execute(select(Person.id).where(Person.id == treasurer.person_id).with_for_update())
    count = await session.scalar(
        select(func.count())
        .select_from(Contribution)
        .where(Contribution.status == "recorded", decidable_by(treasurer))
    )
    return count or 0


async def _rewrite(session: AsyncSession, row: Any, count: int, settings: Settings | None) -> None:
    """A waiting-count notice not sent yet: say `count`, or cancel it when nothing waits any more."""
    if count == 0:
        await _rewritten(session, row, status="cancelled")
    else:
        await _retold(session, row, partial(_waiting_text, count=count), settings)


async def waiting_recounted(
    session: AsyncSession, contribution: Contribution, *, now: datetime, settings: Settings | None
) -> None:
    """A contribution decided: the waiting-count notices not sent yet to the treasurers who could decide it
    say the new count, and are cancelled when nothing is left for them to decide."""
    for treasurer in await _deciders(session, contribution):
        await _recount(session, treasurer.person_id, await _waiting_count(session, treasurer), now, settings)


async def waiting_recounted_for(
    session: AsyncSession, person: Person, *, now: datetime, settings: Settings | None
) -> None:
    """A person's treasurer role taken away: their waiting-count notice not sent yet says what is still theirs
    to decide, and is cancelled when nothing is (a former treasurer is not told of a queue they lost)."""
    actor = await actor_for(session, person)
    count = await _waiting_count(session, actor) if actor is not None and may_open_decisions(actor) else 0
    await _recount(session, person.id, count, now, settings)


async def _recount(
    session: AsyncSession, person_id: int, count: int, now: datetime, settings: Settings | None
) -> None:
    unsent = _ROW.where(
        OutboxMessage.key.like(f"notice:waiting:{person_id}:%"),
        not_taken(now),
        OutboxMessage.parts_sent == 0,
    )
    for row in (await session.execute(unsent.with_for_update())).all():
        await _rewrite(session, row, count, settings)


# --- a proposal made or withdrawn after the units' award deadline (docs/decisions/0115) -----------------

LATE_ACTIONS_LIVE = timedelta(days=30)
_BULLET = "• "


@dataclass(frozen=True)
class LateProposal:
    """A proposal made (`made`), changed in place (`changed`) or withdrawn after the units' deadline
    `deadline` of its year, as the office's notice lists it: the nominee ("person" or "household" with their
    `name` and `unit`; "unit": the unit itself; "organisation": the organisation itself, `unit` its name),
    the award and who did it."""

    made: bool
    nominee: str
    name: str
    unit: str
    award: str
    year: int
    by: str
    deadline: date
    changed: str | None = None  # changed in place (docs/decisions/0210): the award it had, or "" (the same)
    # An award conferred above: the organisation's own day to send its dossier up, once gone by (0344, 0398)
    sent_up: date | None = None
    commune: bool = False  # its units are hamlets and boards (decision 0247): “các thôn, ban”

    def line(self, locale: str) -> str:
        t = Translator(locale)
        if self.nominee == "unit":
            who = t("the unit {unit}").format(unit=self.unit)
        elif self.nominee == "organisation":
            who = t("the organisation {organisation}").format(organisation=self.unit)
        else:
            who = f"{self.name} ({self.unit})"
        if self.changed:
            text = t("{nominee} — {award}: changed by {leader} (it was for {was}).")
        elif self.changed is not None:
            text = t("{nominee} — {award}: achievements changed by {leader}.")
        elif self.made:
            text = t("{nominee} — {award}: newly proposed by {leader}.")
        else:
            text = t("{nominee} — {award}: withdrawn by {leader}.")
        said = _BULLET + text.format(nominee=who, award=self.award, leader=self.by, was=self.changed)
        if self.sent_up is not None:  # its dossier may have gone up: only the level above can add to it
            said += " " + t(
                "After the day to send the dossier up ({date}): the office asks the level above whether it "
                "can still be added."
            ).format(date=t.date(self.sent_up))
        return said


def _late_text(locale: str, change: LateProposal, lines: Sequence[str]) -> str:
    """The office's notice: the year's changes after the units' deadline, one line each, and what to do."""
    t = Translator(locale)
    head = (
        t("Award proposals of {year} changed after the hamlets' deadline ({date}):")
        if change.commune
        else t("Award proposals of {year} changed after the units' deadline ({date}):")
    ).format(year=change.year, date=t.date(change.deadline))
    tail = t(
        "The dossier's papers made before are out of date: please take the letter and the council's minutes "
        "out again under “Awards” (/dekhenthuong)."
    )
    return "\n".join([head, *lines, tail])


async def award_changed_late(
    session: AsyncSession,
    org_id: int,
    change: LateProposal,
    *,
    actor_id: int,
    now: datetime,
    settings: Settings | None,
) -> int:
    """Tell the office (the organisation's admins who compile its awards: `may_compile_awards`), but the
    one who made the change, that a proposal was made or withdrawn after the units' deadline, so the dossier
    it printed is out of date. At most one notice an hour for each of them (`_hours_notice`, as a treasurer
    hears of contributions waiting): a change made while that hour's notice waits adds its line to it, so a
    leader withdrawing three proposals in a minute, or changes made at night, are one message (at the top of
    the hour; after quiet hours). How many readers were told."""
    office = await session.scalars(
        select(RoleAssignment.person_id)
        .where(
            RoleAssignment.org_id == org_id,
            RoleAssignment.role.in_(_OFFICE_ROLES),
            RoleAssignment.unit_id.is_(None),
        )
        .distinct()
        .order_by(RoleAssignment.person_id)
    )
    told = 0
    readers = [person_id for person_id in office if person_id != actor_id]
    actors = {actor.person_id: actor for actor in await actors_of(session, readers)}  # roles read together
    for person_id in readers:
        if await reach(session, person_id) is None:
            continue
        if not may_compile_awards(actors.get(person_id), org_id):
            continue
        # Transactions telling one reader take turns (PostgreSQL): each reads the lines of the one before.
        await session.execute(select(Person.id).where(Person.id == person_id).with_for_update())
        found = await _hours_notice(
            session, f"notice:awards_late:{change.year}:{person_id}", now=now, settings=settings
        )
        if found is None:
            continue
        key, due, row = found
        if row is None:
            awards = Offer("awards", lambda locale: translate(locale, "Awards"), due + LATE_ACTIONS_LIVE)
            await notify(
                session,
                key=key,
                person_id=person_id,
                render=lambda locale: OutboundMessage(
                    text=_late_text(locale, change, [change.line(locale)]), keep=True
                ),
                offers=[awards],
                now=now,
                not_before=due,
                default_locale=_default_locale(settings),
            )
        else:
            said = _said_in(row.payload, _default_locale(settings))
            await _retold(
                session,
                row,
                lambda locale, said=said: _late_text(
                    locale, change, [*_bullets(said.get(locale, said[None])), change.line(locale)]
                ),
                settings,
            )
        told += 1
    return told
