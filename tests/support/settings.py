"""The tests' `Settings` remember what their sources read (decision 0182).

Every test builds its `Settings` (the `settings` fixture, `any_app`, each CLI command run in the test
process). pydantic-settings reads them anew each time: it asks every source (the arguments, the environment,
the `.env` file, the secrets folder) about every field, working out each field's annotation again on each
call, which took 15–40 ms a `Settings` on the two-core machine.

`remember_settings_sources` keeps, for each distinct set of inputs, the values the sources gave. The inputs
are what the sources were built from: the arguments, the variables the environment source read from the
process's environment, the variables the `.env` source read from its file (each source loads them when it is
made, before this is asked), and their options. The same inputs give the same values; any other input (one
more variable, a `.env` line, another argument) is a new key and is read as before. The values are still
validated by pydantic on every `Settings`, so a bad value fails exactly as it does in production. A secrets
folder is read each time (files may change under it), as are inputs that cannot be compared.

pydantic-settings has no public hook for this: it wraps the class method `_settings_build_values`, and checks
that it exists (a later pydantic-settings without it fails the suite's start, never silently)."""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from bot.config import Settings

# What a source was built from, besides the class and the shared state pydantic-settings fills in as it goes.
_NOT_INPUTS = {"settings_cls", "config", "_current_state", "_settings_sources_data", "_init_state"}


def _frozen(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    hash(value)  # TypeError for what cannot be compared: not remembered
    return (type(value), value)


def _inputs(sources: tuple[Any, ...], init_kwargs: dict[str, Any]) -> Hashable | None:
    try:
        key = [_frozen(init_kwargs)]
        for source in sources:
            state = {name: value for name, value in vars(source).items() if name not in _NOT_INPUTS}
            if state.get("secrets_dir") is not None:
                return None
            key.append((type(source).__qualname__, _frozen(state)))
        return tuple(key)
    except TypeError:
        return None


@contextmanager
def remember_settings_sources() -> Iterator[None]:
    original = Settings.__dict__.get("_settings_build_values") or vars(Settings.__mro__[1]).get(
        "_settings_build_values"
    )
    assert isinstance(original, classmethod), "pydantic-settings changed"
    build = original.__func__
    remembered: dict[Hashable, dict[str, Any]] = {}

    def build_values(cls: type[Settings], sources: tuple[Any, ...], init_kwargs: dict[str, Any]) -> Any:
        key = _inputs(sources, init_kwargs) if cls is Settings else None
        if key is None:
            return build(cls, sources, init_kwargs)
        if key not in remembered:
            remembered[key] = build(cls, sources, init_kwargs)
        return copy.deepcopy(remembered[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Settings, "_settings_build_values", classmethod(build_values))
        yield
