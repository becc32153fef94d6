"""indexes for a person's progress on a large ledger

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index("ix_contribution_person_year")
        batch_op.create_index(
            "ix_contribution_person_totals",
            ["person_id", "year", "status", "kind", "amount_vnd", "labour_days"],
            unique=False,
        )
        batch_op.create_index("ix_contribution_person_latest", ["person_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index("ix_contribution_person_latest")
        batch_op.drop_index("ix_contribution_person_totals")
        batch_op.create_index("ix_contribution_person_year", ["person_id", "year"], unique=False)
