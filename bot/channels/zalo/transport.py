"""Zalo's outbound half: the sender's messages as Zalo messages (contract: bot.delivery.transport).

Zalo has no buttons and no edits, so every message goes through the text-only rendering profile
(bot.conversation.render: the one place that turns choices into numbered lines, as on the terminal): a menu is
numbered, a confirmation says "Trả lời CÓ để xác nhận, KHÔNG để hủy", an answer comes as a new message, and a
text over Zalo's 2,000 characters (UTF-16 units) is split on line boundaries, the menu whole in the last part;
the parts go through the sender's `Parts`, which writes down each one Zalo took (docs/decisions/0175).

A picture goes as a photo only when ZALO_MEDIA_URL serves the media directory publicly (sendPhoto takes a URL
Zalo can fetch, never an upload); otherwise its text goes alone (an appeal's words without its poster: a note
that a picture cannot be shown gives the reader nothing to do, decision 0444), a picture without words as that
note. When Zalo refuses the photo (it could not fetch the link) the text goes with the note: the text is never
lost with its picture (decision 0226). Zalo
cannot send a file at all: a document's text goes with a link to download it from that same address (the file
sits in a random folder under its readable name, so only who holds the link finds it and the phone keeps it
under that name) and until when the link works (the clean-up's age), or, without one, with its fallback, which
says where else it can be had (docs/decisions/0031).

Zalo's errors become the contract's: 429 "Quota exceeded" (JSON or the proxy's HTML page) → RetryAfter, the
pause growing while 429s follow each other (Zalo gives no retry_after); 401 → Unauthorized (the token); the
network, 5xx and 403 (Zalo's own server error) → TryLater; 400 (a malformed request: this message) →
Rejected; 404 → Blocked, as Telegram's 403 "bot was blocked": Zalo's error table says 404 is a resource not
found, and the only resource a send names is its chat, which Zalo no longer finds for the bot when the
person blocked it or their account is gone. Zalo words neither apart ("Not Found"), so neither is said: the
officer reads "đã chặn bot", never "không còn tài khoản" (decision 0611). Two 404s are not the person's
(decision 0615): one to a picture (Zalo did not find what its link served) is told by the text then going
to the chat, as for a 400; and one while the bot itself is not found (getMe answers 404 too: ZALO_API_BASE or
ZALO_BOT_TOKEN points at no bot Zalo serves, where every method is "Not Found") is the channel down, TryLater,
never each reader cut off. getMe is asked at a send's 404 only, and not while a call went through within
PROVEN_FOR seconds.
Nothing here waits or retries: the sender does."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from bot.channels.zalo.client import ZaloApiError, ZaloClient, ZaloError
from bot.conversation.render import render_parts, utf16_units
from bot.delivery.transport import (
    Blocked,
    OutboundMessage,
    Parts,
    Rejected,
    RetryAfter,
    TryLater,
    Unauthorized,
    without_gone_media,
)
from bot.i18n import DEFAULT_LOCALE, format_datetime, translate
from bot.messages import TEXT_ONLY, Capabilities

log = logging.getLogger(__name__)
CHANNEL = "zalo"
FIRST_QUOTA_PAUSE = 5.0
MAX_QUOTA_PAUSE = 300.0
PROVEN_FOR = 60.0  # seconds a call Zalo took shows the bot is found at this address with this token
NOT_FOUND_ITSELF = (
    "404 Not Found, and the bot itself is not found (getMe): check ZALO_API_BASE and ZALO_BOT_TOKEN"
)


def zalo_capabilities(media_url: str | None) -> Capabilities:
    """What Zalo shows: text only, and the bot's pictures only when ZALO_MEDIA_URL serves them (decision
    0432); the adapter tells each inbound message so, for the flows."""
    return replace(TEXT_ONLY, photos=media_url is not None)


class ZaloTransport:
    name: str = CHANNEL
    capabilities: Capabilities = TEXT_ONLY

    def __init__(
        self,
        client: ZaloClient,
        *,
        media_url: str | None = None,
        default_locale: str = DEFAULT_LOCALE,
        media_dir: Path | None = None,
        keep_days: int | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self._monotonic = monotonic
        self._found_at: float | None = None  # when Zalo last took a call of this bot's
        self.media_url = media_url.rstrip("/") if media_url else None
        self.capabilities = zalo_capabilities(self.media_url)
        # Where the served files are and how long the daily clean-up keeps them (GENERATED_FILES_KEEP_DAYS):
        # a download link says until when it works.
        self.media_dir = media_dir
        self.keep_days = keep_days
        self.default_locale = default_locale
        self._quota_pause = 0.0

    async def send(self, chat_id: str, message: OutboundMessage, progress: Parts | None = None) -> str:
        if (
            (message.photo or message.document)
            and self.media_dir is not None
            and not (progress and progress.sent)
        ):
            # gone from the media directory: the text says so, not a link Zalo cannot fetch (decision 0331)
            message = without_gone_media(CHANNEL, message, self.media_dir, self.default_locale)
        reply = message.as_reply()
        photo_url = self._url(message.photo) if message.photo and self.media_url else None
        note = (
            translate(
                message.locale or self.default_locale,
                "(A picture goes with this message; it cannot be shown on Zalo.)",
            )
            if message.photo
            else ""
        )
        if message.photo and photo_url is None and not reply.text.strip():
            reply = replace(reply, text=note)  # a picture alone: said, not an empty message (decision 0444)
        if message.document is not None:
            reply = replace(reply, text=f"{reply.text}\n{self._where(message)}".strip())
        plain = replace(reply, photo=None, document=None)
        parts = [part for part in render_parts(plain, self.capabilities) if part.strip()]
        calls: list[Callable[[], Awaitable[str]]] = []
        if photo_url is not None:
            caption = parts.pop(0) if len(parts) == 1 else None
            calls.append(functools.partial(self._photo_or_note, chat_id, photo_url, caption, note))
        calls += [functools.partial(self._call, self.client.send_message, chat_id, part) for part in parts]
        # A message in several parts that stopped half-way (a 429 on the second, a kill) is sent again by the
        # sender from the part Zalo did not take yet: the row keeps how many it took (docs/decisions/0175).
        return await (progress or Parts()).send_each(calls)

    async def _photo_or_note(self, chat_id: str, url: str, caption: str | None, note: str) -> str:
        """The picture with its caption; when Zalo refuses it (it could not fetch the link), the caption with
        the note that a picture belongs to it, or the note alone: the text goes on without its picture."""
        try:
            return await self._call(self.client.send_photo, chat_id, url, caption)
        except (Rejected, Blocked) as refused:  # a 404: the picture's, unless the text meets it too (0615)
            log.warning("zalo: a picture was refused (%s); its text goes without it", refused.reason[:80])
        text = f"{caption}\n{note}" if caption else note
        if caption and utf16_units(text) > self.capabilities.max_text:
            text = caption  # a caption already at Zalo's limit: the text goes whole, without the note
        return await self._call(self.client.send_message, chat_id, text)

    def _where(self, message: OutboundMessage) -> str:
        """How a Zalo reader gets the file: a download link when the media directory is served, else the
        fallback the flow wrote."""
        document = message.document
        assert document is not None
        if self.media_url is None:
            return document.fallback
        locale = message.locale or self.default_locale
        url = self._url(document.path)
        until = self._link_works_until(document.path)
        if until is None:
            return translate(locale, "Download the file {name}: {url}").format(name=document.name, url=url)
        return translate(locale, "Download the file {name} (the link works until {until}): {url}").format(
            name=document.name, until=format_datetime(until, locale), url=url
        )

    def _url(self, path: str) -> str:
        """The public address of a file of the media directory: each part of its path percent-encoded."""
        return f"{self.media_url}/" + "/".join(quote(part, safe="") for part in path.split("/"))

    def _link_works_until(self, path: str) -> datetime | None:
        """When the clean-up may remove the file (bot.domain.generated_files): GENERATED_FILES_KEEP_DAYS after
        it was written. None when that cannot be told (no media directory or keep days given, no file)."""
        if self.media_dir is None or self.keep_days is None:
            return None
        try:
            written = (self.media_dir / path).stat().st_mtime
        except OSError:
            return None
        return datetime.fromtimestamp(written, UTC) + timedelta(days=self.keep_days)

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        """Nothing to do: a numbered menu has no buttons."""

    async def _call(self, method: Callable[..., Awaitable[str]], *args: str | None) -> str:
        try:
            sent = await method(*args)
        except ZaloError as problem:
            if isinstance(problem, ZaloApiError) and problem.code == 404:
                raise await self._not_found(problem) from None
            raise self._contract_error(problem) from None
        self._quota_pause = 0.0
        self._found_at = self._monotonic()
        return str(sent)

    async def _not_found(self, problem: ZaloApiError) -> Exception:
        """A send's 404: Blocked when Zalo serves this bot at this address, so that the 404 names its chat (a
        call went through within PROVEN_FOR seconds, or getMe answers now); else the channel's, never hers."""
        if self._found_at is None or self._monotonic() - self._found_at >= PROVEN_FOR:
            try:
                await self.client.get_me()
            except ZaloError as asked:
                if isinstance(asked, ZaloApiError) and asked.code == 404:
                    return TryLater(NOT_FOUND_ITSELF)
                return self._contract_error(asked)  # the token, the quota, Zalo down: as for any call
            self._found_at = self._monotonic()
        return self._contract_error(problem)

    def _contract_error(self, problem: ZaloError) -> Exception:
        if problem.quota:
            self._quota_pause = min(MAX_QUOTA_PAUSE, self._quota_pause * 2 or FIRST_QUOTA_PAUSE)
            return RetryAfter(self._quota_pause)
        reason = f"{problem.code or 'network'} {problem.description}"
        if isinstance(problem, ZaloApiError) and problem.code == 404:
            return Blocked(reason)
        if isinstance(problem, ZaloApiError) and problem.code == 400:
            return Rejected(reason)
        if isinstance(problem, ZaloApiError) and problem.code == 401:
            return Unauthorized("401 token refused")
        return TryLater(reason)
