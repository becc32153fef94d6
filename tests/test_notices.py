"""Notices and the actions they carry, end to end through the engine, the outbox and a collecting channel
(with buttons, and text only): a contributor hears of a treasurer's decision in their own language, once;
treasurers hear how many contributions wait, at most once an hour; both wait for the end of quiet hours; an
action from an old notice works whatever menu is on screen, a second press of a one-time action does nothing
more, an expired one says so, and "#<number>" is an action where a plain number still answers the menu."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel, Shown
from bot.clock import LOCAL_TZ
from bot.config import Settings
from bot.conversation.render import render_text
from bot.conversation.state import read_state
from bot.db.models import Contribution, Organisation, OutboundAction, OutboxMessage, Person, RoleAssignment
from bot.delivery.actions import ActionRef, Offer, action_ref, offer
from bot.demo import DemoInvites, seed_demo
from bot.domain.access import actor_for, decidable_by, decide_refusal_of, may_decide_contribution
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.notices import quiet_until
from bot.domain.people import merge_people
from bot.messages import BUTTONS, TEXT_ONLY, Inbound, Reply
from tests.support.clocks import NOW, MovableClock
from tests.support.joins import joined
from tests.support.people import Person as Scripted
from tests.support.profiles import on_buttons, on_text_only
from tests.test_flows import give_money

CONFIRMED = "đã được thủ quỹ xác nhận"


async def join_in_english(person: Scripted, code: str, name: str) -> str:
    await person.say(code)
    if "chưa có trong danh sách" in await person.say(name):
        await person.choose("Tham gia với tên này")
    await person.choose("Tôi đồng ý")
    return await person.choose("English")


async def give(person: Scripted, amount: str = "300k") -> str:
    """A money contribution to the Fund, from the main menu to the receipt."""
    await give_money(person)
    await person.say(amount)
    await person.choose("Bỏ qua")
    return await person.choose("Có")


async def decide(treasurer: Scripted, ref: str, *, reason: str | None = None) -> str:
    """A Vietnamese treasurer confirms `ref`, or rejects it with `reason`."""
    await treasurer.say("/tracuu")
    await treasurer.say(ref)
    if reason is None:
        return await treasurer.choose("Xác nhận")
    await treasurer.choose("Chưa nhận")
    return await treasurer.say(reason)


def notices(person: Scripted) -> list[Shown]:
    """The messages in the person's chat that carry actions, as the chat shows them now."""
    return [m for m in person.channel.transport.messages(person.chat_id) if m.message.actions]


def chat(person: Scripted) -> str:
    transport = person.channel.transport
    return "\n---\n".join(transport.show(m) for m in transport.messages(person.chat_id))


async def press(person: Scripted, notice: Shown, label: str) -> str:
    """Press the action `label` of an earlier notice: its button, or on a text-only channel type what it
    shows."""
    code = next(code for code, shown in notice.message.actions if shown == label)
    if person.channel.caps.buttons:
        person.clock.advance(seconds=1)
        person.last = await person.channel.receive(person.chat_id, choice=code, at=person.clock())
        return person.screen
    line = next(x for x in person.channel.transport.show(notice).splitlines() if x.endswith(f" — {label}"))
    return await person.say(line.split(" — ")[0])


async def person_id(app: App, name: str) -> int:
    async with app.sessionmaker() as session:
        found = await session.scalar(
            select(Person.id).where(Person.full_name == name).order_by(Person.id.desc()).limit(1)
        )
    assert found is not None
    return found


async def rows(app: App, prefix: str) -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        return list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like(f"{prefix}%")).order_by(OutboxMessage.id)
            )
        )


def local(at: datetime) -> datetime:
    return at.astimezone(LOCAL_TZ)


# --- the contributor hears of the decision -------------------------------------------------------------


