"""Two kinds of failure, kept apart: a database that is busy or briefly unreachable (try the same thing again
later, apologise to nobody) and everything else (a bug or an input we did not foresee: roll back, apologise,
never retry it)."""

from __future__ import annotations

import socket

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock, lock not available, the server
# shutting down or starting, too many connections; class 08 is every connection exception.
_RETRY_STATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300"}
# SQLite says these when another connection holds the lock or the file cannot be opened for a moment.
_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked", "unable to open")


def is_transient(error: BaseException) -> bool:
    """True when the same work can succeed if tried again in a moment, unchanged."""
    if isinstance(error, ConnectionError | TimeoutError | socket.gaierror):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    state = _sqlstate(error.orig)
    if state is not None:
        return state in _RETRY_STATES or state.startswith("08")
    if isinstance(error.orig, ConnectionError | TimeoutError | OSError):
        return True
    return isinstance(error, OperationalError) and any(words in str(error.orig) for words in _SQLITE_BUSY)


def _sqlstate(orig: BaseException | None) -> str | None:
    """The SQLSTATE of a driver error: asyncpg's errors carry it as `sqlstate` (SQLAlchemy's asyncpg adapter
    wraps them, keeping the original as `__cause__`)."""
    for candidate in (orig, getattr(orig, "__cause__", None)):
        state = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(state, str):
            return state
    return None
