"""the outcome of an award proposal as the awards council or the level above decided it: awarded or not, the
decision's number and date, who recorded it and when (docs/decisions/0063)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PERSON_STANDS = sa.text("withdrawn_at IS NULL AND person_id IS NOT NULL")
_UNIT_STANDS = sa.text("withdrawn_at IS NULL AND person_id IS NULL")
_ORG_STANDS = sa.text("withdrawn_at IS NULL AND unit_id IS NULL")
_INDEXES = (
    ("uq_award_proposal_person", ["award_form_id", "year", "person_id"], _PERSON_STANDS),
    ("uq_award_proposal_unit", ["award_form_id", "year", "unit_id"], _UNIT_STANDS),
    ("uq_award_proposal_org", ["award_form_id", "year"], _ORG_STANDS),
)


def _drop_partial_indexes() -> None:
    # Dropped around the table's rebuild on SQLite and made again after, so their WHERE clauses survive it.
    for name, _columns, _where in _INDEXES:
        op.drop_index(name, table_name="award_proposal")


def _create_partial_indexes() -> None:
    for name, columns, where in _INDEXES:
        op.create_index(
            name, "award_proposal", columns, unique=True, sqlite_where=where, postgresql_where=where
        )


def upgrade() -> None:
    _drop_partial_indexes()
    with op.batch_alter_table("award_proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decision_ref", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("decision_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite")))
        batch_op.create_foreign_key(
            batch_op.f("fk_award_proposal_decided_by_person"), "person", ["decided_by"], ["id"]
        )
        batch_op.create_check_constraint("outcome", "outcome IN ('awarded', 'not_awarded')")
    _create_partial_indexes()


def downgrade() -> None:
    proposals = sa.table("award_proposal", sa.column("outcome", sa.String()))
    held = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(proposals).where(proposals.c.outcome.is_not(None))
    )
    if held:  # a decision recorded is part of the record: never dropped to fit an older schema
        raise RuntimeError(f"{held} award proposal(s) have an outcome that revision 0021 cannot hold")
    _drop_partial_indexes()
    with op.batch_alter_table("award_proposal", schema=None) as batch_op:
        batch_op.drop_constraint("outcome", type_="check")
        batch_op.drop_constraint(batch_op.f("fk_award_proposal_decided_by_person"), type_="foreignkey")
        batch_op.drop_column("decided_by")
        batch_op.drop_column("decision_on")
        batch_op.drop_column("decision_ref")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("outcome")
    _create_partial_indexes()
