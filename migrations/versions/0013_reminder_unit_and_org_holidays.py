"""a reminder keeps the unit its person was in when it was sent (the digest counts per unit without joining
`person`); an organisation's own holidays from its settings file

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy on SQLite (see 0012).
    op.add_column("reminder", sa.Column("unit_id", sa.BigInteger(), nullable=True))
    # Reminders already sent count for their person's unit, as the digest counted them so far.
    op.execute(
        "UPDATE reminder SET unit_id = (SELECT person.unit_id FROM person WHERE person.id = reminder.person_id) "
        "WHERE sent_at IS NOT NULL"
    )
    op.create_table(
        "org_holiday",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_org_holiday_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_holiday")),
    )
    op.create_index("ix_org_holiday_org_year", "org_holiday", ["org_id", "year"])


def downgrade() -> None:
    op.drop_index("ix_org_holiday_org_year", table_name="org_holiday")
    op.drop_table("org_holiday")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), as in 0012.
    op.drop_column("reminder", "unit_id")
