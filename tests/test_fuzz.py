"""Arbitrary text at every step of every flow, on SQLite and on a real PostgreSQL: control characters,
digits that are not 0–9, over-long text, emoji, commands. No exception escapes a turn, the person always gets
a reply, and what is stored is what the person was shown.

Each example is a fresh chat: the chat state of a person standing at the step (reached once, by the scripted
route below) is copied to a new chat with its own messenger account, the text is sent, and the conversation is
finished the way a person would (skip, keep, yes) so whatever the text led to is saved and can be compared
with the screens. Derandomised with a fixed number of examples, so every run tries the same texts.

A flow added later adds its steps to ROUTES: a test fails while a step with an answer handler has no route.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.conversation.recognise import numbered
from bot.conversation.state import read_state
from bot.db.models import (
    AwardForm,
    AwardProposal,
    Campaign,
    CaseSupport,
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Contribution,
    ConversationState,
    Criterion,
    HardshipCase,
    Organisation,
    OutboxMessage,
    Person,
    RegistrationWindow,
    Remittance,
    Result,
    RoleAssignment,
    Unit,
)
from bot.db.ops import insert_ignore
from bot.demo import DEMO_CLAIM, DEMO_ORG, DemoInvites, seed_demo
from bot.domain.access import actor_for
from bot.domain.awards import propose_award
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.donors import donor_for, record_donor_gift
from bot.domain.drives import NewDrive, Operator, create_drive
from bot.domain.invites import create_invite
from bot.domain.leaving import mark_left
from bot.domain.results import record_result
from bot.i18n import format_number, format_vnd
from bot.media import store
from bot.messages import TEXT_ONLY, Attachment, Inbound, Photo, Reply
from bot.text import clean
from handlers.registry import build_registry
from tests.support.clocks import NOW, MovableClock
from tests.support.ledger import ledger_entry
from tests.support.people import Person as Scripted
from tests.support.templates import admin
from tests.test_flows import join
from tests.test_linking import LINK_CODE

# Texts tried at each step on SQLite: with over 200 steps, an example is about 3 s of the suite on 2 workers.
EXAMPLES = 8

# On PostgreSQL each step gets the texts a server refuses where SQLite takes them: the flows are one code,
# what differs is what the database stores (text and JSON refuse NUL, the driver a lone surrogate, a VARCHAR
# its length, an INTEGER what passes 32 bits).
SERVER_TEXTS = ["ghi\x00chú", "\udcff\udcfe", "x" * 600, "2147483648"]

SPECIAL = [
    "",
    "\x00",
    "ghi\x00chú",
    "²",
    "⁵",
    "①",
    "٣",
    "３",
    "५००",
    "1tr2",
    "５００k",
    "\udcff\udcfe",
    "\u202eabc",
    "\ufeff",
    "�",
    "🙂",
    "x" * 600,
    "Nguyễn Thị Lan",
    "5674",
    "0",
    "-1",
    "9" * 30,
    "/start",
    "/menu",
    "có",
    "'; DROP TABLE person; --",
    "a\r\nb\tc\x1b[0m",
]
TEXTS = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=("Cc", "Cf", "Nd", "No", "Nl", "Zs", "Mn")), max_size=12),
    st.builds(lambda ch, n: ch * n, st.characters(), st.integers(min_value=480, max_value=620)),
)


@dataclass
class World:
    app: App
    invites: DemoInvites
    clock: MovableClock
    templates: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # step → (chat, person)
    seen: dict[str, list[str]] = field(default_factory=dict)  # step → what its template's last screen showed
    chats: itertools.count = field(default_factory=lambda: itertools.count(1))
    officer_code: str = ""

    def person(self, chat_id: str) -> Scripted:
        return Scripted(CollectingChannel(self.app.engine, TEXT_ONLY), chat_id, self.clock)


Route = Callable[[World, Scripted], Awaitable[None]]


async def _member(w: World, p: Scripted) -> None:
    await join(p, w.invites.member, "Võ Thị Hoa")


async def _treasurer_at_show(w: World, p: Scripted, *, confirmed: bool = False) -> None:
    await join(p, w.invites.treasurer, "Đặng Văn Quỹ")
    if confirmed:  # by another treasurer (the one who confirmed an entry never corrects it)
        await _confirm_by_the_school_treasurer(w, "CT-2026-000001")
    await p.say("/tracuu")
    await p.say("CT-2026-000001")  # placeholder: each example points the state at a fresh contribution


async def _treasurer_finding(w: World, p: Scripted, name: str) -> None:
    """The treasurer typing a giver's name where a code is asked (decision 0184): two namesakes of PDT, Lò
    Thị Xuân and Lò Văn Xuân, have each a gift (once)."""
    async with w.app.sessionmaker() as session, session.begin():
        if await session.scalar(select(Person.id).where(Person.name_key == "lo thi xuan")) is None:
            org = await session.scalar(select(Organisation))
            assert org is not None
            unit = await session.scalar(select(Unit).where(Unit.org_id == org.id, Unit.code == "PDT"))
            assert unit is not None
            for full, key in (("Lò Thị Xuân", "lo thi xuan"), ("Lò Văn Xuân", "lo van xuan")):
                giver = Person(org_id=org.id, unit_id=unit.id, full_name=full, name_key=key, created_at=NOW)
                session.add(giver)
                await session.flush()
                gift = NewContribution("money", 100_000)
                await record_contribution(session, person=giver, recorded_by=giver, entry=gift, now=NOW)
    await _then(join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/tracuu")
    await p.say(name)


async def _confirm_by_the_school_treasurer(w: World, ref: str) -> None:
    async with w.app.sessionmaker() as session, session.begin():
        entry = await session.scalar(select(Contribution).where(Contribution.ref == ref))
        assert entry is not None
        if entry.status == "recorded":
            await decide(session, entry, confirmed=True, actor=await _school_treasurer(session), now=NOW)


async def _school_treasurer(session):  # type: ignore[no-untyped-def]
    mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai", Person.listed))
    return await actor_for(session, mai)


async def _case_step(w: World, p: Scripted, answers: int) -> None:
    """An officer recording a household's case, `answers` of its three texts typed."""
    await _then(
        _officer(w, p), p, "/hoancanh", "Ghi nhận hoàn cảnh mới", "Một hộ", "Không có trong danh sách"
    )
    for text in ("Hộ bà Lành", "Chồng bệnh nặng", "Viện phí")[:answers]:
        await p.say(text)


async def _member_case(w: World, p: Scripted, *steps: str) -> None:
    """An officer recording a colleague's case, finding her on the list by name: `steps` typed or chosen."""
    await _then(_officer(w, p), p, "/hoancanh", "Ghi nhận hoàn cảnh mới", "Một cán bộ")
    await _typed_or_chosen(p, steps)


async def _member_case_again(w: World, p: Scripted) -> None:
    """A second case for the colleague who has one: the officer is offered the first."""
    await _member_case(w, p, "nguyen thi lan", "Nguyễn Thị Lan", "Ốm nặng", "Viện phí")
    await p.say("/hoancanh")
    await _typed_or_chosen(p, ("Ghi nhận hoàn cảnh mới", "Một cán bộ", "nguyen thi lan", "Nguyễn Thị Lan"))


SUPPORT_LOGGED = ("Ghi nhận hỗ trợ", "Tiền", "2tr", "Không từ Quỹ", "Có")  # a support on the case's page

GIFT_ROUND = (
    "2027 quà Tết",
    "Chọn tất cả",
    "Xong",
    "500k",
    "10 kg gạo",
    "200k",
    "Hôm nay",
    "Không từ Quỹ",
    "Có",
)


async def _gift_round(w: World, p: Scripted, answers: int) -> None:
    """An officer handing one package to the organisation's cases at once, `answers` of its steps taken."""
    await _then(_case_step(w, p, 3), p, "/hoancanh", "Trao quà nhiều hoàn cảnh", *GIFT_ROUND[:answers])


