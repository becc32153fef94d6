"""scheduler: job runs, reminders as rows, reminder preferences, digest schedule per organisation

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "job_run",
        sa.Column("job_id", sa.String(length=60), nullable=False),
        sa.Column("last_run_at", _AT, nullable=False),
        sa.Column("finished_at", _AT, nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_job_run")),
    )
    op.create_table(
        "reminder",
        sa.Column("id", _ID, nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("person_id", _ID, nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=True),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("must", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("due_at", _AT, nullable=False),
        sa.Column("ends_at", _AT, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("snoozes", sa.Integer(), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("sent_at", _AT, nullable=True),
        sa.Column("outbox_key", sa.String(length=160), nullable=True),
        sa.Column("acted_at", _AT, nullable=True),
        sa.Column("done_how", sa.String(length=10), nullable=True),
        sa.CheckConstraint(
            "status IN ('due', 'sent', 'skipped', 'done', 'cancelled')", name=op.f("ck_reminder_status")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_reminder_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_reminder_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("key", name=op.f("uq_reminder_key")),
    )
    op.create_index("ix_reminder_due", "reminder", ["status", "due_at"])
    op.create_index("ix_reminder_person_sent", "reminder", ["person_id", "sent_at"])
    op.create_index("ix_reminder_org_sent", "reminder", ["org_id", "sent_at"])
    op.create_table(
        "reminder_preference",
        sa.Column("person_id", _ID, nullable=False),
        sa.Column("optional_off", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_reminder_preference_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_reminder_preference")),
    )
    op.create_table(
        "org_schedule",
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("digest_weekday", sa.Integer(), nullable=False),
        sa.Column("digest_time", sa.String(length=5), nullable=False),
        sa.Column("show_names", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_org_schedule_org_id_organisation"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_org_schedule")),
    )


def downgrade() -> None:
    op.drop_table("org_schedule")
    op.drop_table("reminder_preference")
    op.drop_index("ix_reminder_org_sent", table_name="reminder")
    op.drop_index("ix_reminder_person_sent", table_name="reminder")
    op.drop_index("ix_reminder_due", table_name="reminder")
    op.drop_table("reminder")
    op.drop_table("job_run")
