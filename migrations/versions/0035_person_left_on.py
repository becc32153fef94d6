"""the day a person left the organisation (retired, moved away, died): NULL while they are at work. Someone
who left is counted among no unit's people nor its registrations, by the triggers that keep those counts
(0014, 0017), which now take a leaving or a coming back as a move out of the unit or into it
(docs/decisions/0118)

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The rules of 0017, with one more: a person counts in their unit only while `left_on` is NULL. Leaving is
# then a move to no unit (their registrations with them), coming back a move into it; a registration made,
# removed or moved while its person is gone changes no count. Written once per database, as before; the
# downgrade writes 0017's rules back from the same text, without the condition (`gone` False).


def _postgresql(gone: bool) -> list[str]:
    old, new = (" AND OLD.left_on IS NULL", " AND NEW.left_on IS NULL") if gone else ("", "")
    at_work, at_work_p = (" AND left_on IS NULL", " AND p.left_on IS NULL") if gone else ("", "")
    columns = "unit_id, kind, left_on" if gone else "unit_id, kind"
    came_or_went = " OR (OLD.left_on IS NULL) <> (NEW.left_on IS NULL)" if gone else ""
    return [
        f"""
    CREATE OR REPLACE FUNCTION tally_person() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.unit_id IS NOT NULL{old} THEN
            UPDATE unit_tally SET people = people - 1,
                households = households - CASE WHEN OLD.kind = 'household' THEN 1 ELSE 0 END
            WHERE unit_id = OLD.unit_id;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.unit_id IS NOT NULL{old} THEN
            UPDATE unit_registrations AS r SET registered = r.registered - c.n,
                households = r.households - CASE WHEN OLD.kind = 'household' THEN c.n ELSE 0 END
            FROM (SELECT campaign_id, year, count(*) AS n FROM commitment WHERE person_id = OLD.id
                  GROUP BY campaign_id, year) AS c
            WHERE r.unit_id = OLD.unit_id AND r.campaign_id = c.campaign_id AND r.year = c.year;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.unit_id IS NOT NULL{new} THEN
            INSERT INTO unit_tally (unit_id, people, households)
            VALUES (NEW.unit_id, 1, CASE WHEN NEW.kind = 'household' THEN 1 ELSE 0 END)
            ON CONFLICT (unit_id) DO UPDATE
            SET people = unit_tally.people + 1, households = unit_tally.households + excluded.households;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.unit_id IS NOT NULL{new} THEN
            INSERT INTO unit_registrations (unit_id, campaign_id, year, registered, households)
            SELECT NEW.unit_id, campaign_id, year, count(*),
                CASE WHEN NEW.kind = 'household' THEN count(*) ELSE 0 END
            FROM commitment WHERE person_id = NEW.id
            GROUP BY campaign_id, year
            ON CONFLICT (unit_id, campaign_id, year) DO UPDATE
            SET registered = unit_registrations.registered + excluded.registered,
                households = unit_registrations.households + excluded.households;
        END IF;
        RETURN NULL;
    END $$
    """,
        "DROP TRIGGER tally_person_change ON person",
        f"CREATE TRIGGER tally_person_change AFTER UPDATE OF {columns} ON person FOR EACH ROW "
        "WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.kind IS DISTINCT FROM NEW.kind"
        f"{came_or_went}) EXECUTE FUNCTION tally_person()",
        f"""
    CREATE OR REPLACE FUNCTION tally_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.person_id IS NOT NULL THEN
            UPDATE unit_registrations AS r SET registered = r.registered - 1,
                households = r.households - CASE WHEN p.kind = 'household' THEN 1 ELSE 0 END
            FROM person AS p
            WHERE p.id = OLD.person_id{at_work_p} AND r.unit_id = p.unit_id
              AND r.campaign_id = OLD.campaign_id AND r.year = OLD.year;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.person_id IS NOT NULL THEN
            INSERT INTO unit_registrations (unit_id, campaign_id, year, registered, households)
            SELECT unit_id, NEW.campaign_id, NEW.year, 1, CASE WHEN kind = 'household' THEN 1 ELSE 0 END
            FROM person WHERE id = NEW.person_id AND unit_id IS NOT NULL{at_work}
            ON CONFLICT (unit_id, campaign_id, year) DO UPDATE
            SET registered = unit_registrations.registered + 1,
                households = unit_registrations.households + excluded.households;
        END IF;
        RETURN NULL;
    END $$
    """,
    ]


# SQLite: each trigger carries its statements; a comparison is 0 or 1 there.
_MOVED_REGISTRATIONS = (
    "(SELECT count(*) FROM commitment AS c WHERE c.person_id = OLD.id "
    "AND c.campaign_id = unit_registrations.campaign_id AND c.year = unit_registrations.year)"
)


def _sqlite(gone: bool) -> list[str]:
    old, new = (" AND OLD.left_on IS NULL", " AND NEW.left_on IS NULL") if gone else ("", "")
    at_work = " AND left_on IS NULL" if gone else ""
    columns = "unit_id, kind, left_on" if gone else "unit_id, kind"
    came_or_went = " OR (OLD.left_on IS NULL) IS NOT (NEW.left_on IS NULL)" if gone else ""
    up_people = (
        "INSERT INTO unit_tally (unit_id, people, households) "
        f"SELECT NEW.unit_id, 1, NEW.kind = 'household' WHERE NEW.unit_id IS NOT NULL{new} "
        "ON CONFLICT (unit_id) DO UPDATE SET people = people + 1, "
        "households = households + excluded.households;"
    )
    down_people = (
        "UPDATE unit_tally SET people = people - 1, households = households - (OLD.kind = 'household') "
        f"WHERE unit_id = OLD.unit_id{old};"
    )
    up_registered = (
        "INSERT INTO unit_registrations (unit_id, campaign_id, year, registered, households) "
        "SELECT unit_id, NEW.campaign_id, NEW.year, 1, kind = 'household' FROM person "
        f"WHERE id = NEW.person_id AND unit_id IS NOT NULL{at_work} "
        "ON CONFLICT (unit_id, campaign_id, year) DO UPDATE SET registered = registered + 1, "
        "households = households + excluded.households;"
    )
    down_registered = (
        "UPDATE unit_registrations SET registered = registered - 1, "
        "households = households - (SELECT kind = 'household' FROM person WHERE id = OLD.person_id) "
        f"WHERE unit_id = (SELECT unit_id FROM person WHERE id = OLD.person_id{at_work}) "
        "AND campaign_id = OLD.campaign_id AND year = OLD.year;"
    )
    return [
        f"CREATE TRIGGER tally_person_insert AFTER INSERT ON person BEGIN {up_people} END",
        f"CREATE TRIGGER tally_person_delete AFTER DELETE ON person BEGIN {down_people} END",
        f"CREATE TRIGGER tally_person_change AFTER UPDATE OF {columns} ON person "
        f"WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.kind IS NOT NEW.kind{came_or_went} "
        f"BEGIN {down_people} {up_people} "
        f"UPDATE unit_registrations SET registered = registered - {_MOVED_REGISTRATIONS}, "
        f"households = households - (OLD.kind = 'household') * {_MOVED_REGISTRATIONS} "
        f"WHERE unit_id = OLD.unit_id{old}; "
        "INSERT INTO unit_registrations (unit_id, campaign_id, year, registered, households) "
        "SELECT NEW.unit_id, campaign_id, year, count(*), (NEW.kind = 'household') * count(*) "
        f"FROM commitment WHERE person_id = NEW.id AND NEW.unit_id IS NOT NULL{new} "
        "GROUP BY campaign_id, year "
        "ON CONFLICT (unit_id, campaign_id, year) DO UPDATE "
        "SET registered = registered + excluded.registered, households = households + excluded.households; "
        "END",
        f"CREATE TRIGGER tally_commitment_insert AFTER INSERT ON commitment BEGIN {up_registered} END",
        f"CREATE TRIGGER tally_commitment_delete AFTER DELETE ON commitment BEGIN {down_registered} END",
        "CREATE TRIGGER tally_commitment_change AFTER UPDATE OF person_id, campaign_id, year ON commitment "
        "WHEN OLD.person_id IS NOT NEW.person_id OR OLD.campaign_id IS NOT NEW.campaign_id "
        f"OR OLD.year IS NOT NEW.year BEGIN {down_registered} {up_registered} END",
    ]


_SQLITE_TRIGGERS = (
    "tally_person_insert",
    "tally_person_delete",
    "tally_person_change",
    "tally_commitment_insert",
    "tally_commitment_delete",
    "tally_commitment_change",
)


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite, see 0012): nobody has left yet, so no count changes.
    op.add_column("person", sa.Column("left_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        statements = _postgresql(gone=True)
    else:
        statements = [f"DROP TRIGGER {trigger}" for trigger in _SQLITE_TRIGGERS] + _sqlite(gone=True)
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    # Who left, and when, goes with the column (the audit rows keep it): everyone is counted again, by the
    # triggers of this revision bringing each one back into their unit before they are replaced.
    op.execute("UPDATE person SET left_on = NULL WHERE left_on IS NOT NULL")
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        for statement in _postgresql(gone=False):
            op.execute(statement)
    else:  # SQLite drops a column only where no trigger names it
        for trigger in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {trigger}")
    op.drop_column("person", "left_on")
    if not postgresql:
        for statement in _sqlite(gone=False):
            op.execute(statement)