async def _paid_from_the_fund(w: World, p: Scripted) -> None:
    """A treasurer of an organisation that paid support to a case from the Fund outside the drives this year
    (written as it stands, whatever the balance: the spending pages are what is fuzzed)."""
    await join(p, w.invites.treasurer, "Đặng Văn Quỹ")
    async with w.app.sessionmaker() as session, session.begin():
        if await session.scalar(select(func.count()).select_from(CaseSupport)):
            return
        org = await session.scalar(select(Organisation))
        assert org is not None
        case = HardshipCase(
            org_id=org.id,
            subject="household",
            name="Hộ bà Lành",
            circumstances="ốm",
            needs="thuốc",
            created_at=NOW,
        )
        session.add(case)
        await session.flush()
        session.add(
            CaseSupport(
                case_id=case.id, kind="money", amount_vnd=500_000, source="fund", delivered_on=NOW.date(),
                created_at=NOW,
            )
        )  # fmt: skip


async def _give(w: World, p: Scripted, *typed: str) -> None:
    await _member(w, p)
    await p.say("/donggop")
    for label in typed:
        await p.choose(label)


async def _giver_withdrawing(w: World, p: Scripted) -> None:
    """A member who gave, at the last look of withdrawing it from their own look-up."""
    await _give(w, p, "ngoài các đợt vận động", "Tiền")
    await _say_all(p, "100k", "Bỏ qua")
    ref = re.search(r"CT-\d{4}-\d{6}", await p.choose("Có"))
    assert ref is not None
    await p.say(f"/tracuu {ref.group()}")
    await p.choose("Rút lại")


# The bank's statement a treasurer sends: the giver's 100.000 ₫ with its code, and eleven credits without one
# (more than the summary lists: their group pages).
STATEMENT = "\ufeffNgày;Nội dung;Ghi có\n21/11/2026;CT2026000001 ung ho;100.000\n" + "".join(
    f"22/11/2026;UNG HO {n};{n}0.000\n" for n in range(1, 12)
)


# CT-2026-000001 paid twice over: its credits come to 150.000 ₫, an amount that differs.
DIFFERING = STATEMENT + "23/11/2026;CT 2026 1 chuyen them;50.000\n"


