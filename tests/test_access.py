"""Who may do what (bot.domain.access): every privileged action against every role on a real SQLite file, the
domain refusing on its own, and a treasurer meeting their own contribution through the collecting channel."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import (
    Appeal,
    AuditLog,
    AwardProposal,
    ChannelIdentity,
    Contribution,
    Drive,
    Invite,
    Organisation,
    Person,
    Result,
    RoleAssignment,
    Unit,
)
from bot.domain.access import (
    Actor,
    Subject,
    acted_for_by,
    actor_for,
    actor_for_identity,
    away_among,
    in_ledger_of,
    labour_recordable_by,
    leavers_among,
    may_act_for,
    may_add_receipt,
    may_ask_for_receipt,
    may_be_told_of_double,
    may_chase_held_pack,
    may_compile_awards,
    may_correct_contribution,
    may_decide_contribution,
    may_export_ledger,
    may_export_statement,
    may_get_achievement_report,
    may_grant_role,
    may_hear_it_stands,
    may_hear_its_outcome,
    may_invite,
    may_keep_cases,
    may_list_recorded_for_others,
    may_look_up_contribution,
    may_manage_drive,
    may_manage_invite,
    may_manage_messengers_of,
    may_mark_away,
    may_mark_left,
    may_move_contribution,
    may_name_unregistered,
    may_open_decisions,
    may_open_drive_by_unit,
    may_open_drives,
    may_open_invites,
    may_open_ledger,
    may_open_queue,
    may_open_roles,
    may_open_year_report,
    may_prepare_year,
    may_propose_award,
    may_propose_organisation,
    may_publish_fund,
    may_read_digest,
    may_read_own_data,
    may_read_rollup,
    may_reconcile,
    may_record_award_outcome,
    may_record_donor_gift,
    may_record_labour_for,
    may_record_own_result,
    may_record_payroll,
    may_record_payroll_to,
    may_record_unit_result,
    may_register_own_commitment,
    may_register_unit_commitment,
    may_remit,
    may_remit_any,
    may_reverse_contribution,
    may_see_amounts_of,
    may_see_cases,
    may_see_held_packs,
    may_see_own_standing,
    may_see_poverty_standing,
    may_see_statement,
    may_see_unit_money,
    may_see_unit_results,
    may_see_unit_totals,
    may_see_who_has_not_given,
    may_send_appeal,
    may_set_account,
    may_set_aside_result,
    may_set_poverty_standing,
    may_set_report_day,
    may_speak_for_org,
    may_take_drive_report,
    may_touch_appeal,
    may_view_drives,
    may_withdraw_contribution,
    may_withdraw_proposal,
    may_withdraw_result,
    move_refusal,
    proposable_by,
    role_holders_among,
    subject_for,
)
from bot.domain.contributions import LedgerError, NewContribution, decide, record_contribution, reverse
from tests.support.clocks import NOW
from tests.support.orgs import person_on

# --- a small world: organisation 1 with units A and B, organisation 2 with unit C ------------------------

# who → (home unit, grants as (role, unit or None for the whole organisation), identity status)
PEOPLE: dict[str, tuple[str, tuple[tuple[str, str | None], ...], str]] = {
    "member": ("A", (("member", "A"),), "active"),
    "giver": ("A", (("member", "A"),), "active"),
    "leader": ("A", (("member", "A"), ("leader", "A")), "active"),
    "leader of B": ("B", (("member", "B"), ("leader", "B")), "active"),
    "leader org-wide": ("B", (("member", "B"), ("leader", None)), "active"),
    "treasurer": ("A", (("member", "A"), ("treasurer", "A")), "active"),
    "treasurer of B": ("B", (("member", "B"), ("treasurer", "B")), "active"),
    "treasurer org-wide": ("B", (("member", "B"), ("treasurer", None)), "active"),
    "recorder": ("A", (("member", "A"), ("treasurer", "A")), "active"),
    "officer": ("A", (("member", "A"), ("officer", "A")), "active"),
    "officer of B": ("B", (("member", "B"), ("officer", "B")), "active"),
    "officer org-wide": ("B", (("member", "B"), ("officer", None)), "active"),
    "admin": ("B", (("member", "B"), ("admin", None)), "active"),
    "admin of unit A": ("B", (("member", "B"), ("admin", "A")), "active"),
    "admin of another organisation": ("C", (("member", "C"), ("admin", None)), "active"),
    "blocked identity": ("A", (("treasurer", None), ("officer", None), ("admin", None)), "blocked"),
    "removed identity": ("A", (("treasurer", None), ("officer", None), ("admin", None)), "removed"),
}


def _herself(actor: Actor) -> Person:
    """The actor's own record, a colleague at work."""
    return Person(id=actor.person_id, org_id=actor.org_id, unit_id=actor.unit_id, kind="staff")


@dataclass
class World:
    """The objects every rule is asked about: all in unit A of organisation 1."""

    actors: dict[str, Actor | None]
    contribution: Contribution  # given by "giver", recorded for them by "recorder"
    giver: Person
    unit: Unit
    org_id: int
    # People of unit A someone may act for, or not: a household and a member of staff without a messenger
    # account, and a household whose account is active, blocked or removed.
    subjects: dict[str, Subject]


async def add_person(
    session: AsyncSession,
    units: dict[str, Unit],
    name: str,
    home: str,
    grants: tuple[tuple[str, str | None], ...],
    *,
    chat_id: str,
    status: str = "active",
) -> Person:
    """A person with roles and a console identity, as an admin's staff import would leave them."""
    unit = units[home]
    roles = [(role, units[scope].id if scope else None) for role, scope in grants]
    return await person_on(
        session,
        "console",
        chat_id,
        name,
        org_id=unit.org_id,
        unit_id=unit.id,
        roles=roles,
        now=NOW,
        status=status,
    )


async def add_units(session: AsyncSession) -> dict[str, Unit]:
    first = Organisation(code="BV", name="Bệnh viện Đa khoa", created_at=NOW)
    second = Organisation(code="SYT", name="Sở Y tế", created_at=NOW)
    session.add_all([first, second])
    await session.flush()
    units = {
        "A": Unit(org_id=first.id, code="KN", name="Khoa Nội"),
        "B": Unit(org_id=first.id, code="KD", name="Khoa Dược"),
        "C": Unit(org_id=second.id, code="VP", name="Văn phòng Sở"),
    }
    session.add_all(units.values())
    await session.flush()
    return units


async def build_world(sessionmaker: async_sessionmaker[AsyncSession]) -> World:
    async with sessionmaker() as session, session.begin():
        units = await add_units(session)
        people = {
            who: await add_person(session, units, who.title(), home, grants, chat_id=who, status=status)
            for who, (home, grants, status) in PEOPLE.items()
        }
        contribution = await record_contribution(
            session,
            person=people["giver"],
            recorded_by=people["giver"],
            entry=NewContribution(kind="money", amount_vnd=500_000),
            now=NOW,
        )
        # An entry someone else recorded (no role records for a member with a phone: the row is written so).
        contribution.recorded_by = people["recorder"].id
        actors = {who: await actor_for_identity(session, "console", who) for who in PEOPLE}
        subjects = {}
        for name, (unit, kind, status) in SUBJECTS.items():
            subject = Person(
                org_id=units[unit].org_id,
                unit_id=units[unit].id,
                full_name=name,
                name_key=name.lower(),
                kind=kind,
                created_at=NOW,
            )
            session.add(subject)
            await session.flush()
            if status is not None:
                session.add(
                    ChannelIdentity(
                        channel="console",
                        external_id=name,
                        person_id=subject.id,
                        status=status,
                        created_at=NOW,
                    )
                )
            subjects[name] = await subject_for(session, subject)
        return World(actors, contribution, people["giver"], units["A"], units["A"].org_id, subjects)


