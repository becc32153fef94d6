"""A drive's public page on the web (decision 0102), over real HTTP: what it received, paid out and has left,
the code check, no name anywhere; only an officer who manages the drive gets its link (in the chat with a QR
code to print, or at the shell), a new link ends the old one, and an unknown key gets a kind 404."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import CaseSupport, Contribution, Drive, HardshipCase, Organisation, Person
from bot.domain.access import Operator, actor_for
from bot.domain.contributions import correct
from bot.domain.digests import Period, drive_page_url, org_context, rollup_text
from bot.domain.drives import NewDrive, create_drive
from bot.domain.public_page import PublicPageError, fund_key_of, public_key_of
from bot.public_web import public_routes
from bot.web import make_web_app
from tests.support.clocks import NOW, MovableClock
from tests.support.ledger import ledger_entry
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_drives import seed
from tests.test_logs import LogTo, log_to  # noqa: F401 (a fixture)
from tests.test_transfer import scanned

BASE = "https://chungtay.example.vn"
AT = datetime(2026, 11, 20, 3, tzinfo=UTC)
NAMES = ("Nguyễn Thị Lan", "Phạm Văn Tâm", "Lan", "Tâm")


@pytest.fixture
def settings(db_path: Path, tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        telegram_bot_token=None,
        public_url=BASE + "/",
        _env_file=None,
    )  # type: ignore[call-arg]


@pytest.fixture
async def web(app: App) -> AsyncIterator[TestClient]:
    server = TestServer(make_web_app(app.sessionmaker, public_routes(app.sessionmaker, app.engine.clock)))
    async with TestClient(server) as client:
        yield client


async def drive_with_gifts(app: App, ids: dict[str, int]) -> int:
    """“Áo ấm <cho> học sinh” (target 2.000.000 ₫): Lan's 500.000 ₫ and Tâm's goods worth 300.000 ₫ confirmed
    (CT-2026-000101, -000102), Lan's 200.000 ₫ waiting (-000103), Tâm's 50.000 ₫ confirmed then reversed
    (-000105); Lan's 70.000 ₫ to the Fund outside the drives confirmed (-000104)."""
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).order_by(Organisation.id))
        assert org is not None
        entry = NewDrive("Áo ấm <cho> học sinh", date(2026, 11, 1), date(2026, 12, 31), target_vnd=2_000_000)
        drive = await create_drive(session, Operator(org.id), entry, now=NOW)
        lan, tam = await session.get_one(Person, ids["lan"]), await session.get_one(Person, ids["tam"])
        rows = [
            (lan, "money", 500_000, "confirmed", drive.id, 101),
            (tam, "goods", 300_000, "confirmed", drive.id, 102),
            (lan, "money", 200_000, "recorded", drive.id, 103),
            (lan, "money", 70_000, "confirmed", None, 104),
            (tam, "money", 50_000, "confirmed", drive.id, 105),
        ]
        made = {}
        for person, kind, amount, status, drive_id, number in rows:
            gift = ledger_entry(person, kind, amount, at=AT, status=status, drive_id=drive_id)
            gift.ref = f"CT-2026-{number:06d}"
            session.add(gift)
            made[number] = gift
        await session.flush()
        reversal = ledger_entry(tam, "money", -50_000, at=AT, drive_id=drive.id, reverses=made[105])
        reversal.ref = "CT-2026-000106"
        session.add(reversal)
        return drive.id


async def key_for(app: App, drive_id: int, person_id: int | None = None, *, renew: bool = False) -> str:
    async with app.sessionmaker() as session, session.begin():
        drive = await session.get_one(Drive, drive_id)
        actor = (
            await actor_for(session, await session.get_one(Person, person_id))
            if person_id
            else Operator(drive.org_id)
        )
        return await public_key_of(session, actor, drive, now=NOW, renew=renew)


