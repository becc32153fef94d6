"""the public statement's name consent, hardship cases and the support they received

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_name", sa.Boolean(), nullable=True))

    op.create_table(
        "hardship_case",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("subject", sa.String(length=12), nullable=False),
        sa.Column("person_id", _ID, nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("created_by", _ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("subject IN ('member', 'household')", name=op.f("ck_hardship_case_subject")),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_hardship_case_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_hardship_case_person_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["person.id"],
            name=op.f("fk_hardship_case_created_by_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_case")),
    )
    with op.batch_alter_table("hardship_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hardship_case_org_id"), ["org_id"], unique=False)

    op.create_table(
        "case_support",
        sa.Column("id", _ID, nullable=False),
        sa.Column("case_id", _ID, nullable=False),
        sa.Column("drive_id", _ID, nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("labour_days", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", _ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('money', 'goods', 'labour')", name=op.f("ck_case_support_kind")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hardship_case.id"],
            name=op.f("fk_case_support_case_id_hardship_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["drive_id"], ["drive.id"], name=op.f("fk_case_support_drive_id_drive"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["person.id"],
            name=op.f("fk_case_support_recorded_by_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_support")),
    )
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_support_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_id", _ID, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_drive_case_id_hardship_case"),
            "hardship_case",
            ["case_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_drive_case_id_hardship_case"), type_="foreignkey")
        batch_op.drop_column("case_id")
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_support_case_id"))
    op.drop_table("case_support")
    with op.batch_alter_table("hardship_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hardship_case_org_id"))
    op.drop_table("hardship_case")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("public_name")