@on_text_only
async def test_the_contributor_hears_of_the_confirmation_in_their_own_language(
    app, hoa, invites, make_person
) -> None:
    ann = make_person("ann")
    await give(hoa)
    await join_in_english(ann, invites.treasurer, "Ann Tran")

    await ann.choose("Look up a contribution")
    await ann.say("CT-2026-000001")
    screen = await ann.choose("Confirm")
    assert "CT-2026-000001: confirmed." in screen  # the treasurer reads English…

    [notice] = notices(hoa)  # …the contributor reads Vietnamese
    assert f"Khoản đóng góp CT-2026-000001 của anh/chị {CONFIRMED}" in notice.message.text
    assert [label for _code, label in notice.message.actions] == ["Xem tiến độ"]
    assert notice.message.locale == "vi"
    assert "Xem tiến độ" in hoa.channel.transport.show(notice)


@on_text_only
async def test_a_rejection_tells_the_contributor_the_reason(app, hoa, invites, make_person) -> None:
    mai = make_person("mai")
    await give(hoa)
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await decide(mai, "CT-2026-000001", reason="Chưa thấy chuyển khoản")

    [notice] = notices(hoa)
    assert notice.message.text == (
        "Khoản đóng góp CT-2026-000001 của anh/chị chưa được ghi nhận. Lý do: Chưa thấy chuyển khoản"
    )
    assert [label for _code, label in notice.message.actions] == ["Ghi nhận lại", "Xem tiến độ"]


async def decide_together(treasurer: Scripted, refs: list[str], *, reason: str | None = None) -> str:
    """A Vietnamese treasurer ticks `refs` on the Fund's page of the queue and confirms them, or rejects them
    with `reason`."""
    await treasurer.say("/xacnhan")
    await treasurer.choose("Quỹ")
    for ref in refs:
        await treasurer.choose(ref)
    if reason is None:
        await treasurer.choose("Xác nhận các khoản")
        return await treasurer.choose("Có")
    await treasurer.choose("Từ chối các khoản")
    return await treasurer.say(reason)


async def test_a_givers_entries_confirmed_together_reach_them_in_one_notice_in_their_language(
    app, invites, make_person
) -> None:
    ann, mai = make_person("ann"), make_person("mai")
    await join_in_english(ann, invites.member, "Ann Tran")
    for amount in ("100k", "200k", "300k"):
        await ann.choose("Record a contribution")
        await ann.choose("outside the drives")
        await ann.choose("Money")
        await ann.say(amount)
        await ann.choose("Skip")
        await ann.choose("Yes")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    refs = [f"CT-2026-00000{n}" for n in (1, 2, 3)]
    screen = await decide_together(mai, refs)
    assert f"Đã xác nhận: {', '.join(refs)}" in screen

    [notice] = notices(ann)  # one message for the three (each would count against a Zalo account's quota)
    assert notice.message.text == (
        "The treasurer confirmed 3 contributions (₫600,000) of yours. Thank you!\n"
        "• CT-2026-000001 · ₫100,000\n"
        "• CT-2026-000002 · ₫200,000\n"
        "• CT-2026-000003 · ₫300,000"
    )
    assert [label for _code, label in notice.message.actions] == ["See my progress"]
    assert len(await rows(app, "notice:decided:")) == 1


@on_buttons
async def test_goods_confirmed_with_money_are_listed_as_goods_and_not_added_to_the_money(
    app, hoa, invites, make_person
) -> None:
    """A finding from outside: "Thủ quỹ đã xác nhận 2 khoản (1.500.000 ₫)… • CT-2026-000002 · 300.000 ₫" for
    a gift of money and one of 10 kg of rice worth about 300.000 ₫."""
    mai = make_person("mai")
    await give(hoa, "1tr2")
    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Hiện vật")
    await hoa.say("10 kg gạo")
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await decide_together(mai, ["CT-2026-000001", "CT-2026-000002"])

    [notice] = notices(hoa)
    assert notice.message.text == (
        "Thủ quỹ đã xác nhận 2 khoản của anh/chị. Cảm ơn anh/chị!\n"
        "• CT-2026-000001 · 1.200.000\xa0₫\n"
        "• CT-2026-000002 · 10 kg gạo, trị giá khoảng 300.000\xa0₫"
    )


