"""Roles in the chat (“Phân quyền”, /phanquyen), for the office: who holds which role, unit by unit; a role
granted to a person found by part of their name (accents optional), in a unit or for the whole organisation;
a role taken away. Only the roles and places `may_grant_role` allows are offered, and the domain asks the same
rule again (bot.domain.roles), so a press the menu never showed changes nothing. The person is told
(bot.domain.notices.role_changed). Decision 0078.

A colleague who left (retired, moved away) is recorded here too, with the day, and a leaving recorded by
mistake taken back, with the roles it took away (bot.domain.leaving, `may_mark_left`; decisions 0118,
0136)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from bot.clock import local_date
from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Organisation, Person, Unit
from bot.domain.access import (
    COVERED_ROLES,
    NAMED_ROLES,
    Actor,
    away_on_training,
    away_some_on_training,
    households_of,
    is_away,
    is_on_training,
    leavers_among,
    may_grant_role,
    may_open_roles,
    may_set_account,
    role_holders_among,
    roles_units,
)
from bot.domain.dates import NEAREST
from bot.domain.leaving import AHEAD, LeaveError, mark_back, mark_left, roles_to_give_back
from bot.domain.notices import (
    hamlet_ids,
    held_till,
    is_commune,
    level_words,
    org_level,
    role_at,
    role_place,
    role_title,
    roles_named,
)
from bot.domain.people import FoundPerson
from bot.domain.roles import (
    ALSO_COVERS,
    DEPUTY,
    FOR_GOOD,
    STAND_IN,
    Held,
    RoleChange,
    RoleError,
    away_holders,
    grant_role,
    held_by,
    holders_page,
    leaders_of,
    nobody_else_holds,
    revoke_role,
)
from bot.messages import Choice
from bot.text import match_key
from handlers.common import (
    NO,
    YES,
    actor_of,
    actor_or_home,
    ask_day,
    ask_typed,
    back_choice,
    confirm_menu,
    go_home,
    in_commune,
    kept_page,
    no_words,
    officers_named,
    page_choices,
    picked_id,
    read_day,
    shown_before_last_look,
    the_whole,
    turned_page,
    unit_list,
    with_hamlets,
)
from handlers.name_search import (
    MAX_MATCHES,
    NOT_THIS_ONE,
    found_menu,
    not_this_one,
    said_joined,
    search_by_name,
    search_if_named,
    taken_at_once,
    titles_before,
)
from handlers.wording import held_words, role_label

flow = Flow("roles", opens_for=may_open_roles)
HOLDERS, GRANT, REVOKE, ACCOUNT, LEAVE = "holders", "grant", "revoke", "account", "leave"
WHOLE = "org"  # the whole organisation, as the chat keeps "where"
PLACES_SHOWN = 8  # places (the organisation, units) a page of “who holds which role”
ROLE_KEYWORDS = {
    "treasurer": ("thu quy", "treasurer"),
    "officer": ("can bo", "cong doan", "van dong", "mat tran", "mttq", "officer"),
    "leader": ("lanh dao", "leader"),
    "admin": ("quan tri", "admin"),
}


# A grant as people word it at the menu, alone or with whom and what after it (“giao quyền thủ quỹ cho chị
# Lan”): the roles' screen, or for someone who is no admin its kind refusal (decision 2822).
GRANT_WORDS = ("phan quyen", "giao quyen", "cap quyen", "trao quyen", "giao vai tro", "grant a role")


# … and the taking away of one (“thu hồi quyền thủ quỹ của Lan”): into the revoke's steps (decision 2941).
# Never “thu hồi” alone, which is also an invite code's (“thu hồi mã”).
REVOKE_WORDS = ("thu hoi quyen", "thu hoi vai tro", "revoke a role", "revoke the role", "revoke role")


def _after(text: str, words: tuple[str, ...]) -> str | None:
    """What follows the first of `words` that `text` begins with (“”: nothing), marks or none; None when it
    begins with none of them."""
    typed = " ".join(match_key(text).split())
    return next((typed[len(said) :] for said in words if typed == said or typed.startswith(said + " ")), None)


def asks_to_grant(text: str) -> bool:
    """`text` begins with the words of granting a role (`GRANT_WORDS`), marks or none."""
    return _after(text, GRANT_WORDS) is not None


def asks_to_revoke(text: str) -> bool:
    """`text` begins with the words of taking a role away (`REVOKE_WORDS`), marks or none."""
    return _after(text, REVOKE_WORDS) is not None


# The roles as a grant typed at the menu names them, the longest words first, compared as `match_key` folds
# them; never “vận động” alone, which is also a name (“Nguyễn Văn Đông”) (decision 2865).
_SAID_ROLES = {
    "treasurer": ("thu quy", "treasurer"),
    "officer": (
        "can bo cong doan",
        "can bo van dong",
        "can bo mat tran",
        "can bo",
        "cong doan",
        "mttq",
        "officer",
    ),
    "leader": ("lanh dao", "leader"),
    "admin": ("quan tri vien", "quan tri", "administrator", "admin"),
}
# Around whom in a grant said at the menu, folded: before the name (“cho”, “to”; “của”, whose role is taken
# away) and after it (“… Lan làm thủ quỹ”), never taken for a part of it; and the titles and positions before
# a name (`titles_before`: “chị”, “đồng chí”, “điều dưỡng”, decision 2943), never the name's last word, itself
# perhaps one (“chị Anh”, “anh Chi”: decision 2956).
_BEFORE_NAME = frozenset(
    {"cho", "vai", "tro", "quyen", "la", "lam", "to", "as", "role", "a", "the", "make", "cua", "of", "from"}
)
_AFTER_NAME = frozenset({"lam", "la", "as", "to", "a", "an", "the", "role", "vai", "tro", "quyen"})


def _cut(words: list[str], said: list[str]) -> bool:
    """`said` taken out of `words` wherever it stands whole; whether it stood there."""
    found = False
    at = 0
    while at + len(said) <= len(words):
        if words[at : at + len(said)] == said:
            words[at : at + len(said)] = []
            found = True
        else:
            at += 1
    return found


def said_grant(text: str) -> tuple[str | None, str]:
    """Of a grant said at the menu (`asks_to_grant`), or a taking away (`asks_to_revoke`), the role it names
    (`_SAID_ROLES`: one only, else None) and the words left for whom (“”: nobody named): “giao quyền thủ quỹ
    cho chị Lan” is ("treasurer", "lan"), “phân quyền cho Lan làm cán bộ công đoàn” ("officer", "lan"),
    “thu hồi quyền thủ quỹ của Lan” ("treasurer", "lan"), “phân quyền” (None, "")."""
    rest = _after(text, GRANT_WORDS)
    words = (rest if rest is not None else _after(text, REVOKE_WORDS) or "").split()
    roles = {
        role for role, names in _SAID_ROLES.items() for said in names if _cut(words, match_key(said).split())
    }
    while words:
        # a title only where a name follows it: “chị Anh” is Anh, “anh Chi” Chi (as the away flow reads, 2956)
        cut = titles_before(words) if len(words) > 1 else 0
        if not cut and words[0] not in _BEFORE_NAME:
            break
        words = words[cut or 1 :]
    while words and words[-1] in _AFTER_NAME:
        words = words[:-1]
    return (roles.pop() if len(roles) == 1 else None), " ".join(words)


async def _office(turn: Turn) -> Actor | None:
    """The admin writing, or a kind refusal and home (asked again at every step: a role can go meanwhile)."""
    refusal = turn.t(
        "Only an administrator grants and takes away roles. If someone should get a role, please ask the "
        "office."
    )
    return await actor_or_home(turn, may_open_roles, refusal)


def _actions(turn: Turn) -> list[Choice]:
    return [
        Choice(GRANT, turn.t("Grant a role"), keywords=("giao vai tro", "giao", "grant")),
        Choice(REVOKE, turn.t("Take a role away"), keywords=("thu hoi vai tro", "thu hoi", "revoke")),
    ]


@flow.prompt("start")
async def ask_what(turn: Turn) -> None:
    if (actor := await _office(turn)) is None:
        return
    holders = Choice(HOLDERS, turn.t("Who holds which role"), keywords=("ai giu vai tro", "danh sach"))
    office = []
    if may_set_account(actor, actor.org_id):  # where gifts are transferred: the whole organisation's admins
        office.append(Choice(ACCOUNT, turn.t("Account for gifts"), keywords=("tai khoan", "account")))
    left = Choice(
        LEAVE,
        turn.t("A colleague who left"),
        keywords=("nguoi da nghi", "da nghi", "nghi huu", "chuyen cong tac", "nghi viec", "left"),
    )
    turn.menu(
        turn.t(
            "Roles: who holds which role, granting or taking one away, and colleagues who left. What would "
            "you like to do?"
        ),
        [holders, *_actions(turn), *office, left, back_choice(turn.t)],  # what came later, last
    )


@flow.prompt("said")
async def grant_as_said(turn: Turn) -> None:
    """A grant typed at the menu (`asks_to_grant`): the role it names carried into the grant's steps where the
    admin may grant it somewhere (`_places`, which asks `may_grant_role`), and whom it names taken where one
    person matches, listed to pick where a few do, asked otherwise; with neither typed, the roles' first
    screen (decisions 2822, 2865). A taking away typed so (`asks_to_revoke`) is read the same way into the
    revoke's steps, its name asked where neither is typed (decision 2941). Nothing is granted nor taken away
    before the last look's “Có”, which names both."""
    if (actor := await _office(turn)) is None:
        return
    role, name = said_grant(turn.text or "")
    mode = REVOKE if asks_to_revoke(turn.text or "") else GRANT
    if role is None and not name and mode == GRANT:
        turn.goto("roles", "start")
        return
    turn.set(mode=mode)
    if role is not None and await _places(turn, actor, role):
        turn.set(**({"role": role} if mode == GRANT else {"said_role": role}))
    found: list[FoundPerson] = []
    matched = await search_if_named(turn, role_holders_among(actor), name, then="roles", listed=found)
    if matched == 1 and (person := await turn.session.get(Person, found[0].id)) is not None:
        turn.say(turn.t("Found: {name}.").format(name=turn.data["found"][0][1]))
        turn.set(found=None, taken_at_once=True)  # “Chọn người khác” on the next screens asks the name again
        await _chosen(turn, person)
    elif not matched or matched > MAX_MATCHES:  # nobody, or too many: the name asked, the role kept
        turn.goto("roles", "find")