async def test_anyone_with_the_link_reads_the_totals_checks_a_code_and_never_a_name(
    app: App, web: TestClient
) -> None:
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)
    key = await key_for(app, drive_id, ids["hung"])

    answer = await web.get(f"/congkhai/{key}")
    page = await answer.text()
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/html")
    assert "Áo ấm &lt;cho&gt; học sinh" in page and "<cho>" not in page  # the title, never as markup
    # a tab or a bookmark says whose drive it is: many organisations run drives of the same title
    assert "<title>Áo ấm &lt;cho&gt; học sinh — Bệnh viện Đa khoa</title>" in page
    assert (
        "tiền 500.000\xa0₫" in page and "hiện vật trị giá 300.000\xa0₫" in page
    )  # confirmed; the reversal off
    # Lan's one gift waiting is her amount: the page, read by anyone, counts it and says no figure (0988)
    assert "1 khoản đang chờ xác nhận." in page and ">Kiểm tra<" in page
    assert "200.000" not in page
    assert "70.000" not in page  # a gift to the Fund outside the drives is not this drive's
    assert "Đã chi hỗ trợ" not in page  # nothing paid out yet: no line of zeros
    assert "40%" in page and '<progress max="100" value="40">' in page  # 800.000 of 2.000.000 ₫
    assert "Số liệu tính đến 09:00 22/11/2026 (giờ Việt Nam)." in page  # read abroad too: whose clock
    assert not [name for name in NAMES if name in page]

    for typed, said in (
        ("ct 2026 101", "CT-2026-000101: đã nhận và được thủ quỹ xác nhận."),
        ("CT-2026-000103", "CT-2026-000103: chưa có trong các khoản đã xác nhận của đợt này."),  # waiting
        ("CT-2026-000104", "CT-2026-000104: chưa có trong các khoản đã xác nhận"),  # another drive's
        (  # reversed: said so, not "not confirmed" (decision 0121)
            "CT-2026-000105",
            "CT-2026-000105: đã được thủ quỹ xác nhận, sau đó đã bị hủy bằng bút toán điều chỉnh",
        ),
        ("' OR 1=1 --", "Đây không phải mã đóng góp. Mã có dạng: CT-2026-000123."),
    ):
        page = await (await web.get(f"/congkhai/{key}", params={"ma": typed})).text()
        assert said in page, typed
        assert not [name for name in NAMES if name in page]

    english = await (await web.get(f"/congkhai/{key}", params={"lang": "en", "ma": "CT-2026-000101"})).text()
    assert "CT-2026-000101: received and confirmed by the treasurer." in english and 'lang="en"' in english
    assert "Figures as of 09:00 22/11/2026, Vietnam time." in english

    async with app.sessionmaker() as session, session.begin():  # the drive pays 300.000 ₫ to a hardship case
        case = HardshipCase(
            org_id=1,
            subject="household",
            name="Hộ Đinh Văn Sáu",
            circumstances="x",
            needs="x",
            created_at=NOW,
        )
        session.add(case)
        await session.flush()
        session.add(
            CaseSupport(
                case_id=case.id,
                drive_id=drive_id,
                source="drive",
                kind="money",
                amount_vnd=300_000,
                delivered_on=date(2026, 11, 21),
                created_at=NOW,
            )
        )
    page = await (await web.get(f"/congkhai/{key}")).text()
    assert "Đã chi hỗ trợ cho 1 hoàn cảnh: tiền 300.000\xa0₫" in page
    assert "Còn lại trong quỹ: tiền 200.000\xa0₫" in page
    assert "Sáu" not in page  # the case is never named

    missing = await web.get("/congkhai/not-a-key")
    assert missing.status == 404
    assert "Trang này không có hoặc đường dẫn đã được đổi." in await missing.text()


async def test_only_an_officer_managing_the_drive_gets_the_link_and_a_new_link_ends_the_old(
    app: App, web: TestClient
) -> None:
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)  # of the whole organisation: units A and B
    for who in (
        "lan",
        "mai",
        "binh",
        "vy",
    ):  # a member, a treasurer, an officer of B only, another organisation
        with pytest.raises(PublicPageError):
            await key_for(app, drive_id, ids[who])
    first = await key_for(app, drive_id, ids["hung"])
    assert await key_for(app, drive_id, ids["hung"]) == first  # kept: the printed poster keeps working
    second = await key_for(app, drive_id, ids["hung"], renew=True)
    assert second != first
    assert (await web.get(f"/congkhai/{first}")).status == 404
    assert (await web.get(f"/congkhai/{second}")).status == 200


