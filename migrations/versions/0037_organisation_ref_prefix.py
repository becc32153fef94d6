"""each organisation has its own reference-code prefix (`organisation.ref_prefix`, 2–6 capitals, unique), so its
codes run 1, 2, 3… without the gaps another organisation's gifts left in one shared sequence (docs/decisions/0140).
The first organisation keeps “CT”; each other one gets the letters of its code for its next codes. No code already
written changes: CT-2026-000005 stays what it is, and is still found.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-05
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0037"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _prefix(code: str, taken: set[str]) -> str:
    """As bot.db.models.ref_prefix_for on the day of this revision (a migration keeps its own copy)."""
    if not taken:
        return "CT"
    bare = unicodedata.normalize("NFD", code.replace("đ", "d").replace("Đ", "D"))
    letters = re.sub(r"[^A-Z]", "", "".join(ch for ch in bare if not unicodedata.combining(ch)).upper())
    base = (letters + "XX")[:2] if len(letters) < 2 else letters[:6]
    alphabet = string.ascii_uppercase
    for tail in ("", *alphabet, *(a + b for a in alphabet for b in alphabet)):
        prefix = base[: 6 - len(tail)] + tail
        if prefix not in taken | {"CT"}:
            return prefix
    raise ValueError(f"no reference prefix left for {code!r}")


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ref_prefix", sa.String(length=6), nullable=True))
    conn = op.get_bind()
    taken: set[str] = set()
    for org_id, code in conn.execute(sa.text("SELECT id, code FROM organisation ORDER BY id")).all():
        prefix = _prefix(code, taken)
        taken.add(prefix)
        conn.execute(
            sa.text("UPDATE organisation SET ref_prefix = :prefix WHERE id = :id"), {"prefix": prefix, "id": org_id}
        )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.alter_column("ref_prefix", existing_type=sa.String(length=6), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_organisation_ref_prefix"), ["ref_prefix"])


def downgrade() -> None:
    # The codes written under an organisation's own prefix stay as they are (unique still, and found by the
    # code); the shared sequence of revision 0036 goes on from its own counter, past any of them.
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_organisation_ref_prefix"), type_="unique")
        batch_op.drop_column("ref_prefix")
