"""Whether the public statement shows the person's name next to their confirmed gifts (else "Nhà hảo tâm").

Asked once, with the receipt of the person's first contribution; unanswered, the statement names no one.
Answered, and changed any time, from the menu ("My name on the statement") or with /congkhai. Each change is
audited."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Contribution
from bot.domain.audit import audit
from bot.messages import Choice
from handlers.common import back_choice, go_home

flow = Flow("publicname")
SHOW, HIDE = "show", "hide"


def _question(turn: Turn) -> str:
    return turn.t(
        "The drive's public statement lists every confirmed contribution with its unit, amount, date and "
        "reference code. May it show your name too? If not, it says “Nhà hảo tâm” (a well-wisher). "
        "You can change this any time (/congkhai)."
    )


async def first_contribution_question(turn: Turn) -> str | None:
    """At the person's first contribution (and only then, while they have not chosen), the question to add to
    the receipt: it says how to answer (the menu entry, /congkhai) rather than opening a step, so the menu
    stays on screen after the receipt."""
    person = turn.person
    assert person is not None
    if person.public_name is not None:
        return None
    given = await turn.session.scalar(
        select(func.count()).select_from(Contribution).where(Contribution.person_id == person.id)
    )
    if given != 1:
        return None
    return (
        _question(turn)
        + "\n"
        + turn.t(
            "Until you choose, it says “Nhà hảo tâm”. To answer, type /congkhai or choose “My name on the "
            "statement” in the menu."
        )
    )


@flow.prompt("ask")
async def ask(turn: Turn) -> None:
    assert turn.person is not None
    now = {
        True: turn.t("Now: your name is shown."),
        False: turn.t("Now: you are shown as “Nhà hảo tâm”."),
        None: turn.t("Now: you are shown as “Nhà hảo tâm” (you have not chosen yet)."),
    }[turn.person.public_name]
    turn.menu(
        _question(turn) + "\n" + now,
        [
            Choice(SHOW, turn.t("Show my name"), keywords=("hien ten", "show")),
            Choice(HIDE, turn.t("Stay anonymous"), keywords=("an danh", "an ten", "hide")),
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
    turn.say(
        turn.t("Saved: the public statement shows your name.")
        if show
        else turn.t("Saved: the public statement shows you as “Nhà hảo tâm”.")
    )
