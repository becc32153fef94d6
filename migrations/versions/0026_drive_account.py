"""a drive's own receiving account: its bank (NAPAS BIN), account number and holder, all three or none, used
by its receipts, the giver's look-up and its statement instead of the organisation's (docs/decisions/0084)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place (no table copy on SQLite): contributions, appeals and reminders point at drives.
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transfer_bank", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("transfer_account", sa.String(length=19), nullable=True))
        batch_op.add_column(sa.Column("transfer_holder", sa.String(length=60), nullable=True))


def downgrade() -> None:
    drives = sa.table("drive", sa.column("transfer_bank", sa.String()))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(drives).where(drives.c.transfer_bank.is_not(None))
    )
    if held:  # its givers would be told the organisation's account: money sent where the drive's is not
        raise RuntimeError(
            f"{held} drive(s) have their own account, which revision 0025 cannot hold: set them back to the "
            "organisation's first (chungtay drive edit CODE --no-account)"
        )
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.drop_column("transfer_holder")
        batch_op.drop_column("transfer_account")
        batch_op.drop_column("transfer_bank")
