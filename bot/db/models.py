"""The data model. Money is whole đồng in BigInteger; every datetime is UTC; text is stored NFC."""

from __future__ import annotations

import re
import string
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    select,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from bot.db.base import Base
from bot.db.types import UTCDateTime
from bot.text import fold

# Portable identity column: BIGINT on PostgreSQL, INTEGER (rowid alias) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")

ROLES = ("member", "treasurer", "officer", "leader", "admin")
PERSON_KINDS = ("staff", "household", "donor")
CONTRIBUTION_KINDS = ("money", "goods", "labour")
CONTRIBUTION_STATUSES = ("recorded", "confirmed", "rejected")
MEASURES = ("money", "labour_days", "count", "yes_no")


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Whether unit leaders may see who in their unit has not given to a drive: off unless the organisation
    # turns it on (giving is voluntary; docs/decisions/0026). Officers see it for the units they cover.
    leaders_see_non_givers: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who signs the organisation's papers (the year's report, a dossier's letter sent up): the head's title
    # (“Chủ tịch”, “Hiệu trưởng”) and the body they sign for (“TM. Ủy ban nhân dân”); NULL: “Thủ trưởng cơ
    # quan”, for nobody else (docs/decisions/0056).
    head_title: Mapped[str | None] = mapped_column(String(100))
    signs_for: Mapped[str | None] = mapped_column(String(200))
    # Where gifts of money are transferred (docs/decisions/0081): the bank's NAPAS BIN, the account number
    # and its holder as the bank writes it; all three or none. A money gift's receipt shows them, with a
    # VietQR code.
    transfer_bank: Mapped[str | None] = mapped_column(String(6))
    transfer_account: Mapped[str | None] = mapped_column(String(19))
    transfer_holder: Mapped[str | None] = mapped_column(String(60))
    # The key of the public web page of the Fund outside the drives (`/congkhai/<key>`, docs/decisions/0102),
    # as a drive's `public_key`: None until an officer of the whole organisation asks for its link.
    fund_public_key: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    # The letters its reference codes begin with (“CT” in CT-2026-000123), 2–6 capitals, its own: each
    # organisation's codes run 1, 2, 3… without the gaps another's gifts would leave (docs/decisions/0140).
    # The first organisation of a database has “CT”; one created later, letters of its code unless chosen
    # (`ref_prefix_for`, given at the flush that inserts it).
    ref_prefix: Mapped[str] = mapped_column(String(6), unique=True)
    # What the organisation is, as its admin said (`chungtay org create --kind`, `chungtay org kind`):
    # "commune" (a xã, phường or thị trấn: “toàn xã”, its officers the Fatherland Front's) or "office" (a
    # school, a hospital, a department); NULL, as every organisation created before it could be said: told by
    # its households (bot.domain.notices.is_commune, docs/decisions/0255).
    kind: Mapped[str | None] = mapped_column(String(20))


ORG_KINDS = ("commune", "office")
REF_PREFIX = "CT"  # the first organisation's, and every code written before each had its own
REF_PREFIX_SHAPE = re.compile(r"[A-Z]{2,6}")


def ref_prefix_for(code: str, taken: Collection[str]) -> str:
    """The prefix of a new organisation of code `code`: “CT” for the first of the database (nothing
    `taken`), else the letters of its code in capitals, at most six (“bv-thach-ha” → BVTHAC), with its last
    letters changed until none of `taken` has it (BVTHAA, BVTHAB…). Never “CT” once an organisation exists."""
    if not taken:
        return REF_PREFIX
    unavailable = {*taken, REF_PREFIX}
    letters = re.sub(r"[^A-Z]", "", fold(code).upper())
    base = (letters + "XX")[:2] if len(letters) < 2 else letters[:6]
    alphabet = string.ascii_uppercase
    tails = ("", *alphabet, *(a + b for a in alphabet for b in alphabet))
    for tail in tails:
        prefix = base[: 6 - len(tail)] + tail
        if prefix not in unavailable:
            return prefix
    raise ValueError(f"no reference prefix left for {code!r}")  # 700 organisations of the same letters


@event.listens_for(Session, "before_flush")
def _give_ref_prefixes(session: Session, _context: object, _instances: object) -> None:
    """Each organisation inserted without a prefix gets `ref_prefix_for` its code, in the order added: every
    way one is created (the shell, the demo, a test) gets its own without having to ask for it."""
    new = [obj for obj in session.new if isinstance(obj, Organisation) and not obj.ref_prefix]
    if not new:
        return
    with session.no_autoflush:
        taken = set(session.scalars(select(Organisation.ref_prefix)))
    taken.update(obj.ref_prefix for obj in session.new if isinstance(obj, Organisation) and obj.ref_prefix)
    for org in new:
        org.ref_prefix = ref_prefix_for(org.code or "", taken)
        taken.add(org.ref_prefix)