@on_text_only
async def test_a_givers_entries_rejected_together_reach_them_in_one_notice_with_the_reason(
    app, hoa, invites, make_person
) -> None:
    mai = make_person("mai")
    for amount in ("100k", "250k", "50k"):
        await give(hoa, amount)
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await decide_together(mai, ["CT-2026-000001", "CT-2026-000002"], reason="Chưa thấy chuyển khoản")

    [notice] = notices(hoa)
    assert notice.message.text == (
        "2 khoản (350.000\xa0₫) của anh/chị chưa được ghi nhận. Lý do: Chưa thấy chuyển khoản\n"
        "• CT-2026-000001 · 100.000\xa0₫\n"
        "• CT-2026-000002 · 250.000\xa0₫"
    )
    assert [label for _code, label in notice.message.actions] == ["Ghi nhận lại", "Xem tiến độ"]

    await decide_together(mai, ["CT-2026-000003"])  # one alone: the notice of one entry, as ever
    alone = notices(hoa)[-1].message.text
    assert alone == f"Khoản đóng góp CT-2026-000003 của anh/chị {CONFIRMED}. Cảm ơn anh/chị!"


async def test_a_double_press_on_confirm_writes_one_notice(app, invites, clock) -> None:
    hoa = Scripted(CollectingChannel(app.engine, BUTTONS), "hoa", clock)
    mai = Scripted(CollectingChannel(app.engine, BUTTONS), "mai", clock)
    await joined(hoa, invites.member)
    await give(hoa)
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/tracuu")
    await mai.say("CT-2026-000001")
    confirm = mai.channel.payload(mai.menu, "confirm")
    await mai.channel.receive("mai", choice=confirm, at=clock())
    await mai.channel.receive("mai", choice=confirm, at=clock())  # the second tap of a double tap

    assert len(await rows(app, "notice:decided:")) == 1
    assert chat(hoa).count(CONFIRMED) == 1
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(OutboundAction)) == 1


# --- treasurers hear how many wait ---------------------------------------------------------------------


async def three_waiting(app, invites, make_person) -> tuple[Scripted, Scripted, int]:
    """Treasurer Mai, and Hoa who records three contributions for her to decide; Mai's person id."""
    hoa, mai = make_person("hoa"), make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await joined(hoa, invites.member)
    for amount in ("100k", "200k", "300k"):
        await give(hoa, amount)
    return hoa, mai, await person_id(app, "Trần Thị Mai")


