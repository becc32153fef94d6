"""A receipt's photo the treasurer asked for (bot.domain.notices.receipt_asked, docs/decisions/0538): the
notice's button opens this step for the gift it names, and each photo sent is kept as that gift's evidence
while it waits for the treasurer, by whoever may add it (`access.may_add_receipt`: its recorder). Several
photos may come one after another (both sides of a receipt); “Xong” ends it."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.photo_asked import RECEIPT
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Evidence
from bot.domain.access import may_add_receipt
from bot.domain.contributions import attach_evidence
from bot.domain.notices import entry_words
from bot.messages import Choice
from handlers.common import actor_of, back_choice, go_home
from handlers.contributions import MAX_PHOTOS, later_receipt_thanks, no_receipt_now

flow = Flow("receipt")
DONE = "done"


async def _entry(turn: Turn) -> Contribution | None:
    """The gift the notice named, where the writer may still add its receipt; else None, said."""
    entry_id = turn.data.get("contribution_id")
    entry = await turn.session.get(Contribution, entry_id) if isinstance(entry_id, int) else None
    actor = await actor_of(turn)
    if entry is not None and may_add_receipt(actor, entry):
        return entry
    if entry is not None:  # decided meanwhile, or put in another's name (decision 1692)
        turn.say(await no_receipt_now(turn, actor, entry))
    else:
        turn.say(turn.t("This gift is not one you may add a receipt to."))
    go_home(turn)
    return None


@flow.prompt("photo")
async def ask_photo(turn: Turn) -> None:
    entry = await _entry(turn)
    if entry is None:
        return
    added = turn.data.get("added", 0)
    question = (
        turn.t("Please send here the photo of the receipt or of the transfer for {ref} ({what}).")
        if not added
        else turn.t("You may send another photo for {ref}, or choose “Done”.")
    )
    choices = [Choice(DONE, turn.t("Done"), keywords=("xong", "done", "het"))] if added else []
    turn.menu(
        question.format(ref=entry.ref, what=entry_words(turn.t.locale, entry)),
        [*choices, back_choice(turn.t)],
        free_text=True,
        takes_photo=True,
        photo_of=RECEIPT,
    )


@flow.answer("photo")
async def got_photo(turn: Turn) -> None:
    if turn.choice in (BACK_ID, DONE):
        go_home(turn)
        return
    photo = turn.inbound.photo
    if photo is None:
        turn.ask_again(turn.t("Please send a photo of the receipt or of the transfer, or choose “Back”."))
        return
    if photo.too_large or photo.sha256 is None or photo.path is None:
        turn.ask_again(turn.t("That photo is too large. Please send a smaller picture."))
        return
    entry = await _entry(turn)
    if entry is None or turn.person is None:
        return
    kept = list(
        await turn.session.scalars(select(Evidence.sha256).where(Evidence.contribution_id == entry.id))
    )
    if photo.sha256 not in kept and len(kept) >= MAX_PHOTOS:  # a gallery sent by a slip (decision 0418)
        turn.say(
            turn.t(
                "This contribution already keeps {n} photos as evidence, the most it takes: this one was "
                "not added."
            ).format(n=MAX_PHOTOS)
        )
        go_home(turn)
        return
    if photo.sha256 not in kept:
        await attach_evidence(
            turn.session,
            entry,
            sha256=photo.sha256,
            path=photo.path,
            size=photo.size or 0,
            channel=turn.inbound.channel,
            uploaded_by=turn.person,
            now=turn.now,
        )
    turn.say(later_receipt_thanks(turn, entry.ref), keep=True)
    turn.set(added=turn.data.get("added", 0) + 1)
    turn.goto("receipt", "photo")