async def test_the_officer_gets_the_link_and_its_qr_code_in_the_chat_and_can_replace_it(
    app: App, make_person, web: TestClient
) -> None:
    ids = await seed(app)
    await drive_with_gifts(app, ids)
    hung = make_person("hung")
    await hung.say("/menu")
    await hung.choose("Đợt vận động")
    await hung.choose("Áo ấm <cho> học sinh")
    screen = await hung.choose("Trang công khai trên web")
    assert "Trang công khai của “Áo ấm <cho> học sinh”: https://chungtay.example.vn/congkhai/" in screen
    assert "không bao giờ có tên người hay từng khoản" in screen
    [url] = [word for word in screen.split() if word.startswith(BASE)]
    [picture] = [r.photo for r in hung.last if r.photo]
    assert scanned((app.settings.media_dir / picture).read_bytes()) == url  # the QR code opens the same page
    assert (await web.get(url.removeprefix(BASE))).status == 200

    await hung.choose("Đổi đường dẫn (đường dẫn cũ thôi dùng được)")
    screen = await hung.choose("Có")
    assert "Đã đổi: đường dẫn cũ không dùng được nữa. Đường dẫn mới:" in screen
    [new] = [word for word in screen.split() if word.startswith(BASE)]
    assert new != url
    assert (await web.get(url.removeprefix(BASE))).status == 404
    assert (await web.get(new.removeprefix(BASE))).status == 200

    binh = make_person("binh")  # an officer of unit B alone: the drive of both units is not theirs to publish
    await binh.say("/menu")
    await binh.choose("Đợt vận động")
    screen = await binh.choose("Áo ấm <cho> học sinh")
    assert "Trang công khai trên web" not in screen


async def test_the_shell_gives_the_link_and_its_qr_code_and_asks_for_the_public_address_first(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)
    async with app.sessionmaker() as session:
        code = (await session.get_one(Drive, drive_id)).code
    cli = Cli(tmp_path, db_path, settings=ENGLISH)  # the lines an office whose chats speak English reads
    refused = cli("drive", "link", code, "--org", "BV")
    assert refused.returncode != 0 and "set PUBLIC_URL" in refused.stderr
    out = ok(
        cli("drive", "link", code, "--org", "BV", "--qr", str(tmp_path / "qr.png"), env={"PUBLIC_URL": BASE})
    )
    [url] = [line for line in out.splitlines() if line.startswith(BASE)]
    assert url == f"{BASE}/congkhai/{await key_for(app, drive_id)}"
    assert scanned((tmp_path / "qr.png").read_bytes()) == url
    out = ok(cli("drive", "link", code, "--org", "BV", "--renew", env={"PUBLIC_URL": BASE}))
    assert "the old one no longer works" in out and url not in out