@on_buttons
async def test_three_contributions_within_an_hour_give_the_treasurer_one_notice_saying_3(
    app, invites, make_person, clock
) -> None:
    hoa, mai, treasurer = await three_waiting(app, invites, make_person)

    [row] = await rows(app, f"notice:waiting:{treasurer}:")
    assert row.status == "pending" and "Có 3 khoản đóng góp đang chờ anh/chị xác nhận" in row.payload["text"]
    assert local(row.not_before) == datetime(2026, 11, 22, 10, 0, tzinfo=LOCAL_TZ)  # the top of the hour
    assert "Võ Thị Hoa" not in row.payload["text"] and "000" not in row.payload["text"]  # a count, no more
    assert notices(mai) == []

    clock.at = datetime(2026, 11, 22, 10, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    screen = await mai.say("/menu")
    assert "Có 3 khoản đóng góp đang chờ anh/chị xác nhận." in screen
    actions = [label for _code, label in notices(mai)[0].message.actions]
    assert actions == ["Khoản chờ xác nhận", "Tra cứu đóng góp"]

    await give(hoa, "400k")  # after the 10:00 notice went out: the 11:00 one says 4
    later = await rows(app, f"notice:waiting:{treasurer}:")
    assert [r.status for r in later] == ["sent", "pending"]
    assert "Có 4 khoản" in later[1].payload["text"]
    assert local(later[1].not_before) == datetime(2026, 11, 22, 11, 0, tzinfo=LOCAL_TZ)


@on_text_only
async def test_gifts_given_in_tet_are_counted_to_the_treasurer_once_on_the_first_working_morning(
    app, invites, make_person, clock
) -> None:
    """Mùng 1 Tết (Saturday 6/2/2027) is when people give; the treasurer is away until the break ends
    (Wednesday 10/2). She got a count every hour of every day of Tết; now one notice, at 07:00 on Thursday
    11/2, counts all that waits (decision 0613). Her chat turned to English on the last evening of the
    break, she read the count of 4 in Vietnamese: the count brought up to date dropped the notice's English
    copy (decision 2160)."""
    clock.at = datetime(2027, 2, 6, 9, 30, tzinfo=LOCAL_TZ).astimezone(UTC)
    hoa, mai, treasurer = await three_waiting(app, invites, make_person)
    clock.at = datetime(2027, 2, 8, 15, 10, tzinfo=LOCAL_TZ).astimezone(UTC)  # Mùng 3, in the afternoon
    await give(hoa, "400k")

    [row] = await rows(app, f"notice:waiting:{treasurer}:")
    assert row.status == "pending" and "Có 4 khoản đóng góp đang chờ anh/chị xác nhận" in row.payload["text"]
    # at 07:30, the hour the week's digests moved past Tết go: the week's count would say it (2543)
    assert local(row.not_before) == datetime(2027, 2, 11, 7, 30, tzinfo=LOCAL_TZ)
    clock.at = datetime(2027, 2, 10, 20, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    await mai.say("/menu")
    assert notices(mai) == []
    await mai.say("/language en")
    clock.at = datetime(2027, 2, 11, 7, 30, tzinfo=LOCAL_TZ).astimezone(UTC)
    assert "Contributions waiting for you to confirm: 4." in await mai.say("/menu")


@on_buttons
async def test_decisions_bring_the_unsent_count_down_and_the_last_one_withdraws_it(
    app, invites, make_person
) -> None:
    """A treasurer must not be told at the top of the hour that 3 wait when they (or another treasurer)
    have decided them meanwhile."""
    _hoa, mai, treasurer = await three_waiting(app, invites, make_person)

    await decide(mai, "CT-2026-000001")
    [row] = await rows(app, f"notice:waiting:{treasurer}:")
    assert row.status == "pending" and "Có 2 khoản đóng góp đang chờ anh/chị xác nhận" in row.payload["text"]
    await decide(mai, "CT-2026-000002", reason="Chưa thấy chuyển khoản")
    assert "Có 1 khoản" in (await rows(app, f"notice:waiting:{treasurer}:"))[0].payload["text"]
    await decide(mai, "CT-2026-000003")
    [row] = await rows(app, f"notice:waiting:{treasurer}:")
    assert row.status == "cancelled"


@on_text_only
async def test_the_giver_who_is_a_treasurer_is_not_told_of_their_own_contribution(
    app, invites, make_person
) -> None:
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await give(mai)
    assert await rows(app, "notice:waiting:") == []


async def test_notices_written_in_quiet_hours_wait_until_seven_in_the_morning(
    app, invites, make_person, clock, profile
) -> None:
    clock.at = datetime(2026, 11, 22, 22, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    hoa, mai = make_person("hoa"), make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await joined(hoa, invites.member)
    await give(hoa)
    await decide(mai, "CT-2026-000001")

    seven = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ)
    [waiting] = await rows(app, "notice:waiting:")
    [decided] = await rows(app, "notice:decided:")
    # a Monday: the treasurer's count waits for the week's hour, 07:30, which says it too (2543)
    assert local(waiting.not_before) == seven + timedelta(minutes=30) and local(decided.not_before) == seven
    assert CONFIRMED not in chat(hoa)

    clock.at = (seven - timedelta(minutes=1)).astimezone(UTC)
    assert CONFIRMED not in await hoa.say("/menu")
    clock.at = seven.astimezone(UTC)
    await mai.say("/menu")  # the sender's round at seven: the notice comes below Hoa's menu
    assert chat(hoa).rindex(CONFIRMED) > chat(hoa).rindex("cần làm gì")
    # Typed under that notice, a bare number is asked about as under any notice sent after the menu: the
    # notice was written before the menu, and “3” ran the menu's third entry (decision 0465).
    screen = await hoa.say("3")
    assert "“3”" in screen and "Tiến độ năm 2026" not in screen
    assert "không tin nhắn nào phía trên có lựa chọn số 3" in screen  # nor any notice above it (0471)
    # Where buttons show no numbers, the entry to press is named: “gõ lại 3” matched no menu she saw (0471).
    assert ("xin bấm" in screen) == profile.buttons and ("gõ lại 3" in screen) != profile.buttons
    assert "Tiến độ năm 2026" in await hoa.say("3")  # typed again, under the menu now latest: that entry


def test_quiet_hours_are_a_setting() -> None:
    evening = datetime(2026, 11, 22, 21, 30, tzinfo=LOCAL_TZ)
    assert local(quiet_until(evening, None)) == datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ)
    later = Settings(quiet_hours_start=22, quiet_hours_end=6, _env_file=None)  # type: ignore[call-arg]
    assert quiet_until(evening, later) == evening
    at_night = datetime(2026, 11, 22, 23, 0, tzinfo=LOCAL_TZ)
    assert local(quiet_until(at_night, later)) == datetime(2026, 11, 23, 6, 0, tzinfo=LOCAL_TZ)


# --- actions on old notices ----------------------------------------------------------------------------


async def _rejected(invites: DemoInvites, hoa: Scripted, mai: Scripted) -> Shown:
    await joined(hoa, invites.member)
    await give(hoa)
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await decide(mai, "CT-2026-000001", reason="Sai số tài khoản")
    [notice] = notices(hoa)
    return notice


@on_buttons
async def test_an_action_from_an_old_notice_works_from_another_flow_and_again_after_leaving_it(
    app, invites, make_person
) -> None:
    hoa, mai = make_person("hoa"), make_person("mai")
    notice = await _rejected(invites, hoa, mai)
    # the chat moves on: another flow, another menu (by its name: a bare number after the notice is asked
    # about on a text-only channel, decision 0445)
    await hoa.say("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt vận động")
    assert "hình thức nào" in hoa.screen

    screen = await press(hoa, notice, "Ghi nhận lại")
    assert "đợt vận động nào" in screen  # the notice's button works from the middle of another flow
    async with app.sessionmaker() as session:
        state = await read_state(await session.connection(), "console", "hoa")
    assert state is not None and (state.flow, state.step) == ("give", "drive")

    # Hoa left the questions for the menu and came back to the notice: the second press had answered “Việc
    # này đã xong rồi” though nothing was recorded. It opens the questions again; it saves nothing by itself.
    await hoa.say("/menu")
    screen = await press(hoa, notice, "Ghi nhận lại")
    assert "đã xong rồi" not in screen and "đợt vận động nào" in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Contribution)) == 1  # the rejected one

    for _twice in range(2):  # a button that only shows something works every time
        assert "Tiến độ năm 2026" in await press(hoa, notice, "Xem tiến độ")


