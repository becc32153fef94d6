"""goods handed over to the level above (biên bản bàn giao hiện vật): a handover (`remittance`) carries, beside
its money, the goods it handed over as the statement words them (`goods`), what they were worth when known
(`goods_vnd`, 0 when nobody knows) and whether they were all the drive's goods left (`goods_all`): the rice
and noodles of a relief or Tết drive handed to the commune's board leave the drive's “Còn lại”
(docs/decisions/0713). A money handover reads goods NULL, 0, false, as every handover before this one.

Revision ID: 0053
Revises: 0052
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0053"
down_revision: str | None = "0052"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases, three columns with their defaults: the handovers recorded before stay
# money handovers, untouched.
def upgrade() -> None:
    op.add_column("remittance", sa.Column("goods", sa.String(500), nullable=True))
    op.add_column(
        "remittance", sa.Column("goods_vnd", sa.BigInteger(), server_default=sa.text("0"), nullable=False)
    )
    op.add_column(
        "remittance", sa.Column("goods_all", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    # A goods handover would read as a handover of 0 ₫: they go, with their cancellations, before the columns.
    op.execute("DELETE FROM remittance WHERE goods IS NOT NULL AND reverses_id IS NOT NULL")
    op.execute("DELETE FROM remittance WHERE goods IS NOT NULL")
    op.drop_column("remittance", "goods_all")
    op.drop_column("remittance", "goods_vnd")
    op.drop_column("remittance", "goods")
