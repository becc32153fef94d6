"""a long leave keeps its reason: `person.away_reason` (docs/decisions/2315), "training" for staff away on
training (đi học, tập huấn, học chuyên khoa), as a staff list's training column or an officer says it, said as
training wherever the leave is said. NULL: a leave (maternity, sickness, secondment), every leave recorded before
this revision, and everyone at work; these read as before.

Revision ID: 0062
Revises: 0061
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0062"
down_revision: str | None = "0061"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable ADD COLUMN: no table copy on SQLite, no rewrite on PostgreSQL; no index names it.
    op.add_column("person", sa.Column("away_reason", sa.String(length=16), nullable=True))


def downgrade() -> None:
    # The leaves stay, to their days; only why is forgotten, read as leave again. A plain DROP COLUMN
    # (SQLite 3.35+): no index, constraint or trigger names it.
    op.drop_column("person", "away_reason")