@on_buttons
async def test_an_expired_action_says_so_and_the_chat_carries_on(app, invites, make_person, clock) -> None:
    hoa, mai = make_person("hoa"), make_person("mai")
    notice = await _rejected(invites, hoa, mai)
    await hoa.say("Ghi nhận đóng góp")  # by its name: a bare number after the notice is asked about (0445)
    clock.advance(days=31)
    screen = await press(hoa, notice, "Xem tiến độ")
    assert "nút này đã hết hạn" in screen and "đợt vận động nào" in screen
    assert "Tiến độ năm" not in screen


async def test_a_button_of_someone_elses_notice_does_nothing(app, invites, clock) -> None:
    hoa = Scripted(CollectingChannel(app.engine, BUTTONS), "hoa", clock)
    mai = Scripted(CollectingChannel(app.engine, BUTTONS), "mai", clock)
    notice = await _rejected(invites, hoa, mai)
    code = notice.message.actions[0][0]
    mai.last = await mai.channel.receive("mai", choice=code, at=clock())
    assert "không tìm thấy nút này" in mai.screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).where(OutboundAction.used_at.is_not(None))) == 0


async def test_on_a_text_only_channel_hash_and_number_is_an_action_and_a_number_answers_the_menu(
    app, invites, clock
) -> None:
    hoa = Scripted(CollectingChannel(app.engine, TEXT_ONLY), "hoa", clock)
    mai = Scripted(CollectingChannel(app.engine, TEXT_ONLY), "mai", clock)
    notice = await _rejected(invites, hoa, mai)
    shown = hoa.channel.transport.show(notice)
    assert "#1 — Ghi nhận lại\n#2 — Xem tiến độ" in shown

    await hoa.say("/menu")
    screen = await hoa.say("2")  # the main menu's second option, not action #2
    assert "đợt vận động nào" in screen
    for typed in ("#2", "# 2", "＃２"):
        await hoa.say("/menu")
        assert "Tiến độ năm 2026" in await hoa.say(typed)
    await hoa.say("/menu")
    screen = await hoa.say("#9")
    assert "không tìm thấy nút này" in screen and "cần làm gì" in screen


