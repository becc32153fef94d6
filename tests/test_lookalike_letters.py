"""Cyrillic and Greek letters drawn as Latin ones, in a name typed or pasted (“Trần Thị Маi” with a Cyrillic М
and а): read as the Latin name they look like, everywhere text comes in (decision 0170), so the staff list
knows the colleague and an appeal naming one is refused as a plain one is; another script stays as written."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.text import clean
from tests.test_drives import seed

CYRILLIC_MAI = "\u0422rần Thị \u041c\u0430i"  # Т, М and а: Cyrillic


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Nguyễn Văn \u0410n", "Nguyễn Văn An"),  # a Cyrillic А in a Latin word
        ("Lê Thị H\u03bfa", "Lê Thị Hoa"),  # a Greek ο
        ("Công ty \u041e\u041e\u041e Minh Phát", "Công ty OOO Minh Phát"),  # a word of look-alikes only
        ("\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432", "Иван Петров"),  # Russian stays
        ("Nguyễn Văn \u0418\u0432\u0430\u043d", "Nguyễn Văn Иван"),  # И has no Latin twin: the word stays
        ("\u0391\u0398\u0397\u039d\u0391", "ΑΘΗΝΑ"),  # Greek alone stays
    ],
)
def test_look_alike_letters_in_a_latin_text_are_stored_as_the_latin_ones(typed: str, stored: str) -> None:
    assert clean(typed) == stored


async def test_a_name_typed_with_cyrillic_look_alikes_is_the_listed_colleagues(
    app, invites, make_person
) -> None:
    plain, lookalike = make_person("plain"), make_person("lookalike")
    await plain.say("/start")
    await plain.say(invites.member)
    asked = await plain.say("Trần Thị Mai")
    assert "4 số cuối" in asked  # on the staff list: the proof is asked
    await lookalike.say("/start")
    await lookalike.say(invites.member)
    screen = await lookalike.say(CYRILLIC_MAI)
    assert "4 số cuối" in screen and "chưa có trong danh sách" not in screen
    await lookalike.choose("thành viên mới")
    await lookalike.choose("Tôi đồng ý")
    screen = await lookalike.choose("Tiếng Việt")
    assert "Trần Thị Mai" in screen and "\u041c" not in screen


async def test_an_appeal_naming_a_colleague_in_look_alike_letters_is_refused(app: App, make_person) -> None:
    await seed(app)
    hung = make_person("hung")
    await hung.say("/menu")
    await hung.choose("Lời kêu gọi")
    await hung.choose("Soạn tin mới")
    screen = await hung.say("Anh Phạm Văn \u0422âm chưa ủng hộ")  # a Cyrillic Т
    assert "không được nêu tên ai" in screen
