"""A chat brought somewhere once per test process and taken up there by each test (decisions 0207, 0216).

Bringing a person to the main menu by chat (joining takes five or six turns) before each test of a module was
a good part of those tests' time. Instead the first test of a process to need it walks the chat on a copy of
the demo's SQLite file; each test's file is then a copy of that one (tests/conftest.py's `db_path` copies a
module's `database_file`) and its chat is restored as the collecting channel kept it: the messages shown and
their buttons, the replies of the last turn, the channel's message counter, and the clock's time. The test's
app is new, as after a restart; nothing it keeps in memory about earlier turns changes what the next turn
shows."""

from __future__ import annotations

import asyncio
import copy
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.app import build_app
from bot.channels.collecting import CollectingChannel
from bot.messages import Capabilities, Reply
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person
from tests.support.settings import app_settings


@dataclass
class Reached:
    """Where a chat was once brought: the SQLite file as it was then, the chat as the collecting channel kept
    it, and the clock's time."""

    path: Path
    channel: CollectingChannel
    last: list[Reply]
    at: datetime

    def restore(self, chat: Person) -> None:
        """`chat` (a new chat of the test's app, on a copy of `path`) where the person was."""
        sent, transport, last = copy.deepcopy((self.channel.sent, self.channel.transport, self.last))
        chat.channel.sent, chat.channel.transport, chat.last = sent, transport, last
        chat.channel._ids = copy.copy(self.channel._ids)  # the next message's number, as it would have been
        chat.clock.at = self.at


def reach(
    path: Path,
    source: Path,
    chat_id: str,
    profile: Capabilities,
    walk: Callable[[Person], Awaitable[object]],
    *,
    own_clock: bool = False,
) -> Reached:
    """`path`, a copy of the SQLite file `source` on which the chat `chat_id` (on a channel of `profile`) was
    walked by `walk`; `own_clock`: the chat keeps a clock of its own, the app's staying at NOW (as a test's
    chat made with its own `MovableClock`), else the two share one (as `make_person`'s)."""
    shutil.copy(source, path)

    async def walked() -> Reached:
        clock = MovableClock(NOW)
        settings = app_settings(
            database_url=f"sqlite+aiosqlite:///{path}",
            media_dir=path.parent / "media",
            telegram_bot_token=None,
        )
        app = build_app(settings, clock)
        try:
            chat = Person(
                CollectingChannel(app.engine, profile), chat_id, MovableClock(NOW) if own_clock else clock
            )
            await walk(chat)
            return Reached(path, chat.channel, chat.last, chat.clock.at)
        finally:
            await app.close()

    return asyncio.run(walked())
