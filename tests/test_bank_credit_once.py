"""One credit of the bank's statement recorded as a donor's gift is one gift, whoever records it at the same
moment: two treasurers, one treasurer in two chats, or on Telegram and Zalo. The credit is known as recorded
when the statement is read (when the credit is chosen), and the gift keeps the credit's identity under a
unique index, so the second save fails inside its own transaction and its treasurer is told; two identical
credits of one day stay two gifts (docs/decisions/0244)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.models import Contribution, Person
from bot.demo import DemoInvites
from bot.domain.access import actor_for
from bot.domain.bank_statement import read_statement
from bot.domain.contributions import NewContribution, correct, decide, record_contribution, reverse
from bot.domain.donors import CreditRecorded, donor_to_record, record_donor_gift
from bot.domain.reconcile import reconcile
from bot.messages import BUTTONS
from tests.support.clocks import NOW, MovableClock
from tests.support.joins import units_code
from tests.support.orgs import person_on
from tests.test_donors import COMPANY, COMPANY_CREDIT, add_treasurer_of_a
from tests.test_drives import seed
from tests.test_flows import join
from tests.test_reconcile import Row, write_csv
from tests.test_reconcile_chat import STATEMENT, gifts, person, send_file

TWICE = Row(date(2026, 11, 23), None, 2_000_000, "MBVCB.91.HOI DONG HUONG UNG HO QUY")


async def _chosen(session: AsyncSession, person_id: int, path: Path) -> list[str]:
    """The credits without a code the treasurer may still record, as the statement read now offers them."""
    actor = await actor_for(session, await session.get_one(Person, person_id))
    result = await reconcile(session, actor, read_statement(path))
    return [result.credit_keys[n] for n, _line in result.unrecorded]


async def _save(session: AsyncSession, person_id: int, unit_id: int, credit: str) -> str:
    """The treasurer's last look answered “Có”: the credit recorded as Công ty Minh Phát's gift, in unit A."""
    recorder = await session.get_one(Person, person_id)
    donor = await donor_to_record(session, await actor_for(session, recorder), COMPANY, now=NOW)
    entry = NewContribution(kind="money", amount_vnd=TWICE.credit or 0, collected_in=unit_id)
    try:
        gift = await record_donor_gift(
            session, donor=donor, recorded_by=recorder, public=True, entry=entry, now=NOW,
            credit_vnd=TWICE.credit, credit=credit,
        )  # fmt: skip
    except CreditRecorded as told:
        return f"told: {told.recorded.ref} by {told.recorded.recorded_by}"
    return gift.ref


async def test_two_treasurers_saving_one_credit_at_once_make_one_gift_and_two_identical_credits_two(
    any_app: App, tmp_path: Path
) -> None:
    """Mai and Thu both chose the first of two identical 2.000.000 ₫ credits of 23/11 before either saved:
    both were recorded, one credit stood as two gifts. Now the second save fails on the credit's index and
    is told who recorded it, with its code; the second identical credit, chosen after, is its own gift."""
    ids = await seed(any_app)
    thu = await add_treasurer_of_a(any_app, ids)
    path = write_csv(tmp_path / "sao-ke.csv", [TWICE, TWICE])
    async with any_app.sessionmaker() as session:
        chosen_by_mai = (await _chosen(session, ids["mai"], path))[0]
        chosen_by_thu = (await _chosen(session, thu, path))[0]
    assert chosen_by_mai == chosen_by_thu  # the same credit, chosen by both before either saved

    if any_app.db.dialect.name == "postgresql":  # side by side: Thu's save waits on Mai's, uncommitted
        async with any_app.sessionmaker() as first, first.begin():
            assert await _save(first, ids["mai"], ids["unit A"], chosen_by_mai) == "CT-2026-000001"

            async def second_save() -> str:
                async with any_app.sessionmaker() as second, second.begin():
                    return await _save(second, thu, ids["unit A"], chosen_by_thu)

            thus = asyncio.create_task(second_save())
            waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            async with any_app.sessionmaker() as watcher:
                while not thus.done() and not await watcher.scalar(waiting):
                    await watcher.rollback()  # a fresh look at the server each time round
        told = await thus
    else:  # one writer at a time: Thu's save after Mai's committed, the credit chosen before it
        async with any_app.sessionmaker() as first, first.begin():
            assert await _save(first, ids["mai"], ids["unit A"], chosen_by_mai) == "CT-2026-000001"
        async with any_app.sessionmaker() as second, second.begin():
            told = await _save(second, thu, ids["unit A"], chosen_by_thu)
    assert told == "told: CT-2026-000001 by Trần Thị Mai"

    async with any_app.sessionmaker() as session, session.begin():
        left = await _chosen(session, thu, path)  # the second identical credit, still to record
        assert left and left[0] != chosen_by_mai
        assert await _save(session, thu, ids["unit A"], left[0]) == "CT-2026-000002"
    async with any_app.sessionmaker() as session:
        assert await _chosen(session, ids["mai"], path) == []  # both credits recorded, none offered
        gifts_now = await session.scalars(select(Contribution.amount_vnd).order_by(Contribution.id))
        assert list(gifts_now) == [2_000_000, 2_000_000]  # two credits, two gifts, not three


async def test_a_credit_recorded_in_another_chat_meanwhile_is_told_at_the_last_look_and_nothing_is_saved(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Mai reached the last look of the company's credit; meanwhile she recorded it in another chat. Her
    “Có” here recorded it a second time. Now she is told it was just recorded, by whom and its code, and is
    back at the statement, which names the gift; nothing more is written."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await join(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    path = write_csv(tmp_path / "sao-ke.csv", [*STATEMENT, COMPANY_CREDIT])
    await send_file(mai, path)
    await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    await mai.choose("10.000.000")
    await mai.say(COMPANY)
    await mai.choose("Có, ghi tên")
    await mai.choose("ngoài các đợt vận động")
    async with app.sessionmaker() as session, session.begin():  # her other chat saves the same credit
        recorder = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        assert recorder is not None
        actor = await actor_for(session, recorder)
        result = await reconcile(session, actor, read_statement(path))
        (n, _line), *_ = [(n, line) for n, line in result.unrecorded if line.amount == 10_000_000]
        donor = await donor_to_record(session, actor, COMPANY, now=NOW)
        entry = NewContribution(kind="money", amount_vnd=10_000_000, collected_in=recorder.unit_id)
        await record_donor_gift(
            session, donor=donor, recorded_by=recorder, public=True, entry=entry, now=NOW,
            credit_vnd=10_000_000, credit=result.credit_keys[n],
        )  # fmt: skip

    screen = await mai.choose("Có")

    assert "Trần Thị Mai vừa ghi khoản tiền vào này là ủng hộ của nhà hảo tâm: CT-2026-000004." in screen
    assert "Đã ghi nhận cho" not in screen
    assert "MINH PHAT UNG HO QUY · đã ghi nhận là ủng hộ của nhà hảo tâm CT-2026-000004" in screen
    async with app.sessionmaker() as session:
        donors = select(Contribution.ref).join(Person, Person.id == Contribution.person_id)
        assert list(await session.scalars(donors.where(Person.kind == "donor"))) == ["CT-2026-000004"]


async def test_a_credit_recorded_in_a_unit_the_treasurer_does_not_cover_is_shown_recorded_not_offered(
    app: App, clock: MovableClock, tmp_path: Path
) -> None:
    """Mai (the whole organisation's treasurer) recorded the company's credit as a gift collected in unit B.
    Thu, treasurer of unit A only, may not open that gift, and her statement still offered the credit as
    unrecorded: she would choose it and answer every question for nothing. Now her statement says it is
    recorded, without its code or who recorded it, and does not offer it."""
    ids = await seed(app)
    await add_treasurer_of_a(app, ids)
    path = write_csv(tmp_path / "sao-ke.csv", [TWICE])
    async with app.sessionmaker() as session, session.begin():
        (credit,) = await _chosen(session, ids["mai"], path)
        assert await _save(session, ids["mai"], ids["unit B"], credit) == "CT-2026-000001"
        lan = await session.get_one(Person, ids["lan"])  # a gift of unit A waits: Thu's queue opens
        await record_contribution(
            session, person=lan, recorded_by=lan, entry=NewContribution("money", 200_000), now=NOW
        )
    thu = person(app, clock, "thu", BUTTONS)
    await thu.say("/xacnhan")
    await thu.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(thu, path)

    assert (
        "2.000.000\xa0₫ · MBVCB.91.HOI DONG HUONG UNG HO QUY · đã ghi nhận là ủng hộ của nhà hảo tâm\n"
        in (screen + "\n")
    )
    assert "CT-2026-000001" not in screen and "Trần Thị Mai" not in screen
    assert "Ghi khoản không có mã là ủng hộ của nhà hảo tâm" not in screen

    # Confirmed, then reversed: offered to Thu again, and said so. It read “đã ghi nhận” beside the offer,
    # as if recording it were counting the money twice (decision 0294).
    async with app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert gift is not None
        org_id, unit_b = gift.org_id, ids["unit B"]
        roles = [("member", unit_b), ("treasurer", unit_b)]
        nam = await person_on(
            session, "console", "nam", "Lê Văn Nam", org_id=org_id, unit_id=unit_b, roles=roles, now=NOW
        )
        await decide(session, gift, confirmed=True, actor=await actor_for(session, nam), now=NOW)
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await reverse(session, gift, actor=hung, reason="nhầm đơn vị", now=NOW)
    await thu.say("/menu")
    await thu.say("/xacnhan")
    await thu.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(thu, path)
    assert (
        "HOI DONG HUONG UNG HO QUY · đã ghi nhận là ủng hộ của nhà hảo tâm, sau đó đã hủy bằng bút toán điều "
        "chỉnh: khoản tiền này chưa có trong sổ\n" in (screen + "\n")
    )
    assert "CT-2026-000001" not in screen and "Ghi khoản không có mã là ủng hộ của nhà hảo tâm" in screen


async def test_a_credit_without_a_day_is_its_files_and_next_months_same_transfer_is_a_gift_of_its_own(
    app: App, tmp_path: Path
) -> None:
    """A statement exported without its date column: the company's 2.000.000 ₫ of November was recorded as
    its gift. December's statement, with the same company's same transfer, said that credit was recorded
    already ("-" for its day, the same amount and words) and the money never reached the books. Now a credit
    without a day is known by its file and row: the same file read again names the gift, the next month's
    offers its credit to record."""
    ids = await seed(app)

    def without_days(name: str, *descriptions: str) -> Path:
        path = tmp_path / name
        rows = "".join(f"{words};;2.000.000\n" for words in descriptions)
        path.write_text(f"Mô tả;Ghi nợ;Ghi có\n{rows}", encoding="utf-8")
        return path

    november = without_days("thang-11.csv", TWICE.description)
    december = without_days("thang-12.csv", "PHI QUAN LY THANG 12", TWICE.description)
    async with app.sessionmaker() as session, session.begin():
        (credit,) = await _chosen(session, ids["mai"], november)
        assert await _save(session, ids["mai"], ids["unit A"], credit) == "CT-2026-000001"
    async with app.sessionmaker() as session, session.begin():
        assert await _chosen(session, ids["mai"], november) == []  # the same file: recorded, not offered
        assert len(await _chosen(session, ids["mai"], december)) == 2  # December's credits are its own
        fresh = (await _chosen(session, ids["mai"], december))[1]
        assert await _save(session, ids["mai"], ids["unit A"], fresh) == "CT-2026-000002"

    # Thu confirms December's gift, and Hùng reverses the confirmation, made by mistake: the statement still
    # names the credit's gift, and says it was cancelled, its money no longer in the books.
    await add_treasurer_of_a(app, ids)
    async with app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000002"))
        assert gift is not None
        thu = await session.scalar(select(Person).where(Person.full_name == "Đỗ Thị Thu"))
        await decide(session, gift, confirmed=True, actor=await actor_for(session, thu), now=NOW)
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await reverse(session, gift, actor=hung, reason="nhầm", now=NOW)
    async with app.sessionmaker() as session:
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        result = await reconcile(session, mai, read_statement(december))
    assert result.recorded == {1: "CT-2026-000002"}
    # The money is not in the books, so the credit is offered again (0288), and recorded right this time.
    assert [n for n, _line in result.unrecorded] == [0, 1] and result.cancelled == {1}
    async with app.sessionmaker() as session, session.begin():
        again = (await _chosen(session, ids["mai"], december))[1]
        assert await _save(session, ids["mai"], ids["unit A"], again) == "CT-2026-000004"
        assert (
            await _save(session, ids["mai"], ids["unit A"], again) == "told: CT-2026-000004 by Trần Thị Mai"
        )
    async with app.sessionmaker() as session:
        result = await reconcile(session, mai, read_statement(december))
    assert result.recorded == {1: "CT-2026-000004"} and [n for n, _line in result.unrecorded] == [0]

    # Thu confirms it, and Hùng corrects its figure (the company meant 500.000 ₫ of it for another fund): the
    # correction's entry stands for the credit in its place, which is not offered again.
    async with app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000004"))
        thu = await session.scalar(select(Person).where(Person.full_name == "Đỗ Thị Thu"))
        assert gift is not None and thu is not None
        await decide(session, gift, confirmed=True, actor=await actor_for(session, thu), now=NOW)
        await correct(session, gift, acting=hung, figure=1_500_000, reason="một phần cho quỹ khác", now=NOW)
    async with app.sessionmaker() as session:
        result = await reconcile(session, mai, read_statement(december))
    assert result.recorded == {1: "CT-2026-000006"} and [n for n, _line in result.unrecorded] == [0]


async def test_a_credit_whose_gift_was_reversed_is_offered_in_the_chat_and_recorded_right(
    app: App, clock: MovableClock, tmp_path: Path
) -> None:
    """The association's 2.000.000 ₫ was recorded as Công ty Minh Phát's gift, confirmed by Thu and reversed
    by Hùng. Thu's statement said the money was not in the books and offered nothing to record, so it could
    never be recorded right from the statement. Now the credit is offered again and recorded as the right
    donor's gift, which the statement then names."""
    ids = await seed(app)
    thu = await add_treasurer_of_a(app, ids)
    path = write_csv(tmp_path / "sao-ke.csv", [TWICE])
    async with app.sessionmaker() as session, session.begin():
        (credit,) = await _chosen(session, ids["mai"], path)
        assert await _save(session, ids["mai"], ids["unit A"], credit) == "CT-2026-000001"
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert gift is not None
        by_thu = await actor_for(session, await session.get_one(Person, thu))
        await decide(session, gift, confirmed=True, actor=by_thu, now=NOW)
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await reverse(session, gift, actor=hung, reason="nhầm nhà hảo tâm", now=NOW)
        lan = await session.get_one(Person, ids["lan"])  # a gift of unit A waits: Thu's queue opens
        await record_contribution(
            session, person=lan, recorded_by=lan, entry=NewContribution("money", 200_000), now=NOW
        )
    chat = person(app, clock, "thu", BUTTONS)
    await chat.say("/xacnhan")
    await chat.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(chat, path)
    assert "CT-2026-000001, sau đó đã hủy bằng bút toán điều chỉnh: khoản tiền này chưa có trong sổ" in screen
    await chat.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    await chat.choose("2.000.000")
    await chat.say("Hội đồng hương Hà Tĩnh")
    await chat.choose("Có, ghi tên")
    await chat.choose("ngoài các đợt vận động")
    screen = await chat.choose("Có")
    assert "Đã ghi nhận cho Hội đồng hương Hà Tĩnh: 2.000.000\xa0₫.\nMã tham chiếu: CT-2026-000004" in screen
    assert (
        "HOI DONG HUONG UNG HO QUY · đã ghi nhận là ủng hộ của nhà hảo tâm CT-2026-000004\n" in screen + "\n"
    )
    assert "Ghi khoản không có mã là ủng hộ của nhà hảo tâm" not in screen  # recorded: not offered twice
