"""a drive's public web page: the key of its link (`/congkhai/<key>`), None until an officer asks for it
(docs/decisions/0102)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place (no table copy on SQLite): contributions, appeals and reminders point at drives.
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_key", sa.String(length=32), nullable=True))
    op.create_index("ix_drive_public_key", "drive", ["public_key"], unique=True)


def downgrade() -> None:
    # Nothing is lost but the links given out, which stop working (a page shows only totals anyone may read).
    op.drop_index("ix_drive_public_key", table_name="drive")
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.drop_column("public_key")
