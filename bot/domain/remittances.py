"""Money handed over to the Fund for the Poor of the level above (nộp về Quỹ "Vì người nghèo" cấp trên): a
school, hospital or department rarely spends what its staff gave; the union collects it, then hands it over
to the commune's, district's or province's mobilisation board, by transfer or in cash, and keeps the board's
receipt. A handover is money out of a drive, or of the Fund outside the drives in the year it was made,
beside support to hardship cases and apart from it (bot.domain.spending.Balance.handed): never more than the
source's confirmed money left, and public — the board, the day, the amount and the receipt's number, never a
person's name. Recorded and cancelled by an officer covering every unit whose money it is (access.may_remit,
docs/decisions/0112); a handover is never edited or deleted, a wrong one is cancelled by an entry of its own
(docs/decisions/0108)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.db.models import REMITTANCE_SOURCES, Contribution, Drive, Organisation, Person, Remittance
from bot.domain.access import Actor, may_remit
from bot.domain.audit import audit
from bot.domain.goods_words import (
    GoodsCount,
    goods_beyond,
    goods_left,
    goods_left_weighed,
    goods_measured_otherwise,
)
from bot.domain.results import EvidencePhoto
from bot.domain.spending import (
    Balance,
    came_after,
    drive_balance,
    fund_balance_to_spend,
    handed_from_drive,
    standing_remittance,
)
from bot.domain.statement import goods_received
from bot.text import clean, fold

BOARD_LIMIT = 200
RECEIPT_LIMIT = 60
REASON_LIMIT = 300
GOODS_LIMIT = 500  # the goods handed over, as the statement words them (decision 0713)
BOARDS_OFFERED = 6  # the boards used before, offered as a menu: the latest first


class RemittanceError(Exception):
    """`reason`: "not_allowed" (audited), "not_found", "source" (no such source, or a drive of another
    organisation), "amount" (not above zero; for goods: money beside them, or a worth below zero), "goods"
    (goods handed over from the Fund outside the drives, or too long), "board" (no board named, or too
    long), "receipt" (too long), "date" (a day still to come), "before_drive" (a day before the drive
    began), "balance" (more than the source's confirmed money left, or goods worth more than the goods'
    worth left: `left` says how much it has), "goods_gone" (goods, once all the goods left went and nothing
    of worth came since: decision 0718), "goods_over" (goods handed over beyond what is left of their kind:
    `over` says which, with what is left of each; decision 0724), "goods_measure" (goods counted in a
    measure their kind did not come in, a carton's packets: `over` says which kinds; decision 0798),
    "reason" (a cancellation without its reason, or too long), "cancelled" (cancelled already, or a
    cancellation itself)."""

    def __init__(self, reason: str, *, left: int | None = None, over: tuple[GoodsCount, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.left = left
        self.over = over


@dataclass(frozen=True)
class RemittanceLine:
    """A handover as the statements and the book show it: public, no person's name but its recorder's
    (`recorded_by`, for the internal book only)."""

    id: int
    on: date
    board: str
    receipt_no: str | None
    amount_vnd: int  # negative on a cancellation
    drive: str | None  # the drive it was handed from; None: the Fund outside the drives
    photo: str | None  # the receipt's photo, relative to the media directory
    cancels: bool = False
    reason: str | None = None
    recorded_by: str | None = None
    goods: str | None = None  # goods handed over (“mì tôm: 15 thùng; áo phao”): `amount_vnd` is then 0
    goods_vnd: int = 0  # their worth, where known (0: nobody knows); negative on a cancellation


def _refuse(
    session: AsyncSession, actor: Actor | None, action: str, entity_id: int | None, now: datetime
) -> None:
    audit(
        session,
        at=now,
        actor_id=actor.person_id if actor else None,
        action="remittance.refused",
        entity="remittance",
        entity_id=entity_id,
        attempted=action,
    )
    raise RemittanceError("not_allowed")


async def _drive_of(session: AsyncSession, source: str, drive_id: int | None) -> Drive | None:
    """The drive a handover is from; None for the Fund outside the drives, or no such drive (`locked_left`
    refuses it). Its units are whose money it is, as `access.may_remit` asks (None: the whole
    organisation's)."""
    return await session.get(Drive, drive_id) if source == "drive" and drive_id is not None else None


async def locked_left(
    session: AsyncSession, org_id: int, source: str, drive_id: int | None, year: int, *, through: int
) -> Balance:
    """What `source` has, its row locked first (the drive's, or the organisation's for the Fund of `year`,
    no more than each later year up to `through` has left: `fund_balance_to_spend`), as support locks it
    (bot.domain.cases.locked_balance): a handover and a payment at once cannot both take the last of it.
    RemittanceError "source" for no such source, or a drive of another organisation."""
    if source not in REMITTANCE_SOURCES or (source == "drive") != (drive_id is not None):
        raise RemittanceError("source")
    if source == "drive":
        drive = await session.scalar(
            select(Drive).where(Drive.id == drive_id).with_for_update(key_share=True)
        )
        if drive is None or drive.org_id != org_id:
            raise RemittanceError("source")
        return await drive_balance(session, drive)
    await session.execute(
        select(Organisation.id).where(Organisation.id == org_id).with_for_update(key_share=True)
    )
    return await fund_balance_to_spend(session, org_id, year, through=max(year, through))


def one_line(text: str | None) -> str:
    return " ".join(clean(text or "").split())


# What people type before the number itself, with or without diacritics: “biên nhận số 12”, “bien nhan so
# 12”, “phiếu thu số: 88/PT”, “số 12”, “receipt no. 12”. The statements write “biên nhận số {number}”.
_RECEIPT_WORDS = re.compile(
    r"^(?:(?:(?:giay\s+)?bien\s+nhan|phieu\s+thu|receipt)(?:\s+|\s*[:#]\s*|$))?"
    r"(?:(?:so|no|number)\.?(?:\s+|\s*[:#]\s*)|#\s*)?"
)


def receipt_number(typed: str | None) -> str | None:
    """The receipt's number as typed, without the words before it (“biên nhận số 12” → “12”), so the
    statement does not say “biên nhận số biên nhận số 12”; what is typed is kept whole when nothing would be
    left of it. None for nothing typed."""
    text = one_line(typed)
    folded = fold(text)
    if len(folded) == len(text) and (match := _RECEIPT_WORDS.match(folded)) and match.end() < len(text):
        text = text[match.end() :].strip()
    return text or None


async def record_remittance(
    session: AsyncSession,
    actor: Actor | None,
    *,
    org_id: int,
    source: str,
    drive_id: int | None = None,
    amount_vnd: int,
    board: str,
    remitted_on: date,
    receipt_no: str | None = None,
    photo: EvidencePhoto | None = None,
    goods: str | None = None,
    goods_vnd: int = 0,
    goods_all: bool = False,
    now: datetime,
) -> Remittance:
    """An officer covering the money's units (`access.may_remit`) records money handed over to the level above
    from `source`: "drive" (`drive_id`, of the organisation) or "fund" (the Fund outside the drives, of the
    year of `remitted_on`). Never more than the source's confirmed money left (RemittanceError "balance",
    with `left`), the source's row locked first; never a day still to come, nor one before the drive began.
    With `goods` (a drive's only), goods handed over instead of money (biên bản bàn giao, decision 0713):
    what, as the statement words them, `goods_vnd` their worth where known (0: unknown), never more than the
    worth of the goods left, and none once all the goods left went with nothing of worth received since
    (RemittanceError "goods_gone": decision 0718); `goods_all` when they were all the goods left."""
    drive = await _drive_of(session, source, drive_id)
    if not may_remit(actor, org_id, drive.unit_ids if drive is not None else None):
        _refuse(session, actor, "record", None, now)
    assert actor is not None
    board = one_line(board)
    receipt = receipt_number(receipt_no)
    goods = one_line(goods) or None
    if goods is not None and (source != "drive" or len(goods) > GOODS_LIMIT):
        raise RemittanceError("goods")
    if (amount_vnd <= 0) if goods is None else (amount_vnd != 0 or goods_vnd < 0):
        raise RemittanceError("amount")
    if not board or len(board) > BOARD_LIMIT:
        raise RemittanceError("board")
    if receipt is not None and len(receipt) > RECEIPT_LIMIT:
        raise RemittanceError("receipt")
    if remitted_on > local_date(now):
        raise RemittanceError("date")
    if drive is not None and remitted_on < drive.starts_on:
        raise RemittanceError("before_drive")  # a day of last year typed for this year's: no money yet
    balance = await locked_left(
        session, org_id, source, drive_id, remitted_on.year, through=local_date(now).year
    )
    if amount_vnd > (left := max(0, balance.left.money)):
        raise RemittanceError("balance", left=left)
    left = max(0, balance.left.goods)
    if goods is not None and balance.goods_gone:
        raise RemittanceError("goods_gone")  # every good went already: two chats at once (0718, 0761)
    if goods is not None and not goods_all:
        goods_left_now = await drive_goods_left(session, drive_id)
        if over := goods_beyond(goods_left_now, goods):
            raise RemittanceError("goods_over", over=tuple(over))  # “mì tôm 100 thùng” when 15 came (0724)
        if other := goods_measured_otherwise(goods_left_now, goods):
            raise RemittanceError("goods_measure", over=tuple(other))  # “100 gói mì” when cartons came (0798)
    if goods_vnd > left:
        raise RemittanceError("balance", left=left)
    remittance = Remittance(
        org_id=org_id,
        source=source,
        drive_id=drive_id,
        amount_vnd=amount_vnd,
        board=board,
        remitted_on=remitted_on,
        receipt_no=receipt,
        photo_sha256=photo.sha256 if photo else None,
        photo_path=photo.path if photo else None,
        photo_size=photo.size if photo else None,
        recorded_by=actor.person_id,
        created_at=now,
        goods=goods,
        goods_vnd=goods_vnd if goods is not None else 0,
        goods_all=goods is not None and goods_all,
    )
    session.add(remittance)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="remittance.recorded",
        entity="remittance",
        entity_id=remittance.id,
        source=source,
        drive=drive_id,
        amount=amount_vnd,
        **({"goods": True, "goods_value": goods_vnd, "all_goods": goods_all} if goods is not None else {}),
    )
    return remittance


async def cancel_remittance(
    session: AsyncSession, actor: Actor | None, remittance_id: int, *, reason: str, now: datetime
) -> Remittance:
    """A handover recorded wrongly is cancelled by an entry of its own, naming it, with the opposite amount,
    the same source, board and day, and `reason`: the source gets the money back, the statements no longer
    show it. The cancellation; RemittanceError "not_found", "not_allowed" (audited), "reason", "cancelled"
    (cancelled already: the row is locked first, and a cancellation names its handover once)."""
    found = await session.scalar(select(Remittance).where(Remittance.id == remittance_id).with_for_update())
    if found is None:
        raise RemittanceError("not_found")
    drive = await _drive_of(session, found.source, found.drive_id)
    if not may_remit(actor, found.org_id, drive.unit_ids if drive is not None else None):
        _refuse(session, actor, "cancel", found.id, now)
    assert actor is not None
    reason = one_line(reason)
    if not reason or len(reason) > REASON_LIMIT:
        raise RemittanceError("reason")
    done = await session.scalar(select(Remittance.id).where(Remittance.reverses_id == found.id))
    if found.reverses_id is not None or done is not None:
        raise RemittanceError("cancelled")
    cancellation = Remittance(
        org_id=found.org_id,
        source=found.source,
        drive_id=found.drive_id,
        amount_vnd=-found.amount_vnd,
        board=found.board,
        remitted_on=found.remitted_on,  # in the same drive's and year's figures as what it cancels
        receipt_no=found.receipt_no,
        goods=found.goods,  # the goods come back to the drive, and their worth with them
        goods_vnd=-found.goods_vnd,
        recorded_by=actor.person_id,
        created_at=now,
        reverses_id=found.id,
        reason=reason,
    )
    session.add(cancellation)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="remittance.cancelled",
        entity="remittance",
        entity_id=found.id,
    )
    return cancellation