def test_what_reads_as_an_action() -> None:
    def ref(text: str | None = None, choice: str | None = None) -> ActionRef | None:
        return action_ref(Inbound("console", "c", "c", NOW, text=text, choice=choice))

    assert ref("#3") == ref("# 3") == ref("＃３") == ref("#03") == ActionRef(number=3)
    assert ref(choice="act:17#3") == ref(choice="act:17") == ActionRef(id=17)
    for typed in ("3", "#", "#abc", "#²", "#3 4", "ghi chú #3", "#-1", "#0"):
        assert ref(typed) is None, typed
    for pressed in ("4:yes", "act:", "act:x", "page:4:1"):
        assert ref(choice=pressed) is None, pressed


def test_a_text_only_channel_lists_actions_to_type_and_a_button_channel_shows_them_as_buttons() -> None:
    reply = Reply(text="Khoản đóng góp …", actions=(("act:17#3", "Xem tiến độ"),))
    assert render_text(reply, TEXT_ONLY) == "Khoản đóng góp …\n\n#3 — Xem tiến độ"
    assert render_text(reply, BUTTONS) == "Khoản đóng góp …"


# --- the rules behind the count, and merged people ------------------------------------------------------


async def test_the_count_of_waiting_contributions_follows_the_rule_of_who_may_decide(app, invites) -> None:
    async with app.sessionmaker() as session, session.begin():
        people = {p.full_name: p for p in await session.scalars(select(Person).where(Person.listed))}
        mai, lan, tuan = people["Trần Thị Mai"], people["Nguyễn Thị Lan"], people["Phạm Minh Tuấn"]
        session.add(
            RoleAssignment(
                person_id=tuan.id, role="treasurer", org_id=tuan.org_id, unit_id=None, granted_at=NOW
            )
        )
        entries = [
            (lan, lan),  # another unit: Mai's unit role does not cover it
            (mai, mai),  # her own
            (tuan, mai),  # recorded by her
            (tuan, tuan),
        ]
        for giver, recorder in entries:
            entry = await record_contribution(
                session, person=giver, recorded_by=giver, entry=NewContribution("money", 10_000), now=NOW
            )
            entry.recorded_by = recorder.id  # written so: no role records for a member with a phone
        contributions = list(await session.scalars(select(Contribution)))
        for person in (mai, lan, tuan):
            actor = await actor_for(session, person)
            assert actor is not None
            counted = await session.scalar(
                select(func.count()).select_from(Contribution).where(decidable_by(actor))
            )
            assert counted == sum(may_decide_contribution(actor, c) for c in contributions), person.full_name
        # Mai the only treasurer left, Lan the whole school's officer: Mai's own and what she recorded are
        # Lan's to confirm, no other treasurer being there (decision 2430), in SQL as in the rule
        await session.execute(delete(RoleAssignment).where(RoleAssignment.person_id == tuan.id))
        session.add(RoleAssignment(person_id=lan.id, role="officer", org_id=lan.org_id, granted_at=NOW))
        decided = {}
        for person in (mai, lan, tuan):
            actor = await actor_for(session, person)
            assert actor is not None
            counted = await session.scalar(
                select(func.count()).select_from(Contribution).where(decidable_by(actor))
            )
            decided[person.full_name] = [
                c.id for c in contributions if await decide_refusal_of(session, actor, c) is None
            ]
            assert counted == len(decided[person.full_name]), person.full_name
        mine = [c.id for c in contributions if mai.id in (c.person_id, c.recorded_by)]
        assert decided["Nguyễn Thị Lan"] == mine and len(mine) == 2


