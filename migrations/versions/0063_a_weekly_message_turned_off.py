"""a person may turn her weekly message off (`reminder_preference.monday_off`, docs/decisions/2406): the
Monday digest of a leader or of the union's chair, and the treasurer's count of what waits for her (2405), are
not written for one who did, until she turns it on again (/nhacnho). False, the default: every row written before
this revision, and everyone without a row, is sent it as before.

Revision ID: 0063
Revises: 0062
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0063"
down_revision: str | None = "0062"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # An ADD COLUMN with a constant default: no table copy on SQLite, no rewrite on PostgreSQL 11+.
    op.add_column(
        "reminder_preference",
        sa.Column("monday_off", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    # Whoever turned it off is sent the weekly message again: revision 0062 knows no other way. A plain DROP
    # COLUMN (SQLite 3.35+): no index, constraint or trigger names it.
    op.drop_column("reminder_preference", "monday_off")