async def drive_goods_left(session: AsyncSession, drive_id: int | None) -> list[GoodsCount]:
    """What is left of the drive's goods, kind by kind as its statement counts them (decision 0704): what
    came since the latest handover of all the goods that stands (all of it when none does: decision 0718),
    less the goods handed over in part since, where their words name a kind that came (decision 0724)."""
    return goods_left(*await _goods_since_all(session, drive_id))


async def drive_goods_left_weighed(session: AsyncSession, drive_id: int | None) -> list[GoodsCount] | None:
    """`drive_goods_left`, the kinds of which nothing is left leaving out, where every part handed over
    since was weighed against a kind that came; None where one was not (decision 0799)."""
    return goods_left_weighed(*await _goods_since_all(session, drive_id))


async def _goods_since_all(session: AsyncSession, drive_id: int | None) -> tuple[list[GoodsCount], list[str]]:
    """The drive's goods that came since the latest handover of all of them that stands, kind by kind, and
    the goods typed of each part handed over since."""
    handed = (*handed_from_drive(drive_id or 0), standing_remittance(), Remittance.goods.is_not(None))
    last_all = await session.scalar(
        select(func.max(Remittance.created_at)).where(*handed, Remittance.goods_all)
    )
    gifts = [Contribution.drive_id == drive_id]
    parts = [*handed, ~Remittance.goods_all]
    if last_all is not None:
        gifts.append(await came_after(session, gifts[0], last_all))
        parts.append(Remittance.created_at > last_all)
    typed = await session.scalars(select(Remittance.goods).where(*parts).order_by(Remittance.id))
    return await goods_received(session, *gifts), [text for text in typed if text]


