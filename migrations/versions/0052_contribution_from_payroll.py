"""a gift deducted from its giver's salary, recorded from a payroll's sheet, is marked so on the ledger
(`contribution.from_payroll`), no longer known only from its recording's audit row: the sheet's withdrawn
deductions, the last look's double, the handover list, /tiendo and the double's words read the column
(docs/decisions/0420). The deductions recorded before are marked from their audit rows, which keep the detail.

Revision ID: 0052
Revises: 0051
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0052"
down_revision: str | None = "0051"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The recording's audit row of a deduction (bot.domain.contributions.record_contribution, `payroll`): its
# details say {"payroll": true}, JSON text on SQLite, `json` on PostgreSQL.
_SAID = {
    "sqlite": "json_extract(a.details, '$.payroll') = 1",
    "postgresql": "(a.details ->> 'payroll') = 'true'",
}


# Plain ALTER TABLE on both databases: a batch's copy of the table on SQLite would drop the triggers that keep
# who gave (0039); an UPDATE of this column alone fires none of them (they watch other columns).
def upgrade() -> None:
    op.add_column(
        "contribution",
        sa.Column("from_payroll", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    said = _SAID[op.get_bind().dialect.name]
    # One statement on either database: the audit's rows of recorded gifts are found through its (entity,
    # entity_id) index, and a deduction's details are read only there.
    op.execute(
        "UPDATE contribution SET from_payroll = true WHERE id IN ("
        "SELECT a.entity_id FROM audit_log a WHERE a.entity = 'contribution' "
        f"AND a.action = 'contribution.record' AND {said})"
    )


def downgrade() -> None:
    # The audit rows keep the mark (history): revision 0051 reads it from there again.
    op.drop_column("contribution", "from_payroll")
