"""Whether the public statement shows the person's name next to their confirmed gifts (else "Nhà hảo tâm").

Asked once, right after the receipt of the person's first contribution, as two choices under the main menu's
("có"/"không" typed work too), so the menu stays on screen with the numbers people have learnt (a habitual "2"
still records a gift: decision 0125); unanswered, the statement names no one.
Answered, and changed any time, from the menu ("My name on the statement") or with /congkhai. Each change is
audited."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, or_, select

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Unit
from bot.domain.audit import audit
from bot.messages import Choice
from handlers.common import (
    NO_WORDS,
    YES_WORDS,
    answer_sent_twice,
    back_choice,
    back_to_waiting,
    confirmation_again,
    go_home,
    is_household,
)
from handlers.menu import DESTINATIONS, go_to_entry, home_choices
from handlers.wording import statement_name_label

flow = Flow("publicname")
SHOW, HIDE, GIVE = "show", "hide", "give"


async def _question(turn: Turn) -> str:
    # what the statement lists is said for every kind: after a gift of labour days, not “its amount” (0601)
    if is_household(turn):  # the statement would show the household's name, not the name of who types
        assert turn.person is not None
        unit = await turn.session.get(Unit, turn.person.unit_id) if turn.person.unit_id else None
        if unit is not None:  # its hamlet by name (“Thôn 5”): a commune's hamlet is not an office's “đơn vị”
            return turn.t(
                "The drive's public statement lists every confirmed gift (money, goods with their value, or "
                "labour days) with its date and reference code. May it show the household's name and {unit} "
                "too? If not, it says “Nhà hảo tâm” (a well-wisher), and names {unit} only where at least "
                "three of its givers are unnamed. You can change this any time (/congkhai)."
            ).format(unit=unit.name)
        return turn.t(
            "The drive's public statement lists every confirmed gift (money, goods with their value, or "
            "labour days) with its date and reference code. May it show the household's name and unit too? "
            "If not, it says “Nhà hảo tâm” (a well-wisher), and names the unit only where at least three of "
            "its givers are unnamed. You can change this any time (/congkhai)."
        )
    return turn.t(
        "The drive's public statement lists every confirmed gift (money, goods with their value, or labour "
        "days) with its date and reference code. May it show your name and unit too? If not, it says “Nhà "
        "hảo tâm” (a well-wisher), and names your unit only where at least three of its givers are unnamed. "
        "You can change this any time (/congkhai)."
    )


async def asks_at_first_contribution(turn: Turn, *, saved_just_before: int = 0) -> bool:
    """Whether the person's contribution just recorded is their first while they have not chosen: then the
    question follows the receipt, as a menu (step "first"), so it can be answered with one choice. What an
    officer recorded for a household is not counted: the household was never asked then (decision 0043), so
    its own first gift, once it has a phone, is where it is asked. `saved_just_before`: gifts of this same
    conversation saved on the way to this one (a gift kept before a new one typed at its note, decision 0236),
    whose receipt did not ask."""
    person = turn.person
    assert person is not None
    if person.public_name is not None:
        return False
    given = await turn.session.scalar(
        select(func.count())
        .select_from(Contribution)
        .where(Contribution.person_id == person.id)
        .where(or_(Contribution.recorded_by.is_(None), Contribution.recorded_by == person.id))
    )
    return given == 1 + saved_just_before


async def _short_question(turn: Turn) -> str:
    """The question after a first gift in two short lines: no “mã tham chiếu”, no rule of three unnamed givers
    (the whole of it at /congkhai), a household's in its words (decision 1723), a member of staff's alike
    (decision 1779)."""
    assert turn.person is not None
    unit = await turn.session.get(Unit, turn.person.unit_id) if turn.person.unit_id else None
    asked = {  # (a household's, a unit to name)
        (True, True): turn.t(
            "May the public list show the household's name and {unit}? If not, it says “Nhà hảo tâm”."
        ),
        (True, False): turn.t(
            "May the public list show the household's name? If not, it says “Nhà hảo tâm”."
        ),
        (False, True): turn.t(
            "May the public list show your name and {unit}? If not, it says “Nhà hảo tâm”."
        ),
        (False, False): turn.t("May the public list show your name? If not, it says “Nhà hảo tâm”."),
    }[is_household(turn), unit is not None]
    return (
        asked.format(unit=unit.name if unit is not None else "")
        + "\n"
        + turn.t(
            "Choose one of the last two options, or type “có” or “không”; change it any time: /congkhai."
        )
    )


@flow.prompt("first")
async def ask_first(turn: Turn) -> None:
    household = is_household(turn)
    asked = await _short_question(turn)
    turn.menu(
        asked,
        [
            *await home_choices(turn),  # first, at the numbers they always have
            Choice(
                SHOW,
                turn.t("Show the household's name") if household else turn.t("Show my name"),
                keywords=("hien ten", "show", *YES_WORDS),
                pinned=True,  # under every page of a channel's paged buttons (decision 0075)
                as_written=True,
            ),
            Choice(
                HIDE,
                turn.t("Stay anonymous"),
                keywords=("an danh", "an ten", "hide", *NO_WORDS),
                pinned=True,
                as_written=True,
            ),
        ],
        home=True,  # a second gift typed here starts it; the question waits for /congkhai
    )


@flow.answer("first")
async def got_first(turn: Turn) -> None:
    # the gift's yes sent twice, the same word (decision 0180) or another yes, “có” then “ok” (2949)
    if turn.choice == SHOW and confirmation_again(turn, any_yes=True):
        household = is_household(turn)
        said = turn.t("{ref} is recorded already. For the public statement, choose “{show}” or “{hide}”.")
        answer_sent_twice(
            turn,
            said.format(
                ref=turn.data.get("ref", ""),
                show=turn.t("Show the household's name") if household else turn.t("Show my name"),
                hide=turn.t("Stay anonymous"),
            ),
        )
        return
    if turn.choice in (SHOW, HIDE):
        _record(turn, turn.choice == SHOW)
    elif turn.choice == "give" and turn.data.get("waiting"):  # another gift: asked first (decision 0250)
        turn.set(another_typed=None)
        turn.goto("publicname", "another")
        return
    elif turn.choice in DESTINATIONS:  # a main menu's entry instead: the question waits for /congkhai
        turn.say_waiting_left()  # a registration waiting for this gift is left with it: said (decision 0236)
        go_to_entry(turn)
        return
    if not back_to_waiting(turn):  # a registration put aside for the gift (decision 0236)
        go_home(turn)


@flow.keyword_of_another
def _another_gift(turn: Turn, target: tuple[str, str]) -> bool:
    """The gift's words (“ủng hộ”, “/donggop”) at the question after a gift's receipt, while a registration
    waits for that gift (decision 0236): asked first, as at the registration's questions, never a new gift
    that leaves the registration lost unasked (decision 0250). A figure typed with them (“ủng hộ 300k”,
    “/donggop 300k”) is kept for that gift."""
    if target[0] != "give" or turn.state.step not in ("first", "another") or not turn.data.get("waiting"):
        return False
    if turn.text or turn.state.step == "first":  # the newest figure typed is the one kept
        turn.set(another_typed=turn.text or None)
    if turn.state.step == "another":  # asked already: the question again
        turn.repeat_menu()
    else:
        turn.goto("publicname", "another")
    return True


@flow.prompt("another")
async def ask_another(turn: Turn) -> None:
    turn.menu(
        turn.t(
            "Record another gift now? Your registration still waits as it is and comes back after that gift. "
            "Or choose Back to answer the question about your name."
        ),
        [
            Choice(
                GIVE,
                turn.t("Record another gift now"),
                keywords=("ghi dong gop", "ghi them", "ghi khoan dong gop", "record a gift", "gift"),
            ),
            back_choice(turn.t),
        ],
    )


@flow.answer("another")
async def got_another(turn: Turn) -> None:
    if turn.choice != GIVE:  # Back: the question about the name again
        turn.goto("publicname", "first")
        return
    waiting, typed = turn.data.get("waiting"), turn.data.get("another_typed")
    carried = {key: turn.data[key] for key in ("for_id", "for_name", "for_household") if key in turn.data}
    turn.say(turn.t("Your registration is not saved yet: it waits as it is, and comes back after the gift."))
    if typed:  # the gift read with its figure, as if typed at the menu (the registration's own way, 0236)
        turn.inbound = replace(turn.inbound, text=typed)
        turn.goto("give", "typed", keep_data=False)
    else:
        turn.goto("give", "drive", keep_data=False)
    turn.set(waiting=waiting, **carried)


@flow.prompt("ask")
async def ask(turn: Turn) -> None:
    assert turn.person is not None
    household = is_household(turn)
    now = {
        True: turn.t("Now: the household's name is shown.")
        if household
        else turn.t("Now: your name is shown."),
        False: turn.t("Now: the household is shown as “Nhà hảo tâm”.")
        if household
        else turn.t("Now: you are shown as “Nhà hảo tâm”."),
        None: turn.t("Now: the household is shown as “Nhà hảo tâm” (not chosen yet).")
        if household
        else turn.t("Now: you are shown as “Nhà hảo tâm” (you have not chosen yet)."),
    }[turn.person.public_name]
    turn.menu(
        await _question(turn) + "\n" + now,
        [
            Choice(
                SHOW,
                turn.t("Show the household's name") if household else turn.t("Show my name"),
                keywords=("hien ten", "show"),
            ),
            Choice(HIDE, turn.t("Stay anonymous"), keywords=("an danh", "an ten", "hide"), as_written=True),
            back_choice(turn.t),
        ],
    )


@flow.answer("ask")
async def got_answer(turn: Turn) -> None:
    if turn.choice in (SHOW, HIDE):
        _record(turn, turn.choice == SHOW)
    go_home(turn)


def _record(turn: Turn, show: bool) -> None:
    person = turn.person
    assert person is not None
    if person.public_name is not show:
        person.public_name = show
        audit(
            turn.session,
            at=turn.now,
            actor_id=person.id,
            action="person.public_name",
            entity="person",
            entity_id=person.id,
            show=show,
        )
    household = is_household(turn)
    if not show and household:
        said = turn.t("Saved: the public statement shows the household as “Nhà hảo tâm”.")
    elif not show:
        said = turn.t("Saved: the public statement shows you as “Nhà hảo tâm”.")
    elif household:
        said = turn.t("Saved: the public statement shows the household's name.")
    else:
        said = turn.t("Saved: the public statement shows your name.")
    turn.say(
        said
        + " "
        + turn.t("To change it: /congkhai, or “{entry}” in the menu.").format(
            entry=statement_name_label(turn.t, household=household)
        )
    )
