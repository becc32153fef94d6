"""What a message for a group chat says of a drive, or of the Fund outside the drives (decision 0109): the
figures its public page shows (received and confirmed, how many gave, the target), where to transfer, and the
page's link if it has one. An officer posts it in the unit's Zalo group as it is, instead of retyping the
figures: so it holds nothing a group may not read — no name, no single gift, no hardship case — and only
those who may see the drives' screens get it (access.may_view_drives), whatever a menu offered.

Reading it changes nothing: no link is made here (the public page's link is the officer's to make, 0102).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Drive, Organisation
from bot.domain.access import Actor, may_view_drives
from bot.domain.drives import DriveProgress, drive_progress, past_its_end, takes_gifts
from bot.domain.public_page import fund_gifts
from bot.domain.spending import Balance, fund_balance
from bot.domain.statement import Figures, figures_of
from bot.domain.transfer import Account, account_of


class GroupNewsError(Exception):
    """Refused: "not_allowed" (not one who may see the drives' screens, or another organisation's)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DriveNews:
    """A drive's figures as its public page counts them, the account its money goes to (None: none set),
    its public page's key (None: it has none yet), whether it still takes gifts (`takes_gifts`) and whether
    its last day is past (`ended`: it may still take late gifts, decision 0887), the prefix of the
    organisation's reference codes (for the example of one), and the organisation's name (a group may hear of
    several organisations' drives: decision 0139)."""

    org_name: str
    progress: DriveProgress
    account: Account | None
    public_key: str | None
    open: bool
    ref_prefix: str
    ended: bool = False


@dataclass(frozen=True)
class FundNews:
    """The Fund outside the drives in `year`: its figures, the organisation's account, its page's key, the
    prefix of its reference codes, the organisation's name; `this_year`, the year a gift recorded today goes
    to: once it is past `year`, that year's Fund is over and its message says where its money went
    (`balance`, as its public page says it, read only then), pointing to this year's (decision 0967)."""

    org_name: str
    year: int
    figures: Figures
    account: Account | None
    public_key: str | None
    ref_prefix: str
    balance: Balance | None = None
    this_year: int | None = None

    @property
    def ended(self) -> bool:
        return self.this_year is not None and self.this_year > self.year


async def _allowed(session: AsyncSession, actor: Actor | None, org_id: int) -> Organisation:
    org = await session.get(Organisation, org_id)
    leaders = bool(org and org.leaders_see_non_givers)
    if org is None or not may_view_drives(actor, org_id, leaders_allowed=leaders):
        raise GroupNewsError("not_allowed")
    return org


async def drive_news(session: AsyncSession, actor: Actor | None, drive: Drive, *, today: date) -> DriveNews:
    """What the group message of `drive` says `today`; refused (GroupNewsError) for anyone who may not see
    it."""
    org = await _allowed(session, actor, drive.org_id)
    return DriveNews(
        org_name=org.name,
        progress=await drive_progress(session, drive),
        account=account_of(org, drive),
        public_key=drive.public_key,
        open=takes_gifts(drive, today),
        ref_prefix=org.ref_prefix,
        ended=past_its_end(drive, today),
    )


async def fund_news(
    session: AsyncSession, actor: Actor | None, org_id: int, year: int, *, today: date
) -> FundNews:
    """What the group message of the Fund outside the drives in `year` says `today`; refused as
    `drive_news`."""
    org = await _allowed(session, actor, org_id)
    news = FundNews(
        org_name=org.name,
        year=year,
        figures=await figures_of(session, *fund_gifts(org_id, year)),
        account=account_of(org),
        public_key=org.fund_public_key,
        ref_prefix=org.ref_prefix,
        this_year=today.year,
    )
    if not news.ended:  # where its money went is told of a year over only (`fund_text`)
        return news
    return replace(news, balance=await fund_balance(session, org_id, year))
