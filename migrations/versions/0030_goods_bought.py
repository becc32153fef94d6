"""goods bought with the money of the drive or the Fund they are paid from: a support's and a gift round's
goods counted as money spent, not as goods received given on (docs/decisions/0099)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every support and round logged before: goods given on from what was received, as they were counted.
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bought", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("gift_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goods_bought", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    supports = sa.table("case_support", sa.column("bought", sa.Boolean()))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(supports).where(supports.c.bought.is_(sa.true()))
    )
    if held:  # revision 0029 would count them as goods received and given on: every balance would move
        raise RuntimeError(
            f"{held} support(s) are goods bought with a drive's or the Fund's money, which revision 0029 "
            "cannot tell from goods given on: the balances it shows would change"
        )
    with op.batch_alter_table("gift_round", schema=None) as batch_op:
        batch_op.drop_column("goods_bought")
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.drop_column("bought")
