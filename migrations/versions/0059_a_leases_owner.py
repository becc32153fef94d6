"""an outbox row's lease knows whose it is: `outbox.lease_owner`, the id of the sender that claimed it last
(docs/decisions/1530). A sender's renewal before a late send, its outcome and the leases it frees on handing
over ask for its own id, so a sender stalled past its lease, whose row a new leader took meanwhile, neither
sends it a second time nor writes over the new holder's lease. NULL: claimed before this revision, or never.

Revision ID: 0059
Revises: 0058
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0059"
down_revision: str | None = "0058"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, nullable: no table copy on SQLite, no rewrite on PostgreSQL. A row leased as this runs
    # has no owner: a sender running older code finishes it as before (its statements ask no owner), and a
    # sender of this revision that claims it writes its own.
    op.add_column("outbox", sa.Column("lease_owner", sa.String(length=40), nullable=True))


def downgrade() -> None:
    # Who held a lease is forgotten; the leases themselves stay (`lease_until`) and run out as before. A plain
    # DROP COLUMN (SQLite 3.35+): no index or trigger names it.
    op.drop_column("outbox", "lease_owner")
