"""For union officers (and admins): make an invite code in chat — for whom (members, households or
leaders), which unit — and get the code to read out or share, with the Telegram link when the bot's name is
known. Only the roles and units the access rules allow are offered, and the domain checks again
(bot.domain.invites.create_invite_as). The codes still open, of the units they cover, are listed newest first,
and one is withdrawn after a last look (bot.domain.invites.withdraw_invite, docs/decisions/0131)."""

from __future__ import annotations

from collections.abc import Collection

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Invite, Unit
from bot.domain.access import (
    Actor,
    may_invite,
    may_invite_org_wide,
    may_manage_invite,
    may_open_invites,
)
from bot.domain.invites import (
    InviteError,
    InviteRow,
    create_invite_as,
    deep_link,
    invite_state,
    invites_of,
    withdraw_invite,
)
from bot.domain.notices import hamlet_ids, level_name, officers_title, org_level, role_place
from bot.i18n import Translator
from bot.messages import Choice
from bot.text import fold, match_key
from handlers.common import (
    YES,
    actor_of,
    back_choice,
    commune_and_level_of,
    confirm_menu,
    free_text,
    go_home,
    held_page,
    in_commune,
    org_units,
    page_choices,
    picked_id,
    say_officers_only,
    turned_page,
)
from handlers.wording import clipped

flow = Flow("invite", opens_for=may_open_invites)
# What the officer picks → (role, kind) of the invite: a household joins as a member, and as a household.
CHAT_INVITES = {
    "member": ("member", "staff"),
    "household": ("member", "household"),
    "leader": ("leader", "staff"),
}
# What an admin of the whole organisation may also pick → the role granted for the whole organisation, one
# person's code for three days (`may_invite_org_wide`, decisions 1857, 1886).
ORG_WIDE_CHAT_INVITES = {"treasurer_org": "treasurer", "officer_org": "officer"}
# What an admin covering a unit may also pick → a treasurer's or officer's code of one unit, one person's for
# three days as the organisation-wide ones (`may_invite`, decision 1950).
UNIT_ROLE_INVITES = {"treasurer_unit": "treasurer", "officer_unit": "officer"}
# More units than this to choose from: a few words of the unit's name are asked, not a long list of buttons.
UNIT_BUTTONS = 8
OPEN_CODES = "open"
LISTED = 5  # codes on a page of the list: two short lines each, one phone screen
UNIT_CLIP = 24
PAGE = "invites_page"


async def _units(turn: Turn, actor: Actor, role: str, *, org_wide: bool = False) -> list[Unit]:
    """The units `actor` may make `role`'s code for, of the organisation's units read once a turn."""
    return [
        u
        for u in await org_units(turn, actor.org_id)
        if may_invite(actor, Invite(org_id=u.org_id, unit_id=u.id, role=role, org_wide=org_wide))
    ]


def _org_wide_choices(turn: Turn, actor: Actor, *, commune: bool, level: str | None = None) -> list[Choice]:
    """A treasurer's and an officer's code of the whole organisation, where the rules let `actor` make one."""
    place = role_place(turn.t, None, commune=commune, level=level)  # a ward's “toàn phường” (2776)
    labels = {
        "treasurer_org": turn.t("Treasurer of {place} (one person)"),
        "officer_org": turn.t("Front officer of {place} (one person)")
        if commune
        else turn.t("Union officer of {place} (one person)"),
    }
    keywords = {"treasurer_org": ("thu quy", "treasurer"), "officer_org": ("can bo", "officer")}
    return [
        Choice(choice, labels[choice].format(place=place), keywords=keywords[choice])
        for choice, role in ORG_WIDE_CHAT_INVITES.items()
        if may_invite_org_wide(actor, actor.org_id, role)
    ]


async def _unit_role_choices(turn: Turn, actor: Actor, *, commune: bool) -> list[Choice]:
    """A treasurer's and an officer's code of one unit, where the rules let `actor` make one for some unit."""
    labels = {
        "treasurer_unit": turn.t("Treasurer of one hamlet or committee (one person)")
        if commune
        else turn.t("Treasurer of one unit (one person)"),
        "officer_unit": turn.t("Front officer of one hamlet or committee (one person)")
        if commune
        else turn.t("Union officer of one unit (one person)"),
    }
    keywords = {"treasurer_unit": ("thu quy don vi",), "officer_unit": ("can bo don vi",)}
    return [
        Choice(choice, labels[choice], keywords=keywords[choice])
        for choice, role in UNIT_ROLE_INVITES.items()
        if await _units(turn, actor, role)
    ]