async def _reconciling(
    w: World, p: Scripted, *steps: str, sent: bool = True, content: str = STATEMENT
) -> None:
    """The treasurer on a messenger that carries files, at “Đối chiếu sao kê ngân hàng”; `sent`: with the
    statement (`content`) sent, then `steps`."""
    p.channel.can_send_files = True
    await _then(join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/xacnhan", "Đối chiếu sao kê")
    if sent:
        stored = store(w.app.settings.media_dir, content.encode(), ".csv")
        p.clock.advance(seconds=1)
        statement = Attachment("sao-ke.csv", stored.sha256, stored.path, stored.size)
        p.last = await p.channel.receive(p.chat_id, attachment=statement, at=p.clock())
        await _then(asyncio.sleep(0), p, *steps)


# The commune's review list an officer sends: the listed household of PDT, and a name nobody lists.
POVERTY_LIST = "Họ và tên chủ hộ;Phân loại\nHa Thi Sau;HN\nNguyễn Văn Vắng;CN\n"


async def _poverty(w: World, p: Scripted, *, found: bool = False, sent: bool = False) -> None:
    """The union officer of PDT at “Hộ nghèo, cận nghèo” (a household of PDT on the list); `found`: with the
    household searched for by name; `sent`: with the review's list sent as a file."""
    await _listed_household(w)
    p.channel.can_send_files = True
    await _then(_officer(w, p), p, "/hongheo")
    if found:
        await p.choose("Cập nhật một hộ")
        await p.say("ha thi sau")
    if sent:
        await p.choose("Gửi danh sách rà soát")
        stored = store(w.app.settings.media_dir, POVERTY_LIST.encode(), ".csv")
        p.clock.advance(seconds=1)
        sent_file = Attachment("ra-soat.csv", stored.sha256, stored.path, stored.size)
        p.last = await p.channel.receive(p.chat_id, attachment=sent_file, at=p.clock())


async def _linked(w: World, p: Scripted) -> None:
    """A member with a second account linked by a code (so one of them can be unlinked)."""
    await _member(w, p)
    code = LINK_CODE.search(await p.say("/lienket"))
    assert code is not None
    await w.person(f"{p.chat_id}-other").say(code.group())


ROUTES: dict[str, Route] = {
    "onboarding/code": lambda w, p: p.say("/start"),
    "onboarding/name": lambda w, p: p.say(w.invites.member),
    "onboarding/proof": lambda w, p: _say_all(p, w.invites.member, DEMO_CLAIM[0]),
    "onboarding/unlisted": lambda w, p: _say_all(p, w.invites.member, "Võ Thị Hoa"),
    "onboarding/consent": lambda w, p: _say_all(p, w.invites.member, "Võ Thị Hoa", NOT_LISTED),
    "onboarding/language": lambda w, p: _say_all(p, w.invites.member, "Võ Thị Hoa", NOT_LISTED, "1"),
    "onboarding/same_household": lambda w, p: _second_household_phone(w, p),
    "onboarding/listed_record": lambda w, p: _listed_household_phone(w, p),
    "onboarding/early_language": lambda w, p: p.say("/language"),
    "menu/main": _member,
    "menu/language": lambda w, p: _then(_member(w, p), p, "/ngonngu"),
    "commit/whose": lambda w, p: _then(_head_with_a_unit(w, p), p, "/dangky"),
    "commit/year": lambda w, p: _then(_next_year_open(w, p), p, "/dangky"),
    "commit/pick": lambda w, p: _then(_member(w, p), p, "/dangky"),
    "commit/pick#organisation": lambda w, p: _then(_head_with_a_unit(w, p), p, "/dangky", "Của cơ quan"),
    "commit/target": lambda w, p: _then(_member(w, p), p, "/dangky", "Ngày công", "Xong"),
    "commit/target#money": lambda w, p: _then(_member(w, p), p, "/dangky", "Ủng hộ Quỹ", "Xong"),
    "commit/review": lambda w, p: _then(_member(w, p), p, "/dangky", "Ngày công", "Xong", "2"),
    "commit/view": lambda w, p: _then(_member(w, p), p, "/dangky", "Ngày công", "Xong", "2", "Có", "/dangky"),
    "give/drive": lambda w, p: _give(w, p),
    "give/kind": lambda w, p: _give(w, p, "ngoài các đợt vận động"),
    "give/amount": lambda w, p: _give(w, p, "ngoài các đợt vận động", "Tiền"),
    "give/goods": lambda w, p: _give(w, p, "Áo ấm", "Hiện vật"),
    "give/value": lambda w, p: _then(_give(w, p, "Áo ấm", "Hiện vật"), p, "5 áo ấm"),
    "give/days": lambda w, p: _give(w, p, "ngoài các đợt vận động", "Ngày công"),
    "give/note": lambda w, p: _then(_give(w, p, "ngoài các đợt vận động", "Tiền"), p, "200k"),
    "give/note#photo": lambda w, p: _then(_give(w, p, "ngoài các đợt vận động", "Tiền"), p, "200k"),
    "give/confirm": lambda w, p: _then(_give(w, p, "ngoài các đợt vận động", "Tiền"), p, "200k", "Bỏ qua"),
    "give/again": lambda w, p: _gifts_keyword_at_its_last_look(w, p),
    "ledger/ask": lambda w, p: _then(join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/tracuu"),
    "ledger/show": _treasurer_at_show,
    "ledger/reason": lambda w, p: _then(_treasurer_at_show(w, p), p, "Chưa nhận"),
    "ledger/other": lambda w, p: _then(_treasurer_at_show(w, p), p, "Nhận số khác"),
    "ledger/other_confirm": lambda w, p: _then(_treasurer_at_show(w, p), p, "Nhận số khác", "30k"),
    "ledger/reverse": lambda w, p: _then(_treasurer_at_show(w, p, confirmed=True), p, "Hủy bằng bút toán"),
    "ledger/reverse_confirm": lambda w, p: _then(
        _then(_treasurer_at_show(w, p, confirmed=True), p, "Hủy bằng bút toán"), p, REVERSE_REASON
    ),
    "ledger/correct": lambda w, p: _then(_treasurer_at_show(w, p, confirmed=True), p, "Sửa số tiền"),
    "ledger/correct_reason": lambda w, p: _then(
        _treasurer_at_show(w, p, confirmed=True), p, "Sửa số tiền", "70k"
    ),
    "ledger/correct_confirm": lambda w, p: _then(
        _treasurer_at_show(w, p, confirmed=True), p, "Sửa số tiền", "70k", REVERSE_REASON
    ),
    "ledger/withdraw": _giver_withdrawing,
    "ledger/pick": lambda w, p: _treasurer_finding(w, p, "lo xuan"),
    "ledger/gifts": lambda w, p: _treasurer_finding(w, p, "lo thi xuan"),
    "statement/drive": lambda w, p: _then(join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/saoke"),
    "statement/page": lambda w, p: _then(
        join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/saoke", "ngoài các đợt vận động"
    ),
    "statement/public": lambda w, p: _then(
        _made_admin(w, p), p, "/saoke", "ngoài các đợt vận động", "Trang công khai trên web"
    ),
    "statement/renew": lambda w, p: _then(
        _made_admin(w, p), p, "/saoke", "ngoài các đợt vận động", "Trang công khai trên web", "Đổi đường dẫn"
    ),
    # the Fund's message for a group chat sent on its own, the statement's page again (decision 0109)
    "statement/page#group": lambda w, p: _then(
        _officer(w, p), p, "/saoke", "ngoài các đợt vận động", "Tin nhắn gửi nhóm"
    ),
    "statement/spending": lambda w, p: _then(
        _paid_from_the_fund(w, p), p, "/saoke", "ngoài các đợt vận động", "Các khoản chi"
    ),
    "publicname/ask": lambda w, p: _then(_member(w, p), p, "/congkhai"),
    "publicname/first": lambda w, p: _then(
        _give(w, p, "ngoài các đợt vận động", "Tiền"), p, "200k", "Bỏ qua", "Có"
    ),
    "cases/list": lambda w, p: _then(_officer(w, p), p, "/hoancanh"),
    "cases/subject": lambda w, p: _then(_officer(w, p), p, "/hoancanh", "Ghi nhận hoàn cảnh mới"),
    "cases/find": lambda w, p: _then(_officer(w, p), p, "/hoancanh", "Ghi nhận hoàn cảnh mới", "Một cán bộ"),
    "cases/pick": lambda w, p: _member_case(w, p, "nguyen thi lan"),
    "cases/same": _member_case_again,
    "cases/name": lambda w, p: _then(
        _officer(w, p), p, "/hoancanh", "Ghi nhận hoàn cảnh mới", "Một hộ", "Không có trong danh sách"
    ),
    "cases/circumstances": lambda w, p: _case_step(w, p, 1),
    "cases/needs": lambda w, p: _case_step(w, p, 2),
    "cases/page": lambda w, p: _case_step(w, p, 3),
    "cases/kind": lambda w, p: _then(_case_step(w, p, 3), p, "Ghi nhận hỗ trợ"),
    "cases/goods": lambda w, p: _then(_case_step(w, p, 3), p, "Ghi nhận hỗ trợ", "Hiện vật"),
    "cases/amount": lambda w, p: _then(_case_step(w, p, 3), p, "Ghi nhận hỗ trợ", "Tiền"),
    "cases/amount#goods": lambda w, p: _then(
        _case_step(w, p, 3), p, "Ghi nhận hỗ trợ", "Hiện vật", "2 bao gạo"
    ),
    "cases/bought": lambda w, p: _then(
        _case_step(w, p, 3), p, "Ghi nhận hỗ trợ", "Hiện vật", "2 bao gạo", "300k", "Quỹ (ngoài"
    ),
    "cases/source": lambda w, p: _then(_case_step(w, p, 3), p, "Ghi nhận hỗ trợ", "Tiền", "2tr"),
    "cases/support_confirm": lambda w, p: _then(
        _case_step(w, p, 3), p, "Ghi nhận hỗ trợ", "Tiền", "2tr", "Không từ Quỹ"
    ),
    "cases/drive": lambda w, p: _then(_case_step(w, p, 3), p, "Gắn một đợt vận động"),
    "cases/cancel": lambda w, p: _then(_case_step(w, p, 3), p, *SUPPORT_LOGGED, "Hủy một khoản hỗ trợ"),
    "cases/cancel_reason": lambda w, p: _then(
        _case_step(w, p, 3), p, *SUPPORT_LOGGED, "Hủy một khoản hỗ trợ", "1"
    ),
    "cases/cancel_confirm": lambda w, p: _then(
        _case_step(w, p, 3), p, *SUPPORT_LOGGED, "Hủy một khoản hỗ trợ", "1", "1 vắng mặt hôm trao"
    ),
    "giftround/title": lambda w, p: _gift_round(w, p, 0),
    "giftround/cases": lambda w, p: _gift_round(w, p, 1),
    "giftround/money": lambda w, p: _gift_round(w, p, 3),
    "giftround/goods": lambda w, p: _gift_round(w, p, 4),
    "giftround/goods_value": lambda w, p: _gift_round(w, p, 5),
    "giftround/day": lambda w, p: _gift_round(w, p, 6),
    "giftround/source": lambda w, p: _gift_round(w, p, 7),
    "giftround/bought": lambda w, p: _then(
        _case_step(w, p, 3), p, "/hoancanh", "Trao quà nhiều hoàn cảnh", *GIFT_ROUND[:7], "Quỹ (ngoài"
    ),
    "giftround/confirm": lambda w, p: _gift_round(w, p, 8),
    "giftround/done": lambda w, p: _gift_round(w, p, 9),
    "giftround/over": lambda w, p: _then(  # the Fund has no rice to give: refused before the last look
        _case_step(w, p, 3),
        p,
        "/hoancanh",
        "Trao quà nhiều hoàn cảnh",
        *GIFT_ROUND[:7],
        "Quỹ (ngoài",
        "Hiện vật được",
    ),
    "queue/drive": lambda w, p: _then(join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/xacnhan"),
    "queue/list": lambda w, p: _then(join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/xacnhan", "Quỹ"),
    "queue/sure": lambda w, p: _then(
        join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/xacnhan", "Quỹ", "1", "Xác nhận các khoản"
    ),
    "queue/reason": lambda w, p: _then(
        join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/xacnhan", "Quỹ", "1", "Từ chối các khoản"
    ),
    "handin/collectors": lambda w, p: _handing_in(w, p),
    "handin/collector": lambda w, p: _handing_in(w, p, "Cán Bộ Công Đoàn"),
    "handin/list": lambda w, p: _handing_in(w, p, "Cán Bộ Công Đoàn", "Chọn từng khoản"),
    "handin/sure": lambda w, p: _handing_in(w, p, "Cán Bộ Công Đoàn", "Xác nhận tất cả"),
    "handin/reason": lambda w, p: _handing_in(
        w, p, "Cán Bộ Công Đoàn", "Chọn từng khoản", "1", "Từ chối các khoản"
    ),
    "poverty/start": lambda w, p: _poverty(w, p),  # a household on the list: no units without (0126)
    "poverty/list": lambda w, p: _then(_poverty(w, p), p, "Danh sách hộ"),
    "poverty/find": lambda w, p: _then(_poverty(w, p), p, "Cập nhật một hộ"),
    "poverty/pick": lambda w, p: _then(_poverty(w, p, found=True), p),
    "poverty/set": lambda w, p: _then(_poverty(w, p, found=True), p, "Hà Thị Sáu"),
    "poverty/file": lambda w, p: _then(_poverty(w, p), p, "Gửi danh sách rà soát"),
    "poverty/review": lambda w, p: _poverty(w, p, sent=True),
    "reconcile/file": lambda w, p: _reconciling(w, p, sent=False),
    "reconcile/summary": lambda w, p: _reconciling(w, p),
    "reconcile/list": lambda w, p: _reconciling(w, p, "Xem tất cả khoản không có mã"),
    "reconcile/sure": lambda w, p: _reconciling(w, p, "Xác nhận 1 khoản khớp"),
    "link/start": lambda w, p: _then(_member(w, p), p, "/lienket"),
    "link/reach": lambda w, p: _then(_member(w, p), p, "/lienket", "Nơi nhận lời nhắc"),
    "link/unlink": lambda w, p: _then(_linked(w, p), p, "/lienket", "Bỏ liên kết"),
    "link/unlink_confirm": lambda w, p: _then(_linked(w, p), p, "/lienket", "Bỏ liên kết", "2"),
    "reminder/settings": lambda w, p: _then(_member(w, p), p, "/nhacnho"),
    "invite/role": lambda w, p: _then(_officer(w, p), p, "/mamoi"),
    "invite/unit": lambda w, p: _then(_officer(w, p), p, "/mamoi", "Thành viên"),
    "invite/list": lambda w, p: _then(_officer(w, p), p, "/mamoi", OPEN_CODES),
    "invite/withdraw": lambda w, p: _then(_officer(w, p), p, "/mamoi", OPEN_CODES, "1"),
    "remit/amount": lambda w, p: _remitting(w, p, "Nộp về quỹ cấp trên"),
    "remit/board": lambda w, p: _remitting(w, p, "Nộp về quỹ cấp trên", "1tr"),
    "remit/board_name": lambda w, p: _remitting(w, p, "Nộp về quỹ cấp trên", "1tr", "Nhập tên khác"),
    "remit/day": lambda w, p: _remitting(w, p, "Nộp về quỹ cấp trên", "1tr", COMMUNE_BOARD),
    "remit/receipt": lambda w, p: _remitting(w, p, "Nộp về quỹ cấp trên", "1tr", COMMUNE_BOARD, "hom nay"),
    "remit/photo": lambda w, p: _remitting(
        w, p, "Nộp về quỹ cấp trên", "1tr", COMMUNE_BOARD, "hom nay", "Bỏ qua"
    ),
    "remit/confirm": lambda w, p: _remitting(
        w, p, "Nộp về quỹ cấp trên", "1tr", COMMUNE_BOARD, "hom nay", "Bỏ qua", "Bỏ qua"
    ),
    "remit/cancel": lambda w, p: _remitting(w, p, HANDED),
    "remit/cancel_reason": lambda w, p: _remitting(w, p, HANDED, f"{COMMUNE_BOARD}"),
    "remit/cancel_confirm": lambda w, p: _remitting(w, p, HANDED, f"{COMMUNE_BOARD}", "Ghi trùng"),
    "drive/list": lambda w, p: _then(_officer(w, p), p, "/dotvandong"),
    "drive/title": lambda w, p: _new_drive(w, p, 0),
    "drive/dates": lambda w, p: _new_drive(w, p, 1),
    "drive/target": lambda w, p: _new_drive(w, p, 2),
    "drive/fund": lambda w, p: _new_drive(w, p, 3),
    "drive/kinds": lambda w, p: _new_drive(w, p, 4),
    "drive/level": lambda w, p: _new_drive(w, p, 5),
    "drive/units": lambda w, p: _new_drive(w, p, 6),
    "drive/review": lambda w, p: _new_drive(w, p, 7),
    "drive/show": lambda w, p: _then(_officer(w, p), p, "/dotvandong", OWN_DRIVE),
    "drive/show#group": lambda w, p: _then(_officer(w, p), p, "/dotvandong", OWN_DRIVE, "Tin nhắn gửi nhóm"),
    "drive/dates#edit": lambda w, p: _then(_officer(w, p), p, "/dotvandong", OWN_DRIVE, "Đổi ngày"),
    "drive/target#edit": lambda w, p: _then(_officer(w, p), p, "/dotvandong", OWN_DRIVE, "Đổi mục tiêu"),
    "drive/close": lambda w, p: _then(_officer(w, p), p, "/dotvandong", OWN_DRIVE, "Đóng đợt"),
    "drive/who": lambda w, p: _then(_officer(w, p), p, "/dotvandong", OWN_DRIVE, "Ai chưa ủng hộ"),
    "drive/public": lambda w, p: _then(
        _officer(w, p), p, "/dotvandong", OWN_DRIVE, "Trang công khai trên web"
    ),
    "drive/renew": lambda w, p: _then(
        _officer(w, p), p, "/dotvandong", OWN_DRIVE, "Trang công khai trên web", "Đổi đường dẫn"
    ),
    "appeal/list": lambda w, p: _then(_officer(w, p), p, "/keugoi"),
    "appeal/text": lambda w, p: _appeal(w, p),
    "appeal/drive": lambda w, p: _appeal(w, p, "Mời anh chị ủng hộ"),
    "appeal/audience": lambda w, p: _appeal(w, p, "Mời anh chị ủng hộ", "ngoài các đợt"),
    "appeal/units": lambda w, p: _appeal(w, p, "Mời anh chị ủng hộ", "ngoài các đợt", "Một số đơn vị"),
    "appeal/role": lambda w, p: _appeal(w, p, "Mời anh chị ủng hộ", "ngoài các đợt", "Theo vai trò"),
    "appeal/preview": lambda w, p: _appeal(w, p, "Mời anh chị ủng hộ", "ngoài các đợt", "Tất cả"),
    "appeal/when": lambda w, p: _appeal(w, p, "Mời anh chị ủng hộ", "ngoài các đợt", "Tất cả", "Hẹn giờ"),
    "appeal/large": lambda w, p: _appeal(w, p, "Mời anh chị ủng hộ", "ngoài các đợt", "Tất cả", "Gửi ngay"),
    "appeal/status": lambda w, p: _appeal(w, p, *SENT),
    "appeal/status#group": lambda w, p: _appeal(w, p, *SENT, "Tin nhắn gửi nhóm"),
    "appeal/cancel": lambda w, p: _appeal(w, p, *SENT, "Hủy lời kêu gọi"),
    "appeal/follow": lambda w, p: _followed(w, p),
    "behalf/find": lambda w, p: _behalf(w, p),
    "behalf/pick": lambda w, p: _behalf(w, p, "pham minh tuan"),
    "behalf/what": lambda w, p: _behalf(w, p, "pham minh tuan", "Phạm Minh Tuấn"),
    "yearreport/start": lambda w, p: _then(_head_with_a_unit(w, p), p, "/baocaonam"),
    "phasereport/start": lambda w, p: _then(_head_with_a_unit(w, p), p, "/baocaogiaidoan"),
    "award/start": lambda w, p: _award(w, p),
    "award/form": lambda w, p: _award(w, p, "Đề nghị khen thưởng"),
    "award/whom": lambda w, p: _award(w, p, "Đề nghị khen thưởng", AWARD),
    "award/unit": lambda w, p: _award(w, p, "Đề nghị khen thưởng", AWARD, "Chính đơn vị", head=True),
    "award/unit#organisation": lambda w, p: _award(w, p, *PROPOSE_ORG[:3], head=True),
    "award/summary#organisation": lambda w, p: _award(w, p, *PROPOSE_ORG[:4], head=True),
    "award/confirm#organisation": lambda w, p: _award(w, p, *PROPOSE_ORG, head=True),
    "award/find": lambda w, p: _award(w, p, *PROPOSE[:3]),
    "award/pick": lambda w, p: _award(w, p, *PROPOSE[:4]),
    "award/summary": lambda w, p: _award(w, p, *PROPOSE[:5]),
    "award/confirm": lambda w, p: _award(w, p, *PROPOSE[:6]),
    "award/list": lambda w, p: _award(w, p, "Danh sách đề nghị"),
    "award/withdraw": lambda w, p: _award(w, p, *PROPOSE, "Danh sách đề nghị", "Rút:"),
    "award/change": lambda w, p: _award(w, p, *CHANGE),
    "award/change_form": lambda w, p: _award(w, p, *CHANGE, "Hình thức khen thưởng"),
    "award/change_summary": lambda w, p: _award(w, p, *CHANGE, "Thành tích"),
    "award/change_confirm": lambda w, p: _award(w, p, *CHANGE, "Thành tích", "Tích cực giúp hộ nghèo thôn 3"),
    "award/dossier": lambda w, p: _award(w, p, *PROPOSE, "Tờ trình và danh sách", head=True),
    "award/outcome_form": lambda w, p: _award(w, p, *PROPOSE, "Ghi kết quả cho tất cả", head=True),
    "award/draft_decision": lambda w, p: _award(w, p, *PROPOSE, "Quyết định khen thưởng", head=True),
    "award/outcome": lambda w, p: _award(w, p, *DECIDE[:-2], head=True),
    "award/decision": lambda w, p: _award(w, p, *DECIDE[:-1], head=True),
    "award/outcome_confirm": lambda w, p: _award(w, p, *DECIDE, head=True),
    "achievement/start": lambda w, p: _then(_proposed_twice(w, p), p, "/thanhtich"),
    "result/whose": lambda w, p: _then(join(p, w.invites.leader, "Lãnh Đạo Phòng"), p, "/ketqua"),
    "result/whose#organisation": lambda w, p: _then(_head_with_a_unit(w, p), p, "/ketqua"),
    "result/criterion#organisation": lambda w, p: _then(_head_with_a_unit(w, p), p, "/ketqua", "Của cơ quan"),
    "result/criterion": lambda w, p: _result(w, p),
    "result/quantity": lambda w, p: _result(w, p, *RECORD[:1]),
    "result/what": lambda w, p: _result(w, p, *RECORD[:2]),
    "result/photo": lambda w, p: _result(w, p, *RECORD[:3]),
    "result/photo#photo": lambda w, p: _result(w, p, *RECORD[:3]),
    "result/confirm": lambda w, p: _result(w, p, *RECORD[:4]),
    "result/mine": lambda w, p: _result(w, p, *RECORD, "/ketqua", "Kết quả đã ghi"),
    "result/withdraw": lambda w, p: _result(w, p, *RECORD, "/ketqua", "Kết quả đã ghi", "Rút lại:"),
    "result/unit": lambda w, p: _unit_results(w, p),
    "result/reason": lambda w, p: _unit_results(w, p, "Không ghi nhận:"),
    "roles/start": lambda w, p: _roles(w, p),
    "roles/holders": lambda w, p: _roles(w, p, "Ai giữ vai trò nào"),
    "roles/find": lambda w, p: _roles(w, p, *GRANT_ROLE[:1]),
    "roles/pick": lambda w, p: _roles(w, p, *GRANT_ROLE[:2]),
    "roles/role": lambda w, p: _roles(w, p, *GRANT_ROLE[:3]),
    "roles/where": lambda w, p: _roles(w, p, *GRANT_ROLE[:4]),
    "roles/confirm": lambda w, p: _roles(w, p, *GRANT_ROLE),
    "roles/held": lambda w, p: _roles(w, p, "Thu hồi vai trò", "tran thi mai", "Trần Thị Mai"),
    "roles/revoke": lambda w, p: _roles(w, p, "Thu hồi vai trò", "tran thi mai", "Trần Thị Mai", "Thủ quỹ"),
    "roles/gone": lambda w, p: _roles(w, p, *LEAVER),
    "roles/gone_confirm": lambda w, p: _roles(w, p, *LEAVER, "Hôm nay"),
    "roles/back": lambda w, p: _roles_of_one_gone(w, p),
    "account/start": lambda w, p: _account(w, p),
    "account/bank": lambda w, p: _account(w, p, "Đặt tài khoản"),
    "account/number": lambda w, p: _account(w, p, *SET_ACCOUNT[:2]),
    "account/holder": lambda w, p: _account(w, p, *SET_ACCOUNT[:3]),
    "account/confirm": lambda w, p: _account(w, p, *SET_ACCOUNT),
    "account/start#roles": lambda w, p: _roles(w, p, "Tài khoản nhận ủng hộ"),
    "account/clear": lambda w, p: _account(w, p, *SET_ACCOUNT, "Có", "/taikhoan", "Xóa tài khoản"),
    "drive/account": lambda w, p: _admin_drive(w, p, "Mở đợt vận động mới", *NEW_DRIVE),
    "drive/bank": lambda w, p: _admin_drive(w, p, "Mở đợt vận động mới", *NEW_DRIVE, *OWN_ACCOUNT[:1]),
    "drive/number": lambda w, p: _admin_drive(w, p, "Mở đợt vận động mới", *NEW_DRIVE, *OWN_ACCOUNT[:2]),
    "drive/holder": lambda w, p: _admin_drive(w, p, "Mở đợt vận động mới", *NEW_DRIVE, *OWN_ACCOUNT[:3]),
    "drive/review#own": lambda w, p: _admin_drive(w, p, "Mở đợt vận động mới", *NEW_DRIVE, *OWN_ACCOUNT),
    "drive/account#edit": lambda w, p: _admin_drive(w, p, OWN_DRIVE, "Đổi tài khoản"),
    "drive/account_confirm": lambda w, p: _admin_drive(
        w, p, OWN_DRIVE, "Đổi tài khoản", "Tài khoản chung của cơ quan"
    ),
    "drive/account_confirm#own": lambda w, p: _admin_drive(w, p, OWN_DRIVE, "Đổi tài khoản", *OWN_ACCOUNT),
    "collected/page": lambda w, p: _collected(w, p),
    "donor/name": lambda w, p: _donor(w, p),
    "donor/pick": lambda w, p: _donor(w, p, "minh phat"),
    "donor/public": lambda w, p: _donor(w, p, "Công ty TNHH Hòa Bình"),
    "donor/unit": lambda w, p: _donor(w, p, "Công ty TNHH Hòa Bình", "Có", everywhere=True),
    "reconcile/credit": lambda w, p: _reconciling(w, p, "Ghi khoản không có mã"),
    "reconcile/differing": lambda w, p: _reconciling(w, p, "Từ chối khoản lệch", content=DIFFERING),
    "reconcile/why": lambda w, p: _reconciling(
        w, p, "Từ chối khoản lệch", "CT-2026-000001", content=DIFFERING
    ),
    "reconcile/receivable": lambda w, p: _reconciling(w, p, "Xác nhận theo số tiền", content=DIFFERING),
    "reconcile/take": lambda w, p: _reconciling(
        w, p, "Xác nhận theo số tiền", "CT-2026-000001", content=DIFFERING
    ),
}


async def _donor(w: World, p: Scripted, *steps: str, everywhere: bool = False) -> None:
    """The union officer of the demo's unit PDT (`everywhere`: of the whole organisation, asked the unit)
    recording a gift from a donor outside the organisation (/nhahaotam), with one donor recorded before,
    then `steps`."""
    await _officer(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        officer = await session.scalar(
            select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == p.chat_id)
        )
        assert officer is not None
        await donor_for(session, await actor_for(session, officer), "Công ty TNHH Minh Phát", now=NOW)
        if everywhere:
            session.add(
                RoleAssignment(person_id=officer.id, role="officer", org_id=officer.org_id, granted_at=NOW)
            )
    await p.say("/nhahaotam")
    await _typed_or_chosen(p, steps)


# The office makes the demo's listed leader (who never joined) a leader of Phòng Đào tạo (decision 0078).
GRANT_ROLE = ("Giao vai trò", "pham minh tuan", "Phạm Minh Tuấn", "Thủ quỹ", "Phòng Đào tạo")


# The organisation's receiving account set in the chat, and a drive's own (decision 0084).
SET_ACCOUNT = ("Đặt tài khoản", "Vietcombank", "0123456789", "CONG DOAN TRUONG")
OWN_ACCOUNT = ("Tài khoản khác", "BIDV", "12010000123456", "UB MTTQ XA TAN HOA")


async def _account(w: World, p: Scripted, *steps: str) -> None:
    """The organisation's admin at “Tài khoản nhận ủng hộ” (/taikhoan), then `steps`."""
    await _made_admin(w, p)
    await p.say("/taikhoan")
    await _typed_or_chosen(p, steps)


async def _admin_drive(w: World, p: Scripted, *steps: str) -> None:
    """The organisation's admin at the drives (/dotvandong), then `steps`."""
    await _made_admin(w, p)
    await p.say("/dotvandong")
    await _typed_or_chosen(p, steps)


async def _roles(w: World, p: Scripted, *steps: str) -> None:
    """A member made the organisation's admin, in “Phân quyền”, then `steps`."""
    await _made_admin(w, p)
    await p.say("/phanquyen")
    await _typed_or_chosen(p, steps)


LEAVER = ("Người đã nghỉ", "tran thi mai", "Trần Thị Mai")


async def _roles_of_one_gone(w: World, p: Scripted) -> None:
    """An admin finding Trần Thị Mai, recorded as gone, under “Người đã nghỉ”: to take it back."""
    await _made_admin(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai", Person.listed))
        assert mai is not None
        await mark_left(session, Operator(mai.org_id), mai, on=NOW.date(), now=NOW)
    await p.say("/phanquyen")
    await _typed_or_chosen(p, LEAVER)


async def _made_admin(w: World, p: Scripted) -> None:
    """A member made the organisation's admin."""
    await _member(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        person = await session.scalar(
            select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == p.chat_id)
        )
        assert person is not None
        session.add(RoleAssignment(person_id=person.id, role="admin", org_id=person.org_id, granted_at=NOW))


RECORD = ("Số hộ nghèo", "2", "Giúp hộ bà Lành sửa nhà", "Bỏ qua", "Có")


async def _result(w: World, p: Scripted, *steps: str) -> None:
    """A member recording a result (/ketqua), then `steps`."""
    await _then(_member(w, p), p, "/ketqua")
    await _typed_or_chosen(p, steps)


async def _unit_results(w: World, p: Scripted, *steps: str) -> None:
    """The leader of the demo's unit PDT at the list of its results (one a colleague's), then `steps`."""
    async with w.app.sessionmaker() as session, session.begin():
        mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai", Person.listed))
        assert mai is not None and mai.unit_id is not None
        campaign = await session.scalar(select(Campaign))
        helped = await session.scalar(select(Criterion.id).where(Criterion.code == "giup-ho-ngheo"))
        assert campaign is not None and helped is not None
        await record_result(
            session, mai, campaign_id=campaign.id, year=2026, criterion_id=helped, quantity=3,
            description="Giúp 3 hộ thôn 3", now=NOW,
        )  # fmt: skip
    await join(p, w.invites.leader, "Lãnh Đạo Phòng")
    await _then(p.say("/ketqua"), p, "Kết quả của các đơn vị")
    await _typed_or_chosen(p, steps)


AWARD = "Giấy khen của Thủ trưởng"
PROPOSE = (
    "Đề nghị khen thưởng",
    AWARD,
    "Cá nhân trong đơn vị",
    "tran thi mai",
    "Trần Thị Mai",
    "Tích cực",
    "Có",
)
# The council's decision on Mai's proposal, recorded by the office (docs/decisions/0063).
CHANGE = (*PROPOSE, "Danh sách đề nghị", "Sửa:")  # a proposal changed in place (docs/decisions/0210)
DECIDE = (*PROPOSE, "Danh sách đề nghị", "Ghi kết quả xét:", "Được khen thưởng", "Bỏ qua")
# The school itself, by its head, for an award conferred above it (docs/decisions/0060).
PROPOSE_ORG = ("Đề nghị khen thưởng", "Giấy khen của Giám đốc Sở", "Tập thể: cơ quan", "Cơ quan", "Tích cực")
OWN_DRIVE = "Quà Tết của phòng"  # a drive of the officer's unit (made in the world fixture)
NEW_DRIVE = ("Áo ấm 2027", "1/12/2026 - 31/12/2026", "10tr", "Có, cho Quỹ", "Tiền", "Bỏ qua", "Phòng Đào tạo")
SENT = ("Mời anh chị ủng hộ", "ngoài các đợt", "Tất cả", "Gửi ngay", "Có")


async def _collected(w: World, p: Scripted) -> None:
    """The union officer of PDT with a donor's gift they recorded, at their list of what they recorded for
    others (/daghithay: docs/decisions/0093)."""
    await _officer(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        officer = await session.scalar(
            select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == p.chat_id)
        )
        assert officer is not None and officer.unit_id is not None
        donor = await donor_for(session, await actor_for(session, officer), "Công ty TNHH Minh Phát", now=NOW)
        entry = NewContribution(kind="money", amount_vnd=500_000, collected_in=officer.unit_id)
        await record_donor_gift(session, donor=donor, recorded_by=officer, public=False, entry=entry, now=NOW)
    await p.say("/daghithay")


async def _handing_in(w: World, p: Scripted, *steps: str) -> None:
    """The treasurer at “Theo người thu” in the queue (docs/decisions/0097), a union officer of PDT having
    recorded a donor's cash, then `steps`."""
    await _collected(w, w.person(f"{p.chat_id}-collector"))
    await _then(join(p, w.invites.treasurer, "Đặng Văn Quỹ"), p, "/xacnhan", "Theo người thu", *steps)


async def _remitting(w: World, p: Scripted, *steps: str) -> None:
    """The union officer of PDT, made an officer of the whole organisation (the Fund outside the drives is
    the whole organisation's: decision 0112), at the Fund's statement, the Fund having 10.000.000 ₫ confirmed
    and 2.000.000 ₫ of it handed over to the commune's board (decision 0108), then `steps`."""
    await _officer(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        officer = await session.scalar(
            select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == p.chat_id)
        )
        assert officer is not None
        session.add(
            RoleAssignment(person_id=officer.id, role="officer", org_id=officer.org_id, granted_at=NOW)
        )
        session.add(ledger_entry(officer, "money", 10_000_000, at=NOW))
        session.add(
            Remittance(
                org_id=officer.org_id, source="fund", amount_vnd=2_000_000, board=COMMUNE_BOARD,
                remitted_on=NOW.date(), created_at=NOW,
            )
        )  # fmt: skip
    await p.say("/saoke")
    await p.choose("ngoài các đợt vận động")
    for step in steps:
        await (p.say(step) if step in TYPED_IN_REMITTING else p.choose(step))


COMMUNE_BOARD = "Ban vận động xã Cẩm Bình"
HANDED = "Hủy một khoản đã nộp"
TYPED_IN_REMITTING = ("1tr", "hom nay", "Ghi trùng")


async def _officer(w: World, p: Scripted) -> None:
    """A union officer of the demo's unit PDT."""
    await join(p, w.officer_code, "Cán Bộ Công Đoàn")


async def _listed_household_phone(w: World, p: Scripted) -> None:
    """A household's phone types the name of a listed household that has no phone on the list."""
    invite = await _listed_household(w)
    await _say_all(p, "/start", invite, "ho ba ha thi sau")


async def _listed_household(w: World) -> str:
    """“Hộ bà Hà Thị Sáu” on the list of PDT, with no phone (once); a household's invite code of PDT."""
    async with w.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        assert org is not None
        unit = await session.scalar(select(Unit).where(Unit.org_id == org.id, Unit.code == "PDT"))
        assert unit is not None
        if await session.scalar(select(Person.id).where(Person.name_key == "ho ba ha thi sau")) is None:
            session.add(
                Person(
                    org_id=org.id,
                    unit_id=unit.id,
                    full_name="Hộ bà Hà Thị Sáu",
                    name_key="ho ba ha thi sau",
                    kind="household",
                    listed=True,
                    created_at=NOW,
                )
            )
        invite = await create_invite(session, org, unit_code="PDT", kind="household", uses=5, now=NOW)
        return invite.code


async def _second_household_phone(w: World, p: Scripted) -> None:
    """A household joined with a household's code; another phone types the same household's name."""
    async with w.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        invite = await create_invite(session, org, unit_code="PDT", kind="household", uses=5, now=NOW)
    first = w.person(f"{p.chat_id}-first")
    await _say_all(first, "/start", invite.code)
    if "chưa có trong danh sách" in await first.say("Hộ bà Lành"):  # the list of PDT has other households
        await first.say(NOT_LISTED)
    await _say_all(first, "1", "1")
    await _say_all(p, "/start", invite.code, "Hộ bà Lành")


async def _next_year_open(w: World, p: Scripted) -> None:
    """A member while the school takes 2027's registrations already (decision 0077): which year?"""
    await _member(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        assert org is not None
        session.add(
            RegistrationWindow(
                org_id=org.id, year=2027, opens_on=date(2026, 11, 15), closes_on=date(2027, 1, 31)
            )
        )


async def _head_with_a_unit(w: World, p: Scripted) -> None:
    """A member of a unit who also leads the whole organisation: asked which report of the year."""
    await _member(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).order_by(Person.id.desc()).limit(1))
        assert person is not None
        session.add(
            RoleAssignment(
                person_id=person.id, role="leader", org_id=person.org_id, unit_id=None, granted_at=NOW
            )
        )


async def _behalf(w: World, p: Scripted, *steps: str) -> None:
    """The officer recording for someone without a messenger account (the demo's listed leader, who never
    joined)."""
    await _then(_officer(w, p), p, "/ghithay")
    await _typed_or_chosen(p, steps)


async def _award(w: World, p: Scripted, *steps: str, head: bool = False) -> None:
    """The leader of the demo's unit PDT (`head`: a leader of every unit, who also compiles the dossiers) in
    the awards menu, then `steps`."""
    await join(p, w.invites.leader, "Lãnh Đạo Phòng")
    if head:
        async with w.app.sessionmaker() as session, session.begin():
            person = await session.scalar(
                select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == p.chat_id)
            )
            assert person is not None
            session.add(
                RoleAssignment(person_id=person.id, role="leader", org_id=person.org_id, granted_at=NOW)
            )
    await p.say("/dekhenthuong")
    await _typed_or_chosen(p, steps)


async def _proposed_twice(w: World, p: Scripted) -> None:
    """A member proposed for both of the year's awards by the unit's leader: asked which report they want."""
    await _member(w, p)
    async with w.app.sessionmaker() as session, session.begin():
        person = await session.scalar(
            select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == p.chat_id)
        )
        leader = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert person is not None and person.unit_id is not None
        actor = await actor_for(session, leader)
        for form in await session.scalars(select(AwardForm).where(AwardForm.occasion == "yearly")):
            await propose_award(
                session,
                actor,
                form_id=form.id,
                year=2026,
                unit_id=person.unit_id,
                person_id=person.id,
                summary="Tích cực",
                now=NOW,
            )


async def _followed(w: World, p: Scripted) -> None:
    """An appeal for a drive gone out to everyone, at the last look of its reminder to those who have not
    given (a drive's appeal only: nobody “has not given” to the Fund's)."""
    await _appeal(w, p, "Mời anh chị ủng hộ", OWN_DRIVE, *SENT[2:])
    async with w.app.sessionmaker() as session, session.begin():
        rows = OutboxMessage.key.like("appeal:%")
        await session.execute(update(OutboxMessage).where(rows).values(status="sent", sent_at=NOW))
    await _then(p.choose("Cập nhật"), p, "Nhắc lại người chưa ủng hộ")


async def _typed_or_chosen(p: Scripted, steps: tuple[str, ...]) -> None:
    """Choose a step when the screen offers it by that label, else type it (a title, an appeal's text)."""
    for step in steps:
        labels = [c.label for r in p.last if r.choices for c in r.choices]
        if any(step.casefold() in label.casefold() for label in labels) and not step[0].isdigit():
            await p.choose(step)
        else:
            await p.say(step)


async def _new_drive(w: World, p: Scripted, answered: int) -> None:
    await _then(_officer(w, p), p, "/dotvandong", "Mở đợt vận động mới")
    await _typed_or_chosen(p, NEW_DRIVE[:answered])


async def _appeal(w: World, p: Scripted, *steps: str) -> None:
    await _then(_officer(w, p), p, "/keugoi", "Soạn lời kêu gọi mới")
    await _typed_or_chosen(p, steps)


async def _say_all(p: Scripted, *typed: str) -> None:
    for text in typed:
        await p.say(text)


OPEN_CODES = "Mã mời đang mở (xem, thu hồi)"  # the officer's list of invite codes, to withdraw one
NOT_LISTED = "Tham gia với tên này"  # a name on no list joins as typed (onboarding/unlisted)
REVERSE_REASON = "1 nhầm số tiền"  # typed before a correction's last look (a digit first: _then types it)


async def _gifts_keyword_at_its_last_look(w: World, p: Scripted) -> None:
    """`đóng góp` typed at a gift's last look: save it, or start again? (decision 0215)"""
    await _then(_give(w, p, "ngoài các đợt vận động", "Tiền"), p, "200k", "Bỏ qua")
    await p.say("dong gop")


async def _then(first: Awaitable[object], p: Scripted, *steps: str) -> None:
    """After `first`, type commands and numbers, and choose every other step by its label."""
    await first
    for step in steps:
        if step.startswith("/") or step.isdigit() or step[0].isdigit():
            await p.say(step)
        else:
            await p.choose(step)


def test_every_step_that_reads_an_answer_is_fuzzed() -> None:
    registry = build_registry()
    answered = {f"{flow.name}/{step}" for flow in registry.flows.values() for step in flow.answers}
    assert answered == {key.split("#")[0] for key in ROUTES}


@dataclass(frozen=True)
class Seeded:
    """The world every route starts from, seeded once per database kind and copied for each test (a SQLite
    file, or a PostgreSQL database to use as a template): seeding it for every test was most of each test's
    time."""

    source: str  # the SQLite file, or the PostgreSQL database's name
    invites: DemoInvites
    officer_code: str


async def _seed_world(app: App) -> tuple[DemoInvites, str]:
    """The demo, a contribution of someone else's (for the treasurer's route to find), a union officer's
    invite and a drive of their unit they may change."""
    clock = MovableClock(NOW)
    invites = await seed_demo(app.sessionmaker, now=NOW)
    giver = Scripted(CollectingChannel(app.engine, TEXT_ONLY), "giver", clock)
    await _give(World(app, invites, clock), giver, "ngoài các đợt vận động", "Tiền")
    await _say_all(giver, "100k", "Bỏ qua", "Có")
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        assert org is not None
        invite = await create_invite(
            session, org, unit_code="PDT", role="officer", uses=1000, expires_days=None, now=NOW
        )
        unit = await session.scalar(select(Unit.id).where(Unit.org_id == org.id, Unit.code == "PDT"))
        own = NewDrive(OWN_DRIVE, date(2026, 11, 1), date(2027, 2, 28), unit_ids=(unit,))
        await create_drive(session, Operator(org.id), own, now=NOW)
        return invites, invite.code


def _seeded_at(url: str, media: Path) -> tuple[DemoInvites, str]:
    async def seed() -> tuple[DemoInvites, str]:
        app = build_app(Settings(database_url=url, media_dir=media, _env_file=None), MovableClock(NOW))  # type: ignore[call-arg]
        try:
            return await _seed_world(app)
        finally:
            await app.close()

    return asyncio.run(seed())


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Seeded:
    folder = tmp_path_factory.mktemp("fuzz-seeded")
    path = folder / "seeded.db"
    shutil.copy(migrated_template, path)
    invites, code = _seeded_at(f"sqlite+aiosqlite:///{path}", folder / "media")
    return Seeded(str(path), invites, code)


FUZZ_TEMPLATE_DB = "chungtay_fuzz_template"


@pytest.fixture(scope="session")
def seeded_postgres(
    tmp_path_factory: pytest.TempPathFactory, postgres_url: str, postgres_template: str
) -> Seeded:
    asyncio.run(admin(postgres_url, f'DROP DATABASE IF EXISTS "{FUZZ_TEMPLATE_DB}" WITH (FORCE)',
                      f'CREATE DATABASE "{FUZZ_TEMPLATE_DB}" TEMPLATE "{postgres_template}"'))  # fmt: skip
    url = make_url(postgres_url).set(database=FUZZ_TEMPLATE_DB).render_as_string(hide_password=False)
    invites, code = _seeded_at(url, tmp_path_factory.mktemp("fuzz-seeded") / "media")
    return Seeded(FUZZ_TEMPLATE_DB, invites, code)


@pytest.fixture(params=["sqlite", "postgresql"])
def fuzz_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Seeded]]:
    """A copy of the seeded world for one test: on a SQLite file, or on a real PostgreSQL server."""
    if request.param == "sqlite":
        seeded = request.getfixturevalue("seeded_sqlite")
        path = tmp_path / "chungtay.db"
        shutil.copy(seeded.source, path)
        yield f"sqlite+aiosqlite:///{path}", seeded
        return
    seeded = request.getfixturevalue("seeded_postgres")
    server = request.getfixturevalue("postgres_url")
    name = f"fuzz_{uuid.uuid4().hex[:16]}"
    asyncio.run(admin(server, f'CREATE DATABASE "{name}" TEMPLATE "{seeded.source}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False), seeded
    finally:
        asyncio.run(admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def world(
    fuzz_database: tuple[str, Seeded], tmp_path: Path, clock: MovableClock
) -> AsyncIterator[World]:
    url, seeded = fuzz_database
    app = build_app(Settings(database_url=url, media_dir=tmp_path / "media", _env_file=None), clock)  # type: ignore[call-arg]
    app.settings.appeal_confirm_above = 0  # every appeal asks twice: the second confirmation is a step too
    app.settings.public_url = "https://chungtay.example.vn"  # a drive's public page offered (decision 0102)
    try:
        yield World(app, seeded.invites, clock, officer_code=seeded.officer_code)
    finally:
        await app.close()


async def _template(w: World, step: str) -> tuple[str, int | None]:
    """The chat (and person) standing at `step`, reached once by its route."""
    if step not in w.templates:
        chat = f"template-{step}"
        person = w.person(chat)
        await ROUTES[step](w, person)
        async with w.app.sessionmaker() as session:
            state = await read_state(await session.connection(), "console", chat)
        assert state is not None
        assert f"{state.flow}/{state.step}" == step.split("#")[0], f"route for {step} ended at {state}"
        w.templates[step] = (chat, state.person_id)
        w.seen[step] = [r.text for r in person.last] + [c.label for r in person.last for c in r.choices]
    return w.templates[step]


async def _fresh_chat(w: World, step: str) -> str:
    """A new chat (and account) whose state is a copy of the template's."""
    template, person_id = await _template(w, step)
    chat = f"fuzz-{next(w.chats)}"
    async with w.app.sessionmaker() as session, session.begin():
        connection = await session.connection()
        state = await read_state(connection, "console", template)
        assert state is not None
        data = dict(state.data)
        if step.startswith("ledger/"):
            giver = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa").limit(1))
            assert giver is not None
            fresh = await record_contribution(
                session, person=giver, recorded_by=giver, entry=NewContribution("money", 50_000), now=NOW
            )
            if step in (
                "ledger/reverse",
                "ledger/reverse_confirm",
                "ledger/correct",
                "ledger/correct_reason",
                "ledger/correct_confirm",
            ):
                actor = await _school_treasurer(session)
                await decide(session, fresh, confirmed=True, actor=actor, now=NOW)
            data["contribution_id"] = fresh.id
        values = {
            "channel": "console",
            "chat_id": chat,
            "person_id": person_id,
            "flow": state.flow,
            "step": state.step,
            "data": data,
            "menu": state.menu,
            "menu_token": state.menu_token,
            "updated_at": NOW,
        }
        await insert_ignore(connection, ConversationState, values)
        if person_id is not None:
            session.add(
                ChannelIdentity(
                    channel="console", external_id=chat, person_id=person_id, status="active", created_at=NOW
                )
            )
    return chat


FINISH = ("yes", "skip", "keep", "agree", "vi")  # how a person carries on to the end


async def _send(
    w: World, chat: str, shown: list[str], *, text: str | None = None, photo: Photo | None = None
):  # type: ignore[no-untyped-def]
    w.clock.advance(seconds=1)
    inbound = Inbound(
        "console", chat, chat, w.clock(), text=text, photo=photo, dedupe_key=f"{chat}:{w.clock()}"
    )
    outcome = await w.app.engine.handle(inbound)
    assert not outcome.failed, f"the turn failed on {text!r}"
    assert outcome.replies, f"no reply to {text!r}"
    shown += [r.text for r in outcome.replies] + [c.label for r in outcome.replies for c in r.choices]
    return outcome.replies


def _next_answer(replies: list[Reply]) -> str | None:
    menus = [r for r in replies if r.choices]
    if not menus:
        return None
    numbers = {str(c["id"]): n for n, c in numbered([{"id": c.id} for c in menus[-1].choices])}
    for wanted in FINISH:
        if wanted in numbers:
            return str(numbers[wanted])
    return None


@dataclass
class Snapshot:
    """What the database held before an example: everything after it was stored by the example."""

    at: datetime
    last_contribution: int
    last_person: int
    revisions: dict[int, int]
    last_proposal: int
    last_result: int


async def _snapshot(w: World) -> Snapshot:
    async with w.app.sessionmaker() as session:
        return Snapshot(
            w.clock(),
            await session.scalar(select(func.coalesce(func.max(Contribution.id), 0))) or 0,
            await session.scalar(select(func.coalesce(func.max(Person.id), 0))) or 0,
            {
                row.id: row.revision
                for row in await session.execute(select(Commitment.id, Commitment.revision))
            },
            await session.scalar(select(func.coalesce(func.max(AwardProposal.id), 0))) or 0,
            await session.scalar(select(func.coalesce(func.max(Result.id), 0))) or 0,
        )


async def _stored_since(
    w: World, before: Snapshot
) -> tuple[list[Contribution], list[str], list[int], list[str]]:
    """New contributions, reasons of decisions, targets of new or amended commitments, names of new people."""
    async with w.app.sessionmaker() as session:
        contributions = list(
            await session.scalars(select(Contribution).where(Contribution.id > before.last_contribution))
        )
        reasons = list(
            await session.scalars(
                select(Contribution.reason).where(
                    Contribution.reason.is_not(None), Contribution.decided_at > before.at
                )
            )
        )
        changed = [
            commitment_id
            for commitment_id, revision in (await session.execute(select(Commitment.id, Commitment.revision)))
            if before.revisions.get(commitment_id) != revision
        ]
        targets = list(
            await session.scalars(
                select(CommitmentItem.target).where(CommitmentItem.commitment_id.in_(changed))
            )
        )
        names = list(await session.scalars(select(Person.full_name).where(Person.id > before.last_person)))
    return contributions, reasons, targets, names


def _shown_as_money(value: int, screens: str) -> bool:
    return any(format_vnd(value, locale) in screens for locale in ("vi", "en"))


def _shown_as_number(value: int, screens: str) -> bool:
    return any(format_number(value, locale) in screens for locale in ("vi", "en"))


@pytest.mark.parametrize("fuzz_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("step", list(ROUTES))
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=TEXTS)
async def test_any_text_at_any_step_gets_a_reply_and_stores_only_what_was_shown(
    world: World, step: str, typed: str
) -> None:
    await _try(world, step, typed)


@pytest.mark.parametrize("fuzz_database", ["postgresql"], indirect=True)
@pytest.mark.parametrize("step", list(ROUTES))
async def test_what_postgresql_refuses_at_any_step_gets_a_reply_and_stores_only_what_was_shown(
    world: World, step: str
) -> None:
    for typed in SERVER_TEXTS:
        await _try(world, step, typed)


async def _try(world: World, step: str, typed: str) -> None:
    """`typed` at `step` in a fresh chat, then on to the end: a reply to every message, no turn failed, and
    every value stored one the person was shown."""
    chat = await _fresh_chat(world, step)
    before = await _snapshot(world)
    shown = list(world.seen[step])  # the screen the text answers (a last look a "yes" confirms)
    if step.endswith("#photo"):
        photo = Photo(sha256="b" * 64, path=f"bb/{'b' * 64}.jpg", size=2048, caption=typed)
        replies = await _send(world, chat, shown, photo=photo)
    else:
        replies = await _send(world, chat, shown, text=typed)
    for _turn in range(6):
        answer = _next_answer(replies)
        if answer is None:
            break
        replies = await _send(world, chat, shown, text=answer)

    screens = "\n".join(shown)
    contributions, reasons, targets, names = await _stored_since(world, before)
    for c in contributions:
        for text in (c.note, c.description):
            assert text is None or text in screens, f"stored {text!r}, shown:\n{screens}"
        if c.kind == "money" or c.amount_vnd:
            assert _shown_as_money(c.amount_vnd, screens)
        if c.kind == "labour":
            assert _shown_as_number(c.labour_days, screens)
    # a treasurer's reason is stored as typed, cleaned (at a correction's last look: as typed before it)
    last_look = ("ledger/reverse_confirm", "ledger/correct_confirm")
    typed_reason = REVERSE_REASON if step in last_look else clean(typed)
    for reason in reasons:
        assert reason == typed_reason, f"stored {reason!r} for {typed!r}"
    for target in targets:
        assert _shown_as_money(target, screens) or _shown_as_number(target, screens)
    for name in names:
        assert name in screens
    async with world.app.sessionmaker() as session:
        summaries = await session.scalars(
            select(AwardProposal.summary).where(AwardProposal.id > before.last_proposal)
        )
        for summary in summaries:  # an award's summary as it was shown at the last look
            assert summary in screens, f"stored {summary!r}, shown:\n{screens}"
        recorded = await session.execute(
            select(Result.description, Result.quantity).where(Result.id > before.last_result)
        )
        for description, quantity in recorded:  # a result as it was shown at the last look
            assert description in screens and _shown_as_number(quantity, screens), f"stored {description!r}"