class Unit(Base):
    """A node in the organisation tree: phòng, khoa, trung tâm, thôn, xã…; `block` is its Khối thi đua."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("org_id", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    block: Mapped[str | None] = mapped_column(String(200))

    organisation: Mapped[Organisation] = relationship()


class UnitTally(Base):
    """How many people a unit has, and how many of them are households, kept by database triggers on `person`
    (migrations 0014 and 0017, docs/decisions/0036 and 0046): the weekly digest reads it instead of counting
    every person."""

    __tablename__ = "unit_tally"

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    people: Mapped[int] = mapped_column(Integer)  # every record of the unit, households among them
    households: Mapped[int] = mapped_column(Integer)


class UnitRegistrations(Base):
    """How many of a unit's people registered for a campaign year, kept by database triggers on `person` and
    `commitment` (a registration made, moved to another person, or removed; a person moved, removed or made
    a household or staff), and how many of those are households."""

    __tablename__ = "unit_registrations"

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    registered: Mapped[int] = mapped_column(Integer)  # every record registered, households among them
    households: Mapped[int] = mapped_column(Integer)
    # Of those registered, how many also gave in the year, households among them (migration 0039, decision
    # 0174): who took part, registered or gave, is registered + the unit's givers (`UnitGivers`) - gave.
    gave: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    households_gave: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class UnitGivers(Base):
    """How many of a unit's people gave something in a year (money, goods or labour, waiting or confirmed, not
    rejected nor cancelled by a reversal: `PersonGifts`), and how many of them are households, kept by
    database triggers on `person_gifts`, `person` and `commitment` (migration 0039, docs/decisions/0174)."""

    __tablename__ = "unit_givers"

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    givers: Mapped[int] = mapped_column(Integer)  # every record that gave, households among them
    households: Mapped[int] = mapped_column(Integer)


class PersonGifts(Base):
    """A person's gifts of a year (`Contribution.year`) that stand, kept by database triggers on
    `contribution` (migration 0039): each entry not rejected counts 1, a reversal entry -1 (it cancels the
    gift it reverses). Above 0, the person gave that year, and counts among their unit's `UnitGivers`."""

    __tablename__ = "person_gifts"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    gifts: Mapped[int] = mapped_column(Integer)


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("kind IN ('staff', 'household', 'donor')", name="kind"),
        # A phone belongs to one person of an organisation (where it is set): the staff import matches on it.
        Index(
            "uq_person_org_phone",
            "org_id",
            "phone",
            unique=True,
            sqlite_where=text("phone IS NOT NULL"),
            postgresql_where=text("phone IS NOT NULL"),
        ),
        # An organisation's people of one kind: whether it has households (`notices.is_commune`, asked by the
        # digests and the chat where it never said its kind), its hamlets, its donors from outside
        # (docs/decisions/0340).
        Index("ix_person_org_kind", "org_id", "kind"),
        # Those away on long leave, few among the staff: the digests' count of them reads these rows alone
        # (docs/decisions/0740).
        Index(
            "ix_person_org_away",
            "org_id",
            "away_until",
            sqlite_where=text("away_until IS NOT NULL"),
            postgresql_where=text("away_until IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Diacritic-free, case-folded name: lets "nguyen van an" find "Nguyễn Văn An".
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    position: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), default="staff")
    # On the staff list (imported, or seeded by an admin), as opposed to someone who joined by invite: a list
    # import updates listed people only, and never merges an invited person into a row silently.
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str | None] = mapped_column(String(10))
    # The messenger the person chose to be reached on (notices, reminders); else the one they used last.
    channel: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # May the public statement (công khai) show the person's name next to their confirmed gifts? None: not
    # asked yet; until they say yes the statement says "Nhà hảo tâm" (bot.domain.statement).
    public_name: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # "Không nhận lời kêu gọi": no appeal reaches the person (reminders they asked for still do).
    appeals_off: Mapped[bool] = mapped_column(Boolean, default=False)
    # The day the person left the organisation (retired, moved to another school or hospital, died); None:
    # still at work. Someone who left keeps their history but is no longer one of the unit's people: not
    # counted, not appealed to, reminded, proposed or recorded for (bot.domain.people.mark_left,
    # docs/decisions/0118).
    left_on: Mapped[date | None] = mapped_column(Date)
    # A leaving recorded ahead of its day (“sẽ nghỉ từ 01/01/2027”); None: none planned. Until that day the
    # person is at work in every respect; the daily job `people.leavings` records it then through
    # `mark_left`, which clears this (docs/decisions/0270).
    leaves_on: Mapped[date | None] = mapped_column(Date)
    # Away for a long time (maternity leave, long sick leave, a year's secondment) up to and including this
    # day; None: at work. She stays one of the unit's people, but until then no reminder or appeal is sent to
    # her and the digests say her apart from who has not taken part (`access.not_away`, docs/decisions/0740).
    away_until: Mapped[date | None] = mapped_column(Date)
    # Why, where it is said: "training" (đi học, tập huấn, học chuyên khoa), said as training wherever the
    # leave is said; None: a leave, or at work (docs/decisions/2315). Cleared with the leave.
    away_reason: Mapped[str | None] = mapped_column(String(16))

    unit: Mapped[Unit | None] = relationship()


IDENTITY_STATUSES = ("active", "blocked", "removed")