def _fits(typed: str, name: str) -> bool:
    """Every word typed, accents aside, begins a word of the unit's name (“khoa noi”: “Khoa Nội”), as a long
    menu is narrowed (decision 0088)."""
    words = match_key(name).split()
    return all(any(word.startswith(said) for word in words) for said in match_key(typed).split())


def _unit_example(units: list[Unit]) -> str:
    """A unit's name as one would type it, from the units offered (“khoa noi”)."""
    return " ".join(fold(units[0].name).split()[:3])


@flow.prompt("role")
async def ask_role(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not may_open_invites(actor):
        await say_officers_only(turn, turn.t("Only {officers} can make invite codes."))
        go_home(turn)
        return
    # A commune's people are its hamlets' residents, and a hamlet's leader is its head (trưởng thôn): not an
    # office's staff and unit leaders. Its Front committee is a unit too, so the words hold for it as well.
    commune = await in_commune(turn)
    member = turn.t("Members (residents, staff)") if commune else turn.t("Members (staff)")
    leader = turn.t("Hamlet heads, leaders") if commune else turn.t("Unit leaders")
    turn.menu(
        turn.t("Who is the invite code for?"),
        [
            Choice("member", member, keywords=("thanh vien", "nguoi dan", "member")),
            Choice("leader", leader, keywords=("lanh dao", "truong thon", "leader", "hamlet head")),
            # Last, so the numbers officers have learnt for the first two stay.
            Choice("household", turn.t("Households"), keywords=("ho gia dinh", "ho", "household")),
            Choice(
                OPEN_CODES,
                turn.t("Open codes (see, withdraw)"),
                keywords=("ma dang mo", "ma con dung", "thu hoi", "xem ma", "open codes", "withdraw"),
            ),
            *_org_wide_choices(
                turn, actor, commune=commune, level=await org_level(turn.session, actor.org_id)
            ),
            *await _unit_role_choices(turn, actor, commune=commune),
            back_choice(turn.t),
        ],
    )


@flow.answer("role")
async def got_role(turn: Turn) -> None:
    if turn.choice == OPEN_CODES:
        turn.goto("invite", "list", keep_data=False)
        return
    org_wide = turn.choice in ORG_WIDE_CHAT_INVITES  # its unit is the joiner's own (decision 1886)
    if org_wide:
        role, kind = ORG_WIDE_CHAT_INVITES[turn.choice], "staff"
    elif turn.choice in UNIT_ROLE_INVITES:
        role, kind = UNIT_ROLE_INVITES[turn.choice], "staff"
    elif turn.choice in CHAT_INVITES:
        role, kind = CHAT_INVITES[turn.choice]
    else:
        go_home(turn)
        return
    # The unit found by name among many, an organisation-wide code's too (decisions 1950, 2036, 2123).
    turn.set(role=role, kind=kind, org_wide=org_wide, unit_words=None)
    actor = await actor_of(turn)
    many = actor is not None and len(await _units(turn, actor, role, org_wide=org_wide)) > UNIT_BUTTONS
    turn.goto("invite", "unit_named" if many else "unit")


@flow.prompt("unit")
async def ask_unit(turn: Turn) -> None:
    actor = await actor_of(turn)
    wide = bool(turn.data.get("org_wide"))
    units = await _units(turn, actor, turn.data["role"], org_wide=wide) if actor else []
    if words := turn.data.get("unit_words"):  # the few words of its name typed (decision 1950)
        units = [u for u in units if _fits(words, u.name)]
    if not units:
        turn.say(turn.t("You cannot make that invite for any unit."))
        go_home(turn)
        return
    commune, level = await commune_and_level_of(turn)  # a ward's “… của phường?” (decision 2844)
    turn.menu(
        turn.t("Which hamlet or committee of the {level} will they join?").format(
            level=level_name(turn.t, level)
        )
        if commune
        else turn.t("Which unit will they join?"),
        [*(Choice(f"u{u.id}", u.name) for u in units), back_choice(turn.t)],
    )


@flow.prompt("unit_named")
async def ask_unit_named(turn: Turn) -> None:
    actor = await actor_of(turn)
    wide = bool(turn.data.get("org_wide"))
    units = await _units(turn, actor, turn.data["role"], org_wide=wide) if actor else []
    if not units:
        turn.say(turn.t("You cannot make that invite for any unit."))
        go_home(turn)
        return
    commune, level = await commune_and_level_of(turn) if wide else (False, None)
    if not wide:
        asked = turn.t("Which unit is the code for? Type a few words of its name, for example: {example}.")
    elif commune:  # the joiner's own unit, asked as `ask_unit` asks it (decisions 2123, 2844)
        asked = turn.t(
            "Which hamlet or committee of the {level} will they join? Type a few words of its name, for "
            "example: {example}."
        )
    else:
        asked = turn.t("Which unit will they join? Type a few words of its name, for example: {example}.")
    said = asked.format(example=_unit_example(units), level=level_name(turn.t, level))
    turn.menu(said, [back_choice(turn.t)], free_text=True)


@flow.answer("unit_named")
async def got_unit_named(turn: Turn) -> None:
    """The words typed find the unit among those `actor` may make the code for: several (at most
    UNIT_BUTTONS) or one are listed to pick, as a press makes the code; none or too many are said, with an
    example, and asked again (decision 1950)."""
    if turn.choice == BACK_ID:
        turn.goto("invite", "role", keep_data=False)
        return
    if (typed := free_text(turn)) is None:
        return
    actor = await actor_of(turn)
    wide = bool(turn.data.get("org_wide"))
    units = await _units(turn, actor, turn.data["role"], org_wide=wide) if actor else []
    found = [u for u in units if _fits(typed, u.name)]
    if units and not found:
        turn.say(
            turn.t(
                "No unit you may make that code for has “{typed}” in its name. Please type a few words of "
                "its name, for example: {example}."
            ).format(typed=typed, example=_unit_example(units))
        )
    elif len(found) > UNIT_BUTTONS:
        turn.say(
            turn.t.plural(
                "{n} unit has “{typed}” in its name. Please type more of the name, for example: {example}.",
                "{n} units have “{typed}” in their name. Please type more of the name, for example: "
                "{example}.",
                len(found),
            ).format(n=len(found), typed=typed, example=_unit_example(found))
        )
    else:
        turn.set(unit_words=typed)
    turn.goto("invite", "unit" if turn.data.get("unit_words") else "unit_named")


@flow.answer("unit")
async def got_unit(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        if turn.data.get("unit_words"):  # back to the unit's name, to type another (decision 1950)
            turn.set(unit_words=None)
            turn.goto("invite", "unit_named")
            return
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
            org_wide=bool(turn.data.get("org_wide")),
        )
    except InviteError:
        turn.say(turn.t("You cannot make that invite for this unit."))
        go_home(turn)
        return
    whom = ""  # only an organisation-wide code's text names whom it is for, its commune read for it alone
    if invite.org_wide:  # whoever joins reads every colleague's gift: one person's (decisions 1857, 1886)
        whom = gives(turn.t, invite, unit.name, *await commune_and_level_of(turn))
        what = turn.t(
            "Invite code for {whom}: {code}\nWhoever joins with it reads every colleague's gift, so it is "
            "for one person: give it to them in person or in a private message, never in a group chat.\n"
            "It works until {until}."
        )
    elif invite.role in UNIT_ROLE_INVITES.values():  # one person's, as the organisation's (decision 1950)
        whom = gives(turn.t, invite, unit.name, *await commune_and_level_of(turn))
        what = turn.t(
            "Invite code for {whom}: {code}\nWhoever joins with it reads the gifts of {unit}, so it is for "
            "one person: give it to them in person or in a private message, never in a group chat.\n"
            "It works until {until}."
        )
    elif invite.kind == "household":
        what = turn.t.plural(
            "Invite code for households of {unit}: {code}\nUp to {uses} household can join with it until "
            "{until}. Each household joins once, by one member with a phone, under the household's name.",
            "Invite code for households of {unit}: {code}\nUp to {uses} households can join with it until "
            "{until}. Each household joins once, by one member with a phone, under the household's name.",
            invite.max_uses,
        )
    elif invite.role == "leader" and unit.id in await hamlet_ids(turn.session, unit.org_id):
        # a hamlet's leader is its head (decision 0225); the Front committee's are its leaders alone
        what = turn.t.plural(
            "Invite code for hamlet heads, leaders of {unit}: {code}\nWhoever joins with it becomes a hamlet "
            "head, leader of {unit}: give it to them in person or in a private message, never in a group "
            "chat.\nUp to {uses} person can join with it until {until}.",
            "Invite code for hamlet heads, leaders of {unit}: {code}\nWhoever joins with it becomes a hamlet "
            "head, leader of {unit}: give it to them in person or in a private message, never in a group "
            "chat.\nUp to {uses} people can join with it until {until}.",
            invite.max_uses,
        )
    elif invite.role == "leader":  # a role above a member's: said, and kept out of group chats
        what = turn.t.plural(
            "Invite code for leaders of {unit}: {code}\nWhoever joins with it becomes a leader of {unit}: "
            "give it to them in person or in a private message, never in a group chat.\nUp to {uses} person "
            "can join with it until {until}.",
            "Invite code for leaders of {unit}: {code}\nWhoever joins with it becomes a leader of {unit}: "
            "give it to them in person or in a private message, never in a group chat.\nUp to {uses} people "
            "can join with it until {until}.",
            invite.max_uses,
        )
    else:
        what = turn.t.plural(
            "Invite code for members of {unit}: {code}\nUp to {uses} person can join with it until {until}.",
            "Invite code for members of {unit}: {code}\nUp to {uses} people can join with it until {until}.",
            invite.max_uses,
        )
    text = what.format(
        unit=unit.name,
        code=invite.code,
        uses=invite.max_uses,
        until=turn.t.date(invite.expires_at),
        whom=whom,
    )
    if turn.settings.telegram_bot_username:
        text += "\n" + deep_link(turn.settings.telegram_bot_username, invite.code)
    turn.say(text, keep=True)
    go_home(turn)


# --- the open codes, and withdrawing one ----------------------------------------------------------------


def gives(
    t: Translator,
    invite: Invite,
    unit: str,
    commune: bool = False,
    level: str | None = None,
    *,
    hamlets: Collection[int] = (),
) -> str:
    """Who joins with `invite`, and as what: "members of Khoa Dược", “thủ quỹ toàn cơ quan, thuộc Phòng Đào
    tạo” for an organisation-wide code (decision 1814); a commune's officers are the Front's,
    “cán bộ Mặt trận Thôn 3”, and its whole is “toàn xã” (`commune`, decision 0225), a ward's “toàn phường”
    (`level`, `commune_level` of its name: decision 2844); a hamlet's leaders
    (its unit in `hamlets`, `hamlet_ids`) are its heads, “trưởng thôn, lãnh đạo Thôn 3”, the Front
    committee's only its leaders (decision 0247)."""
    if invite.kind == "household":
        return t("households of {unit}").format(unit=unit)
    place = role_place(t, None, commune=commune, level=level)
    if invite.org_wide:  # the role of the whole organisation; the unit the joiner's own (decision 1814)
        return {
            "treasurer": t("treasurers of {place}, joining {unit}"),
            "officer": t("{officers} of {place}, joining {unit}"),
        }[invite.role].format(unit=unit, place=place, officers=officers_title(t, commune=commune))
    return {
        "member": t("members of {unit}"),
        "leader": t("hamlet heads, leaders of {unit}")
        if invite.unit_id in hamlets
        else t("leaders of {unit}"),
        "treasurer": t("treasurers of {unit}"),
        "officer": t("{officers} of {unit}"),
        "admin": t("administrators of {place}"),
    }[invite.role].format(unit=unit, officers=officers_title(t, commune=commune), place=place)


async def _commune_and_hamlets(turn: Turn, org_id: int) -> tuple[bool, str | None, Collection[int]]:
    """Whether the organisation is a commune, its level, and its hamlets' units (none outside one), for
    `gives`."""
    commune, level = await commune_and_level_of(turn)
    return commune, level, await hamlet_ids(turn.session, org_id)


def uses_and_expiry(t: Translator, invite: Invite) -> str:
    left = t.plural("{left} of {uses} use left", "{left} of {uses} uses left", invite.max_uses).format(
        left=invite.max_uses - invite.uses, uses=invite.max_uses
    )
    if invite.expires_at is None:
        return left + " · " + t("never expires")
    return left + " · " + t("until {day}").format(day=t.date(invite.expires_at))


def row_lines(
    t: Translator,
    row: InviteRow,
    *,
    commune: bool = False,
    level: str | None = None,
    hamlets: Collection[int] = (),
) -> list[str]:
    """A code of the list in two short lines (the chat's and the shell's): what it gives, who made it and
    when, how many uses are left and until when; `commune` and `hamlets` as `gives` reads them."""
    invite = row.invite
    day = t.date(invite.created_at)
    if row.made_by is None:  # at the shell (`chungtay invite create`): the office's own computer
        made = t("made at the office's computer on {day}").format(day=day)
    else:
        made = t("made by {name} on {day}").format(name=row.made_by, day=day)
    return [
        f"• {invite.code}: {gives(t, invite, row.unit_name, commune, level, hamlets=hamlets)}",
        f"  {made} · {uses_and_expiry(t, invite)}",
    ]


def closed_words(t: Translator, invite: Invite, state: str) -> str:
    """Why a code of the whole list (the shell's --all) lets nobody in; empty for an open one."""
    if state == "withdrawn" and invite.withdrawn_at is not None:
        return t("withdrawn on {day}").format(day=t.date(invite.withdrawn_at))
    return {"expired": t("expired"), "used_up": t("used up")}.get(state, "")


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    actor = await actor_of(turn)
    if not may_open_invites(actor):
        await say_officers_only(turn, turn.t("Only {officers} can make invite codes."))
        go_home(turn)
        return
    assert actor is not None
    rows = await invites_of(turn.session, actor, actor.org_id, now=turn.now)
    if not rows:
        turn.say(turn.t("No invite code of your units is open: each is used up, expired or withdrawn."))
        turn.goto("invite", "role", keep_data=False)
        return
    shown = held_page(turn, PAGE, rows, LISTED)
    if shown.pages > 1:
        head = turn.t("Open invite codes: {n}, newest first (page {page} of {pages}).").format(
            n=shown.total, page=shown.number + 1, pages=shown.pages
        )
    else:
        head = turn.t("Open invite codes, newest first:")
    lines = [head]
    commune, level, hamlets = await _commune_and_hamlets(turn, actor.org_id)
    for row in shown.rows:
        lines += row_lines(turn.t, row, commune=commune, level=level, hamlets=hamlets)
    lines.append(turn.t("Choose a code to withdraw it."))
    choices = [
        Choice(f"i{row.invite.id}", f"{row.invite.code} · {clipped(row.unit_name, UNIT_CLIP)}")
        for row in shown.rows
    ]
    turn.menu(
        "\n".join(lines), [*choices, *page_choices(turn.t, shown.number, shown.pages), back_choice(turn.t)]
    )


@flow.answer("list")
async def chose_code(turn: Turn) -> None:
    if turned_page(turn, PAGE):
        turn.goto("invite", "list")
    elif turn.choice == BACK_ID:
        turn.goto("invite", "role", keep_data=False)
    elif (invite_id := picked_id(turn, "i")) is not None:
        turn.set(invite_id=invite_id)
        turn.goto("invite", "withdraw")


async def _chosen_invite(turn: Turn) -> tuple[Actor, Invite] | None:
    """The code kept under "invite_id" if the writer may withdraw it; else one kind line, back to the list."""
    actor = await actor_of(turn)
    invite = await turn.session.get(Invite, int(turn.data.get("invite_id", 0)))
    if actor is None or invite is None or not may_manage_invite(actor, invite):
        turn.say(turn.t("You cannot withdraw that invite code. Nothing was changed."))
        turn.goto("invite", "list")
        return None
    return actor, invite


def _closed_line(t: Translator, invite: Invite, reason: str) -> str:
    """Why a code cannot be withdrawn: it lets nobody in already."""
    return {
        "withdrawn": t("The code {code} was withdrawn already. Nothing was changed."),
        "expired": t("The code {code} has expired already: nobody can join with it. Nothing was changed."),
        "used_up": t("The code {code} is used up already: nobody can join with it. Nothing was changed."),
    }.get(reason, t("You cannot withdraw that invite code. Nothing was changed.")).format(code=invite.code)


@flow.prompt("withdraw")
async def ask_withdraw(turn: Turn) -> None:
    if (found := await _chosen_invite(turn)) is None:
        return
    _actor, invite = found
    if (state := invite_state(invite, turn.now)) != "open":
        turn.say(_closed_line(turn.t, invite, state))
        turn.goto("invite", "list")
        return
    unit = await turn.session.get_one(Unit, invite.unit_id)
    commune, level, hamlets = await _commune_and_hamlets(turn, unit.org_id)
    confirm_menu(
        turn,
        turn.t(
            "Withdraw the code {code}? It lets {whom} join ({uses}). Once withdrawn, nobody can join with "
            "it; those who joined already keep their place."
        ).format(
            code=invite.code,
            whom=gives(turn.t, invite, unit.name, commune, level, hamlets=hamlets),
            uses=uses_and_expiry(turn.t, invite),
        ),
    )


@flow.answer("withdraw")
async def withdrawing(turn: Turn) -> None:
    if (found := await _chosen_invite(turn)) is None:
        return
    actor, invite = found
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed: the code {code} still works.").format(code=invite.code))
        turn.goto("invite", "list")
        return
    try:
        await withdraw_invite(turn.session, actor, invite, now=turn.now)
    except InviteError as refused:
        turn.say(_closed_line(turn.t, invite, refused.reason))
        turn.goto("invite", "list")
        return
    turn.say(
        turn.t("Withdrawn: nobody can join with the code {code} any more.").format(code=invite.code),
        keep=True,
    )
    turn.goto("invite", "list")
