"""an award form's own column for whether the organisation's own head confers it (the plan's optional
`within_organisation`), where it had been folded into the dossier checklist's JSON (docs/decisions/0047)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FORMS = sa.table(
    "award_form",
    sa.column("id", sa.Integer()),
    sa.column("dossier", sa.JSON()),
    sa.column("within_organisation", sa.Boolean()),
)


def _read(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    with op.batch_alter_table("award_form", schema=None) as batch_op:
        batch_op.add_column(sa.Column("within_organisation", sa.Boolean(), nullable=True))
    connection = op.get_bind()
    for form_id, dossier in connection.execute(sa.select(_FORMS.c.id, _FORMS.c.dossier)).all():
        dossier = _read(dossier)
        if isinstance(dossier, dict):  # {"documents": [...], "within_organisation": bool}: split in two
            connection.execute(
                _FORMS.update()
                .where(_FORMS.c.id == form_id)
                .values(dossier=dossier["documents"], within_organisation=dossier.get("within_organisation"))
            )


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_FORMS.c.id, _FORMS.c.dossier, _FORMS.c.within_organisation).where(
            _FORMS.c.within_organisation.is_not(None)
        )
    ).all()
    for form_id, dossier, within in rows:
        folded = {"documents": _read(dossier), "within_organisation": within}
        connection.execute(_FORMS.update().where(_FORMS.c.id == form_id).values(dossier=folded))
    with op.batch_alter_table("award_form", schema=None) as batch_op:
        batch_op.drop_column("within_organisation")
