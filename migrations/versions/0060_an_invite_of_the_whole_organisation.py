"""an invite may grant its role for the whole organisation: `invite.org_wide` (docs/decisions/1814). The
joiner's own unit stays the invite's unit; the treasurer's or officer's role it grants is of every unit, as
`chungtay people grant … --org-wide` gives it by name. False: every invite made before this revision, each of
its unit as it was.

Revision ID: 0060
Revises: 0059
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0060"
down_revision: str | None = "0059"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN with a constant default: no table copy on SQLite, no rewrite on PostgreSQL (11+).
    op.add_column("invite", sa.Column("org_wide", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # An organisation-wide code becomes its unit's again: those who joined with it keep the roles they were
    # granted (role_assignment), and whoever joins later gets the role for the code's unit. A plain DROP
    # COLUMN (SQLite 3.35+): no index or trigger names it.
    op.drop_column("invite", "org_wide")
