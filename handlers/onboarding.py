"""Joining: invite code (deep-link payload or typed) → who are you → personal-data notice → language."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.conversation.types import Choice
from bot.db.models import ChannelIdentity, Invite, Organisation, Person, RoleAssignment, Unit
from bot.domain.audit import audit
from bot.domain.invites import InviteError, find_usable_invite, redeem_invite
from bot.i18n import _, current_locale
from bot.text import fold, nfc
from handlers.common import go_home, language_menu

flow = Flow("onboarding")

NEW_PERSON = "new"
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{4,20}$")
_NAME_SHAPE = re.compile(r"^[^\W\d_]+(?:[ .'-][^\W\d_]+)+$")


def _invite_problem(reason: str) -> str:
    return {
        "expired": _("This invite code has expired. Please ask your union officer for a new one."),
        "used_up": _("This invite code has already been used. Please ask your union officer for a new one."),
    }.get(
        reason,
        _("I could not find that invite code. Please check it and type it again (for example: K7M2QX9P)."),
    )


@flow.prompt("start")
async def start(turn: Turn) -> None:
    """First contact: a deep-link payload or a typed code joins at once; a greeting gets the welcome."""
    text = turn.text
    if text.lower().startswith("/start"):
        text = text[len("/start") :].strip()
    if text and _CODE_SHAPE.match(text):
        await _try_code(turn, text, first_contact=True)
    else:
        _welcome(turn)


def _welcome(turn: Turn) -> None:
    turn.ask(
        _(
            "Welcome to Chung Tay — For the poor, leave no one behind.\n"
            "To begin, please type the invite code your unit gave you (for example: K7M2QX9P)."
        )
    )
    turn.wait_at("onboarding", "code")


@flow.answer("code")
async def got_code(turn: Turn) -> None:
    text = turn.text.removeprefix("/start").strip()
    if not text:
        turn.say(_("Please type the invite code as text (for example: K7M2QX9P)."))
        return
    await _try_code(turn, text)


async def _try_code(turn: Turn, code: str, *, first_contact: bool = False) -> None:
    try:
        invite = await find_usable_invite(turn.session, code, now=turn.now)
    except InviteError as problem:
        if first_contact and problem.reason == "unknown":
            _welcome(turn)  # "xin chào" looks like a code but is a greeting
        else:
            turn.ask(_invite_problem(problem.reason))
            turn.wait_at("onboarding", "code")
        return
    turn.goto("onboarding", "name", keep_data=False)
    turn.set(invite_id=invite.id)


async def _invite(turn: Turn) -> Invite:
    return await turn.session.get_one(Invite, turn.data["invite_id"])


@flow.prompt("name")
async def ask_name(turn: Turn) -> None:
    invite = await _invite(turn)
    unit = await turn.session.get_one(Unit, invite.unit_id)
    org = await turn.session.get_one(Organisation, invite.org_id)
    turn.ask(
        _(
            "You are joining: {unit} — {org}.\nPlease type your full name (for example: Nguyễn Văn An)."
        ).format(unit=unit.name, org=org.name)
    )


@flow.answer("name")
async def got_name(turn: Turn) -> None:
    name = " ".join(turn.text.split())
    if not (2 <= len(name) <= 100 and _NAME_SHAPE.match(name)):
        turn.say(
            _("Please type your full name in letters only, first and last name (for example: Nguyễn Văn An).")
        )
        return
    invite = await _invite(turn)
    taken = select(ChannelIdentity.person_id).where(
        ChannelIdentity.channel == turn.inbound.channel, ChannelIdentity.status == "active"
    )
    candidates = (
        (
            await turn.session.execute(
                select(Person)
                .where(Person.org_id == invite.org_id, Person.name_key == fold(name), Person.id.not_in(taken))
                .order_by((Person.unit_id == invite.unit_id).desc(), Person.id)
                .limit(5)
            )
        )
        .scalars()
        .all()
    )
    turn.set(full_name=nfc(name))
    if candidates:
        turn.set(candidates=[p.id for p in candidates])
        turn.goto("onboarding", "match")
    else:
        turn.set(person_id=None)
        turn.goto("onboarding", "consent")


@flow.prompt("match")
async def ask_match(turn: Turn) -> None:
    choices = []
    for person_id in turn.data["candidates"]:
        person = await turn.session.get_one(Person, person_id)
        unit = await turn.session.get(Unit, person.unit_id) if person.unit_id else None
        details = ", ".join(x for x in (person.position, unit.name if unit else None) if x)
        choices.append(
            Choice(f"p{person.id}", f"{person.full_name} — {details}" if details else person.full_name)
        )
    choices.append(Choice(NEW_PERSON, _("None of these — I am new"), keywords=("moi", "new")))
    turn.menu(_("Your unit's staff list has this name. Is one of these you?"), choices)


@flow.answer("match")
async def got_match(turn: Turn) -> None:
    chosen = turn.choice or NEW_PERSON
    turn.set(person_id=None if chosen == NEW_PERSON else int(chosen[1:]))
    turn.goto("onboarding", "consent")


@flow.prompt("consent")
async def ask_consent(turn: Turn) -> None:
    turn.menu(
        _(
            "Before we start, about your data:\n"
            "• Chung Tay keeps your name, unit and the commitments and contributions you record.\n"
            "• Contributing is voluntary. Your individual amounts are seen only by you, your treasurer and "
            "the officers who run the drive; group chats never show them.\n"
            "• You can ask your union officer to remove your data at any time.\n"
            "Do you agree?"
        ),
        [
            Choice("agree", _("I agree"), keywords=("dong y", "co", "yes", "ok")),
            Choice("decline", _("I do not agree"), keywords=("khong", "no")),
        ],
        keep=True,  # what the person agreed to stays in the chat
    )


@flow.answer("consent")
async def got_consent(turn: Turn) -> None:
    if turn.choice == "decline":
        turn.state.data = {}
        turn.wait_at("onboarding", "code")
        turn.state.menu = {}
        turn.say(_("Understood — nothing was saved. To join later, just send your invite code again."))
        return
    turn.goto("onboarding", "language")


@flow.prompt("language")
async def ask_language(turn: Turn) -> None:
    language_menu(turn)


@flow.answer("language")
async def got_language(turn: Turn) -> None:
    locale = turn.choice or "vi"
    invite = await _invite(turn)
    try:
        await redeem_invite(turn.session, invite, now=turn.now)
    except InviteError as problem:
        turn.state.data = {}
        turn.ask(_invite_problem(problem.reason))
        turn.wait_at("onboarding", "code")
        return
    person = await _join(turn, invite, locale)
    current_locale.set(locale)
    turn.person = person
    unit = await turn.session.get_one(Unit, person.unit_id or invite.unit_id)
    turn.say(
        _("Welcome, {name}! You are now a member of {unit}.").format(name=person.full_name, unit=unit.name)
    )
    go_home(turn)


async def _join(turn: Turn, invite: Invite, locale: str) -> Person:
    session, now = turn.session, turn.now
    person_id = turn.data.get("person_id")
    if person_id is not None:
        person = await session.get_one(Person, person_id)
    else:
        person = Person(
            org_id=invite.org_id,
            unit_id=invite.unit_id,
            full_name=turn.data["full_name"],
            name_key=fold(turn.data["full_name"]),
            kind="staff",
            created_at=now,
        )
        session.add(person)
    person.unit_id = person.unit_id or invite.unit_id
    person.locale = locale
    person.consent_at = now
    await session.flush()
    session.add(
        ChannelIdentity(
            channel=turn.inbound.channel,
            external_id=turn.inbound.user_id,
            person_id=person.id,
            status="active",
            created_at=now,
        )
    )
    existing = set(
        (
            await session.execute(select(RoleAssignment.role).where(RoleAssignment.person_id == person.id))
        ).scalars()
    )
    # Membership follows the staff list (the person's unit); a role the invite grants is for its unit.
    scopes = {invite.role: None if invite.role == "admin" else invite.unit_id, "member": person.unit_id}
    for role, unit_id in scopes.items():
        if role not in existing:
            session.add(
                RoleAssignment(
                    person_id=person.id, role=role, org_id=invite.org_id, unit_id=unit_id, granted_at=now
                )
            )
    turn.state.person_id = person.id
    turn.roles = existing | {"member", invite.role}
    audit(
        session,
        at=now,
        actor_id=person.id,
        action="person.join",
        entity="person",
        entity_id=person.id,
        invite=invite.id,
        channel=turn.inbound.channel,
        matched=person_id is not None,
    )
    return person
