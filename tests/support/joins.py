"""A person joined in one step, for tests where joining is only the setting (decision 0241).

Joining by chat takes five or six turns (the code, the name, whether it is one of the list's, the data notice,
the language); a test about what a member does next need not walk them. `join_at_once` makes the join the
onboarding flow's last step makes, through the same domain function (`bot.domain.joining.join_with_invite`):
one use of the invite, the person, their account on the chat's channel, consent, language, roles and the
audit row. The chat then asks for its main menu (/menu), a real turn of the engine, so the test goes on from
the menu a member sees, in their language. What differs from the walk: the welcome line is not on screen, the
clock moves two seconds instead of one a turn, and the chat's state does not name the person (read only to
page a long menu in its reader's language): a test about any of those walks the chat.
tests/test_joins.py checks the two ways against each other."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Organisation
from bot.demo import DEMO_ORG
from bot.domain.invites import create_invite, find_usable_invite
from bot.domain.joining import join_with_invite
from bot.text import name_case, nfc
from tests.support.people import Person


async def join_at_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    channel: str,
    user_id: str,
    code: str,
    name: str,
    now: datetime,
    locale: str = "vi",
) -> int:
    """`user_id` on `channel` joins with the invite `code` as a new person named `name` (stored as the flow
    stores a typed name), agreeing to the data notice and choosing `locale`, at `now`; their id."""
    async with sessionmaker() as session, session.begin():
        invite = await find_usable_invite(session, code, now=now)
        joined = await join_with_invite(
            session,
            invite,
            full_name=name_case(nfc(" ".join(name.split()))),
            locale=locale,
            channel=channel,
            external_id=user_id,
            now=now,
        )
        return joined.person.id


async def joined(person: Person, code: str, name: str = "Võ Thị Hoa", *, locale: str = "vi") -> str:
    """The scripted `person` joined at once (`join_at_once`), then at their main menu; what it shows."""
    person.clock.advance(seconds=1)
    await join_at_once(
        person.channel.engine.sessionmaker,
        channel=person.channel.name,
        user_id=person.chat_id,
        code=code,
        name=name,
        now=person.clock(),
        locale=locale,
    )
    return await person.say("/menu")


async def units_code(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    role: str = "treasurer",
    unit: str = "PDT",
    now: datetime,
) -> str:
    """A code granting `role` in the demo's unit `unit` alone (Phòng Đào tạo), as `chungtay invite create
    --unit PDT --role treasurer --no-expiry` makes it, for a test about a treasurer of one unit: the demo's
    own treasurer code is the whole school's (decision 1814)."""
    async with sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        assert org is not None
        invite = await create_invite(
            session, org, unit_code=unit, role=role, uses=100, expires_days=None, now=now
        )
        return invite.code
