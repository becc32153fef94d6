"""The conditions of the year's poverty review that other services ask of it: which year's review holds on a
day (`review_year`), a household's latest standing in a year (`latest_standings`), the poor and near-poor
households (`poor_or_near_poor`) and whether a person may be followed up for a gift (`followed_up`).

Apart from bot.domain.poverty, which reads the district's spreadsheets through the staff import (and so
openpyxl, xlrd and the import's own services, appeals and drives among them): appeals and drives ask these at
the top of the module, with nothing but the models beneath, and an appeal's preview loads no spreadsheet
reader. bot.domain.poverty imports them from here: one definition each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, func, select

from bot.db.models import HouseholdStanding, Person

LISTED = ("poor", "near_poor")  # the households the movement counts as poor (the rate it brings down)


def review_year(today: date) -> int:
    """The year whose review a list brought on `today` belongs to, where nobody said: the review is done from
    October to December and is that year's (decision 0110), and the district's decision often reaches the
    commune in January, so in January it is last year's; from February, this year's (decision 0267)."""
    return today.year - 1 if today.month == 1 else today.year


def latest_standings(org_id: int, years: Sequence[int]):  # type: ignore[no-untyped-def]
    """(person, year, standing) of the latest row of each household and year: one grouped subquery."""
    newest = (
        select(func.max(HouseholdStanding.id).label("id"))
        .where(HouseholdStanding.org_id == org_id, HouseholdStanding.year.in_(list(years)))
        .group_by(HouseholdStanding.person_id, HouseholdStanding.year)
        .subquery()
    )
    return select(HouseholdStanding.person_id, HouseholdStanding.year, HouseholdStanding.standing).join(
        newest, newest.c.id == HouseholdStanding.id
    )


def poor_or_near_poor(org_id: int, year: int):  # type: ignore[no-untyped-def]
    """The households of `org_id` poor or near-poor in `year`'s review (their latest standing): a subquery of
    ids. Their gift is theirs to offer, never followed up: not named among who has not given (0835)."""
    latest = latest_standings(org_id, [year]).subquery()
    return select(latest.c.person_id).where(latest.c.standing.in_(LISTED))


def followed_up(org_id: int, today: date) -> ColumnElement[bool]:
    """Whether a person of `org_id` may be followed up for a gift on `today`: not a household poor or
    near-poor in the review read then (`review_year`). Who has not given to a drive, the appeal to them and
    an appeal's follow-up all leave those households out by this one condition (decision 0835)."""
    return Person.id.not_in(poor_or_near_poor(org_id, review_year(today)))
