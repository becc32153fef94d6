"""an invite says who joins with it: staff (a person) or a household (docs/decisions/0039)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy on SQLite (see 0012). Every invite made so far is for staff.
    op.add_column("invite", sa.Column("kind", sa.String(length=20), nullable=False, server_default="staff"))
    if op.get_bind().dialect.name == "postgresql":  # SQLite keeps the default: changing it needs a copy
        op.alter_column("invite", "kind", server_default=None)


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), as in 0012.
    op.drop_column("invite", "kind")
