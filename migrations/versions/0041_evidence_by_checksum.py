"""an index on the checksum of each evidence photo: the treasurer's queue, its last look and a gift's look-up find
another standing gift with the very same photo in one query for a whole page, by the checksum, rather than
reading every photo ever kept (docs/decisions/0200).

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_evidence_sha256"), "evidence", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_sha256"), table_name="evidence")