@flow.answer("start")
async def chose_what(turn: Turn) -> None:
    _follow_action(turn, back=lambda: go_home(turn))


def _follow_action(turn: Turn, *, back: Callable[[], None]) -> None:
    """The step an action of the menus of this flow leads to; `back` for anything else."""
    if turn.choice == HOLDERS:
        turn.set(page=0)
        turn.goto("roles", "holders")
    elif turn.choice in (GRANT, REVOKE, LEAVE):
        turn.goto("roles", "find", keep_data=False)
        turn.set(mode=turn.choice)
    elif turn.choice == ACCOUNT:
        turn.goto("account", "start", keep_data=False)
    else:
        back()


# --- who holds which role ---------------------------------------------------------------------------------


@flow.prompt("holders")
async def show_holders(turn: Turn) -> None:
    """The whole organisation first (for an organisation-wide admin), then each unit the admin covers, by
    name: its treasurers, officers, leaders and admins, by name only."""
    actor = await _office(turn)
    if actor is None:
        return
    units = roles_units(actor)
    shown = await kept_page(
        turn,
        "page",
        PLACES_SHOWN,
        lambda page: holders_page(
            turn.session, actor.org_id, units, page=page, size=PLACES_SHOWN, joined=said_joined(turn)
        ),
    )
    org = await turn.session.get_one(Organisation, actor.org_id)
    whole = await the_whole(turn, label=True)  # “Toàn xã”, “Toàn phường” (2776)
    heading = turn.t("Who holds which role in {org}:").format(org=org.name)
    if shown.pages > 1:
        heading += " " + turn.t("page {page} of {pages}").format(page=shown.number + 1, pages=shown.pages)
    lines = [heading]
    commune = await in_commune(turn)
    hamlets = await hamlet_ids(turn.session, actor.org_id)  # a hamlet's leaders are its heads (0259)
    for place in shown.rows:
        name = place.unit if place.unit is not None else whole
        if not place.names:
            lines.append(turn.t("{place}: nobody holds a role here yet.").format(place=name))
            continue
        lines.append(f"{name}:")
        org_wide, hamlet = place.unit is None, place.unit_id in hamlets
        lines += [
            f"• {role_label(turn.t, role, org_wide=org_wide, commune=commune, hamlet=hamlet)}: "
            + ", ".join(names)
            for role, names in place.names.items()
        ]
    choices = [*page_choices(turn.t, shown.number, shown.pages), *_actions(turn), back_choice(turn.t)]
    turn.menu("\n".join(lines), choices)


