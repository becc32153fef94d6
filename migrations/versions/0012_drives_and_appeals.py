"""drives officers run (the units they cover, closing) and appeals to chosen audiences; a person's
"no appeals" choice; the organisation's setting on whether leaders see who has not given

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy on SQLite: copying `person` or `organisation` drops the old table,
    # and with foreign keys on, that would cascade into every row that refers to it.
    op.add_column("drive", sa.Column("unit_ids", sa.JSON(), nullable=True))
    op.add_column("drive", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("person", sa.Column("appeals_off", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column(
        "organisation",
        sa.Column("leaders_see_non_givers", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name == "postgresql":  # SQLite keeps the default: changing it needs a copy
        op.alter_column("person", "appeals_off", server_default=None)
        op.alter_column("organisation", "leaders_see_non_givers", server_default=None)

    op.create_table(
        "appeal",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("drive_id", _ID, nullable=True),
        sa.Column("created_by", _ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo", sa.String(length=300), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("follow_up_of", _ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('written', 'cancelled')", name=op.f("ck_appeal_status")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_appeal_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["drive_id"], ["drive.id"], name=op.f("fk_appeal_drive_id_drive")),
        sa.ForeignKeyConstraint(["created_by"], ["person.id"], name=op.f("fk_appeal_created_by_person")),
        sa.ForeignKeyConstraint(["follow_up_of"], ["appeal.id"], name=op.f("fk_appeal_follow_up_of_appeal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal")),
        sa.UniqueConstraint("follow_up_of", name=op.f("uq_appeal_follow_up_of")),
    )
    op.create_index(op.f("ix_appeal_org_id"), "appeal", ["org_id"], unique=False)
    op.create_index(op.f("ix_appeal_drive_id"), "appeal", ["drive_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_appeal_drive_id"), table_name="appeal")
    op.drop_index(op.f("ix_appeal_org_id"), table_name="appeal")
    op.drop_table("appeal")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), for the same reason as above.
    op.drop_column("organisation", "leaders_see_non_givers")
    op.drop_column("person", "appeals_off")
    op.drop_column("drive", "closed_at")
    op.drop_column("drive", "unit_ids")
