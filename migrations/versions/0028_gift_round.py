"""gift rounds: one package handed to many hardship cases at one ceremony (trao quà Tết), its supports tied to
it, so its signing list (danh sách ký nhận) can be printed again (docs/decisions/0095)

Revision ID: 0028
Revises: 0027
Create Date: 2027-01-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "gift_round",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("money_vnd", sa.BigInteger(), nullable=False),
        sa.Column("goods", sa.String(length=200), nullable=True),
        sa.Column("goods_value_vnd", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("drive_id", _ID, nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", _ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source IN ('drive', 'fund', 'outside')", name=op.f("ck_gift_round_source")),
        sa.ForeignKeyConstraint(
            ["drive_id"], ["drive.id"], name=op.f("fk_gift_round_drive_id_drive"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_gift_round_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["person.id"], name=op.f("fk_gift_round_recorded_by_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gift_round")),
        sa.UniqueConstraint("key", name=op.f("uq_gift_round_key")),
    )
    op.create_index(op.f("ix_gift_round_org_id"), "gift_round", ["org_id"], unique=False)
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round_id", _ID, nullable=True))
        batch_op.create_index(batch_op.f("ix_case_support_round_id"), ["round_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_case_support_round_id_gift_round"),
            "gift_round",
            ["round_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    # The supports stay (each is a payment a statement published); only which round they were handed in goes.
    with op.batch_alter_table("case_support", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_case_support_round_id_gift_round"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_case_support_round_id"))
        batch_op.drop_column("round_id")
    op.drop_index(op.f("ix_gift_round_org_id"), table_name="gift_round")
    op.drop_table("gift_round")
