"""a colleague away for a long time (maternity leave, long sick leave, a year's secondment): `person.away_until`,
the last day of her leave; until then no reminder or appeal is sent to her and the digests say her apart from
who has not taken part; the day after, everything goes on (docs/decisions/0740). NULL: at work, as everyone
before this one.

Revision ID: 0054
Revises: 0053
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0054"
down_revision: str | None = "0053"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite, see 0035 and 0048): the person table's count triggers stay.
    op.add_column("person", sa.Column("away_until", sa.Date(), nullable=True))
    # Those away, few among the staff: the digests' count of them reads these rows alone.
    op.create_index(
        "ix_person_org_away",
        "person",
        ["org_id", "away_until"],
        sqlite_where=sa.text("away_until IS NOT NULL"),
        postgresql_where=sa.text("away_until IS NOT NULL"),
    )


def downgrade() -> None:
    # The leaves recorded are forgotten (their audit rows `person.away` keep them). A plain DROP COLUMN (SQLite
    # 3.35+): no trigger names it, and a batch copy would drop the count triggers.
    op.drop_index("ix_person_org_away", table_name="person")
    op.drop_column("person", "away_until")
