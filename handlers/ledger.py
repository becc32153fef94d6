"""For treasurers and officers: look up a contribution by its reference code, see its evidence, and confirm
that the money arrived (or say it did not, with a reason). Decisions are final; corrections are reversals."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Person, Unit
from bot.domain.access import (
    Actor,
    actor_for_identity,
    decide_refusal,
    may_look_up_contribution,
    may_open_ledger,
)
from bot.domain.contributions import LedgerError, contribution_for_staff, decide, evidence_of, normalise_ref
from bot.i18n import Translator
from bot.messages import Choice
from handlers.common import back_choice, free_text, go_home
from handlers.wording import describe, kind_label, status_label

flow = Flow("ledger")
CONFIRM, REJECT = "confirm", "reject"


async def _actor(turn: Turn) -> Actor | None:
    return await actor_for_identity(turn.session, turn.inbound.channel, turn.inbound.user_id)


@flow.prompt("ask")
async def ask_ref(turn: Turn) -> None:
    if not may_open_ledger(await _actor(turn)):
        turn.say(turn.t("Only treasurers and officers can look up contributions."))
        go_home(turn)
        return
    turn.menu(
        turn.t("Type the reference code of the contribution (for example: CT-2026-000123)."),
        [back_choice(turn.t)],
        free_text=True,
    )


@flow.answer("ask")
async def got_ref(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    ref = normalise_ref(turn.text)
    contribution = await contribution_for_staff(turn.session, await _actor(turn), ref) if ref else None
    if contribution is None:
        turn.say(
            turn.t(
                "No contribution with that code in your units. Check the code, for example: CT-2026-000123."
            )
        )
        return
    turn.set(contribution_id=contribution.id)
    turn.goto("ledger", "show")


async def _contribution(turn: Turn) -> Contribution:
    return await turn.session.get_one(Contribution, turn.data["contribution_id"])


@flow.prompt("show")
async def show(turn: Turn) -> None:
    actor, c = await _actor(turn), await _contribution(turn)
    if not may_look_up_contribution(actor, c):  # the role was taken away since the code was typed
        go_home(turn)
        return
    giver = await turn.session.get_one(Person, c.person_id)
    unit = await turn.session.get(Unit, c.unit_id) if c.unit_id else None
    drive = await turn.session.get(Drive, c.drive_id) if c.drive_id else None
    lines = [
        f"{c.ref} · {turn.t.datetime(c.created_at)}",
        turn.t("• From: {name}{unit}").format(name=giver.full_name, unit=f" ({unit.name})" if unit else ""),
        turn.t("• Drive: {drive}").format(drive=drive.title if drive else turn.t("The Fund for the Poor")),
        turn.t("• {kind}: {what}").format(
            kind=kind_label(turn.t, c.kind),
            what=describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description),
        ),
    ]
    if c.note:
        lines.append(turn.t("• Note: {note}").format(note=c.note))
    lines.append(turn.t("• Status: {status}").format(status=status_label(turn.t, c.status)))
    if c.reason:
        lines.append(turn.t("• Reason: {reason}").format(reason=c.reason))
    evidence = await evidence_of(turn.session, c.id)
    if not evidence:
        lines.append(turn.t("• No evidence photo."))
    turn.say("\n".join(lines))
    for item in evidence:
        turn.show_photo(item.path, turn.t("Evidence for {ref}").format(ref=c.ref))
    choices = []
    if c.status == "recorded":
        refusal = decide_refusal(actor, c)
        if refusal is None:
            choices = [
                Choice(
                    CONFIRM,
                    turn.t("Confirm: the money/goods arrived"),
                    keywords=("xac nhan", "da nhan", "confirm"),
                ),
                Choice(REJECT, turn.t("Not received"), keywords=("chua nhan", "khong nhan", "reject")),
            ]
        elif refusal == "own_contribution":
            turn.say(_not_yours_to_confirm(turn.t))
    turn.menu(turn.t("What next?"), [*choices, back_choice(turn.t)])


@flow.answer("show")
async def decided(turn: Turn) -> None:
    if turn.choice == CONFIRM:
        await _decide(turn, confirmed=True, reason=None)
    elif turn.choice == REJECT:
        turn.goto("ledger", "reason")
    else:
        go_home(turn)


@flow.prompt("reason")
async def ask_reason(turn: Turn) -> None:
    turn.ask(turn.t("Why was it not received? For example: no transfer found on the account."))


@flow.answer("reason")
async def got_reason(turn: Turn) -> None:
    reason = free_text(turn, limit=300)
    if reason is not None:
        await _decide(turn, confirmed=False, reason=reason)


def _not_yours_to_confirm(t: Translator) -> str:
    return t("You gave or recorded this contribution, so another treasurer must confirm it, not you.")


async def _decide(turn: Turn, *, confirmed: bool, reason: str | None) -> None:
    c = await _contribution(turn)
    try:
        await decide(
            turn.session,
            c,
            confirmed=confirmed,
            actor=await _actor(turn),
            now=turn.now,
            reason=reason,
            settings=turn.settings,
        )
    except LedgerError as refused:
        if refused.reason == "own_contribution":
            turn.say(_not_yours_to_confirm(turn.t))
        elif refused.reason == "not_allowed":
            turn.say(turn.t("Only a treasurer of this unit can confirm or reject this contribution."))
        else:
            turn.say(
                turn.t("This contribution was already decided: {status}.").format(
                    status=status_label(turn.t, c.status)
                )
            )
        go_home(turn)
        return
    turn.say(turn.t("{ref}: {status}.").format(ref=c.ref, status=status_label(turn.t, c.status)), keep=True)
    go_home(turn)
