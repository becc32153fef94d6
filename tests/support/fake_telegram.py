"""A fake Telegram Bot API server for tests.

``FakeTelegram`` is an in-process aiohttp app that speaks enough of the Bot API for the bot to run
against it through aiogram (``AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))``), plus
a scripted-user API (``fake.user(...)``) that pushes updates the way Telegram would and shows what the
bot sent back.

Behaviour copied from the real Bot API, because bots trip over it:

* ``getUpdates`` long-polls, confirms every update below ``offset`` and answers 409 while a webhook is
  set, or when a newer ``getUpdates`` call supersedes a waiting one;
* ``editMessageText`` / ``editMessageReplyMarkup`` without ``reply_markup`` remove the inline keyboard,
  and an edit that changes nothing is a 400 "message is not modified";
* callback data longer than 64 bytes is a 400 ``BUTTON_DATA_INVALID``; a callback query can be answered
  only once; commands must be lowercase ``[a-z0-9_]{1,32}``;
* sending to an unknown chat is a 400 "chat not found", to a user who blocked the bot a 403;
* a caption over 1,024 characters is a 400 "message caption is too long", a text over 4,096 "message is too
  long"; a photo uploaded whose width and height add up to more than 10,000 or whose sides differ more than 20
  times is a 400 ``PHOTO_INVALID_DIMENSIONS`` (checked only for bytes that are a picture);
* with ``overall_rate`` or ``per_chat_rate`` set, flood control: a message over the limit is not delivered
  and is answered 429 "Too Many Requests: retry after N" (see ``FloodControl``).

Faults to order: ``fail_next`` (a method's next calls), ``fail_chat`` (one chat's messages alone: Telegram's
500 for it, or its flood control), ``lose_answer`` (a message put in the chat whose answer never reaches the
bot, as after the bot's own timeout) and ``hold_next``.

Nothing here sleeps: every waiter waits on one ``asyncio.Condition`` that is notified on every change.

``python -m tests.support.fake_telegram --port P --overall-rate L`` runs the fake in a process of its own (for
benchmarks, so it does not share an event loop with the bot it measures); ``GET /_stats`` reads its counts,
and ``/_users/<id>/send``, ``/press`` and ``/reply`` play a scripted user over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import io
import itertools
import json
import math
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, MultipartReader, web
from aiohttp.web_request import FileField
from PIL import Image

__all__ = [
    "Call",
    "FakeGroup",
    "FakeTelegram",
    "FakeUser",
    "FloodControl",
    "SentMessage",
    "Upload",
    "WebhookDelivery",
]

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

# Form fields that stay strings; every other form field is JSON-decoded when it parses as JSON
# (aiogram sends ints as "5", bools as "true", objects and lists as JSON).
TEXT_FIELDS = frozenset(
    {
        "text",
        "caption",
        "url",
        "secret_token",
        "callback_query_id",
        "file_id",
        "action",
        "parse_mode",
        "language_code",
        "inline_message_id",
        "photo",
        "document",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
        "description",
        "short_description",
        "name",
    }
)
# Calls that put something the user can read into a chat; wait_for_reply waits for one of these.
REPLY_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)
# Calls that flood control counts: the same ones (answering a button or polling is not limited).
LIMITED_METHODS = REPLY_METHODS
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass
class Upload:
    """A file the bot uploaded in a multipart request."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Call:
    """One request the bot made. ``at`` is ``time.monotonic()`` when the request arrived."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    result: Any = None
    description: str | None = None
    seq: int = 0


@dataclass
class WebhookDelivery:
    update_id: int
    url: str
    status: int | None  # None: the connection failed (see error)
    secret_token: str | None
    at: float
    error: str | None = None
    response_method: str | None = None  # a method the bot answered with in the webhook response body


@dataclass
class SentMessage:
    """A message the bot sent, as it currently stands (edits applied)."""

    message_id: int
    chat_id: int
    text: str  # the text, or the caption of a photo ("" if none)
    buttons: list[list[tuple[str, str | None]]]  # inline keyboard rows of (text, callback_data)
    caption: str | None = None
    photo: str | None = None  # file_id of the largest photo size
    photo_content: bytes | None = None
    document: str | None = None  # file_id of a file sent as a document
    document_name: str | None = None
    document_content: bytes | None = None
    keyboard: list[list[str]] | None = None  # reply keyboard labels, if the bot sent one
    edited: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def labels(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]

    def button(self, label: str) -> tuple[str, str | None] | None:
        return _find_button(self.buttons, label)


@dataclass
class _Update:
    update_id: int
    payload: dict[str, Any]
    kind: str
    chat_id: int | None
    delivered_seq: int | None = None
    confirmed: bool = False
    dropped: bool = False


@dataclass
class _Event:
    seq: int
    chat_id: int
    method: str
    message_id: int | None


@dataclass
class _Callback:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    update_id: int = 0
    answer: dict[str, Any] | None = None


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None
    remaining: float  # math.inf: for ever


class FloodControl:
    """Telegram's flood control as the fake plays it: a generic cell rate algorithm over all chats
    (``overall_rate`` messages a second, ``overall_burst`` at once) and per chat (``per_chat_rate``,
    ``per_chat_burst``). A message is admitted only if both limits allow it, and only an admitted message
    uses up allowance: a rejected one costs nothing, as a retry after ``retry_after`` must then succeed.

    It keeps no clock: the caller passes ``now``, so tests can move time by hand."""

    def __init__(
        self,
        overall_rate: float = math.inf,
        overall_burst: int | None = None,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 1,
    ) -> None:
        if overall_rate <= 0 or per_chat_rate <= 0:
            raise ValueError("rates must be positive (math.inf for no limit)")
        self.overall_rate = overall_rate
        self.overall_burst = overall_burst or (math.ceil(overall_rate) if overall_rate < math.inf else 1)
        self.per_chat_rate = per_chat_rate
        self.per_chat_burst = per_chat_burst
        if self.overall_burst < 1 or per_chat_burst < 1:
            raise ValueError("bursts must be at least 1")
        self._overall_tat = -math.inf
        self._chat_tat: dict[object, float] = {}

    def admit(self, chat: object, now: float) -> int | None:
        """Admits one message to ``chat`` at ``now`` (None), or returns the whole seconds to wait (≥ 1).
        ``chat`` None (an inline message) counts toward the overall limit only."""
        overall = self._wait(self._overall_tat, self.overall_rate, self.overall_burst, now)
        chat_tat = self._chat_tat.get(chat, -math.inf)
        per_chat = 0.0 if chat is None else self._wait(chat_tat, self.per_chat_rate, self.per_chat_burst, now)
        if overall > 0 or per_chat > 0:
            return max(1, math.ceil(max(overall, per_chat)))
        self._overall_tat = max(self._overall_tat, now) + 1 / self.overall_rate
        if chat is not None:
            self._chat_tat[chat] = max(chat_tat, now) + 1 / self.per_chat_rate
        return None

    @staticmethod
    def _wait(tat: float, rate: float, burst: int, now: float) -> float:
        """How long after ``now`` the next message fits, given the theoretical arrival time ``tat``
        (a nanosecond of float rounding is not a wait: 30 slots of 1/30 s must fill exactly one second)."""
        wait = tat - (burst - 1) / rate - now
        return wait if wait > 1e-9 else 0.0

    def describe(self) -> dict[str, float | int | None]:
        def number(rate: float) -> float | None:
            return None if rate == math.inf else rate

        return {
            "overall_rate": number(self.overall_rate),
            "overall_burst": self.overall_burst,
            "per_chat_rate": number(self.per_chat_rate),
            "per_chat_burst": self.per_chat_burst,
        }


class _ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def _find_button(rows: list[list[tuple[str, str | None]]], label: str) -> tuple[str, str | None] | None:
    wanted = label.casefold()
    flat = [button for row in rows for button in row]
    exact = [b for b in flat if b[0].casefold() == wanted]
    partial = [b for b in flat if wanted in b[0].casefold()]
    return (exact or partial or [None])[0]


def _error_body(status: int, description: str, retry_after: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


def _photo_refusal(content: bytes) -> str | None:
    """Telegram's rule for an uploaded photo's sides: width + height at most 10,000, the longer at most 20
    times the shorter. Bytes that are no picture (the tests' stand-ins) are not checked."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
    except (OSError, ValueError):
        return None
    if width + height > 10_000 or max(width, height) > 20 * min(width, height):
        return "Bad Request: PHOTO_INVALID_DIMENSIONS"
    return None


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _ApiError(400, f"Bad Request: invalid {name} specified") from None


# How long a test waits for the bot before it fails: only a bound for a fault, never a measure (the event is
# awaited, not slept for), so it is generous: a machine busy with other work took over 5 s for one reply.
WAIT = 30.0


class FakeTelegram:
    """An in-process aiohttp app implementing the Bot API methods the bot uses, plus a scripted-user API.

    ``clock`` gives message dates (wall time). Flood control is off unless ``overall_rate`` or
    ``per_chat_rate`` is given; then the other defaults to no overall limit / 1 message a second per chat
    (``math.inf`` turns one off), bursts default to one second's worth overall and 1 per chat, and
    ``rate_clock`` (``time.monotonic``) is the clock the limits run on."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "ChungTayTestBot",
        *,
        bot_first_name: str = "Chung Tay",
        clock: Callable[[], float | datetime] | None = None,
        overall_rate: float | None = None,
        overall_burst: int | None = None,
        per_chat_rate: float | None = None,
        per_chat_burst: int = 1,
        rate_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = int(token.partition(":")[0])
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.clock = clock or time.time
        self.base_url = ""
        self.calls: list[Call] = []
        self.downloads: list[str] = []  # file paths the bot downloaded
        self.updates: list[dict[str, Any]] = []  # every update pushed, in order
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_allowed_updates: list[str] | None = None
        self.webhook_max_connections = 40
        self.webhook_timeout = 10.0
        self.allowed_updates: list[str] | None = None  # as last given to getUpdates
        self.flood: FloodControl | None = None
        if overall_rate is not None or per_chat_rate is not None:
            self.flood = FloodControl(
                math.inf if overall_rate is None else overall_rate,
                overall_burst,
                1.0 if per_chat_rate is None else per_chat_rate,
                per_chat_burst,
            )
        self.rate_clock = rate_clock
        self.rejections: Counter[str] = Counter()  # 429s of flood control, by method
        self.rejected_at: list[float] = []  # rate_clock at each of them
        self.first_limited_call_at: float | None = None  # rate_clock at the first call flood control saw
        self._delivered: dict[int, list[str]] = {}
        self._delivered_span: tuple[float, float] | None = None  # rate_clock at first and last delivery
        self._cond = asyncio.Condition()
        self._delivery_lock = asyncio.Lock()
        self._seq = 0
        self._pending: list[_Update] = []
        self._updates_by_id: dict[int, _Update] = {}
        self._next_update_id = 1
        self._poll_generation = 0
        self._chats: dict[int, dict[str, Any]] = {}
        self._blocked: set[int] = set()
        self._next_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._keyboards: dict[tuple[int, int], list[list[str]]] = {}
        self._events: list[_Event] = []
        self._activity: dict[int, int] = {}
        self._callbacks: dict[str, _Callback] = {}
        self._callback_answers: list[tuple[str, dict[str, Any]]] = []
        self._callback_ids = itertools.count(4_611_686_018_427_387_904)
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._photo_sizes: dict[str, list[dict[str, Any]]] = {}
        self._file_numbers = itertools.count(1)
        self._failures: dict[str, list[_Failure]] = {}
        self._failing_chats: dict[int, list[_Failure]] = {}  # errors for one chat alone (`fail_chat`)
        self._lost_answers: Counter[str] = Counter()  # calls done, their answer lost (`lose_answer`)
        self._flapping: dict[str, list[Any]] = {}  # every other call fails (`flap`): [status, description, n]
        self._hold: tuple[str, int, asyncio.Event] | None = None  # method, calls let through first, release
        self.held: list[Call] = []  # calls held by `hold_next` or `hold_answer`, in order
        self._hold_answer: tuple[str, asyncio.Event] | None = None  # method whose next answer waits, release
        self._answers_held: list[asyncio.Event] = []  # answers waiting for `release`
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._users: dict[int, FakeUser] = {}
        self._groups: dict[int, FakeGroup] = {}
        self._last_webhook_error: tuple[int, str] | None = None
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self._methods: dict[str, tuple[str, Callable[..., Any]]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendChatAction": self._send_chat_action,
                "getFile": self._get_file,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getMyCommands": self._get_my_commands,
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self, port: int = 0, host: str = "127.0.0.1") -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/_stats", self._stats_endpoint)
        app.router.add_post("/_chats", self._chats_endpoint)
        app.router.add_post("/_users/{user_id}/send", self._user_send_endpoint)
        app.router.add_post("/_users/{user_id}/press", self._user_press_endpoint)
        app.router.add_get("/_users/{user_id}/reply", self._user_reply_endpoint)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        port = self._runner.addresses[0][1]
        self._client = ClientSession()
        self._closing = False
        self.base_url = f"http://{host}:{port}"
        return self.base_url

    async def stop(self) -> None:
        self._closing = True
        self.release()
        await self._notify()
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ test-side API

    def user(
        self,
        user_id: int,
        first_name: str = "Hoa",
        language_code: str = "vi",
        *,
        last_name: str | None = None,
        username: str | None = None,
    ) -> FakeUser:
        """A scripted user with a private chat (chat id == user id). The same id gives the same user."""
        if user_id not in self._users:
            self._users[user_id] = FakeUser(self, user_id, first_name, language_code, last_name, username)
            chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
            if last_name:
                chat["last_name"] = last_name
            if username:
                chat["username"] = username
            self._chats[user_id] = chat
        return self._users[user_id]

    def group(self, chat_id: int, title: str = "Nhóm thử", chat_type: str = "group") -> FakeGroup:
        if chat_id not in self._groups:
            self._groups[chat_id] = FakeGroup(self, chat_id, title)
            self._chats[chat_id] = {"id": chat_id, "type": chat_type, "title": title}
        return self._groups[chat_id]

    def calls_to(self, method: str) -> list[Call]:
        wanted = method.lower()
        return [c for c in self.calls if c.method.lower() == wanted]

    def delivered(self, chat_id: int) -> list[str]:
        """Texts (captions of photos) of every message the bot put in the chat, in the order they arrived,
        deleted ones included and edits not applied: what counting duplicates and losses needs."""
        return list(self._delivered.get(chat_id, []))

    def delivered_count(self) -> int:
        """How many messages the bot put in any chat, deleted ones included: counted without copying a text,
        for a wait that asks it every few milliseconds while the bot sends."""
        return sum(map(len, self._delivered.values()))

    def stats(self, *, texts: bool = False) -> dict[str, Any]:
        """What a benchmark reads at the end (``GET /_stats``; ``?texts=1`` adds the delivered texts).
        Times are readings of ``rate_clock``; chat ids are strings, as JSON keys must be."""
        first, last = self._delivered_span or (None, None)
        stats: dict[str, Any] = {
            "limits": self.flood.describe() if self.flood is not None else None,
            "now": self.rate_clock(),
            "calls": len(self.calls),
            "delivered": {str(chat): len(sent) for chat, sent in self._delivered.items()},
            "delivered_total": sum(len(sent) for sent in self._delivered.values()),
            "first_delivery_at": first,
            "last_delivery_at": last,
            "first_limited_call_at": self.first_limited_call_at,
            "rejected": dict(self.rejections),
            "rejected_at": list(self.rejected_at),
        }
        if texts:
            stats["texts"] = {str(chat): list(sent) for chat, sent in self._delivered.items()}
        return stats

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        count: int = 1,
    ) -> None:
        """The next ``count`` calls of ``method`` answer with this error instead of doing anything."""
        name = self._methods.get(method.lower(), (method, None))[0]
        if status == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = DEFAULT_DESCRIPTIONS.get(status, "Error").format(retry_after=retry_after)
        self._failures.setdefault(name.lower(), []).append(_Failure(status, description, retry_after, count))

    def fail_chat(
        self,
        chat_id: int,
        status: int = 500,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        count: int | None = None,
    ) -> None:
        """Messages to ``chat_id`` answer with this error, the other chats' messages going through: a server
        error for one chat alone, or its flood control (429); for the next ``count`` of them (None: until
        `clear_failures`), after those set up for it before."""
        if status == 429 and retry_after is None:
            retry_after = 1
        description = description or DEFAULT_DESCRIPTIONS.get(status, "Error").format(retry_after=retry_after)
        failure = _Failure(status, description, retry_after, math.inf if count is None else count)
        self._failing_chats.setdefault(int(chat_id), []).append(failure)

    def lose_answer(self, method: str, count: int = 1) -> None:
        """The next ``count`` calls of ``method`` are done (the message is in the chat) but their answer
        never reaches the bot: the connection closes first, as when the bot's own timeout ran out."""
        name = self._methods.get(method.lower(), (method, None))[0]
        self._lost_answers[name.lower()] += count

    def flap(self, method: str, status: int = 502, description: str | None = None) -> None:
        """Every other call of ``method`` answers with this error, whatever its chat (a server behind a load
        balancer half of whose nodes fail), until `clear_failures`: the first call fails."""
        name = self._methods.get(method.lower(), (method, None))[0]
        self._flapping[name.lower()] = [status, description or DEFAULT_DESCRIPTIONS.get(status, "Error"), 0]

    def clear_failures(self) -> None:
        """Forget the failures `fail_next`, `fail_chat` and `flap` set up: every call works again."""
        self._failures.clear()
        self._failing_chats.clear()
        self._flapping.clear()

    def hold_next(self, method: str, *, after: int = 0) -> None:
        """The call of ``method`` that comes once ``after`` more went through is held: it does nothing and
        waits (a message Telegram has not taken yet) until `release` or `stop`, then answers 502. It is in
        ``held`` as soon as it arrives."""
        name = self._methods.get(method.lower(), (method, None))[0]
        self._hold = (name.lower(), after, asyncio.Event())

    def hold_answer(self, method: str) -> None:
        """The next call of ``method`` is done (the message is in the chat) but its answer waits until
        `release` or `stop`: a message Telegram took whose answer is still on its way. It is in ``held`` as
        soon as it is done."""
        name = self._methods.get(method.lower(), (method, None))[0]
        self._hold_answer = (name.lower(), asyncio.Event())

    def release(self) -> None:
        """The held call answers now (502 for `hold_next`'s: it was never taken; `hold_answer`'s as done)."""
        if self._hold is not None:
            self._hold[2].set()
            self._hold = None
        if self._hold_answer is not None:
            self._hold_answer[1].set()
            self._hold_answer = None
        for answer in self._answers_held:
            answer.set()
        self._answers_held.clear()

    def add_file(self, content: bytes, file_path: str | None = None) -> tuple[str, str, int]:
        """Stores a file the bot can getFile and download; returns (file_id, file_unique_id, size)."""
        stored = self._store_file(content, file_path or "documents/file_{n}.bin")
        return stored.file_id, stored.file_unique_id, len(stored.content)

    def file_content(self, file_id: str) -> bytes:
        return self._files[file_id].content

    def messages(self, chat_id: int) -> list[SentMessage]:
        """What the bot sent to a chat and has not deleted, in order, with later edits applied."""
        return [
            self._sent(payload)
            for (chat, _), payload in sorted(self._messages.items())
            if chat == chat_id and payload.get("from", {}).get("id") == self.bot_id
        ]

    def commands_for(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """Commands set by setMyCommands for exactly this scope and language (no fallback)."""
        return copy.deepcopy(self._commands.get(self._scope_key(scope, language_code), []))

    @property
    def pending_update_count(self) -> int:
        return len(self._pending)

    def pending_updates(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(u.payload) for u in self._pending]

    async def push_update(self, content: dict[str, Any], *, chat_id: int | None = None) -> int:
        """Queues an update (``content`` without update_id, e.g. ``{"my_chat_member": {...}}``)."""
        update_id = self._next_update_id
        self._next_update_id += 1
        payload = {"update_id": update_id, **copy.deepcopy(content)}
        kind = next(key for key in payload if key != "update_id")
        update = _Update(update_id, payload, kind, chat_id)
        self.updates.append(copy.deepcopy(payload))
        self._pending.append(update)
        self._updates_by_id[update_id] = update
        await self._notify()
        if self.webhook_url:
            await self._deliver(update)
        return update_id

    async def redeliver(self) -> list[WebhookDelivery]:
        """Posts every still unconfirmed update to the webhook again, in order."""
        if not self.webhook_url:
            raise RuntimeError("no webhook is set")
        return [d for u in list(self._pending) if (d := await self._deliver(u)) is not None]

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = WAIT, what: str = "") -> None:
        """Waits until ``predicate()`` holds; it is re-checked whenever the fake sees anything happen."""
        async with self._cond:
            try:
                async with asyncio.timeout(timeout):
                    await self._cond.wait_for(predicate)
            except TimeoutError:
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}") from None

    async def wait_for_call(self, method: str, count: int = 1, timeout: float = WAIT) -> Call:
        """Waits until ``method`` was called at least ``count`` times; returns the ``count``-th call."""
        await self.wait_until(lambda: len(self.calls_to(method)) >= count, timeout, f"{count} x {method}")
        return self.calls_to(method)[count - 1]

    # ------------------------------------------------------------------ internals: state

    def _now(self) -> int:
        value = self.clock()
        return int(value.timestamp() if isinstance(value, datetime) else value)

    async def _notify(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    def _store_file(self, content: bytes, path_pattern: str) -> _StoredFile:
        n = next(self._file_numbers)
        stored = _StoredFile(
            file_id=f"AgACAgIAAxkBAAI{n:06d}",
            file_unique_id=f"AQAD{n:06d}",
            content=bytes(content),
            file_path=path_pattern.format(n=n),
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _register_photo(self, content: bytes) -> list[dict[str, Any]]:
        """Two sizes like Telegram makes: a thumbnail (half the bytes) and the photo itself, largest last."""
        small = self._store_file(content[: max(1, len(content) // 2)], "photos/file_{n}.jpg")
        large = self._store_file(content, "photos/file_{n}.jpg")
        sizes = [
            {
                "file_id": small.file_id,
                "file_unique_id": small.file_unique_id,
                "file_size": len(small.content),
                "width": 90,
                "height": 68,
            },
            {
                "file_id": large.file_id,
                "file_unique_id": large.file_unique_id,
                "file_size": len(large.content),
                "width": 1280,
                "height": 960,
            },
        ]
        for size in sizes:
            self._photo_sizes[size["file_id"]] = sizes
        return copy.deepcopy(sizes)

    def _new_message(self, chat_id: int, sender: dict[str, Any], **content: Any) -> dict[str, Any]:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        message = {
            "message_id": message_id,
            "from": copy.deepcopy(sender),
            "chat": copy.deepcopy(self._chats[chat_id]),
            "date": self._now(),
            **{k: v for k, v in content.items() if v is not None},
        }
        self._messages[(chat_id, message_id)] = message
        return message

    def _sent(self, payload: dict[str, Any]) -> SentMessage:
        chat_id, message_id = payload["chat"]["id"], payload["message_id"]
        rows = (payload.get("reply_markup") or {}).get("inline_keyboard", [])
        photo = payload.get("photo")
        photo_id = photo[-1]["file_id"] if photo else None
        document = payload.get("document") or {}
        document_id = document.get("file_id")
        return SentMessage(
            message_id=message_id,
            chat_id=chat_id,
            text=payload.get("text", payload.get("caption", "")),
            buttons=[[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows],
            caption=payload.get("caption"),
            photo=photo_id,
            photo_content=self._files[photo_id].content if photo_id in self._files else None,
            document=document_id,
            document_name=document.get("file_name"),
            document_content=self._files[document_id].content if document_id in self._files else None,
            keyboard=copy.deepcopy(self._keyboards.get((chat_id, message_id))),
            edited="edit_date" in payload,
            raw=copy.deepcopy(payload),
        )

    def _record_delivery(self, chat_id: int, text: str) -> None:
        self._delivered.setdefault(chat_id, []).append(text)
        now = self.rate_clock()
        self._delivered_span = (self._delivered_span[0] if self._delivered_span else now, now)

    def _admit(self, method: str, params: dict[str, Any]) -> None:
        """Flood control for a call that puts a message in a chat: 429 with retry_after when over a limit."""
        if self.flood is None or method not in LIMITED_METHODS:
            return
        now = self.rate_clock()
        if self.first_limited_call_at is None:
            self.first_limited_call_at = now
        chat = params.get("chat_id")
        try:
            chat = int(chat) if chat is not None and chat != "" else None
        except (TypeError, ValueError):
            chat = str(chat)
        retry_after = self.flood.admit(chat, now)
        if retry_after is not None:
            self.rejections[method] += 1
            self.rejected_at.append(now)
            description = DEFAULT_DESCRIPTIONS[429].format(retry_after=retry_after)
            raise _ApiError(429, description, retry_after)

    def _event(self, call: Call, chat_id: int, message_id: int | None = None) -> None:
        self._events.append(_Event(call.seq, chat_id, call.method, message_id))
        self._activity[chat_id] = self._activity.get(chat_id, 0) + 1

    def _confirm_below(self, offset: int) -> None:
        for update in [u for u in self._pending if u.update_id < offset]:
            update.confirmed = True
            self._pending.remove(update)

    def _drop(self, update: _Update) -> None:
        update.confirmed = update.dropped = True
        if update in self._pending:
            self._pending.remove(update)

    def _deliverable(self, allowed: list[str] | None) -> list[_Update]:
        if allowed:
            for update in [u for u in self._pending if u.kind not in allowed]:
                self._drop(update)
        return list(self._pending)

    @staticmethod
    def _scope_key(scope: dict[str, Any] | None, language_code: str | None) -> tuple[str, str]:
        return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code or ""

    # ------------------------------------------------------------------ internals: HTTP

    async def _stats_endpoint(self, request: web.Request) -> web.Response:
        return web.json_response(self.stats(texts=request.query.get("texts") in ("1", "true")))

    async def _chats_endpoint(self, request: web.Request) -> web.Response:
        """``POST /_chats {"ids": [...]}``: private chats (users) the bot may send to, for a fake in its own
        process where no test can call ``user()``."""
        try:
            body = await request.json()
            ids = [int(chat) for chat in body["ids"]]
        except (ValueError, TypeError, KeyError):
            return web.json_response(
                _error_body(400, 'Bad Request: expected {"ids": [int, ...]}'), status=400
            )
        for chat in ids:
            self.user(chat)
        return web.json_response({"ok": True, "result": len(ids)})

    # A scripted user over HTTP, for a fake in its own process. ``POST /_users/<id>/send {"text": ...}`` and
    # ``POST /_users/<id>/press {"label": ...}`` push an update and answer ``{"update_id", "pushed_at"}``;
    # ``GET /_users/<id>/reply?after=<update id>[&contains=<text>][&timeout=<s>]`` waits as
    # ``wait_for_reply`` does with settle=0 (and, with ``contains``, until the latest text sent or edited in
    # the chat since the bot took the update contains it) and answers ``{"first_reply_at", "calls", "sends",
    # "text"}``: when the first send or edit for it arrived, the bot's calls for the chat since then, new
    # messages among them, and that latest text. Times are ``time.monotonic()`` of the fake's process; a
    # timeout is a 504.

    async def _user_send_endpoint(self, request: web.Request) -> web.Response:
        try:
            user = self.user(int(request.match_info["user_id"]))
            text = str((await request.json())["text"])
        except (ValueError, TypeError, KeyError):
            return web.json_response(_error_body(400, 'Bad Request: expected {"text": str}'), status=400)
        pushed_at = time.monotonic()
        update_id = await user.send(text)
        return web.json_response({"ok": True, "result": {"update_id": update_id, "pushed_at": pushed_at}})

    async def _user_press_endpoint(self, request: web.Request) -> web.Response:
        """Presses ``label`` on the latest bot message in the chat that has such a button (exact text first,
        else one containing it), looking only at that chat's messages, newest first."""
        try:
            user = self.user(int(request.match_info["user_id"]))
            label = str((await request.json())["label"])
        except (ValueError, TypeError, KeyError):
            return web.json_response(_error_body(400, 'Bad Request: expected {"label": str}'), status=400)
        chat = user.chat_id
        for message_id in range(self._next_message_id.get(chat, 1) - 1, 0, -1):
            message = self._messages.get((chat, message_id))
            if message is None or message.get("from", {}).get("id") != self.bot_id:
                continue
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            rows = [[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows]
            button = _find_button(rows, label)
            if button is not None and button[1] is not None:
                pushed_at = time.monotonic()
                update_id = await self._callback(user, chat, message_id, button[1])
                return web.json_response(
                    {"ok": True, "result": {"update_id": update_id, "pushed_at": pushed_at}}
                )
        return web.json_response(
            _error_body(400, f"Bad Request: no button matching {label!r} in chat {chat}"), status=400
        )

    async def _user_reply_endpoint(self, request: web.Request) -> web.Response:
        try:
            chat = int(request.match_info["user_id"])
            update = self._updates_by_id[int(request.query["after"])]
            timeout = float(request.query.get("timeout", "5"))
        except (ValueError, KeyError):
            return web.json_response(_error_body(400, "Bad Request: expected ?after=<update id>"), status=400)
        contains = request.query.get("contains")

        def since_taken() -> list[_Event]:
            """The chat's events since the bot took the update, oldest first (scanned from the newest)."""
            if update.delivered_seq is None:
                return []
            found: list[_Event] = []
            for event in reversed(self._events):
                if event.seq <= update.delivered_seq:
                    break
                if event.chat_id == chat:
                    found.append(event)
            return found[::-1]

        def latest_text(events: list[_Event]) -> str | None:
            for event in reversed(events):
                if event.method in ("sendMessage", "editMessageText"):
                    return str(self.calls[event.seq - 1].params.get("text", ""))
            return None

        def answered() -> bool:
            events = since_taken()
            if not update.confirmed or not any(e.method in REPLY_METHODS for e in events):
                return False
            return contains is None or contains in (latest_text(events) or "")

        async with self._cond:
            try:
                async with asyncio.timeout(timeout):
                    await self._cond.wait_for(answered)
            except TimeoutError:
                description = self._describe_wait(update, chat, timeout)
                if contains is not None:
                    description += f"; waited for a text containing {contains!r}"
                return web.json_response(_error_body(504, description), status=504)
        events = since_taken()
        first = next(e for e in events if e.method in REPLY_METHODS)
        result = {
            "first_reply_at": self.calls[first.seq - 1].at,
            "calls": len(events),
            "sends": sum(e.method == "sendMessage" for e in events),
            "text": latest_text(events) or "",
        }
        return web.json_response({"ok": True, "result": result})

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if match := re.fullmatch(r"/file/bot([^/]+)/(.+)", request.path):
            return self._download(match[1], match[2])
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z0-9_]+)/?", request.path)
        if match is None:
            return web.json_response(_error_body(404, "Not Found"), status=404)
        token, method = match[1], match[2]
        try:
            params = await self._read_params(request)
        except _ApiError as e:
            params, early_error = {}, e
        else:
            early_error = None
        if token != self.token:
            early_error = _ApiError(401, "Unauthorized")
        status, body = await self._execute(method, params, early_error)
        if status == 200 and self._lost_answers[method.lower()] > 0:
            self._lost_answers[method.lower()] -= 1
            assert request.transport is not None
            request.transport.close()  # done, and the bot never hears so
        return web.json_response(body, status=status)

    def _download(self, token: str, path: str) -> web.Response:
        if token != self.token:
            return web.json_response(_error_body(401, "Unauthorized"), status=401)
        stored = self._files_by_path.get(path)
        if stored is None:
            return web.json_response(_error_body(404, "Not Found"), status=404)
        self.downloads.append(path)
        return web.Response(body=stored.content, content_type="application/octet-stream")

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, Upload] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _ApiError(400, "Bad Request: can't parse JSON request body") from None
                if not isinstance(body, dict):
                    raise _ApiError(400, "Bad Request: can't parse JSON request body")
                raw.update(body)  # nested objects may come as objects or as JSON strings; both work
                return {k: self._decode(k, v) for k, v in raw.items()}
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    files[key] = Upload(value.filename, value.file.read(), value.content_type)
                else:
                    raw[key] = value
        return self._resolve_files({k: self._decode(k, v) for k, v in raw.items()}, files)

    @staticmethod
    def _decode(key: str, value: Any) -> Any:
        if key in TEXT_FIELDS or not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            return value

    @staticmethod
    def _resolve_files(params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        used: set[str] = set()
        for key, value in params.items():
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
                params[key] = files[value[9:]]
                used.add(value[9:])
        for key, upload in files.items():
            if key not in used:
                params.setdefault(key, upload)
        return params

    async def _execute(
        self, method: str, params: dict[str, Any], early_error: _ApiError | None = None
    ) -> tuple[int, dict[str, Any]]:
        name, handler = self._methods.get(method.lower(), (method, None))
        self._seq += 1
        call = Call(name, params, time.monotonic(), seq=self._seq)
        self.calls.append(call)
        try:
            if early_error is not None:
                raise early_error
            if handler is None:
                raise _ApiError(404, "Not Found: method not found")
            if self._hold is not None and self._hold[0] == name.lower():
                method_name, after, released = self._hold
                if after:
                    self._hold = (method_name, after - 1, released)
                else:
                    self.held.append(call)
                    await self._notify()
                    await released.wait()
                    raise _ApiError(502, "Bad Gateway")
            failures = self._failures.get(name.lower())
            if failures:
                failure = failures[0]
                failure.remaining -= 1
                if failure.remaining <= 0:
                    failures.pop(0)
                raise _ApiError(failure.status, failure.description, failure.retry_after)
            if (flapping := self._flapping.get(name.lower())) is not None:
                flapping[2] += 1
                if flapping[2] % 2:
                    raise _ApiError(flapping[0], flapping[1])
            if name in LIMITED_METHODS and self._failing_chats:
                failing = self._failing_chats.get(_as_int(params.get("chat_id"), "chat_id"))
                if failing:
                    failure = failing[0]
                    failure.remaining -= 1
                    if failure.remaining <= 0:
                        failing.pop(0)
                    raise _ApiError(failure.status, failure.description, failure.retry_after)
            self._admit(name, params)
            result = await handler(params, call)
            if self._hold_answer is not None and self._hold_answer[0] == name.lower():
                released = self._hold_answer[1]
                self._hold_answer = None  # the next one answers at once
                self._answers_held.append(released)
                self.held.append(call)
                await self._notify()
                await released.wait()
        except _ApiError as e:
            call.status, call.description = e.status, e.description
            body = _error_body(e.status, e.description, e.retry_after)
        else:
            call.result = result
            body = {"ok": True, "result": result}
        await self._notify()
        return call.status, body

    # ------------------------------------------------------------------ internals: checks

    def _chat(self, params: dict[str, Any]) -> int:
        value = params.get("chat_id")
        if value is None or value == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        try:
            chat_id = int(value)
        except (TypeError, ValueError):
            raise _ApiError(400, "Bad Request: chat not found") from None
        if chat_id not in self._chats:
            raise _ApiError(400, "Bad Request: chat not found")
        if chat_id in self._blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _own_message(self, params: dict[str, Any], verb: str) -> tuple[int, dict[str, Any]]:
        if params.get("inline_message_id"):
            raise _ApiError(400, "Bad Request: the fake does not support inline messages")
        chat_id = self._chat(params)
        message_id = _as_int(params.get("message_id"), "message_id")
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise _ApiError(400, f"Bad Request: message to {verb} not found")
        if message.get("from", {}).get("id") != self.bot_id and verb == "edit":
            raise _ApiError(400, "Bad Request: message can't be edited")
        return chat_id, message

    @staticmethod
    def _text(
        params: dict[str, Any], key: str = "text", limit: int = 4096, required: bool = True
    ) -> str | None:
        value = params.get(key)
        if value is None or str(value).strip() == "":
            if required:
                raise _ApiError(400, "Bad Request: message text is empty")
            return None
        text = str(value)
        if len(text) > limit:
            what = "message is too long" if key == "text" else "message caption is too long"
            raise _ApiError(400, f"Bad Request: {what}")
        return text

    @staticmethod
    def _markup(
        value: Any, inline_only: bool = False
    ) -> tuple[dict[str, Any] | None, list[list[str]] | None]:
        """Returns (inline markup as it appears in Message.reply_markup, reply keyboard labels)."""
        if value is None:
            return None, None
        if not isinstance(value, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in value:
            rows = value["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _ApiError(
                    400, "Bad Request: can't parse inline keyboard button: field must be an Array"
                )
            for button in (b for row in rows for b in row):
                if not isinstance(button, dict) or not button.get("text"):
                    raise _ApiError(
                        400, "Bad Request: can't parse inline keyboard button: Text must be non-empty"
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            rows = [row for row in rows if row]
            return ({"inline_keyboard": copy.deepcopy(rows)} if rows else None), None
        if inline_only:
            raise _ApiError(400, "Bad Request: inline keyboard expected")
        if "keyboard" in value:
            labels = [
                [b if isinstance(b, str) else b.get("text", "") for b in row] for row in value["keyboard"]
            ]
            return None, labels
        return None, None

    def _reply_to(self, chat_id: int, params: dict[str, Any]) -> dict[str, Any] | None:
        target = params.get("reply_to_message_id")
        if target is None and isinstance(params.get("reply_parameters"), dict):
            target = params["reply_parameters"].get("message_id")
        original = (
            self._messages.get((chat_id, _as_int(target, "message_id"))) if target is not None else None
        )
        if original is None:
            return None
        return {k: v for k, v in copy.deepcopy(original).items() if k != "reply_to_message"}

    # ------------------------------------------------------------------ Bot API methods

    async def _get_me(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: dict[str, Any], call: Call) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise _ApiError(409, WEBHOOK_ACTIVE)
        offset = _as_int(params.get("offset", 0), "offset")
        limit = min(max(_as_int(params.get("limit", 100), "limit"), 1), 100)
        timeout = max(_as_int(params.get("timeout", 0), "timeout"), 0)
        if "allowed_updates" in params:
            self.allowed_updates = params["allowed_updates"]
        if offset < 0:
            for update in self._pending[:offset]:
                update.confirmed = True
            self._pending = self._pending[offset:]
        else:
            self._confirm_below(offset)
        self._poll_generation += 1
        generation = self._poll_generation

        def ready() -> bool:
            return (
                self._closing
                or generation != self._poll_generation
                or bool(self.webhook_url)
                or bool(self._deliverable(self.allowed_updates))
            )

        async with self._cond:
            self._cond.notify_all()  # confirmations above may complete someone's wait_for_reply
            if timeout:
                try:
                    async with asyncio.timeout(timeout):
                        await self._cond.wait_for(ready)
                except TimeoutError:
                    pass
            if generation != self._poll_generation:
                raise _ApiError(409, DEFAULT_DESCRIPTIONS[409])
            if self.webhook_url:
                raise _ApiError(409, "Conflict: terminated by setWebhook request")
            if self._closing:
                return []
            batch = self._deliverable(self.allowed_updates)[:limit]
            for update in batch:
                if update.delivered_seq is None:
                    update.delivered_seq = self._seq
            return [copy.deepcopy(u.payload) for u in batch]

    async def _send_message(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        chat_id = self._chat(params)
        text = self._text(params)
        markup, keyboard = self._markup(params.get("reply_markup"))
        message = self._new_message(
            chat_id,
            self.bot_user,
            reply_to_message=self._reply_to(chat_id, params),
            text=text,
            entities=params.get("entities"),
            reply_markup=markup,
        )
        if keyboard is not None:
            self._keyboards[(chat_id, message["message_id"])] = keyboard
        self._record_delivery(chat_id, text or "")
        self._event(call, chat_id, message["message_id"])
        return copy.deepcopy(message)

    async def _edit_message_text(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        chat_id, message = self._own_message(params, "edit")
        if "text" not in message:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        text = self._text(params)
        markup, _ = self._markup(params.get("reply_markup"), inline_only=True)
        if message["text"] == text and message.get("reply_markup") == markup:
            raise _ApiError(400, NOT_MODIFIED)
        message["text"] = text
        if params.get("entities"):
            message["entities"] = params["entities"]
        else:
            message.pop("entities", None)
        return self._finish_edit(call, chat_id, message, markup)

    async def _edit_message_reply_markup(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        chat_id, message = self._own_message(params, "edit")
        markup, _ = self._markup(params.get("reply_markup"), inline_only=True)
        if message.get("reply_markup") == markup:
            raise _ApiError(400, NOT_MODIFIED)
        return self._finish_edit(call, chat_id, message, markup)

    def _finish_edit(
        self, call: Call, chat_id: int, message: dict[str, Any], markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        if markup is None:  # like Telegram: an edit without reply_markup drops the keyboard
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = self._now()
        self._event(call, chat_id, message["message_id"])
        return copy.deepcopy(message)

    async def _delete_message(self, params: dict[str, Any], call: Call) -> bool:
        chat_id, message = self._own_message(params, "delete")
        del self._messages[(chat_id, message["message_id"])]
        self._event(call, chat_id, message["message_id"])
        return True

    async def _answer_callback_query(self, params: dict[str, Any], call: Call) -> bool:
        query = self._callbacks.get(str(params.get("callback_query_id", "")))
        if query is None or query.answer is not None:
            raise _ApiError(400, QUERY_TOO_OLD)
        if len(str(params.get("text") or "")) > 200:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query.answer = dict(params)
        self._callback_answers.append((query.id, query.answer))
        self._event(call, query.chat_id)
        return True

    async def _send_photo(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        chat_id = self._chat(params)
        photo = params.get("photo")
        if isinstance(photo, Upload):
            if not photo.content:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            if (refusal := _photo_refusal(photo.content)) is not None:
                raise _ApiError(400, refusal)
            sizes = self._register_photo(photo.content)
        elif isinstance(photo, str) and photo in self._photo_sizes:
            sizes = copy.deepcopy(self._photo_sizes[photo])
        elif isinstance(photo, str) and photo in self._files:
            stored = self._files[photo]
            sizes = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": len(stored.content),
                    "width": 1280,
                    "height": 960,
                }
            ]
        elif isinstance(photo, str) and photo.startswith(("http://", "https://")):
            raise _ApiError(400, "Bad Request: failed to get HTTP URL content")
        elif not photo:
            raise _ApiError(400, "Bad Request: there is no photo in the request")
        else:
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return self._captioned(params, call, chat_id, photo=sizes)

    async def _send_document(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        """A file uploaded in a multipart request (kept, bytes and name, for the test to open) or one sent
        before, by its file_id."""
        chat_id = self._chat(params)
        document = params.get("document")
        if isinstance(document, Upload):
            if not document.content:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            stored = self._store_file(document.content, "documents/file_{n}")
            name, mime = document.filename or "document", document.content_type
        elif isinstance(document, str) and document in self._files:
            stored = self._files[document]
            name, mime = stored.file_path.rsplit("/", 1)[-1], "application/octet-stream"
        elif isinstance(document, str) and document.startswith(("http://", "https://")):
            raise _ApiError(400, "Bad Request: failed to get HTTP URL content")
        elif not document:
            raise _ApiError(400, "Bad Request: there is no document in the request")
        else:
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": name,
            "mime_type": mime,
            "file_size": len(stored.content),
        }
        return self._captioned(params, call, chat_id, document=document)

    def _captioned(self, params: dict[str, Any], call: Call, chat_id: int, **media: Any) -> dict[str, Any]:
        """The message a photo or a document makes: its caption, its buttons, the delivery and the event."""
        markup, keyboard = self._markup(params.get("reply_markup"))
        message = self._new_message(
            chat_id,
            self.bot_user,
            reply_to_message=self._reply_to(chat_id, params),
            **media,
            caption=self._text(params, "caption", 1024, required=False),
            caption_entities=params.get("caption_entities"),
            reply_markup=markup,
        )
        if keyboard is not None:
            self._keyboards[(chat_id, message["message_id"])] = keyboard
        self._record_delivery(chat_id, message.get("caption", ""))
        self._event(call, chat_id, message["message_id"])
        return copy.deepcopy(message)

    async def _send_chat_action(self, params: dict[str, Any], call: Call) -> bool:
        chat_id = self._chat(params)
        if not params.get("action"):
            raise _ApiError(400, "Bad Request: wrong parameter action in request")
        self._event(call, chat_id)
        return True

    async def _get_file(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def _set_webhook(self, params: dict[str, Any], call: Call) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret is not None and not SECRET_RE.fullmatch(str(secret)):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        if url and not url.startswith(("http://", "https://")):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            for update in list(self._pending):
                self._drop(update)
        self.webhook_url = url
        self.webhook_secret = str(secret) if secret is not None and url else None
        self.webhook_allowed_updates = params.get("allowed_updates") if url else None
        self.webhook_max_connections = _as_int(params.get("max_connections", 40), "max_connections")
        self._last_webhook_error = None
        return True

    async def _delete_webhook(self, params: dict[str, Any], call: Call) -> bool:
        if params.get("drop_pending_updates"):
            for update in list(self._pending):
                self._drop(update)
        self.webhook_url = ""
        self.webhook_secret = None
        self.webhook_allowed_updates = None
        return True

    async def _get_webhook_info(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = self.webhook_max_connections
            if self.webhook_allowed_updates is not None:
                info["allowed_updates"] = self.webhook_allowed_updates
            if self._last_webhook_error is not None:
                info["last_error_date"], info["last_error_message"] = self._last_webhook_error
        return info

    async def _set_my_commands(self, params: dict[str, Any], call: Call) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _ApiError(400, "Bad Request: command description must be non-empty")
        key = self._scope_key(params.get("scope"), params.get("language_code"))
        if commands:
            self._commands[key] = copy.deepcopy(commands)
        else:
            self._commands.pop(key, None)
        return True

    async def _delete_my_commands(self, params: dict[str, Any], call: Call) -> bool:
        self._commands.pop(self._scope_key(params.get("scope"), params.get("language_code")), None)
        return True

    async def _get_my_commands(self, params: dict[str, Any], call: Call) -> list[dict[str, Any]]:
        return self.commands_for(params.get("scope"), params.get("language_code") or "")

    # ------------------------------------------------------------------ webhook delivery

    async def _deliver(self, update: _Update) -> WebhookDelivery | None:
        async with self._delivery_lock:
            url = self.webhook_url
            if not url or update.confirmed or self._client is None:
                return None
            self._deliverable(self.webhook_allowed_updates)  # drops updates the webhook did not ask for
            if update.dropped:
                return None
            if update.delivered_seq is None:
                update.delivered_seq = self._seq
            headers = {"Content-Type": "application/json"}
            if self.webhook_secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
            delivery = WebhookDelivery(update.update_id, url, None, self.webhook_secret, time.monotonic())
            try:
                async with self._client.post(
                    url,
                    data=json.dumps(update.payload),
                    headers=headers,
                    timeout=ClientTimeout(total=self.webhook_timeout),
                ) as response:
                    delivery.status = response.status
                    reply = await self._webhook_reply(response) if response.status == 200 else None
            except (ClientError, TimeoutError) as e:
                delivery.error = f"{type(e).__name__}: {e}"
                reply = None
            self.webhook_deliveries.append(delivery)
            if delivery.status == 200:
                update.confirmed = True
                if update in self._pending:
                    self._pending.remove(update)
            else:
                reason = delivery.error or f"Wrong response from the webhook: {delivery.status}"
                self._last_webhook_error = (self._now(), reason)
            await self._notify()
        if reply is not None:
            delivery.response_method = reply[0]
            await self._execute(*reply)
        return delivery

    @staticmethod
    async def _webhook_reply(response: Any) -> tuple[str, dict[str, Any]] | None:
        """A method the bot put in its webhook answer (aiogram sends it as multipart form data)."""
        raw: dict[str, Any] = {}
        files: dict[str, Upload] = {}
        if response.content_type == "application/json":
            body = await response.json()
            raw = body if isinstance(body, dict) else {}
        elif response.content_type == "multipart/form-data":
            reader = MultipartReader(response.headers, response.content)
            while (part := await reader.next()) is not None:
                data = await part.read()
                if part.filename:
                    files[part.name] = Upload(part.filename, bytes(data))
                else:
                    raw[part.name] = data.decode()
        method = raw.pop("method", None)
        if not method:
            return None
        params = FakeTelegram._resolve_files(
            {k: FakeTelegram._decode(k, v) if isinstance(v, str) else v for k, v in raw.items()}, files
        )
        return str(method), params

    # ------------------------------------------------------------------ scripted users

    async def _user_message(self, user: FakeUser, chat_id: int, content: dict[str, Any]) -> int:
        message = self._new_message(chat_id, user.as_dict(), **content)
        return await self.push_update({"message": copy.deepcopy(message)}, chat_id=chat_id)

    async def _callback(self, user: FakeUser, chat_id: int, message_id: int, data: str) -> int:
        message = self._messages.get((chat_id, message_id))
        if message is None:  # deleted or never existed: Telegram sends an InaccessibleMessage
            shown = {"chat": copy.deepcopy(self._chats[chat_id]), "message_id": message_id, "date": 0}
        else:
            shown = copy.deepcopy(message)
        query = _Callback(str(next(self._callback_ids)), user.id, chat_id, message_id, data)
        self._callbacks[query.id] = query
        payload = {
            "id": query.id,
            "from": user.as_dict(),
            "message": shown,
            "chat_instance": str(-7_000_000_000_000 - chat_id),
            "data": data,
        }
        query.update_id = await self.push_update({"callback_query": payload}, chat_id=chat_id)
        return query.update_id

    async def _wait_for_reply(
        self, chat_id: int, after: int, timeout: float, settle: float
    ) -> list[SentMessage]:
        update = self._updates_by_id.get(after)
        if update is None:
            raise ValueError(f"no update {after} was pushed")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout

        def touched() -> list[int]:
            if update.delivered_seq is None:
                return []
            ids: list[int] = []
            for event in self._events:
                if (
                    event.seq > update.delivered_seq
                    and event.chat_id == chat_id
                    and event.method in REPLY_METHODS
                    and event.message_id not in ids
                ):
                    ids.append(event.message_id)  # type: ignore[arg-type]
            return ids

        async with self._cond:
            try:
                async with asyncio.timeout(timeout):
                    await self._cond.wait_for(lambda: update.confirmed and bool(touched()))
            except TimeoutError:
                raise AssertionError(self._describe_wait(update, chat_id, timeout)) from None
            while settle > 0 and (remaining := deadline - loop.time()) > 0:
                mark = self._activity.get(chat_id, 0)
                try:
                    async with asyncio.timeout(min(settle, remaining)):
                        await self._cond.wait_for(lambda mark=mark: self._activity.get(chat_id, 0) != mark)
                except TimeoutError:
                    break
            return [
                self._sent(self._messages[(chat_id, m)]) for m in touched() if (chat_id, m) in self._messages
            ]

    def _describe_wait(self, update: _Update, chat_id: int, timeout: float) -> str:
        state = (
            "dropped"
            if update.dropped
            else "never delivered"
            if update.delivered_seq is None
            else "delivered, not confirmed"
            if not update.confirmed
            else "confirmed, but no message or edit followed in this chat"
        )
        recent = ", ".join(f"{c.method}->{c.status}" for c in self.calls[-8:])
        return (
            f"no reply in chat {chat_id} to update {update.update_id} within {timeout}s: {state}; "
            f"last calls: {recent}"
        )


class FakeUser:
    """A scripted Telegram user; their private chat has chat id == user id."""

    def __init__(
        self,
        tg: FakeTelegram,
        user_id: int,
        first_name: str,
        language_code: str,
        last_name: str | None = None,
        username: str | None = None,
    ) -> None:
        self.tg = tg
        self.id = user_id
        self.chat_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.last_name = last_name
        self.username = username

    def as_dict(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    @staticmethod
    def _text_content(text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/") and len(text) > 1:
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return content

    async def send(self, text: str) -> int:
        """The user writes ``text`` in their private chat; returns the update id."""
        return await self.tg._user_message(self, self.chat_id, self._text_content(text))

    async def send_sticker(self, emoji: str = "👍") -> int:
        """The user sends a sticker (Telegram says which emoji it stands for); returns the update id."""
        sticker = {
            "file_id": f"sticker-{emoji}",
            "file_unique_id": f"u-sticker-{emoji}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self.tg._user_message(self, self.chat_id, {"sticker": sticker})

    async def send_voice(self, seconds: int = 4) -> int:
        """The user records a voice message; returns the update id."""
        voice = {"file_id": f"voice-{seconds}", "file_unique_id": f"u-voice-{seconds}", "duration": seconds}
        return await self.tg._user_message(self, self.chat_id, {"voice": voice})

    async def edit(self, update_id: int, text: str) -> int:
        """The user edits the text of the message they sent as update ``update_id``: Telegram sends an
        ``edited_message`` (the same message id, the new text, an ``edit_date``); returns its update id."""
        message = copy.deepcopy(self.tg._updates_by_id[update_id].payload["message"])
        message.update(self._text_content(text), edit_date=self.tg._now())
        return await self.tg.push_update({"edited_message": message}, chat_id=message["chat"]["id"])

    async def send_in_group(self, chat_id: int, text: str) -> int:
        self.tg.group(chat_id)
        return await self.tg._user_message(self, chat_id, self._text_content(text))

    async def reply_in_group(self, chat_id: int, to: SentMessage, text: str) -> int:
        """The user answers the bot's message `to` in group `chat_id` with Telegram's “Reply”; returns the
        update id."""
        content = self._text_content(text) | {"reply_to_message": copy.deepcopy(to.raw)}
        return await self.tg._user_message(self, chat_id, content)

    def forward_to_group(self, message: SentMessage, chat_id: int) -> int:
        """The user forwards the bot's `message` into group `chat_id`, its buttons kept as Telegram keeps
        them; returns the forwarded copy's message id there (pressed with `press_data`)."""
        self.tg.group(chat_id)
        origin = {"type": "user", "sender_user": copy.deepcopy(self.tg.bot_user), "date": message.raw["date"]}
        markup = message.raw.get("reply_markup")
        forwarded = self.tg._new_message(
            chat_id, self.as_dict(), text=message.text, reply_markup=markup, forward_origin=origin
        )
        return int(forwarded["message_id"])

    async def send_photo(self, content: bytes, caption: str | None = None) -> int:
        sizes = self.tg._register_photo(content)
        return await self.tg._user_message(self, self.chat_id, {"photo": sizes, "caption": caption})

    async def send_album(self, contents: list[bytes], caption: str | None = None) -> list[int]:
        """Several photos sent at once (an album): Telegram delivers one message each, with the same
        ``media_group_id``, the caption on the first only; returns their update ids."""
        group = f"album-{self.id}-{len(self.tg.updates)}"
        sent = []
        for n, content in enumerate(contents):
            photo = {"photo": self.tg._register_photo(content), "media_group_id": group}
            sent.append(
                await self.tg._user_message(
                    self, self.chat_id, photo | {"caption": caption if n == 0 else None}
                )
            )
        return sent

    async def send_document(
        self, content: bytes, file_name: str | None, mime_type: str = "application/octet-stream", **extra: Any
    ) -> int:
        """The user sends a file (📎 → File) as Telegram delivers it: a Document with its name, type and size
        (`extra` overrides them: a `file_size` Telegram reports, say), downloadable with getFile."""
        suffix = file_name.rsplit(".", 1)[-1] if file_name and "." in file_name else "bin"
        file_id, unique_id, size = self.tg.add_file(content, f"documents/file_{{n}}.{suffix}")
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": unique_id, "mime_type": mime_type}
        document["file_size"] = size
        if file_name is not None:
            document["file_name"] = file_name
        document.update(extra)
        return await self.tg._user_message(self, self.chat_id, {"document": document})

    async def press(self, label: str, message_id: int | None = None, *, chat_id: int | None = None) -> int:
        """Presses the first button whose text equals ``label`` (else contains it; case-insensitive) on the
        latest bot message in the chat that has one (or on ``message_id``); returns the update id."""
        chat = self.chat_id if chat_id is None else chat_id
        candidates = self.tg.messages(chat)
        if message_id is not None:
            candidates = [m for m in candidates if m.message_id == message_id]
        for message in reversed(candidates):
            button = message.button(label)
            if button is not None:
                if button[1] is None:
                    raise AssertionError(f"button {button[0]!r} has no callback_data")
                return await self.tg._callback(self, chat, message.message_id, button[1])
        shown = [(m.message_id, m.labels) for m in candidates if m.buttons][-3:]
        raise AssertionError(f"no button matching {label!r} in chat {chat}; recent keyboards: {shown}")

    async def press_data(self, data: str, message_id: int, *, chat_id: int | None = None) -> int:
        """Sends a callback query with raw ``data`` from ``message_id`` (stale or forged buttons)."""
        return await self.tg._callback(self, self.chat_id if chat_id is None else chat_id, message_id, data)

    def messages(self, chat_id: int | None = None) -> list[SentMessage]:
        return self.tg.messages(self.chat_id if chat_id is None else chat_id)

    @property
    def last(self) -> SentMessage:
        sent = self.messages()
        if not sent:
            raise AssertionError(f"the bot has sent nothing to chat {self.chat_id}")
        return sent[-1]

    def answered_callbacks(self) -> list[dict[str, Any]]:
        """The answerCallbackQuery params for this user's callback queries, in the order answered."""
        mine = {q.id for q in self.tg._callbacks.values() if q.user_id == self.id}
        return [copy.deepcopy(params) for query_id, params in self.tg._callback_answers if query_id in mine]

    def block(self) -> None:
        """From now on the bot gets 403 "bot was blocked by the user" for this chat."""
        self.tg._blocked.add(self.chat_id)

    def unblock(self) -> None:
        self.tg._blocked.discard(self.chat_id)

    async def wait_for_reply(
        self, after: int, timeout: float = WAIT, *, chat_id: int | None = None, settle: float = 0.05
    ) -> list[SentMessage]:
        """Waits until update ``after`` was confirmed (getUpdates offset moved past it, or the webhook
        answered 200) and the bot sent or edited at least one message in the chat since it took the update,
        then until the chat has been quiet for ``settle`` seconds; returns those messages as they now stand.
        Raises AssertionError on timeout."""
        chat = self.chat_id if chat_id is None else chat_id
        return await self.tg._wait_for_reply(chat, after, timeout, settle)

    async def ask(self, text: str, timeout: float = WAIT) -> list[SentMessage]:
        """send() then wait_for_reply()."""
        return await self.wait_for_reply(await self.send(text), timeout)

    async def choose(self, label: str, timeout: float = WAIT) -> list[SentMessage]:
        """press() then wait_for_reply()."""
        return await self.wait_for_reply(await self.press(label), timeout)


class FakeGroup:
    def __init__(self, tg: FakeTelegram, chat_id: int, title: str) -> None:
        self.tg = tg
        self.chat_id = chat_id
        self.title = title

    def messages(self) -> list[SentMessage]:
        return self.tg.messages(self.chat_id)

    @property
    def last(self) -> SentMessage:
        sent = self.messages()
        if not sent:
            raise AssertionError(f"the bot has sent nothing to group {self.chat_id}")
        return sent[-1]


# ---------------------------------------------------------------------- a fake in a process of its own


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.fake_telegram",
        description="Serve the fake Bot API until killed. The first line of stdout is '<base URL> <token>'; "
        'GET <base URL>/_stats reads the counts, POST <base URL>/_chats {"ids": [...]} adds private chats, '
        "POST /_users/<id>/send {text} or /press {label} and GET /_users/<id>/reply?after=<update id> "
        "play a user.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--token", default="123456:TEST-token")
    parser.add_argument("--overall-rate", type=float, help="messages/s over all chats (default: no limit)")
    parser.add_argument("--overall-burst", type=int, help="default: one second's worth")
    parser.add_argument(
        "--per-chat-rate", type=float, help="messages/s per chat (1 when --overall-rate is set)"
    )
    parser.add_argument("--per-chat-burst", type=int, default=1)
    args = parser.parse_args(argv)
    asyncio.run(_serve(args))


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeTelegram(
        args.token,
        overall_rate=args.overall_rate,
        overall_burst=args.overall_burst,
        per_chat_rate=args.per_chat_rate,
        per_chat_burst=args.per_chat_burst,
    )
    await fake.start(args.port, args.host)
    print(f"{fake.base_url} {fake.token}", flush=True)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    try:
        await stopped.wait()
    finally:
        await fake.stop()


if __name__ == "__main__":
    main()
