"""A fake Zalo Bot Platform API server for tests (../shared/docs/zalo-bot-api.md).

``FakeZalo`` is an in-process aiohttp app serving ``/bot<token>/<method>`` the way Zalo does, plus a
scripted-user API (``fake.user(...)``) that sends messages the way Zalo would (queued for ``getUpdates``, or
POSTed to the webhook) and shows what the bot sent back.

The quirks copied from the real service, because clients trip over them:

* every answer is the envelope ``{ok, result?, error_code?, description?}``, and business errors come as
  **HTTP 200 with ``ok: false``**; an unknown method is ``200 {"ok":false,"error_code":404}``; a wrong token
  is ``401``;
* ``getUpdates`` returns **one** update (or, with ``list_updates``, a list of one), has no offset (what it
  returns is gone), and an idle poll answers after the requested ``timeout`` (sent as a string) with
  ``{"ok":false,"error_code":408,"description":"Request timeout"}``; while a webhook is set it is refused;
* ``setWebhook`` wants a secret of 8–256 characters, calls the URL at once with an **empty body and no
  Content-Type** (the verification probe), keeps the URL whatever the probe got and says how it went in
  ``verification``; updates are then POSTed with ``X-Bot-Api-Secret-Token``, **bare** by default or wrapped
  in ``{ok, result}`` (``wrapped = True``), as the docs show them;
* ``getWebhookInfo`` without a webhook is ``404 "Not Found"``; with one, the envelope carries
  ``error_code: 0``;
* ``sendMessage`` takes 1–2,000 characters counted in UTF-16 units; ``sendPhoto`` takes only an http(s) URL,
  which the fake fetches (more than once, as Zalo may);
* images arrive as ``photo_url`` with ``message_type: "CHAT_PHOTO"`` (``photo`` as in the docs on
  request); their links expire (``expire_media()``);
* with ``echo_sends``, the bot's own messages come back as updates from the bot's id;
* a user who blocked the bot, or whose account is gone (``user.block()``), is not found: a send to their chat
  answers ``200 {"ok":false,"error_code":404,"description":"Not Found"}``, Zalo's "resource not found", as
  the Bot API's error table has it (it gives no other words for either);
* ``fail_next(method, 429)`` makes the next call fail: JSON ``ok: false`` on HTTP 200, or with
  ``html=True`` the front proxy's HTML 429 page that is not JSON at all.

Nothing here sleeps: waiters wait on one ``asyncio.Condition`` notified on every change (an idle poll waits
on it for its timeout).
"""

from __future__ import annotations

import asyncio
import json
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

__all__ = ["FakeZalo", "FakeZaloUser", "ZaloCall", "ZaloSent", "ZaloWebhookDelivery"]

MAX_TEXT = 2000


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class ZaloCall:
    method: str
    params: dict[str, Any]
    http_status: int = 200
    error_code: int | None = None


@dataclass
class ZaloSent:
    """A message the bot sent (sendMessage or sendPhoto)."""

    message_id: str
    chat_id: str
    text: str
    photo_url: str | None = None
    photo_content: bytes | None = None


@dataclass
class ZaloWebhookDelivery:
    message_id: str | None  # None: the verification probe
    status: int | None  # None: the connection failed
    secret: str | None


@dataclass
class _Failure:
    error_code: int
    description: str
    http_status: int
    html: bool


def _hex_id() -> str:
    return secrets.token_hex(10)