async def remittance_lines(
    session: AsyncSession, *where: ColumnElement[Any], standing: bool = True
) -> list[RemittanceLine]:
    """The handovers matching `where`, in the order they were made: only those that stand (the public
    statements: one that did not happen is not shown, nor its cancellation), or every entry, cancellations
    with their reason (the internal book)."""
    recorder = aliased(Person)
    query = (
        select(
            Remittance.id,
            Remittance.remitted_on,
            Remittance.board,
            Remittance.receipt_no,
            Remittance.amount_vnd,
            Drive.title,
            Remittance.photo_path,
            Remittance.reverses_id.is_not(None),
            Remittance.reason,
            recorder.full_name,
            Remittance.goods,
            Remittance.goods_vnd,
        )
        .outerjoin(Drive, Drive.id == Remittance.drive_id)
        .outerjoin(recorder, recorder.id == Remittance.recorded_by)
        .where(*where)
        .order_by(Remittance.remitted_on, Remittance.id)
    )
    if standing:
        query = query.where(standing_remittance())
    rows = await session.execute(query)
    return [
        RemittanceLine(
            id=row_id,
            on=on,
            board=board,
            receipt_no=receipt,
            amount_vnd=int(amount),
            drive=drive,
            photo=photo,
            cancels=bool(cancels),
            reason=reason,
            recorded_by=recorded_by,
            goods=goods,
            goods_vnd=int(goods_vnd or 0),
        )
        for (
            row_id,
            on,
            board,
            receipt,
            amount,
            drive,
            photo,
            cancels,
            reason,
            recorded_by,
            goods,
            goods_vnd,
        ) in rows
    ]


async def boards_used(session: AsyncSession, org_id: int, *, limit: int | None = BOARDS_OFFERED) -> list[str]:
    """The boards the organisation handed money over to before, the latest used first: typed once, offered
    next time (the `limit` latest; None: all, to find one by part of its name)."""
    rows = await session.execute(
        select(Remittance.board, func.max(Remittance.id).label("last"))
        .where(Remittance.org_id == org_id, Remittance.reverses_id.is_(None))
        .group_by(Remittance.board)
        .order_by(func.max(Remittance.id).desc())
        .limit(limit)
    )
    return [board for board, _last in rows]