# name → (unit, kind, state of their one messenger account or None for none)
SUBJECTS: dict[str, tuple[str, str, str | None]] = {
    "household without a phone": ("A", "household", None),
    "household with a phone": ("A", "household", "active"),
    "staff without a phone": ("A", "staff", None),
    "household that blocked the bot": ("A", "household", "blocked"),
    "household taken off": ("A", "household", "removed"),
    "household of another organisation": ("C", "household", None),
}


@pytest.fixture(scope="module")
def world_path(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("access") / "access.db"
    shutil.copy(migrated_template, path)
    return path


@pytest.fixture(scope="module")
def world(world_path: Path) -> World:
    path = world_path

    async def build() -> World:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        try:
            return await build_world(make_sessionmaker(engine))
        finally:
            await engine.dispose()

    return asyncio.run(build())


def _invite(role: str, *, org_wide: bool = False) -> Callable[[Actor | None, World], bool]:
    return lambda actor, w: may_invite(
        actor, Invite(org_id=w.org_id, unit_id=w.unit.id, role=role, org_wide=org_wide)
    )


def _withdraw_code(role: str) -> Callable[[Actor | None, World], bool]:
    return lambda actor, w: may_manage_invite(actor, Invite(org_id=w.org_id, unit_id=w.unit.id, role=role))


def _confirmed_by_the_treasurer(w: World) -> Contribution:
    """The world's contribution as it stands once "treasurer" confirmed it."""
    c, treasurer = w.contribution, w.actors["treasurer"]
    assert treasurer is not None
    return Contribution(
        org_id=c.org_id,
        unit_id=c.unit_id,
        person_id=c.person_id,
        recorded_by=c.recorded_by,
        decided_by=treasurer.person_id,
        status="confirmed",
    )


def _own_labour(w: World) -> Contribution:
    """A labour day the giver logged himself, waiting."""
    return Contribution(
        org_id=w.org_id,
        unit_id=w.unit.id,
        person_id=w.giver.id,
        recorded_by=w.giver.id,
        kind="labour",
        status="recorded",
    )


def _vouched_labour(w: World) -> Contribution:
    """Labour days of the giver that "officer" recorded and vouched for at once (docs/decisions/0406)."""
    officer = w.actors["officer"]
    assert officer is not None
    return Contribution(
        org_id=w.org_id,
        unit_id=w.unit.id,
        person_id=w.giver.id,
        recorded_by=officer.person_id,
        decided_by=officer.person_id,
        kind="labour",
        status="confirmed",
    )


def _proposed(w: World, *, person: bool, withdrawn: bool = False) -> AwardProposal:
    """A proposal of the giver (`person`) or of unit A itself for an award, standing or withdrawn."""
    return AwardProposal(
        org_id=w.org_id,
        unit_id=w.unit.id,
        person_id=w.giver.id if person else None,
        withdrawn_at=NOW if withdrawn else None,
    )


def _result(w: World, *, person: bool, org: bool = False) -> Result:
    """A result of the giver (`person`, recorded for them by "recorder"), of unit A's collective, or (`org`)
    of the organisation's own."""
    recorder = w.actors["recorder"]
    assert recorder is not None
    return Result(
        org_id=w.org_id,
        unit_id=None if org else w.unit.id,
        person_id=w.giver.id if person else None,
        recorded_by=recorder.person_id if person else w.giver.id,
    )


ACTIONS: dict[str, Callable[[Actor | None, World], bool]] = {
    "look up the contribution": lambda actor, w: may_look_up_contribution(actor, w.contribution),
    "confirm or reject it": lambda actor, w: may_decide_contribution(actor, w.contribution),
    "put it, waiting, in the name of whose it is": lambda actor, w: may_move_contribution(
        actor, w.contribution
    ),
    "confirm or refuse the labour days the giver logged himself": lambda actor, w: may_decide_contribution(
        actor, _own_labour(w)
    ),
    "be told the code of the contribution, as a gift another may double": lambda actor, w: (
        may_be_told_of_double(actor, w.contribution)
    ),
    "withdraw it while it waits": lambda actor, w: may_withdraw_contribution(actor, w.contribution),
    "add its receipt's photo while it waits": lambda actor, w: may_add_receipt(actor, w.contribution),
    "hear how it stands where a photo no longer goes with it": lambda actor, w: may_hear_its_outcome(
        actor, w.contribution
    ),
    "ask its recorder for its receipt's photo while it waits": lambda actor, w: may_ask_for_receipt(
        actor, w.contribution
    ),
    "invite a member": _invite("member"),
    "invite a leader": _invite("leader"),
    "invite a treasurer": _invite("treasurer"),
    "invite an officer": _invite("officer"),
    "invite an admin": _invite("admin"),
    "invite a treasurer of the whole organisation": _invite("treasurer", org_wide=True),
    "invite an officer of the whole organisation": _invite("officer", org_wide=True),
    "invite a leader of the whole organisation": _invite("leader", org_wide=True),
    "see or withdraw a member's code for unit A": _withdraw_code("member"),
    "see or withdraw a leader's code for unit A": _withdraw_code("leader"),
    "see or withdraw a treasurer's code for unit A": _withdraw_code("treasurer"),
    "see or withdraw an admin code": _withdraw_code("admin"),
    "record that the giver left the organisation, or take it back": lambda actor, w: may_mark_left(
        actor, w.giver
    ),
    "record the giver away on long leave, or back": lambda actor, w: may_mark_away(actor, w.giver),
    "record oneself away on long leave": lambda actor, w: (
        actor is not None and may_mark_away(actor, _herself(actor))
    ),
    "say oneself back from long leave": lambda actor, w: (
        actor is not None and may_mark_away(actor, _herself(actor), back=True)
    ),
    "record a colleague of unit A who left the organisation away on long leave": lambda actor, w: (
        may_mark_away(
            actor, Person(org_id=w.org_id, unit_id=w.unit.id, kind="staff", left_on=date(2026, 8, 31))
        )
    ),
    "grant or take away a treasurer role in unit A": lambda actor, w: may_grant_role(
        actor, "treasurer", w.org_id, w.unit.id
    ),
    "grant or take away a leader role for the whole organisation": lambda actor, w: may_grant_role(
        actor, "leader", w.org_id, None
    ),
    "grant or take away the admin role": lambda actor, w: may_grant_role(actor, "admin", w.org_id, None),
    "set where gifts are transferred (the organisation's account, or a drive's own)": lambda actor, w: (
        may_set_account(actor, w.org_id)
    ),
    "set the day the units report their year's results": lambda actor, w: may_set_report_day(actor, w.org_id),
    "see the unit's totals": lambda actor, w: may_see_unit_totals(actor, w.unit),
    "see the giver's amounts": lambda actor, w: may_see_amounts_of(actor, w.giver),
    "see the unit's money where two of its people gave": lambda actor, w: may_see_unit_money(
        actor, w.unit, 2
    ),
    "register the unit's commitment": lambda actor, w: may_register_unit_commitment(actor, w.unit),
    "register one's own commitment": lambda actor, _w: may_register_own_commitment(actor),
    "unlink the giver's messenger or choose where they are reached": lambda actor, w: (
        may_manage_messengers_of(actor, w.giver)
    ),
    "read all the bot keeps about the giver, or stop the bot for them": lambda actor, w: may_read_own_data(
        actor, w.giver
    ),
    "open the treasurer's queue": lambda actor, w: may_open_queue(actor),
    "reconcile the bank's statement": lambda actor, w: may_reconcile(actor),
    "read the packs an officer has held a month or more": lambda actor, w: may_see_held_packs(
        actor, w.org_id
    ),
    "be told of a pack held for a case of unit A whose holder is not asked": lambda actor, w: (
        may_chase_held_pack(actor, w.org_id, w.unit.id)
    ),
    "open the queue of what they may confirm": lambda actor, w: may_open_decisions(actor),
    "reverse the contribution once confirmed": lambda actor, w: may_reverse_contribution(
        actor, _confirmed_by_the_treasurer(w)
    ),
    "correct the contribution's figure once confirmed": lambda actor, w: may_correct_contribution(
        actor, _confirmed_by_the_treasurer(w)
    ),
    "read a drive's public statement": lambda actor, w: may_see_statement(actor, Drive(org_id=w.org_id)),
    "hear whether someone else's code is confirmed": lambda actor, w: may_hear_it_stands(
        actor, w.contribution
    ),
    "get the statement as a spreadsheet": lambda actor, w: may_export_statement(
        actor, Drive(org_id=w.org_id)
    ),
    "take out the Fund's ledger": lambda actor, w: may_export_ledger(actor, w.org_id),
    "write unit A's year report (and read its digest)": lambda actor, w: may_read_digest(actor, w.unit),
    "name who of unit A has not registered, where the digests show names": lambda actor, w: (
        may_name_unregistered(actor, w.unit, names_shown=True)
    ),
    "name who of unit A has not registered, where the digests show none": lambda actor, w: (
        may_name_unregistered(actor, w.unit, names_shown=False)
    ),
    "write the organisation's year report (and read its roll-up)": lambda actor, w: may_read_rollup(
        actor, w.org_id
    ),
    "see hardship cases": lambda actor, w: may_see_cases(actor, w.org_id),
    "record a hardship case or its support": lambda actor, w: may_keep_cases(actor, w.org_id),
    "hand money of a drive of unit A over to the Fund above, or cancel it": lambda actor, w: may_remit(
        actor, w.org_id, [w.unit.id]
    ),
    "hand the whole organisation's money (the Fund, a drive of all) to the Fund above": lambda actor, w: (
        may_remit(actor, w.org_id, None)
    ),
    "hand any of the organisation's money over (else told whose it is)": lambda actor, w: may_remit_any(
        actor, w.org_id
    ),
    "read a household of unit A by name with its poverty standing": lambda actor, w: may_see_poverty_standing(
        actor, Person(org_id=w.org_id, unit_id=w.unit.id, kind="household")
    ),
    "read the giver's own standing in the poverty review, in their achievement report": lambda actor, w: (
        may_see_own_standing(actor, w.giver)
    ),
    "set a household of unit A's poverty standing": lambda actor, w: may_set_poverty_standing(
        actor, Person(org_id=w.org_id, unit_id=w.unit.id, kind="household")
    ),
    "open, change or close a drive of unit A": lambda actor, w: may_manage_drive(
        actor, Drive(org_id=w.org_id, unit_ids=[w.unit.id])
    ),
    "open, change or close a drive of the whole organisation": lambda actor, w: may_manage_drive(
        actor, Drive(org_id=w.org_id, unit_ids=None)
    ),
    "take a closed drive's report by unit to sign (leaders not allowed)": lambda actor, w: (
        may_take_drive_report(actor, Drive(org_id=w.org_id, unit_ids=None), leaders_allowed=False)
    ),
    "take a closed drive's report by unit to sign (leaders allowed)": lambda actor, w: may_take_drive_report(
        actor, Drive(org_id=w.org_id, unit_ids=None), leaders_allowed=True
    ),
    "send an appeal to unit A": lambda actor, w: may_send_appeal(actor, w.org_id, [w.unit.id]),
    "send an appeal to the whole organisation": lambda actor, w: may_send_appeal(actor, w.org_id, None),
    "send on, cancel or follow up an appeal that went to the whole organisation": lambda actor, w: (
        may_touch_appeal(actor, Appeal(org_id=w.org_id, audience={"kind": "org", "scope": None}))
    ),
    "give the Fund outside the drives a public web page": lambda actor, w: may_publish_fund(actor, w.org_id),
    "see who in unit A has not given (the organisation's setting off)": lambda actor, w: (
        may_see_who_has_not_given(actor, w.unit, leaders_allowed=False)
    ),
    "see who in unit A has not given (the organisation's setting on)": lambda actor, w: (
        may_see_who_has_not_given(actor, w.unit, leaders_allowed=True)
    ),
    "see the drives' screens and their message for a group chat (leaders not allowed)": lambda actor, w: (
        may_view_drives(actor, w.org_id, leaders_allowed=False)
    ),
    "see the drives' screens and their message for a group chat (leaders allowed)": lambda actor, w: (
        may_view_drives(actor, w.org_id, leaders_allowed=True)
    ),
    "open a drive of unit A by unit (leaders not allowed)": lambda actor, w: may_open_drive_by_unit(
        actor, Drive(org_id=w.org_id, unit_ids=[w.unit.id]), leaders_allowed=False
    ),
    "open a drive of unit A by unit (leaders allowed)": lambda actor, w: may_open_drive_by_unit(
        actor, Drive(org_id=w.org_id, unit_ids=[w.unit.id]), leaders_allowed=True
    ),
    **{
        f"record or register for the {name}": (
            lambda actor, w, name=name: may_act_for(actor, w.subjects[name])  # type: ignore[misc]
        )
        for name in SUBJECTS
    },
    "record or register for the giver (staff with a phone)": lambda actor, w: may_act_for(
        actor, Subject(w.giver.id, w.org_id, w.unit.id, "staff", frozenset({"active"}))
    ),
    "record or register for a donor from outside the organisation": lambda actor, w: may_act_for(
        actor, Subject(w.giver.id + 10_000, w.org_id, None, "donor", frozenset())
    ),
    "record a gift from a donor outside the organisation, collected in unit A": lambda actor, w: (
        may_record_donor_gift(actor, w.unit)
    ),
    **{
        f"record labour days of a day they organised for the {name}": (
            lambda actor, w, name=name: may_record_labour_for(actor, w.subjects[name])  # type: ignore[misc]
        )
        for name in SUBJECTS
    },
    "record labour days of a day they organised for the giver (staff with a phone)": lambda actor, w: (
        may_record_labour_for(actor, Subject(w.giver.id, w.org_id, w.unit.id, "staff", frozenset({"active"})))
    ),
    "withdraw the giver's labour days they recorded and vouched for": lambda actor, w: (
        may_withdraw_contribution(actor, _vouched_labour(w))
    ),
    "record the giver's gift deducted from their salary (staff with a phone)": lambda actor, w: (
        may_record_payroll(actor, Subject(w.giver.id, w.org_id, w.unit.id, "staff", frozenset({"active"})))
    ),
    "record a payroll's deductions to a drive of unit A": lambda actor, w: may_record_payroll_to(
        actor, Drive(org_id=w.org_id, unit_ids=[w.unit.id])
    ),
    "list what they recorded for others and hand its cash over": lambda actor, w: (
        may_list_recorded_for_others(actor)
    ),
    "propose someone of unit A, or unit A itself, for an award": lambda actor, w: may_propose_award(
        actor, w.unit
    ),
    "withdraw a proposal for unit A or one of its people": lambda actor, w: may_withdraw_proposal(
        actor, AwardProposal(org_id=w.org_id, unit_id=w.unit.id)
    ),
    "propose the organisation itself for an award conferred above it": lambda actor, w: (
        may_propose_organisation(actor, w.org_id)
    ),
    "withdraw the organisation's own proposal": lambda actor, w: may_withdraw_proposal(
        actor, AwardProposal(org_id=w.org_id, unit_id=None)
    ),
    "get the achievement report of the organisation itself, proposed for an award": lambda actor, w: (
        may_get_achievement_report(actor, AwardProposal(org_id=w.org_id, unit_id=None, person_id=None), None)
    ),
    "read every proposal of the year and compile the award dossier": lambda actor, w: may_compile_awards(
        actor, w.org_id
    ),
    "record or correct the outcome of the organisation's award proposals": lambda actor, w: (
        may_record_award_outcome(actor, w.org_id)
    ),
    "hear in December what the coming year lacks in the bot": lambda actor, w: may_prepare_year(
        actor, w.org_id
    ),
    "get the achievement report of the giver, proposed for an award": lambda actor, w: (
        may_get_achievement_report(actor, _proposed(w, person=True), w.giver)
    ),
    "get the achievement report of unit A, proposed for an award": lambda actor, w: (
        may_get_achievement_report(actor, _proposed(w, person=False), None)
    ),
    "get the achievement report of a withdrawn proposal (the giver's or unit A's)": lambda actor, w: any(
        may_get_achievement_report(actor, _proposed(w, person=person, withdrawn=True), w.giver)
        for person in (True, False)
    ),
    "record a result as the giver's own": lambda actor, w: may_record_own_result(actor, w.giver),
    "record a result of unit A's collective": lambda actor, w: may_record_unit_result(actor, w.unit),
    "withdraw the giver's result (recorded by the recorder)": lambda actor, w: may_withdraw_result(
        actor, _result(w, person=True)
    ),
    "withdraw a result of unit A's collective": lambda actor, w: may_withdraw_result(
        actor, _result(w, person=False)
    ),
    "set the giver's result aside": lambda actor, w: may_set_aside_result(actor, _result(w, person=True)),
    "register the organisation's own commitment, record its results": lambda actor, w: may_speak_for_org(
        actor, w.org_id
    ),
    "withdraw a result of the organisation's own": lambda actor, w: may_withdraw_result(
        actor, _result(w, person=False, org=True)
    ),
    "set a result of the organisation's own aside": lambda actor, w: may_set_aside_result(
        actor, _result(w, person=False, org=True)
    ),
    "see the results of unit A": lambda actor, w: may_see_unit_results(actor, w.unit),
}

ACTIVE_IN_ORGANISATION_1 = {
    who
    for who in PEOPLE
    if who not in ("admin of another organisation", "blocked identity", "removed identity")
}

MOBILISE_IN_A = {"officer", "officer org-wide", "admin", "admin of unit A"}

LEDGER_IN_A = {
    "treasurer",
    "treasurer org-wide",
    "recorder",
    "officer",
    "officer org-wide",
    "admin",
    "admin of unit A",
}
# Exactly who passes each action on unit A's objects; everyone else is refused.
PASSES: dict[str, set[str]] = {
    "look up the contribution": LEDGER_IN_A,
    # A treasurer of B whose entry has the same photo as this gift of A is told there is a double, not its
    # code: what they may not look up they are not shown (docs/decisions/0201).
    "be told the code of the contribution, as a gift another may double": LEDGER_IN_A,
    # Not the recorder: nobody confirms an entry they gave or recorded.
    "confirm or reject it": {"treasurer", "treasurer org-wide"},
    "put it, waiting, in the name of whose it is": {"treasurer", "treasurer org-wide"},  # decision 1434
    # ...and labour days a member logged himself also the officer of his unit, who organised the day and saw
    # who worked (docs/decisions/0434); never money or goods.
    "confirm or refuse the labour days the giver logged himself": {
        "treasurer",
        "treasurer org-wide",
        "recorder",
        "officer",
        "officer org-wide",
    },
    "invite a member": {"officer", "officer org-wide", "admin", "admin of unit A"},
    "invite a leader": {"officer", "officer org-wide", "admin", "admin of unit A"},
    "invite a treasurer": {"admin", "admin of unit A"},
    "invite an officer": {"admin", "admin of unit A"},
    # An admin invite makes whoever types it an organisation-wide admin: never made in the chat, where
    # "Roles" grants the role to a person by name (decision 0078); the operator makes one at the shell.
    "invite an admin": set(),
    # an organisation-wide code: a treasurer's or officer's, by an admin of the whole organisation (1814)
    "invite a treasurer of the whole organisation": {"admin"},
    "invite an officer of the whole organisation": {"admin"},
    "invite a leader of the whole organisation": set(),
    # A code is seen and withdrawn by whoever may make it (seeing it is being able to use it); an admin code
    # only by an organisation-wide admin. Leaders make none and see none (docs/decisions/0131).
    "see or withdraw a member's code for unit A": {"officer", "officer org-wide", "admin", "admin of unit A"},
    "see or withdraw a leader's code for unit A": {"officer", "officer org-wide", "admin", "admin of unit A"},
    "see or withdraw a treasurer's code for unit A": {"admin", "admin of unit A"},
    "see or withdraw an admin code": {"admin"},
    # Only admins grant or take away roles: an admin of the unit for the unit, the organisation's for the
    # whole organisation and for the admin role (an admin of one unit may not make anyone more than that).
    "grant or take away a treasurer role in unit A": {"admin", "admin of unit A"},
    # Someone who left (docs/decisions/0118): an admin covering their unit, as for their roles.
    "record that the giver left the organisation, or take it back": {"admin", "admin of unit A"},
    # Long leave (docs/decisions/0740): the officer or the admin covering the unit; never about one who left.
    "record the giver away on long leave, or back": {
        "officer",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
    "record a colleague of unit A who left the organisation away on long leave": set(),
    # One's own leave is another's to record; one's return, one's own to say (docs/decisions/0775).
    "record oneself away on long leave": set(),
    "say oneself back from long leave": {
        who for who in PEOPLE if who not in ("blocked identity", "removed identity")
    },
    "grant or take away a leader role for the whole organisation": {"admin"},
    "grant or take away the admin role": {"admin"},
    "set where gifts are transferred (the organisation's account, or a drive's own)": {"admin"},
    "set the day the units report their year's results": {"admin"},  # not a unit's admin (decision 1850)
    "see the unit's totals": {
        "leader",
        "leader org-wide",
        "officer",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
    "see the giver's amounts": LEDGER_IN_A | {"giver"},
    # Their two gifts: those who see each amount anyway, not the unit's leader (docs/decisions/0304).
    "see the unit's money where two of its people gave": LEDGER_IN_A,
    "register the unit's commitment": {"leader", "leader org-wide", "admin", "admin of unit A"},
    # Anyone at work, in their own organisation; not an account blocked or removed (nor someone gone, below).
    "register one's own commitment": ACTIVE_IN_ORGANISATION_1 | {"admin of another organisation"},
    # Only the person themself: no role manages someone else's messenger accounts (officers remove them).
    "unlink the giver's messenger or choose where they are reached": {"giver"},
    # Her record on one screen and as a file, and stopping: hers alone, never a role's (decision 0676).
    "read all the bot keeps about the giver, or stop the bot for them": {"giver"},
    # Any treasurer of the organisation has a queue; what it lists, the rule on deciding decides.
    "open the treasurer's queue": {"treasurer", "treasurer of B", "treasurer org-wide", "recorder"},
    # ...and the bank's statement beside it: an officer's queue holds labour days, no money (0449).
    "reconcile the bank's statement": {"treasurer", "treasurer of B", "treasurer org-wide", "recorder"},
    # ...and the packs held a month beside it: the envelope is missing from the cash box she counts (1462).
    "read the packs an officer has held a month or more": {
        "treasurer",
        "treasurer of B",
        "treasurer org-wide",
        "recorder",
    },
    # ...and told of one whose holder is not asked: those whose cash box covers its case (decision 1664).
    "be told of a pack held for a case of unit A whose holder is not asked": {
        "treasurer",
        "treasurer org-wide",
        "recorder",
    },
    # ...and the queue itself any officer too, for labour days (docs/decisions/0434).
    "open the queue of what they may confirm": {
        "treasurer",
        "treasurer of B",
        "treasurer org-wide",
        "recorder",
        "officer",
        "officer of B",
        "officer org-wide",
    },
    # Not the treasurer who confirmed it, nor the recorder: a second pair of eyes corrects.
    "reverse the contribution once confirmed": {"treasurer org-wide", "officer", "officer org-wide"},
    # The same people: a correction of the figure is a reversal with the right entry (decision 0070).
    "correct the contribution's figure once confirmed": {"treasurer org-wide", "officer", "officer org-wide"},
    # The statement is public to the organisation (names only of those who agreed).
    "read a drive's public statement": ACTIVE_IN_ORGANISATION_1,
    "hear whether someone else's code is confirmed": ACTIVE_IN_ORGANISATION_1,
    "get the statement as a spreadsheet": {
        "treasurer",
        "treasurer of B",
        "treasurer org-wide",
        "recorder",
        "officer",
        "officer of B",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
    # The internal book names every giver: only those who see individual amounts (its rows: their units').
    "take out the Fund's ledger": {
        "treasurer",
        "treasurer of B",
        "treasurer org-wide",
        "recorder",
        "officer",
        "officer of B",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
    # Figures of a whole unit or organisation, no one's own amount: leaders, officers and admins covering it.
    "write unit A's year report (and read its digest)": {
        "leader",
        "leader org-wide",
        "officer",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
    # Who has not registered, by name: whoever reads the unit's digest, where the organisation shows names
    # (decision 1728); the counts are said to them either way.
    "name who of unit A has not registered, where the digests show names": {
        "leader",
        "leader org-wide",
        "officer",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
    "name who of unit A has not registered, where the digests show none": set(),
    "write the organisation's year report (and read its roll-up)": {
        "leader org-wide",
        "officer org-wide",
        "admin",
    },
    # A household's standing in the poverty review is sensitive: read by name by the officers and leaders of
    # its unit or the whole organisation, set by its officers (docs/decisions/0110); counts go in reports.
    "read a household of unit A by name with its poverty standing": {
        "leader",
        "leader org-wide",
        "officer",
        "officer org-wide",
    },
    # Its own achievement report shows a household its own standing: its own data (0110, “Later”); and the
    # office that compiles the award dossiers, the organisation's admins (decision 0111): in that report only,
    # not by name in the list above; a unit's admin compiles nothing, and treasurers stay with counts.
    "read the giver's own standing in the poverty review, in their achievement report": {
        "giver",
        "leader",
        "leader org-wide",
        "officer",
        "officer org-wide",
        "admin",
    },
    "set a household of unit A's poverty standing": {"officer", "officer org-wide"},
    # Sensitive: officers and leaders only; not members, treasurers or admins.
    "see hardship cases": {
        "leader",
        "leader of B",
        "leader org-wide",
        "officer",
        "officer of B",
        "officer org-wide",
    },
    "record a hardship case or its support": {"officer", "officer of B", "officer org-wide"},
    # Money out of a drive is handed over by an officer covering its units; the Fund outside the drives, the
    # whole organisation's, by an officer of the whole organisation (decision 0112).
    "hand money of a drive of unit A over to the Fund above, or cancel it": {"officer", "officer org-wide"},
    "hand the whole organisation's money (the Fund, a drive of all) to the Fund above": {"officer org-wide"},
    "hand any of the organisation's money over (else told whose it is)": {
        "officer",
        "officer of B",
        "officer org-wide",
    },
    # Officers and admins covering every unit concerned; the whole organisation only organisation-wide.
    "open, change or close a drive of unit A": MOBILISE_IN_A,
    "open, change or close a drive of the whole organisation": {"officer org-wide", "admin"},
    # the head signs it: she takes it herself, as whoever runs the drive does (decision 1645); whoever reads
    # a unit's line in its view by unit takes the paper of her units (decision 1673)
    "take a closed drive's report by unit to sign (leaders not allowed)": {
        "officer org-wide",
        "admin",
        "leader org-wide",
        "officer",
        "officer of B",
        "admin of unit A",
    },
    "take a closed drive's report by unit to sign (leaders allowed)": {
        "officer org-wide",
        "admin",
        "leader org-wide",
        "leader",
        "leader of B",
        "officer",
        "officer of B",
        "admin of unit A",
    },
    "send an appeal to unit A": MOBILISE_IN_A,
    "send an appeal to the whole organisation": {"officer org-wide", "admin"},
    # what a drive's close stopped goes on only by one who may send it (decision 0301)
    "send on, cancel or follow up an appeal that went to the whole organisation": {
        "officer org-wide",
        "admin",
    },
    "give the Fund outside the drives a public web page": {"officer org-wide", "admin"},
    # Leaders only where the organisation allows it (off by default); no appeal ever names anyone.
    "see who in unit A has not given (the organisation's setting off)": MOBILISE_IN_A,
    "see who in unit A has not given (the organisation's setting on)": MOBILISE_IN_A
    | {"leader", "leader org-wide"},
    # The drives read only, and the message for a group chat made from their figures (decision 0109): an
    # officer or admin of any unit; the leaders too where the organisation lets them see who has not given.
    # the organisation's head reads them whatever the setting, which is about names (decision 1645)
    "see the drives' screens and their message for a group chat (leaders not allowed)": MOBILISE_IN_A
    | {"officer of B", "leader org-wide"},
    "see the drives' screens and their message for a group chat (leaders allowed)": MOBILISE_IN_A
    | {"officer of B", "leader", "leader of B", "leader org-wide"},
    # the screen's rule and a unit of the drive's: a unit's leader only where the setting lets her read the
    # drives' screens, never on a screen drawn before it went off (decision 1694)
    "open a drive of unit A by unit (leaders not allowed)": MOBILISE_IN_A | {"leader org-wide"},
    "open a drive of unit A by unit (leaders allowed)": MOBILISE_IN_A | {"leader", "leader org-wide"},
    # An officer covering unit A, for a household (told if it has an account) or someone with no account at
    # all; never for one taken off, nor across organisations (decision 0043). A household that blocked or
    # stopped the bot still hands him its cash: he records it (decision 0700).
    "record or register for the household without a phone": {"officer", "officer org-wide"},
    "record or register for the household with a phone": {"officer", "officer org-wide"},
    "record or register for the staff without a phone": {"officer", "officer org-wide"},
    "record or register for the household that blocked the bot": {"officer", "officer org-wide"},
    "record or register for the household taken off": set(),
    "record or register for the household of another organisation": set(),
    "record or register for the giver (staff with a phone)": set(),
    # A unit's leaders propose for their unit, the organisation's for any; nobody else (docs/decisions/0047).
    "propose someone of unit A, or unit A itself, for an award": {"leader", "leader org-wide"},
    "withdraw a proposal for unit A or one of its people": {"leader", "leader org-wide"},
    # The organisation itself (docs/decisions/0060): its organisation-wide leaders, who speak for it and
    # propose for every unit; not its admins, who register for it but do not propose. Its achievement report
    # holds the organisation's figures: whoever reads its roll-up.
    "propose the organisation itself for an award conferred above it": {"leader org-wide"},
    "withdraw the organisation's own proposal": {"leader org-wide"},
    "get the achievement report of the organisation itself, proposed for an award": {
        "leader org-wide",
        "officer org-wide",
        "admin",
    },
    # The awards council's office: the organisation's own leaders, officers and admins, organisation-wide.
    "read every proposal of the year and compile the award dossier": {
        "leader org-wide",
        "officer org-wide",
        "admin",
    },
    # Its decision is recorded by the same office, never by a unit's leader (docs/decisions/0063).
    "record or correct the outcome of the organisation's award proposals": {
        "leader org-wide",
        "officer org-wide",
        "admin",
    },
    # Who loads the plan and the year's settings and runs the organisation's drives (docs/decisions/0694).
    "hear in December what the coming year lacks in the bot": {"officer org-wide", "admin"},
    # A person's holds their own amounts: they and who may see them, not the leaders who proposed them; a
    # unit's, whoever reads its digest; none once withdrawn (docs/decisions/0049).
    "get the achievement report of the giver, proposed for an award": LEDGER_IN_A | {"giver"},
    "get the achievement report of unit A, proposed for an award": {
        "leader",
        "leader org-wide",
        "officer",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
    "get the achievement report of a withdrawn proposal (the giver's or unit A's)": set(),
    # Results (docs/decisions/0050): a person's own only by them (an officer for a household: `may_act_for`,
    # above); a unit's by whoever registers its commitment; withdrawn by the person or who recorded it; set
    # aside by a leader covering the unit; read by whoever sees the unit's totals.
    "record a result as the giver's own": {"giver"},
    "record a result of unit A's collective": {"leader", "leader org-wide", "admin", "admin of unit A"},
    "withdraw the giver's result (recorded by the recorder)": {"giver", "recorder"},
    # The giver changing their mind, or the one who recorded it for them; never a treasurer instead.
    "withdraw it while it waits": {"recorder"},  # not its giver: the recorder holds it (decision 0100)
    # as withdrawing it (decision 0491), and its giver, whose paper receipt it is (decision 1641)
    "add its receipt's photo while it waits": {"recorder", "giver"},
    # its giver and recorder as they are now, never one it was moved away from (decision 1692)
    "hear how it stands where a photo no longer goes with it": {"recorder", "giver"},
    # whoever may decide it, never another unit's treasurer (decision 0538)
    "ask its recorder for its receipt's photo while it waits": {"treasurer", "treasurer org-wide"},
    # A donor from outside is no member: nobody records or registers for them as for a household; their gift
    # is recorded by a treasurer or officer covering the unit that collected it (docs/decisions/0083).
    "record or register for a donor from outside the organisation": set(),
    "record a gift from a donor outside the organisation, collected in unit A": {
        "treasurer",
        "treasurer org-wide",
        "recorder",
        "officer",
        "officer org-wide",
    },
    # A day of volunteer labour: the officer who organised it, covering the member's unit (whose audience she
    # may appeal to), records it for members with or without a phone, households too; never for one who
    # blocked the bot, was taken off or is of another organisation; her own day not (docs/decisions/0406).
    # A household that blocked or stopped the bot is recorded for, as for its gifts (decisions 0700, 0715).
    **{
        f"record labour days of a day they organised for the {name}": (
            {"officer", "officer org-wide"}
            if unit == "A" and (status in (None, "active") or (kind, status) == ("household", "blocked"))
            else set()
        )
        for name, (unit, kind, status) in SUBJECTS.items()
    },
    "record labour days of a day they organised for the giver (staff with a phone)": {
        "officer",
        "officer org-wide",
    },
    # ...and she takes it back when the member says he did not work that day, as a recorder does; or he
    # himself, whose word it is (docs/decisions/0424).
    "withdraw the giver's labour days they recorded and vouched for": {"officer", "giver"},
    # The payroll's deduction, from the accountant's sheet: a treasurer of the giver's unit, whether or not
    # the giver uses the bot; never an officer (docs/decisions/0346).
    "record the giver's gift deducted from their salary (staff with a phone)": {
        "treasurer",
        "treasurer org-wide",
        "recorder",
    },
    # ... and to a drive of unit A (a Tết drive for a colleague) rather than the Fund: a treasurer of A or of
    # the whole organisation; a treasurer of B has none of A's colleagues (docs/decisions/0401).
    "record a payroll's deductions to a drive of unit A": {"treasurer", "treasurer org-wide", "recorder"},
    # Whoever records for others under a role (an officer for a household, a treasurer or officer for a
    # donor), wherever their role is: only their own recordings are listed (docs/decisions/0093).
    "list what they recorded for others and hand its cash over": {
        "treasurer",
        "treasurer of B",
        "treasurer org-wide",
        "recorder",
        "officer",
        "officer of B",
        "officer org-wide",
    },
    "withdraw a result of unit A's collective": {"leader", "leader org-wide", "admin", "admin of unit A"},
    "set the giver's result aside": {"leader", "leader org-wide"},
    # The organisation's own (a hospital registering with its department: docs/decisions/0059): its
    # organisation-wide leaders and admins, as a unit's leaders and admins for the unit; set aside only by an
    # organisation-wide leader (the one who recorded it, the giver here, is not one).
    "register the organisation's own commitment, record its results": {"leader org-wide", "admin"},
    "withdraw a result of the organisation's own": {"leader org-wide", "admin"},
    "set a result of the organisation's own aside": {"leader org-wide"},
    "see the results of unit A": {
        "leader",
        "leader org-wide",
        "officer",
        "officer org-wide",
        "admin",
        "admin of unit A",
    },
}


@pytest.mark.parametrize("who", list(PEOPLE))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_privileged_action_against_every_role(world: World, action: str, who: str) -> None:
    assert ACTIONS[action](world.actors[who], world) is (who in PASSES[action])


async def _rows(world_path: Path, query: Any) -> list[Any]:
    """What `query` returns on the world's database file."""
    engine = make_engine(f"sqlite+aiosqlite:///{world_path}")
    try:
        async with make_sessionmaker(engine)() as session:
            return list(await session.scalars(query))
    finally:
        await engine.dispose()


@pytest.mark.parametrize("who", list(PEOPLE))
@pytest.mark.parametrize(
    ("giver_kind", "typed_it"), [("household", False), ("donor", False), ("staff", True)]
)
def test_the_move_is_offered_exactly_where_the_move_of_it_would_be_allowed(
    world: World, who: str, giver_kind: str, typed_it: bool
) -> None:
    """“Ghi nhầm người: chuyển sang người khác” is offered where `move_to` would put the gift in the name of
    one its mover may choose, and nowhere else: not a donor's gift, not to the treasurer who typed it before
    it was moved (decisions 1434, 1510, 1512)."""
    actor = world.actors[who]
    to = world.subjects["household with a phone"]
    offered = may_move_contribution(actor, world.contribution, giver_kind=giver_kind, typed_it=typed_it)
    allowed = move_refusal(actor, world.contribution, to, giver_kind=giver_kind, typed_it=typed_it) is None
    assert offered is allowed


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_the_name_search_lists_exactly_whom_the_rule_lets_the_actor_act_for(
    world: World, world_path: Path, who: str
) -> None:
    actor = world.actors[who]
    listed = set(await _rows(world_path, select(Person.id).where(acted_for_by(actor))) if actor else [])
    allowed = {s.id for s in world.subjects.values() if may_act_for(actor, s)}
    assert listed & {s.id for s in world.subjects.values()} == allowed
    assert all(may_act_for(actor, world.subjects[name]) is False for name in SUBJECTS if "another" in name)
    offered = set(
        await _rows(world_path, select(Person.id).where(labour_recordable_by(actor))) if actor else []
    )
    members = {s.id for s in world.subjects.values() if may_record_labour_for(actor, s)}
    assert offered & {s.id for s in world.subjects.values()} == members


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_the_ledgers_rows_are_the_entries_the_actor_may_look_up(
    world: World, world_path: Path, who: str
) -> None:
    actor = world.actors[who]
    rows = set(await _rows(world_path, select(Contribution.id).where(in_ledger_of(actor))) if actor else [])
    assert (world.contribution.id in rows) is may_look_up_contribution(actor, world.contribution)
    assert (world.contribution.id in rows) is (who in LEDGER_IN_A)


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_the_award_search_lists_exactly_whom_the_rule_lets_the_actor_propose(
    world: World, world_path: Path, who: str
) -> None:
    actor = world.actors[who]
    people = await _rows(world_path, select(Person))
    listed = set(await _rows(world_path, select(Person.id).where(proposable_by(actor))) if actor else [])
    units = {person.unit_id: Unit(id=person.unit_id, org_id=person.org_id) for person in people}
    allowed = {
        person.id
        for person in people
        if may_propose_award(actor, units[person.unit_id])
        and person.kind in ("staff", "household")
        and (actor is None or person.id != actor.person_id)
    }
    assert listed == allowed


OPEN_LEDGER = LEDGER_IN_A | {"treasurer of B", "officer of B", "admin of another organisation"}


OPEN_DRIVES = MOBILISE_IN_A | {"officer of B", "admin of another organisation"}


# "Roles" (Phân quyền): any admin, in their own organisation; which role where, `may_grant_role` decides.
OPEN_ROLES = {"admin", "admin of unit A", "admin of another organisation"}


# The year's report in chat: the organisation's for an organisation-wide reader, else that of a unit whose
# digest they read, wherever they sit (an admin of unit A who belongs to unit B gets unit A's).
OPEN_YEAR_REPORT = {
    "admin of unit A",
    "leader",
    "leader of B",
    "leader org-wide",
    "officer",
    "officer of B",
    "officer org-wide",
    "admin",
    "admin of another organisation",
}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_years_report_is_offered_to_leaders_officers_and_admins_of_their_unit_or_organisation(
    world: World, who: str
) -> None:
    assert may_open_year_report(world.actors[who]) is (who in OPEN_YEAR_REPORT)


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_invite_codes_menu_entry_is_offered_to_officers_and_admins_anywhere(
    world: World, who: str
) -> None:
    """Which code for which unit `may_invite` decides; the entry (and `/mamoi`) is the same rule's, in the one
    module, no longer a handler's own list of role words."""
    assert may_open_invites(world.actors[who]) is (who in OPEN_DRIVES)


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_drives_and_appeals_menu_entries_are_offered_to_officers_and_admins_anywhere(
    world: World, who: str
) -> None:
    assert may_open_drives(world.actors[who]) is (who in OPEN_DRIVES)


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_the_roles_menu_entry_is_offered_to_admins_anywhere_and_finds_the_staff_of_their_organisation(
    world: World, world_path: Path, who: str
) -> None:
    actor = world.actors[who]
    assert may_open_roles(actor) is (who in OPEN_ROLES)
    people = await _rows(world_path, select(Person))
    found = set(await _rows(world_path, select(Person.id).where(role_holders_among(actor))) if actor else [])
    # Names only, and only to an admin: the staff of their own organisation (a household holds no role).
    staff = {p.id for p in people if actor is not None and p.org_id == actor.org_id and p.kind == "staff"}
    assert found == (staff if who in OPEN_ROLES else set())


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_the_search_for_who_left_finds_exactly_whom_the_rule_lets_the_actor_record(
    world: World, world_path: Path, who: str
) -> None:
    actor = world.actors[who]
    people = await _rows(world_path, select(Person))
    found = set(await _rows(world_path, select(Person.id).where(leavers_among(actor))) if actor else [])
    assert found == {p.id for p in people if actor is not None and may_mark_left(actor, p)}
    assert bool(found) is (who in OPEN_ROLES)  # an admin finds someone; nobody else finds anyone


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_the_search_for_who_is_away_finds_exactly_whom_the_rule_lets_the_actor_record(
    world: World, world_path: Path, who: str
) -> None:
    actor = world.actors[who]
    people = await _rows(world_path, select(Person))
    found = set(await _rows(world_path, select(Person.id).where(away_among(actor))) if actor else [])
    assert found == {p.id for p in people if actor is not None and may_mark_away(actor, p)}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_look_up_menu_entry_is_offered_to_a_ledger_role_anywhere_in_the_own_organisation(
    world: World, who: str
) -> None:
    assert may_open_ledger(world.actors[who]) is (who in OPEN_LEDGER)


def test_an_inactive_identity_is_no_actor_and_an_active_one_carries_its_scoped_roles(world: World) -> None:
    assert world.actors["blocked identity"] is None and world.actors["removed identity"] is None
    treasurer = world.actors["treasurer"]
    assert treasurer is not None
    assert treasurer.grants == {("member", world.unit.id), ("treasurer", world.unit.id)}
    assert world.actors["admin"] is not None and ("admin", None) in world.actors["admin"].grants


async def test_the_actor_of_a_person_is_the_actor_of_their_identity(
    db: async_sessionmaker[AsyncSession],
) -> None:
    async with db() as session, session.begin():
        units = await add_units(session)
        person = await add_person(session, units, "Lê Thu", "A", (("treasurer", None),), chat_id="thu")
        assert await actor_for(session, person) == await actor_for_identity(session, "console", "thu")
        person.left_on = date(2026, 8, 31)  # gone: the same from both, and no registering of their own
        gone = await actor_for(session, person)
        assert gone == await actor_for_identity(session, "console", "thu")
        assert gone is not None and gone.gone and not may_register_own_commitment(gone)
        assert await actor_for(session, None) is None
        assert await actor_for_identity(session, "console", "nobody") is None


async def test_a_role_row_naming_another_organisation_grants_nothing(
    db: async_sessionmaker[AsyncSession],
) -> None:
    async with db() as session, session.begin():
        units = await add_units(session)
        person = await add_person(session, units, "Lê Thu", "A", (("member", "A"),), chat_id="thu")
        session.add(
            RoleAssignment(
                person_id=person.id, role="admin", org_id=units["C"].org_id, unit_id=None, granted_at=NOW
            )
        )
        other = await add_person(session, units, "Hà Vy", "C", (("member", "C"),), chat_id="vy")
        actor = await actor_for(session, person)
        assert actor is not None and actor.grants == {("member", units["A"].id)}
        assert not may_see_amounts_of(actor, other)


# --- the ledger refuses on its own, whatever a menu showed ---------------------------------------------


async def _ledger(session: AsyncSession) -> tuple[dict[str, Actor | None], Contribution, Contribution]:
    """Two entries in unit A: one a treasurer gave themself, one a member gave."""
    units = await add_units(session)
    people = {
        who: await add_person(session, units, who.title(), home, grants, chat_id=who, status=status)
        for who, (home, grants, status) in PEOPLE.items()
    }
    own = await record_contribution(
        session,
        person=people["treasurer"],
        recorded_by=people["treasurer"],
        entry=NewContribution(kind="money", amount_vnd=1_000_000),
        now=NOW,
    )
    given = await record_contribution(
        session,
        person=people["giver"],
        recorded_by=people["giver"],
        entry=NewContribution(kind="money", amount_vnd=200_000),
        now=NOW,
    )
    return {who: await actor_for(session, people[who]) for who in PEOPLE}, own, given


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("treasurer", "own_contribution"),
        ("officer", "not_allowed"),
        ("admin", "not_allowed"),
        ("treasurer of B", "not_allowed"),
        ("admin of another organisation", "not_allowed"),
    ],
)
async def test_decide_refuses_whoever_may_not_and_audits_the_attempt(
    db: async_sessionmaker[AsyncSession], who: str, refusal: str
) -> None:
    async with db() as session, session.begin():
        actors, own, _given = await _ledger(session)
        for confirmed in (True, False):
            with pytest.raises(LedgerError) as refused:
                await decide(session, own, confirmed=confirmed, actor=actors[who], now=NOW, reason="x")
            assert refused.value.reason == refusal
        with pytest.raises(LedgerError) as nobody:
            await decide(session, own, confirmed=True, actor=None, now=NOW)
        assert nobody.value.reason == "not_allowed"
        assert (own.status, own.decided_by) == ("recorded", None)
        await session.flush()
        attempts = (
            await session.scalars(select(AuditLog).where(AuditLog.action == "contribution.decision_refused"))
        ).all()
        assert [a.details["refusal"] for a in attempts] == [refusal, refusal, "not_allowed"]


async def test_another_treasurer_confirms_and_neither_the_giver_nor_the_confirmer_reverses_it(
    db: async_sessionmaker[AsyncSession],
) -> None:
    async with db() as session, session.begin():
        actors, own, given = await _ledger(session)
        other = actors["treasurer org-wide"]
        assert other is not None
        await decide(session, own, confirmed=True, actor=other, now=NOW)
        assert (own.status, own.decided_by) == ("confirmed", other.person_id)
        for who, refusal in (("treasurer", "own_contribution"), ("treasurer org-wide", "own_confirmation")):
            with pytest.raises(LedgerError) as refused:
                await reverse(session, own, actor=actors[who], reason="nhầm số", now=NOW)
            assert refused.value.reason == refusal
        officer = actors["officer"]
        assert officer is not None
        entry = await reverse(session, own, actor=officer, reason="nhầm số", now=NOW)
        assert entry.amount_vnd == -1_000_000 and entry.recorded_by == officer.person_id
        # The treasurer of the unit confirms what a member gave.
        await decide(session, given, confirmed=False, actor=actors["treasurer"], now=NOW, reason="chưa thấy")
        assert given.status == "rejected"


# --- through the collecting channel, as a treasurer would meet it ---------------------------------------


async def seed_hospital(app: App) -> None:
    async with app.sessionmaker() as session, session.begin():
        units = await add_units(session)
        await add_person(
            session, units, "Trần Thị Mai", "A", (("member", "A"), ("treasurer", "A")), chat_id="mai"
        )
        await add_person(
            session, units, "Đặng Văn Bình", "A", (("member", "A"), ("treasurer", "A")), chat_id="binh"
        )
        await add_person(
            session, units, "Lê Văn Hùng", "A", (("member", "A"), ("officer", "A")), chat_id="hung"
        )
        await add_person(session, units, "Phạm Thị Hà", "B", (("member", "B"), ("admin", None)), chat_id="ha")


async def status_of(app: App, ref: str) -> tuple[str, int | None]:
    async with app.sessionmaker() as session:
        row = (
            await session.execute(
                select(Contribution.status, Contribution.decided_by).where(Contribution.ref == ref)
            )
        ).one()
        return row.status, row.decided_by


async def look_up(person, ref: str) -> str:  # type: ignore[no-untyped-def]
    await person.say("/menu")
    await person.choose("Tra cứu đóng góp")
    return await person.say(ref)


async def test_a_treasurer_cannot_confirm_their_own_contribution_but_another_treasurer_can(
    app: App, make_person, profile
) -> None:
    await seed_hospital(app)
    mai, binh, hung, ha = (make_person(chat) for chat in ("mai", "binh", "hung", "ha"))

    await mai.say("/menu")
    await mai.choose("Ghi nhận đóng góp")
    await mai.choose("ngoài các đợt vận động")
    await mai.choose("Tiền")
    await mai.say("2tr")
    await mai.choose("Bỏ qua")
    assert "CT-2026-000001" in await mai.choose("Có")

    screen = await look_up(mai, "CT-2026-000001")
    assert "Trần Thị Mai" in screen and "2.000.000\xa0₫" in screen
    assert "một thủ quỹ khác" in screen
    assert "Xác nhận" not in screen and "Chưa nhận được" not in screen
    shown = mai.menu
    if profile.buttons:  # a forged press of the confirm button the menu never had
        mai.last = await mai.channel.receive("mai", choice=f"{shown.menu_token}:confirm", at=NOW)
        assert "tin nhắn cũ" in mai.screen
    else:  # "1" is the only option on screen: Back
        await mai.say("1")
    await look_up(mai, "CT-2026-000001")
    await mai.say("xác nhận")
    assert await status_of(app, "CT-2026-000001") == ("recorded", None)

    for staff in (hung, ha):  # an officer and an admin look it up but do not confirm money
        screen = await look_up(staff, "ct 2026 1")
        assert "2.000.000\xa0₫" in screen and "Xác nhận" not in screen and "thủ quỹ khác" not in screen
    assert await status_of(app, "CT-2026-000001") == ("recorded", None)

    await look_up(binh, "CT-2026-000001")
    assert "CT-2026-000001: đã xác nhận" in await binh.choose("Xác nhận")
    async with app.sessionmaker() as session:
        binh_id = await session.scalar(
            select(ChannelIdentity.person_id).where(ChannelIdentity.external_id == "binh")
        )
    assert await status_of(app, "CT-2026-000001") == ("confirmed", binh_id)
    # confirmed, her own: who corrects it, as a correction of it refused at a press says; it said nothing, and
    # the press's refusal “Xin nhờ một thủ quỹ khác xác nhận giúp”, of a gift confirmed (decision 2627)
    screen = await look_up(mai, "CT-2026-000001")
    assert (
        "Khoản này do anh/chị đóng góp hoặc ghi nhận, nên người khác (thủ quỹ hoặc cán bộ công đoàn) điều "
        "chỉnh, không phải anh/chị." in screen
    ), screen
    assert "Sửa số tiền" not in screen and "xác nhận giúp" not in screen


async def test_a_treasurer_whose_role_is_taken_away_after_the_look_up_cannot_confirm(
    app: App, make_person
) -> None:
    await seed_hospital(app)
    hung, binh = make_person("hung"), make_person("binh")
    await hung.say("/menu")
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    await hung.choose("Tiền")
    await hung.say("300k")
    await hung.choose("Bỏ qua")
    await hung.choose("Có")
    await look_up(binh, "CT-2026-000001")
    async with app.sessionmaker() as session, session.begin():
        binh_id = await session.scalar(
            select(ChannelIdentity.person_id).where(ChannelIdentity.external_id == "binh")
        )
        await session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.person_id == binh_id, RoleAssignment.role == "treasurer"
            )
        )
    screen = await binh.choose("Xác nhận")
    assert "Chỉ thủ quỹ của đơn vị này" in screen
    assert await status_of(app, "CT-2026-000001") == ("recorded", None)
    assert "Tra cứu đóng góp" not in screen  # the menu shown next follows the roles as they are now
