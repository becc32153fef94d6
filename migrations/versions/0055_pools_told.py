"""the pools of the head's roll-up a reader without the units' money rights was told (`pool_told`): a unit
told inside one is said alone again only once three or more people have given in it since the last day it was
told (docs/decisions/0816). Empty at the upgrade: a pool nobody was told since needs no keeping.

Revision ID: 0055
Revises: 0054
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0055"
down_revision: str | None = "0054"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pool_told",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_pool_told_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pool_told")),
        sa.UniqueConstraint(
            "org_id", "year", "units", "told_on", name=op.f("uq_pool_told_org_id_year_units_told_on")
        ),
    )


def downgrade() -> None:
    # The pools told are forgotten: a unit held in one is said alone at once again, as before 0055.
    op.drop_table("pool_told")
