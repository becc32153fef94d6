"""A thin async client of the Zalo Bot Platform API (../shared/docs/zalo-bot-api.md), on httpx.

Our own, not a PyPI SDK: those point at the legacy host and swallow errors. What it guarantees:

- Every call reads the `{ok, result, error_code, description}` envelope, whatever the HTTP status: Zalo
  answers business errors with HTTP 200 and `ok: false`, and some proxies mirror the code in the status.
- A failure is one of two errors. `ZaloApiError`: Zalo answered in its own words (`code`, `description`).
  `ZaloUnavailable`: no answer in Zalo's words — the network, a timeout, or a page that is not JSON (the front
  proxy's HTML 429 when polled too fast); `status` is the HTTP status when there was one.
- The token is in every URL's path, so it never reaches an error or a log line: errors are raised `from None`
  with the method's name only, never the URL, and descriptions are masked in case a server quotes it.
- A picture's link comes in an update, which someone could forge: `download` fetches only https links to
  public addresses (`MediaRefused` otherwise: another scheme, a loopback, private or link-local address, a
  host that does not resolve), follows a redirect only to a link that passes the same check, and stops
  reading past the size bound. The name is resolved again when connecting, so the address the connection
  reached is checked too, before anything it answered is used (a name that answers a public address to the
  check and an internal one to the fetch gets nothing read). Only the configured API base's own origin is
  exempt (the fake server tests run on http://127.0.0.1).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

import httpx

DEFAULT_BASE = "https://bot-api.zaloplatforms.com"
CALL_TIMEOUT = 15.0
IDLE = 408  # getUpdates found nothing within its timeout: normal
QUOTA = 429
NOT_ZALOS = "an answer that is not Zalo's (a proxy's page?)"


class ZaloError(Exception):
    """Base of the client's errors; the message names the method and the code, never the URL."""

    def __init__(self, method: str, code: int | None, description: str) -> None:
        super().__init__(f"{method}: {code or '—'} {description}")
        self.method = method
        self.code = code
        self.description = description

    @property
    def quota(self) -> bool:
        """Zalo's "Quota exceeded", in JSON or as the proxy's HTML page: slow down."""
        return self.code == QUOTA


class ZaloApiError(ZaloError):
    """Zalo answered `ok: false` (`code` is its `error_code`)."""


class ZaloUnavailable(ZaloError):
    """No answer in Zalo's words (the network, a timeout, a page that is not JSON): worth trying later."""


class MediaGone(ZaloError):
    """A media link that no longer serves the file (they expire within minutes)."""


MAX_REDIRECTS = 3  # a media link's redirects followed, each checked as the link itself


class MediaRefused(MediaGone):
    """A media link the bot will not fetch (see `media_link_refusal`); `description` says why."""


