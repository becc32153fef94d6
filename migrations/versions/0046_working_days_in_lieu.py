"""an organisation's Saturdays and Sundays worked in lieu of a day off (làm bù; its settings file's
`[[working_days]]`, per year): reminders go on them as on any working day (docs/decisions/0246)

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0046"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "org_working_day",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_org_working_day_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_working_day")),
        sa.UniqueConstraint("org_id", "year", "day", name=op.f("uq_org_working_day_org_id_year_day")),
    )


def downgrade() -> None:
    op.drop_table("org_working_day")
