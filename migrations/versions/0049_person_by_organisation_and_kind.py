"""an index on the people of an organisation by kind (`person.org_id`, `person.kind`): whether an organisation
that never said its kind is a commune (`notices.is_commune`, asked by Monday's digests, the chat and the
shell), its hamlets and its donors from outside are found without reading every one of its people
(docs/decisions/0340)

Revision ID: 0049
Revises: 0048
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0049"
down_revision: str | None = "0048"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain CREATE INDEX (no batch copy on SQLite): the person table's count triggers stay.
    op.create_index("ix_person_org_kind", "person", ["org_id", "kind"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_person_org_kind", table_name="person")