async def test_the_funds_page_shows_the_year_with_what_last_year_left_and_the_office_gets_its_link(
    app: App, make_person, web: TestClient, tmp_path: Path, db_path: Path
) -> None:
    ids = await seed(app)
    await drive_with_gifts(app, ids)  # its gifts are the drive's; Lan's 70.000 ₫ of 2026 the Fund's
    async with app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        for number, amount, status, year in (
            (201, 400_000, "confirmed", 2025),
            (202, 100_000, "recorded", 2026),
        ):
            gift = ledger_entry(lan, "money", amount, at=AT, status=status, year=year)
            gift.ref = f"CT-{year}-{number:06d}"
            session.add(gift)

    hung = make_person("hung")  # the organisation's officer, from the statement of the Fund
    await hung.say("/saoke")
    await hung.choose("ngoài các đợt")
    screen = await hung.choose("Trang công khai trên web")
    assert f"Trang công khai của Quỹ “Vì người nghèo” (ngoài các đợt vận động): {BASE}/congkhai/" in screen
    [url] = [word for word in screen.split() if word.startswith(BASE)]
    [picture] = [r.photo for r in hung.last if r.photo]
    assert scanned((app.settings.media_dir / picture).read_bytes()) == url
    binh = make_person("binh")  # an officer of one unit: the Fund is the whole organisation's
    await binh.say("/saoke")
    screen = await binh.choose("ngoài các đợt")
    assert "Trang công khai trên web" not in screen

    page = await (await web.get(url.removeprefix(BASE))).text()
    assert "Quỹ “Vì người nghèo” (ngoài các đợt vận động) năm 2026" in page
    assert "<title>Quỹ “Vì người nghèo” (ngoài các đợt vận động) năm 2026 — Bệnh viện Đa khoa</title>" in page
    assert '<a href="?nam=2025&amp;lang=vi">Năm 2025</a>' in page and "nam=2027" not in page
    assert "Số dư năm trước chuyển sang: tiền 400.000\xa0₫" in page  # what 2025 left
    assert "Đã xác nhận: tiền 70.000\xa0₫" in page  # the drive's 800.000 ₫ are not the Fund's
    assert "1 khoản đang chờ xác nhận." in page and "100.000" not in page  # Lan's alone (0988)
    assert "Còn lại trong quỹ: tiền 470.000\xa0₫" in page
    assert not [name for name in NAMES if name in page]
    checked = await (await web.get(url.removeprefix(BASE), params={"ma": "CT-2026-000104"})).text()
    assert "CT-2026-000104: đã nhận và được thủ quỹ xác nhận." in checked
    checked = await (await web.get(url.removeprefix(BASE), params={"ma": "CT-2026-000101"})).text()
    assert "CT-2026-000101: chưa có trong các khoản đã xác nhận của Quỹ" in checked  # not “đợt này”
    last_year = await (await web.get(url.removeprefix(BASE), params={"nam": "2025"})).text()
    assert "năm 2025" in last_year and "Đã xác nhận: tiền 400.000\xa0₫" in last_year
    assert '<a href="?nam=2026&amp;lang=vi">Năm 2026</a>' in last_year  # and back to this year
    assert '<input type="hidden" name="nam" value="2025">' in last_year  # a code checked there: 2025's
    checked = await (
        await web.get(url.removeprefix(BASE), params={"nam": "2025", "ma": "ct 2025 201"})
    ).text()
    assert "CT-2025-000201: đã nhận và được thủ quỹ xác nhận." in checked
    # checked from this year's page (its form says 2026): looked up in 2025, whose page it then shows
    # …and typed with a phone keyboard's full-width figures, the same code
    for params in (
        {"ma": "CT-2025-000201"},
        {"nam": "2026", "ma": "ct 2025 201"},
        {"ma": "ct ２０２５ ２０１"},
    ):
        checked = await (await web.get(url.removeprefix(BASE), params=params)).text()
        assert "CT-2025-000201: đã nhận và được thủ quỹ xác nhận." in checked, params
        assert "năm 2025" in checked and "Đã xác nhận: tiền 400.000\xa0₫" in checked, params

    out = ok(Cli(tmp_path, db_path)("drive", "link", "general", "--org", "BV", env={"PUBLIC_URL": BASE}))
    assert url in out  # the same link at the shell


async def test_gifts_waiting_from_three_people_are_said_in_dong_and_from_fewer_only_counted(
    app: App, web: TestClient
) -> None:
    """What waits for a treasurer, on a page anyone reads: one or two people's gifts waiting are their
    amounts, so the page counts them; from three people on, the sum is nobody's (0150, 0177, 0988)."""
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)  # Lan's 200.000 ₫ waits
    key = await key_for(app, drive_id, ids["hung"])
    async with app.sessionmaker() as session, session.begin():  # Tâm's 150.000 ₫ waits too: two people
        tam = await session.get_one(Person, ids["tam"])
        session.add(ledger_entry(tam, "money", 150_000, at=AT, status="recorded", drive_id=drive_id))
    page = await (await web.get(f"/congkhai/{key}")).text()
    assert "2 khoản đang chờ xác nhận." in page and "350.000" not in page
    english = await (await web.get(f"/congkhai/{key}", params={"lang": "en"})).text()
    assert "2 gifts waiting to be confirmed." in english

    async with app.sessionmaker() as session, session.begin():  # a third person's gift waits: a sum of three
        hung = await session.get_one(Person, ids["hung"])
        session.add(ledger_entry(hung, "money", 50_000, at=AT, status="recorded", drive_id=drive_id))
    page = await (await web.get(f"/congkhai/{key}")).text()
    # the sum names no one who confirms it either, as the count of fewer does (2621): a lone treasurer's own
    # among them waits for the officers; it said “Đang chờ thủ quỹ xác nhận: …” (decision 2711)
    assert "Đang chờ xác nhận: tiền 400.000\xa0₫.<" in page and "thủ quỹ xác nhận: tiền" not in page, page
    english = await (await web.get(f"/congkhai/{key}", params={"lang": "en"})).text()
    assert "Waiting to be confirmed: money ₫400,000." in english, english

    async with app.sessionmaker() as session, session.begin():  # Tâm's and Hưng's are days of work instead:
        for gift in await session.scalars(
            select(Contribution).where(
                Contribution.status == "recorded", Contribution.person_id != ids["lan"]
            )
        ):
            gift.kind, gift.amount_vnd, gift.labour_days = "labour", 0, 2
    page = await (await web.get(f"/congkhai/{key}")).text()
    # three people wait, but the money is Lan's alone: it said “Đang chờ xác nhận: tiền 200.000 ₫.” (2756)
    assert "3 khoản đang chờ xác nhận (ngày công do" in page and "200.000" not in page, page
    english = await (await web.get(f"/congkhai/{key}", params={"lang": "en"})).text()
    assert "3 gifts waiting to be confirmed (labour days by" in english and "200,000" not in english, english


