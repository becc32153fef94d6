"""What an officer of a hospital, the admin of a ward or a township and a leader at whose registration it is
try against the late changes of the night of 8 December 2026 (decision 2800): a leave said of a department,
a little one or with an emoji first (2771), a return said of a word of address alone (2770), a ward's word
typed or written short (2775), the whole said in a commune's own word (2776), a giver's long name on the
statement's page (2778); each typed as it reaches a flow,
through the chat's own cleaning (`clean`). No database is needed: the readers are pure. A township written
“UBND TT. …” was read as no level, and its whole as a commune's, before decision 2801."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict
from datetime import date

import pytest

from bot.conversation.recognise import recognise
from bot.db.models import Person
from bot.domain.digests import StandIn, _stand_ins_line
from bot.domain.leave_end import Uncovered, _role_words
from bot.domain.notices import commune_by_name, commune_level, role_place
from bot.i18n import Translator
from bot.text import clean, clipped
from handlers.away import _said_back, _said_of, read_away
from handlers.common import whose_choices
from handlers.statement import GIVER_CLIP

TUESDAY = date(2026, 12, 8)
JAN_15 = date(2027, 1, 15)


def _nfd(text: str) -> str:
    """`text` as a phone set to “Unicode tổ hợp” sends it: each mark a character of its own."""
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("BÉ học đến 15/1", ("con", "hoc", JAN_15)),  # one's little one, in capitals (2771)
        (_nfd("Bé học đến 15/1"), ("con", "hoc", JAN_15)),
        ("Bé\u200bhọc đến 15/1", ("con", "hoc", JAN_15)),  # a zero-width space for the space
        ("🎓 Bé học đến 15/1", ("con", "hoc", JAN_15)),  # an emoji first
        ("Bé 🎓 học đến 15/1", ("con", "hoc", JAN_15)),
        ("Bé nhà em học đến 15/1", ("con", "hoc", JAN_15)),
        ("Bé nghỉ học đến 15/1", ("con", "hoc", JAN_15)),
        ("Be hoc den 15/1", ("be", "hoc", JAN_15)),  # without marks: a name, Be, as “Bế” may be
        ("Bế Văn Nam học đến 15/1", ("be van nam", "hoc", JAN_15)),
        ("Tô Lan học đến 15/1", ("to lan", "hoc", JAN_15)),  # “Tô”, a surname, is no “Tổ”
        ("KHOA NỘI học đến 15/1", ("", "hoc", JAN_15)),  # a department: no one (2771)
        ("Khoa nội học đến 15/1.", ("", "hoc", JAN_15)),
        (_nfd("Khoa Nội học đến 15/1"), ("", "hoc", JAN_15)),
        ("Khoa\u200bNội học đến 15/1", ("", "hoc", JAN_15)),
        ("🏥 Khoa Nội học đến 15/1", ("", "hoc", JAN_15)),
        ("Khoa Nội 🏥 học đến 15/1 🙏", ("", "hoc", JAN_15)),
        ("Phòng Hành chính học đến 15/1", ("", "hoc", JAN_15)),
        ("Ban Giám đốc học đến 15/1", ("", "hoc", JAN_15)),
        ("Khoa Nội chị Lan nghỉ ốm đến 15/1", ("lan", "om", JAN_15)),  # her department, then Lan
        ("Phòng Tổ chức anh Nam học đến 15/1", ("nam", "hoc", JAN_15)),
        ("Tổ Văn chị Hà học đến 15/1", ("ha", "hoc", JAN_15)),
        ("🎓🎓 " * 300 + "Chị Lan học đến 15/1", ("lan", "hoc", JAN_15)),  # very long, emoji first
        ("🙏 chị đi làm lại rồi", ("", None, None)),  # a word of address alone: whose, by who types (2770)
        ("chị đi làm lại rồi ạ", ("", None, None)),
        ("Chị đi làm lại rồi nhé", ("", None, None)),
        (_nfd("chị đi làm lại rồi"), ("", None, None)),
        ("chị\u200bđi làm lại rồi", ("", None, None)),
        ("Khoa Nội đã đi làm lại", ("", None, None)),  # a department back names no one, hers neither
        ("Khoa Nội chị Lan đã đi làm lại", ("lan", None, None)),
        ("chi di lam lai roi", ("chi", None, None)),  # without marks: Chi, a name (2635)
    ],
)
def test_a_leave_of_a_department_a_little_one_or_an_emoji_first_reads_as_meant(
    typed: str, read: tuple[str, str | None, date | None]
) -> None:
    """An officer of a hospital typing “KHOA NỘI học đến 15/1”, “🎓 Bé học đến 15/1” or, back herself,
    “🙏 chị đi làm lại rồi” is read as she means it however her phone writes it: a department names no one, a
    little one is one's child, a word of address alone is asked whom or is hers where she is away."""
    assert read_away(clean(typed), TUESDAY) == read
    if read == ("", None, None):  # no one named: hers where she is away (`_own_return`), a unit's never
        back = _said_back(clean(typed))
        assert back is not None
        assert _said_of(back["name"], clean(typed)).alone_typed is not typed.startswith("Khoa")


