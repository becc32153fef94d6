"""an index on a contribution's giver and drive (`ix_contribution_person_drive`): “who has not given to this
drive” looks each person up by both, whatever order the other indexes were made in. Without it SQLite took the
drive's index for that look-up whenever that index had been made before the giver's (the order varies from one
database to another): an appeal's preview to 7,000 who had not given took 10 s instead of 0.05 s
(docs/performance.md, an appeal to 10,000 people).

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_contribution_person_drive", "contribution", ["person_id", "drive_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_contribution_person_drive", table_name="contribution")
