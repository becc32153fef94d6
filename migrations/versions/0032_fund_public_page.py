"""the Fund's public web page (outside the drives): the key of its link on the organisation, None until an
officer of the whole organisation asks for it (docs/decisions/0102)

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place (no table copy on SQLite): everything points at the organisation.
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fund_public_key", sa.String(length=32), nullable=True))
    op.create_index("ix_organisation_fund_public_key", "organisation", ["fund_public_key"], unique=True)


def downgrade() -> None:
    # Nothing is lost but the link given out, which stops working (the page shows only totals).
    op.drop_index("ix_organisation_fund_public_key", table_name="organisation")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("fund_public_key")
