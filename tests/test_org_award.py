"""The organisation itself proposed for an award conferred above it (docs/decisions/0060): the school, the
hospital, the commune in its own dossier as a collective, “Tập thể <organisation>”. In the domain, on SQLite
and PostgreSQL: its head (an organisation-wide leader) proposes it, a unit's leader, a member and an admin
are refused and nothing is stored, the head's own Giấy khen is refused, a second proposal names the first,
a withdrawn one is kept and the organisation may be proposed again. The letter's list, the council's minutes
and `chungtay award list` read it back; its achievement report carries the organisation's figures, its own
registration and results. In chat: /dekhenthuong offers “Cơ quan: <name>” beside the units."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from bot.db.models import AuditLog, AwardProposal, Person
from bot.demo import seed_demo
from bot.domain.access import actor_for
from bot.domain.awards import ProposalError, propose_award, withdraw_proposal
from tests.support.clocks import NOW
from tests.test_awards import LAN, MAI, _world, grant, proposals

SCHOOL = "Trường Trung cấp nghề Chung Tay (dùng thử)"
ABOVE = "Giấy khen của Giám đốc Sở"  # yearly, conferred above the school
YEARLY = "Giấy khen của Thủ trưởng đơn vị"  # the head's own: never for the school itself
HEAD, TUAN = "Lê Văn Hùng", "Phạm Minh Tuấn"  # the school's head (granted below); Phòng Đào tạo's leader
SUMMARY = "Trường dẫn đầu khối về vận động Quỹ Vì người nghèo năm 2026."


async def propose_school(app: App, who: str, *, form: str = ABOVE, summary: str = SUMMARY) -> str:
    """`who` proposes the school itself for `form` in 2026: "proposed", or the reason it was refused."""
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, ids[who]))
        try:
            await propose_award(
                session,
                actor,
                form_id=ids[form],
                year=2026,
                unit_id=None,
                person_id=None,
                summary=summary,
                now=NOW,
            )
        except ProposalError as refused:
            return refused.reason if refused.by is None else f"{refused.reason} by {refused.by}"
    return "proposed"


async def test_the_head_proposes_the_organisation_and_nobody_else_may_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    await seed_demo(any_app.sessionmaker, now=NOW)
    await grant(any_app, HEAD, "leader")  # the school's head: a leader of the whole school
    await grant(any_app, LAN, "admin")  # the office: registers for the school, does not propose

    assert await propose_school(any_app, TUAN) == "not_allowed"  # a unit's leader
    assert await propose_school(any_app, MAI) == "not_allowed"  # a member (and treasurer)
    assert await propose_school(any_app, LAN) == "not_allowed"  # an organisation-wide admin
    assert await propose_school(any_app, HEAD, form=YEARLY) == "within"  # the head's own Giấy khen
    assert await proposals(any_app) == []
    assert await propose_school(any_app, HEAD) == "proposed"
    assert await propose_school(any_app, HEAD) == f"duplicate by {HEAD}"

    [proposal] = await proposals(any_app)
    assert (proposal.unit_id, proposal.person_id, proposal.summary) == (None, None, SUMMARY)
    async with any_app.sessionmaker() as session:
        audited = list(await session.scalars(select(AuditLog).where(AuditLog.action.like("award.%"))))
    assert [row.action for row in audited] == ["award.refused"] * 3 + ["award.propose"]
    assert audited[-1].details["organisation"] is True

    ids = await _world(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids[TUAN]))
        with pytest.raises(ProposalError, match="not_allowed"):  # not his unit's to take back
            await withdraw_proposal(session, tuan, proposal.id, now=NOW)
    async with any_app.sessionmaker() as session, session.begin():
        head = await actor_for(session, await session.get_one(Person, ids[HEAD]))
        await withdraw_proposal(session, head, proposal.id, now=NOW)
    assert await propose_school(any_app, HEAD, summary="Lần hai.") == "proposed"  # withdrawn: again
    first, second = await proposals(any_app)
    assert first.withdrawn_at is not None and first.withdrawn_by == ids[HEAD]
    assert (second.withdrawn_at, second.summary, second.unit_id) == (None, "Lần hai.", None)


async def test_the_organisation_and_its_units_stand_apart_for_the_same_award(any_app: App) -> None:
    """A unit standing for the award does not keep the organisation from it, nor the other way round."""
    await seed_demo(any_app.sessionmaker, now=NOW)
    await grant(any_app, HEAD, "leader")
    ids = await _world(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        head = await actor_for(session, await session.get_one(Person, ids[HEAD]))
        await propose_award(
            session,
            head,
            form_id=ids[ABOVE],
            year=2026,
            unit_id=ids["PDT"],
            person_id=None,
            summary="Tập thể lao động xuất sắc.",
            now=NOW,
        )
    assert await propose_school(any_app, HEAD) == "proposed"
    stored: list[AwardProposal] = await proposals(any_app)
    assert [p.unit_id for p in stored] == [ids["PDT"], None]