@flow.answer("holders")
async def chose_on_holders(turn: Turn) -> None:
    if turned_page(turn, "page"):
        turn.goto("roles", "holders")
        return
    _follow_action(turn, back=lambda: turn.goto("roles", "start", keep_data=False))


# --- whom -------------------------------------------------------------------------------------------------


@flow.prompt("find")
async def ask_name(turn: Turn) -> None:
    if await _office(turn) is None:
        return
    preset = await _preset(turn)
    if preset is not None:  # from the office's notice of a unit with no treasurer
        role, place = preset
        question = turn.t(
            "Whom do you make {role}? Type part of their name (with or without accents), for example: "
            "dinh thi hien."
        ).format(role=role_at(turn.t, role, place, commune=await in_commune(turn)))
    elif turn.data.get("mode") == REVOKE:
        question = turn.t(
            "Whose role do you take away? Type part of their name (with or without accents), for example: "
            "dinh thi hien."
        )
    elif turn.data.get("mode") == LEAVE:
        question = turn.t(
            "Who has left (retired, moved to another workplace)? Type part of their name (with or without "
            "accents), for example: dinh thi hien. A leaving recorded by mistake is taken back the same way."
        )
    else:
        question = turn.t(
            "Whom do you grant a role? Type part of their name (with or without accents), for example: "
            "dinh thi hien. They need a record: the staff list's, or joining with any invite."
        )
    ask_typed(turn, question)


