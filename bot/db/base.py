"""Declarative base with a naming convention, so migrations name constraints the same on every database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def built_on(dialect: str) -> Callable[..., bool]:
    """Alembic's `include_object` for a database of `dialect`: an index the models build on another kind of
    database only (`Index(…).ddl_if(dialect=…)`: the outbox's key pattern index, PostgreSQL's alone, decision
    2731) is not compared there, so autogenerate finds nothing to do on either."""

    def included(item: Any, _name: str | None, type_: str, _reflected: bool, _compare_to: Any) -> bool:
        condition = getattr(item, "_ddl_if", None) if type_ == "index" else None
        return condition is None or condition.dialect is None or condition.dialect == dialect

    return included
