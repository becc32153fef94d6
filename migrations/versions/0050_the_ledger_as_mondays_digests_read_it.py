"""an index of the standing ledger as Monday's digests read it (`contribution` by organisation, unit, kind and
giver, every column of the digests' one pass, rejected entries left out): the pass reads it in order, no
longer the whole table sorted (docs/decisions/0360)

Revision ID: 0050
Revises: 0049
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0050"
down_revision: str | None = "0049"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "org_id",
    "unit_id",
    "kind",
    "person_id",
    "year",
    "status",
    "created_at",
    "drive_id",
    "amount_vnd",
    "labour_days",
    "reverses_id",
]
STANDING = "status <> 'rejected'"


def upgrade() -> None:
    # A plain CREATE INDEX (no batch copy on SQLite): the contribution table's count triggers stay.
    op.create_index(
        "ix_contribution_ledger",
        "contribution",
        COLUMNS,
        unique=False,
        sqlite_where=sa.text(STANDING),
        postgresql_where=sa.text(STANDING),
    )


def downgrade() -> None:
    op.drop_index("ix_contribution_ledger", table_name="contribution")
