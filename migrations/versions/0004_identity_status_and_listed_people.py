"""identity status (active, blocked, removed); people on the staff list; one phone per organisation

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PHONE_SET = sa.text("phone IS NOT NULL")


def upgrade() -> None:
    # "blocked the bot" and "removed by an officer" become two states; every inactive identity so far was
    # marked by a 403, so it is blocked.
    with op.batch_alter_table("channel_identity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), nullable=False, server_default="active"))
    op.execute("UPDATE channel_identity SET status = CASE WHEN active THEN 'active' ELSE 'blocked' END")
    with op.batch_alter_table("channel_identity", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
        batch_op.drop_column("active")
        batch_op.create_check_constraint("status", "status IN ('active', 'blocked', 'removed')")

    # Listed people: those the staff list brought (a position or a phone, or never joined by invite).
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE person SET listed = (position IS NOT NULL OR phone IS NOT NULL OR consent_at IS NULL)"
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.alter_column("listed", server_default=None)
        batch_op.create_index(
            "uq_person_org_phone",
            ["org_id", "phone"],
            unique=True,
            sqlite_where=_PHONE_SET,
            postgresql_where=_PHONE_SET,
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("uq_person_org_phone")
        batch_op.drop_column("listed")
    with op.batch_alter_table("channel_identity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute("UPDATE channel_identity SET active = (status = 'active')")
    with op.batch_alter_table("channel_identity", schema=None) as batch_op:
        batch_op.alter_column("active", server_default=None)
        batch_op.drop_constraint("status", type_="check")
        batch_op.drop_column("status")
