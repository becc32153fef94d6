"""a labour day keeps the day it was worked: `contribution.worked_on` (docs/decisions/2105), the day the
officer says at “Ngày công của nhiều người”, read on the gift's look-up and in the ledger book (2106). NULL:
money and goods, every entry recorded before this revision, and labour days logged where the day is not asked;
these read as before.

Revision ID: 0061
Revises: 0060
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0061"
down_revision: str | None = "0060"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable ADD COLUMN: no table copy on SQLite, no rewrite on PostgreSQL; no index names it.
    op.add_column("contribution", sa.Column("worked_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # The days stay, counted as before; only the day they were worked is forgotten. A plain DROP COLUMN
    # (SQLite 3.35+): no index, constraint or trigger names it.
    op.drop_column("contribution", "worked_on")