class ChannelIdentity(Base):
    """Who a messenger account is: (channel, external id as text) → person.

    `status`: "active"; "blocked" when the messenger said the person blocked the bot (any new message from
    them proves they unblocked it and makes it active again); "removed" when an officer took the account off
    (it stays removed whatever it sends)."""

    __tablename__ = "channel_identity"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        CheckConstraint("status IN ('active', 'blocked', 'removed')", name="status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @hybrid_property
    def is_active(self) -> bool:
        """Whether a message sent to the account can reach it: neither blocked nor removed. One predicate for
        a loaded account (`account.is_active`) and for a query (`.where(ChannelIdentity.is_active)`)."""
        return self.status == "active"


class RoleAssignment(Base):
    """A role scoped to an organisation (unit_id NULL) or to one unit."""

    __tablename__ = "role_assignment"
    __table_args__ = (
        UniqueConstraint("person_id", "role", "org_id", "unit_id"),
        CheckConstraint("role IN ('member', 'treasurer', 'officer', 'leader', 'admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))


class Invite(Base):
    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    role: Mapped[str] = mapped_column(String(20), default="member")
    # Who joins with it: "staff" (a person) or "household" (a household, by one of its members; member
    # role only).
    kind: Mapped[str] = mapped_column(String(20), default="staff")
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who made it in the chat; NULL for a code made at the server's shell (`chungtay invite create`).
    created_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Withdrawn by an officer or admin (a code leaked, or left open after everyone joined): it lets nobody in
    # from then on; those who joined with it keep their place (docs/decisions/0131). NULL `withdrawn_by`: the
    # shell.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # The role it grants is for the whole organisation, not its unit, which stays the joiner's own: a school's
    # or a hospital's union treasurer keeps every unit's money (`invite create --org-wide`, decision 1814).
    org_wide: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    unit: Mapped[Unit] = relationship()


class Campaign(Base):
    __tablename__ = "campaign"
    __table_args__ = (UniqueConstraint("org_id", "slug"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(400))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)
    # The name of the plan file it was loaded from (the plan's own citations are in the file).
    source: Mapped[str | None] = mapped_column(String(400))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime())


MILESTONE_PRECISIONS = ("day", "month", "year")


class Milestone(Base):
    """An event of the campaign: launch, mid-term review, final review, ceremony.

    Plans often name only the year ("sơ kết vào năm 2023") or the month: `precision` says how much of
    `on_date` the plan states ("year": only its year; "month": its year and month), so nothing acts on a
    day that no plan set."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(400))
    on_date: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(5), default="day")


class Deadline(Base):
    """A reporting or dossier deadline: every year on `day`/`month` (units → organisation before 10 Dec), or
    once, in `year` only (mid-term dossiers before 15/12/2023).

    `local`: set by the organisation's own settings (an internal report date), not by the plan; loading the
    plan again leaves local deadlines alone, and loading the settings leaves the plan's alone."""

    __tablename__ = "deadline"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(30))
    local: Mapped[bool] = mapped_column(Boolean, default=False)


class TargetGroup(Base):
    __tablename__ = "target_group"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    emulation_title: Mapped[str | None] = mapped_column(String(400))
    scope: Mapped[str] = mapped_column(String(20))


class Criterion(Base):
    """Something a person or unit can pledge; `counts` lists the contribution kinds that fulfil it.

    `title` fits a phone; `description` is the plan's own wording, shown when someone asks what the criterion
    means, and `source` where the plan says it. `fund_only`: only gifts to the Fund count toward it (Fund
    drives and entries for the Fund in general), not a Tết gift drive. A suggested target, when the
    organisation sets one, is a local choice: SuggestedTarget."""

    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(400))
    measure: Mapped[str] = mapped_column(String(20))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    counts: Mapped[list[str]] = mapped_column(JSON)
    fund_only: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SuggestedTarget(Base):
    """What an organisation's mobilisation board suggests for a criterion in one year: shown as a suggestion,
    never filled in for the person (the movement is voluntary)."""

    __tablename__ = "suggested_target"
    __table_args__ = (UniqueConstraint("criterion_id", "year"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(BigInteger)


class RegistrationWindow(Base):
    """When an organisation takes registrations (đăng ký thi đua) for a year; without one, all year."""

    __tablename__ = "registration_window"
    __table_args__ = (UniqueConstraint("org_id", "year"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)


class OrgHoliday(Base):
    """A day or a run of days off of the organisation's own (its settings file, `[[holidays]]`), e.g. Tết:
    reminders due on one move to the next working morning, as for the settings' HOLIDAYS
    (docs/decisions/0033). Synced per organisation and year from the file."""

    __tablename__ = "org_holiday"
    __table_args__ = (Index("ix_org_holiday_org_year", "org_id", "year"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)  # the settings file's year
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # the last day off (= starts_on for one day)
    title: Mapped[str | None] = mapped_column(String(200))


class OrgWeek(Base):
    """Whether the organisation works on Saturdays in a year (its settings file, `[working_week]`): reminders
    go on a worked Saturday; on any other Saturday, and every Sunday, they wait for the next working morning
    (docs/decisions/0234). One row per organisation and year loaded; a year with none takes the latest year
    before it, and with none at all Saturdays are days off."""

    __tablename__ = "org_week"
    __table_args__ = (UniqueConstraint("org_id", "year"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)  # the settings file's year
    saturday: Mapped[bool] = mapped_column(Boolean, default=False)


class PoolTold(Base):
    """A pool of the head's roll-up (units whose money is said together on one line, `access.pooled`) that a
    reader without the units' money rights was told, by Monday's digests or /baocao, on `told_on` (local):
    a unit told inside it is said alone again only once three or more people have given in it since the last
    day it was told (`digests.pools_kept`), else the pool of that day less the unit's own line would be the
    held unit's gift (docs/decisions/0816). `units`: the pool's unit ids, sorted, as JSON text (a merge's
    held gifts said apart as the unit merged into's id below 0, decision 0754). A pool nobody read is never
    kept; told twice on one day, it is one row."""

    __tablename__ = "pool_told"
    __table_args__ = (UniqueConstraint("org_id", "year", "units", "told_on"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)  # the campaign year the roll-up read
    units: Mapped[str] = mapped_column(Text)
    told_on: Mapped[date] = mapped_column(Date)


class OrgWorkingDay(Base):
    """A Saturday or Sunday the organisation works in lieu of a day off (làm bù: the government moves a
    working day to make a holiday longer; its settings file, `[[working_days]]`): reminders go on it as on any
    working day (docs/decisions/0246). Synced per organisation and year from the file."""

    __tablename__ = "org_working_day"
    __table_args__ = (UniqueConstraint("org_id", "year", "day"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)  # the settings file's year
    day: Mapped[date] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(String(200))


class AwardForm(Base):
    __tablename__ = "award_form"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    conferred_by: Mapped[str] = mapped_column(String(300))
    occasion: Mapped[str] = mapped_column(String(30))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    dossier: Mapped[list[str]] = mapped_column(JSON)  # the plan's dossier checklist, in its order
    # What the plan says of who confers the award: True, the organisation's own head; False, an authority
    # above it; None, the plan does not say (bot.domain.awards.conferred_within reads its wording). 0019.
    within_organisation: Mapped[bool | None] = mapped_column(Boolean)
    # The organisation's own form, from its settings file (`[[awards.forms]]`), never the plan's: a plan's
    # load leaves it alone, and it is offered only in the years its file lists it (AwardFormUse). 0024.
    own: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(String(1000))  # an own form's, as its file says


class AwardFormUse(Base):
    """The organisation's choice for one of its award forms in one year, from that year's settings file
    (docs/decisions/0073): `used` false, a plan's form it does not propose for (`[awards] not_used`); `used`
    true, a form of its own offered that year. No row: a plan's form is offered, an own form is not."""

    __tablename__ = "award_form_use"
    __table_args__ = (UniqueConstraint("award_form_id", "year"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_form.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)  # the settings file's year
    used: Mapped[bool] = mapped_column(Boolean)


class AwardProposal(Base):
    """A proposal for an award (đề nghị khen thưởng): a person of a unit (staff or a household), the unit
    itself (a collective: `person_id` NULL), or the organisation itself (`unit_id` and `person_id` NULL, for
    an award conferred above it: docs/decisions/0060), for one award form of the campaign in one year, with
    a short summary of achievements typed by the leader who proposed it. Withdrawn, it is kept and marked
    (`withdrawn_at`), and the same nominee may be proposed again; while it stands, one per nominee, form and
    year (the three partial unique indexes: people, units, the organisation). Once the awards council (or the
    level above) has decided, its `outcome` ("awarded" or "not_awarded"), the decision's number and date when
    known, and who recorded it when (docs/decisions/0063)."""

    __tablename__ = "award_proposal"
    __table_args__ = (
        CheckConstraint("outcome IN ('awarded', 'not_awarded')", name="outcome"),
        Index(
            "uq_award_proposal_person",
            "award_form_id",
            "year",
            "person_id",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL AND person_id IS NOT NULL"),
            postgresql_where=text("withdrawn_at IS NULL AND person_id IS NOT NULL"),
        ),
        Index(
            "uq_award_proposal_unit",
            "award_form_id",
            "year",
            "unit_id",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL AND person_id IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL AND person_id IS NULL"),
        ),
        Index(
            "uq_award_proposal_org",
            "award_form_id",
            "year",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL AND unit_id IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL AND unit_id IS NULL"),
        ),
        Index("ix_award_proposal_org_year", "org_id", "year"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_form.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    # The unit proposed, or the proposed person's unit when proposed (the dossier's "Đơn vị" column); NULL
    # with no person: the organisation itself.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    proposed_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    outcome: Mapped[str | None] = mapped_column(String(12))  # None: not decided (or not recorded) yet
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the outcome was recorded
    decision_ref: Mapped[str | None] = mapped_column(String(100))  # "125/QĐ-CĐT"
    decision_on: Mapped[date | None] = mapped_column(Date)  # the decision's own date
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))  # None: the shell


class Drive(Base):
    """A fund-raising drive (đợt vận động) with dates, a target and a suggested level. Drives belong to an
    organisation (its own settings or its officers open them), not to a plan. `fund`: money raised for the
    Fund for the Poor (the peak month's drive), as opposed to, say, warm clothes for pupils."""

    __tablename__ = "drive"
    __table_args__ = (UniqueConstraint("org_id", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="SET NULL"), index=True
    )
    code: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(400))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    target_vnd: Mapped[int | None] = mapped_column(BigInteger)
    suggested_level: Mapped[str | None] = mapped_column(String(400))
    kinds: Mapped[list[str]] = mapped_column(JSON)
    fund: Mapped[bool] = mapped_column(Boolean, default=False)
    # The units it covers (ids); None: the whole organisation.
    unit_ids: Mapped[list[int] | None] = mapped_column(JSON)
    # Closed by an officer: it takes no more contributions, whatever its dates say.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The hardship case the drive raises money for, if any (bot.domain.cases).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("hardship_case.id", ondelete="SET NULL"))
    # The drive's own receiving account, where its money goes elsewhere than the organisation's (a flood
    # appeal to the Front's relief account): the bank's NAPAS BIN, number and holder, all three or none; only
    # an organisation-wide admin sets them (docs/decisions/0084). None: the organisation's account.
    transfer_bank: Mapped[str | None] = mapped_column(String(6))
    transfer_account: Mapped[str | None] = mapped_column(String(19))
    transfer_holder: Mapped[str | None] = mapped_column(String(60))
    # The key of the drive's public web page (`/congkhai/<key>`, docs/decisions/0102): its totals, what it
    # paid out and what is left, and a check of a reference code, for anyone who has the link; no name, no
    # single gift. None until an officer who manages the drive asks for the link; a new key ends the old one.
    public_key: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)


CASE_SUBJECTS = ("member", "household")


class HardshipCase(Base):
    """A staff member or a household in hardship (hoàn cảnh khó khăn): sensitive personal data, seen only by
    the organisation's officers and leaders (bot.domain.access.may_see_cases)."""

    __tablename__ = "hardship_case"
    __table_args__ = (CheckConstraint("subject IN ('member', 'household')", name="subject"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(12))
    # The member, when the case is a member of the organisation; a household is named only.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    circumstances: Mapped[str] = mapped_column(Text)
    needs: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


SUPPORT_SOURCES = ("drive", "fund", "outside")


class GiftRound(Base):
    """One package handed to many cases at one ceremony (trao quà Tết: 500.000 ₫ and 10 kg of rice to each of
    80 households), paid from one source: its supports (`CaseSupport.round_id`, one per case per kind) and
    what its signing list (danh sách ký nhận) prints — the officer's words for it (`title`), the package, the
    day. `key`: the flow's token of the last look, unique, so a Có pressed again writes nothing twice
    (docs/decisions/0095)."""

    __tablename__ = "gift_round"
    __table_args__ = (CheckConstraint("source IN ('drive', 'fund', 'outside')", name="source"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    money_vnd: Mapped[int] = mapped_column(BigInteger, default=0)  # to each case; 0: no money
    goods: Mapped[str | None] = mapped_column(String(200))  # the goods to each case, in words; None: none
    goods_value_vnd: Mapped[int] = mapped_column(BigInteger, default=0)  # their value, to each case
    goods_bought: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # bought with the source's money (0099)
    source: Mapped[str] = mapped_column(String(10))
    drive_id: Mapped[int | None] = mapped_column(ForeignKey("drive.id", ondelete="SET NULL"))
    delivered_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CaseSupport(Base):
    """Support delivered to a hardship case: money, goods (with an estimated value) or labour days.

    `source`: where it was paid from (docs/decisions/0094): "drive" (the money of `drive_id`), "fund" (the
    Fund for the Poor outside the drives, of the year it was delivered) or "outside" (not from the Fund: the
    union's own budget, a sponsor handing it over directly); None for support logged before it was asked."""

    __tablename__ = "case_support"
    __table_args__ = (
        CheckConstraint("kind IN ('money', 'goods', 'labour')", name="kind"),
        CheckConstraint("source IN ('drive', 'fund', 'outside')", name="source"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hardship_case.id", ondelete="CASCADE"), index=True)
    drive_id: Mapped[int | None] = mapped_column(ForeignKey("drive.id", ondelete="SET NULL"), index=True)
    source: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    labour_days: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str | None] = mapped_column(String(500))
    delivered_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The gift round it was handed over in (docs/decisions/0095); None: logged one case at a time.
    round_id: Mapped[int | None] = mapped_column(ForeignKey("gift_round.id", ondelete="SET NULL"), index=True)
    # Goods bought with the money of the drive or the Fund they are paid from (rice bought for Tết): the case
    # received goods, the source paid money, and its balance counts them as money (docs/decisions/0099).
    bought: Mapped[bool] = mapped_column(Boolean, default=False)
    # A support is never edited: one that did not happen (a recipient absent at the ceremony) or was logged
    # wrong is cancelled by an entry of its own, naming it, with the opposite figures and why (0103).
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("case_support.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(String(300))
    # On a cancellation of money (or goods bought with it), what became of the money (decision 1210): None,
    # back in its source; "held", kept by the officer who cancelled it to hand over later, out of the Fund;
    # "handed", given later on `kept_until`, the support it cancels standing again; "back", held and put back
    # in its source on `kept_until` — held on any day before it, a year closed before it too (decision 1324).
    kept: Mapped[str | None] = mapped_column(String(10))
    kept_until: Mapped[date | None] = mapped_column(Date)


REMITTANCE_SOURCES = ("drive", "fund")


class Remittance(Base):
    """Money a drive, or the Fund outside the drives in a year, handed over to the Fund for the Poor of the
    level above (nộp về Quỹ "Vì người nghèo" cấp trên): the commune's, district's or province's mobilisation
    board (`board`, as typed), by transfer or in cash, with that board's receipt (`receipt_no`, a photo of it
    kept as a contribution's evidence is, bot.media). Money out of the source, beside support to hardship
    cases and apart from it; public (no person's name). Never edited or deleted: one recorded wrongly is
    cancelled by an entry of its own naming it (`reverses_id`), with the opposite amount and `reason`, the
    same source and day, so the source gets it back (docs/decisions/0108)."""

    __tablename__ = "remittance"
    __table_args__ = (CheckConstraint("source IN ('drive', 'fund')", name="source"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(10))
    drive_id: Mapped[int | None] = mapped_column(ForeignKey("drive.id", ondelete="SET NULL"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    board: Mapped[str] = mapped_column(String(200))
    remitted_on: Mapped[date] = mapped_column(Date)
    receipt_no: Mapped[str | None] = mapped_column(String(60))
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    photo_path: Mapped[str | None] = mapped_column(String(300))
    photo_size: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("remittance.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(String(300))
    # Goods handed over (biên bản bàn giao hiện vật, docs/decisions/0713): what, as the statement words it
    # (“mì tôm: 15 thùng; áo phao”), `amount_vnd` then 0; their worth when known (0: nobody knows, never
    # guessed), opposite on a cancellation; whether they were all the goods the drive had left.
    goods: Mapped[str | None] = mapped_column(String(500))
    goods_vnd: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    goods_all: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Commitment(Base):
    """A registration (đăng ký thi đua) for one campaign year, by a person or by a unit (collective).

    `owner_key` is "p:<person id>" or "u:<unit id>" so one unique constraint covers both owners on every
    database (NULLs never collide in a unique index)."""

    __tablename__ = "commitment"
    __table_args__ = (UniqueConstraint("campaign_id", "year", "owner_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(20))
    owner_key: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    registered_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    items: Mapped[list[CommitmentItem]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="CommitmentItem.id"
    )


class CommitmentItem(Base):
    __tablename__ = "commitment_item"
    __table_args__ = (UniqueConstraint("commitment_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"))
    target: Mapped[int] = mapped_column(BigInteger)

    commitment: Mapped[Commitment] = relationship(back_populates="items")
    criterion: Mapped[Criterion] = relationship()


class Contribution(Base):
    """One ledger entry. Amounts are never edited once decided: a correction is a new entry that reverses an
    old one. Only at its confirmation may a treasurer say another figure arrived, the recorded one kept."""

    __tablename__ = "contribution"
    __table_args__ = (
        CheckConstraint("kind IN ('money', 'goods', 'labour')", name="kind"),
        CheckConstraint("status IN ('recorded', 'confirmed', 'rejected')", name="status"),
        # Covers the totals of "my progress" without reading the rows; the next one serves "latest first".
        Index(
            "ix_contribution_person_totals",
            "person_id",
            "year",
            "status",
            "kind",
            "amount_vnd",
            "labour_days",
        ),
        Index("ix_contribution_person_latest", "person_id", "id"),
        Index("ix_contribution_org_year", "org_id", "year"),
        # The standing ledger as Monday's digests read it (`digests._ledger_statement`): every column of their
        # one pass, in the order of its groups, so it is read in order from the index alone, not the table
        # sorted (migration 0050, docs/decisions/0360), on PostgreSQL too (an index-only scan, decision 0382).
        # Rejected entries, which the pass leaves out, are not in it; the pass names 'rejected' as written
        # here, or SQLite would not take the index.
        Index(
            "ix_contribution_ledger",
            "org_id",
            "unit_id",
            "kind",
            "person_id",
            "year",
            "status",
            "created_at",
            "drive_id",
            "amount_vnd",
            "labour_days",
            "reverses_id",
            sqlite_where=text("status <> 'rejected'"),
            postgresql_where=text("status <> 'rejected'"),
        ),
        # "Who has not given to this drive": each person looked up by both, never by the drive's index alone
        # (SQLite took that one when it had been made first: migration 0038).
        Index("ix_contribution_person_drive", "person_id", "drive_id", "status"),
        # One standing gift for one credit of the bank's statement (docs/decisions/0244): the second of two
        # treasurers recording it at the same moment fails here, inside its own transaction.
        Index(
            "uq_contribution_bank_credit",
            "org_id",
            "bank_credit",
            unique=True,
            sqlite_where=text("bank_credit IS NOT NULL AND status <> 'rejected'"),
            postgresql_where=text("bank_credit IS NOT NULL AND status <> 'rejected'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ref: Mapped[str] = mapped_column(String(24), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    drive_id: Mapped[int | None] = mapped_column(ForeignKey("drive.id"), index=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    # Money given, or the estimated value of goods; negative only on a reversal entry.
    amount_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    labour_days: Mapped[int] = mapped_column(Integer, default=0)
    # The day a labour day was worked, as its giver or the officer who vouched for it said it (migration 0061,
    # docs/decisions/2105); None on money and goods, and on labour days recorded before it was asked.
    worked_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(12), default="recorded")
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("contribution.id"), unique=True)
    # On the entry a correction of the figure wrote in one step (bot.domain.contributions.correct): the
    # entry it replaces, which a reversal entry cancels beside it (docs/decisions/0070).
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("contribution.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(String(500))
    # The figure it was recorded with (`figure_of`: đồng, or labour days), where a treasurer confirmed that
    # another one arrived (“Nhận số khác”, docs/decisions/0208); the figures above are then what arrived.
    recorded_figure: Mapped[int | None] = mapped_column(BigInteger)
    # On a donor's gift recorded from a credit of the bank's statement without a code: which credit
    # (bot.domain.donors.credit_identity), so one credit is one gift standing (docs/decisions/0244).
    bank_credit: Mapped[str | None] = mapped_column(String(100))
    # Deducted from the giver's salary, recorded from a payroll's sheet (bot.domain.payroll): the colleague
    # never handled that money. Read by the sheet, the last look's double, the handover list and /tiendo
    # (migration 0052, docs/decisions/0420); the recording's audit row says `payroll` too.
    from_payroll: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    drive: Mapped[Drive | None] = relationship()


class Evidence(Base):
    """A photo (receipt, transfer screenshot, handover picture) kept as proof of a contribution.

    Files are stored once by checksum under the media directory; `path` is relative to it."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("contribution_id", "sha256"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # the same photo as another gift's (0200)
    path: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


RESULT_STATUSES = ("standing", "withdrawn", "set_aside")


class Result(Base):
    """What was done toward a criterion measured as a count or a yes/no (“Ghi kết quả”): two poor households
    helped, one initiative, the household's pledge to escape poverty kept. Self-reported, never edited: the
    owner (or whoever recorded it) withdraws it, a leader of the unit sets it aside with a reason; both keep
    the row, marked (`status`, `closed_at`, `closed_by`, `reason`). The owner is named as a registration's
    is (`owner_key`: "p:<person>" or "u:<unit>"); `unit_id` is the unit's, or the person's unit, following
    them when they move as their registration does (the leader's list and the digest read by unit: 0290). The
    photo, if any, is evidence kept as a contribution's is (bot.media, by checksum). docs/decisions/0050."""

    __tablename__ = "result"
    __table_args__ = (
        CheckConstraint("status IN ('standing', 'withdrawn', 'set_aside')", name="status"),
        CheckConstraint("quantity >= 1", name="quantity"),
        Index("ix_result_owner", "campaign_id", "year", "owner_key"),
        Index("ix_result_unit_year", "unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    owner_key: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300))
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    photo_path: Mapped[str | None] = mapped_column(String(300))
    photo_size: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(12), default="standing")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    reason: Mapped[str | None] = mapped_column(String(300))


POVERTY_STANDINGS = ("poor", "near_poor", "out", "none")


class HouseholdStanding(Base):
    """A household's standing in the commune's poverty review for one year (rà soát hộ nghèo, hộ cận nghèo):
    poor (hộ nghèo), near-poor (hộ cận nghèo), newly out (hộ mới thoát nghèo) or none, from the district's
    decision for that year. Appended, never edited: the standing a household has for a year is its latest row
    of that year, and last year's rows stay (the figures compare the two years). Sensitive personal data: a
    name beside its standing only for `access.may_see_poverty_standing`. docs/decisions/0110."""

    __tablename__ = "household_standing"
    __table_args__ = (
        CheckConstraint("standing IN ('poor', 'near_poor', 'out', 'none')", name="standing"),
        CheckConstraint("source IN ('file', 'chat')", name="source"),
        Index("ix_household_standing_person_year", "person_id", "year"),
        Index("ix_household_standing_org_year", "org_id", "year"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    standing: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(10))  # "file": the commune's list sent in; "chat": one by one
    set_by: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )  # None: the shell
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RefCounter(Base):
    """Per-year sequence behind reference codes such as CT-2026-000123."""

    __tablename__ = "ref_counter"

    prefix: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger, default=0)


class ConversationState(Base):
    """Where a chat stands: flow, step, collected answers and the menu currently shown."""

    __tablename__ = "conversation_state"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    flow: Mapped[str] = mapped_column(String(40), default="")
    step: Mapped[str] = mapped_column(String(40), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    menu: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    menu_token: Mapped[int] = mapped_column(Integer, default=0)
    # The outbox row of the message that shows the current menu: once the menu is answered by typing, its
    # buttons are taken away (on channels that can edit).
    menu_outbox_id: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProcessedUpdate(Base):
    """Dedupe keys of inbound updates: the same update twice is processed once."""

    __tablename__ = "processed_update"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(BigInteger)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


APPEAL_AUDIENCES = ("org", "units", "role", "not_given", "gave", "no_commitment", "follow_up")
APPEAL_STATUSES = ("written", "cancelled")


class Appeal(Base):
    """A broadcast (lời kêu gọi) an officer sent or scheduled to an audience of the organisation.

    Its recipient rows are outbox rows keyed "appeal:<id>:<person>", written in the same transaction as the
    appeal (bot.domain.appeals), due at `send_at` (after the quiet hours). `audience` is what the officer
    chose ({"kind": "units", "units": [3, 5]}); `recipients` the count written. A follow-up ("Nhắc lại
    người chưa ủng hộ") is an appeal with `follow_up_of` set: at most one per appeal."""

    __tablename__ = "appeal"
    __table_args__ = (
        CheckConstraint("status IN ('written', 'cancelled')", name="status"),
        UniqueConstraint("follow_up_of"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    drive_id: Mapped[int | None] = mapped_column(ForeignKey("drive.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    text: Mapped[str] = mapped_column(Text)
    photo: Mapped[str | None] = mapped_column(String(300))
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="written")
    follow_up_of: Mapped[int | None] = mapped_column(ForeignKey("appeal.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    send_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


OUTBOX_STATUSES = ("pending", "sent", "failed", "blocked", "cancelled", "expired", "undeliverable")
_PENDING = text("status = 'pending'")
_FAILED = text("status = 'failed'")


class OutboxMessage(Base):
    """One outbound message, written in the same transaction as its cause (a turn's reply, a notice, an
    appeal, a reminder) and sent later by the sender. `key` makes re-running a cause harmless:
    "reply:<update>:<n>", "notice:confirmed:<contribution>", "appeal:<id>:<person>", a group's way to the
    private chat "pointer:tg:<chat>:<five-minute stretch>" (one a group in five minutes, decision 0520).
    `payload` is the message rendered in the recipient's language (bot.delivery.outbox). A row past
    `expires_at` is marked expired, never sent late.

    status: pending → sent | failed (gave up, `last_error` says why) | blocked (the person blocked the bot) |
    cancelled | expired | undeliverable (the person has no active messenger account)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'blocked', 'cancelled', 'expired', 'undeliverable')",
            name="status",
        ),
        # What the sender claims: due pending rows by priority, and the oldest pending row of each chat.
        Index(
            "ix_outbox_pending_due",
            "not_before",
            "priority",
            "id",
            sqlite_where=_PENDING,
            postgresql_where=_PENDING,
        ),
        Index(
            "ix_outbox_pending_chat",
            "channel",
            "chat_id",
            "id",
            sqlite_where=_PENDING,
            postgresql_where=_PENDING,
        ),
        # The rows given up, counted by /healthz (few: the index stays small however long the outbox grows).
        Index("ix_outbox_failed", "channel", sqlite_where=_FAILED, postgresql_where=_FAILED),
        # The key read by its beginning (`key LIKE 'digest:7:%'`, /baocao's reads of a digest's rows): the
        # unique index serves LIKE only under the "C" collation. PostgreSQL only: SQLite's LIKE ignores case
        # and uses no index (decision 2731).
        Index("ix_outbox_key_pattern", "key", postgresql_ops={"key": "varchar_pattern_ops"}).ddl_if(
            dialect="postgresql"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    channel: Mapped[str | None] = mapped_column(String(20))
    chat_id: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    # 0 replies, 1 notices, 2 broadcasts: lower goes first.
    priority: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The sender that claimed the row last (`Sender.owner`): a sender renews, finishes or frees a lease only
    # while it is its own, so one stalled past its lease never sends a row a new leader took (decision 1530).
    lease_owner: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    # The messenger's id of the message made; of a message in several parts, of the last part taken so far.
    sent_id: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A message the channel sends in several parts: how many the messenger took, written after each one, so a
    # retry or a sender started after a kill goes on from the next (docs/decisions/0175).
    parts_sent: Mapped[int] = mapped_column(Integer, server_default="0")
    # Failed `max_attempts` times while nothing else went through: its chat's next message, never tried yet,
    # may go past it while it waits for its next try; that message tells whether the messenger works
    # (docs/decisions/0176).
    gave_way: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # A weekly digest's first day counted (local); its last is the day before it was due (its key's week).
    # Written with it, so /baocao says the days it counted as it did, whatever the job looked at since or
    # wrote no digest for (decision 2730). None for every other message, and for digests written before 0064.
    counts_from: Mapped[date | None] = mapped_column(Date)


class OutboundAction(Base):
    """A button an outbound message carries (a notice's "See my progress", an appeal's "Give now") that works
    whatever menu the chat shows later, until `expires_at`. Written in the same transaction as its message.

    Pressed, its callback data is "act:<id>#<number>"; typed on a channel without buttons, "#<number>":
    `number` is a small sequence per person, so what they type stays short. `kind` names what it does
    (handlers/registry.py), `args` what it does it with. `once`: after the first use (`used_at`), a press
    only says it is done (docs/decisions/0015)."""

    __tablename__ = "outbound_action"
    __table_args__ = (UniqueConstraint("person_id", "number"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    once: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LinkCode(Base):
    """A one-time code that attaches another messenger account to the person who asked for it
    (bot.domain.links). Typed as "LK-<handle>-<secret>": the handle finds the code among the live ones, so a
    wrong secret counts against that code, and `wrong_tries` reaching the limit locks it (`locked_at`).
    `identity_id` is the account that asked: the code does nothing typed there, and it is told of the link."""

    __tablename__ = "link_code"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("channel_identity.id", ondelete="CASCADE"))
    handle: Mapped[str] = mapped_column(String(8), index=True)
    secret: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    wrong_tries: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class InboundUpdate(Base):
    """An update a messenger will not deliver again, stored as it came before it is handled (Zalo's
    getUpdates consumes what it returns): a crash between taking it and handling it loses nothing, since
    stored updates whose `handled_at` is empty are handled after a restart. `key` ("zalo:<message id>") is
    the same update's dedupe key: stored once however often it arrives."""

    __tablename__ = "inbound_update"
    __table_args__ = (Index("ix_inbound_update_unhandled", "channel", "handled_at", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class JobRun(Base):
    """The last run of each scheduled job (scheduler/), so a scheduler that was down catches up once: a job
    whose trigger fired since `last_run_at` runs once when a leader starts (coalesced), not once per miss.
    A run that failed leaves `last_run_at` where it was (`scheduler.runs.record_run`, decision 2539)."""

    __tablename__ = "job_run"

    job_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    last_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    runs: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))


REMINDER_STATUSES = ("due", "sent", "skipped", "done", "cancelled", "overtaken")


class Reminder(Base):
    """One reminder to one person, due at `due_at` (UTC), derived from a plan deadline, an organisation's
    local deadline, its registration window or a drive's end (scheduler/reminders.py). One periodic job
    scans due rows and writes outbox rows; nothing is scheduled per person.

    `key` names the occurrence ("deadline:<id>:<year>:<days before>:<person>") so deriving twice writes one
    row. `must`: the person must act (a leader before a dossier deadline); otherwise the reminder is optional
    (capped per week, and the person may turn them off). `priority`: among optional ones beyond the cap, the
    lowest is skipped (and counted). `ends_at`: past it the reminder is pointless and never sent late.
    status: due → sent | skipped (cap or opt-out) | done (the thing is done, or the person said so) |
    cancelled (no longer concerns them) | overtaken (a nearer reminder of the same deadline was due with it,
    after the bot was down: only that one is said, docs/decisions/0234). "Remind me in a day" makes it due
    again (`snoozes` + 1)."""

    __tablename__ = "reminder"
    __table_args__ = (
        CheckConstraint(
            "status IN ('due', 'sent', 'skipped', 'done', 'cancelled', 'overtaken')", name="status"
        ),
        Index("ix_reminder_due", "status", "due_at"),
        Index("ix_reminder_person_sent", "person_id", "sent_at"),
        # the digest's "reminders sent this week", each unit's sent and acted on read from the index alone
        # (migration 0051, docs/decisions/0390)
        Index("ix_reminder_org_sent", "org_id", "sent_at", "unit_id", "acted_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(20))  # registration | record | deadline | drive_end
    subject_id: Mapped[int | None] = mapped_column(BigInteger)  # deadline, drive or window id
    title: Mapped[str] = mapped_column(String(400))
    ends_on: Mapped[date] = mapped_column(Date)  # the deadline's day (local)
    must: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default="due")
    snoozes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outbox_key: Mapped[str | None] = mapped_column(String(160))
    acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How it was done: "verified" (the bot saw it), "said" (the person's word), or None.
    done_how: Mapped[str | None] = mapped_column(String(10))
    # The unit the person was in when it was sent (set by the scan): the digest counts reminders per unit
    # without joining `person`. A figure, not a link (no foreign key), like `subject_id`.
    unit_id: Mapped[int | None] = mapped_column(BigInteger)


class ReminderPreference(Base):
    """A person's choice about reminders: `optional_off` turns off the optional ones (registration, recording
    before a report, a drive's last days); reminders to act on a deadline they are responsible for stay.
    `monday_off` turns off her weekly message: a leader's or an officer's digest, a treasurer's count of what
    waits (docs/decisions/2406)."""

    __tablename__ = "reminder_preference"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    optional_off: Mapped[bool] = mapped_column(Boolean, default=False)
    monday_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OrgSchedule(Base):
    """An organisation's choices for its weekly digest: the local weekday (0 = Monday) and time it goes out,
    and whether it may name people who have not registered or given (off by default: privacy first)."""

    __tablename__ = "org_schedule"

    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)
    digest_time: Mapped[str] = mapped_column(String(5), default="07:30")
    show_names: Mapped[bool] = mapped_column(Boolean, default=False)
