"""What an officer of another unit, a careless officer and an outsider with an odd address try against the
handover to the Fund above (decisions 0108, 0112), the poverty review's list (0110) and the public page
(0102): another unit's drive or the whole organisation's Fund handed over by an officer of one unit, a
handover dated before its drive began (a year typed wrong), a commune's list whose names carry a soft hyphen,
a mark turning the line around or a terminal's escape, and a page's address percent-encoded or with a path
after it. Each test here failed before the fix it stands for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.db.models import Drive, HouseholdStanding, Person, Remittance
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.drives import NewDrive, create_drive
from bot.domain.public_page import public_key_of
from bot.domain.remittances import RemittanceError, cancel_remittance, record_remittance
from bot.messages import BUTTONS
from bot.public_web import public_routes
from bot.web import make_web_app
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.test_logs import LogTo, log_to  # noqa: F401 (a fixture)
from tests.test_poverty import _chat as poverty_chat
from tests.test_poverty import _send_file, commune
from tests.test_remittances import BOARD, DRIVE, Hospital, database_file, hospital, hospital_seeded

__all__ = ["commune", "database_file", "hospital", "hospital_seeded"]  # the fixtures shared


def _chat(app: App, key: str) -> Scripted:
    return Scripted(CollectingChannel(app.engine, BUTTONS), key, MovableClock(NOW))


async def _count(app: App) -> int:
    async with app.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Remittance)) or 0)


async def test_an_officer_of_one_unit_hands_over_neither_the_whole_organisations_money_nor_another_units(
    app: App,
    hospital: Hospital,
) -> None:
    """Bình is the officer of unit B. The hospital's drive (of every unit) showed her “Nộp về quỹ cấp trên”,
    and she could record 95.000.000 ₫ of it as handed over, or the Fund outside the drives, or cancel Hùng's
    handover, though she may not even change that drive's dates. Now the money of a drive is handed over by
    an officer covering its units, the whole organisation's by an officer of the whole organisation; her
    own unit's drive she still hands over."""
    ids, drive_id = hospital.ids, hospital.drive_id
    async with app.sessionmaker() as session, session.begin():
        hung, binh, tam, mai = [await session.get_one(Person, ids[n]) for n in ("hung", "binh", "tam", "mai")]
        officer, unit_officer = await actor_for(session, hung), await actor_for(session, binh)
        handed = await record_remittance(
            session, officer, org_id=hung.org_id, source="drive", drive_id=drive_id, amount_vnd=5_000_000,
            board=BOARD, remitted_on=NOW.date(), now=NOW,
        )  # fmt: skip
        b = (ids["unit B"],)
        unit_b = NewDrive("Khoa Dược góp Quỹ", date(2026, 11, 1), date(2026, 11, 30), unit_ids=b)
        own = await create_drive(session, unit_officer, unit_b, now=NOW)
        gift = NewContribution(kind="money", amount_vnd=2_000_000, drive_id=own.id)
        entry = await record_contribution(session, person=tam, recorded_by=tam, entry=gift, now=NOW)
        await decide(session, entry, confirmed=True, actor=await actor_for(session, mai), now=NOW)
        own_id, handed_id = own.id, handed.id

    binh = _chat(app, "binh")
    await binh.say("/dotvandong")
    screen = await binh.choose(DRIVE)
    assert "Đã xác nhận: tiền 100.000.000" in screen  # she reads the drive's screen, as before
    assert "Nộp về quỹ cấp trên" not in screen and "Hủy một khoản đã nộp" not in screen
    async with app.sessionmaker() as session, session.begin():
        unit_officer = await actor_for(session, await session.get_one(Person, ids["binh"]))
        for source, drive in (("drive", drive_id), ("fund", None)):
            with pytest.raises(RemittanceError) as refused:
                await record_remittance(
                    session, unit_officer, org_id=unit_officer.org_id, source=source, drive_id=drive,
                    amount_vnd=1_000_000, board=BOARD, remitted_on=NOW.date(), now=NOW,
                )  # fmt: skip
            assert refused.value.reason == "not_allowed"
        with pytest.raises(RemittanceError) as refused:
            await cancel_remittance(session, unit_officer, handed_id, reason="Nhầm", now=NOW)
        assert refused.value.reason == "not_allowed"
    assert await _count(app) == 1

    await binh.say("/dotvandong")
    await binh.choose("Khoa Dược góp Quỹ")
    await binh.choose("Nộp về quỹ cấp trên")  # her unit's drive: hers to hand over
    await binh.say("2tr")
    await binh.say("Ban vận động Quỹ “Vì người nghèo” phường")
    await binh.choose("Hôm nay, 22/11/2026")
    await binh.choose("Bỏ qua")
    await binh.choose("Bỏ qua")
    screen = await binh.choose("Có")
    assert "Đã ghi nhận: nộp 2.000.000\xa0₫ về Ban vận động Quỹ “Vì người nghèo” phường." in screen
    async with app.sessionmaker() as session:
        hers = select(Remittance.drive_id).where(Remittance.recorded_by == ids["binh"])
        assert list(await session.scalars(hers)) == [own_id]


