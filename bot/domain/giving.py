"""Who gave to a drive: the one rule the drive's last-days reminder, the appeals' follow-up and “Ai chưa ủng
hộ” read (docs/decisions/0534)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_

from bot.clock import LOCAL_TZ
from bot.db.models import Contribution, Drive, Person
from bot.domain.statement import cancelled_entry
from bot.i18n import translate

GIVING = ("recorded", "confirmed")  # a rejected gift was never given


def asked_kind(kinds: Collection[str] | None) -> str | None:
    """ "labour" or "goods" for a drive that takes that kind and nothing else: what it asks is said in its
    words (days of work, goods), not in money's (decisions 1570, 1652); None for money, several kinds, or the
    Fund outside the drives (no kinds)."""
    taken = set(kinds or ())
    return next(iter(taken)) if len(taken) == 1 and taken <= {"labour", "goods"} else None


def give_label(drive: Drive | None) -> Callable[[str], str]:
    """The button under an appeal or a reminder that opens the gift to `drive`, in each reader's language:
    “Ủng hộ ngay”; “Đăng ký ngày công” for a drive of labour days only, “Góp hiện vật” for one of goods only
    (decision 1652). The gift it opens asks that kind's figure, not the kind (decision 1776)."""
    kind = asked_kind(drive.kinds if drive is not None else None)
    if kind == "labour":
        return lambda locale: translate(locale, "Offer days of work")
    if kind == "goods":
        return lambda locale: translate(locale, "Give goods")
    return lambda locale: translate(locale, "Give now")


def gave_to(drive: Drive | None) -> ColumnElement[bool]:
    """The person (`Person.id`) has a gift standing for `drive` (recorded or confirmed): one given to it,
    or, for a drive of the Fund (the peak month's), one of its kinds given to the Fund outside the drives on
    one of its days, the Fund it raises money for — counted as given, never moved into the drive: its
    statement, its target and the ledger keep that gift outside it. No drive (an appeal for the Fund
    outside the drives): a gift given outside them. A gift cancelled by a reversal, and the reversal, are
    no gift: whose only gift it was has not given (decision 1824)."""
    if drive is None:
        return exists().where(
            Contribution.person_id == Person.id,
            Contribution.drive_id.is_(None),
            Contribution.status.in_(GIVING),
            ~cancelled_entry(),
        )
    to_it = Contribution.drive_id == drive.id
    if drive.fund:
        starts = datetime.combine(drive.starts_on, time(), LOCAL_TZ).astimezone(UTC)
        ends = datetime.combine(drive.ends_on + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC)
        to_it = or_(
            to_it,
            and_(
                Contribution.drive_id.is_(None),
                Contribution.org_id == drive.org_id,
                Contribution.kind.in_(list(drive.kinds or [])),
                Contribution.created_at >= starts,
                Contribution.created_at < ends,
            ),
        )
    return exists().where(
        Contribution.person_id == Person.id, Contribution.status.in_(GIVING), to_it, ~cancelled_entry()
    )
