"""The shortcut the tests join people with when joining is only the setting (tests/support/joins.py) leaves
them as joining by chat does: what each then sees and what was recorded, side by side (decision 0241)."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.db.models import AuditLog, ChannelIdentity, Invite, Person
from tests.support.joins import joined
from tests.test_flows import join
from tests.test_notices import join_in_english


async def _uses(app: App, code: str) -> int:
    async with app.sessionmaker() as session:
        return await session.scalar(select(Invite.uses).where(Invite.code == code)) or 0


async def _recorded(app: App, chat_id: str) -> tuple[object, ...]:
    """What joining recorded of the chat's person: their language, consent, account and the audit's kinds."""
    async with app.sessionmaker() as session:
        person = await session.scalar(
            select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == chat_id)
        )
        assert person is not None
        identity = await session.scalar(select(ChannelIdentity).where(ChannelIdentity.person_id == person.id))
        assert identity is not None
        kinds = list(await session.scalars(select(AuditLog.action).where(AuditLog.actor_id == person.id)))
        return (person.locale, person.consent_at is not None, person.kind, identity.status, kinds)


async def test_a_person_joined_at_once_sees_and_has_what_one_who_joined_by_chat_does(
    app, invites, make_person
) -> None:
    walks, shortcut = make_person("walks"), make_person("at-once")
    await join(walks, invites.member, "Võ Thị Hoa")
    await joined(shortcut, invites.member, "Lê Thị Lan")
    assert await _uses(app, invites.member) == 2
    assert [c.label for c in shortcut.menu.choices] == [c.label for c in walks.menu.choices]
    assert "Đăng ký thi đua" in shortcut.screen
    progress = await walks.choose("Tiến độ")
    assert (await shortcut.choose("Tiến độ")).replace("Lê Thị Lan", "Võ Thị Hoa") == progress
    assert await _recorded(app, "at-once") == await _recorded(app, "walks")

    english_walks, english_shortcut = make_person("en-walks"), make_person("en-at-once")
    await join_in_english(english_walks, invites.member, "Ann Nguyen")
    await joined(english_shortcut, invites.member, "Ben Tran", locale="en")
    assert await _uses(app, invites.member) == 4
    assert [c.label for c in english_shortcut.menu.choices] == [c.label for c in english_walks.menu.choices]
    assert "Register" in english_shortcut.screen
    assert (
        await _recorded(app, "en-at-once")
        == await _recorded(app, "en-walks")
        != await _recorded(app, "walks")
    )
    progress = await english_walks.choose("Progress")
    assert (await english_shortcut.choose("Progress")).replace("Ben Tran", "Ann Nguyen") == progress
