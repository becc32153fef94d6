"""what an organisation is, as its admin says it (`chungtay org create --kind`, `chungtay org kind`): a commune
or an office; left unsaid (NULL) for every organisation already there, which is still told by its households
(docs/decisions/0255)

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("kind")
