"""who gave in a year, kept by triggers as the registrations are (docs/decisions/0174): each person's gifts of
the year (`person_gifts`), each unit's givers of the year (`unit_givers`), and of each unit's registrations,
those whose person also gave that year (`unit_registrations.gave`): the weekly digest reads who took part —
registered or gave — with the units, as it reads the registrations (docs/decisions/0166, 0036)

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The rules, kept apart from those of 0014/0017/0035 (their triggers are left as they are; these upsert the
# rows they share, so the order in which a database fires the triggers of one event does not matter):
# - An entry of the ledger weighs 1 in its person's gifts of its year (`contribution.year`, the year the
#   digest's sums count), a reversal entry -1 (it cancels the gift it reverses: that giver did not give it
#   after all), a rejected or withdrawn entry 0. An entry added, deleted, moved to another person (a merge) or
#   year, rejected or un-rejected changes `person_gifts` by its weight.
# - A person gave in a year while their gifts of it are above 0. When that changes (`person_gifts` crossing
#   0), their unit's givers of the year change by one, and so do `gave` of their registrations of that year —
#   where they count in a unit: a unit, and not left (decision 0118).
# - A person moved to another unit or none, made a household or staff, leaving or coming back, or removed:
#   their years with gifts leave the old unit's givers and join the new one's, and their registrations of
#   those years the old unit's `gave` for the new one's.
# - A registration made, removed, or moved to another person or campaign year: `gave` follows it where its
#   person gave in its year.
# A count goes up by an upsert (its row made on first use) and down by a plain UPDATE.
_WEIGHT = "CASE WHEN {r}.status = 'rejected' THEN 0 WHEN {r}.reverses_id IS NULL THEN 1 ELSE -1 END"
_ENTRY_CHANGED = (
    "OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.year IS DISTINCT FROM NEW.year "
    f"OR {_WEIGHT.format(r='OLD')} <> {_WEIGHT.format(r='NEW')}"
)
_PERSON_CHANGED = (
    "OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.kind IS DISTINCT FROM NEW.kind "
    "OR (OLD.left_on IS NULL) <> (NEW.left_on IS NULL)"
)

_POSTGRESQL = [
    f"""
    CREATE FUNCTION giving_contribution() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'rejected' THEN
            UPDATE person_gifts SET gifts = gifts - ({_WEIGHT.format(r="OLD")})
            WHERE person_id = OLD.person_id AND year = OLD.year;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'rejected' THEN
            INSERT INTO person_gifts (person_id, year, gifts)
            VALUES (NEW.person_id, NEW.year, {_WEIGHT.format(r="NEW")})
            ON CONFLICT (person_id, year) DO UPDATE SET gifts = person_gifts.gifts + excluded.gifts;
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER giving_contribution_insert AFTER INSERT ON contribution FOR EACH ROW "
    "EXECUTE FUNCTION giving_contribution()",
    "CREATE TRIGGER giving_contribution_delete AFTER DELETE ON contribution FOR EACH ROW "
    "EXECUTE FUNCTION giving_contribution()",
    "CREATE TRIGGER giving_contribution_change AFTER UPDATE OF person_id, year, status, reverses_id "
    f"ON contribution FOR EACH ROW WHEN ({_ENTRY_CHANGED}) EXECUTE FUNCTION giving_contribution()",
    """
    CREATE FUNCTION giving_person_gifts() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        delta integer := 0;
        giver bigint;
        in_year integer;
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.gifts > 0 THEN
            delta := delta - 1;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.gifts > 0 THEN
            delta := delta + 1;
        END IF;
        IF delta = 0 THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN
            giver := OLD.person_id;
            in_year := OLD.year;
        ELSE
            giver := NEW.person_id;
            in_year := NEW.year;
        END IF;
        INSERT INTO unit_givers (unit_id, year, givers, households)
        SELECT p.unit_id, in_year, delta, CASE WHEN p.kind = 'household' THEN delta ELSE 0 END
        FROM person AS p WHERE p.id = giver AND p.unit_id IS NOT NULL AND p.left_on IS NULL
        ON CONFLICT (unit_id, year) DO UPDATE
        SET givers = unit_givers.givers + excluded.givers,
            households = unit_givers.households + excluded.households;
        INSERT INTO unit_registrations
            (unit_id, campaign_id, year, registered, households, gave, households_gave)
        SELECT p.unit_id, c.campaign_id, c.year, 0, 0, delta,
            CASE WHEN p.kind = 'household' THEN delta ELSE 0 END
        FROM commitment AS c JOIN person AS p ON p.id = c.person_id
        WHERE c.person_id = giver AND c.year = in_year AND p.unit_id IS NOT NULL AND p.left_on IS NULL
        ON CONFLICT (unit_id, campaign_id, year) DO UPDATE
        SET gave = unit_registrations.gave + excluded.gave,
            households_gave = unit_registrations.households_gave + excluded.households_gave;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER giving_person_gifts_insert AFTER INSERT ON person_gifts FOR EACH ROW "
    "EXECUTE FUNCTION giving_person_gifts()",
    "CREATE TRIGGER giving_person_gifts_delete AFTER DELETE ON person_gifts FOR EACH ROW "
    "EXECUTE FUNCTION giving_person_gifts()",
    "CREATE TRIGGER giving_person_gifts_change AFTER UPDATE OF gifts ON person_gifts FOR EACH ROW "
    "WHEN ((OLD.gifts > 0) <> (NEW.gifts > 0)) EXECUTE FUNCTION giving_person_gifts()",
    """
    CREATE FUNCTION giving_person() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.unit_id IS NOT NULL AND OLD.left_on IS NULL THEN
            UPDATE unit_givers AS u SET givers = u.givers - 1,
                households = u.households - CASE WHEN OLD.kind = 'household' THEN 1 ELSE 0 END
            FROM person_gifts AS g
            WHERE g.person_id = OLD.id AND g.gifts > 0 AND u.unit_id = OLD.unit_id AND u.year = g.year;
            UPDATE unit_registrations AS r SET gave = r.gave - 1,
                households_gave = r.households_gave - CASE WHEN OLD.kind = 'household' THEN 1 ELSE 0 END
            FROM commitment AS c JOIN person_gifts AS g ON g.person_id = c.person_id AND g.year = c.year
            WHERE c.person_id = OLD.id AND g.gifts > 0
              AND r.unit_id = OLD.unit_id AND r.campaign_id = c.campaign_id AND r.year = c.year;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.unit_id IS NOT NULL AND NEW.left_on IS NULL THEN
            INSERT INTO unit_givers (unit_id, year, givers, households)
            SELECT NEW.unit_id, g.year, 1, CASE WHEN NEW.kind = 'household' THEN 1 ELSE 0 END
            FROM person_gifts AS g WHERE g.person_id = NEW.id AND g.gifts > 0
            ON CONFLICT (unit_id, year) DO UPDATE
            SET givers = unit_givers.givers + excluded.givers,
                households = unit_givers.households + excluded.households;
            INSERT INTO unit_registrations
                (unit_id, campaign_id, year, registered, households, gave, households_gave)
            SELECT NEW.unit_id, c.campaign_id, c.year, 0, 0, 1,
                CASE WHEN NEW.kind = 'household' THEN 1 ELSE 0 END
            FROM commitment AS c JOIN person_gifts AS g ON g.person_id = c.person_id AND g.year = c.year
            WHERE c.person_id = NEW.id AND g.gifts > 0
            ON CONFLICT (unit_id, campaign_id, year) DO UPDATE
            SET gave = unit_registrations.gave + excluded.gave,
                households_gave = unit_registrations.households_gave + excluded.households_gave;
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER giving_person_delete AFTER DELETE ON person FOR EACH ROW "
    "EXECUTE FUNCTION giving_person()",
    "CREATE TRIGGER giving_person_change AFTER UPDATE OF unit_id, kind, left_on ON person FOR EACH ROW "
    f"WHEN ({_PERSON_CHANGED}) EXECUTE FUNCTION giving_person()",
    """
    CREATE FUNCTION giving_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.person_id IS NOT NULL THEN
            UPDATE unit_registrations AS r SET gave = r.gave - 1,
                households_gave = r.households_gave - CASE WHEN p.kind = 'household' THEN 1 ELSE 0 END
            FROM person AS p JOIN person_gifts AS g ON g.person_id = p.id
            WHERE p.id = OLD.person_id AND p.left_on IS NULL AND g.year = OLD.year AND g.gifts > 0
              AND r.unit_id = p.unit_id AND r.campaign_id = OLD.campaign_id AND r.year = OLD.year;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.person_id IS NOT NULL THEN
            INSERT INTO unit_registrations
                (unit_id, campaign_id, year, registered, households, gave, households_gave)
            SELECT p.unit_id, NEW.campaign_id, NEW.year, 0, 0, 1,
                CASE WHEN p.kind = 'household' THEN 1 ELSE 0 END
            FROM person AS p JOIN person_gifts AS g ON g.person_id = p.id
            WHERE p.id = NEW.person_id AND p.unit_id IS NOT NULL AND p.left_on IS NULL
              AND g.year = NEW.year AND g.gifts > 0
            ON CONFLICT (unit_id, campaign_id, year) DO UPDATE
            SET gave = unit_registrations.gave + excluded.gave,
                households_gave = unit_registrations.households_gave + excluded.households_gave;
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER giving_commitment_insert AFTER INSERT ON commitment FOR EACH ROW "
    "EXECUTE FUNCTION giving_commitment()",
    "CREATE TRIGGER giving_commitment_delete AFTER DELETE ON commitment FOR EACH ROW "
    "EXECUTE FUNCTION giving_commitment()",
    "CREATE TRIGGER giving_commitment_change AFTER UPDATE OF person_id, campaign_id, year ON commitment "
    "FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.campaign_id IS DISTINCT FROM "
    "NEW.campaign_id OR OLD.year IS DISTINCT FROM NEW.year) EXECUTE FUNCTION giving_commitment()",
]
_TRIGGERS = {
    "contribution": ("insert", "delete", "change"),
    "person_gifts": ("insert", "delete", "change"),
    "person": ("delete", "change"),
    "commitment": ("insert", "delete", "change"),
}
_POSTGRESQL_FUNCTIONS = ("giving_contribution", "giving_person_gifts", "giving_person", "giving_commitment")


# SQLite: no functions, so each trigger carries its statements; a comparison is 0 or 1 there, and "UPDATE OF"
# fires whenever the column is set, hence the WHEN on a real change.
def _sqlite_weight(r: str) -> str:
    return _WEIGHT.format(r=r)


def _gifts_moved(row: str, delta: str) -> str:
    """`person_gifts` row `row` (NEW or OLD) crossed 0: its person's unit's givers and registrations of the
    year that gave change by `delta` (1 or -1)."""
    return (
        "INSERT INTO unit_givers (unit_id, year, givers, households) "
        f"SELECT unit_id, {row}.year, {delta}, {delta} * (kind = 'household') FROM person "
        f"WHERE id = {row}.person_id AND unit_id IS NOT NULL AND left_on IS NULL "
        "ON CONFLICT (unit_id, year) DO UPDATE "
        "SET givers = givers + excluded.givers, households = households + excluded.households; "
        f"INSERT INTO {_REGISTRATIONS} "
        f"SELECT p.unit_id, c.campaign_id, c.year, 0, 0, {delta}, {delta} * (p.kind = 'household') "
        "FROM commitment AS c JOIN person AS p ON p.id = c.person_id "
        f"WHERE c.person_id = {row}.person_id AND c.year = {row}.year AND p.unit_id IS NOT NULL "
        "AND p.left_on IS NULL "
        "ON CONFLICT (unit_id, campaign_id, year) DO UPDATE "
        "SET gave = gave + excluded.gave, households_gave = households_gave + excluded.households_gave;"
    )


_REGISTRATIONS = (
    "unit_registrations (unit_id, campaign_id, year, registered, households, gave, households_gave)"
)
_GIFTS_DOWN = (
    "UPDATE person_gifts SET gifts = gifts - ({weight}) "
    "WHERE person_id = OLD.person_id AND year = OLD.year AND OLD.status <> 'rejected';"
).format(weight=_sqlite_weight("OLD"))
_GIFTS_UP = (
    "INSERT INTO person_gifts (person_id, year, gifts) "
    "SELECT NEW.person_id, NEW.year, {weight} WHERE NEW.status <> 'rejected' "
    "ON CONFLICT (person_id, year) DO UPDATE SET gifts = gifts + excluded.gifts;"
).format(weight=_sqlite_weight("NEW"))
_PERSON_OUT = (
    "UPDATE unit_givers SET givers = givers - 1, households = households - (OLD.kind = 'household') "
    "WHERE unit_id = OLD.unit_id AND OLD.left_on IS NULL "
    "AND year IN (SELECT year FROM person_gifts WHERE person_id = OLD.id AND gifts > 0); "
    "UPDATE unit_registrations SET gave = gave - 1, "
    "households_gave = households_gave - (OLD.kind = 'household') "
    "WHERE unit_id = OLD.unit_id AND OLD.left_on IS NULL AND EXISTS (SELECT 1 FROM commitment AS c "
    "JOIN person_gifts AS g ON g.person_id = c.person_id AND g.year = c.year WHERE c.person_id = OLD.id "
    "AND g.gifts > 0 AND c.campaign_id = unit_registrations.campaign_id "
    "AND c.year = unit_registrations.year);"
)
_PERSON_IN = (
    "INSERT INTO unit_givers (unit_id, year, givers, households) "
    "SELECT NEW.unit_id, year, 1, NEW.kind = 'household' FROM person_gifts "
    "WHERE person_id = NEW.id AND gifts > 0 AND NEW.unit_id IS NOT NULL AND NEW.left_on IS NULL "
    "ON CONFLICT (unit_id, year) DO UPDATE "
    "SET givers = givers + excluded.givers, households = households + excluded.households; "
    f"INSERT INTO {_REGISTRATIONS} "
    "SELECT NEW.unit_id, c.campaign_id, c.year, 0, 0, 1, NEW.kind = 'household' "
    "FROM commitment AS c JOIN person_gifts AS g ON g.person_id = c.person_id AND g.year = c.year "
    "WHERE c.person_id = NEW.id AND g.gifts > 0 AND NEW.unit_id IS NOT NULL AND NEW.left_on IS NULL "
    "ON CONFLICT (unit_id, campaign_id, year) DO UPDATE "
    "SET gave = gave + excluded.gave, households_gave = households_gave + excluded.households_gave;"
)
_REGISTRATION_OUT = (
    "UPDATE unit_registrations SET gave = gave - 1, "
    "households_gave = households_gave - (SELECT kind = 'household' FROM person WHERE id = OLD.person_id) "
    "WHERE unit_id = (SELECT unit_id FROM person WHERE id = OLD.person_id AND left_on IS NULL) "
    "AND campaign_id = OLD.campaign_id AND year = OLD.year AND EXISTS (SELECT 1 FROM person_gifts "
    "WHERE person_id = OLD.person_id AND year = OLD.year AND gifts > 0);"
)
_REGISTRATION_IN = (
    f"INSERT INTO {_REGISTRATIONS} "
    "SELECT p.unit_id, NEW.campaign_id, NEW.year, 0, 0, 1, p.kind = 'household' "
    "FROM person AS p JOIN person_gifts AS g ON g.person_id = p.id "
    "WHERE p.id = NEW.person_id AND p.unit_id IS NOT NULL AND p.left_on IS NULL "
    "AND g.year = NEW.year AND g.gifts > 0 "
    "ON CONFLICT (unit_id, campaign_id, year) DO UPDATE "
    "SET gave = gave + excluded.gave, households_gave = households_gave + excluded.households_gave;"
)
_SQLITE = [
    f"CREATE TRIGGER giving_contribution_insert AFTER INSERT ON contribution BEGIN {_GIFTS_UP} END",
    f"CREATE TRIGGER giving_contribution_delete AFTER DELETE ON contribution BEGIN {_GIFTS_DOWN} END",
    "CREATE TRIGGER giving_contribution_change AFTER UPDATE OF person_id, year, status, reverses_id "
    "ON contribution WHEN OLD.person_id IS NOT NEW.person_id OR OLD.year IS NOT NEW.year "
    f"OR ({_sqlite_weight('OLD')}) IS NOT ({_sqlite_weight('NEW')}) BEGIN {_GIFTS_DOWN} {_GIFTS_UP} END",
    "CREATE TRIGGER giving_person_gifts_insert AFTER INSERT ON person_gifts WHEN NEW.gifts > 0 "
    f"BEGIN {_gifts_moved('NEW', '1')} END",
    "CREATE TRIGGER giving_person_gifts_delete AFTER DELETE ON person_gifts WHEN OLD.gifts > 0 "
    f"BEGIN {_gifts_moved('OLD', '-1')} END",
    "CREATE TRIGGER giving_person_gifts_change AFTER UPDATE OF gifts ON person_gifts "
    "WHEN (OLD.gifts > 0) IS NOT (NEW.gifts > 0) "
    f"BEGIN {_gifts_moved('NEW', '((NEW.gifts > 0) - (OLD.gifts > 0))')} END",
    f"CREATE TRIGGER giving_person_delete AFTER DELETE ON person BEGIN {_PERSON_OUT} END",
    "CREATE TRIGGER giving_person_change AFTER UPDATE OF unit_id, kind, left_on ON person "
    "WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.kind IS NOT NEW.kind "
    "OR (OLD.left_on IS NULL) IS NOT (NEW.left_on IS NULL) "
    f"BEGIN {_PERSON_OUT} {_PERSON_IN} END",
    f"CREATE TRIGGER giving_commitment_insert AFTER INSERT ON commitment BEGIN {_REGISTRATION_IN} END",
    f"CREATE TRIGGER giving_commitment_delete AFTER DELETE ON commitment BEGIN {_REGISTRATION_OUT} END",
    "CREATE TRIGGER giving_commitment_change AFTER UPDATE OF person_id, campaign_id, year ON commitment "
    "WHEN OLD.person_id IS NOT NEW.person_id OR OLD.campaign_id IS NOT NEW.campaign_id "
    f"OR OLD.year IS NOT NEW.year BEGIN {_REGISTRATION_OUT} {_REGISTRATION_IN} END",
]


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "person_gifts",
        sa.Column("person_id", _ID, autoincrement=False, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("gifts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_gifts_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", "year", name=op.f("pk_person_gifts")),
    )
    op.create_table(
        "unit_givers",
        sa.Column("unit_id", _ID, autoincrement=False, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("givers", sa.Integer(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_unit_givers_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("unit_id", "year", name=op.f("pk_unit_givers")),
    )
    # Plain ADD COLUMN (no batch copy on SQLite, see 0012). The default stays on both databases: the
    # triggers of 0035 make a registration's row without naming these columns.
    for name in ("gave", "households_gave"):
        op.add_column("unit_registrations", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    # The counts of what is there already, then the triggers that keep them.
    op.execute(
        "INSERT INTO person_gifts (person_id, year, gifts) "
        "SELECT person_id, year, sum(CASE WHEN reverses_id IS NULL THEN 1 ELSE -1 END) FROM contribution "
        "WHERE status <> 'rejected' GROUP BY person_id, year"
    )
    op.execute(
        "INSERT INTO unit_givers (unit_id, year, givers, households) "
        "SELECT p.unit_id, g.year, count(*), sum(CASE WHEN p.kind = 'household' THEN 1 ELSE 0 END) "
        "FROM person_gifts AS g JOIN person AS p ON p.id = g.person_id "
        "WHERE g.gifts > 0 AND p.unit_id IS NOT NULL AND p.left_on IS NULL GROUP BY p.unit_id, g.year"
    )
    # A registration that counts has its row already (0014, 0035).
    gave = (
        "(SELECT count(*) FROM commitment AS c JOIN person AS p ON p.id = c.person_id "
        "JOIN person_gifts AS g ON g.person_id = c.person_id AND g.year = c.year "
        "WHERE p.unit_id = unit_registrations.unit_id AND p.left_on IS NULL AND g.gifts > 0 "
        "AND c.campaign_id = unit_registrations.campaign_id AND c.year = unit_registrations.year{})"
    )
    households = gave.format(" AND p.kind = 'household'")
    op.execute(f"UPDATE unit_registrations SET gave = {gave.format('')}, households_gave = {households}")
    for statement in _POSTGRESQL if postgresql else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, events in _TRIGGERS.items():
        for trigger in (f"giving_{table}_{event}" for event in events):
            op.execute(f"DROP TRIGGER {trigger} ON {table}" if postgresql else f"DROP TRIGGER {trigger}")
    if postgresql:
        for function in _POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION {function}()")
    for name in ("households_gave", "gave"):
        op.drop_column("unit_registrations", name)
    op.drop_table("unit_givers")
    op.drop_table("person_gifts")
