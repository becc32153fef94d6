"""Replay: how many units a head without money rights reads pooled over the year, by how often he reads.

    .venv/bin/python bench/pools.py            # the digests' bench organisation, 100,000 rows, SQLite

Seeds `bench/digests.py`'s organisation (500 units of 200 people, gifts spread from 1/1 to 7/12/2026) in a
scratch SQLite file, reads its gifts (money or goods, above 0, not rejected) and replays the rule of
decisions 0816 and 0879 over them in Python, as `pools_kept`, `kept_pooled`, `keep_pools` and
`access.pooled` apply it: a unit is held while one or two have given in its year; a unit told inside a pool
is said alone again only once three or more people have given in it from the day after the last day it was
told. Two readers: the Monday digest at 07:30 only, and the digest with /baocao every working day at 09:00.
Before (0816): every reading that tells a pool keeps it. After (0879, 0931): /baocao between the digests
tells none (it says no unit's money then); on the digest's day, Monday, it tells the pool as the digest
does. Measured for decision 0931, not built: /baocao between the digests saying every unit's money also
where the pool it tells is the last digest's, unchanged. Printed for each
month's last reading: the units the rows keep pooled, and the units said on their own line; the units said
alone at each month's last digest, and the month's readings that said no unit's money. Donors, reversals and
merges are left out of the replay (the bench has none).
"""

from __future__ import annotations

import asyncio
import bisect
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.digests import DUE, seed  # noqa: E402
from bot.clock import LOCAL_TZ  # noqa: E402
from bot.db.migrate import upgrade_async  # noqa: E402
from bot.domain.access import FEWEST_GIVERS, pooled  # noqa: E402


class Unit(NamedTuple):
    unit_id: int
    money_givers: int
    money_people: frozenset[int] = frozenset()  # not listed: counted as `money_givers` (`givers_together`)


def readings(daily: bool) -> list[tuple[datetime, bool]]:
    """(the moment, UTC; whether it is the digest's) from the year's first Monday to 7/12."""
    out = []
    day = date(2026, 1, 1)
    while day <= DUE.astimezone(LOCAL_TZ).date():
        if day.weekday() == 0:
            out.append((datetime.combine(day, time(7, 30), LOCAL_TZ).astimezone(UTC), True))
        if daily and day.weekday() < 5:
            out.append((datetime.combine(day, time(9, 0), LOCAL_TZ).astimezone(UTC), False))
        day += timedelta(days=1)
    return out


def replay(
    gifts: dict[int, list[tuple[datetime, int]]], daily: bool, after: bool, unchanged: bool = False
) -> list[tuple[int, int, int, int, int]]:
    """For each month: units kept by the rows and units said alone at its last reading, units said alone at
    its last digest, and its readings that said no unit's money. `unchanged` (measured for decision 0931, not
    built): /baocao between the digests would also say every unit's money where the pool it tells is the last
    digest's, its units the same and none given in since, keeping no row (it tells nothing new)."""
    times = {unit: [at for at, _person in rows] for unit, rows in gifts.items()}

    def givers(unit: int, since: datetime | None, until: datetime) -> int:
        rows = gifts.get(unit, [])
        start = 0 if since is None else bisect.bisect_left(times[unit], since)
        return len({person for _at, person in rows[start : bisect.bisect_right(times[unit], until)]})

    rows: dict[frozenset[int], date] = {}
    month_end: dict[int, tuple[int, int]] = {}
    monday: dict[int, int] = {}
    blank: dict[int, int] = defaultdict(int)
    said: tuple[datetime, frozenset[int]] | None = None  # the last digest's moment and pool
    for at, digest in readings(daily):
        on = at.astimezone(LOCAL_TZ).date()
        last: dict[int, date] = {}
        for members, day in rows.items():
            for one in members:
                last[one] = max(day, last.get(one, day))
        released = {
            one
            for one, day in last.items()
            if givers(one, datetime.combine(day + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC), at)
            >= FEWEST_GIVERS
        }
        kept: set[int] = set()
        for members, day in rows.items():
            still = members - released
            if len(still) == 1 and len(members) > 1 and last[next(iter(still))] == day:
                still = members
            kept |= still
        units = [Unit(unit, givers(unit, None, at)) for unit in gifts]
        held = {u.unit_id for u in units if 0 < u.money_givers < FEWEST_GIVERS} | kept
        told = pooled(units, held) if held else frozenset()
        # after: /baocao tells a pool only on the digest's day, Monday here (decision 0931), not between
        between = not digest and on.weekday() != 0
        tells = bool(told) and (not between or not after)
        again = (
            unchanged
            and between
            and said is not None
            and said[1] == told
            and not any(givers(one, said[0] + timedelta(seconds=1), at) for one in told)
        )
        if digest:
            said = (at, told)
        if again:  # the digest's pool, unchanged: said, no row
            alone = len(gifts) - len(told)
            month_end[on.month] = (len(kept), alone)
            continue
        if tells and len(told) > 1:
            rows[told] = on
        if tells:  # the pools whose every unit is said alone again are forgotten
            for members in [m for m, day in rows.items() if day < on and not (m - released)]:
                del rows[members]
        alone = len(gifts) - len(told) if tells or not told else 0
        month_end[on.month] = (len(kept), alone)
        if digest:
            monday[on.month] = alone
        blank[on.month] += not alone
    return [(month, k, a, monday[month], blank[month]) for month, (k, a) in sorted(month_end.items())]


async def main() -> None:
    with tempfile.TemporaryDirectory(prefix="chungtay-bench-pools-") as scratch:
        url = f"sqlite+aiosqlite:///{scratch}/pools.db"
        await upgrade_async(url)
        org_id = await seed(url, 100_000)
        engine = create_engine(f"sqlite:///{scratch}/pools.db")
        with engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT unit_id, created_at, person_id FROM contribution "
                    "WHERE org_id = :org AND year = 2026 AND kind IN ('money', 'goods') "
                    "AND status != 'rejected' AND amount_vnd > 0 "
                    "AND unit_id IS NOT NULL ORDER BY created_at"
                ),
                {"org": org_id},
            ).all()
        engine.dispose()
    gifts: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for unit, created, person in found:
        at = created if isinstance(created, datetime) else datetime.fromisoformat(created)
        gifts[unit].append((at.replace(tzinfo=UTC), person))
    print(f"{len(found):,} gifts in {len(gifts)} units")
    for after, daily, unchanged in (
        (False, False, False),
        (False, True, False),
        (True, False, False),
        (True, True, False),
        (True, True, True),
    ):
        if True:
            result = replay(gifts, daily, after, unchanged)
            name = f"{'after' if after else 'before'}, {'daily /baocao' if daily else 'Mondays only'}"
            name += ", unchanged pool" if unchanged else ""
            print(f"{name:<28} kept: {', '.join(str(one[1]) for one in result)}")
            print(f"{'':<28} alone: {', '.join(str(one[2]) for one in result)}")
            print(f"{'':<28} alone on the last Monday: {', '.join(str(one[3]) for one in result)}")
            print(f"{'':<28} readings with no unit's money: {', '.join(str(one[4]) for one in result)}")


if __name__ == "__main__":
    asyncio.run(main())