async def test_a_handover_dated_before_its_drive_began_is_refused_kindly_and_by_the_domain(
    app: App, hospital: Hospital
) -> None:
    """The drive began on 17/10/2026. Hùng typed 22/11/2025 for the day (the year wrong): the handover was
    recorded a year before the drive had any money, and counted in 2025's report. Now the day step says when
    the drive began and asks again; the domain refuses such a day too."""
    ids, drive_id = hospital.ids, hospital.drive_id
    hung = _chat(app, "hung")
    await hung.say("/dotvandong")
    await hung.choose(DRIVE)
    await hung.choose("Nộp về quỹ cấp trên")
    await hung.say("10tr")
    await hung.say(BOARD)
    screen = await hung.say("22/11/2025")
    assert "Đợt vận động bắt đầu từ 17/10/2026" in screen and "ví dụ: 22/11/2026" in screen
    screen = await hung.say("22/11/2026")
    assert "Số giấy biên nhận (phiếu thu) của cấp trên?" in screen  # on to the receipt: the day was taken
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        with pytest.raises(RemittanceError) as refused:
            await record_remittance(
                session, officer, org_id=officer.org_id, source="drive", drive_id=drive_id,
                amount_vnd=1_000_000, board=BOARD, remitted_on=date(2026, 10, 16), now=NOW,
            )  # fmt: skip
        assert refused.value.reason == "before_drive"
    assert await _count(app) == 0


async def test_names_with_a_soft_hyphen_a_mark_turning_the_line_or_an_escape_are_matched_and_said_plainly(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """The commune's list as exported from another program: a soft hyphen inside “Bích”, a zero-width space
    and a right-to-left mark inside other names, and a terminal's escape sequence in a row nobody lists.
    The first three were “no household of that name” (and the mark turned the officer's line around); the
    escape went back to the chat and to the shell's terminal as it was."""
    path = tmp_path / "ra-soat.csv"
    path.write_text(
        "Họ và tên chủ hộ;Phân loại\n"
        "Trần Thị B\u00adích;HN\n"
        "Lê Văn\u200b Cường;Cận nghèo\n"
        "Ngô Văn M\u202einh;HN\n"
        "\x1b[2J\x1b]0 Nguyễn Văn Lạ\x07;HN\n",
        encoding="utf-8",
    )
    officer = poverty_chat(any_app, "officer")
    await officer.say("/hongheo")
    await officer.choose("Gửi danh sách rà soát")
    screen = await _send_file(any_app, officer, path)
    assert "ra-soat.csv: khớp 3 hộ" in screen and "Dòng bỏ qua: 1." in screen
    assert "• dòng 5: “[2J]0 Nguyễn Văn Lạ”: không có hộ nào tên như vậy" in screen
    assert not any(mark in screen for mark in ("\x1b", "\x07", "\u202e", "\u00ad", "\u200b"))
    await officer.choose("Ghi 3 hộ khớp")
    households = commune["households"]
    async with any_app.sessionmaker() as session:
        stored = dict(
            (await session.execute(select(HouseholdStanding.person_id, HouseholdStanding.standing))).all()
        )
    assert stored == {
        households[("Thôn 1", "Trần Thị Bích")]: "poor",  # type: ignore[index]
        households[("Thôn 1", "Lê Văn Cường")]: "near_poor",  # type: ignore[index]
        households[("Thôn 1", "Ngô Văn Minh")]: "poor",  # type: ignore[index]
    }


async def test_a_pages_address_percent_encoded_or_with_a_path_after_it_keeps_the_key_out_of_the_log(
    app: App,
    log_to: LogTo,  # noqa: F811
    hospital: Hospital,
) -> None:
    """The web server decodes an address before routing it: “/%63ongkhai/<key>” and “/congkhai/%4x<key>”
    opened the page while the access log kept the key and the code checked whole. A slash or a path after
    the key, or no key, answered the server's bare “404: Not Found”, without the page's headers."""
    out = log_to(Settings(_env_file=None, log_level="INFO"))  # type: ignore[call-arg]
    ids, drive_id = hospital.ids, hospital.drive_id
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        key = await public_key_of(session, hung, await session.get_one(Drive, drive_id), now=NOW)
    first = f"%{ord(key[0]):02X}"
    server = TestServer(make_web_app(app.sessionmaker, public_routes(app.sessionmaker, app.engine.clock)))
    async with TestClient(server) as web:
        coded = f"/congkhai/{first}{key[1:]}?ma=CT-2026-000101"
        for path in (f"/%63ongkhai/{key}", coded, f"/congkhai/{key}/"):
            answer = await web.get(path)
            assert answer.status == 200, path
            assert "Đã xác nhận: tiền 100.000.000" in await answer.text()
        for path in ("/congkhai/", f"/congkhai/{key}/x", "/congkhai/a/b/c"):
            answer = await web.get(path)
            assert answer.status == 404, path
            assert "Trang này không có hoặc đường dẫn đã được đổi." in await answer.text()
            assert answer.headers["Content-Security-Policy"].startswith("default-src 'none';")
    logged = out.getvalue()
    assert key[4:] not in logged and "000101" not in logged
    assert logged.count(f"/congkhai/{key[:4]}***") >= 3
