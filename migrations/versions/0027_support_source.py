"""where support to a hardship case was paid from: a drive's money (`drive_id`), the Fund outside the drives or
not from the Fund, so a drive's and the Fund's statements show what was spent and what is left
(docs/decisions/0094)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Support logged before keeps no source (NULL): nobody said it came from the Fund, so no balance falls.
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=10), nullable=True))
        batch_op.create_check_constraint("source", "source IN ('drive', 'fund', 'outside')")
        batch_op.create_index(batch_op.f("ix_case_support_drive_id"), ["drive_id"], unique=False)


def downgrade() -> None:
    supports = sa.table("case_support", sa.column("source", sa.String()))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(supports).where(supports.c.source.is_not(None))
    )
    if held:  # what a statement published as spent is part of the record: never dropped to fit an older schema
        raise RuntimeError(
            f"{held} support record(s) say where they were paid from, which revision 0026 cannot hold"
        )
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_support_drive_id"))
        batch_op.drop_constraint("source", type_="check")
        batch_op.drop_column("source")
