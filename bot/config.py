"""Every knob is an environment variable (or a line in `.env`); secrets stay SecretStr so they never print."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("vi", "en")  # the languages locales/ holds a catalog of (bot.i18n reads them)

# What BotFather shows is copied as it stands: "@ChungTayBot", "t.me/ChungTayBot", "https://t.me/ChungTayBot".
_LINK_TO_BOT = re.compile(r"^(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)/", re.IGNORECASE)
_BOT_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
# A messenger's bot token as BotFather or Zalo gives it: the bot's number, ":", its secret half.
_TOKEN_SHAPE = re.compile(r"(\d{5,}):[A-Za-z0-9_-]{10,}")


def t(message: str) -> str:
    """Marks words for the catalogs (bot.i18n) where they are written: kept in English with what refuses them,
    said in the office's language where an operator meets them (`Refused.said`, bot.startup.settings_lines,
    decision 1890). Given where a translator is asked for and none is, it is their English as written (`db
    copy`, the domain's tests)."""
    return message


class Refused(ValueError):
    """What the settings cannot be taken as: a value a setting cannot take, or a part that cannot start with
    them, where waiting will not help (a messenger refused the bot's token, the port is taken). Its words
    marked for the catalogs (`t`), with their fields; `str()` is the English, as pydantic and the log repeat
    it, the office's by `said`. Never a secret's value among the fields."""

    def __init__(self, words: str, *, marked: tuple[str, ...] = (), **fields: object) -> None:
        self.words, self.fields = words, {name: str(value) for name, value in fields.items()}
        self.marked = marked  # the fields that are words of the catalogs too (a port's reason, decision 1910)
        super().__init__(words.format(**self.fields))

    def said(self, words: Callable[[str], str]) -> str:
        fields = {name: words(value) if name in self.marked else value for name, value in self.fields.items()}
        return words(self.words).format(**fields)


def shown(typed: str) -> str:
    """A value refused, quoted as written, but for anything shaped as a bot token in it: its number alone
    (“'7012345678:***'”), as a token pasted on the wrong line is still a token (decision 1923)."""
    return _TOKEN_SHAPE.sub(r"\1:***", repr(typed))


def bot_username(typed: str | None) -> str | None:
    """TELEGRAM_BOT_USERNAME as every link wants it, the bare name ("ChungTayBot"); None when unset. A value
    that is no Telegram username once the link or the "@" around it is taken off is a ValueError."""
    if typed is None or not typed.strip():
        return None
    name = _LINK_TO_BOT.sub("", typed.strip()).lstrip("@").split("?")[0].rstrip("/")
    if _TOKEN_SHAPE.search(typed):  # BotFather's message gives both: the token pasted here (decision 1923)
        raise Refused(
            t(
                "is the bot's token, not its username: the token goes in TELEGRAM_BOT_TOKEN; here write the "
                "name BotFather gave, e.g. ChungTayBot"
            )
        )
    if not _BOT_USERNAME.fullmatch(name):
        raise Refused(
            t(
                "{typed} is not a Telegram bot's username: write the name BotFather gave, e.g. ChungTayBot "
                "(an @ or a t.me/ link around it is taken off)"
            ),
            typed=shown(typed.strip()),
        )
    return name


def listed(typed: object) -> object:
    """A list setting as people write it in .env: "7,3,1" (or "7 3 1", or one item alone, "2026-09-02"), or
    as JSON, "[7, 3, 1]"; blank is the empty list. The items are then read as the setting's type."""
    if not isinstance(typed, str):
        return typed
    text = typed.strip()
    if text.startswith("["):
        return json.loads(text)  # a JSON mistake is a ValueError: one line naming the setting
    return [item for item in re.split(r"[,;\s]+", text) if item]


def a_day(typed: object) -> object:
    """One day of HOLIDAYS, year first as JSON writes it ("2026-09-02") or as Vietnamese write it
    ("02/09/2026"), by the shell's one reader of dates (decision 0128)."""
    if not isinstance(typed, str):
        return typed
    from bot.domain.dates import DateError, parse_full_day

    try:
        return parse_full_day(typed)
    except DateError:
        raise Refused(
            t("{typed} is not a day with its year, e.g. HOLIDAYS=2026-09-01"), typed=shown(typed)
        ) from None


_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def public_address(typed: str) -> str:
    """PUBLIC_URL as links and QR codes need it: https:// and a host ("https://chungtay.example.vn"); plain
    http:// only for a bot tried on this machine (localhost, 127.0.0.1), where no link leaves it (decision
    0137)."""
    return https_address(typed.rstrip().rstrip("/"), "public_url")


def https_address(typed: str, setting: str) -> str:
    """An address a messenger's or a person's side reaches: https:// and a host, plain http:// only on this
    machine (localhost, 127.0.0.1); else Refused saying what the `setting` is for, with an example."""
    text = typed.strip()
    parts = urlsplit(text)
    if "@" in text.partition("://")[2] and "@" not in parts.netloc:
        # A name or password holding a / ? or # ends the host there (“https://bot:Pa55/word@host/…”): taken,
        # the start's line said the name as the host, or every command ended in a traceback quoting the
        # password's first part, and set-webhook printed it whole (decision 2080). Never the value.
        raise Refused(
            t(
                "the name or password before the host holds a /, ? or #, which ends the host there: write "
                "these signs as %2F, %3F and %23, e.g. bot:Pa55%2Fword@ for the password Pa55/word"
            )
        )
    if "#" in text:
        # A fragment is never sent to a server: Telegram and Zalo would post without it, or refuse the
        # address, and a link built on PUBLIC_URL would end inside it (decision 2140). Never the value.
        raise _refused(
            setting,
            t(
                "holds a #, and nothing after a # is ever sent to the server: write the address without it, "
                "e.g. {address}"
            ),
        )
    if "?" in text:
        # A query is no part of what the bot serves: a webhook's route is its path, so the messenger posts
        # it for nothing (or a proxy routes by it elsewhere), and a page's or a picture's path added to
        # PUBLIC_URL or ZALO_MEDIA_URL would land inside it (decision 2241). Never the value.
        raise _refused(
            setting,
            t(
                "holds a ?, but this address takes no query (what follows a ?): write the address without "
                "it, e.g. {address}"
            ),
        )
    try:
        port = parts.port  # a port that is no number is refused here, as the API's address's is (2054)
    except ValueError:
        raise _refused(setting, _REACHED[setting]) from None
    local = parts.scheme == "http" and parts.hostname in {"localhost", "127.0.0.1", "::1"}
    if not parts.hostname or port == 0 or not (parts.scheme == "https" or local):
        raise _refused(setting, _REACHED[setting])
    return text


def _refused(setting: str, words: str) -> Refused:
    """An address of `setting` refused with `words`, which end in one that works (`{address}`): the one
    example of each address, `_WORKING`'s, whatever was wrong with it."""
    return Refused(words, address=f"{setting.upper()}={_WORKING[setting]}")


def api_address(typed: str, setting: str) -> str:
    """A messenger's API address (TELEGRAM_API_BASE, ZALO_API_BASE): http:// or https://, a host, a port that
    is one. Taken unchecked, one written without its https:// was refused by the HTTP client at the first
    call, its words quoting the address with the token in its path, and `run` said nothing while it tried
    again (decision 2054). Plain http:// is taken anywhere: a Bot API server of one's own is often reached
    so."""
    text = typed.strip().rstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port  # a port that is no number, or out of range, is refused here
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname or port == 0:
        messenger, default = APIS[setting]
        raise Refused(
            t(
                "must be the address of {messenger}'s API: http:// or https:// and its host, e.g. "
                "{setting}={default}; unset, {messenger}'s own is used"
            ),
            messenger=messenger,
            setting=setting.upper(),
            default=default,
        )
    return text


# Each messenger's API address setting: the messenger's name and its own address, the setting's default.
APIS = {
    "telegram_api_base": ("Telegram", "https://api.telegram.org"),
    "zalo_api_base": ("Zalo", "https://bot-api.zaloplatforms.com"),
}

# What an address is for, said when it is not https://, ending in one that works (`_WORKING`'s).
_REACHED = {
    "public_url": t(
        "must be the https:// address at which people reach the bot's web pages, e.g. {address} (plain "
        "http:// only for localhost)"
    ),
    "telegram_webhook_url": t(
        "must be the https:// address at which Telegram sends updates, e.g. {address} (plain http:// only "
        "for localhost)"
    ),
    "zalo_webhook_url": t(
        "must be the https:// address at which Zalo sends updates, e.g. {address} (plain http:// only for "
        "localhost)"
    ),
    "zalo_media_url": t(
        "must be the https:// address at which Zalo fetches pictures, e.g. {address} (plain http:// only for "
        "localhost)"
    ),
}

# An address that works for each, the one example every refusal of it gives.
_WORKING = {
    "public_url": "https://chungtay.example.vn",
    "telegram_webhook_url": "https://chungtay.example.vn/telegram",
    "zalo_webhook_url": "https://chungtay.example.vn/zalo",
    "zalo_media_url": "https://chungtay.example.vn/media",
}

# The path each webhook is served at (bot/channels/*/webhook.py): its address must end in it (decision 1914).
_SERVED = {
    "telegram_webhook_url": (
        "/telegram",
        t("must end in /telegram, the path the bot serves, e.g. {address}"),
    ),
    "zalo_webhook_url": ("/zalo", t("must end in /zalo, the path the bot serves, e.g. {address}")),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'data' / 'chungtay.db'}"
    default_locale: str = "vi"
    # The largest single amount the bot accepts, in đồng (a typo guard, not a policy).
    money_cap: int = Field(10_000_000_000, ge=1)
    max_labour_days: int = Field(365, ge=1)
    # Quiet hours, local time: notices written from start:00 to end:00 wait until end:00.
    quiet_hours_start: int = Field(21, ge=0, le=23)
    quiet_hours_end: int = Field(7, ge=0, le=23)
    # An appeal to more people than this asks the officer to confirm a second time.
    appeal_confirm_above: int = Field(200, ge=1)
    telegram_bot_token: SecretStr | None = None
    telegram_bot_username: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_base: str = APIS["telegram_api_base"][1]
    # Telegram's flood limits for one bot: about 30 messages a second in all, 1 a second in one chat.
    telegram_per_second: int = Field(default=30, ge=1, le=10_000)
    telegram_per_chat_per_second: int = Field(default=1, ge=1, le=100)
    zalo_bot_token: SecretStr | None = None
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_api_base: str = APIS["zalo_api_base"][1]
    # The Zalo bot's name as people find it in Zalo (“Chung Tay – Trường ABC”), for the message a drive's
    # officer forwards to a group chat (Zalo has no deep links: decision 0109); unset: not named there.
    zalo_bot_name: str | None = None
    # Zalo publishes no rate limit: an even pace of our own, overall and per chat (a 429 pauses sending).
    zalo_per_second: int = Field(default=5, ge=1, le=1_000)
    zalo_per_chat_per_second: int = Field(default=1, ge=1, le=100)
    # A public https address serving MEDIA_DIR (Zalo's sendPhoto takes only a URL it can fetch); unset: a
    # picture goes to Zalo as text with a note.
    zalo_media_url: str | None = None
    web_host: str = "127.0.0.1"
    web_port: int = Field(8080, ge=1, le=65535)
    # The public https address at which this web server is reached (behind the reverse proxy), for the links
    # to a drive's public page (`<PUBLIC_URL>/congkhai/<key>`, docs/decisions/0102); unset: no link is given.
    public_url: str | None = None
    media_dir: Path = PROJECT_ROOT / "data" / "media"
    max_photo_bytes: int = Field(10 * 1024 * 1024, ge=1)
    # The largest file sent in the chat (a bank statement, .xlsx, .xls or .csv).
    max_file_bytes: int = Field(5 * 1024 * 1024, ge=1)
    log_level: str = "INFO"
    # The scheduler (scheduler/): how often due reminders are scanned, and how often a standby process tries
    # to become the leader (a killed leader is replaced within this many seconds).
    scheduler_scan_seconds: int = Field(60, ge=1, le=3600)
    scheduler_standby_seconds: int = Field(15, ge=1, le=60)
    # Reminders: the local hour they go out, days before the deadline for people who must act and for
    # optional ones, per-deadline overrides by code ({"bao-cao-ket-qua-2026": [5, 1]}), the cap of optional
    # reminders per person in a rolling 7 days, and days on which none go out (moved to the next day).
    reminder_hour: int = Field(8, ge=0, le=23)
    # (A day is 1 to 366 before the deadline: 0 or fewer read as “-2 days left” or reminded after it passed.)
    reminder_act_days: Annotated[list[Annotated[int, Field(ge=1, le=366)]], NoDecode] = [7, 3, 1]
    reminder_optional_days: Annotated[list[Annotated[int, Field(ge=1, le=366)]], NoDecode] = [7, 1]
    reminder_days_by_deadline: dict[str, list[int]] = {}
    reminder_optional_cap: int = Field(2, ge=0, le=50)
    holidays: Annotated[list[date], NoDecode] = []
    # Charts and statement sheets made for messages (media_dir/charts, media_dir/statements) are removed after
    # this many days by the daily job `files.cleanup`, unless a message not yet sent refers to one.
    generated_files_keep_days: int = Field(7, ge=1, le=3650)
    # The weekly digest's default local weekday (0 = Monday) and time; an organisation may set its own.
    digest_weekday: int = Field(0, ge=0, le=6)
    digest_time: str = Field("07:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")

    @field_validator(
        "telegram_bot_token",
        "telegram_webhook_url",
        "telegram_webhook_secret",
        "zalo_bot_token",
        "zalo_webhook_url",
        "zalo_webhook_secret",
        "zalo_bot_name",
        "zalo_media_url",
        "public_url",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`TELEGRAM_BOT_TOKEN=` (or spaces) in .env is no token at all, as if the line were not there."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("default_locale", mode="before")
    @classmethod
    def _a_language_of_ours(cls, value: object) -> object:
        """`vi` or `en` (`VI`, ` en ` alike): another gave new chats texts in no catalog's language."""
        if isinstance(value, str) and value.strip().lower() in LOCALES:
            return value.strip().lower()
        raise Refused(t("must be vi or en, the languages Chung Tay speaks, e.g. DEFAULT_LOCALE=vi"))

    @field_validator("log_level", mode="before")
    @classmethod
    def _a_logging_level(cls, value: object) -> object:
        """A level Python's logging knows, in any case (`info`, `Warning`); another stopped every command with
        a traceback when the logging was set up."""
        if isinstance(value, str) and value.strip().upper() in logging.getLevelNamesMapping():
            return value.strip().upper()
        raise Refused(t("must be DEBUG, INFO, WARNING, ERROR or CRITICAL, e.g. LOG_LEVEL=INFO"))

    @field_validator("reminder_act_days", "reminder_optional_days", mode="before")
    @classmethod
    def _as_listed(cls, value: object) -> object:
        return listed(value)

    @field_validator("holidays", mode="before")
    @classmethod
    def _days(cls, value: object) -> object:
        value = listed(value)
        return [a_day(item) for item in value] if isinstance(value, list) else value

    @field_validator("public_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        return public_address(value) if value is not None else None

    @field_validator("telegram_webhook_secret", "zalo_webhook_secret")
    @classmethod
    def _a_secret_the_messenger_takes(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        """Telegram takes 1–256 of A–Z, a–z, 0–9, `_` and `-`; Zalo 8–256 characters. Another was taken here
        and refused only by the messenger's setWebhook once the bot ran (decision 0284). Its value is never
        said."""
        if value is None:
            return None
        secret = value.get_secret_value()
        if info.field_name == "telegram_webhook_secret" and not _TELEGRAM_SECRET.fullmatch(secret):
            raise Refused(
                t(
                    "must be 1 to 256 letters, digits, _ or - (Telegram refuses spaces and other signs), "
                    "e.g. TELEGRAM_WEBHOOK_SECRET=k7Qw-2mZ_a-long-random-string"
                )
            )
        if info.field_name == "zalo_webhook_secret" and not 8 <= len(secret) <= 256:
            raise Refused(
                t(
                    "must be 8 to 256 characters (Zalo refuses others), "
                    "e.g. ZALO_WEBHOOK_SECRET=another-long-random-string"
                )
            )
        return value

    @field_validator("telegram_api_base", "zalo_api_base")
    @classmethod
    def _an_api(cls, value: str, info: ValidationInfo) -> str:
        return api_address(value, info.field_name or "")

    @field_validator("telegram_webhook_url", "zalo_webhook_url", "zalo_media_url")
    @classmethod
    def _reached_from_outside(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Telegram and Zalo send updates only to https:// (a plain http:// webhook was refused by Telegram at
        start, or by Zalo with no word), and Zalo fetches a picture only from https:// (decision 0205)."""
        if value is None:
            return None
        address = https_address(value, info.field_name or "")
        served = _SERVED.get(info.field_name or "")
        if served is not None and not urlsplit(address).path.endswith(served[0]):
            # Taken as written, the messenger posted there, where no worker serves: every update met a 404
            # while the bot said nothing (decision 1914). A proxy may serve it under a prefix
            # (https://…/chungtay/telegram); a slash after it is another path.
            raise _refused(info.field_name or "", served[1])
        return address

    @field_validator("telegram_bot_username", mode="before")
    @classmethod
    def _bare_bot_username(cls, value: object) -> object:
        return bot_username(value) if isinstance(value, str) else value


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
