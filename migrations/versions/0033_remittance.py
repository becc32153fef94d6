"""money handed over to the Fund for the Poor of the level above (nộp về cấp trên) from a drive or from the
Fund outside the drives: the board it went to, the day, the receipt's number and photo; cancelled by an entry
of its own, never edited (docs/decisions/0108)

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "remittance",
        sa.Column("id", big_id, nullable=False),
        sa.Column("org_id", big_id, nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("drive_id", big_id, nullable=True),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("board", sa.String(length=200), nullable=False),
        sa.Column("remitted_on", sa.Date(), nullable=False),
        sa.Column("receipt_no", sa.String(length=60), nullable=True),
        sa.Column("photo_sha256", sa.String(length=64), nullable=True),
        sa.Column("photo_path", sa.String(length=300), nullable=True),
        sa.Column("photo_size", sa.Integer(), nullable=True),
        sa.Column("recorded_by", big_id, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reverses_id", big_id, nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.CheckConstraint("source IN ('drive', 'fund')", name=op.f("ck_remittance_source")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_remittance_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["drive_id"], ["drive.id"], name=op.f("fk_remittance_drive_id_drive"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["person.id"], name=op.f("fk_remittance_recorded_by_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["remittance.id"], name=op.f("fk_remittance_reverses_id_remittance")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_remittance_reverses_id")),
    )
    op.create_index(op.f("ix_remittance_org_id"), "remittance", ["org_id"], unique=False)
    op.create_index(op.f("ix_remittance_drive_id"), "remittance", ["drive_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_remittance_drive_id"), table_name="remittance")
    op.drop_index(op.f("ix_remittance_org_id"), table_name="remittance")
    op.drop_table("remittance")