@pytest.mark.parametrize(
    ("name", "level", "suggested"),
    [
        ("UBND P.3", "phường", True),  # a ward written short (2775)
        ("UBND phường\u200b3", "phường", True),
        (_nfd("UBND phường Sông Hiến"), "phường", True),
        ("UBND PHƯỜNG 3", "phường", True),
        ("UBND xã Phương Trung", "xã", True),  # “Phương”, a place's name, is no ward
        ("UBND Đặc khu Phú Quốc", "đặc khu", True),
        ("Phòng GD P. 3", "phường", False),  # “P.” opening an office's name: no commune suggested
        ("UBND TP. Huế", None, False),  # a city is no commune
        ("UBND TT. Đông Anh", "thị trấn", True),  # a township written short (2801)
        ("UBND TT.Trâu Quỳ", "thị trấn", True),
        ("TT. Y tế huyện Đông Anh", "thị trấn", False),  # “TT.” opening a name: a centre, not suggested
        ("TTYT huyện Đông Anh", None, False),
        ("UBND TT Phong Điền", "thị trấn", True),  # “TT” without its full stop, “ĐK” (2846)
        ("UBND ĐK Côn Đảo", "đặc khu", True),
        ("UBND Phuong Trung", None, True),  # the commune Phương Trung typed without marks: no ward
        ("UBND PHUONG TRUNG", None, True),  # so in capitals, as a list's heading writes it (2925)
        ("UBND PHUONG 3", "phường", True),  # the ward's word without marks before a number still is
    ],
)
def test_a_communes_level_is_read_from_its_name_however_written(
    name: str, level: str | None, suggested: bool
) -> None:
    """The admin naming her ward “UBND P.3” or her township “UBND TT. Đông Anh” has its whole said in its
    own word (“toàn phường”, “toàn thị trấn”) and, at `org create`, is offered to say it is a commune; an
    office's “Phòng GD P. 3” or a health centre's “TT. Y tế …” is not. Before decision 2801 “UBND TT. Đông
    Anh” read no level: “toàn xã”, and no suggestion."""
    assert commune_level(name) == level
    assert commune_by_name(name) is suggested
    whole = role_place(Translator("vi"), None, commune=True, level=commune_level(name))
    assert whole == {"phường": "toàn phường", "thị trấn": "toàn thị trấn", "đặc khu": "toàn đặc khu"}.get(
        level or "", "toàn xã"
    )
    # the Front's officer of the whole standing in, on Monday's roll-up and at the leave's end (2844)
    stand_in = StandIn("Bình", "officer", None, ("An",), None)
    assert _stand_ins_line("vi", [stand_in], commune=True, level=level) == [
        f"Đang làm thay người nghỉ dài ngày: Bình (cán bộ Mặt trận {whole}) làm thay An."
    ]
    cover = Uncovered(head=Person(), stand_in=Person(), role="officer", unit=None)
    assert _role_words("vi", cover, (True, level)) == f"cán bộ Mặt trận {whole}"


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("của phường", ["org"]),  # the ward's own word (2775)
        ("CỦA PHƯỜNG!!!", ["org"]),
        ("cua phuong", ["org"]),
        ("của P.", ["org"]),
        ("của\u200bphường", ["org"]),
        ("сủa phường", ["org"]),  # a Cyrillic “с”
        ("của phường " + "ạ " * 500, ["org"]),
        ("của thị trấn", ["org"]),
        ("của TT.", ["org"]),  # a township's word written short (2801)
        ("P.", []),  # a letter alone names nothing
    ],
)
def test_the_whole_typed_at_whose_registration_it_is_in_a_ward(typed: str, chosen: list[str]) -> None:
    """A ward's leader at “Đăng ký cho ai?” typing “của P.” or “cua phuong” picks the ward's own registration,
    as “của xã” does, written as her phone writes it; “P.” alone picks nothing."""
    offered = whose_choices(Translator("vi"), org_name="UBND P. Sơn Thủy", unit_name="Tổ 3", commune=True)
    choices = [asdict(c) for c in offered]
    assert recognise(clean(typed), choices) == chosen


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (
            "Công ty TNHH Thương mại Dịch vụ Hoàng Gia",
            "Công ty TNHH Thương mại…",
        ),  # after a whole word (2778)
        (
            "Gia đình 👨\u200d👩\u200d👧 chị Nguyễn Thị Lan",
            "Gia đình 👨\u200d👩\u200d👧 chị Nguyễn…",
        ),  # the emoji whole
        ("Lê Văn A - Công ty Xây dựng số 1 Hà Nội", "Lê Văn A - Công ty Xây dựng…"),
        ("NguyễnThịMinhKhaiPhươngThảoNgọcAnh", "NguyễnThịMinhKhaiPhươngThảo…"),  # one word: cut inside it
        (
            "Nguyễn Thị Lan 🙏🙏🙏🙏🙏🙏🙏🙏🙏🙏🙏🙏",
            "Nguyễn Thị Lan 🙏🙏🙏🙏🙏🙏🙏🙏🙏🙏🙏🙏",
        ),  # short enough: whole
    ],
)
def test_a_givers_long_name_on_the_statements_page_is_cut_after_a_whole_word(name: str, shown: str) -> None:
    """A company's or a family's long name on “Sao kê” is cut after its last whole word, an emoji family
    never split; a name of one word too long for the line is cut inside it, as nothing else would show it."""
    assert clipped(name, GIVER_CLIP, at_word=True) == shown
