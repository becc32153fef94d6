"""Each person is answered in their own language, whoever else is being answered at the same moment: the
language travels with the turn (turn.t), never in shared or ambient state."""

from __future__ import annotations

import asyncio


async def join_in_english(person, code: str, name: str) -> str:  # type: ignore[no-untyped-def]
    await person.say(code)
    if "chưa có trong danh sách" in await person.say(name):
        await person.choose("Tham gia với tên này")
    await person.choose("đồng ý")
    return await person.choose("English")


async def test_interleaved_turns_of_a_vietnamese_and_an_english_speaker_each_get_their_language(
    app, hoa, invites, make_person
) -> None:
    ann = make_person("ann")
    await join_in_english(ann, invites.member, "Ann Nguyen")
    for _round in range(3):
        vi_screen, en_screen = await asyncio.gather(hoa.choose("Tiến độ"), ann.choose("My progress"))
        assert "Tiến độ năm 2026 của anh/chị" in vi_screen and "Your progress" not in vi_screen
        assert "Your progress in 2026" in en_screen and "Tiến độ" not in en_screen
        assert "Tổng năm nay: chưa có khoản nào." in vi_screen
        assert "Totals this year: nothing given yet." in en_screen
        assert "Xin chào anh/chị Võ Thị Hoa! Anh/chị cần làm gì?" in vi_screen
        assert "What would you like to do, Ann Nguyen?" in en_screen


async def test_changing_language_mid_turn_answers_the_rest_of_the_turn_in_the_new_one(app, hoa) -> None:
    await hoa.choose("Ngôn ngữ")
    screen = await hoa.choose("English")
    assert "Done. From now on I will answer in English." in screen
    assert "What would you like to do, Võ Thị Hoa?" in screen
    screen = await hoa.choose("Language")
    screen = await hoa.choose("Tiếng Việt")
    assert "Xin chào anh/chị Võ Thị Hoa! Anh/chị cần làm gì?" in screen