async def test_in_january_last_years_fund_page_and_a_drive_past_its_end_say_they_ended(
    app: App, web: TestClient, clock: MovableClock
) -> None:
    """On 4 January 2027 the Fund's page of 2026 and the page of a drive that ran to 31/12/2026 and was never
    closed say they ended, in the words of their group messages (0887, 0967, 0987); this year's page and a
    closed drive's say what they said."""
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)
    key = await key_for(app, drive_id, ids["hung"])
    async with app.sessionmaker() as session, session.begin():
        fund = await fund_key_of(session, Operator(1), await session.get_one(Organisation, 1), now=NOW)
    clock.at = datetime(2027, 1, 4, 2, tzinfo=UTC)

    page = await (await web.get(f"/congkhai/{key}")).text()
    assert "<h1>Áo ấm &lt;cho&gt; học sinh (01/11/2026–31/12/2026) — đã kết thúc ngày 31/12/2026</h1>" in page
    last_year = await (await web.get(f"/congkhai/{fund}", params={"nam": "2026"})).text()
    assert (
        "<h1>Quỹ “Vì người nghèo” (ngoài các đợt vận động) năm 2026 — đã kết thúc ngày 31/12/2026</h1>"
        in (last_year)
    )
    english = await (await web.get(f"/congkhai/{fund}", params={"nam": "2026", "lang": "en"})).text()
    assert "2026 — ended on 31/12/2026</h1>" in english
    this_year = await (await web.get(f"/congkhai/{fund}")).text()
    assert "năm 2027</h1>" in this_year and "kết thúc" not in this_year

    async with app.sessionmaker() as session, session.begin():  # closed on 2/1: its closing day, as before
        drive = await session.get_one(Drive, drive_id)
        drive.closed_at = datetime(2027, 1, 2, 3, tzinfo=UTC)
    page = await (await web.get(f"/congkhai/{key}")).text()
    assert "(01/11/2026–31/12/2026) — đã đóng ngày 02/01/2027</h1>" in page and "kết thúc" not in page


async def test_the_heads_roll_up_carries_the_running_drives_public_link_to_pass_on(app: App) -> None:
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)
    week = Period(datetime(2026, 11, 16, 17, tzinfo=UTC), datetime(2026, 11, 23, 17, tzinfo=UTC))
    async with app.sessionmaker() as session:
        context, _campaign = await org_context(session, 1, week)
        assert context.drive is not None and context.drive.id == drive_id
        assert drive_page_url(app.settings, context) is None  # no link asked for yet: no line
    key = await key_for(app, drive_id, ids["hung"])
    async with app.sessionmaker() as session:
        context, _campaign = await org_context(session, 1, week)
        url = drive_page_url(app.settings, context)
        assert url == f"{BASE}/congkhai/{key}"
        text = rollup_text("vi", "Bệnh viện Đa khoa", [], context, public_url=url)
    assert f"Trang công khai của đợt, để gửi tiếp (không có tên người): {url}" in text


# ---------------------------------------------------------------------------------------------------------
# What an outsider may try with the address


