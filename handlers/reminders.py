"""A reminder's buttons ("Remind me in a day", "Done") and the reminder settings (/nhacnho): optional
reminders on or off. Reminders are written by the scheduler (bot.domain.reminders)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.domain.access import sent_weekly_message
from bot.domain.digests import turn_weekly, written_on_again
from bot.domain.notices import held_till
from bot.domain.reminder_lines import said_no_one, says_no_one
from bot.domain.reminders import (
    mark_done,
    monday_off,
    optional_off,
    seen_done,
    set_optional_off,
    snooze,
)
from bot.i18n import format_datetime
from bot.messages import Choice
from handlers.common import actor_of, go_home
from handlers.wording import held_words

flow = Flow("reminder")
ON, OFF = "on", "off"
WEEKLY_ON, WEEKLY_OFF = "weekly_on", "weekly_off"  # the weekly message (decision 2406)
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
    choices = [
        Choice(ON, turn.t("Turn them on"), keywords=("bat", "on"))
        if off
        else Choice(OFF, turn.t("Turn them off"), keywords=("tat", "off"))
    ]
    # the weekly message of one who is sent one: a digest, the roll-up, a treasurer's count (decision 2406)
    if sent_weekly_message(await actor_of(turn)):
        weekly_off = await monday_off(turn.session, turn.person.id)
        text += "\n" + (
            turn.t("Your weekly message (the digest, or what waits for you to confirm) is off.")
            if weekly_off
            else turn.t("Your weekly message (the digest, or what waits for you to confirm) is on.")
        )
        choices.append(
            Choice(WEEKLY_ON, turn.t("Turn the weekly message on"), keywords=("bat tin tuan",))
            if weekly_off
            else Choice(WEEKLY_OFF, turn.t("Turn the weekly message off"), keywords=("tat tin tuan",))
        )
    # "Leave as it is" is the way back: 0 on a text-only chat, as on every other screen
    keep = Choice(BACK_ID, turn.t("Leave as it is"), keywords=("giu", "keep", "back", "quay lai", "tro lai"))
    turn.menu(text, [*choices, keep])


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
    # the rule asked again at the press: a role taken away since the screen was drawn changes nothing
    elif turn.choice in (WEEKLY_ON, WEEKLY_OFF) and sent_weekly_message(await actor_of(turn)):
        # what of it waits to go is stopped with it, or goes again (decision 2507)
        off = turn.choice == WEEKLY_OFF
        let_go = await turn_weekly(turn.session, turn.person, off, now=turn.now, settings=turn.settings)
        # on again within the week's day: what she stopped goes after all (2507), and she is told so (2811);
        # after it: the week's, never written for her, goes now (decision 2612), or as the quiet hours end
        # (decision 2781)
        written = not off and await written_on_again(
            turn.session, turn.person, now=turn.now, settings=turn.settings
        )
        late = not off and bool(let_go or written)
        held = held_till(turn.now, turn.settings)  # at night, the end of the quiet hours
        if off:
            said = turn.t(
                "Done: your weekly message is off. You can still ask for it whenever you like: /baocao for "
                "the digest, /xacnhan for what waits for you to confirm."
            )
        elif late and held is not None:
            said = turn.t(
                "Done: your weekly message is on again; this week's goes to you at {hour} on {day}, after "
                "the quiet hours."
            ).format(**held_words(turn.t, held))
        elif late:
            said = turn.t("Done: your weekly message is on again, and this week's has just been sent to you.")
        else:
            said = turn.t("Done: your weekly message is on again, from the next one.")
        turn.say(said)
    go_home(turn)
