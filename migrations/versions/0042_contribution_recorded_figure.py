"""the figure a contribution was recorded with, kept when a treasurer confirms that another one arrived
(“Nhận số khác”): the entry then reads what arrived, and its look-up and the giver's notice what was recorded
(docs/decisions/0208).

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases: a batch's copy of the table on SQLite would drop the triggers that keep
# who gave (0039).
def upgrade() -> None:
    op.add_column("contribution", sa.Column("recorded_figure", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("contribution", "recorded_figure")