async def served(app: App) -> TestServer:
    return TestServer(make_web_app(app.sessionmaker, public_routes(app.sessionmaker, app.engine.clock)))


async def test_whatever_is_typed_into_the_address_answers_a_page_and_never_an_error(any_app: App) -> None:
    ids = await seed(any_app)
    drive_id = await drive_with_gifts(any_app, ids)
    key = await key_for(any_app, drive_id, ids["hung"])
    async with any_app.sessionmaker() as session, session.begin():
        fund = await fund_key_of(session, Operator(1), await session.get_one(Organisation, 1), now=NOW)
    async with TestClient(await served(any_app)) as web:
        for path in ("%00", "%00abc", "%ff", "%ed%a0%80", "a%2Fb", "x" * 33, key + "%20", key.swapcase()):
            answer = await web.get(f"/congkhai/{path}")  # no key (PostgreSQL refuses a NUL byte)
            assert answer.status == 404, path
            assert "Trang này không có hoặc đường dẫn đã được đổi." in await answer.text()
        for year in ("%C2%B2", "%D9%A2%D9%A0%D9%A2%D9%A5", "99999999999999999999", "2025%00"):
            answer = await web.get(f"/congkhai/{fund}?nam={year}")  # "²" is a digit to Python, not a number
            assert answer.status == 200, year
            assert "ngoài các đợt vận động) năm 2026" in await answer.text()  # this year's, as for no year
        for code in ("CT-9999-000101", "ct 0000 101", "CT-2099-000101", "XY-2025-000101"):
            answer = await web.get(f"/congkhai/{fund}", params={"ma": code})  # no year it takes; another's
            page = await answer.text()
            assert answer.status == 200 and "chưa có trong các khoản đã xác nhận của Quỹ" in page, code
            assert ("năm 2025" if "2025" in code else "năm 2026") in page, code
        answer = await web.get(f"/congkhai/{key}?ma=CT-2026-000101%00%1b")
        page = await answer.text()
        assert answer.status == 200 and "\x00" not in page and "\x1b" not in page
        assert "CT-2026-000101: đã nhận và được thủ quỹ xác nhận." in page
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            assert (await web.request(method, f"/congkhai/{key}")).status == 405


async def test_every_answer_forbids_scripts_indexing_frames_and_passing_the_address_on(
    app: App, web: TestClient
) -> None:
    ids = await seed(app)
    key = await key_for(app, await drive_with_gifts(app, ids), ids["hung"])
    for path, status in ((key, 200), (key + "?ma=x", 200), ("not-a-key", 404)):
        answer = await web.get(f"/congkhai/{path}")
        assert answer.status == status
        headers = answer.headers
        assert headers["Content-Security-Policy"].startswith("default-src 'none';")
        assert "script-src" not in headers["Content-Security-Policy"]  # none: default-src forbids them
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Robots-Tag"] == "noindex, nofollow"
        assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "<script" not in await answer.text()
    for method in (
        "POST",
        "PUT",
        "DELETE",
        "OPTIONS",
    ):  # a form or a probe sent another way: the same headers
        answer = await web.request(method, f"/congkhai/{key}", data="ma=CT-2026-000101")
        assert answer.status == 405, method
        assert answer.headers.get("Content-Security-Policy", "").startswith("default-src 'none';"), method
        assert answer.headers.get("X-Robots-Tag") == "noindex, nofollow", method
        assert answer.headers["Allow"].replace(" ", "") == "GET,HEAD", method


async def test_the_log_never_holds_a_pages_key_nor_the_code_checked(app: App, log_to: LogTo) -> None:  # noqa: F811
    out = log_to(Settings(_env_file=None, log_level="INFO"))  # type: ignore[call-arg]
    ids = await seed(app)
    key = await key_for(app, await drive_with_gifts(app, ids), ids["hung"])
    async with TestClient(await served(app)) as web:
        assert (await web.get(f"/congkhai/{key}", params={"ma": "CT-2026-000101"})).status == 200
    line = [line for line in out.getvalue().splitlines() if "aiohttp.access" in line][-1]
    assert f'"GET /congkhai/{key[:4]}*** HTTP/1.1" 200' in line  # enough to tell two pages apart
    assert key not in out.getvalue() and "000101" not in out.getvalue()


