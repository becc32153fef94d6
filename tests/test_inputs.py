"""Inputs that used to crash a turn or fail on PostgreSQL, met as a person meets them: digits that are not
0–9, undecodable bytes in the terminal, control characters, over-long captions. Each gets a kind answer with
an example, and what is stored is exactly what the person was shown."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.channels.console import chat
from bot.db.models import Commitment, CommitmentItem, Contribution
from bot.demo import DemoInvites
from bot.domain.numbers import NumberError, parse_whole
from bot.messages import TEXT_ONLY, Photo
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person
from tests.support.profiles import examples_on_one_profile
from tests.test_flows import count, give_money, join


@pytest.mark.parametrize("typed", ["²", "⁵", "①", "٣", "३", "2²", "𝟐"])
def test_digits_other_than_0_to_9_are_refused_by_the_one_number_parser(typed: str) -> None:
    with pytest.raises(NumberError) as refused:
        parse_whole(typed, maximum=365)
    assert refused.value.reason == "digits"


@pytest.mark.parametrize(
    ("typed", "value"), [("3", 3), ("03", 3), ("３", 3), ("１２ ngày", 12), ("2 hộ", 2), ("4 người", 4)]
)
def test_ascii_and_full_width_digits_are_read(typed: str, value: int) -> None:
    assert parse_whole(typed, maximum=365) == value


@pytest.mark.parametrize("typed", ["1 tỷ", "1 ty", "2 trăm hộ", "5 nghìn", "3 triệu"])
def test_a_count_with_a_multiplying_word_is_refused_not_read_as_its_first_number(typed: str) -> None:
    with pytest.raises(NumberError) as refused:  # "1 tỷ" is not 1: the word is no unit to drop
        parse_whole(typed, maximum=1_000_000)
    assert refused.value.reason == "not_a_number"


@examples_on_one_profile("typed", ["²", "⑤", "٣"])
async def test_labour_days_typed_with_other_digits_get_a_kind_answer_and_record_nothing(
    app, hoa, typed: str
) -> None:
    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Ngày công")
    screen = await hoa.say(typed)
    assert "chữ số 0–9" in screen and "ví dụ" in screen
    screen = await hoa.say("３")  # full-width digits are fine
    await hoa.choose("Bỏ qua")
    screen = await hoa.choose("Có")
    assert "3 ngày công" in screen
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(Contribution.labour_days))) == [3]


async def test_a_commitment_target_typed_with_a_circled_digit_is_refused_kindly(app, hoa) -> None:
    await hoa.choose("Đăng ký thi đua")
    await hoa.choose("Ngày công")
    await hoa.choose("Xong")
    screen = await hoa.say("①")
    assert "chữ số 0–9" in screen
    await hoa.say("2")
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(CommitmentItem.target))) == [2]
    assert await count(app, Commitment) == 1


async def test_an_amount_in_arabic_indic_digits_is_refused_and_full_width_is_read(app, hoa) -> None:
    await give_money(hoa)
    assert "chữ số 0–9" in await hoa.say("٥٠٠k")
    await hoa.say("５００k")
    await hoa.choose("Bỏ qua")
    assert "500.000\xa0₫" in await hoa.choose("Có")


async def test_undecodable_bytes_in_the_terminal_are_refused_politely_and_the_chat_goes_on(
    app: App, invites: DemoInvites
) -> None:
    lines = [
        invites.member.encode(),
        "Võ Thị Hoa".encode(),
        "Tham gia với tên này".encode(),  # a name on no list
        b"1",  # I agree
        b"1",  # Tiếng Việt
        "đóng góp".encode(),
        "quỹ".encode(),
        "tiền".encode(),
        b"200k",
        b"ghi ch\xff\xfe \xc3",  # a note with bytes that are not UTF-8
        "bỏ qua".encode(),
        "có".encode(),
    ]
    stdin = io.TextIOWrapper(io.BytesIO(b"\n".join(lines) + b"\n"), encoding="utf-8")
    stdout = io.StringIO()
    await chat(app.engine, "term-1", stdin=stdin, stdout=stdout)
    shown = stdout.getvalue()
    assert "không đọc được" in shown
    assert "CT-2026-000001" in shown
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(Contribution.note))) == [None]


async def _at_note(app: App, invites: DemoInvites) -> Person:
    hoa = Person(CollectingChannel(app.engine, TEXT_ONLY), "hoa", MovableClock(NOW))
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("200k")
    return hoa


async def test_control_characters_are_removed_and_the_note_stored_is_the_one_shown(
    any_app: App, any_invites: DemoInvites
) -> None:
    hoa = await _at_note(any_app, any_invites)
    screen = await hoa.say("chuyển\x00 khoản\x1b[31m ngày 5\r\ndòng hai\x07")
    assert "• Ghi chú: chuyển khoản[31m ngày 5\ndòng hai" in screen
    assert "CT-2026-000001" in await hoa.choose("Có")
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(Contribution.note)) == "chuyển khoản[31m ngày 5\ndòng hai"


async def test_an_over_long_photo_caption_is_refused_with_the_limit_and_a_short_one_is_kept(
    any_app: App,
    any_invites: DemoInvites,
) -> None:
    hoa = await _at_note(any_app, any_invites)
    photo = Photo(sha256="a" * 64, path="aa/" + "a" * 64 + ".jpg", size=1000, caption="x" * 600)
    replies = await hoa.channel.receive("hoa", photo=photo, at=NOW)
    screen = "\n".join(hoa.channel.show(r) for r in replies)
    assert "600" in screen and "500" in screen
    short = Photo(sha256="a" * 64, path="aa/" + "a" * 64 + ".jpg", size=1000, caption="Biên lai\x00 số 12")
    replies = await hoa.channel.receive("hoa", photo=short, at=NOW)
    assert "Biên lai số 12" in "\n".join(r.text for r in replies)
    await hoa.channel.receive("hoa", text="có", at=NOW)
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(Contribution.note)) == "Biên lai số 12"
