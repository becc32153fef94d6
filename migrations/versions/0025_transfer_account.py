"""where gifts of money are transferred: the organisation's bank (NAPAS BIN), account number and holder, shown on
a money gift's receipt with a VietQR code (docs/decisions/0081)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transfer_bank", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("transfer_account", sa.String(length=19), nullable=True))
        batch_op.add_column(sa.Column("transfer_holder", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("transfer_holder")
        batch_op.drop_column("transfer_account")
        batch_op.drop_column("transfer_bank")
