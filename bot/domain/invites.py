"""Invite codes: how a staff member (or a household) joins their unit by tapping a link or typing a code.

A code is read aloud in meetings and copied off printed sheets, so its alphabet has no characters
that look alike (0/O, 1/I/L), and it is matched case-insensitively with spaces and dashes ignored.
Redeeming is one conditional UPDATE, so two people racing for the last use of an invite cannot both win.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.config import Refused, t  # `t` marks the refusals' words; a parameter `t` is a translator
from bot.db.models import ROLES, Invite, Organisation, Person, Unit
from bot.domain.access import (
    ORG_WIDE_INVITE_DAYS,
    ORG_WIDE_INVITE_USES,
    ORG_WIDE_INVITES,
    Acting,
    Actor,
    Operator,
    is_demo,
    may_invite,
    may_invite_org_wide,
    may_manage_invite,
    org_wide_invite_fits,
)
from bot.domain.audit import audit
from bot.domain.shell import command, org_to_name
from bot.i18n import Translator

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015\u2212]")  # spaces, underscores, every kind of dash
_CODE_ATTEMPTS = 5
# An invite is shared with a unit or read out at a meeting of a whole organisation (hundreds of staff), and
# renewed at least once a year; a code for longer than that is asked for explicitly (expires_days=None).
MAX_USES = 10_000
MAX_EXPIRES_DAYS = 365
# An admin invite makes whoever types it an organisation-wide admin: the operator makes one at the shell (the
# first admin of an organisation) for one person, lasting a few days (docs/decisions/0078).
ADMIN_INVITE_USES = 1
ADMIN_INVITE_DAYS = 3
# Who joins with an invite: a member of staff, or a household (its record, held by a member of the family who
# has a phone). A household is a member and nothing more: an invite for one grants no other role.
INVITE_KINDS = ("staff", "household")


class InviteError(Exception):
    """An invite code that cannot be used; reason is "unknown", "withdrawn", "expired" or "used_up" (or
    "not_allowed": the person may not make, see or withdraw that invite). `org_id`: the organisation of a
    code found but no longer usable, whose officer is named to ask for a new one (decision 1942)."""

    def __init__(self, reason: str, org_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.org_id = org_id


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str:
    """What the user typed or the link carried, in stored form: "abcd-efgh " → "ABCDEFGH"."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed)).upper()


def looks_like_invite_code(typed: str) -> bool:
    """The text has an invite code's shape: 8 characters of the code alphabet, typed whole or in two halves
    ("6XK6UY5M", "6xk6-uy5m", "6XK6 UY5M"); a few words that happen to add up to 8 such letters do not."""
    parts = [part for part in _SEPARATORS.split(typed.strip()) if part]
    if len(parts) > 2 or (len(parts) == 2 and len(parts[0]) != CODE_LENGTH // 2):
        return False
    normalized = normalize_code(typed)
    return len(normalized) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in normalized)


async def invite_of_code(session: AsyncSession, typed: str) -> Invite | None:
    """The invite a code names, whatever its state (withdrawn, expired, used up), or None."""
    normalized = normalize_code(typed)
    return await session.scalar(select(Invite).where(Invite.code == normalized)) if normalized else None


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("invites need an aware `now`")


