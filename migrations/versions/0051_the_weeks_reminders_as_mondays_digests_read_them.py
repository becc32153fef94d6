"""the week's reminders as Monday's digests read them: `ix_reminder_org_sent` (organisation, when sent) also
holds the unit and when the reminder was acted on, so the digests count each unit's reminders sent and acted
on from the index alone, no longer looking every one up in the table (docs/decisions/0390)

Revision ID: 0051
Revises: 0050
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0051"
down_revision: str | None = "0050"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain DROP and CREATE INDEX (no batch copy on SQLite): the table and its triggers stay as they are.
    op.drop_index("ix_reminder_org_sent", table_name="reminder")
    op.create_index("ix_reminder_org_sent", "reminder", ["org_id", "sent_at", "unit_id", "acted_at"])


def downgrade() -> None:
    op.drop_index("ix_reminder_org_sent", table_name="reminder")
    op.create_index("ix_reminder_org_sent", "reminder", ["org_id", "sent_at"])
