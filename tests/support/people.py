"""A scripted person chatting through the collecting channel: types text, or chooses an option with a
button or, on a text-only channel, by its number."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.channels.collecting import CollectingChannel
from bot.conversation.recognise import numbered
from bot.messages import Reply
from bot.text import fold
from tests.support.clocks import MovableClock


@dataclass
class Person:
    """A scripted person: types text, or chooses an option the way their channel allows."""

    channel: CollectingChannel
    chat_id: str
    clock: MovableClock
    last: list[Reply] = field(default_factory=list)

    async def say(self, text: str) -> str:
        self.clock.advance(seconds=1)
        self.last = await self.channel.receive(self.chat_id, text=text, at=self.clock())
        return self.screen

    async def choose(self, label: str) -> str:
        """Press the button, or type the number shown on a text-only channel, of the option `label` (its name
        where the question asks for a number: the options are not numbered there)."""
        menu = self.menu
        matches = [c for c in menu.choices if fold(label) in fold(c.label)]
        assert matches, f"no option {label!r} in {[c.label for c in menu.choices]}"
        choice = matches[0]
        self.clock.advance(seconds=1)
        if self.channel.caps.buttons:
            payload = self.channel.payload(menu, choice.id)
            self.last = await self.channel.receive(self.chat_id, choice=payload, at=self.clock())
        elif menu.asks_number:
            assert f"• {choice.label}" in self.channel.show(menu)
            self.last = await self.channel.receive(self.chat_id, text=choice.label, at=self.clock())
        else:
            number = dict((str(c["id"]), n) for n, c in numbered([{"id": c.id} for c in menu.choices]))[
                choice.id
            ]
            assert f"{number}. {choice.label}" in self.channel.show(menu)
            self.last = await self.channel.receive(self.chat_id, text=str(number), at=self.clock())
        return self.screen

    @property
    def menu(self) -> Reply:
        menus = [r for r in self.last if r.choices]
        assert menus, f"no menu on screen:\n{self.screen}"
        return menus[-1]

    @property
    def screen(self) -> str:
        return "\n\n".join(self.channel.show(r) for r in self.last)
