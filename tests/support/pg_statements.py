"""Which statements each PostgreSQL case sends the server, for choosing which cases to mark `sqlite_only`
(docs/decisions/2501). Not loaded by the suite; run a file's PostgreSQL cases with it:

    PG_STATEMENTS=/tmp/statements.jsonl .venv/bin/python -m pytest -p no:xdist \\
        -p tests.support.pg_statements tests/test_digests.py -k postgresql

One line a test: its id, the processor time pytest's process spent on it (`cpu`, seconds: the server's share
is not in it, docs/decisions/2706), and the statements its app and fixtures sent PostgreSQL, values and
lists of values folded to `?`, and the rows of a many-rows insert (`INSERT … SELECT … FROM (VALUES (…, 0),
(…, 1)) AS imp_sen`, SQLAlchemy's batches) folded to one `(?)` whatever their number: two rows or five are
one statement to the server (docs/decisions/2600). A PostgreSQL case whose statements other cases of its
file all send is a candidate; its data decides (the rule in the record)."""

from __future__ import annotations

import json
import os
import re
import resource
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

_VALUE = re.compile(r"\$\d+|%\(\w+\)s|\?")
_LIST = re.compile(r"\((\?(, )?)+\)")
_ROWS = re.compile(r"(\(\?\)(, )?)+")
_CAST_VALUE = r"\?::[A-Z][A-Z ]*?(?:\(\d+(?:, ?\d+)?\))?(?:\[\])?"
_CAST_ROW = re.compile(r"\((?:" + _CAST_VALUE + r", )*" + _CAST_VALUE + r"(?:, \d+)?\)")
_CAST_ROWS = re.compile(r"\(\?\)(?:, \(\?\))+")
_DATABASE = re.compile(r'"test_[0-9a-f]{16}"')
_seen: set[str] | None = None


def folded(statement: str) -> str:
    """The statement with its values, lists and rows of values (typed or not) and its test database's name
    folded."""
    text = _ROWS.sub("(?)", _LIST.sub("(?)", _VALUE.sub("?", statement)))
    text = _CAST_ROWS.sub("(?)", _CAST_ROW.sub("(?)", text))
    return _DATABASE.sub('"test_X"', re.sub(r"\s+", " ", text).strip())


@event.listens_for(Engine, "before_cursor_execute")
def _sent(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    if _seen is not None and conn.dialect.name == "postgresql":
        _seen.add(folded(statement))


def _cpu() -> float:
    """Processor time of pytest's process so far, user and system: what a case costs here, the server's
    share apart (docs/decisions/2500)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    global _seen
    _seen = set()
    before = _cpu()
    yield
    line = {"id": item.nodeid, "cpu": round(_cpu() - before, 3), "statements": sorted(_seen)}
    with open(os.environ.get("PG_STATEMENTS", "pg_statements.jsonl"), "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    _seen = None