async def test_a_failure_answers_a_kind_page_and_the_log_says_where_not_the_key(
    tmp_path: Path,
    clock: MovableClock,
    log_to: LogTo,  # noqa: F811
) -> None:
    out = log_to(Settings(_env_file=None, log_level="INFO"))  # type: ignore[call-arg]
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")  # no tables: every query fails
    sessions = make_sessionmaker(engine)
    key = "AbCdEfGhIjKlMnOpQrStUv"
    try:
        async with TestClient(TestServer(make_web_app(sessions, public_routes(sessions, clock)))) as web:
            answer = await web.get(f"/congkhai/{key}", params={"lang": "en"})
            page = await answer.text()
    finally:
        await engine.dispose()
    assert answer.status == 503 and "This page cannot be opened just now" in page
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none';")
    assert "Traceback" not in page and "SELECT" not in page
    logged = out.getvalue()
    assert "the public page failed: sqlalchemy.exc.OperationalError at bot/domain/public_page.py" in logged
    assert key not in logged and "Traceback" not in logged


async def test_what_officers_and_members_type_reaches_the_page_as_text_never_as_markup(
    app: App, web: TestClient
) -> None:
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)
    mark = '"><script>alert(1)</script>'
    async with app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, 1)
        org.name = "Công đoàn " + mark
        drive = await session.get_one(Drive, drive_id)
        drive.title = "</title><style>body{display:none}</style>" + mark
        drive.transfer_bank, drive.transfer_account, drive.transfer_holder = "<b>", "0123'4", "NGUYEN " + mark
    key = await key_for(app, drive_id, ids["hung"])
    for typed in (mark, "CT-2026-000101" + mark, "ct 2026 101'><img src=x onerror=alert(1)>"):
        for lang in ("vi", "en"):
            page = await (await web.get(f"/congkhai/{key}", params={"ma": typed, "lang": lang})).text()
            assert "<script" not in page and "<img" not in page and "<b>" not in page, typed
            assert page.count("<style>") == 1 and page.count("</title>") == 1
            assert "&lt;/title&gt;&lt;style&gt;" in page and "Công đoàn &quot;&gt;&lt;script&gt;" in page
            assert "NGUYEN &quot;&gt;&lt;script&gt;" in page and "0123&#x27;4" in page
    page = await (await web.get(f"/congkhai/{key}", params={"ma": 'x" autofocus onfocus="alert(1)'})).text()
    assert 'value="x&quot; autofocus onfocus=&quot;alert(1)"' in page


async def test_no_answer_tells_an_outsider_which_web_server_and_version_answers(app: App) -> None:
    """Every answer said “Server: Python/3.11 aiohttp/3.x.y”: the page read by anyone, its 404 and 405, a path
    that is nothing, the health check. An outsider learnt which release to try a known flaw of; now the
    answers name the bot only."""
    ids = await seed(app)
    key = await key_for(app, await drive_with_gifts(app, ids), ids["hung"])
    async with TestClient(await served(app)) as web:
        for method, path in (
            ("GET", f"/congkhai/{key}"),
            ("HEAD", f"/congkhai/{key}"),
            ("GET", "/congkhai/not-a-key"),
            ("POST", f"/congkhai/{key}"),
            ("GET", "/nothing-here"),
            ("GET", "/healthz"),
        ):
            answer = await web.request(method, path)
            assert answer.headers.get("Server") == "Chung Tay", (method, path)


async def test_a_long_paste_into_the_code_box_stops_at_what_the_page_reads(app: App, web: TestClient) -> None:
    """A reader who pasted a long message into the code box (a few thousand Vietnamese letters) got the web
    server's bare English “400 Bad Request: Got more than 8190 bytes…”, quoting the page's address back. The
    box now takes the 40 characters the page reads, and a code typed with spaces to spare is still checked."""
    ids = await seed(app)
    key = await key_for(app, await drive_with_gifts(app, ids), ids["hung"])
    page = await (await web.get(f"/congkhai/{key}")).text()
    assert '<input id="ma" name="ma" value="" maxlength="40"' in page
    answer = await web.get(f"/congkhai/{key}", params={"ma": ("  ct 2026 101" + " " * 40)[:40]})
    assert "CT-2026-000101: đã nhận và được thủ quỹ xác nhận." in await answer.text()