async def create_invite(
    session: AsyncSession,
    org: Organisation,
    *,
    unit_code: str,
    role: str = "member",
    kind: str = "staff",
    uses: int = 1,
    expires_days: int | None = 14,
    now: datetime,
    org_wide: bool = False,
    t: Translator | None = None,
) -> Invite:
    """Add an invite to the session (flushed, not committed) for the unit with `unit_code` in `org`; with
    `org_wide`, its role is granted for the whole organisation, the unit staying the joiner's own (a
    treasurer's or officer's code only, `access.may_invite_org_wide`: decision 1814); a code of another role
    or beyond its bounds is refused in `t`'s language (the shell's, else English), with the command that
    works (`org_wide_refusal`, decision 1951).

    `uses` is 1..MAX_USES and `expires_days` 1..MAX_EXPIRES_DAYS, or None for a code that never expires;
    `kind` one of INVITE_KINDS, and a household's invite is for the member role only; an admin invite is for
    ADMIN_INVITE_USES person and at most ADMIN_INVITE_DAYS days, and an organisation-wide one too but in the
    demo's school (`org_wide_invite_fits`, decision 1857); anything else is refused before the database is
    touched, a `Refused` said in the office's language by whoever asks (decisions 2035, 2122)."""
    _require_aware(now)
    if (refused := _role_or_kind_refusal(role, kind, unit_code)) is not None:
        raise refused
    if org_wide and (refused := org_wide_refusal(org, role, uses, expires_days, unit_code, t)):
        raise ValueError(refused)
    if (refused := _bounds_refusal(role, uses, expires_days, unit_code)) is not None:
        raise refused

    unit = await session.scalar(
        select(Unit).where(Unit.org_id == org.id, func.lower(Unit.code) == unit_code.strip().lower())
    )
    if unit is None:
        raise ValueError(await unknown_unit_message(session, org, unit_code, t))

    for _ in range(_CODE_ATTEMPTS):
        code = new_code()
        if await session.scalar(select(Invite.id).where(Invite.code == code)) is None:
            break
    else:  # 31**8 codes: only a broken random source gets here
        raise RuntimeError("could not find a free invite code")

    invite = Invite(
        code=code,
        org_id=org.id,
        unit_id=unit.id,
        role=role,
        kind=kind,
        max_uses=uses,
        uses=0,
        expires_at=None if expires_days is None else now + timedelta(days=expires_days),
        created_at=now,
        org_wide=org_wide,
    )
    session.add(invite)
    await session.flush()
    return invite


def _role_or_kind_refusal(role: str, kind: str, unit: str) -> Refused | None:
    """Why a code of `role` and `kind` cannot be made, its words marked for the catalogs and said in the
    office's language by whoever asked (`Refused.said`), with the command that works for `unit`; None where
    it can (decision 2035)."""
    if role not in ROLES:
        return Refused(
            t(
                "there is no role {role}; a code is for one of {roles}, for example: chungtay invite create "
                "--unit {unit} --role member"
            ),
            role=role,
            roles=", ".join(ROLES),
            unit=unit,
        )
    if kind not in INVITE_KINDS:
        return Refused(
            t(
                "there is no kind {kind}; a code is for one of {kinds}, for example: chungtay invite create "
                "--unit {unit} --kind household"
            ),
            kind=kind,
            kinds=", ".join(INVITE_KINDS),
            unit=unit,
        )
    if kind == "household" and role != "member":
        return Refused(
            t(
                "a household's code is a member's (a household holds no other role), for example: chungtay "
                "invite create --unit {unit} --kind household"
            ),
            unit=unit,
        )
    return None


def org_wide_refusal(
    org: Organisation, role: str, uses: int, expires_days: int | None, unit: str, t: Translator | None = None
) -> str | None:
    """Why an organisation-wide code of `role` for `uses` people and `expires_days` days cannot be made, in
    `t`'s language (else English), with the command that works for `unit`; None where it can. One rule for
    the shell and every caller in code: `access.may_invite_org_wide` (a treasurer's or an officer's code,
    decision 1814; an admin's is the whole organisation's already, 1885) and `org_wide_invite_fits` (one
    person, a few days, 1857); decision 1951."""
    t = t or Translator("en")
    if role == "admin":
        return t(
            "an admin's code is of the whole organisation already, without --org-wide, for example: "
            "chungtay invite create --unit {unit} --role admin"
        ).format(unit=unit)
    if not may_invite_org_wide(Operator(org.id), org.id, role):
        return t(
            "--org-wide is for a treasurer's or an officer's code, for example: chungtay invite "
            "create --unit {unit} --role treasurer --org-wide; a member's or a leader's role is of "
            "their unit"
        ).format(unit=unit)
    if not org_wide_invite_fits(org, uses, expires_days):
        return t(
            "an organisation-wide code lets whoever uses it read every colleague's gift, so it is for "
            "one person (--uses {uses}) and a few days (--expires-days 1 to {days}), for "
            "example: chungtay invite create --unit {unit} --role {role} --org-wide; for several people, "
            "make a code for each, or grant the role by name: chungtay people grant ID {role} --org-wide"
        ).format(uses=ORG_WIDE_INVITE_USES, days=ORG_WIDE_INVITE_DAYS, unit=unit, role=role)
    return None


