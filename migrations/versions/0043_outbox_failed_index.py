"""a partial index on the outbox rows given up (status `failed`): /healthz counts them on every check, so an
operator's monitor sees deliveries failing, without reading every message ever sent (docs/decisions/0213).

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_failed",
        "outbox",
        ["channel"],
        unique=False,
        sqlite_where=sa.text("status = 'failed'"),
        postgresql_where=sa.text("status = 'failed'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_outbox_failed",
        table_name="outbox",
        sqlite_where=sa.text("status = 'failed'"),
        postgresql_where=sa.text("status = 'failed'"),
    )
