"""an invite code knows who made it in the chat (`created_by`, NULL: the shell) and can be withdrawn
(`withdrawn_at`, `withdrawn_by`): a leaked code, or one left open after everyone joined, lets nobody in any more
(docs/decisions/0131). Codes made in the chat before this revision take their maker from their audit row.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("invite", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by", _ID, nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by", _ID, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_invite_created_by_person"), "person", ["created_by"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_invite_withdrawn_by_person"), "person", ["withdrawn_by"], ["id"]
        )
    op.execute(
        "UPDATE invite SET created_by = (SELECT max(a.actor_id) FROM audit_log AS a "
        "WHERE a.action = 'invite.create' AND a.entity = 'invite' AND a.entity_id = invite.id)"
    )


def downgrade() -> None:
    # A withdrawn code would open again under revision 0035: it is closed for good instead (used up), and its
    # audit row keeps who withdrew it and why.
    op.execute("UPDATE invite SET max_uses = uses WHERE withdrawn_at IS NOT NULL")
    with op.batch_alter_table("invite", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invite_withdrawn_by_person"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_invite_created_by_person"), type_="foreignkey")
        batch_op.drop_column("withdrawn_by")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("created_by")
