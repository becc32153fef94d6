"""a confirmed entry's figure corrected in one step: the new entry names the one it replaces
(docs/decisions/0070)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("replaces_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_contribution_replaces_id_contribution"), "contribution", ["replaces_id"], ["id"]
        )
        batch_op.create_unique_constraint(batch_op.f("uq_contribution_replaces_id"), ["replaces_id"])


def downgrade() -> None:
    contributions = sa.table("contribution", sa.column("replaces_id", sa.BigInteger()))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(contributions).where(contributions.c.replaces_id.is_not(None))
    )
    if held:  # which entry a correction replaced is part of the record: never dropped to fit an older schema
        raise RuntimeError(f"{held} contribution(s) replace a corrected one, which revision 0022 cannot hold")
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_contribution_replaces_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_contribution_replaces_id_contribution"), type_="foreignkey")
        batch_op.drop_column("replaces_id")
