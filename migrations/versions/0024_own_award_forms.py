"""an organisation's own award forms and the plan's forms it does not use, from its settings file
(docs/decisions/0073)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("award_form", schema=None) as batch_op:
        batch_op.add_column(sa.Column("own", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("description", sa.String(length=1000), nullable=True))
    with op.batch_alter_table("award_form", schema=None) as batch_op:
        batch_op.alter_column("own", server_default=None)
    op.create_table(
        "award_form_use",
        sa.Column("id", _ID, nullable=False),
        sa.Column("award_form_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_form_id"],
            ["award_form.id"],
            name=op.f("fk_award_form_use_award_form_id_award_form"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_form_use")),
        sa.UniqueConstraint("award_form_id", "year", name=op.f("uq_award_form_use_award_form_id_year")),
    )


def downgrade() -> None:
    forms = sa.table("award_form", sa.column("own", sa.Boolean()))
    held = op.get_bind().scalar(sa.select(sa.func.count()).select_from(forms).where(forms.c.own))
    if held:  # an organisation's own form would pass for the plan's: never blurred to fit an older schema
        raise RuntimeError(f"{held} award form(s) are an organisation's own, which revision 0023 cannot hold")
    op.drop_table("award_form_use")
    with op.batch_alter_table("award_form", schema=None) as batch_op:
        batch_op.drop_column("description")
        batch_op.drop_column("own")