@flow.answer("find")
async def got_name(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("roles", "start", keep_data=False)
        return
    actor = await _office(turn)
    if actor is None:
        return
    if turn.data.get("mode") == LEAVE:
        await _find_leaver(turn, actor)
        return
    nobody = turn.t("Nobody of your organisation has “{typed}” in their name. Please try another part of it.")
    household = turn.t(
        "Only a household has that name: a household is a member and holds no other role. Please type the "
        "name of a person."
    )
    back = turn.t("If they are back at work, “{menu}” records it.").format(
        menu=turn.t("A colleague who left")
    )
    found = await search_by_name(
        turn,
        role_holders_among(actor),
        nobody=nobody,
        set_apart=(households_of(actor), household),
        left=(role_holders_among(actor, left=True), back),
        then="roles",
    )
    # the one match named whole (“dinh thi hien”): taken at once and said; the roles' question names them,
    # “Có” is asked before any role changes, and “không phải” or Back there asks the name again (0257)
    if (person := await taken_at_once(turn, found, turn.text)) is not None:
        turn.set(taken_at_once=True)
        await _chosen(turn, person)


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    found_menu(turn, turn.t("Which person?"))


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None:
        return
    person_id = picked_id(turn, "p")
    person = await turn.session.get(Person, person_id) if person_id else None
    if person is None or person.org_id != actor.org_id:
        turn.goto("roles", "find")
        return
    turn.set(taken_at_once=None)
    await _chosen(turn, person)


async def _chosen(turn: Turn, person: Person) -> None:
    """`person` picked from the list, or the one match named whole: on to what is done with their roles."""
    turn.set(person_id=person.id, person_name=person.full_name)
    if turn.data.get("mode") == LEAVE:
        gone_or_going = person.left_on is not None or person.leaves_on is not None
        turn.goto("roles", "back" if gone_or_going else "gone")
    elif turn.data.get("mode") == REVOKE:
        turn.goto("roles", "held")
    elif await _preset(turn) is not None:
        if shown_before_last_look(turn):  # “lan” at the list: the one name it matches, then the last look
            return
        turn.goto("roles", "confirm")
    elif turn.data.get("role") in NAMED_ROLES:  # named in the grant typed at the menu (decision 2865)
        turn.goto("roles", "where")
    else:
        turn.goto("roles", "role")


def _unit_id(turn: Turn) -> int | None:
    """The unit chosen (`where`: a unit's id); None for the whole organisation."""
    where = turn.data.get("where")
    return where if isinstance(where, int) else None


async def _in_hamlet(turn: Turn, actor: Actor) -> bool:
    """Whether the place chosen (`where`: a unit's id) is a commune's hamlet, whose leaders are its heads."""
    unit_id = _unit_id(turn)
    return unit_id is not None and unit_id in await hamlet_ids(turn.session, actor.org_id)


def _held_text(turn: Turn, held: Held, *, commune: bool, hamlets: set[int], level: str | None = None) -> str:
    """ "Thủ quỹ (toàn cơ quan)", "Lãnh đạo (toàn xã)", "Lãnh đạo đơn vị (Khoa Nội)", "Trưởng thôn, lãnh đạo
    (Thôn 3)"."""
    hamlet = held.unit_id in hamlets
    title = role_title(turn.t, held.role, org_wide=held.unit is None, commune=commune, hamlet=hamlet)
    return f"{title} ({role_place(turn.t, held.unit, commune=commune, level=level)})"


async def _roles_text(turn: Turn, held: list[Held], org_id: int) -> str:
    """ "Thủ quỹ (toàn cơ quan); Lãnh đạo đơn vị (Khoa Nội)"."""
    commune, hamlets = await is_commune(turn.session, org_id), await hamlet_ids(turn.session, org_id)
    level = await org_level(turn.session, org_id)
    return "; ".join(_held_text(turn, h, commune=commune, hamlets=hamlets, level=level) for h in held)


async def _person(turn: Turn, actor: Actor) -> Person | None:
    """The person chosen, if still of the admin's organisation; otherwise back to the name, and None."""
    person = await turn.session.get(Person, turn.data.get("person_id") or 0)
    if person is None or person.org_id != actor.org_id:
        turn.goto("roles", "find")
        return None
    return person


# --- granting ---------------------------------------------------------------------------------------------


async def _places(turn: Turn, actor: Actor, role: str) -> list[Choice]:
    """Where `actor` may grant `role`: the whole organisation (an organisation-wide admin), then the units
    they cover, by name."""
    places = []
    if may_grant_role(actor, role, actor.org_id, None):
        whole = await the_whole(turn, label=True)  # “Toàn xã”, “Toàn phường” (2776)
        places.append(Choice(WHOLE, whole, keywords=("toan co quan", *level_words("toan"), "whole")))
    for unit in await unit_list(turn, actor.org_id, roles_units(actor)):
        if may_grant_role(actor, role, actor.org_id, unit.id):
            places.append(Choice(f"u{unit.id}", unit.name))
    return places


async def _preset(turn: Turn) -> tuple[str, str] | None:
    """The role and place a notice's button chose (“Giao vai trò thủ quỹ”), as (role, place's name), while
    the admin may grant it there; None otherwise (then they choose)."""
    role, where = turn.data.get("role"), turn.data.get("where")
    if turn.data.get("mode") != GRANT or role not in NAMED_ROLES or where is None:
        return None
    place = await _place_name(turn, where)
    actor = await actor_of(turn)
    unit_id = None if where == WHOLE else where
    if place is None or actor is None or not may_grant_role(actor, role, actor.org_id, unit_id):
        return None
    return role, place


async def _place_name(turn: Turn, where: object) -> str | None:
    """The name of the place the chat keeps ("org", or a unit's id), in a sentence; None for a unit that is
    not of the writer's organisation (any more)."""
    if where == WHOLE:
        return await the_whole(turn)
    unit = await turn.session.get(Unit, where) if isinstance(where, int) else None
    if unit is None or turn.person is None or unit.org_id != turn.person.org_id:
        return None
    return unit.name


@flow.prompt("role")
async def ask_role(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    held = await held_by(turn.session, person)
    if held:
        roles = await _roles_text(turn, held, actor.org_id)
        said = turn.t("{name} holds: {roles}.").format(name=person.full_name, roles=roles)
    else:
        said = turn.t("{name} is only a member so far.").format(name=person.full_name)
    roles = [role for role in NAMED_ROLES if await _places(turn, actor, role)]
    commune, hamlets = await in_commune(turn), await with_hamlets(turn)  # the place is not chosen yet
    titles = {role: role_title(turn.t, role, commune=commune, hamlets=hamlets) for role in roles}
    choices = [Choice(role, titles[role], keywords=ROLE_KEYWORDS[role]) for role in roles]
    question = turn.t("Which role do you grant {name}?").format(name=person.full_name)
    turn.menu(f"{said}\n{question}", [*choices, *_wrong_one(turn), back_choice(turn.t)])


def _wrong_one(turn: Turn) -> list[Choice]:
    """“Chọn người khác” (“không phải”) after the one match taken at once: the name asked again (0257)."""
    return [not_this_one(turn)] if turn.data.get("taken_at_once") else []


@flow.answer("role")
async def got_role(turn: Turn) -> None:
    if turn.choice not in NAMED_ROLES:
        turn.goto("roles", "find", keep_data=False)
        turn.set(mode=GRANT)
        return
    if turn.choice == "admin" and shown_before_last_look(turn):  # “quan”: admin has no place to choose
        return
    turn.set(role=turn.choice)
    turn.goto("roles", "where")


@flow.prompt("where")
async def ask_where(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    role = turn.data["role"]
    places = await _places(turn, actor, role)
    if not places:
        turn.say(turn.t("You may not grant that role anywhere."))
        turn.goto("roles", "role")
        return
    if role == "admin":  # the whole organisation's only (decision 0040): nothing to choose
        turn.set(where=WHOLE)
        turn.goto("roles", "confirm")
        return
    if role == "leader" and await with_hamlets(turn):  # a hamlet's leader is its head, a board's is not
        question = turn.t("Leader (hamlet head, unit leader) of which hamlet or unit, for {name}?").format(
            name=person.full_name
        )
    else:
        question = turn.t("{role} of which unit, for {name}?").format(
            role=role_title(turn.t, role, commune=await in_commune(turn)), name=person.full_name
        )
    turn.menu(question, [*places, back_choice(turn.t)])


@flow.answer("where")
async def got_where(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("roles", "role")
        return
    if shown_before_last_look(turn):  # “khoa noi”: the one unit it matches, to pick, then the last look
        return
    turn.set(where=WHOLE if turn.choice == WHOLE else picked_id(turn, "u"))
    turn.goto("roles", "confirm")


@flow.prompt("confirm")
async def ask_grant(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    place = await _place_name(turn, turn.data.get("where"))
    if place is None:
        turn.goto("roles", "role")
        return
    role = role_at(
        turn.t, turn.data["role"], place, commune=await in_commune(turn), hamlet=await _in_hamlet(turn, actor)
    )
    if turn.data["role"] == "leader" and not await nobody_else_holds(
        turn.session, person, "leader", _unit_id(turn), or_whole=False
    ):  # a second leader there: a stand-in for a leave or a deputy for good, said now (decision 1230)
        heads = await _heads(turn, person)  # said as training (2630), or each as it is (2719)
        split = away_some_on_training(heads, turn.today)
        _ask_why(turn, role, person.full_name, training=away_on_training(heads, turn.today), split=split)
        return
    away = await away_holders(turn.session, person, turn.data["role"], _unit_id(turn), local_date(turn.now))
    if away:  # a treasurer or an officer there on leave: to stand in for her, ended at her return (1430)
        _ask_for_whom(turn, role, person.full_name, away)
        return
    question = turn.t("Make {name} {role}?")
    # the one match named whole, taken at once (a role chosen before the name: this is the first screen that
    # names them): “Chọn người khác” asks the name again, the role kept (0257)
    confirm_menu(turn, question.format(role=role, name=person.full_name), *_wrong_one(turn))


def _ask_why(turn: Turn, role: str, name: str, *, training: bool, split: bool = False) -> None:
    """The last look at a leader role given where someone already leads: its Yes says why, to stand in
    while a leader is on leave (she and the office are told when that leave ends, however early it was
    given) or as a deputy for good (told nothing then); kept on the grant (`roles.grant_role`'s
    `given_for`). `training`: the leaders there away are all at a course, said so (decision 2630); `split`:
    some at a course and the others on leave, each said (decision 2719)."""
    question = (
        turn.t(
            "Make {name} {role}? Leaders there are away, on training and on long leave: to stand in "
            "meanwhile, or as a deputy for good? When that training or leave ends, a stand-in is told; a "
            "deputy is not."
        )
        if split
        else turn.t(
            "Make {name} {role}? Someone already leads there and is away on training: to stand in during "
            "the training, or as a deputy for good? When the training ends, a stand-in is told; a deputy "
            "is not."
        )
        if training
        else turn.t(
            "Make {name} {role}? Someone already leads there: to stand in during a leave, or as a deputy for "
            "good? When the leave ends, a stand-in is told; a deputy is not."
        )
    ).format(name=name, role=role)
    wrong_one = _wrong_one(turn)
    turn.menu(
        question,
        [
            Choice(
                STAND_IN,
                turn.t("Yes, to stand in during a leave or training")
                if split
                else turn.t("Yes, to stand in during the training")
                if training
                else turn.t("Yes, to stand in during a leave"),
                keywords=("phu trach thay", "thay", "stand in"),
            ),
            Choice(DEPUTY, turn.t("Yes, as a deputy for good"), keywords=("cap pho", "lau dai", "deputy")),
            Choice(NO, turn.t("No, cancel"), keywords=no_words(*wrong_one), led=True),
            *wrong_one,
        ],
        unsaved=True,
    )


def _ask_for_whom(turn: Turn, role: str, name: str, away: list[Person]) -> None:
    """The last look at a treasurer's or an officer's role given where one who holds it is on long leave:
    its Yes says whether it is to stand in for her (the role then ends by itself when her leave ends, and
    both are told) or for good (decision 1430). Every one of them away on training: said so (2445)."""
    question = (
        turn.t(
            "Make {name} {role}? {away} is away on training: is it to stand in for them (the role then ends "
            "by itself once they are back), or for good?"
        )
        if away_on_training(away, turn.today)
        else turn.t(
            "Make {name} {role}? {away} is on long leave: is it to stand in for them (the role then ends by "
            "itself when that leave ends), or for good?"
        )
    ).format(name=name, role=role, away=", ".join(head.full_name for head in away))
    wrong_one = _wrong_one(turn)
    covering = [
        Choice(f"h{head.id}", turn.t("Yes, to stand in for {name}").format(name=head.full_name))
        for head in away
    ]
    turn.menu(
        question,
        [
            *covering,
            Choice(YES, turn.t("Yes, for good"), keywords=("lau dai", "for good")),
            Choice(NO, turn.t("No, cancel"), keywords=no_words(*wrong_one), led=True),
            *wrong_one,
        ],
        unsaved=True,
    )


@flow.answer("confirm")
async def confirmed_grant(turn: Turn) -> None:
    if turn.choice == NOT_THIS_ONE:
        turn.set(taken_at_once=None, person_id=None, person_name=None)
        turn.goto("roles", "find")
        return
    if turn.choice == STAND_IN:
        actor = await _office(turn)
        if actor is None or (person := await _person(turn, actor)) is None:
            return
        heads = await _heads(turn, person)
        if len(heads) > 1:  # two heads there or more: whom she stands in for, asked (decision 1348)
            turn.goto("roles", "covers")
            return
        await _change(turn, grant=True, given_for=STAND_IN, covers=heads[0] if heads else None)
        return
    if (head_id := picked_id(turn, "h")) is not None:  # a treasurer's or an officer's on leave (1430)
        actor = await _office(turn)
        if actor is None or (person := await _person(turn, actor)) is None:
            return
        away = await away_holders(
            turn.session, person, turn.data["role"], _unit_id(turn), local_date(turn.now)
        )
        head = next((h for h in away if h.id == head_id), None)
        if head is None:  # back meanwhile: the last look again
            turn.goto("roles", "confirm")
            return
        await _change(turn, grant=True, given_for=STAND_IN, covers=head)
        return
    await _change(turn, grant=True, given_for=DEPUTY if turn.choice == DEPUTY else None)


async def _heads(turn: Turn, person: Person) -> list[Person]:
    """The other leaders of the place chosen, by name: whom `person` may stand in for (decision 1348)."""
    return [
        head for head in await leaders_of(turn.session, person.org_id, _unit_id(turn)) if head.id != person.id
    ]


@flow.prompt("covers")
async def ask_covers(turn: Turn) -> None:
    """Where the place has more than one other leader, whom the stand-in covers: she is told when that
    head's leave ends, not at another's return (decision 1348); said as a course's end where those of them
    away are all at one (decision 2636), as the last look before says it (2630)."""
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    heads = await _heads(turn, person)
    if not heads:  # the heads there gone meanwhile: the last look again
        turn.goto("roles", "confirm")
        return
    question = (
        turn.t(
            "Whom does {name} stand in for? When that leader's leave or training ends, {name} and the office "
            "are told."
        )
        if away_some_on_training(heads, turn.today)  # some at a course, the others on leave: each (2719)
        else turn.t(
            "Whom does {name} stand in for? When that leader's training ends, {name} and the office are told."
        )
        if away_on_training(heads, turn.today)  # those of them away all at a course: said so (decision 2636)
        else turn.t(
            "Whom does {name} stand in for? When that leader's leave ends, {name} and the office are told."
        )
    ).format(name=person.full_name)
    choices = [Choice(f"h{head.id}", _head_label(turn, head)) for head in heads]
    turn.menu(question, [*choices, back_choice(turn.t)], unsaved=True)


def _head_label(turn: Turn, head: Person) -> str:
    """A head offered to be covered, by name, and whether she is at a course or on leave that day, short, on
    her button or numbered line (a head at work: her name alone; decision 2772)."""
    if is_on_training(head, turn.today):
        return turn.t("{name} (on training)").format(name=head.full_name)
    if is_away(head, turn.today):
        return turn.t("{name} (on long leave)").format(name=head.full_name)
    return head.full_name


@flow.answer("covers")
async def got_covers(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("roles", "confirm")
        return
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    head = next((h for h in await _heads(turn, person) if h.id == picked_id(turn, "h")), None)
    if head is None:  # a leader no longer there: asked again
        turn.goto("roles", "covers")
        return
    await _change(turn, grant=True, given_for=STAND_IN, covers=head)


# --- taking away ------------------------------------------------------------------------------------------


@flow.prompt("held")
async def ask_held(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    held = await held_by(turn.session, person)
    yours = [h for h in held if may_grant_role(actor, h.role, actor.org_id, h.unit_id)]
    commune, hamlets = (
        await is_commune(turn.session, actor.org_id),
        await hamlet_ids(turn.session, actor.org_id),
    )
    level = await org_level(turn.session, actor.org_id)  # a ward's whole is “toàn phường” (2776)
    if not yours:
        turn.say(
            turn.t("{name} holds no role you may take away.").format(name=person.full_name)
            if held
            else turn.t("{name} is only a member so far.").format(name=person.full_name)
        )
        turn.goto("roles", "start", keep_data=False)
        return
    # the role named where it was typed at the menu (decision 2941): held once, on to its last look; held in a
    # few places, those listed; not held, all they hold that the admin may take away, as without it
    if named := [h for h in yours if h.role == turn.data.get("said_role")]:
        if len(named) == 1:
            turn.set(role=named[0].role, where=named[0].unit_id or WHOLE)
            turn.goto("roles", "revoke")
            return
        yours = named
    choices = [
        Choice(
            f"r{h.role}:{h.unit_id or WHOLE}",
            _held_text(turn, h, commune=commune, hamlets=hamlets, level=level),
        )
        for h in yours
    ]
    question = turn.t("Which role of {name} do you take away?").format(name=person.full_name)
    turn.menu(question, [*choices, *_wrong_one(turn), back_choice(turn.t)])


@flow.answer("held")
async def got_held(turn: Turn) -> None:
    role, _sep, where = (turn.choice or "").removeprefix("r").partition(":")
    if role not in NAMED_ROLES or not where:
        turn.goto("roles", "find", keep_data=False)
        turn.set(mode=REVOKE)
        return
    if shown_before_last_look(turn):  # “thu quy”: the one role it matches, to pick, then the last look
        return
    turn.set(role=role, where=WHOLE if where == WHOLE else int(where))
    turn.goto("roles", "revoke")


@flow.prompt("revoke")
async def ask_revoke(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    place = await _place_name(turn, turn.data.get("where"))
    if place is None:
        turn.goto("roles", "held")
        return
    role = role_at(
        turn.t, turn.data["role"], place, commune=await in_commune(turn), hamlet=await _in_hamlet(turn, actor)
    )
    question = turn.t("Take the role of {role} away from {name}?").format(role=role, name=person.full_name)
    where = turn.data.get("where")
    unit_id = where if isinstance(where, int) else None
    if (last := await _left_without(turn, person, turn.data["role"], unit_id, place)) is not None:
        question = f"{last}\n{question}"
    # the one match taken at once, and the role typed at the menu: the first screen naming them (0257, 2941)
    confirm_menu(turn, question, *_wrong_one(turn))


async def _left_without(turn: Turn, person: Person, role: str, unit_id: int | None, place: str) -> str | None:
    """What taking `role` of `place` (a unit, or None: the whole organisation) from `person` leaves without
    anyone, when nobody else covers it: a treasurer's gifts to confirm, an officer's drives, appeals and
    households to record for (and to be told of, decision 0233), a leader's digest (a unit's own leaders
    only: the organisation's read the roll-up). None when someone does, and for the other roles (the last
    administrator of the whole organisation is refused, bot.domain.roles)."""
    if role not in ("treasurer", "officer", "leader"):
        return None
    if not await nobody_else_holds(turn.session, person, role, unit_id, or_whole=role != "leader"):
        return None
    whole = unit_id is None
    if role == "treasurer" and not whole:
        said = turn.t(
            "{name} is the last treasurer of {place}: gifts given there will wait, with nobody to confirm "
            "them, until you grant the role to someone."
        )
    elif role == "treasurer":
        said = turn.t(
            "{name} is the last treasurer of {place}: gifts of the units with no treasurer of their own will "
            "wait, with nobody to confirm them, until you grant the role to someone."
        )
    elif role == "officer" and not whole:
        said = turn.t(
            "{name} is the last of the {officers} of {place}: its drives and appeals will have nobody to run "
            "them, and its households without a phone nobody to record for them or to be told of them, until "
            "you grant the role to someone."
        )
    elif role == "officer":
        said = turn.t(
            "{name} is the last of the {officers} of {place}: the drives and appeals of the units with no "
            "officer of their own will have nobody to run them, and their households without a phone nobody "
            "to record for them, until you grant the role to someone."
        )
    elif not whole:
        said = turn.t(
            "{name} is the last leader of {place}: its weekly digest will reach nobody until you grant the "
            "role to someone."
        )
    else:
        said = turn.t(
            "{name} is the last leader of {place}: the weekly digest of all units together will reach nobody "
            "until you grant the role to someone."
        )
    officers = await officers_named(turn) if role == "officer" else ""
    return said.format(name=person.full_name, place=place, officers=officers)


@flow.answer("revoke")
async def confirmed_revoke(turn: Turn) -> None:
    if turn.choice == NOT_THIS_ONE:  # the name asked again, a role typed at the menu kept (`said_role`)
        turn.set(taken_at_once=None, person_id=None, person_name=None, role=None, where=None)
        turn.goto("roles", "find")
        return
    await _change(turn, grant=False)


# --- a colleague who left ---------------------------------------------------------------------------------


async def _find_leaver(turn: Turn, actor: Actor) -> None:
    """The people the admin may record as gone or back (`leavers_among`); the admin themself set apart."""
    nobody = turn.t(
        "Nobody of the units you administer has “{typed}” in their name. Please try another part of it."
    )
    yourself = turn.t(
        "You cannot record yourself as gone: another administrator does it. Please type someone else's name."
    )
    found = await search_by_name(
        turn,
        leavers_among(actor),
        nobody=nobody,
        set_apart=(Person.id == actor.person_id, yourself),
        then="roles",
    )
    # the one match named whole: taken at once; the day's question (or, for one recorded gone, whether it
    # was a mistake) names them and a “Có” comes before anything changes; “không phải” or Back asks again
    if (person := await taken_at_once(turn, found, turn.text)) is not None:
        turn.set(taken_at_once=True)
        await _chosen(turn, person)


def _leave_example(turn: Turn) -> str:
    return turn.t.date(turn.today.replace(day=1))


def _not_yet(turn: Turn, day: date) -> str:
    return turn.t(
        "{day} is more than a year ahead. Please check the year, or type a day within the coming year "
        "(for example: {example})."
    ).format(day=turn.t.date(day), example=_leave_example(turn))


def _back_to_leavers(turn: Turn) -> None:
    turn.goto("roles", "find", keep_data=False)
    turn.set(mode=LEAVE)


@flow.prompt("gone")
async def ask_gone_day(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    question = turn.t(
        "On which day did {name} leave? Choose today, or type the day, for example: {day}."
    ).format(name=person.full_name, day=_leave_example(turn))
    ahead = turn.t(
        "A day still to come is fine too: until then nothing changes, and on that day the leaving is "
        "recorded by itself."
    )
    ask_day(turn, f"{question}\n{ahead}", *_wrong_one(turn))


@flow.answer("gone")
async def got_gone_day(turn: Turn) -> None:
    if turn.choice in (BACK_ID, NOT_THIS_ONE):
        _back_to_leavers(turn)
        return
    day = read_day(
        turn,
        _leave_example(turn),
        not_after=turn.today + AHEAD,
        late=lambda day: _not_yet(turn, day),
        lean=NEAREST,  # “28/12” typed in January is the December gone by; “01/01” in December the one to come
    )
    if day is None:
        return
    turn.set(day=day.isoformat())
    turn.goto("roles", "gone_confirm")


@flow.prompt("gone_confirm")
async def ask_gone(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    day = date.fromisoformat(turn.data["day"])
    if day > turn.today:  # planned: nothing changes until that day (decision 0270)
        lines = [
            turn.t("Record that {name} leaves from {day}?").format(
                name=person.full_name, day=turn.t.date(day)
            ),
            turn.t(
                "Until then they count in their unit and keep their roles as now. That morning the leaving "
                "is recorded by itself: from then they are counted nowhere and get no appeals, reminders or "
                "digests, and their roles are taken away; what they gave and registered stays theirs."
            ),
        ]
        confirm_menu(turn, "\n".join(lines))
        return
    held = await held_by(turn.session, person)
    lines = [
        turn.t("Record that {name} left on {day}?").format(name=person.full_name, day=turn.t.date(day)),
        turn.t(
            "From that day they are counted nowhere and get no appeals, reminders or digests; what they gave "
            "and registered stays theirs, in every report of the years they were here."
        ),
    ]
    if held:
        roles = await _roles_text(turn, held, actor.org_id)
        lines.append(turn.t("Their roles are taken away: {roles}.").format(roles=roles))
        commune = await in_commune(turn)
        level = await org_level(turn.session, actor.org_id)
        for h in held:  # the last treasurer, officer or leader of a place: what it leaves without anyone
            place = role_place(turn.t, h.unit, commune=commune, level=level)
            if (last := await _left_without(turn, person, h.role, h.unit_id, place)) is not None:
                lines.append(last)
    confirm_menu(turn, "\n".join(lines))


async def _said_yes(turn: Turn) -> tuple[Actor, Person] | None:
    """The admin and the person a last look about leaving was answered yes for; None after anything else (a
    “No” is told nothing changed: back to whom) or when either is no longer there (the flow moved on)."""
    if turn.choice != YES:
        if turn.choice == NO:
            turn.say(turn.t("Nothing was changed."))
        _back_to_leavers(turn)
        return None
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return None
    return actor, person


@flow.answer("gone_confirm")
async def confirmed_gone(turn: Turn) -> None:
    if (said := await _said_yes(turn)) is None:
        return
    actor, person = said
    day = date.fromisoformat(turn.data["day"])
    try:
        done = await mark_left(turn.session, actor, person, on=day, now=turn.now, settings=turn.settings)
    except LeaveError as refused:
        _leave_refused(turn, refused.reason, person.full_name, day)
        return
    if done.planned and done.changed:
        turn.say(
            turn.t(
                "Done: {name} is recorded as leaving from {day}; that morning the leaving is recorded by "
                "itself. To cancel it, find them here again."
            ).format(name=person.full_name, day=turn.t.date(done.on)),
            keep=True,
        )
    elif done.planned:
        turn.say(
            turn.t("{name} was recorded as leaving from {day} already: nothing was changed.").format(
                name=person.full_name, day=turn.t.date(done.on)
            )
        )
    elif not done.changed:
        turn.say(
            turn.t("{name} was recorded as gone from {day} already: nothing was changed.").format(
                name=person.full_name, day=turn.t.date(done.on)
            )
        )
    else:
        said_done = turn.t("Done: {name} is recorded as gone from {day}.").format(
            name=person.full_name, day=turn.t.date(done.on)
        )
        if done.cancelled:
            said_done += " " + turn.t(
                "Messages and reminders that were waiting for them, not sent: {n}."
            ).format(n=done.cancelled)
        turn.say(said_done, keep=True)
    turn.goto("roles", "start", keep_data=False)


@flow.prompt("back")
async def ask_back(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    planned = person.leaves_on if person.left_on is None else None
    turn.set(planned=planned is not None)
    if planned is not None:  # planned ahead: cancel it?
        confirm_menu(
            turn,
            turn.t(
                "{name} is recorded as leaving from {day}. Cancel that? They stay in their unit as now; a "
                "new day can be recorded after."
            ).format(name=person.full_name, day=turn.t.date(planned)),
        )
        return
    if person.left_on is None:  # taken back meanwhile
        turn.goto("roles", "gone")
        return
    ended = await roles_to_give_back(turn.session, person)
    if ended:
        question = turn.t(
            "{name} is recorded as gone from {day}. Was that a mistake? Taken back, they count in their unit "
            "again, are its member again and get back the roles the leaving took away: {roles}. Take it back?"
        )
    else:
        question = turn.t(
            "{name} is recorded as gone from {day}. Was that a mistake? Taken back, they count in their unit "
            "again and are its member again. Take it back?"
        )
    roles = await _roles_named(turn, person, ended)
    confirm_menu(turn, question.format(name=person.full_name, day=turn.t.date(person.left_on), roles=roles))


@flow.answer("back")
async def confirmed_back(turn: Turn) -> None:
    if (said := await _said_yes(turn)) is None:
        return
    actor, person = said
    # A plan whose day came while the question was read is a leaving now: a yes to cancelling the plan does
    # not take that back (the person is found again for it).
    if turn.data.get("planned") and person.leaves_on is None:
        turn.say(turn.t("Nothing was changed."))
        _back_to_leavers(turn)
        return
    try:
        back = await mark_back(turn.session, actor, person, now=turn.now, settings=turn.settings)
    except LeaveError as refused:
        _leave_refused(turn, refused.reason, person.full_name)
        return
    if back.planned:
        turn.say(
            turn.t("Done: {name} is no longer recorded as leaving from {day}.").format(
                name=person.full_name, day=turn.t.date(back.was)
            ),
            keep=True,
        )
        turn.goto("roles", "start", keep_data=False)
        return
    lines = [turn.t("Done: {name} counts in their unit again.").format(name=person.full_name)]
    if back.roles:
        lines.append(
            turn.t("Roles given back: {roles}.").format(roles=await _roles_named(turn, person, back.roles))
        )
    for lost in back.not_back:
        role = await _roles_named(turn, person, [(lost.role, lost.unit)])
        if lost.reason == "unit":
            lines.append(
                turn.t(
                    "{role} could not be given back: that unit is no longer there. If it is still right, "
                    "grant it again under “Grant a role”."
                ).format(role=role)
            )
        else:
            lines.append(
                turn.t(
                    "{role} could not be given back: only an administrator of the whole organisation grants "
                    "it. Please ask one to grant it again under “Grant a role”."
                ).format(role=role)
            )
    turn.say("\n".join(lines), keep=True)
    turn.goto("roles", "start", keep_data=False)


async def _roles_named(turn: Turn, person: Person, roles: Iterable[tuple[str, str | None]]) -> str:
    return await roles_named(turn.session, person.org_id, turn.t, roles)


def _leave_refused(turn: Turn, reason: str, name: str, day: date | None = None) -> None:
    """The domain's refusal said kindly; nothing changed, and the roles' menu again."""
    turn.say(_leave_refusal(turn, reason, name, day or turn.today))
    turn.goto("roles", "start", keep_data=False)


def _leave_refusal(turn: Turn, reason: str, name: str, day: date) -> str:
    if reason == "last_admin":
        return turn.t(
            "{name} is the last administrator of the whole organisation: someone must always be able to "
            "grant roles. Please grant that role to someone else first, then record the leaving. Nothing was "
            "changed."
        ).format(name=name)
    if reason == "not_left":
        return turn.t("{name} is not recorded as gone: nothing was changed.").format(name=name)
    if reason == "future":
        return f"{_not_yet(turn, day)} {turn.t('Nothing was changed.')}"
    if reason == "changed":  # recorded on its day by the morning's job, or changed by another admin, just now
        return turn.t(
            "{name}'s leaving was changed a moment ago (recorded on its day, or by another administrator): "
            "nothing was changed here. Please find them again to see how it stands."
        ).format(name=name)
    return turn.t(
        "You may not record that: an administrator records the people of the units they administer, never "
        "themself. Nothing was changed."
    )


# --- the change itself ------------------------------------------------------------------------------------


async def _change(
    turn: Turn, *, grant: bool, given_for: str | None = None, covers: Person | None = None
) -> None:
    """Grant or take away the role chosen, under the admin writing: the domain asks `may_grant_role` again
    (and keeps the last organisation-wide admin); a refusal is said kindly and changes nothing. `given_for`:
    a Yes that says why a leader role is given (`_ask_why`); `covers`: whom a stand-in stands in for."""
    if turn.choice != YES and given_for is None:
        if turn.choice == NO:
            turn.say(turn.t("Nothing was changed."))
        turn.goto("roles", "start", keep_data=False)
        return
    actor = await _office(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    where, role = turn.data.get("where"), turn.data["role"]
    place = await _place_name(turn, where) or ""
    unit = await turn.session.get(Unit, where) if isinstance(where, int) else None
    code = unit.code if unit is not None else None
    change = partial(grant_role, given_for=given_for, covers=covers) if grant else revoke_role
    try:
        done = await change(turn.session, actor, person, role, code, now=turn.now, settings=turn.settings)
    except RoleError as refused:
        turn.say(_refusal(turn, refused.reason, person.full_name))
        turn.goto("roles", "start", keep_data=False)
        return
    commune = await in_commune(turn)
    hamlet = await _in_hamlet(turn, actor)
    said = _done(turn, done, grant=grant, name=person.full_name, place=place, commune=commune, hamlet=hamlet)
    if done.reason == ALSO_COVERS and covers is not None:  # held for one colleague, now two (decision 1544)
        said = turn.t(
            "{name} is already {role}, given to stand in during a leave: now standing in for {head} as well. "
            "The role ends by itself when all of them are back."
        ).format(
            name=person.full_name,
            role=role_at(turn.t, done.role, place, commune=commune, hamlet=hamlet),
            head=covers.full_name,
        )
    elif covers is not None and role in COVERED_ROLES and (done.changed or done.reason is not None):
        ends = (  # training said as training (decision 2516)
            turn.t(
                "Standing in for {head}: the role ends by itself when that training ends, and both are told."
            )
            if is_on_training(covers, turn.today)
            else turn.t(
                "Standing in for {head}: the role ends by itself when that leave ends, and both are told."
            )
        )
        said = f"{said} {ends.format(head=covers.full_name)}"  # decision 1430
    turn.say(said, keep=done.changed or done.reason is not None)
    turn.goto("roles", "start", keep_data=False)


def _done(
    turn: Turn, done: RoleChange, *, grant: bool, name: str, place: str, commune: bool, hamlet: bool
) -> str:
    role = role_at(turn.t, done.role, place, commune=commune, hamlet=hamlet)
    if done.reason == FOR_GOOD:  # held to stand in for a leave, given now for good (decision 1486)
        return turn.t(
            "{name} is already {role}, given to stand in during a leave: kept now for good, the role no "
            "longer ends when that leave ends."
        ).format(name=name, role=role)
    if done.reason is not None:  # a leader role held already (the staff list's): the reason said is kept
        text = (
            turn.t(
                "{name} is already {role}. Kept: it is to stand in during a leave, so when the leave ends "
                "they and the office are told."
            )
            if done.reason == STAND_IN
            else turn.t("{name} is already {role}. Kept: as a deputy for good, not told when a leave ends.")
        )
        return text.format(name=name, role=role)
    if not done.changed:
        text = (
            turn.t("{name} is already {role}: nothing was changed.")
            if grant
            else turn.t("{name} is not {role}: nothing was changed.")
        )
        return text.format(name=name, role=role)
    text = (
        turn.t("Done: {name} is now {role}, from their next message.")
        if grant
        else turn.t("Done: {name} is no longer {role}, from their next message.")
    )
    held = held_till(turn.now, turn.settings)  # at night the notice waits for the morning (decision 2850)
    if not done.told:
        told = turn.t("They have no messenger account yet: they will find it in their menu once they join.")
    elif held is None:
        told = turn.t("They have been told.")
    else:
        told = turn.t("They will be told at {hour} on {day}, after the quiet hours.").format(
            **held_words(turn.t, held)
        )
    return f"{text.format(name=name, role=role)} {told}"


def _refusal(turn: Turn, reason: str, name: str) -> str:
    if reason == "last_admin":
        return turn.t(
            "{name} is the last administrator of the whole organisation, so the role stays with them: "
            "someone must always be able to grant roles. Please grant it to someone else first, then take it "
            "away."
        ).format(name=name)
    if reason == "household":
        return (
            turn.t("{name} is a household: a household is a member and holds no other role.").format(
                name=name
            )
            + " "
            + turn.t("Nothing was changed.")
        )
    if reason == "not_allowed":
        return turn.t(
            "You may not grant or take away that role there: an administrator of the unit may, and roles of "
            "the whole organisation, or the administrator's, only an administrator of the whole "
            "organisation. Nothing was changed."
        )
    return turn.t("That role cannot be granted or taken away there. Nothing was changed.")
