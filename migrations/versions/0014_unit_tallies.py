"""each unit's count of people, and of registrations per campaign year, kept by triggers (the weekly digest
reads them instead of counting every person each week; docs/decisions/0036)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# What changes a count: a person added, removed or moved to another unit (their registrations move with them);
# a registration made, removed, or moved to another person or campaign year (a merge of two records). A count
# goes up by an upsert (its row made on first use) and down by a plain UPDATE (never a row for a unit that is
# being deleted). The same rules, written once per database.
_POSTGRESQL = [
    """
    CREATE FUNCTION tally_person() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.unit_id IS NOT NULL THEN
            UPDATE unit_tally SET people = people - 1 WHERE unit_id = OLD.unit_id;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.unit_id IS NOT NULL THEN
            UPDATE unit_registrations AS r SET registered = r.registered - c.n
            FROM (SELECT campaign_id, year, count(*) AS n FROM commitment WHERE person_id = OLD.id
                  GROUP BY campaign_id, year) AS c
            WHERE r.unit_id = OLD.unit_id AND r.campaign_id = c.campaign_id AND r.year = c.year;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.unit_id IS NOT NULL THEN
            INSERT INTO unit_tally (unit_id, people) VALUES (NEW.unit_id, 1)
            ON CONFLICT (unit_id) DO UPDATE SET people = unit_tally.people + 1;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.unit_id IS NOT NULL THEN
            INSERT INTO unit_registrations (unit_id, campaign_id, year, registered)
            SELECT NEW.unit_id, campaign_id, year, count(*) FROM commitment WHERE person_id = NEW.id
            GROUP BY campaign_id, year
            ON CONFLICT (unit_id, campaign_id, year)
            DO UPDATE SET registered = unit_registrations.registered + excluded.registered;
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER tally_person_insert AFTER INSERT ON person FOR EACH ROW EXECUTE FUNCTION tally_person()",
    "CREATE TRIGGER tally_person_delete AFTER DELETE ON person FOR EACH ROW EXECUTE FUNCTION tally_person()",
    "CREATE TRIGGER tally_person_move AFTER UPDATE OF unit_id ON person FOR EACH ROW "
    "WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION tally_person()",
    """
    CREATE FUNCTION tally_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.person_id IS NOT NULL THEN
            UPDATE unit_registrations SET registered = registered - 1
            WHERE unit_id = (SELECT unit_id FROM person WHERE id = OLD.person_id)
              AND campaign_id = OLD.campaign_id AND year = OLD.year;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.person_id IS NOT NULL THEN
            INSERT INTO unit_registrations (unit_id, campaign_id, year, registered)
            SELECT unit_id, NEW.campaign_id, NEW.year, 1 FROM person
            WHERE id = NEW.person_id AND unit_id IS NOT NULL
            ON CONFLICT (unit_id, campaign_id, year)
            DO UPDATE SET registered = unit_registrations.registered + 1;
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER tally_commitment_insert AFTER INSERT ON commitment FOR EACH ROW "
    "EXECUTE FUNCTION tally_commitment()",
    "CREATE TRIGGER tally_commitment_delete AFTER DELETE ON commitment FOR EACH ROW "
    "EXECUTE FUNCTION tally_commitment()",
    "CREATE TRIGGER tally_commitment_change AFTER UPDATE OF person_id, campaign_id, year ON commitment "
    "FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.campaign_id IS DISTINCT FROM "
    "NEW.campaign_id OR OLD.year IS DISTINCT FROM NEW.year) EXECUTE FUNCTION tally_commitment()",
]

# SQLite: no functions, so each trigger carries its statements. "UPDATE OF" fires whenever the column is set,
# hence the WHEN on a real change.
_UP_PEOPLE = (
    "INSERT INTO unit_tally (unit_id, people) SELECT NEW.unit_id, 1 WHERE NEW.unit_id IS NOT NULL "
    "ON CONFLICT (unit_id) DO UPDATE SET people = people + 1;"
)
_DOWN_PEOPLE = "UPDATE unit_tally SET people = people - 1 WHERE unit_id = OLD.unit_id;"
_UP_REGISTERED = (
    "INSERT INTO unit_registrations (unit_id, campaign_id, year, registered) "
    "SELECT unit_id, NEW.campaign_id, NEW.year, 1 FROM person WHERE id = NEW.person_id AND unit_id IS NOT NULL "
    "ON CONFLICT (unit_id, campaign_id, year) DO UPDATE SET registered = registered + 1;"
)
_DOWN_REGISTERED = (
    "UPDATE unit_registrations SET registered = registered - 1 "
    "WHERE unit_id = (SELECT unit_id FROM person WHERE id = OLD.person_id) "
    "AND campaign_id = OLD.campaign_id AND year = OLD.year;"
)
_SQLITE = [
    f"CREATE TRIGGER tally_person_insert AFTER INSERT ON person BEGIN {_UP_PEOPLE} END",
    f"CREATE TRIGGER tally_person_delete AFTER DELETE ON person BEGIN {_DOWN_PEOPLE} END",
    "CREATE TRIGGER tally_person_move AFTER UPDATE OF unit_id ON person WHEN OLD.unit_id IS NOT NEW.unit_id "
    f"BEGIN {_DOWN_PEOPLE} {_UP_PEOPLE} "
    "UPDATE unit_registrations SET registered = registered - (SELECT count(*) FROM commitment AS c "
    "WHERE c.person_id = OLD.id AND c.campaign_id = unit_registrations.campaign_id "
    "AND c.year = unit_registrations.year) WHERE unit_id = OLD.unit_id; "
    "INSERT INTO unit_registrations (unit_id, campaign_id, year, registered) "
    "SELECT NEW.unit_id, campaign_id, year, count(*) FROM commitment "
    "WHERE person_id = NEW.id AND NEW.unit_id IS NOT NULL GROUP BY campaign_id, year "
    "ON CONFLICT (unit_id, campaign_id, year) DO UPDATE SET registered = registered + excluded.registered; "
    "END",
    f"CREATE TRIGGER tally_commitment_insert AFTER INSERT ON commitment BEGIN {_UP_REGISTERED} END",
    f"CREATE TRIGGER tally_commitment_delete AFTER DELETE ON commitment BEGIN {_DOWN_REGISTERED} END",
    "CREATE TRIGGER tally_commitment_change AFTER UPDATE OF person_id, campaign_id, year ON commitment "
    "WHEN OLD.person_id IS NOT NEW.person_id OR OLD.campaign_id IS NOT NEW.campaign_id "
    f"OR OLD.year IS NOT NEW.year BEGIN {_DOWN_REGISTERED} {_UP_REGISTERED} END",
]
_TRIGGERS = {
    "person": ("tally_person_insert", "tally_person_delete", "tally_person_move"),
    "commitment": ("tally_commitment_insert", "tally_commitment_delete", "tally_commitment_change"),
}


def upgrade() -> None:
    op.create_table(
        "unit_tally",
        sa.Column("unit_id", _ID, autoincrement=False, nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_unit_tally_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_unit_tally")),
    )
    op.create_table(
        "unit_registrations",
        sa.Column("unit_id", _ID, autoincrement=False, nullable=False),
        sa.Column("campaign_id", _ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_unit_registrations_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_unit_registrations_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("unit_id", "campaign_id", "year", name=op.f("pk_unit_registrations")),
    )
    # The counts of what is there already, then the triggers that keep them.
    op.execute(
        "INSERT INTO unit_tally (unit_id, people) "
        "SELECT unit_id, count(*) FROM person WHERE unit_id IS NOT NULL GROUP BY unit_id"
    )
    op.execute(
        "INSERT INTO unit_registrations (unit_id, campaign_id, year, registered) "
        "SELECT p.unit_id, c.campaign_id, c.year, count(*) FROM commitment AS c JOIN person AS p "
        "ON p.id = c.person_id WHERE p.unit_id IS NOT NULL GROUP BY p.unit_id, c.campaign_id, c.year"
    )
    for statement in _POSTGRESQL if op.get_bind().dialect.name == "postgresql" else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, triggers in _TRIGGERS.items():
        for trigger in triggers:
            op.execute(f"DROP TRIGGER {trigger} ON {table}" if postgresql else f"DROP TRIGGER {trigger}")
    if postgresql:
        op.execute("DROP FUNCTION tally_person()")
        op.execute("DROP FUNCTION tally_commitment()")
    op.drop_table("unit_registrations")
    op.drop_table("unit_tally")