def _origin(parts: SplitResult) -> tuple[str, str, int | None]:
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    except ValueError:  # a port that is not a number
        port = -1
    return parts.scheme, (parts.hostname or "").lower(), port


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def shown_link(url: str) -> str:
    """A link as a log may show it: scheme, host and path, never its query (a signature, a token)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"[:200]


@dataclass(frozen=True)
class Me:
    id: str
    name: str


@functools.cache
def verified_tls() -> ssl.SSLContext:
    """The TLS context every Zalo client of the process verifies the server with: httpx's own (certifi's
    bundle, or SSL_CERT_FILE / SSL_CERT_DIR where set), made once. Left to itself, httpx reads and parses the
    whole bundle again for each client, about 50 ms of processor a client (docs/decisions/2878); a context is
    safe to share between clients, threads and event loops."""
    return httpx.create_ssl_context()


class ZaloClient:
    def __init__(
        self, token: str, *, base: str = DEFAULT_BASE, http: httpx.AsyncClient | None = None
    ) -> None:
        if not token:
            raise ValueError("ZALO_BOT_TOKEN is not set")
        self._token = token
        self._base = base.rstrip("/")
        self._http = http or httpx.AsyncClient(timeout=CALL_TIMEOUT, verify=verified_tls())

    async def close(self) -> None:
        await self._http.aclose()

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, timeout: float = CALL_TIMEOUT
    ) -> Any:
        """One API call; its `result`, or a ZaloError."""
        url = f"{self._base}/bot{self._token}/{method}"
        try:
            response = await self._http.post(url, json=params or {}, timeout=timeout)
        except httpx.HTTPError as problem:
            raise ZaloUnavailable(method, None, f"network: {type(problem).__name__}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or "ok" not in body:
            raise ZaloUnavailable(method, response.status_code, NOT_ZALOS)
        if body.get("ok") is not True:
            code = body.get("error_code") or response.status_code
            raise ZaloApiError(
                method, int(code), self._masked(str(body.get("description") or "no description"))
            )
        return body.get("result")

    def _masked(self, text: str) -> str:
        secret = self._token.split(":", 1)[-1]
        return text.replace(self._token, "***").replace(secret, "***")[:120]

    # --- the methods the bot uses ----------------------------------------------------------------------
    async def get_me(self) -> Me:
        result = await self.call("getMe")
        return Me(id=str(result.get("id", "")), name=str(result.get("account_name") or ""))

    async def get_updates(self, timeout: int = 30) -> Any:
        """What one long poll returns: one update (some clients see a list); raises ZaloApiError 408 when
        nothing came within `timeout` seconds. The update is consumed: Zalo never returns it again."""
        return await self.call("getUpdates", {"timeout": str(timeout)}, timeout=timeout + CALL_TIMEOUT)

    async def set_webhook(self, url: str, secret: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any] | None:
        """The webhook's settings, or None when none is set (Zalo answers 404 then)."""
        try:
            result = await self.call("getWebhookInfo")
        except ZaloApiError as problem:
            if problem.code == 404:
                return None
            raise
        return result if isinstance(result, dict) else {}

    async def send_message(self, chat_id: str, text: str) -> str:
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return str((result or {}).get("message_id", ""))

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> str:
        params = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption
        result = await self.call("sendPhoto", params)
        return str((result or {}).get("message_id", ""))

    def _exempt(self, parts: SplitResult) -> bool:
        return _origin(parts) == _origin(urlsplit(self._base))

    def peer_refusal(self, url: str, response: httpx.Response) -> str | None:
        """Why the bot will not use what `response` brought, or None: the address the connection actually
        reached must be public too (the name may have answered the check with another one)."""
        if self._exempt(urlsplit(url)):
            return None
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if not peer or not _public(str(peer[0])):
            return "the connection reached an address that is not public"
        return None

    async def media_link_refusal(self, url: str) -> str | None:
        """Why the bot will not fetch `url`, or None: only https to a host whose every address is public
        (not loopback, private, link-local, shared or reserved), or the API base's own origin."""
        parts = urlsplit(url)
        if self._exempt(parts):
            return None
        if parts.scheme != "https":
            return f"scheme {parts.scheme or 'none'!r} is not https"
        host = parts.hostname
        if not host or _origin(parts)[2] == -1:
            return "no host or a bad port"
        try:
            found = await asyncio.get_running_loop().getaddrinfo(
                host, _origin(parts)[2], type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            return "the host does not resolve"
        if not found or not all(_public(str(info[4][0])) for info in found):
            return "the host is not a public address"
        return None

    async def download(self, url: str, limit: int) -> bytes | None:
        """The file at a media link (no token involved), or None when it is over `limit` bytes. A link the
        bot will not fetch raises MediaRefused, before anything is asked; a link that no longer serves it,
        MediaGone; the network or a server error, ZaloUnavailable. A redirect (a CDN's) is followed only to
        a link that passes the same check, at most MAX_REDIRECTS of them. Each answer is used only when the
        connection that brought it reached a public address (`peer_refusal`)."""
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                refused = await self.media_link_refusal(url)
                if refused is not None:
                    raise MediaRefused("download", None, refused)
                async with self._http.stream(
                    "GET", url, timeout=CALL_TIMEOUT, follow_redirects=False
                ) as response:
                    if (refused := self.peer_refusal(url, response)) is not None:
                        raise MediaRefused("download", None, refused)
                    if response.status_code >= 500:
                        raise ZaloUnavailable("download", response.status_code, "the media server failed")
                    if response.status_code >= 400:
                        raise MediaGone("download", response.status_code, "the media link no longer works")
                    if response.is_redirect:
                        url = str(response.next_request.url) if response.next_request else ""
                        continue
                    if response.status_code >= 300:
                        raise MediaGone("download", response.status_code, "the media link no longer works")
                    content = bytearray()
                    async for chunk in response.aiter_bytes():
                        content += chunk
                        if len(content) > limit:
                            return None
                    return bytes(content)
            raise MediaRefused("download", None, f"more than {MAX_REDIRECTS} redirects")
        except httpx.HTTPError as problem:
            raise ZaloUnavailable("download", None, f"network: {type(problem).__name__}") from None
