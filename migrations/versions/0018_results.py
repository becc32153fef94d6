"""results: what was done toward a criterion measured as a count or a yes/no, self-reported by its owner (a
person, a household, or a unit's leader for the unit), withdrawn or set aside but never edited
(docs/decisions/0050)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "result",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("campaign_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("criterion_id", _ID, nullable=False),
        sa.Column("owner_key", sa.String(length=40), nullable=False),
        sa.Column("person_id", _ID, nullable=True),
        sa.Column("unit_id", _ID, nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("photo_sha256", sa.String(length=64), nullable=True),
        sa.Column("photo_path", sa.String(length=300), nullable=True),
        sa.Column("photo_size", sa.Integer(), nullable=True),
        sa.Column("recorded_by", _ID, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", _ID, nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.CheckConstraint("status IN ('standing', 'withdrawn', 'set_aside')", name=op.f("ck_result_status")),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_result_quantity")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_result_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_result_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_result_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_result_person_id_person")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_result_unit_id_unit")),
        sa.ForeignKeyConstraint(["recorded_by"], ["person.id"], name=op.f("fk_result_recorded_by_person")),
        sa.ForeignKeyConstraint(["closed_by"], ["person.id"], name=op.f("fk_result_closed_by_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result")),
    )
    op.create_index(op.f("ix_result_org_id"), "result", ["org_id"], unique=False)
    op.create_index(op.f("ix_result_person_id"), "result", ["person_id"], unique=False)
    op.create_index("ix_result_owner", "result", ["campaign_id", "year", "owner_key"], unique=False)
    op.create_index("ix_result_unit_year", "result", ["unit_id", "year"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_result_unit_year", table_name="result")
    op.drop_index("ix_result_owner", table_name="result")
    op.drop_index(op.f("ix_result_person_id"), table_name="result")
    op.drop_index(op.f("ix_result_org_id"), table_name="result")
    op.drop_table("result")
