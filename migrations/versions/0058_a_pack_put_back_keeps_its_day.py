"""a pack an officer held and put back in its source keeps its day (docs/decisions/1324): on the cancellation's
row, `kept` "back" with `kept_until` the day it was put back — held on any day before it, so a year closed
before it still reads the pack as held at its end, and the year it came back in reads it as money back. No
column changes: `kept` (String(10)) takes the new state. Rows put back before this revision stay null (their
day was not kept). The downgrade refuses while a row is "back": revision 0057 would still take its figure off
what was paid (a cancellation that is not "handed"), but name it neither among the cancellations put back
(`kept` null) nor among the packs held ("held"), and its day would be lost.

Revision ID: 0058
Revises: 0057
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0058"
down_revision: str | None = "0057"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # a state of `kept`, no column of its own


def downgrade() -> None:
    supports = sa.table("case_support", sa.column("kept", sa.String(length=10)))
    back = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(supports).where(supports.c.kept == "back")
    )
    if back:
        raise RuntimeError(
            f"{back} cancelled support(s) put back on a day kept, which revision 0057 cannot hold"
        )
