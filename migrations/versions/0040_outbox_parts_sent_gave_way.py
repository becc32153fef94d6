"""an outbox row keeps how many parts of a long message the messenger took (`parts_sent`, with the last part's id in
`sent_id`), written after each part: a sender killed or failing between parts goes on from there instead of
sending the whole message again (docs/decisions/0175). And whether a row that kept failing while nothing else went
through gave way (`gave_way`): its chat's next message is tried past it, and decides whether the messenger works
(docs/decisions/0176).

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parts_sent", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("gave_way", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("gave_way")
        batch_op.drop_column("parts_sent")
