"""an organisation's working Saturdays (its settings file's `[working_week]`, per year), and a reminder's status
`overtaken`: a nearer reminder of the same deadline was due with it after the bot was down, and only that one
was said (docs/decisions/0234)

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_BEFORE = "status IN ('due', 'sent', 'skipped', 'done', 'cancelled')"
_AFTER = "status IN ('due', 'sent', 'skipped', 'done', 'cancelled', 'overtaken')"


def upgrade() -> None:
    op.create_table(
        "org_week",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("saturday", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_org_week_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_week")),
        sa.UniqueConstraint("org_id", "year", name=op.f("uq_org_week_org_id_year")),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", _AFTER)


def downgrade() -> None:
    # An overtaken reminder was never said, as a cancelled one: it reads so once the status is gone.
    op.execute("UPDATE reminder SET status = 'cancelled' WHERE status = 'overtaken'")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", _BEFORE)
    op.drop_table("org_week")
