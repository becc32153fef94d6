"""Results (ghi kết quả): what was done toward a criterion measured as a count or a yes/no — two poor
households helped, an initiative, a colleague in hardship visited, the household's pledge to escape poverty.

A result is self-reported: its owner records it as done, with a short text of what was done and, if they
like, a photo as evidence. No treasurer confirms it (no money passes): a leader of the unit who reads it and
doubts it sets it aside with a reason, and the person is told. A result is never edited: withdrawn by its
owner (or whoever recorded it), or set aside, it stays on record, marked. The owner is named as a
registration's (bot.domain.commitments.owner_key): a person or household, a unit's collective, or the
organisation's own (docs/decisions/0059), recorded by whoever may register for it; an officer records for a
household or someone without a phone as for a contribution (bot.domain.access.may_act_for). The rules are
asked here, by the functions that write. docs/decisions/0050."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.db.models import Campaign, Criterion, Person, Result, Unit
from bot.domain.access import (
    Actor,
    UnitRef,
    actor_for,
    may_record_own_result,
    may_record_unit_result,
    may_set_aside_result,
    may_speak_for_org,
    may_withdraw_result,
    person_may_act_for,
)
from bot.domain.audit import audit
from bot.domain.commitments import owner_key
from bot.domain.notices import result_set_aside
from bot.domain.org_settings import COUNT_TARGET_MAX
from bot.text import clean, fold

RESULT_MEASURES = ("count", "yes_no")
# A count criterion is an initiative or good model (“Sáng kiến, mô hình hay…”) when its title says so: the
# plans' codes carry no meaning, their titles do (the year's report names these results apart).
INITIATIVE_WORDS = ("sang kien", "mo hinh")
MAX_QUANTITY = COUNT_TARGET_MAX  # as much as a count may be pledged
MAX_DESCRIPTION = 300  # one line on a phone, and a row of the achievement report
MAX_REASON = 300
PAGE_SIZE = 5


class ResultError(Exception):
    """A result refused. `reason`: "not_allowed" (the rules say no), "criterion" (not a count or yes/no
    criterion of the campaign), "scope" (not one for this owner: a household's item for a unit…), "year"
    (outside the campaign), "quantity" (a count not 1..MAX_QUANTITY, a yes/no not 1), "description" (empty or
    longer than MAX_DESCRIPTION), "already" (a yes/no already recorded and standing), "not_found", "closed"
    (withdrawn or set aside already), "reason" (a set-aside's reason empty or too long)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class EvidencePhoto:
    """A photo the channel stored (bot.media): where, its checksum and size."""

    sha256: str
    path: str
    size: int


def one_line(text: str) -> str:
    """What was done as it is stored and shown: cleaned, its lines and spaces run into one line."""
    return " ".join(clean(text).split())


def is_initiative(criterion: Criterion) -> bool:
    """Whether results toward `criterion` are initiatives or good models (“Sáng kiến, mô hình hay…”)."""
    title = fold(criterion.title)
    return criterion.measure == "count" and any(word in title for word in INITIATIVE_WORDS)


def _scope_of(person: Person | None) -> str:
    if person is None:
        return "collective"
    return "household" if person.kind == "household" else "individual"


async def record_result(
    session: AsyncSession,
    recorder: Person,
    *,
    campaign_id: int,
    year: int,
    criterion_id: int,
    quantity: int,
    description: str,
    person: Person | None = None,
    unit_id: int | None = None,
    organisation: bool = False,
    photo: EvidencePhoto | None = None,
    now: datetime,
) -> Result:
    """Record a result of `person` (the recorder themself, or someone they may act for) or, with `unit_id`
    and no person, of that unit's collective, or with `organisation` (and neither), of the recorder's
    organisation itself. Refused (ResultError) unless the rules let the recorder, the criterion is a count or
    yes/no one of the campaign for the owner's scope, the year is the campaign's, the quantity fits (a yes/no
    is 1, and once while it stands) and what was done is said in one line."""
    actor = await actor_for(session, recorder)
    owner = person if unit_id is None and not organisation else None
    if owner is None and unit_id is None and not organisation:
        owner = recorder
    unit = await session.get(Unit, unit_id) if unit_id is not None and not organisation else None
    if organisation:
        if not may_speak_for_org(actor, recorder.org_id):
            raise _refused(session, recorder.id, now)
    elif owner is None:
        if unit is None or not may_record_unit_result(actor, UnitRef(unit.id, unit.org_id)):
            raise _refused(session, recorder.id, now)
    elif owner.id != recorder.id:
        if not await person_may_act_for(session, recorder, owner):
            raise _refused(session, recorder.id, now)
    elif not may_record_own_result(actor, owner):
        raise _refused(session, recorder.id, now)
    owned_by = owner or unit or recorder  # the person, the unit, or with neither the recorder's organisation
    org_id = owned_by.org_id
    campaign = await session.get(Campaign, campaign_id)
    criterion = await session.get(Criterion, criterion_id)
    if campaign is None or campaign.org_id != org_id:
        raise ResultError("criterion")
    if criterion is None or criterion.campaign_id != campaign.id or criterion.measure not in RESULT_MEASURES:
        raise ResultError("criterion")
    if _scope_of(owner) not in (criterion.scopes or []):
        raise ResultError("scope")
    if not campaign.starts_on.year <= year <= campaign.ends_on.year:
        raise ResultError("year")
    limit = 1 if criterion.measure == "yes_no" else MAX_QUANTITY
    if not 1 <= quantity <= limit:
        raise ResultError("quantity")
    text = one_line(description)
    if not text or len(text) > MAX_DESCRIPTION:
        raise ResultError("description")
    unit_id = None if organisation else unit_id
    key = owner_key(_scope_of(owner), owner.id if owner else None, unit_id, org_id=org_id)
    if criterion.measure == "yes_no":
        done = await recorded_toward(session, campaign.id, year, key)
        if done.get(criterion.id):
            raise ResultError("already")
    result = Result(
        org_id=org_id,
        campaign_id=campaign.id,
        year=year,
        criterion_id=criterion.id,
        owner_key=key,
        person_id=owner.id if owner else None,
        unit_id=owner.unit_id if owner else unit_id,
        quantity=quantity,
        description=text,
        photo_sha256=photo.sha256 if photo else None,
        photo_path=photo.path if photo else None,
        photo_size=photo.size if photo else None,
        recorded_by=recorder.id,
        recorded_at=now,
        status="standing",
    )
    session.add(result)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=recorder.id,
        action="result.record",
        entity="result",
        entity_id=result.id,
        criterion=criterion.code,
        year=year,
        quantity=quantity,
        **({"for_person": owner.id} if owner is not None and owner.id != recorder.id else {}),
        **({"collective": True} if owner is None else {}),
        **({"organisation": True} if organisation else {}),
    )
    return result


def _refused(
    session: AsyncSession, actor_id: int | None, now: datetime, result_id: int | None = None, **attempted: str
) -> ResultError:
    """A result refused by the rules (recording, withdrawing, setting aside): the attempt audited."""
    audit(session, at=now, actor_id=actor_id, action="result.refused", entity="result", entity_id=result_id,
          **attempted)  # fmt: skip
    return ResultError("not_allowed")


async def _standing(session: AsyncSession, actor: Actor | None, result_id: int) -> Result:
    result = await session.get(Result, result_id)
    if result is None or actor is None or result.org_id != actor.org_id:
        raise ResultError("not_found")
    return result


async def withdraw_result(
    session: AsyncSession, actor: Actor | None, result_id: int, *, now: datetime
) -> Result:
    """Withdraw a result (kept, marked withdrawn, with who and when): its owner or whoever recorded it; a
    collective's, whoever may record for the unit."""
    result = await _standing(session, actor, result_id)
    if not may_withdraw_result(actor, result):
        raise _refused(session, actor.person_id if actor else None, now, result.id, attempted="withdraw")
    if result.status != "standing":
        raise ResultError("closed")
    assert actor is not None
    result.status, result.closed_at, result.closed_by = "withdrawn", now, actor.person_id
    await session.flush()
    audit(session, at=now, actor_id=actor.person_id, action="result.withdraw", entity="result",
          entity_id=result.id)  # fmt: skip
    return result


async def set_aside_result(
    session: AsyncSession,
    actor: Actor | None,
    result_id: int,
    *,
    reason: str,
    now: datetime,
    settings: Settings | None = None,
) -> Result:
    """Set a result aside (“không ghi nhận”): a leader covering its unit, with a short reason. It is kept,
    marked, and no longer counts; the person it is of (a collective's: who recorded it) is told, with the
    reason (`settings` for the quiet hours)."""
    result = await _standing(session, actor, result_id)
    if not may_set_aside_result(actor, result):
        raise _refused(session, actor.person_id if actor else None, now, result.id, attempted="set_aside")
    if result.status != "standing":
        raise ResultError("closed")
    text = one_line(reason)
    if not text or len(text) > MAX_REASON:
        raise ResultError("reason")
    assert actor is not None
    result.status, result.closed_at, result.closed_by, result.reason = "set_aside", now, actor.person_id, text
    await session.flush()
    audit(session, at=now, actor_id=actor.person_id, action="result.set_aside", entity="result",
          entity_id=result.id)  # fmt: skip
    criterion = await session.get_one(Criterion, result.criterion_id)
    await result_set_aside(
        session,
        result.id,
        result.person_id or result.recorded_by,
        criterion=criterion.title,
        what=result.description,
        reason=text,
        now=now,
        settings=settings,
    )
    return result


# --- reading them ------------------------------------------------------------------------------------------


async def _standing_sums(
    session: AsyncSession, campaign_id: int, year: int, *where: ColumnElement[bool]
) -> dict[int, int]:
    """The standing results of the campaign year matching `where`, criterion id → the quantities added up."""
    rows = await session.execute(
        select(Result.criterion_id, func.sum(Result.quantity))
        .where(Result.campaign_id == campaign_id, Result.year == year, Result.status == "standing", *where)
        .group_by(Result.criterion_id)
    )
    return {criterion_id: int(total) for criterion_id, total in rows}


async def recorded_toward(session: AsyncSession, campaign_id: int, year: int, key: str) -> dict[int, int]:
    """What stands recorded for an owner in a campaign year, criterion id → the sum of the quantities."""
    return await _standing_sums(session, campaign_id, year, Result.owner_key == key)


async def recorded_by_people_of(
    session: AsyncSession, campaign_id: int, year: int, key: str
) -> dict[int, int]:
    """For a collective's owner `key` ("u:<unit>" or "o:<org>"), what the people (and households) in it
    recorded on their own in the campaign year, criterion id → the sum: shown beside the collective's own
    results, never added to them, so that nothing counts twice against the targets registered
    (docs/decisions/0057). Empty for a person's key."""
    kind, _, owner = key.partition(":")
    if kind not in ("u", "o"):
        return {}
    within = Result.unit_id == int(owner) if kind == "u" else Result.org_id == int(owner)
    return await _standing_sums(session, campaign_id, year, Result.person_id.is_not(None), within)


@dataclass(frozen=True)
class ResultLine:
    """A result as the lists show it. `owner` is the person's name, None for a collective: a unit's (`unit`
    its name), or with no unit the organisation's own."""

    id: int
    criterion: str
    measure: str
    quantity: int
    description: str
    photo: str | None
    recorded_at: datetime
    status: str
    reason: str | None
    owner: str | None
    unit: str | None
    person_id: int | None
    unit_id: int | None
    org_id: int
    recorded_by: int
    photo_sha256: str | None  # the photo's checksum: the same photo twice is one (an annex prints it once)
    recorder: str | None = None  # who recorded a person's result for them (an officer: decision 0043)


def _lines_query(*where: ColumnElement[bool]):  # type: ignore[no-untyped-def]
    owner, recorder = aliased(Person), aliased(Person)
    for_them = and_(Result.person_id.is_not(None), Result.recorded_by != Result.person_id)
    return (
        select(
            Result.id,
            Criterion.title,
            Criterion.measure,
            Result.quantity,
            Result.description,
            Result.photo_path,
            Result.recorded_at,
            Result.status,
            Result.reason,
            owner.full_name,
            Unit.name,
            Result.person_id,
            Result.unit_id,
            Result.org_id,
            Result.recorded_by,
            Result.photo_sha256,
            case((for_them, recorder.full_name), else_=None),
        )
        .join(Criterion, Criterion.id == Result.criterion_id)
        .outerjoin(owner, owner.id == Result.person_id)
        .outerjoin(recorder, recorder.id == Result.recorded_by)
        .outerjoin(Unit, Unit.id == Result.unit_id)
        .where(*where)
        .order_by(Result.recorded_at.desc(), Result.id.desc())
    )


async def owner_results(
    session: AsyncSession, campaign_id: int, year: int, key: str, *, limit: int = PAGE_SIZE
) -> list[ResultLine]:
    """An owner's latest results of the campaign year, the newest first, withdrawn and set-aside ones too."""
    query = _lines_query(Result.campaign_id == campaign_id, Result.year == year, Result.owner_key == key)
    return [ResultLine(*row) for row in await session.execute(query.limit(limit))]


async def owner_results_page(
    session: AsyncSession, campaign_id: int, year: int, key: str, *, page: int = 0, size: int = PAGE_SIZE
) -> tuple[list[ResultLine], int]:
    """One page of an owner's results of the campaign year (`owner_results`), and how many there are."""
    where = [Result.campaign_id == campaign_id, Result.year == year, Result.owner_key == key]
    return await _lines_page(session, where, page, size)


async def unit_results_page(
    session: AsyncSession,
    org_id: int,
    campaign_id: int,
    year: int,
    *,
    units: frozenset[int] | None,
    page: int = 0,
    size: int = PAGE_SIZE,
) -> tuple[list[ResultLine], int]:
    """One page of the results of `units` (None: the whole organisation) in the campaign year, the newest
    first, and how many there are. Callers have asked the rules (bot.domain.access.results_units): this
    reads."""
    where = [Result.org_id == org_id, Result.campaign_id == campaign_id, Result.year == year]
    if units is not None:
        where.append(Result.unit_id.in_(sorted(units)))
    return await _lines_page(session, where, page, size)


async def _lines_page(
    session: AsyncSession, where: list[ColumnElement[bool]], page: int, size: int
) -> tuple[list[ResultLine], int]:
    total = await session.scalar(select(func.count()).select_from(Result).where(*where)) or 0
    rows = await session.execute(_lines_query(*where).offset(page * size).limit(size))
    return [ResultLine(*row) for row in rows], total


async def standing_results(session: AsyncSession, campaign_id: int, year: int, key: str) -> list[ResultLine]:
    """An owner's results of the campaign year that still stand, the oldest first: what an achievement report
    lists."""
    query = _lines_query(
        Result.campaign_id == campaign_id,
        Result.year == year,
        Result.owner_key == key,
        Result.status == "standing",
    )
    rows = await session.execute(query.order_by(None).order_by(Result.recorded_at, Result.id))
    return [ResultLine(*row) for row in rows]


def _in_scope(org_id: int, campaign_id: int, year: int, unit_id: int | None) -> list[ColumnElement[bool]]:
    """The standing results of the campaign year in the organisation or, with `unit_id`, in the unit: by the
    unit of a result (its people's, where they are now, and its collective's), as the digest reads them."""
    where = [
        Result.org_id == org_id,
        Result.campaign_id == campaign_id,
        Result.year == year,
        Result.status == "standing",
    ]
    if unit_id is not None:
        where.append(Result.unit_id == unit_id)
    return where


async def standing_by_owner(
    session: AsyncSession, org_id: int, campaign_id: int, year: int, *, unit_id: int | None = None
) -> dict[int, dict[str, int]]:
    """What stands recorded in the campaign year in the organisation (or the unit `unit_id`), criterion id →
    owner key → the quantities added up: the year's report adds them up, and tells whose yes/no was done."""
    rows = await session.execute(
        select(Result.criterion_id, Result.owner_key, func.sum(Result.quantity))
        .where(*_in_scope(org_id, campaign_id, year, unit_id))
        .group_by(Result.criterion_id, Result.owner_key)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for criterion_id, key, total in rows:
        found[criterion_id][key] = int(total)
    return dict(found)


async def results_toward(
    session: AsyncSession,
    org_id: int,
    campaign_id: int,
    year: int,
    criterion_ids: list[int],
    *,
    unit_id: int | None = None,
    limit: int,
) -> tuple[list[tuple[str, int]], int]:
    """The first `limit` standing results toward `criterion_ids` in the campaign year (what was done and how
    many, the oldest first), and how many such results there are in all."""
    where = [*_in_scope(org_id, campaign_id, year, unit_id), Result.criterion_id.in_(criterion_ids)]
    total = await session.scalar(select(func.count()).select_from(Result).where(*where)) or 0
    rows = await session.execute(
        select(Result.description, Result.quantity)
        .where(*where)
        .order_by(Result.recorded_at, Result.id)
        .limit(limit)
    )
    return [(description, quantity) for description, quantity in rows], total
