"""For union officers (and admins): make an invite code in chat — for whom (members, households or
leaders), which unit — and get the code to read out or share, with the Telegram link when the bot's name is
known. Only the roles and units the access rules allow are offered, and the domain checks again
(bot.domain.invites.create_invite_as)."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Invite, Unit
from bot.domain.access import Actor, may_invite
from bot.domain.invites import InviteError, create_invite_as, deep_link
from bot.messages import Choice
from handlers.common import actor_of, back_choice, go_home, unit_list

flow = Flow("invite")
# What the officer picks → (role, kind) of the invite: a household joins as a member, and as a household.
CHAT_INVITES = {
    "member": ("member", "staff"),
    "household": ("member", "household"),
    "leader": ("leader", "staff"),
}


async def _units(turn: Turn, actor: Actor, role: str) -> list[Unit]:
    units = await unit_list(turn, actor.org_id, None)
    return [u for u in units if may_invite(actor, Invite(org_id=u.org_id, unit_id=u.id, role=role))]


def may_make_invites(actor: Actor | None) -> bool:
    """The menu entry: someone who may invite members somewhere (an officer or admin)."""
    return actor is not None and any(role in ("officer", "admin") for role, _unit in actor.grants)


@flow.prompt("role")
async def ask_role(turn: Turn) -> None:
    if not may_make_invites(await actor_of(turn)):
        turn.say(turn.t("Only union officers can make invite codes."))
        go_home(turn)
        return
    turn.menu(
        turn.t("Who is the invite code for?"),
        [
            Choice("member", turn.t("Members (staff)"), keywords=("thanh vien", "member")),
            Choice("leader", turn.t("Unit leaders"), keywords=("lanh dao", "leader")),
            # Last, so the numbers officers have learnt for the first two stay.
            Choice("household", turn.t("Households"), keywords=("ho gia dinh", "ho", "household")),
            back_choice(turn.t),
        ],
    )


@flow.answer("role")
async def got_role(turn: Turn) -> None:
    if turn.choice == BACK_ID or turn.choice not in CHAT_INVITES:
        go_home(turn)
        return
    role, kind = CHAT_INVITES[turn.choice]
    turn.set(role=role, kind=kind)
    turn.goto("invite", "unit")


@flow.prompt("unit")
async def ask_unit(turn: Turn) -> None:
    actor = await actor_of(turn)
    units = await _units(turn, actor, turn.data["role"]) if actor else []
    if not units:
        turn.say(turn.t("You cannot make that invite for any unit."))
        go_home(turn)
        return
    turn.menu(
        turn.t("Which unit will they join?"),
        [*(Choice(f"u{u.id}", u.name) for u in units), back_choice(turn.t)],
    )


@flow.answer("unit")
async def got_unit(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("invite", "role", keep_data=False)
        return
    unit = await turn.session.get(Unit, int((turn.choice or "u0")[1:]))
    if unit is None:
        go_home(turn)
        return
    try:
        invite = await create_invite_as(
            turn.session,
            await actor_of(turn),
            unit,
            role=turn.data["role"],
            kind=turn.data.get("kind", "staff"),  # a chat started before households had invites: staff
            now=turn.now,
        )
    except InviteError:
        turn.say(turn.t("You cannot make that invite for this unit."))
        go_home(turn)
        return
    if invite.kind == "household":
        what = turn.t(
            "Invite code for households of {unit}: {code}\nUp to {uses} households can join with it until "
            "{until}. Each household joins once, by one member with a phone, under the household's name."
        )
    elif invite.role == "leader":  # a role above a member's: said, and kept out of group chats
        what = turn.t(
            "Invite code for leaders of {unit}: {code}\nWhoever joins with it becomes a leader of {unit}: "
            "give it to them in person or in a private message, never in a group chat.\nUp to {uses} people "
            "can join with it until {until}."
        )
    else:
        what = turn.t(
            "Invite code for members of {unit}: {code}\nUp to {uses} people can join with it until {until}."
        )
    text = what.format(
        unit=unit.name, code=invite.code, uses=invite.max_uses, until=turn.t.date(invite.expires_at)
    )
    if turn.settings.telegram_bot_username:
        text += "\n" + deep_link(turn.settings.telegram_bot_username, invite.code)
    turn.say(text, keep=True)
    go_home(turn)
