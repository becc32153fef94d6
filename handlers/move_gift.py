"""A waiting gift recorded under the wrong person, put by a treasurer in the name of the one whose it is
(“Ghi nhầm người: chuyển sang người khác” on a looked-up gift, or on the one ticked on a page of the queue,
which it comes back to): whose, found by name; a last look; then `bot.domain.contributions.move_to`, which
asks the rule again and tells both people (docs/decisions/1434, 1538)."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Person
from bot.domain.access import movable_to, move_refusal_of
from bot.domain.contributions import LedgerError, move_to
from bot.domain.notices import NOBODY, held_till, who_hears
from bot.messages import Choice
from handlers.common import (
    YES,
    actor_of,
    ask_typed,
    back_choice,
    commune_word,
    confirm_menu,
    in_commune,
    picked_id,
)
from handlers.ledger import for_your_own_case, leave_entry
from handlers.name_search import search_by_name
from handlers.wording import describe, giver_name, held_words, status_label

flow = Flow("move")


async def _contribution(turn: Turn) -> Contribution:
    return await turn.session.get_one(Contribution, turn.data["contribution_id"])


def _back_to_the_gift(turn: Turn) -> None:
    """The looked-up gift on screen again, nothing changed (the ledger's flow: the entry carried back), or
    the queue's page it was ticked on."""
    if turn.data.get("queue"):
        leave_entry(turn)
        return
    gift = turn.data["contribution_id"]
    turn.goto("ledger", "show")
    turn.set(contribution_id=gift)


async def _not_movable(turn: Turn, c: Contribution) -> str | None:
    """Why the reader may not move `c` at all, asked of the domain once as the look-up's button asks it
    (`move_refusal_of`: who typed it, her own case, then the gift itself), since the queue's press is offered
    over any entry ticked: None when she may (decisions 1512, 1538)."""
    giver = await turn.session.get_one(Person, c.person_id)
    refusal = await move_refusal_of(turn.session, await actor_of(turn), c, giver_kind=giver.kind)
    return None if refusal is None else await _refusal(turn, refusal, c, None)


@flow.prompt("ask")
async def ask_whose(turn: Turn) -> None:
    c = await _contribution(turn)
    if (refused := await _not_movable(turn, c)) is not None:
        turn.say(refused)
        _back_to_the_gift(turn)
        return
    ask_typed(
        turn,
        turn.t("Whose gift is {ref}? Please type part of their name, for example: Minh.").format(ref=c.ref),
    )


@flow.answer("ask")
async def got_name(turn: Turn) -> None:
    c = await _contribution(turn)
    if turn.choice is not None:  # Back: the gift as it was
        _back_to_the_gift(turn)
        return
    await search_by_name(
        turn,
        movable_to(await actor_of(turn), c),
        nobody=turn.t(
            "Nobody named “{typed}” can be given this gift among the people you confirm for. Please type "
            "another part of the name, for example: Minh."
        ),
        then="move",
    )


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    choices = [Choice(f"p{pid}", label) for pid, label in turn.data.get("found", [])]
    turn.menu(turn.t("Whose gift is it? Please choose one."), [*choices, back_choice(turn.t)])


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    if turn.choice is None and turn.text.strip():  # another name typed: looked up as at the question
        await got_name(turn)
        return
    to_id = picked_id(turn, "p")
    if to_id is None:
        turn.goto("move", "ask")
        return
    c = await _contribution(turn)
    turn.set(to_id=to_id, was_id=c.person_id)  # whose the last look names: moved since, nothing (1511)
    turn.goto("move", "confirm")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    c = await _contribution(turn)
    was = await turn.session.get_one(Person, turn.data.get("was_id") or c.person_id)
    to = await turn.session.get_one(Person, turn.data["to_id"])
    question = turn.t(
        "Put {ref} ({what}) in the name of {to}, instead of {was}? Both will be told; it still waits for a "
        "treasurer's confirmation."
    ).format(
        ref=c.ref,
        what=describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description),
        to=giver_name(turn.t, to.full_name),
        was=giver_name(turn.t, was.full_name),
    )
    confirm_menu(turn, question)


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        _back_to_the_gift(turn)
        return
    c = await _contribution(turn)
    to = await turn.session.get_one(Person, turn.data["to_id"])
    try:
        await move_to(
            turn.session,
            c,
            to,
            actor=await actor_of(turn),
            now=turn.now,
            settings=turn.settings,
            was_id=turn.data.get("was_id"),
        )
    except LedgerError as refused:
        turn.say(await _refusal(turn, refused.reason, c, to))
        leave_entry(turn)
        return
    held = held_till(turn.now, turn.settings)  # at night, when they hear (decision 2830)
    done = (
        turn.t("{ref} is now {name}'s gift; both were told. It still waits for confirmation.")
        if held is None
        else turn.t(
            "{ref} is now {name}'s gift; both will be told at {hour} on {day}, after the quiet hours. It "
            "still waits for confirmation."
        )
    )
    if await who_hears(turn.session, c) == NOBODY:  # nobody on the bot may take it back (decision 1540)
        done = turn.t(
            "{ref} is now {name}'s gift, still waiting for confirmation. {name} is not on Chung Tay and "
            "nobody else recorded it for them: they were not told, and only a treasurer can turn it down "
            "(“{reject}”) if it is not theirs."
        )
    name = giver_name(turn.t, to.full_name)
    turn.say(
        done.format(ref=c.ref, name=name, reject=turn.t("Not received"), **held_words(turn.t, held)),
        keep=True,
    )
    leave_entry(turn, decided=True)  # in another's name now: her tick of it, as she read it, dropped


async def _refusal(turn: Turn, reason: str, c: Contribution, to: Person | None) -> str:
    if reason == "moved":  # another treasurer's move since her last look (decision 1511)
        return turn.t(
            "{ref} was just put in another person's name by another treasurer. Nothing was changed."
        ).format(ref=c.ref)
    if reason == "already_decided":
        return turn.t("This contribution was already decided: {status}.").format(
            status=status_label(turn.t, c.status, kind=c.kind, commune=await in_commune(turn))
        )
    if reason == "own_contribution":
        return turn.t(
            "You may not put a gift in your own name, nor move one you recorded: another treasurer does that."
        )
    if reason == "own_case":  # as she never confirms it (decision 1538)
        return for_your_own_case(turn.t)
    if reason == "left" and to is not None:  # left since she chose them (decision 1592)
        left = turn.t(
            "{ref} cannot be put in {name}'s name: they have left the organisation. Nothing was changed."
        )
        if (word := await commune_word(turn)) is not None:  # a commune's people move out of it (1628, 2849)
            left = (
                turn.t(
                    "{ref} cannot be put in {name}'s name: that household has moved out of the {level}. "
                    "Nothing was changed."
                )
                if to.kind == "household"
                else turn.t(
                    "{ref} cannot be put in {name}'s name: they have moved out of the {level}. Nothing was "
                    "changed."
                )
            )
        return left.format(ref=c.ref, name=giver_name(turn.t, to.full_name), level=word)
    if reason == "not_movable":
        return turn.t(
            "Only a waiting gift of money or goods of a member or household is put in another person's "
            "name; labour days and donors' gifts are not. Nothing was changed."
        )
    if to is None:  # no treasurer of its unit since the page was drawn
        return turn.t("Only a treasurer of this unit can confirm or reject this contribution.")
    return turn.t(
        "{ref} cannot be put in {name}'s name: they are not of a unit you confirm for, or its drive does not "
        "take their unit's gifts. Nothing was changed."
    ).format(ref=c.ref, name=giver_name(turn.t, to.full_name))
