"""A reminder's buttons ("Remind me in a day", "Done") and the reminder settings (/nhacnho): optional
reminders on or off. Reminders are written by the scheduler (bot.domain.reminders)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.domain.reminder_lines import said_no_one, says_no_one
from bot.domain.reminders import mark_done, optional_off, seen_done, set_optional_off, snooze
from bot.i18n import format_datetime
from bot.messages import Choice
from handlers.common import go_home

flow = Flow("reminder")
ON, OFF = "on", "off"
# What a household types under a reminder instead of its buttons (bot.conversation.flow.Registry.action_word):
# read only where no question waits and while that reminder's button still works.
LATER_WORDS = (
    "nhac sau",
    "nhac lai sau",
    "mai nhac",
    "mai nhac lai",
    "nhac lai",
    "de mai",
    "remind me later",
)
DONE_WORDS = (
    "da xong",
    "xong roi",
    "xong",
    "da xong roi",
    "da gui",
    "da gui roi",
    "da dong",
    "da dong roi",
    "da nop",
    "da nop roi",
    "done",
)


def _ids(turn: Turn) -> list[int]:
    return _named(turn.data)


def _named(args: Mapping[str, Any]) -> list[int]:
    """The reminders an action's args name (bot.domain.reminders: `{"reminders": ids}`)."""
    return [int(i) for i in args.get("reminders", []) if isinstance(i, int)]


async def not_in_words(session: AsyncSession, args: Mapping[str, Any]) -> bool:
    """A “Done” that words typed pass over: a leader's award deadline, where it records that the units propose
    no one (docs/decisions/0198); “xong” or “đã gửi” typed about something else must not say that. Its button
    and its number still do (docs/decisions/0281)."""
    return await says_no_one(session, _named(args))


@flow.prompt("later")
async def later(turn: Turn) -> None:
    assert turn.person is not None
    # What the bot sees done since (registered, given to the drive) is not promised again (decision 0500).
    done = await seen_done(turn.session, turn.person.id, _ids(turn), now=turn.now)
    if "registration" in done:
        turn.say(turn.t("You have registered already, so I will not remind you of it again. Thank you!"))
    if "drive_end" in done:
        turn.say(
            turn.t("You have given to this drive already, so I will not remind you of it again. Thank you!")
        )
    moved, at = await snooze(turn.session, turn.person.id, _ids(turn), now=turn.now, settings=turn.settings)
    if moved and at is not None:
        turn.say(
            turn.t("All right, I will remind you again at {when}.").format(
                when=format_datetime(at, turn.t.locale)
            )
        )
    elif not done:
        turn.say(turn.t("The deadline comes before then, so I will not remind you again. Thank you."))
    go_home(turn)


@flow.prompt("done")
async def done(turn: Turn) -> None:
    assert turn.person is not None
    await mark_done(turn.session, turn.person.id, _ids(turn), now=turn.now)
    # “Done” on the units' award deadline: the unit proposes no one; said back (docs/decisions/0198)
    no_one = await said_no_one(turn.session, turn.person, _ids(turn), turn.today)
    if no_one is not None:
        turn.say(no_one.text(turn.t.locale))
    turn.say(turn.t("Thank you! I will not remind you of this again."))
    go_home(turn)


@flow.prompt("settings")
async def settings(turn: Turn) -> None:
    assert turn.person is not None
    off = await optional_off(turn.session, turn.person.id)
    text = (
        turn.t("Optional reminders (registration, recording before a report, a drive's last days) are off.")
        if off
        else turn.t(
            "Optional reminders (registration, recording before a report, a drive's last days) are on."
        )
    )
    choice = (
        Choice(ON, turn.t("Turn them on"), keywords=("bat", "on"))
        if off
        else Choice(OFF, turn.t("Turn them off"), keywords=("tat", "off"))
    )
    # "Leave as it is" is the way back: 0 on a text-only chat, as on every other screen
    keep = Choice(BACK_ID, turn.t("Leave as it is"), keywords=("giu", "keep", "back", "quay lai", "tro lai"))
    turn.menu(text, [choice, keep])


@flow.answer("settings")
async def chose(turn: Turn) -> None:
    assert turn.person is not None
    if turn.choice in (ON, OFF):
        await set_optional_off(turn.session, turn.person.id, turn.choice == OFF, now=turn.now)
        turn.say(
            turn.t("Done: optional reminders are off. Reminders of deadlines you are responsible for stay.")
            if turn.choice == OFF
            else turn.t("Done: optional reminders are on (at most {n} a week).").format(
                n=turn.settings.reminder_optional_cap
            )
        )
    go_home(turn)
