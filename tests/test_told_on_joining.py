"""A colleague on the staff list with no messenger account, for whom an officer or a treasurer records gifts,
is told nothing then: no notice reaches someone without an account. When she joins (an officer's link code,
or an invite with her phone's last digits), she is told once, right after her welcome and in her chat alone,
what was recorded for her meanwhile; never again, neither on a second messenger nor on joining again
(decision 1870)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from bot.app import App
from bot.db.models import ChannelIdentity, Contribution, Organisation, OutboxMessage, Person, Unit
from bot.delivery.transport import OutboundMessage
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.invites import create_invite
from bot.domain.links import issue_link_code, issue_link_code_for
from bot.domain.people import merge_people
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.profiles import on_text_only
from tests.test_drives import seed
from tests.test_flows import join
from tests.test_notices import chat

HOA = "Võ Thị Hoa"
MEANWHILE = "Trong thời gian anh/chị chưa dùng Chung Tay"


async def listed_colleague(app: App, ids: dict[str, int], name: str, phone: str | None = None) -> int:
    """`name`, of unit A on the staff list, with no messenger account."""
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        person = Person(
            org_id=unit.org_id,
            unit_id=unit.id,
            full_name=name,
            name_key=fold(name),
            kind="staff",
            listed=True,
            phone=phone,
            created_at=NOW,
        )
        session.add(person)
        await session.flush()
        return person.id


async def recorded_for(app: App, ids: dict[str, int], person_id: int, *entries: NewContribution) -> list[str]:
    """Hùng, the organisation's officer, records `entries` for the colleague; the codes, in order."""
    async with app.sessionmaker() as session, session.begin():
        hung, giver = await session.get_one(Person, ids["hung"]), await session.get_one(Person, person_id)
        codes = []
        for entry in entries:
            gift = await record_contribution(session, person=giver, recorded_by=hung, entry=entry, now=NOW)
            codes.append(gift.ref)
        return codes


async def _hoa_listed_with_two_gifts(app: App) -> tuple[dict[str, int], int, list[str]]:
    """Hoa listed without an account, Hùng recording 200.000 ₫ and 5 áo ấm for her: ids, hers, codes."""
    ids = await seed(app)
    hoa_id = await listed_colleague(app, ids, HOA)
    codes = await recorded_for(
        app,
        ids,
        hoa_id,
        NewContribution("money", 200_000),
        NewContribution("goods", 300_000, description="5 áo ấm"),
    )
    return ids, hoa_id, codes


async def member_invite(app: App, ids: dict[str, int]) -> str:
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        invite = await create_invite(session, org, unit_code=unit.code, uses=5, now=NOW)
        return invite.code


@on_text_only
async def test_a_colleague_listed_without_a_phone_is_told_once_on_joining_what_was_recorded_for_her(
    app: App, make_person
) -> None:
    """Hùng records for Hoa, on the list without a phone, 200.000 ₫ in cash (Mai confirms it), 5 áo ấm worth
    300.000 ₫, and a day of work he organised. Hoa joins with the link code Hùng gives her: she read her
    welcome and nothing of them. Now her welcome is followed by the three, each as its notice says it, with
    its code; the cash is said confirmed. Nobody else reads it; linked on a second messenger, and typing the
    invite again, she is not told again."""
    ids, hoa_id, codes = await _hoa_listed_with_two_gifts(app)
    async with app.sessionmaker() as session, session.begin():
        hung_person, hoa_person = (
            await session.get_one(Person, ids["hung"]),
            await session.get_one(Person, hoa_id),
        )
        day = await record_contribution(
            session,
            person=hoa_person,
            recorded_by=hung_person,
            entry=NewContribution("labour", labour_days=1),
            now=NOW,
            vouched=True,
            worked=date(2026, 11, 21),
        )
        codes.append(day.ref)
        cash = await session.scalar(select(Contribution).where(Contribution.ref == codes[0]))
        assert cash is not None
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(session, cash, confirmed=True, actor=mai, now=NOW)
    code = await member_invite(app, ids)
    hung, mai_chat, hoa = make_person("hung"), make_person("mai"), make_person("hoa")
    await hoa.say(code)
    assert "mã liên kết" in await hoa.say("vo thi hoa")
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        account = await session.scalar(
            select(ChannelIdentity.id).where(ChannelIdentity.external_id == "hung")
        )
        assert account is not None
        issued = await issue_link_code_for(
            session, officer, await session.get_one(Person, hoa_id), identity_id=account, now=NOW
        )

    await hoa.say(issued.code)
    await hoa.choose("Tôi đồng ý")
    screen = (await hoa.choose("Tiếng Việt")).replace("\xa0", " ")

    assert f"{MEANWHILE}, đã có 3 khoản đóng góp được ghi cho anh/chị:" in screen, screen
    assert (
        "Lê Văn Hùng đã ghi thay anh/chị một khoản ủng hộ 200.000 ₫ cho Quỹ “Vì người nghèo”, mã số "
        f"{codes[0]}. Thủ quỹ đã xác nhận." in screen
    )
    assert "5 áo ấm" in screen and codes[1] in screen and "Thủ quỹ sẽ xác nhận" in screen
    assert "1 ngày công" in screen and codes[2] in screen
    assert MEANWHILE not in chat(hung) + chat(mai_chat)

    # A second messenger linked, and the invite typed again: not told again.
    async with app.sessionmaker() as session, session.begin():
        account = await session.scalar(select(ChannelIdentity.id).where(ChannelIdentity.external_id == "hoa"))
        assert account is not None
        own = await issue_link_code(session, person_id=hoa_id, identity_id=account, now=NOW)
    other = make_person("hoa-zalo")
    assert "Đã liên kết" in await other.say(own.code)
    await hoa.say(code)
    assert chat(hoa).count(MEANWHILE) == 1 and MEANWHILE not in chat(other)


