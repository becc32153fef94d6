"""award proposals: a leader proposes a person or their unit for an award form of the campaign year; the office
compiles the dossier's list from them (docs/decisions/0047)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_PERSON_STANDS = sa.text("withdrawn_at IS NULL AND person_id IS NOT NULL")
_UNIT_STANDS = sa.text("withdrawn_at IS NULL AND person_id IS NULL")


def upgrade() -> None:
    op.create_table(
        "award_proposal",
        sa.Column("id", _ID, nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("award_form_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", _ID, nullable=False),
        sa.Column("person_id", _ID, nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("proposed_by", _ID, nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", _ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_award_proposal_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["award_form_id"],
            ["award_form.id"],
            name=op.f("fk_award_proposal_award_form_id_award_form"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_award_proposal_unit_id_unit")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_award_proposal_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["person.id"], name=op.f("fk_award_proposal_proposed_by_person")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by"], ["person.id"], name=op.f("fk_award_proposal_withdrawn_by_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_proposal")),
    )
    op.create_index(op.f("ix_award_proposal_person_id"), "award_proposal", ["person_id"], unique=False)
    op.create_index("ix_award_proposal_org_year", "award_proposal", ["org_id", "year"], unique=False)
    op.create_index(
        "uq_award_proposal_person",
        "award_proposal",
        ["award_form_id", "year", "person_id"],
        unique=True,
        sqlite_where=_PERSON_STANDS,
        postgresql_where=_PERSON_STANDS,
    )
    op.create_index(
        "uq_award_proposal_unit",
        "award_proposal",
        ["award_form_id", "year", "unit_id"],
        unique=True,
        sqlite_where=_UNIT_STANDS,
        postgresql_where=_UNIT_STANDS,
    )


def downgrade() -> None:
    op.drop_index("uq_award_proposal_unit", table_name="award_proposal")
    op.drop_index("uq_award_proposal_person", table_name="award_proposal")
    op.drop_index("ix_award_proposal_org_year", table_name="award_proposal")
    op.drop_index(op.f("ix_award_proposal_person_id"), table_name="award_proposal")
    op.drop_table("award_proposal")
