"""The settings of a test's app, read once a process and copied for each test.

Building `Settings` reads the environment and validates every field: some five milliseconds, and the suite
builds an app thousands of times. What every test shares (no `.env` file, the environment the test process
started with) is read once; each test gets a deep copy (a test may change a setting of its app, even a list
in place) with its own values, each validated as `Settings` validates it."""

from __future__ import annotations

from typing import Any

from bot.config import Settings

# Read as the test process starts, before any test sets a variable of its own in the environment.
_SHARED = Settings(_env_file=None)  # type: ignore[call-arg]


def app_settings(**values: Any) -> Settings:
    """`Settings(**values, _env_file=None)`, without reading the environment again."""
    settings = _SHARED.model_copy(deep=True)
    for name, value in values.items():
        Settings.__pydantic_validator__.validate_assignment(settings, name, value)
    return settings
