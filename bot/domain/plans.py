"""Campaign plans as data: one TOML file per plan, checked strictly, installed idempotently.

A plan file holds what a written plan (kế hoạch) states — its period, milestones, deadlines, target groups,
criteria and award forms — and each value cites where the plan states it (`source`). What an organisation's
mobilisation board decides for itself every year (drives, suggested levels, the registration window, its own
report dates) is not a plan fact: it lives in the organisation's settings (bot.domain.org_settings). A
mistake in a plan file stops the load with a message that says where it is and what is allowed.
See docs/campaign-plans.md for the file format.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    CONTRIBUTION_KINDS,
    MEASURES,
    ROLES,
    AwardForm,
    Campaign,
    CommitmentItem,
    Criterion,
    Deadline,
    Milestone,
    Organisation,
    TargetGroup,
)
from bot.domain.rows import Tally, assign, rows_of, upsert
from bot.domain.tomlcheck import (
    FIRST_YEAR,
    LAST_YEAR,
    SOURCE_MAX,
    Checker,
    FileProblems,
    day_exists,
    join,
    no_such_day,
    one_of,
    problem,
    read_toml,
    show,
    t,
)

log = logging.getLogger(__name__)

SCOPES = ("individual", "household", "collective")
MILESTONE_KINDS = ("launch", "mid_review", "final_review", "ceremony", "other")
OCCASIONS = ("yearly", "ad_hoc", "mid_review", "final_review")
# Who a deadline reminds: a role of the organisation (units' leaders, the admin office…).
AUDIENCES = ROLES
CRITERION_TITLE_MAX = 60  # read on a phone, in a button or a list
SLUG_MAX = 80
COPIES_MAX = 100

# Keys an older plan file may still carry, and where those values live now.
_MOVED_TOP = {
    "drives": t(
        "a drive (its dates, target and suggested level) is a local choice, not a plan fact: set it in the "
        "organisation's settings file (chungtay org settings load FILE; see docs/campaign-plans.md)"
    )
}
SETTINGS_NOT_PLAN = t(
    "this is an organisation's settings file for a year (it names `campaign` and `year`), not a campaign "
    "plan: load it with `chungtay org settings load FILE`; a plan is loaded from campaigns/, e.g. `chungtay "
    "campaign load campaigns/vi-nguoi-ngheo-2026-2030.toml`"
)
_MOVED_CRITERION = {
    "default_target": t(
        "a suggested target is a local choice, not a plan fact: set it in the organisation's settings file "
        "(chungtay org settings load FILE; see docs/campaign-plans.md)"
    )
}


# ---------------------------------------------------------------------------------------------------------
# The plan, as frozen values


@dataclass(frozen=True)
class PlanMilestone:
    """An event of the period, as precisely as the plan states it: a day, a month ("tháng 09/2022") or only a
    year ("sơ kết vào năm 2023"); `on` is its first day and `precision` says which."""

    kind: str
    title: str
    on: date
    precision: str
    source: str | None = None


@dataclass(frozen=True)
class PlanDeadline:
    """A deadline every year on day/month (units send award dossiers before 10/12), or once, in `year` only
    (mid-term dossiers before 15/12/2023)."""

    code: str
    title: str
    month: int
    day: int
    audience: str
    year: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class PlanTargetGroup:
    """Who takes part (hộ nghèo, cấp xã…), with the emulation title that group competes for."""

    code: str
    title: str
    emulation_title: str | None
    scope: str
    source: str | None = None


@dataclass(frozen=True)
class PlanCriterion:
    """Something people or units pledge; `counts` are the contribution kinds that fulfil it; `fund`: only
    gifts to the Fund for the Poor count (Fund drives and entries for the Fund in general)."""

    code: str
    title: str
    description: str | None
    measure: str
    scopes: tuple[str, ...]
    counts: tuple[str, ...]
    fund: bool = False
    source: str | None = None


@dataclass(frozen=True)
class PlanAwardForm:
    """An award (Giấy khen, Bằng khen, Huân chương), who confers it, when, and the dossier it needs."""

    code: str
    title: str
    conferred_by: str
    occasion: str
    copies: int
    dossier: tuple[str, ...]
    source: str | None = None
    # True: the organisation's own head confers it; False: an authority above; None: the plan does not say,
    # and `conferred_by`'s wording tells (bot.domain.awards.conferred_within).
    within_organisation: bool | None = None


@dataclass(frozen=True)
class Plan:
    """A whole campaign plan as read from its file. `file` is the file's name; `source` the documents the
    plan is built from; `template`: built from earlier plans while the official one is awaited."""

    slug: str
    title: str
    starts_on: date
    ends_on: date
    description: str | None
    milestones: tuple[PlanMilestone, ...]
    deadlines: tuple[PlanDeadline, ...]
    target_groups: tuple[PlanTargetGroup, ...]
    criteria: tuple[PlanCriterion, ...]
    award_forms: tuple[PlanAwardForm, ...]
    file: str | None = None
    source: str | None = None
    template: bool = False


# ---------------------------------------------------------------------------------------------------------
# Errors


class PlanError(FileProblems):
    """A plan that cannot be loaded or installed; lists every problem found, one per line."""


# ---------------------------------------------------------------------------------------------------------
# Checking

_TOP_REQUIRED = ("slug", "title", "starts_on", "ends_on")
_TOP_OPTIONAL = ("description", "source", "template")
_SECTIONS = ("milestones", "deadlines", "target_groups", "criteria", "award_forms")


def load_plan(path: Path) -> Plan:
    """Read and check a plan file; raises PlanError listing every problem (file, line, key path)."""
    path = Path(path)
    text, raw = read_toml(path, PlanError)
    if "slug" not in raw and "campaign" in raw and "year" in raw:  # the settings file, given instead
        raise PlanError([problem(str(path), None, "", SETTINGS_NOT_PLAN)])
    return _check_plan(Checker(str(path), text), raw, file=path.name)


def _source(c: Checker, raw: Mapping[str, Any], path: str) -> Any:
    """Where the plan states the value: document and section, e.g. "KH 002, mục IV.3.a"."""
    return c.text(raw, path, "source", max_len=SOURCE_MAX)


def _check_plan(c: Checker, raw: Mapping[str, Any], *, file: str | None) -> Plan:
    c.keys(raw, "", _TOP_REQUIRED, (*_TOP_OPTIONAL, *_SECTIONS), moved=_MOVED_TOP)
    slug = c.code(raw, "", "slug", max_len=SLUG_MAX)
    title = c.text(raw, "", "title")
    starts_on = c.day(raw, "", "starts_on")
    ends_on = c.day(raw, "", "ends_on")
    description = c.text(raw, "", "description", max_len=20_000)
    source = c.text(raw, "", "source", max_len=4_000)
    template = c.boolean(raw, "", "template")
    period_ok = starts_on is not None and ends_on is not None
    if period_ok and not starts_on < ends_on:
        why = t("{last} must be after starts_on ({first})")
        c.problem("ends_on", why, last=show(ends_on), first=show(starts_on))
        period_ok = False
    first, last = (starts_on, ends_on) if period_ok else (None, None)

    milestones = _check_milestones(c, raw, first, last)
    deadlines = _check_deadlines(c, raw, first, last)
    target_groups = _check_target_groups(c, raw)
    criteria = _check_criteria(c, raw)
    award_forms = _check_award_forms(c, raw)

    if c.problems:
        raise PlanError(c.problems)
    return Plan(
        slug=slug,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        milestones=milestones,
        deadlines=deadlines,
        target_groups=target_groups,
        criteria=criteria,
        award_forms=award_forms,
        file=file,
        source=source,
        template=bool(template),
    )


_WHEN = ("date", "month", "year")


def _check_milestones(
    c: Checker, raw: Mapping[str, Any], starts_on: date | None, ends_on: date | None
) -> tuple[PlanMilestone, ...]:
    result = []
    for path, item in c.tables(raw, "milestones"):
        before = len(c.problems)
        c.keys(item, path, ("kind", "title"), (*_WHEN, "source"))
        kind = c.choice(item, path, "kind", MILESTONE_KINDS)
        title = c.text(item, path, "title")
        source = _source(c, item, path)
        given = [key for key in _WHEN if key in item]
        if len(given) != 1:
            c.problem(
                join(path, given[1] if given[1:] else "date"),
                t(
                    'write exactly one of date (2023-12-15), month ("2022-09") or year (2023): '
                    "as precisely as the plan states it"
                ),
            )
            continue
        precision = {"date": "day", "month": "month", "year": "year"}[given[0]]
        if precision == "day":
            on = c.day(item, path, "date")
        elif precision == "month":
            on = c.year_month(item, path, "month")
        else:
            year = c.integer(item, path, "year", minimum=FIRST_YEAR, maximum=LAST_YEAR)
            on = date(year, 1, 1) if year is not None else None
        if on is not None and starts_on is not None and ends_on is not None:
            # The final review may fall anywhere in the last year, whatever day the period ends; a month
            # or a year is in the period if any of it is.
            last = date(ends_on.year, 12, 31) if kind == "final_review" else ends_on
            first = {"day": starts_on, "month": starts_on.replace(day=1), "year": date(starts_on.year, 1, 1)}
            if not first[precision] <= on <= last:
                c.problem(
                    join(path, given[0]),
                    t("{value} is outside the campaign period {first} – {last}"),
                    value=show(item[given[0]]),
                    first=show(starts_on),
                    last=show(last),
                )
        if len(c.problems) == before:
            result.append(PlanMilestone(kind, title, on, precision, source))
    return tuple(result)


def _check_deadlines(
    c: Checker, raw: Mapping[str, Any], starts_on: date | None, ends_on: date | None
) -> tuple[PlanDeadline, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "deadlines"):
        before = len(c.problems)
        once = "date" in item
        if once:
            either = t("a deadline is either yearly (month and day) or once (date)")
            moved = {"month": either, "day": either}
            c.keys(item, path, ("code", "title", "date", "audience"), ("source",), moved=moved)
        else:
            c.keys(item, path, ("code", "title", "month", "day", "audience"), ("source",))
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(item, path, "title")
        audience = c.choice(item, path, "audience", AUDIENCES)
        source = _source(c, item, path)
        if once:
            on = c.day(item, path, "date")
            if None not in (on, starts_on, ends_on) and not starts_on <= on <= ends_on:
                c.problem(
                    join(path, "date"),
                    t("{value} is outside the campaign period {first} – {last}"),
                    value=show(on),
                    first=show(starts_on),
                    last=show(ends_on),
                )
            month, day, year = (on.month, on.day, on.year) if on else (None, None, None)
        else:
            month = c.integer(item, path, "month", minimum=1, maximum=12)
            day = c.integer(item, path, "day", minimum=1, maximum=31)
            year = None
            if month is not None and day is not None and not day_exists(month, day):
                why, fields = no_such_day(month, day)
                c.problem(join(path, "day"), why, **fields)
        if len(c.problems) == before:
            result.append(PlanDeadline(code, title, month, day, audience, year, source))
    c.unique(codes)
    return tuple(result)


def _check_target_groups(c: Checker, raw: Mapping[str, Any]) -> tuple[PlanTargetGroup, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "target_groups"):
        before = len(c.problems)
        c.keys(item, path, ("code", "title", "scope"), ("emulation_title", "source"))
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(item, path, "title")
        emulation_title = c.text(item, path, "emulation_title")
        scope = c.choice(item, path, "scope", SCOPES)
        source = _source(c, item, path)
        if len(c.problems) == before:
            result.append(PlanTargetGroup(code, title, emulation_title, scope, source))
    c.unique(codes)
    return tuple(result)


# Which contribution kinds may fulfil a criterion of each measure.
_COUNTS_FOR: dict[str, tuple[str, ...]] = {
    "money": ("money", "goods"),
    "labour_days": ("labour",),
    "count": (),
    "yes_no": (),
}


def _check_criteria(c: Checker, raw: Mapping[str, Any]) -> tuple[PlanCriterion, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "criteria"):
        before = len(c.problems)
        c.keys(
            item,
            path,
            ("code", "title", "measure", "scopes"),
            ("description", "counts", "fund", "source"),
            moved=_MOVED_CRITERION,
        )
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(
            item,
            path,
            "title",
            max_len=CRITERION_TITLE_MAX,
            too_long=t(
                "is {length} characters long; at most {most} are allowed (to fit a phone screen); put the "
                "long wording in description"
            ),
        )
        description = c.text(item, path, "description", max_len=4_000)
        measure = c.choice(item, path, "measure", MEASURES)
        scopes = c.choices(item, path, "scopes", SCOPES)
        if scopes == ():
            why = t('must name at least one of {allowed}, e.g. scopes = ["{first}"]')
            c.problem(join(path, "scopes"), why, allowed=one_of(SCOPES), first=SCOPES[0])
        counts = c.choices(item, path, "counts", CONTRIBUTION_KINDS) if "counts" in item else ()
        if measure is not None and counts is not None:
            fits = _COUNTS_FOR[measure]
            if not fits and counts:
                c.problem(
                    join(path, "counts"),
                    t("must be empty for measure {measure}: no contribution fulfils it, it is declared"),
                    measure=show(measure),
                )
            elif fits and not (counts and set(counts) <= set(fits)):
                c.problem(
                    join(path, "counts"),
                    t('for measure {measure} name which of {allowed} fulfil it, e.g. counts = ["{first}"]'),
                    measure=show(measure),
                    allowed=one_of(fits),
                    first=fits[0],
                )
        fund = c.boolean(item, path, "fund")
        if fund and measure is not None and measure != "money":
            why = t("only a money criterion counts gifts to the Fund, not {measure}")
            c.problem(join(path, "fund"), why, measure=show(measure))
        source = _source(c, item, path)
        if len(c.problems) == before:
            result.append(
                PlanCriterion(code, title, description, measure, scopes, counts, bool(fund), source)
            )
    c.unique(codes)
    return tuple(result)


def _check_award_forms(c: Checker, raw: Mapping[str, Any]) -> tuple[PlanAwardForm, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "award_forms"):
        before = len(c.problems)
        c.keys(
            item,
            path,
            ("code", "title", "conferred_by", "occasion", "dossier"),
            ("copies", "within_organisation", "source"),
        )
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(item, path, "title")
        conferred_by = c.text(item, path, "conferred_by", max_len=300)
        occasion = c.choice(item, path, "occasion", OCCASIONS)
        copies = c.integer(item, path, "copies", minimum=1, maximum=COPIES_MAX)
        dossier = c.texts(item, path, "dossier")
        within = c.boolean(item, path, "within_organisation")
        source = _source(c, item, path)
        if len(c.problems) == before:
            result.append(
                PlanAwardForm(code, title, conferred_by, occasion, copies or 1, dossier, source, within)
            )
    c.unique(codes)
    return tuple(result)


# ---------------------------------------------------------------------------------------------------------
# Installing


async def install_plan(session: AsyncSession, org: Organisation, plan: Plan, *, now: datetime) -> Campaign:
    """Insert or update the campaign of `plan` for `org` and all its rows; the caller commits.

    Idempotent: installing the same plan again changes nothing (not even loaded_at). An edited plan
    updates rows matched on their code (milestones on kind and order) and adds new ones. Criteria, target
    groups and award forms that left the plan are kept, since commitments and dossiers may refer to them;
    milestones and the plan's deadlines are schedule only and are synced exactly (the organisation's own
    deadlines are left alone). Raises PlanError, before changing anything, if a criterion in use would change
    its measure."""
    if now.tzinfo is None:
        raise ValueError("install_plan needs an aware datetime")
    if org.id is None:
        await session.flush()
    campaign = await session.scalar(
        select(Campaign).where(Campaign.org_id == org.id, Campaign.slug == plan.slug)
    )
    criteria = await rows_of(session, Criterion, Criterion.campaign_id == campaign.id) if campaign else []
    own = (
        await rows_of(session, AwardForm, AwardForm.campaign_id == campaign.id, AwardForm.own)
        if campaign
        else []
    )
    await _refuse_conflicts(session, plan.file or plan.slug, plan, criteria, {f.code for f in own})

    tally: dict[str, Tally] = {}
    values = {
        "title": plan.title,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "description": plan.description,
        "source": plan.file,
    }
    if campaign is None:
        campaign = Campaign(org_id=org.id, slug=plan.slug, loaded_at=now, **values)
        session.add(campaign)
        await session.flush()
        tally["campaign"] = (1, 0, [])
    else:
        tally["campaign"] = (0, int(assign(campaign, values)), [])
    cid = campaign.id

    tally["milestones"] = await _sync_milestones(session, cid, plan.milestones)
    tally["deadlines"] = await _sync_deadlines(session, cid, plan.deadlines)
    tally["target_groups"] = upsert(
        session,
        await rows_of(session, TargetGroup, TargetGroup.campaign_id == cid),
        [
            (g.code, {"title": g.title, "emulation_title": g.emulation_title, "scope": g.scope})
            for g in plan.target_groups
        ],
        lambda code, v: TargetGroup(campaign_id=cid, code=code, **v),
    )
    tally["criteria"] = upsert(
        session,
        criteria,
        [
            (
                k.code,
                {
                    "title": k.title,
                    "description": k.description,
                    "source": k.source,
                    "measure": k.measure,
                    "scopes": list(k.scopes),
                    "counts": list(k.counts),
                    "fund_only": k.fund,
                    "position": position,
                },
            )
            for position, k in enumerate(plan.criteria, start=1)
        ],
        lambda code, v: Criterion(campaign_id=cid, code=code, **v),
    )
    tally["award_forms"] = upsert(
        session,
        await rows_of(session, AwardForm, AwardForm.campaign_id == cid, AwardForm.own.is_(False)),
        [
            (
                a.code,
                {
                    "title": a.title,
                    "conferred_by": a.conferred_by,
                    "occasion": a.occasion,
                    "copies": a.copies,
                    "dossier": list(a.dossier),
                    "within_organisation": a.within_organisation,
                },
            )
            for a in plan.award_forms
        ],
        lambda code, v: AwardForm(campaign_id=cid, code=code, **v),
    )

    changed = any(ins or upd for ins, upd, _ in tally.values()) or any(
        kept for name, (_, _, kept) in tally.items() if name in ("milestones", "deadlines")
    )
    if changed:
        campaign.loaded_at = now
    await session.flush()
    for name, (ins, upd, kept) in tally.items():
        if ins or upd or kept:
            verb = "deleted" if name in ("milestones", "deadlines") else "kept, no longer in the plan"
            log.info(
                "plan %s, %s: %d added, %d updated%s",
                plan.slug,
                name,
                ins,
                upd,
                f"; {verb}: {', '.join(kept)}" if kept else "",
            )
    return campaign


async def _refuse_conflicts(
    session: AsyncSession, file: str, plan: Plan, criteria: Sequence[Criterion], own_forms: set[str]
) -> None:
    """What an install must not do silently: re-measure pledged targets, or take over the code of an award
    form the organisation made its own (its settings file, docs/decisions/0073)."""
    problems = [
        problem(
            file,
            None,
            f"award_forms[{i}].code",
            t(
                "{code} is the code of an award form of the organisation's own (its settings file); rename "
                "that one in the settings file and load it first"
            ),
            code=show(form.code),
        )
        for i, form in enumerate(plan.award_forms, start=1)
        if form.code in own_forms
    ]
    by_code = {k.code: k for k in criteria}
    for i, wanted in enumerate(plan.criteria, start=1):
        row = by_code.get(wanted.code)
        if row is None or row.measure == wanted.measure:
            continue
        used = await session.scalar(
            select(func.count()).select_from(CommitmentItem).where(CommitmentItem.criterion_id == row.id)
        )
        if used:
            problems.append(
                problem(
                    file,
                    None,
                    f"criteria[{i}].measure",
                    t(
                        "criterion {code} cannot change from {old} to {new}: commitments pledge it ({used}); "
                        "give the new criterion a new code"
                    ),
                    code=show(wanted.code),
                    old=row.measure,
                    new=wanted.measure,
                    used=used,
                )
            )
    if problems:
        raise PlanError(problems)


async def _sync_milestones(session: AsyncSession, campaign_id: int, wanted: Sequence[PlanMilestone]) -> Tally:
    """Milestones have no code: the n-th milestone of a kind in the file is the n-th row of that kind."""
    rows = await rows_of(session, Milestone, Milestone.campaign_id == campaign_id)
    by_kind: dict[str, list[Milestone]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    inserted = updated = 0
    for milestone in wanted:
        same = by_kind.get(milestone.kind)
        values = {"title": milestone.title, "on_date": milestone.on, "precision": milestone.precision}
        if same:
            updated += assign(same.pop(0), values)
        else:
            session.add(Milestone(campaign_id=campaign_id, kind=milestone.kind, **values))
            inserted += 1
    deleted = []
    for left in by_kind.values():
        for row in left:
            deleted.append(f"{row.kind} {row.on_date.isoformat()}")
            await session.delete(row)
    return inserted, updated, deleted


async def _sync_deadlines(session: AsyncSession, campaign_id: int, wanted: Sequence[PlanDeadline]) -> Tally:
    """The plan's deadlines, exactly; the organisation's own (local) deadlines are not the plan's to touch."""
    rows = await rows_of(session, Deadline, Deadline.campaign_id == campaign_id, Deadline.local.is_(False))
    by_code: dict[str, Deadline] = {}
    extra = []
    for row in rows:
        if row.code in by_code:
            extra.append(row)
        else:
            by_code[row.code] = row
    inserted = updated = 0
    for deadline in wanted:
        values = {
            "title": deadline.title,
            "month": deadline.month,
            "day": deadline.day,
            "year": deadline.year,
            "audience": deadline.audience,
        }
        row = by_code.pop(deadline.code, None)
        if row is None:
            session.add(Deadline(campaign_id=campaign_id, code=deadline.code, local=False, **values))
            inserted += 1
        else:
            updated += assign(row, values)
    deleted = []
    for row in [*by_code.values(), *extra]:
        deleted.append(row.code)
        await session.delete(row)
    return inserted, updated, deleted