async def test_a_drives_long_hashtag_title_wraps_inside_a_phones_screen(app: App, web: TestClient) -> None:
    """A title written as campaigns write them, “#VìNgườiNghèo#KhôngĐểAiBịBỏLạiPhíaSau”, is one word of 37
    letters: on a phone 360 pixels wide it ran past the screen's edge and the whole page slid sideways. The
    page now breaks a word longer than its line, wherever it is (title, organisation, account, code)."""
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)
    async with app.sessionmaker() as session, session.begin():
        (await session.get_one(Drive, drive_id)).title = "#VìNgườiNghèo#KhôngĐểAiBịBỏLạiPhíaSau"
    page = await (await web.get(f"/congkhai/{await key_for(app, drive_id, ids['hung'])}")).text()
    assert "<h1>#VìNgườiNghèo#KhôngĐểAiBịBỏLạiPhíaSau (01/11/2026–31/12/2026)</h1>" in page
    assert "main{overflow-wrap:anywhere;" in page


async def test_the_right_entry_of_a_2026_gift_corrected_in_january_is_found_by_its_2027_code(
    app: App, web: TestClient, clock: MovableClock
) -> None:
    """Lan's 70.000 ₫ to the Fund of 2026 corrected to 60.000 ₫ on 5/1/2027: its right entry counts for 2026
    and reads on 2026's statement, under a code of its writing's year (CT-2027-…), the one Lan is told. Typed
    on the Fund's page it was looked up in 2027, the year the code names: “chưa có trong các khoản đã xác
    nhận của Quỹ”, her money nowhere to be found."""
    ids = await seed(app)
    await drive_with_gifts(app, ids)
    async with app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, 1)
        fund = await fund_key_of(session, Operator(org.id), org, now=NOW)
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000104"))
        assert gift is not None
        at = datetime(2027, 1, 5, 3, tzinfo=UTC)
        corrected = await correct(
            session, gift, acting=Operator(org.id), figure=60_000, reason="Sai số", now=at
        )
        right = corrected.replacement.ref
    assert right.startswith("CT-2027-")
    clock.at = datetime(2027, 1, 6, 2, tzinfo=UTC)

    for params in ({"ma": right}, {"nam": "2026", "ma": right}):
        checked = await (await web.get(f"/congkhai/{fund}", params=params)).text()

        assert f"{right}: đã nhận và được thủ quỹ xác nhận." in checked, params
        # the page of the year it counts for, whose statement holds it
        assert (
            "<h1>Quỹ “Vì người nghèo” (ngoài các đợt vận động) năm 2026 — đã kết thúc ngày 31/12/2026</h1>"
            in (checked)
        ), params


async def test_the_funds_page_says_who_confirms_a_day_of_work_waiting_as_the_screen_says_it(
    app: App, web: TestClient
) -> None:
    """The Fund's public page counted Lan's day of work waiting as “1 khoản đang chờ thủ quỹ xác nhận.”,
    though the union's officer covering her unit confirms it too, and the drive's screen said so of the same
    day. It names who confirms what waits by the one rule and in the role's own name (decision 1806)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        fund = await fund_key_of(session, Operator(1), await session.get_one(Organisation, 1), now=NOW)
        lan = await session.get_one(Person, ids["lan"])
        session.add(ledger_entry(lan, "labour", days=1, at=AT, status="recorded"))
    page = await (await web.get(f"/congkhai/{fund}")).text()
    assert "1 khoản đang chờ cán bộ công đoàn/vận động hoặc thủ quỹ xác nhận." in page, page
    english = await (await web.get(f"/congkhai/{fund}", params={"lang": "en"})).text()
    assert "1 gift waiting for a union or mobilisation officer or a treasurer to confirm." in english

    async with app.sessionmaker() as session, session.begin():  # Tâm's money waits beside it
        tam = await session.get_one(Person, ids["tam"])
        session.add(ledger_entry(tam, "money", 150_000, at=AT, status="recorded"))
    page = await (await web.get(f"/congkhai/{fund}")).text()
    # the money named by no one, as alone (2621): a lone treasurer's own would wait for the officers (2626)
    assert "2 khoản đang chờ xác nhận (ngày công do cán bộ công đoàn/vận động hoặc thủ quỹ)." in page, page
