"""A reply a messenger's adapter writes itself, without a turn of the engine: to a message holding nothing
the bot can read (a sticker, a voice message, Zalo's "unsupported"), or a picture whose link expired. It is an
outbox row like every reply, keyed by the message (the same message twice is answered once), in the person's
language when they joined, else the one the chat chose or the messenger says, else the bot's (as the engine's
apology after a fault). The conversation stays where it was: the question on screen still waits, and is shown
again under the answer, in the same message, where the adapter passes it (`then`: a sticker at a question,
decisions 1237 and 1369)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import bindparam, select

from bot.app import App
from bot.conversation.engine import locale_outside_a_turn, removed_notice
from bot.db.models import ChannelIdentity
from bot.delivery.outbox import Destination, enqueue
from bot.delivery.transport import OutboundMessage
from bot.messages import Reply

_STATUS = select(ChannelIdentity.status).where(
    ChannelIdentity.channel == bindparam("channel"), ChannelIdentity.external_id == bindparam("user")
)


async def answer_directly(
    app: App,
    *,
    channel: str,
    chat_id: str,
    user_id: str,
    key: str,
    text: Callable[[str], str],
    language: str | None = None,
    then: tuple[Reply, str] | None = None,
) -> None:
    """Write `text(locale)` to the chat as the outbox row `key`, and wake the senders. `language`: the one the
    person's messenger is set to, for whoever has chosen none yet (decision 0328). An account an officer took
    off is told only that, as the engine tells it (`removed_notice`): not to send its file on Telegram and
    link its accounts with /lienket, which it no longer may (decision 0350)."""
    async with app.sessionmaker() as session, session.begin():
        connection = await session.connection()
        locale = await locale_outside_a_turn(connection, app.settings, channel, chat_id, user_id, language)
        removed = await session.scalar(_STATUS, {"channel": channel, "user": user_id}) == "removed"
        if removed:
            message = OutboundMessage(text=removed_notice(locale), locale=locale)
        elif then is not None:  # the question on screen again, under the answer in the same message (1369)
            question, its_locale = then
            said = replace(question, text=f"{text(its_locale)}\n\n{question.text}")
            message = OutboundMessage.from_reply(said, locale=its_locale)
        else:
            message = OutboundMessage(text=text(locale), locale=locale)
        await enqueue(
            session,
            key=key,
            destination=Destination(channel, chat_id),
            message=message,
            now=app.engine.clock(),
        )
    for wake in app.engine.after_commit:
        wake()


async def blocked_before(app: App, *, channel: str, user_id: str) -> bool:
    """Whether this account had blocked the bot: its next message, whatever it holds, goes to the engine,
    which welcomes it back (and sends again what it stopped)."""
    async with app.sessionmaker() as session:
        return await session.scalar(_STATUS, {"channel": channel, "user": user_id}) == "blocked"
