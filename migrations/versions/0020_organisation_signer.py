"""who signs the organisation's papers: the head's title (“Chủ tịch”, “Hiệu trưởng”, “Giám đốc”) and the body
they sign for (“TM. Ủy ban nhân dân”), both optional (docs/decisions/0056)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("head_title", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("signs_for", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("signs_for")
        batch_op.drop_column("head_title")
