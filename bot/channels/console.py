"""The terminal channel: lines from stdin in, numbered text menus out. No buttons, exactly like Zalo."""

from __future__ import annotations

import asyncio
import itertools
import shutil
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.conversation.engine import Engine, locale_outside_a_turn
from bot.conversation.render import render_text
from bot.delivery.sender import Sender, quiet_hours_of
from bot.delivery.transport import OutboundMessage, Parts
from bot.i18n import translate
from bot.messages import TEXT_ONLY, Capabilities, Inbound

CHANNEL = "console"
# What a fresh terminal chat is typed first, the demo and an organisation's own alike (decision 1916); said
# in both languages, as nobody here has chosen one yet.
START_LINES = (
    "  Gõ mã mời để bắt đầu; /menu về menu chính, /huy để hủy, Ctrl-D để thoát.\n"
    "    / type an invite code to start; /menu for the main menu, /cancel to stop, Ctrl-D to leave.\n"
)


class ConsoleTransport:
    """The terminal's outbound half: each message is its text, a menu numbered below it. A terminal cannot
    change what it printed, so an answer to a menu is printed after it; there are no buttons to take off.
    A file or a picture is on this machine already: the terminal prints where (its full path when
    `media_dir` is given)."""

    name: str = CHANNEL
    capabilities: Capabilities = TEXT_ONLY

    def __init__(self, stdout: TextIO | None = None, media_dir: Path | None = None) -> None:
        self.stdout = sys.stdout if stdout is None else stdout  # the one at the time, not at import
        self.media_dir = media_dir
        self._ids = itertools.count(1)

    async def send(self, chat_id: str, message: OutboundMessage, progress: Parts | None = None) -> str:
        reply = message.as_reply()
        if reply.document is not None and self.media_dir is not None:
            where = str((self.media_dir / reply.document.path).resolve())
            reply = replace(reply, document=replace(reply.document, path=where))
        # A picture too (a receipt's VietQR code, a digest's chart), to be opened by hand.
        if reply.photo is not None and self.media_dir is not None:
            reply = replace(reply, photo=str((self.media_dir / reply.photo).resolve()))
        self.stdout.write(render_text(reply, self.capabilities) + "\n\n")
        self.stdout.flush()
        return str(next(self._ids))

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        """Nothing to do: a numbered menu has no buttons."""


def this_command() -> str:
    """`chungtay` as the person at this terminal can type it again: the bare name where the PATH finds this
    very program, else its path from here. `make run` on a fresh clone starts `.venv/bin/chungtay` with no
    virtualenv active, where a bare `chungtay` is "command not found"."""
    program = Path(sys.argv[0])
    if program.name != "chungtay":  # `python -m bot`: the name the guides use
        return "chungtay"
    found = shutil.which("chungtay")
    if found is not None and Path(found).resolve() == program.resolve():
        return "chungtay"
    try:
        return str(program.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(program.resolve())


async def _what_to_type(engine: Engine, user: str) -> str:
    """The line a person coming back with nothing waiting reads where the chat would open on a bare prompt:
    what she can type, in her own language (she chose one when she joined)."""
    async with engine.sessionmaker() as session:
        connection = await session.connection()
        locale = await locale_outside_a_turn(connection, engine.settings, CHANNEL, user, user, None)
    return "  " + translate(locale, "/menu for the main menu, /cancel to stop, Ctrl-D to leave.")


async def chat(
    engine: Engine,
    user_id: str | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    first: str | None = None,
) -> None:
    """Talk to the bot as one terminal user until end of input (works interactively and piped); stdin and
    stdout are the process's at the time of the call unless given."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    user = user_id or f"term-{uuid.uuid4().hex[:8]}"
    interactive = stdin.isatty()
    loop = asyncio.get_running_loop()
    # The terminal's own sender: what each turn wrote to this user's chat is printed right after it.
    transport = ConsoleTransport(stdout, engine.settings.media_dir)
    sender = Sender(
        engine.sessionmaker,
        {CHANNEL: transport},
        clock=engine.clock,
        quiet_hours=quiet_hours_of(engine.settings),
    )

    async def send(text: str) -> None:
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=user,
            user_id=user,
            at=engine.clock(),
            text=text,
            dedupe_key=f"{CHANNEL}:{user}:{uuid.uuid4().hex}",
        )
        await engine.handle(inbound)
        await sender.drain((CHANNEL, user))  # what is for others waits for them at their own terminal

    if user_id is None:
        stdout.write(START_LINES + "\n")
    elif not await sender.drain((CHANNEL, user)):  # what came for her meanwhile first (decision 1916)
        stdout.write(await _what_to_type(engine, user) + "\n\n")  # else one line, once (decision 1971)
    if first:
        stdout.write(f"> {first}\n")
        await send(first)
    # Bytes, decoded here: a terminal in another encoding, or a pasted fragment, must not stop the chat.
    # Undecodable bytes become "�", which the steps refuse with a kind word.
    raw = getattr(stdin, "buffer", None)

    def read_line() -> str:
        return raw.readline().decode("utf-8", errors="replace") if raw is not None else stdin.readline()

    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = await loop.run_in_executor(None, read_line)
        if not line:
            break
        if not interactive:
            stdout.write(f"> {line.rstrip()}\n")
        await send(line.rstrip("\n"))
    if user_id is None:  # a fresh person each time: how to come back as this one
        again = f"{this_command()} chat --user {user}"
        stdout.write(f"\n(Quay lại là người này / come back as this person: {again})\n")
