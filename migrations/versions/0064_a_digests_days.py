"""a weekly digest keeps the first day it counted (`outbox.counts_from`, docs/decisions/2730): /baocao says the
days of the digest that went last as it counted them, not worked out again from when the organisation's digests
before it were written, which reached back over a week the job looked at and wrote no digest for. None: every
other message, and every digest written before this revision, read as before.

On PostgreSQL only, an index of the outbox's key for reading it by its beginning (`key LIKE 'digest:7:%'`,
docs/decisions/2731): the key's unique index serves LIKE only under the "C" collation, so /baocao's reads of the
digests' rows scanned the whole outbox. SQLite's LIKE ignores case and uses no index: nothing there.

Revision ID: 0064
Revises: 0063
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0064"
down_revision: str | None = "0063"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable ADD COLUMN: no table copy on SQLite, no rewrite on PostgreSQL.
    op.add_column("outbox", sa.Column("counts_from", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_outbox_key_pattern", "outbox", ["key"], postgresql_ops={"key": "varchar_pattern_ops"}
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_outbox_key_pattern", table_name="outbox")
    # A digest's days are worked out again as revision 0063 did. A plain DROP COLUMN (SQLite 3.35+): no index,
    # constraint or trigger names it.
    op.drop_column("outbox", "counts_from")
