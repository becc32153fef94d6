"""Logging set-up: secrets (bot token, webhook secret) are masked in every line, tracebacks too."""

from __future__ import annotations

import logging

from bot.config import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: list[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self.secrets:
            line = line.replace(secret, "***")
        return line


def secrets_of(settings: Settings) -> list[str]:
    found = []
    for value in (settings.telegram_bot_token, settings.telegram_webhook_secret):
        if value is not None:
            secret = value.get_secret_value()
            found.append(secret)
            # the part after "id:" is the secret half of a bot token; mask it even when printed alone
            found.append(secret.split(":", 1)[-1])
    return found


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets_of(settings)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    if settings.log_level.upper() != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)
