"""Faults a test brings about inside a command's own process (tests/support/launcher.py's `prelude`): the
process forked from the launcher, everything imported, then the fault set before the command runs."""

from __future__ import annotations

import os
import signal
from typing import Any

from bot.domain import org_import


def import_killed_after_batches(batches: int) -> None:
    """`chungtay org import` kills itself with SIGKILL once `batches` batches are committed and the next one
    is written but not committed."""
    write_batch = org_import._write_batch
    written = 0

    async def write_then_die(*args: Any, **kwargs: Any) -> Any:
        nonlocal written
        result = await write_batch(*args, **kwargs)
        written += 1
        if written > batches:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    org_import._write_batch = write_then_die  # type: ignore[assignment]
