"""households' standing in the commune's poverty review, year by year (poor, near-poor, newly out, none),
appended with who set it and when, never overwritten (docs/decisions/0110)

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "household_standing",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("person_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("standing", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("set_by", _ID, nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "standing IN ('poor', 'near_poor', 'out', 'none')", name=op.f("ck_household_standing_standing")
        ),
        sa.CheckConstraint("source IN ('file', 'chat')", name=op.f("ck_household_standing_source")),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_household_standing_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_household_standing_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by"], ["person.id"], name=op.f("fk_household_standing_set_by_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_standing")),
    )
    op.create_index("ix_household_standing_person_year", "household_standing", ["person_id", "year"])
    op.create_index("ix_household_standing_org_year", "household_standing", ["org_id", "year"])


def downgrade() -> None:
    # The standings recorded go with the table: the district's decisions they came from are on paper.
    op.drop_index("ix_household_standing_org_year", table_name="household_standing")
    op.drop_index("ix_household_standing_person_year", table_name="household_standing")
    op.drop_table("household_standing")
