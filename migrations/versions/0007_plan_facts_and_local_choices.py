"""plan facts apart from local choices: criteria keep their wording and source, the Fund criterion and Fund
drives, milestones as precise as the plan, one-off and local deadlines, suggested targets and registration
windows per organisation and year

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # The plan's wording and citation; the Fund criterion. The old default targets were never a plan's
    # (nor an organisation's) figure: they go, and an organisation sets suggestions of its own.
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("fund_only", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_column("default_target")
    op.execute("UPDATE criterion SET fund_only = (code = 'ung-ho-quy')")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.alter_column("fund_only", server_default=None)

    # Fund drives: of the drives the earlier plan files made, only the peak month's raised money for the Fund.
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fund", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE drive SET fund = (code LIKE 'cao-diem-%')")
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.alter_column("fund", server_default=None)

    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(sa.Column("precision", sa.String(length=5), nullable=False, server_default="day"))
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.alter_column("precision", server_default=None)

    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("local", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.alter_column("local", server_default=None)

    op.create_table(
        "suggested_target",
        sa.Column("id", _ID, nullable=False),
        sa.Column("criterion_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_suggested_target_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggested_target")),
        sa.UniqueConstraint("criterion_id", "year", name=op.f("uq_suggested_target_criterion_id_year")),
    )
    op.create_index(
        op.f("ix_suggested_target_criterion_id"), "suggested_target", ["criterion_id"], unique=False
    )
    op.create_table(
        "registration_window",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_registration_window_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_window")),
        sa.UniqueConstraint("org_id", "year", name=op.f("uq_registration_window_org_id_year")),
    )
    op.create_index(
        op.f("ix_registration_window_org_id"), "registration_window", ["org_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_registration_window_org_id"), table_name="registration_window")
    op.drop_table("registration_window")
    op.drop_index(op.f("ix_suggested_target_criterion_id"), table_name="suggested_target")
    op.drop_table("suggested_target")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_column("local")
        batch_op.drop_column("year")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_column("precision")
    with op.batch_alter_table("drive", schema=None) as batch_op:
        batch_op.drop_column("fund")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("default_target", sa.BigInteger(), nullable=True))
        batch_op.drop_column("fund_only")
        batch_op.drop_column("source")
        batch_op.drop_column("description")
