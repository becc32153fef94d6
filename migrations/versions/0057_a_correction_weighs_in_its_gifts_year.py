"""an entry of a correction counts in the gifts of a year only where the gift it corrects is of that year
(docs/decisions/1306): a reversal booked in the new year of a gift of a reported year (decision 1219) no longer
takes its giver out of the new year's givers, and the right entry written beside it no longer makes one; the
kept counts of migration 0039 (`person_gifts`, `unit_givers`, `unit_registrations.gave`) are counted again from
the ledger. The downgrade puts 0039's weight back and counts again by it.

Revision ID: 0057
Revises: 0056
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0057"
down_revision: str | None = "0056"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0039's weight of an entry in its person's gifts of its year: 1, a reversal -1, a rejected entry 0.
_WEIGHT_0039 = "CASE WHEN {r}.status = 'rejected' THEN 0 WHEN {r}.reverses_id IS NULL THEN 1 ELSE -1 END"
# This one's: a reversal takes back what the entry it cancels weighs, where that entry is of its year, and
# nothing where it is of another (a gift of a reported year cancelled in the next, decision 1219); the right
# entry of a correction (`replaces_id`) weighs 1 where the entry it replaces is of its year, and nothing where
# that gift is of another: the books' adjustment, no gift of the year it is booked in (decision 1282). Read
# from the entries the correction names, which keep their year once confirmed (only a confirmed entry is
# corrected, and confirming is what moves a year).
_WEIGHT = (
    "CASE WHEN {r}.status = 'rejected' THEN 0 "
    "WHEN {r}.reverses_id IS NOT NULL THEN -(SELECT count(*) FROM contribution AS t "
    "LEFT JOIN contribution AS o ON o.id = t.replaces_id "
    "WHERE t.id = {r}.reverses_id AND t.year = {r}.year AND (t.replaces_id IS NULL OR o.year = t.year)) "
    "WHEN {r}.replaces_id IS NOT NULL THEN (SELECT count(*) FROM contribution AS o "
    "WHERE o.id = {r}.replaces_id AND o.year = {r}.year) "
    "ELSE 1 END"
)
# What an entry's weight is read from, its own columns (a trigger's WHEN on PostgreSQL takes no sub-query).
_CHANGED = (
    "OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.year IS DISTINCT FROM NEW.year "
    "OR (OLD.status = 'rejected') <> (NEW.status = 'rejected') "
    "OR OLD.reverses_id IS DISTINCT FROM NEW.reverses_id OR OLD.replaces_id IS DISTINCT FROM NEW.replaces_id"
)
_CHANGED_0039 = (
    "OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.year IS DISTINCT FROM NEW.year "
    f"OR {_WEIGHT_0039.format(r='OLD')} <> {_WEIGHT_0039.format(r='NEW')}"
)


def _postgresql(weight: str, changed: str, columns: str) -> list[str]:
    return [
        f"""
        CREATE OR REPLACE FUNCTION giving_contribution() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'rejected' THEN
                UPDATE person_gifts SET gifts = gifts - ({weight.format(r="OLD")})
                WHERE person_id = OLD.person_id AND year = OLD.year;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'rejected' THEN
                INSERT INTO person_gifts (person_id, year, gifts)
                VALUES (NEW.person_id, NEW.year, {weight.format(r="NEW")})
                ON CONFLICT (person_id, year) DO UPDATE SET gifts = person_gifts.gifts + excluded.gifts;
            END IF;
            RETURN NULL;
        END $$
        """,
        "DROP TRIGGER giving_contribution_change ON contribution",
        f"CREATE TRIGGER giving_contribution_change AFTER UPDATE OF {columns} "
        f"ON contribution FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION giving_contribution()",
    ]


def _sqlite(weight: str, changed: str, columns: str) -> list[str]:
    down = (
        f"UPDATE person_gifts SET gifts = gifts - ({weight.format(r='OLD')}) "
        "WHERE person_id = OLD.person_id AND year = OLD.year AND OLD.status <> 'rejected';"
    )
    up = (
        f"INSERT INTO person_gifts (person_id, year, gifts) SELECT NEW.person_id, NEW.year, "
        f"{weight.format(r='NEW')} WHERE NEW.status <> 'rejected' "
        "ON CONFLICT (person_id, year) DO UPDATE SET gifts = gifts + excluded.gifts;"
    )
    return [
        *(f"DROP TRIGGER giving_contribution_{event}" for event in ("insert", "delete", "change")),
        f"CREATE TRIGGER giving_contribution_insert AFTER INSERT ON contribution BEGIN {up} END",
        f"CREATE TRIGGER giving_contribution_delete AFTER DELETE ON contribution BEGIN {down} END",
        f"CREATE TRIGGER giving_contribution_change AFTER UPDATE OF {columns} ON contribution "
        f"WHEN {changed.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN {down} {up} END",
    ]


def _counted_again(weight: str) -> None:
    """Each person's gifts of each year from the ledger by `weight`, then each unit's givers and the
    registrations whose person gave, from those (as 0039 first counted them)."""
    op.execute(
        "UPDATE person_gifts SET gifts = (SELECT coalesce(sum("
        f"{weight.format(r='c')}), 0) FROM contribution AS c WHERE c.person_id = person_gifts.person_id "
        "AND c.year = person_gifts.year AND c.status <> 'rejected')"
    )
    op.execute(
        "INSERT INTO person_gifts (person_id, year, gifts) "
        f"SELECT c.person_id, c.year, sum({weight.format(r='c')}) FROM contribution AS c "
        "WHERE c.status <> 'rejected' AND NOT EXISTS (SELECT 1 FROM person_gifts AS g "
        "WHERE g.person_id = c.person_id AND g.year = c.year) GROUP BY c.person_id, c.year"
    )
    op.execute("DELETE FROM unit_givers")
    op.execute(
        "INSERT INTO unit_givers (unit_id, year, givers, households) "
        "SELECT p.unit_id, g.year, count(*), sum(CASE WHEN p.kind = 'household' THEN 1 ELSE 0 END) "
        "FROM person_gifts AS g JOIN person AS p ON p.id = g.person_id "
        "WHERE g.gifts > 0 AND p.unit_id IS NOT NULL AND p.left_on IS NULL GROUP BY p.unit_id, g.year"
    )
    gave = (
        "(SELECT count(*) FROM commitment AS c JOIN person AS p ON p.id = c.person_id "
        "JOIN person_gifts AS g ON g.person_id = c.person_id AND g.year = c.year "
        "WHERE p.unit_id = unit_registrations.unit_id AND p.left_on IS NULL AND g.gifts > 0 "
        "AND c.campaign_id = unit_registrations.campaign_id AND c.year = unit_registrations.year{})"
    )
    households = gave.format(" AND p.kind = 'household'")
    op.execute(f"UPDATE unit_registrations SET gave = {gave.format('')}, households_gave = {households}")


def _weighed_by(weight: str, changed: str, columns: str) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in (_postgresql if postgresql else _sqlite)(weight, changed, columns):
        op.execute(statement)
    _counted_again(weight)


def upgrade() -> None:
    _weighed_by(_WEIGHT, _CHANGED, "person_id, year, status, reverses_id, replaces_id")


def downgrade() -> None:
    _weighed_by(_WEIGHT_0039, _CHANGED_0039, "person_id, year, status, reverses_id")
