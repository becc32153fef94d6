"""the organisation itself proposed for an award conferred above it: a proposal with no unit and no person,
one standing per award form and year (docs/decisions/0060)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_PERSON_STANDS = sa.text("withdrawn_at IS NULL AND person_id IS NOT NULL")
_UNIT_STANDS = sa.text("withdrawn_at IS NULL AND person_id IS NULL")
_ORG_STANDS = sa.text("withdrawn_at IS NULL AND unit_id IS NULL")


def _drop_partial_indexes() -> None:
    # Dropped around the table's rebuild on SQLite and made again after, so their WHERE clauses survive it.
    op.drop_index("uq_award_proposal_unit", table_name="award_proposal")
    op.drop_index("uq_award_proposal_person", table_name="award_proposal")


def _create_partial_indexes() -> None:
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


def upgrade() -> None:
    _drop_partial_indexes()
    with op.batch_alter_table("award_proposal", schema=None) as batch_op:
        batch_op.alter_column("unit_id", existing_type=_ID, nullable=True)
    _create_partial_indexes()
    op.create_index(
        "uq_award_proposal_org",
        "award_proposal",
        ["award_form_id", "year"],
        unique=True,
        sqlite_where=_ORG_STANDS,
        postgresql_where=_ORG_STANDS,
    )


def downgrade() -> None:
    proposals = sa.table("award_proposal", sa.column("unit_id", _ID))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(proposals).where(proposals.c.unit_id.is_(None))
    )
    if held:  # a proposal is part of the record: never dropped to fit an older schema
        raise RuntimeError(
            f"{held} proposal(s) of the organisation itself have no unit to stand in revision 0020"
        )
    op.drop_index("uq_award_proposal_org", table_name="award_proposal")
    _drop_partial_indexes()
    with op.batch_alter_table("award_proposal", schema=None) as batch_op:
        batch_op.alter_column("unit_id", existing_type=_ID, nullable=False)
    _create_partial_indexes()
