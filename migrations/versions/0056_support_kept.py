"""a support cancelled whose money the officer keeps to hand over later (docs/decisions/1202, 1210): on the
cancellation's row, `kept` — null: the money went back to its source, as every cancellation before; "held":
the officer who cancelled it holds the cash, out of the Fund; "handed": given later, on `kept_until`, the
support standing again — and `kept_until`, the day it was handed. Existing rows stay null: they were all said
as returned.

Revision ID: 0056
Revises: 0055
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0056"
down_revision: str | None = "0055"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kept", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("kept_until", sa.Date(), nullable=True))


def downgrade() -> None:
    supports = sa.table("case_support", sa.column("kept", sa.String(length=10)))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(supports).where(supports.c.kept.is_not(None))
    )
    if held:  # revision 0055 would read each as money back in the Fund, a pack held or given twice
        raise RuntimeError(f"{held} cancelled support(s) kept by an officer, which revision 0055 cannot hold")
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.drop_column("kept_until")
        batch_op.drop_column("kept")