class FakeZalo:
    """``clock`` gives the `date` Zalo stamps on messages (wall time unless a test's clock is given: the Zalo
    harness gives the app's, so a clock moved ahead moves the stamps with it)."""

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_name: str = "Chung Tay",
        clock: Callable[[], float | datetime] | None = None,
    ) -> None:
        self.clock: Callable[[], float | datetime] = clock or time.time
        self.token = token or f"{secrets.randbelow(10**9) + 10**9}:{secrets.token_urlsafe(24)}"
        self.bot_id = _hex_id()
        self.bot_name = bot_name
        self.calls: list[ZaloCall] = []
        self.sent: list[ZaloSent] = []
        self.pending: list[dict[str, Any]] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_deliveries: list[ZaloWebhookDelivery] = []
        self.wrapped = False
        self.list_updates = False
        self.echo_sends = False
        self.media: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}  # media links that redirect elsewhere
        self._failures: dict[str, list[_Failure | None]] = {}  # None: that call goes through
        self._refusing: list[tuple[str, _Failure]] = []  # (words, the error): texts always refused
        self.unknown_chats: set[str] = set()  # users who blocked the bot or whose account is gone
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self._stopping = False
        self.base_url = ""

    # --- running ---------------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/_media/{name}", self._serve_media)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        self._client = ClientSession(timeout=ClientTimeout(total=10))

    async def stop(self) -> None:
        self._stopping = True
        await self._notify()  # a long poll still waiting answers now, so the server closes at once
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what tests arrange ----------------------------------------------------------------------------
    def user(self, name: str = "Hoa", user_id: str | None = None) -> FakeZaloUser:
        return FakeZaloUser(self, user_id or _hex_id(), name)

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        *,
        html: bool = False,
        http_status: int | None = None,
        count: int = 1,
        after: int = 0,
    ) -> None:
        """The next `count` calls of `method` fail (once `after` more have gone through): `ok: false` with
        `error_code` on HTTP 200 (or `http_status`), or with `html` the proxy's HTML page (HTTP `error_code`,
        not JSON)."""
        words = description or {429: "Quota exceeded", 400: "Bad Request", 500: "Internal error"}.get(
            error_code, "Error"
        )
        failure = _Failure(error_code, words, http_status or (error_code if html else 200), html)
        self._failures.setdefault(method, []).extend([None] * after + [failure] * count)

    def clear_failures(self) -> None:
        self._failures.clear()

    def refuse_text(self, words: str, error_code: int, description: str, *, http_status: int = 200) -> None:
        """Every sendMessage whose text holds `words` fails with this error, however often it is tried (a
        message Zalo's server chokes on); every other call goes through."""
        self._refusing.append((words, _Failure(error_code, description, http_status, False)))

    def expire_media(self) -> None:
        """Every media link stops working, as Zalo's CDN links do within minutes."""
        self.media.clear()

    def calls_to(self, method: str) -> list[ZaloCall]:
        return [call for call in self.calls if call.method == method]

    def delivered(self, chat_id: str) -> list[ZaloSent]:
        return [sent for sent in self.sent if sent.chat_id == chat_id]

    async def wait_until(self, condition: Callable[[], bool], *, timeout: float = 10, what: str = "") -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(condition), timeout)
            except TimeoutError:
                raise AssertionError(f"timed out waiting for {what or 'a condition'}") from None

    # --- users' side -----------------------------------------------------------------------------------
    async def push(self, update: dict[str, Any]) -> None:
        """Deliver one update: POSTed to the webhook when one is set, else kept for getUpdates."""
        if self.webhook_url:
            body = {"ok": True, "result": update} if self.wrapped else update
            await self._post_webhook(json.dumps(body).encode(), update["message"]["message_id"])
        else:
            self.pending.append(update)
        await self._notify()

    async def _post_webhook(self, body: bytes, message_id: str | None) -> int | None:
        assert self._client is not None
        headers = {"X-Bot-Api-Secret-Token": self.webhook_secret} if body else {}
        if body:
            headers["Content-Type"] = "application/json"
        try:
            async with self._client.post(self.webhook_url, data=body, headers=headers) as response:
                status: int | None = response.status
        except (ClientError, TimeoutError):
            status = None
        self.webhook_deliveries.append(
            ZaloWebhookDelivery(message_id, status, headers.get("X-Bot-Api-Secret-Token"))
        )
        return status

    def media_url(self, content: bytes) -> str:
        name = secrets.token_hex(8) + ".jpg"
        self.media[name] = content
        return f"{self.base_url}/_media/{name}"

    def redirect_url(self, to: str) -> str:
        """A media link that answers with a redirect to `to`."""
        name = secrets.token_hex(8) + ".jpg"
        self.redirects[name] = to
        return f"{self.base_url}/_media/{name}"

    async def _serve_media(self, request: web.Request) -> web.Response:
        if (to := self.redirects.get(request.match_info["name"])) is not None:
            return web.Response(status=302, headers={"Location": to})
        content = self.media.get(request.match_info["name"])
        if content is None:
            return web.Response(status=404, text="expired")
        return web.Response(body=content, content_type="image/jpeg")

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- the Bot API -----------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        call = ZaloCall(method, params)
        self.calls.append(call)
        await self._notify()  # the call is seen at once, even one that waits (a long poll)
        try:
            if request.match_info["token"] != self.token:
                return self._error(call, 401, "Unauthorized", http_status=401)
            failures = self._failures.get(method)
            failure = failures.pop(0) if failures else None
            if failure is None and method == "sendMessage":
                text = str(params.get("text") or "")
                failure = next((refusal for words, refusal in self._refusing if words in text), None)
            if failure is not None:
                if failure.html:
                    call.http_status, call.error_code = failure.http_status, failure.error_code
                    page = f"<html><body><h1>{failure.error_code} Too Many Requests</h1></body></html>"
                    return web.Response(status=failure.http_status, text=page, content_type="text/html")
                return self._error(
                    call, failure.error_code, failure.description, http_status=failure.http_status
                )
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                return self._error(call, 404, "Not Found")
            return await handler(call, params)
        finally:
            await self._notify()

    def _ok(self, call: ZaloCall, result: Any, **extra: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result, **extra})

    def _error(self, call: ZaloCall, code: int, description: str, *, http_status: int = 200) -> web.Response:
        call.http_status, call.error_code = http_status, code
        body = {"ok": False, "error_code": code, "description": description}
        return web.json_response(body, status=http_status)

    async def _m_getMe(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        me = {
            "id": self.bot_id,
            "account_name": self.bot_name,
            "account_type": "BASIC",
            "can_join_groups": False,
        }
        return self._ok(call, me)

    async def _m_getUpdates(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        if self.webhook_url:
            return self._error(call, 400, "Webhook is set: call deleteWebhook before getUpdates")
        timeout = float(params.get("timeout", "30"))
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not self.pending and not self._stopping:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    break
            if not self.pending:
                return self._error(call, 408, "Request timeout")
            update = self.pending.pop(0)  # consumed: never returned again
        return self._ok(call, [update] if self.list_updates else update)

    async def _m_setWebhook(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        url, secret = str(params.get("url") or ""), str(params.get("secret_token") or "")
        if not url.startswith(("http://", "https://")):
            return self._error(call, 400, "Bad Request: url must be https")
        if not 8 <= len(secret) <= 256:
            return self._error(call, 400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        status = await self._post_webhook(b"", None)  # the verification probe: empty body, no Content-Type
        verification = {"status": "success" if status == 200 else "failed", "http_status": status}
        return self._ok(call, {"url": url, "updated_at": self._stamp(), "verification": verification})

    async def _m_deleteWebhook(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        self.webhook_url, self.webhook_secret = "", ""
        return self._ok(call, {"url": ""})

    async def _m_getWebhookInfo(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        if not self.webhook_url:
            return self._error(call, 404, "Not Found")
        return self._ok(call, {"url": self.webhook_url, "updated_at": 0}, error_code=0)

    async def _m_sendMessage(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        text = str(params.get("text") or "")
        if not text or utf16_units(text) > MAX_TEXT:
            return self._error(call, 400, "Bad Request: text must be 1-2000 characters")
        return self._sent(call, str(params.get("chat_id") or ""), text)

    async def _m_sendPhoto(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        url, caption = str(params.get("photo") or ""), str(params.get("caption") or "")
        if not url.startswith(("http://", "https://")) or utf16_units(caption) > MAX_TEXT:
            return self._error(call, 400, "Bad Request: photo must be a public URL")
        assert self._client is not None
        content = None
        for _fetch in range(2):  # Zalo may fetch the picture more than once
            try:
                async with self._client.get(url) as response:
                    content = await response.read() if response.status == 200 else None
            except ClientError:
                content = None
        if content is None:
            return self._error(call, 400, "Bad Request: cannot fetch the photo")
        return self._sent(call, str(params.get("chat_id") or ""), caption, photo_url=url, photo=content)

    async def _m_sendChatAction(self, call: ZaloCall, params: dict[str, Any]) -> web.Response:
        return self._ok(call, True)

    def _sent(
        self,
        call: ZaloCall,
        chat_id: str,
        text: str,
        *,
        photo_url: str | None = None,
        photo: bytes | None = None,
    ) -> web.Response:
        if not chat_id:
            return self._error(call, 400, "Bad Request: chat_id is required")
        if chat_id in self.unknown_chats:
            return self._error(call, 404, "Not Found")
        sent = ZaloSent(_hex_id(), chat_id, text, photo_url, photo)
        self.sent.append(sent)
        if self.echo_sends:
            self.pending.append(
                self._update(chat_id, self.bot_id, self.bot_name, "message.text.received", text=text)
            )
        return self._ok(call, {"message_id": sent.message_id, "date": self._stamp()})

    def _stamp(self) -> int:
        """Now by `clock`, in epoch milliseconds, rounded up: a message typed once a reply came is never
        stamped before it by a fraction of a millisecond."""
        value = self.clock()
        return math.ceil((value.timestamp() if isinstance(value, datetime) else value) * 1000)

    def _update(
        self, chat_id: str, from_id: str, name: str, event: str, *, is_bot: bool = False, **content: Any
    ) -> dict[str, Any]:
        message = {
            "date": self._stamp(),
            "chat": {"chat_type": "PRIVATE", "id": chat_id},
            "message_id": _hex_id(),
            "from": {"id": from_id, "is_bot": is_bot or from_id == self.bot_id, "display_name": name},
            **content,
        }
        return {"event_name": event, "message": message}


class FakeZaloUser:
    """A person writing to the bot in a private chat (their chat id is their user id, as on Zalo)."""

    def __init__(self, zalo: FakeZalo, user_id: str, name: str) -> None:
        self.zalo = zalo
        self.id = user_id
        self.name = name
        self.last_date: int | None = None  # the `date` of the last message sent, epoch milliseconds

    def block(self) -> None:
        """Block the bot (or delete the account): Zalo no longer finds this chat for the bot's sends."""
        self.zalo.unknown_chats.add(self.id)

    async def send(self, text: str) -> str:
        """Type `text`; the message id of the update."""
        return await self._send("message.text.received", text=text)

    async def send_photo(
        self,
        content: bytes,
        caption: str | None = None,
        *,
        docs_shape: bool = False,
        expired: bool = False,
        link: str | None = None,
        seconds_later: float | None = None,
    ) -> str:
        """Send a picture: `photo_url` as in real traffic, or `photo` as the docs say (`docs_shape`);
        `expired`: its link no longer works by the time the bot fetches it; `link`: a forged update naming
        that link instead of Zalo's; `seconds_later`: its `date` that many seconds after the last message's
        (else the clock's)."""
        url = link or self.zalo.media_url(content)
        if expired:
            self.zalo.media.pop(url.rsplit("/", 1)[1])
        fields: dict[str, Any] = (
            {"photo": url} if docs_shape else {"photo_url": url, "message_type": "CHAT_PHOTO"}
        )
        if caption is not None:
            fields["caption"] = caption
        return await self._send("message.image.received", seconds_later=seconds_later, **fields)

    async def send_sticker(self) -> str:
        return await self._send("message.sticker.received", sticker="abc123")

    async def send_voice(self) -> str:
        return await self._send("message.voice.received", voice_url=f"{self.zalo.base_url}/_media/voice.aac")

    async def send_location(self) -> str:
        """A location shared from the chat's “+” (an event the docs do not list: named as Zalo names the
        others)."""
        return await self._send(
            "message.location.received", location={"latitude": 21.03, "longitude": 105.85}
        )

    async def send_unsupported(self) -> str:
        return await self._send("message.unsupported.received")

    async def _send(self, event: str, *, seconds_later: float | None = None, **content: Any) -> str:
        update = self.zalo._update(self.id, self.id, self.name, event, **content)
        if seconds_later is not None and self.last_date is not None:
            update["message"]["date"] = self.last_date + int(seconds_later * 1000)
        self.last_date = update["message"]["date"]
        await self.zalo.push(update)
        return str(update["message"]["message_id"])

    def messages(self) -> list[ZaloSent]:
        return self.zalo.delivered(self.id)


async def _params(request: web.Request) -> dict[str, Any]:
    """JSON or form-encoded (the official SDK sends forms), like Zalo."""
    body = await request.read()
    if not body:
        return {}
    if request.content_type == "application/json":
        try:
            loaded = json.loads(body)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}
    return dict(await request.post())
