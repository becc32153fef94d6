"""a leaving recorded ahead of its day: `person.leaves_on`, applied on that day by the scheduler's
`people.leavings` job through `mark_left`; `left_on` and its triggers are untouched, so the person counts as at
work until then (docs/decisions/0270)

Revision ID: 0048
Revises: 0047
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0048"
down_revision: str | None = "0047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite, see 0012 and 0035): the person table's count triggers stay.
    op.add_column("person", sa.Column("leaves_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # The planned leavings are forgotten (their audit rows `person.leaving_planned` keep them).
    # A plain DROP COLUMN (SQLite 3.35+): no trigger names it, and a batch copy would drop the count triggers.
    op.drop_column("person", "leaves_on")
