"""A channel that keeps what the bot sent instead of sending it: for tests, benchmarks and the terminal."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from bot.conversation.engine import Engine
from bot.conversation.render import button_payload, render_text
from bot.messages import Capabilities, Inbound, Photo, Reply


@dataclass
class CollectingChannel:
    engine: Engine
    caps: Capabilities
    name: str = "console"
    sent: list[tuple[str, Reply]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def receive(
        self,
        chat_id: str,
        *,
        text: str | None = None,
        choice: str | None = None,
        photo: Photo | None = None,
        at: datetime,
        dedupe_key: str | None = None,
    ) -> list[Reply]:
        inbound = Inbound(
            channel=self.name,
            chat_id=chat_id,
            user_id=chat_id,
            at=at,
            text=text,
            choice=choice,
            photo=photo,
            dedupe_key=dedupe_key or f"{self.name}:{chat_id}:{next(self._ids)}:{at.timestamp()}",
        )
        outcome = await self.engine.handle(inbound)
        self.sent += [(chat_id, reply) for reply in outcome.replies]
        return outcome.replies

    def show(self, reply: Reply) -> str:
        """What the person sees: the text, then one "[label]" line per button on a button channel."""
        text = render_text(reply, self.caps)
        if self.caps.buttons and reply.choices:
            text += "\n" + "\n".join(f"[{choice.label}]" for choice in reply.choices)
        return text

    @staticmethod
    def payload(reply: Reply, choice_id: str) -> str:
        return button_payload(reply, choice_id)
