"""A treasurer who hears “chị Lan khoa Nội chuyển rồi đấy” looks the gift up by the giver's name, typed
without accents, where the code is asked (decision 0184): the giver's entries of her units, the latest first,
each with its code, day, amount and where it stands, one tap from its confirmation. Namesakes are told apart
by their unit; nobody is found whose entries the reader may not open, so a name reveals no more than a code
would; a member's look-up still asks only for a code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.db.models import Contribution, Person, Unit
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution, reverse, typed_refs
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_drives import seed


async def _gifts(app: App, ids: dict[str, int]) -> None:
    """Lan (Khoa Nội) gives twice, a day apart; Tâm (Khoa Dược) once; Vy, of another organisation, once; a
    second Nguyễn Thị Lan, of Khoa Dược, has given nothing."""
    async with app.sessionmaker() as session, session.begin():
        people = {k: await session.get_one(Person, ids[k]) for k in ("lan", "tam", "vy")}
        entries = [
            ("lan", NewContribution(kind="money", amount_vnd=200_000), NOW),
            ("tam", NewContribution(kind="money", amount_vnd=300_000), NOW),
            ("vy", NewContribution(kind="money", amount_vnd=400_000), NOW),
            ("lan", NewContribution(kind="money", amount_vnd=1_200_000), NOW + timedelta(days=1)),
        ]
        for who, entry, at in entries:
            await record_contribution(
                session, person=people[who], recorded_by=people[who], entry=entry, now=at
            )
        pharmacy = await session.get_one(Unit, ids["unit B"])
        session.add(
            Person(
                org_id=pharmacy.org_id,
                unit_id=pharmacy.id,
                full_name="Nguyễn Thị Lan",
                name_key=fold("Nguyễn Thị Lan"),
                created_at=NOW,
            )
        )


async def test_a_treasurer_finds_a_gift_by_the_givers_name_typed_without_accents(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await _gifts(app, ids)
    mai = make_person("mai")
    mai.clock.advance(days=2)
    screen = await mai.say("/tracuu")
    assert "hoặc tên người đóng góp" in screen
    screen = await mai.say("nguyen thi lan")  # the Lan of Khoa Dược gave nothing: not offered
    assert "Nguyễn Thị Lan: 2 khoản đóng góp, mới nhất trước." in screen
    assert screen.index("CT-2026-000003 · 23/11/2026 · 1.200.000\xa0₫ · chờ thủ quỹ xác nhận") < screen.index(
        "CT-2026-000001 · 22/11/2026 · 200.000\xa0₫"
    )
    assert "300.000" not in screen and "400.000" not in screen
    screen = await mai.choose("CT-2026-000003")
    assert "• Tiền: 1.200.000\xa0₫" in screen
    screen = await mai.choose("Xác nhận")
    assert "CT-2026-000003: đã xác nhận" in screen

    await mai.say("/tracuu")
    screen = await mai.say("Tam")  # one word, in the wrong case, still finds Phạm Văn Tâm
    assert "Phạm Văn Tâm: 1 khoản đóng góp" in screen and "300.000\xa0₫" in screen
    screen = await mai.say("ha vy")  # of another organisation: never found, nor its amount
    assert "Không có khoản đóng góp nào anh/chị tra cứu được của người tên “ha vy”" in screen
    assert "400.000" not in screen and "Hà Vy" not in screen
    screen = await mai.say("ct 2026 1")  # a code typed there is looked up as before
    assert "• Tiền: 200.000\xa0₫" in screen

    # Her phone number, as a colleague reads it out, finds her entries too, never a code “CT-0912-345678”
    async with app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        lan.phone = "0912345678"
    screen = await mai.say("/tracuu")
    assert "hay số điện thoại của họ" in screen
    for typed in ("0912 345 678", "+84912345678"):
        screen = await mai.say(typed)
        assert "Nguyễn Thị Lan: 2 khoản đóng góp, mới nhất trước." in screen and "CT-0912" not in screen
    screen = await mai.say("0987654321")  # nobody's: said so, the question again
    assert "Không có khoản đóng góp nào anh/chị tra cứu được của người có số điện thoại 0987654321" in screen
    assert "Nguyễn Thị Lan" not in screen and "hay số điện thoại của họ" in screen
    screen = await mai.say("/tracuu 0912.345.678")
    assert "Nguyễn Thị Lan: 2 khoản đóng góp" in screen
    # A figure too many or too few (decision 0327): said to be no phone, never “CT-0912-3456789: not found”
    await mai.say("/tracuu")
    for typed in ("09123456789", "0912 345 67"):
        screen = await mai.say(typed)
        assert f"{typed} không phải số điện thoại: số di động có 10 chữ số" in screen, screen
        assert "kiểm tra lại mã" not in screen and "hay số điện thoại của họ" in screen


@on_text_only
async def test_an_officer_of_one_unit_finds_only_its_givers_and_a_member_is_asked_for_a_code(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await _gifts(app, ids)
    binh = make_person("binh")  # an officer of Khoa Dược
    await binh.say("/tracuu")
    screen = await binh.say("nguyen thi lan")  # Lan of Khoa Nội gave, but not in Bình's units
    assert "Không có khoản đóng góp nào anh/chị tra cứu được" in screen and "200.000" not in screen
    screen = await binh.say("pham van tam")
    assert "Phạm Văn Tâm: 1 khoản đóng góp" in screen
    lan = make_person("lan")
    await lan.say("/tracuu")
    screen = await lan.say("pham van tam")
    assert "đang chờ mã tham chiếu" in screen and "300.000" not in screen
    screen = await lan.say("0912 345 678")  # a phone is no code of hers either (decision 0327)
    assert "0912 345 678 là số điện thoại, không phải mã tham chiếu" in screen and "CT-0912" not in screen
    assert "Không tìm thấy" not in screen


async def test_a_givers_name_typed_with_the_command_is_looked_up_as_at_the_question(
    app: App, make_person
) -> None:
    """“/tracuu CT-…” opens the code at once; “/tracuu lan” is the same name typed at once, never “not found,
    check the code”, and no more is found than at the question."""
    ids = await seed(app)
    await _gifts(app, ids)
    mai = make_person("mai")
    mai.clock.advance(days=2)
    screen = await mai.say("/tracuu nguyen thi lan")
    assert "Nguyễn Thị Lan: 2 khoản đóng góp, mới nhất trước." in screen and "kiểm tra lại mã" not in screen
    screen = await mai.choose("CT-2026-000001")
    assert "• Tiền: 200.000\xa0₫" in screen
    screen = await mai.say("/tracuu ha vy")  # of another organisation: never found, nor its amount
    assert "Không có khoản đóng góp nào anh/chị tra cứu được của người tên “ha vy”" in screen
    assert "400.000" not in screen and "Hà Vy" not in screen
    assert "hoặc tên người đóng góp" in screen  # the question, to type another name or a code
    lan = make_person("lan")  # a member: what follows the command is a code, as before
    screen = await lan.say("/tracuu pham van tam")
    assert "300.000" not in screen and "Phạm Văn Tâm" not in screen


@on_buttons
async def test_a_givers_list_says_which_entries_a_correction_cancelled(app: App, make_person) -> None:
    """Lan's 200.000 ₫, confirmed then cancelled by a correction, reads so in her list, and the correction
    says what it cancels: neither reads “đã xác nhận” as if the money stood."""
    ids = await seed(app)
    await _gifts(app, ids)
    async with app.sessionmaker() as session, session.begin():
        first = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert first is not None
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(session, first, confirmed=True, actor=mai, now=NOW + timedelta(days=1))
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await reverse(session, first, actor=hung, reason="Ghi nhầm", now=NOW + timedelta(days=1, hours=1))
    treasurer = make_person("mai")
    treasurer.clock.advance(days=2)
    screen = await treasurer.say("/tracuu nguyen thi lan")
    assert "CT-2026-000001 · 22/11/2026 · 200.000\xa0₫ · đã hủy bằng bút toán điều chỉnh" in screen
    assert "CT-2026-000004 · 23/11/2026 · -200.000\xa0₫ · Điều chỉnh, hủy CT-2026-000001" in screen
    assert "chờ thủ quỹ xác nhận" in screen  # the gift still waiting reads as before


@on_text_only
async def test_a_code_typed_short_opens_ones_own_gift_and_tells_no_more_of_anothers(
    app: App, make_person
) -> None:
    """A code is long to read out: “ct1”, “CT-000001”, “000001” typed at the look-up, or the first two at the
    menu, were “not found” or not read as a code. Now each is this year's code of that number (else last
    year's), the reader's own opened; another's reads as the code typed whole does, and a treasurer's
    opens as ever (decision 1802)."""
    ids = await seed(app)
    await _gifts(app, ids)
    lan, tam, mai = make_person("lan"), make_person("tam"), make_person("mai")
    for typed in ("ct1", "CT-000001", "Ct 1"):
        await lan.say("/menu")
        screen = await lan.say(typed)
        assert "CT-2026-000001 ·" in screen and "200.000" in screen, (typed, screen)
    await lan.say("/tracuu")
    assert "CT-2026-000001 ·" in await lan.say("000001")
    assert "CT-2026-000003 ·" in await lan.say("ct-3")  # her second, at the question again

    await tam.say("/menu")
    whole = await tam.say("CT-2026-000001")
    await tam.say("/menu")
    short = await tam.say("ct1")
    assert short == whole and "200.000" not in short and "Nguyễn Thị Lan" not in short

    await mai.say("/tracuu")
    screen = await mai.say("ct2")
    assert "CT-2026-000002 ·" in screen and "Phạm Văn Tâm" in screen


@pytest.mark.parametrize(
    ("typed", "refs"),
    [
        ("ct1", ["CT-2026-000001", "CT-2025-000001"]),
        ("CT-000001", ["CT-2026-000001", "CT-2025-000001"]),
        ("Ct. 42", ["CT-2026-000042", "CT-2025-000042"]),
        ("000042", ["CT-2026-000042", "CT-2025-000042"]),
        ("ct-2026-1", ["CT-2026-000001"]),
        ("200000", []),  # an amount, never a code's number
        ("1", []),  # the menu's own option
        ("ct0", []),
        ("XY1", []),  # letters of no organisation's
    ],
)
def test_a_code_typed_short_names_this_years_then_last_years(typed: str, refs: list[str]) -> None:
    assert typed_refs(typed, "CT", 2026) == refs