async def narrowed_in(
    session: AsyncSession, *, now: datetime, org_id: int | None = None, invite_id: int | None = None
) -> int:
    """Bring the organisation-wide codes made before 1857 bound them within `org_wide_invite_fits`, in the
    caller's transaction, of organisation `org_id` or the code `invite_id` alone when given: one person, its
    last use ORG_WIDE_INVITE_DAYS days after it was made; one some already joined with is used up (its uses
    are its last), one past its days expires (decision 1887). Asked wherever a code is listed (`invites_of`)
    or found to be used (`find_usable_invite`), so no list shows, and no joining uses, a code wider than the
    rule, the bot started or not, a backup restored or not (1952); nothing narrows at the start (2071). Not a
    migration: the rule reads the organisation (the demo's school keeps its codes, `is_demo`). Withdrawn
    codes let nobody in and stay. Each is narrowed by one UPDATE … WHERE its uses and days are still those
    read, so two readers, or a joining in between, narrow it once; an audit row keeps what it was. Returns
    how many were narrowed."""
    narrowed = 0
    query = (
        select(Invite, Organisation)
        .join(Organisation, Organisation.id == Invite.org_id)
        .where(Invite.org_wide.is_(True), Invite.withdrawn_at.is_(None))
        .order_by(Invite.id)
    )
    if org_id is not None:
        query = query.where(Invite.org_id == org_id)
    if invite_id is not None:
        query = query.where(Invite.id == invite_id)
    for invite, org in list(await session.execute(query)):
        last = invite.created_at + timedelta(days=ORG_WIDE_INVITE_DAYS)
        uses = max(invite.uses, ORG_WIDE_INVITE_USES)
        expires = last if invite.expires_at is None else min(invite.expires_at, last)
        if is_demo(org) or (invite.max_uses, invite.expires_at) == (uses, expires):
            continue
        result = await session.execute(
            update(Invite)
            .where(
                Invite.id == invite.id,
                Invite.uses == invite.uses,
                Invite.max_uses == invite.max_uses,
                Invite.expires_at.is_not_distinct_from(invite.expires_at),
            )
            .values(max_uses=uses, expires_at=expires)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            continue  # narrowed by another process, or joined with meanwhile: the next reader looks again
        narrowed += 1
        audit(
            session,
            at=now,
            actor_id=None,
            action="invite.narrow",
            entity="invite",
            entity_id=invite.id,
            role=invite.role,
            unit_id=invite.unit_id,
            max_uses=invite.max_uses,
            expires_at=None if invite.expires_at is None else invite.expires_at.isoformat(),
        )
        set_committed_value(invite, "max_uses", uses)  # as now stored, for whoever reads it next
        set_committed_value(invite, "expires_at", expires)
    return narrowed


def _whole_between(value: object, low: int, high: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


def _bounds_refusal(role: str, uses: int, expires_days: int | None, unit: str) -> Refused | None:
    """Why a code for `uses` people and `expires_days` days cannot be made, as `_role_or_kind_refusal` says
    it: a `Refused` in the office's language by whoever asked, its English `str()` as before; an admin's
    code beyond one person and ADMIN_INVITE_DAYS days with the command that works for `unit` (decision
    2122). None where it can."""
    if not _whole_between(uses, 1, MAX_USES):
        return Refused(t("uses must be a whole number between 1 and {most}"), most=MAX_USES)
    if expires_days is not None and not _whole_between(expires_days, 1, MAX_EXPIRES_DAYS):
        return Refused(
            t("expires_days must be a whole number between 1 and {most}, or None for no expiry"),
            most=MAX_EXPIRES_DAYS,
        )
    if role == "admin" and (
        uses != ADMIN_INVITE_USES or expires_days is None or expires_days > ADMIN_INVITE_DAYS
    ):
        return Refused(
            t(
                "an admin's code makes whoever types it an admin of the whole organisation: it is for one "
                "person (--uses {uses}) and a few days (--expires-days 1 to {days}), for example: "
                "chungtay invite create --unit {unit} --role admin; once they have joined, grant roles by "
                "name (chungtay people grant, or /roles in the chat)"
            ),
            uses=ADMIN_INVITE_USES,
            days=ADMIN_INVITE_DAYS,
            unit=unit,
        )
    return None


async def unknown_unit_message(
    session: AsyncSession, org: Organisation, unit_code: str, t: Translator | None = None
) -> str:
    """A unit nobody has, said with some codes that exist and the command that lists them all; in `t`'s
    language (the shell's: decision 1345), else English."""
    t = t or Translator("en")
    codes = list(
        await session.scalars(select(Unit.code).where(Unit.org_id == org.id).order_by(Unit.code).limit(6))
    )
    if not codes:
        return t(
            'No unit has the code or name "{unit}": the organisation has no units yet (import the staff list '
            "first)."
        ).format(unit=unit_code)
    shown = ", ".join(codes[:5]) + (", …" if len(codes) > 5 else "")
    listed = command("org units", await org_to_name(session, org))
    return t(
        'No unit has the code or name "{unit}". Some of the units\' codes: {codes} (the whole list: '
        "{command})."
    ).format(unit=unit_code, codes=shown, command=listed)


async def find_usable_invite(session: AsyncSession, code: str, *, now: datetime) -> Invite:
    """The invite behind a typed or linked code, if it can still be used; raises InviteError otherwise."""
    _require_aware(now)
    normalized = normalize_code(code)
    invite = await session.scalar(select(Invite).where(Invite.code == normalized)) if normalized else None
    if invite is None:
        raise InviteError("unknown")
    if invite.org_wide:  # one made before 1857's rule is one person's, bot started or not (decision 1952)
        await narrowed_in(session, now=now, invite_id=invite.id)
    _check_usable(invite, now)
    return invite


def _check_usable(invite: Invite, now: datetime) -> None:
    if invite.withdrawn_at is not None:
        raise InviteError("withdrawn", invite.org_id)
    if invite.expires_at is not None and invite.expires_at <= now:
        raise InviteError("expired", invite.org_id)
    if invite.uses >= invite.max_uses:
        raise InviteError("used_up", invite.org_id)


async def redeem_invite(session: AsyncSession, invite: Invite, *, now: datetime) -> None:
    """Take one use of the invite, in the caller's transaction.

    The check and the increment are one UPDATE … WHERE uses < max_uses (and not withdrawn), so a stale
    `invite` object, a concurrent redeemer or a withdrawal while someone was still typing their name can never
    let one more person in."""
    _require_aware(now)
    result = await session.execute(
        update(Invite)
        .where(
            Invite.id == invite.id,
            Invite.uses < Invite.max_uses,
            (Invite.expires_at.is_(None)) | (Invite.expires_at > now),
            Invite.withdrawn_at.is_(None),
        )
        .values(uses=Invite.uses + 1)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(invite, ["uses", "max_uses", "expires_at", "withdrawn_at"])
    if result.rowcount == 0:  # type: ignore[attr-defined]
        _check_usable(invite, now)
        raise InviteError("used_up", invite.org_id)


def deep_link(bot_username: str, code: str) -> str:
    """The Telegram link that opens the bot and sends /start <code>."""
    return f"https://t.me/{bot_username}?start={normalize_code(code)}"


# Invites an officer makes in chat: enough for one meeting of a unit, for two weeks. A leader's code makes
# leaders of whoever types it, and a unit has one or two: enough for them and a deputy, so that a code passed
# on beyond them is soon used up (docs/decisions/0124).
CHAT_INVITE_USES = 100
CHAT_LEADER_INVITE_USES = 3
CHAT_INVITE_DAYS = 14


async def create_invite_as(
    session: AsyncSession,
    actor: Actor | None,
    unit: Unit,
    *,
    role: str,
    now: datetime,
    kind: str = "staff",
    org_wide: bool = False,
) -> Invite:
    """An invite made in chat by `actor`, who must be allowed to grant `role` in `unit`
    (bot.domain.access.may_invite; a household's invite is a member's); InviteError("not_allowed")
    otherwise, and nothing is stored. With `org_wide`, the role is granted for the whole organisation, `unit`
    the joiner's own (`may_invite_org_wide`: an admin of the whole organisation), and the code is for one
    person and ORG_WIDE_INVITE_DAYS days, as the shell's (decisions 1857, 1886); a treasurer's or officer's
    code of one unit too, whoever joins reading that unit's gifts (decision 1950)."""
    asked = Invite(org_id=unit.org_id, unit_id=unit.id, role=role, org_wide=org_wide)
    if actor is None or not may_invite(actor, asked):
        raise InviteError("not_allowed")
    org = await session.get_one(Organisation, unit.org_id)
    if org_wide or role in ORG_WIDE_INVITES:  # a treasurer's or officer's code, of one unit too (1950)
        uses, days = ORG_WIDE_INVITE_USES, ORG_WIDE_INVITE_DAYS
    else:
        uses, days = CHAT_LEADER_INVITE_USES if role == "leader" else CHAT_INVITE_USES, CHAT_INVITE_DAYS
    invite = await create_invite(
        session,
        org,
        unit_code=unit.code,
        role=role,
        kind=kind,
        uses=uses,
        expires_days=days,
        now=now,
        org_wide=org_wide,
    )
    invite.created_by = actor.person_id
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="invite.create",
        entity="invite",
        entity_id=invite.id,
        role=role,
        kind=kind,
        unit_id=unit.id,
        org_wide=org_wide,
    )
    return invite


# --- the open codes, and withdrawing one (docs/decisions/0131) ---------------------------------------------

INVITE_STATES = ("open", "withdrawn", "expired", "used_up")
REASON_LIMIT = 300


def invite_state(invite: Invite, now: datetime) -> str:
    """One of INVITE_STATES: whether the code still lets people in, and if not, why (a withdrawal first: it
    was someone's decision)."""
    try:
        _check_usable(invite, now)
    except InviteError as closed:
        return closed.reason
    return "open"


@dataclass(frozen=True)
class InviteRow:
    """An invite code as its list shows it: the code, its unit's name, who made it (None: the shell), what
    state it is in."""

    invite: Invite
    unit_name: str
    made_by: str | None
    state: str


async def invites_of(
    session: AsyncSession,
    acting: Acting,
    org_id: int,
    *,
    now: datetime,
    unit_id: int | None = None,
    closed_too: bool = False,
) -> list[InviteRow]:
    """The codes of organisation `org_id` that `acting` may see (bot.domain.access.may_manage_invite), of
    `unit_id` only when given, newest first; only those that still let people in unless `closed_too`."""
    _require_aware(now)
    await narrowed_in(session, now=now, org_id=org_id)  # listed as they let people in (decision 1952)
    query = (
        select(Invite, Unit.name, Person.full_name)
        .join(Unit, Unit.id == Invite.unit_id)
        .outerjoin(Person, Person.id == Invite.created_by)
        .where(Invite.org_id == org_id)
        .order_by(Invite.created_at.desc(), Invite.id.desc())
    )
    if unit_id is not None:
        query = query.where(Invite.unit_id == unit_id)
    if not closed_too:
        query = query.where(
            Invite.withdrawn_at.is_(None),
            Invite.uses < Invite.max_uses,
            Invite.expires_at.is_(None) | (Invite.expires_at > now),
        )
    rows = [
        InviteRow(invite, unit_name, made_by, invite_state(invite, now))
        for invite, unit_name, made_by in await session.execute(query)
    ]
    return [row for row in rows if may_manage_invite(acting, row.invite)]


async def withdraw_invite(
    session: AsyncSession, acting: Acting, invite: Invite, *, now: datetime, reason: str | None = None
) -> None:
    """Withdraw `invite` in the caller's transaction: nobody joins with it from now on; those who joined keep
    their place and roles. InviteError("not_allowed") when `acting` may not (a code of another organisation,
    a member, a role above theirs), else its state when it lets nobody in already ("withdrawn", "expired",
    "used_up"); nothing is changed then. The withdrawal is one UPDATE … WHERE withdrawn_at IS NULL, so two
    officers pressing Yes at once withdraw it once, and the audit row says who did and why. An
    organisation-wide code made before the rule is narrowed first (`narrowed_in`), so its state is the one its
    list shows, typed at the shell without the list read first or not (decision 2058)."""
    _require_aware(now)
    if not may_manage_invite(acting, invite):
        raise InviteError("not_allowed")
    if invite.org_wide:
        await narrowed_in(session, now=now, invite_id=invite.id)
    if (state := invite_state(invite, now)) != "open":
        raise InviteError(state)
    reason = (reason or "").strip()[:REASON_LIMIT] or None
    actor_id = acting.person_id if isinstance(acting, Actor) else None
    result = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.withdrawn_at.is_(None))
        .values(withdrawn_at=now, withdrawn_by=actor_id)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(invite, ["withdrawn_at", "withdrawn_by", "uses"])
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise InviteError("withdrawn")
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="invite.withdraw",
        entity="invite",
        entity_id=invite.id,
        role=invite.role,
        kind=invite.kind,
        unit_id=invite.unit_id,
        uses=invite.uses,
        reason=reason,
    )
