"""a support cancelled by an entry of its own: `reverses_id` names the support it cancels (its figures the
opposite), `reason` why — an absent recipient, a mistake — never an edit (docs/decisions/0103)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reverses_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")))
        batch_op.add_column(sa.Column("reason", sa.String(length=300), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_case_support_reverses_id"), ["reverses_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_case_support_reverses_id_case_support"), "case_support", ["reverses_id"], ["id"]
        )


def downgrade() -> None:
    supports = sa.table("case_support", sa.column("reverses_id", sa.BigInteger()))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(supports).where(supports.c.reverses_id.is_not(None))
    )
    if held:  # revision 0030 would read each cancellation as a payment of a negative amount
        raise RuntimeError(f"{held} support(s) cancel another, which revision 0030 cannot hold")
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_case_support_reverses_id_case_support"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_case_support_reverses_id"), type_="unique")
        batch_op.drop_column("reason")
        batch_op.drop_column("reverses_id")
