"""the credit of a bank statement a donor's gift was recorded from (`contribution.bank_credit`: the day, the
amount, the occurrence among identical lines and the description folded), unique in its organisation among
the gifts standing: two treasurers recording one credit at the same moment make one gift
(docs/decisions/0244).

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0045"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STANDING = "bank_credit IS NOT NULL AND status <> 'rejected'"


# Plain ALTER TABLE on both databases: a batch's copy of the table on SQLite would drop the triggers that keep
# who gave (0039).
def upgrade() -> None:
    op.add_column("contribution", sa.Column("bank_credit", sa.String(100), nullable=True))
    op.create_index(
        "uq_contribution_bank_credit",
        "contribution",
        ["org_id", "bank_credit"],
        unique=True,
        sqlite_where=sa.text(_STANDING),
        postgresql_where=sa.text(_STANDING),
    )


def downgrade() -> None:
    op.drop_index("uq_contribution_bank_credit", table_name="contribution")
    op.drop_column("contribution", "bank_credit")