async def test_a_merged_persons_actions_follow_them_after_the_targets_own(app, invites) -> None:
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        lan = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Thị Lan"))
        assert org is not None and lan is not None
        newcomer = Person(org_id=org.id, full_name="Lan Mới", name_key="lan moi", created_at=NOW)
        session.add(newcomer)
        await session.flush()
        progress = Offer("progress", lambda locale: "", None)
        await offer(session, lan.id, [progress, progress], now=NOW)
        moved = await offer(session, newcomer.id, [progress], now=NOW)
        await merge_people(session, source=newcomer.id, target=lan.id, actor_id=None, now=NOW)
        numbers = {
            action.id: action.number
            for action in await session.scalars(
                select(OutboundAction).where(OutboundAction.person_id == lan.id)
            )
        }
    assert sorted(numbers.values()) == [1, 2, 3] and numbers[moved[0].id] == 3


# --- PostgreSQL: contributions at the same instant -----------------------------------------------------


@pytest.fixture
async def pg_app(migrated_postgres_url: str, tmp_path: Path) -> AsyncIterator[App]:
    settings = Settings(database_url=migrated_postgres_url, media_dir=tmp_path / "media", _env_file=None)  # type: ignore[call-arg]
    application = build_app(settings, MovableClock(NOW))
    yield application
    await application.close()


async def test_contributions_at_the_same_instant_on_postgresql_are_all_counted_in_one_notice(
    pg_app: App,
) -> None:
    invites = await seed_demo(pg_app.sessionmaker, now=NOW)
    clock = MovableClock(NOW)
    mai = Scripted(CollectingChannel(pg_app.engine, TEXT_ONLY), "mai", clock)
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    people = [Scripted(CollectingChannel(pg_app.engine, TEXT_ONLY), f"p{n}", clock) for n in range(5)]
    for n, person in enumerate(people):
        await joined(person, invites.member, f"Người Thứ {chr(65 + n)}")
        await give_money(person)
        await person.say("100k")
        await person.choose("Bỏ qua")

    await asyncio.gather(*(p.channel.receive(p.chat_id, text="có", at=clock()) for p in people))

    [row] = await rows(pg_app, "notice:waiting:")
    assert "Có 5 khoản đóng góp" in row.payload["text"]
    async with pg_app.sessionmaker() as session:
        numbers = list(await session.scalars(select(OutboundAction.number)))
    assert numbers == [1, 2]  # one notice's two lines: the queue, the look-up


async def test_a_corrected_giver_is_asked_to_record_the_right_gift_again_and_can_from_the_notice(
    app, hoa, invites, make_person
) -> None:
    mai, binh = make_person("mai"), make_person("binh")
    await give(hoa)
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await joined(binh, invites.treasurer, "Đặng Văn Bình")
    await decide(mai, "CT-2026-000001")
    await binh.say("/tracuu CT-2026-000001")
    await binh.choose("Hủy bằng bút toán")
    await binh.say("Nhập nhầm, đúng là 100k")
    await binh.choose("Có")
    notice = notices(hoa)[-1]
    assert (
        "CT-2026-000001 đã xác nhận của anh/chị được hủy bằng bút toán điều chỉnh CT-2026-000002"
        in notice.message.text
    )
    assert "anh/chị hãy ghi nhận lại: chọn “Ghi nhận lại”" in notice.message.text
    assert [label for _code, label in notice.message.actions] == ["Ghi nhận lại", "Xem tiến độ"]
    screen = await press(hoa, notice, "Ghi nhận lại")
    assert "đợt vận động nào" in screen