async def test_a_colleague_joining_with_her_phones_digits_hears_many_gifts_counted_with_where_to_read_them(
    app: App, make_person
) -> None:
    """Hà, on the list with her phone, for whom Hùng recorded four gifts before she joined with the member
    invite and her phone's last digits: their count, and that “Tiến độ của tôi” lists them (decision 1870)."""
    ids = await seed(app)
    ha_id = await listed_colleague(app, ids, "Đỗ Thị Hà", phone="0912000077")
    await recorded_for(app, ids, ha_id, *(NewContribution("money", 100_000 * n) for n in range(1, 5)))
    code = await member_invite(app, ids)
    ha = make_person("ha")
    await ha.say(code)
    assert "4 số cuối" in await ha.say("do thi ha")
    await ha.say("0077")
    await ha.choose("Tôi đồng ý")

    screen = await ha.choose("Tiếng Việt")

    assert (
        f"{MEANWHILE}, đã có 4 khoản đóng góp được ghi cho anh/chị; xem từng khoản và mã số ở “Tiến độ của"
        " tôi” (/tiendo)." in screen
    ), screen


async def test_a_listed_record_merged_into_a_new_members_tells_her_once_of_its_gifts(
    app: App, make_person
) -> None:
    """Hùng records 200.000 ₫ and 5 áo ấm for Hoa, on the list without a phone; she joins as a new member
    under another spelling of her name, and the office merges the two. Joining told her nothing of a record
    not yet hers, and merging told nobody: she is told once, in her own chat, each as its notice says it
    (decision 1939)."""
    ids, hoa_id, codes = await _hoa_listed_with_two_gifts(app)
    hoa = make_person("hoa")
    await join(hoa, await member_invite(app, ids), "Hoa Nguyen Vo")
    async with app.sessionmaker() as session, session.begin():
        newcomer = await session.scalar(
            select(ChannelIdentity.person_id).where(ChannelIdentity.external_id == "hoa")
        )
        assert newcomer is not None and newcomer != hoa_id
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
        await merge_people(session, source=newcomer, target=hoa_id, actor_id=ids["hung"], now=NOW)

    async with app.sessionmaker() as session:
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.id > since)))
    told = [(row.person_id, OutboundMessage.from_payload(row.payload).text) for row in rows]
    assert [person for person, _text in told] == [hoa_id], told
    text = told[0][1].replace("\xa0", " ")
    assert text.startswith(
        "Hồ sơ của anh/chị trong danh sách cán bộ nay đã là một với tài khoản của anh/chị: đã có 2 khoản"
    ), text
    assert f"ủng hộ 200.000 ₫ cho Quỹ “Vì người nghèo”, mã số {codes[0]}" in text and codes[1] in text
    assert MEANWHILE not in chat(hoa)
