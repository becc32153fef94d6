"""Every knob is an environment variable (or a line in `.env`); secrets stay SecretStr so they never print."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'data' / 'chungtay.db'}"
    default_locale: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    # The largest single amount the bot accepts, in đồng (a typo guard, not a policy).
    money_cap: int = 10_000_000_000
    max_labour_days: int = 365
    # Quiet hours, local time: notices written from start:00 to end:00 wait until end:00.
    quiet_hours_start: int = Field(21, ge=0, le=23)
    quiet_hours_end: int = Field(7, ge=0, le=23)
    # An appeal to more people than this asks the officer to confirm a second time.
    appeal_confirm_above: int = Field(200, ge=1)
    telegram_bot_token: SecretStr | None = None
    telegram_bot_username: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    # Telegram's flood limits for one bot: about 30 messages a second in all, 1 a second in one chat.
    telegram_per_second: int = Field(default=30, ge=1, le=10_000)
    telegram_per_chat_per_second: int = Field(default=1, ge=1, le=100)
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    media_dir: Path = PROJECT_ROOT / "data" / "media"
    max_photo_bytes: int = 10 * 1024 * 1024
    log_level: str = "INFO"


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
