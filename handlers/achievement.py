"""/thanhtich: the draft of the achievement report (báo cáo thành tích) of a standing award proposal, as a
Word file in the chat. A person proposed gets their own (asked which when they stand for several awards); the
notice telling them they were proposed carries a button for it; a leader's award list (/dekhenthuong) offers
the unit's draft for a proposal of the unit itself, and shows the list again once the file is handed over.
The figures are filled in; the rest is theirs to write.

The domain (bot.domain.achievement) asks the rule again: a person's draft holds their own amounts. A messenger
that cannot carry files (Zalo) says where the file is kept and the command that writes it."""

from __future__ import annotations

import asyncio

from bot.achievement_doc import write_achievement_report
from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.domain.achievement import AchievementError, achievement_report, own_standing_proposals
from bot.i18n import PAPER_LOCALE
from bot.messages import Choice, Document
from handlers.common import (
    a_household,
    actor_of,
    back_choice,
    file_slug,
    go_home,
    in_commune,
    kept_file,
    no_file_here,
    picked_id,
    with_years,
)

flow = Flow("achievement")


@flow.prompt("start")
async def start(turn: Turn) -> None:
    assert turn.person is not None
    mine = await own_standing_proposals(turn.session, turn.person.id)
    if not mine:
        if a_household(turn):  # a commune's: its hamlet's head
            said = turn.t(
                "Your household is not proposed for an award at the moment. When the hamlet's head proposes "
                "it, the draft of the household's achievement report is here (/thanhtich)."
            )
        elif await in_commune(turn):  # as the commune's award flow names who proposes (handlers/awards.py)
            said = turn.t(
                "You are not proposed for an award at the moment. When your hamlet's head or the commune's "
                "leaders propose you, the draft of your achievement report is here (/thanhtich)."
            )
        else:
            said = turn.t(
                "You are not proposed for an award at the moment. When your unit's leader proposes you, "
                "the draft of your achievement report is here (/thanhtich)."
            )
        turn.say(said)
        go_home(turn)
        return
    if len(mine) == 1:
        await _hand_over(turn, mine[0].id)
        return
    turn.menu(
        turn.t("You are proposed for several awards: the achievement report for which?"),
        [
            *(Choice(f"p{own.id}", f"{own.award} ({own.year})") for own in mine),
            back_choice(turn.t),
        ],
    )


@flow.answer("start")
async def chose(turn: Turn) -> None:
    proposal_id = picked_id(turn, "p")
    if proposal_id is None:
        go_home(turn)
        return
    await _hand_over(turn, proposal_id)


@flow.prompt("proposal")
async def show_proposal(turn: Turn) -> None:
    """The notice's button, or the award list's choice: the proposal is in the chat's data."""
    await _hand_over(turn, int(turn.data.get("proposal_id") or 0))


async def _hand_over(turn: Turn, proposal_id: int) -> None:
    await hand_over_report(turn, proposal_id)
    go_home(turn)


async def hand_over_report(turn: Turn, proposal_id: int) -> None:
    """The draft of `proposal_id` as a file in the chat, or why not; the caller says where the chat goes next
    (the award list returns to itself)."""
    try:
        report = await achievement_report(turn.session, await actor_of(turn), proposal_id, today=turn.today)
    except AchievementError as refused:
        if refused.reason == "withdrawn":
            turn.say(turn.t("That proposal was withdrawn, so no achievement report is needed for it."))
        else:
            turn.say(
                turn.t(
                    "An achievement report holds the figures of the person proposed: it is for them, and for "
                    "the unit's leaders when the unit itself is proposed."
                )
            )
        return
    person = report.person
    name = person.name if person is not None else report.unit
    slug = file_slug(name, "thanh-tich", limit=40)
    if person is not None:  # two namesakes of two units: two names the office tells apart (0398)
        slug += "-" + file_slug(report.unit, "don-vi", limit=24)
    if report.namesake:  # and of one unit, by the number `award list` shows (0437)
        slug += f"-de-nghi-{report.proposal_id}"
    # which award it is for: one proposed for two has two drafts, one for each dossier (docs/decisions/0344)
    form = file_slug(report.form_code, "award")
    file_name = f"{with_years(f'bao-cao-thanh-tich-{slug}-{form}', report.year)}.docx"
    kept = kept_file(turn, "documents", file_name)
    path = turn.settings.media_dir / kept
    await asyncio.to_thread(
        write_achievement_report,
        report,
        path,
        media_dir=turn.settings.media_dir,
        locale=PAPER_LOCALE,
        on=turn.today,
    )
    fallback = no_file_here(turn, file_name, f"chungtay award report {report.proposal_id} --docx FILE")
    if person is not None:
        nominee = name
    elif report.itself:
        nominee = turn.t("the organisation {organisation}").format(organisation=report.unit)
    else:
        nominee = turn.t("the unit {unit}").format(unit=report.unit)
    caption = turn.t(
        "The achievement report of {nominee}, proposed for {award} ({year}), as a Word draft with the "
        "figures as of {date}. Please write the measures, initiatives and other achievements on the dotted "
        "lines, then sign it."
    ).format(nominee=nominee, award=report.award, year=report.year, date=turn.t.date(report.as_of))
    turn.hand_over(Document(kept, file_name, fallback), caption)
