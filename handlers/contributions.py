"""Recording a contribution: drive (the running one first) → kind → amount, goods or days → note →
confirm → receipt with its reference code. The treasurer confirms receipt later.

A gift typed at the main menu (“ung ho 50k”, “góp 1tr2”, “ủng hộ 2 ngày công”) starts here with its kind and
figure filled in (decision 0058): the drive is still chosen, then the photo and the last look as usual.

An officer goes through the same steps for a household or someone without a phone (handlers/behalf.py): the
chosen person's id rides in the data (`for_id`), the drives are theirs and every summary names them."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Any

from sqlalchemy import select

from bot.clock import LOCAL_TZ, local_date
from bot.conversation.flow import Flow
from bot.conversation.photo_asked import DAY, RECEIPT
from bot.conversation.recognise import BACK_ID, one_number
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Person, Unit
from bot.domain.access import (
    Actor,
    may_add_receipt,
    may_hear_its_outcome,
    may_look_up_contribution,
    may_open_acting_for,
    officer_confirms_it,
    officers_confirm,
)
from bot.domain.appeals import last_asked_drive
from bot.domain.campaigns import drive_named, drive_said, open_drives
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    Receipt,
    attach_receipts,
    evidence_of,
    likely_double,
    own_gifts_to,
    pledge_passed,
    record_contribution,
    sent_year,
    stands,
    waiting_for_a_receipt,
)
from bot.domain.donors import CreditRecorded, RecordedCredit, credit_year, record_donor_gift
from bot.domain.drives import refusal_to_give
from bot.domain.goods_words import (
    counts_things,
    goods_asked_alone,
    goods_example,
    goods_joined_each_with_a_quantity,
    goods_with_a_quantity,
    may_be_another_word,
    names_gold,
    names_goods,
)
from bot.domain.money import (
    AMOUNT_WORDS,
    MY_HOUSEHOLD,
    MoneyError,
    banks_amount,
    dollars_or_dong,
    foreign_money,
    money_slang,
    named_by_birth_order,
    named_writers_gift,
    names_an_amount,
    names_foreign_currency,
    names_her_split,
    names_money,
    names_others_amounts,
    names_someone_else,
    parse_vnd,
    someone_elses_gift,
    tenth_or_words,
    tenth_unlikely,
    unknown_currency,
    writers_name,
)
from bot.domain.notices import Unattended, entry_words, unattended
from bot.domain.numbers import DIGIT_WORDS, below_thousand, in_words, other_marks
from bot.domain.people import find_by_name
from bot.domain.transfer import account_of, vietqr, write_qr
from bot.i18n import Translator, sentence
from bot.i18n import drive_named as drive_in_sentence
from bot.messages import Choice, taken_together
from bot.text import (
    KHONG_AT_YES_OR_NO,
    KHONG_IN_CHATS,
    fold,
    match_key,
    nfc,
    one_slip,
    pictures_dropped,
    quoted,
    telex_key,
)
from handlers.behalf import (
    ANOTHER,
    acting_for,
    another_choice,
    donor_unit,
    giving_unit,
    named_with_a_gift,
    names_its_own_household,
    say_not_its_households_name,
    seek_another,
    seeks_the_named_writer,
    subject_name,
    subject_of,
)
from handlers.common import (
    DONE_WORDS,
    FUND_WORDS,
    MAX_FREE_TEXT,
    NO,
    NO_WORDS,
    SKIP_WORDS,
    YES,
    YES_WORDS,
    a_pig,
    actor_of,
    back_choice,
    back_to_waiting,
    chosen_drive,
    closed_year,
    confirm_menu,
    day_typed_with_gift,
    evidence_photo,
    free_text,
    fund_words,
    go_home,
    goods_named,
    goods_read_one_way,
    hours_make_days,
    in_commune,
    in_hours_or_sessions,
    is_household,
    kept_file,
    no_words,
    part_of_a_day,
    picked_id,
    put_right,
    read_labour_days,
    remember_typed_confirmation,
    worked_refusal,
    worked_refused,
)
from handlers.donors import back_to_statement
from handlers.menu import entry_typed
from handlers.money_text import (
    LEAST_TYPED_VND,
    amount_as_typed,
    ask_goods_value,
    each_ones_amount,
    hundreds_alone,
    money_problem,
    numbers_only,
    read_goods_value,
    read_money,
    tenth_problem,
    which_amount,
)
from handlers.name_search import MAX_MATCHES
from handlers.public_name import asks_at_first_contribution
from handlers.short_words import spelled_out
from handlers.wording import (
    clipped,
    describe,
    drive_label,
    drive_title,
    entry_status,
    fund_title,
    kind_label,
    own_status,
    with_day_worked,
)

flow = Flow("give", gathers=True, at_last_look="again")
GENERAL = "general"
KIND_STEP = {"money": "amount", "goods": "goods", "labour": "days"}  # where each kind's figure is asked
SKIP = "skip"
NEW_GIFT = "new_gift"
# What is typed for a new gift where a photo sent at the menu may be the receipt of one waiting (1278).
NEW_GIFT_WORDS = ("khoan moi", "ghi moi", "ghi khoan moi", "new gift", "a new gift")
RECEIPT_OFFERS = 5  # the latest gifts waiting without a receipt that a photo at the menu is offered to
# At the last look of money with its receipt in January to March: counted for the year just ended, as the
# receipt shows it sent then, or back to the year it is recorded in (decision 1006).
SENT_BEFORE, RECORDED_NOW = "sent_before", "recorded_now"
SAVE, AFRESH = "save", "afresh"  # what the gift's keyword typed at its last look means (decision 0215)
AFRESH_WORDS = ("lam lai", "bat dau lai", "ghi lai tu dau", "start again", "start over")
# A gift typed where the photo or a note is asked: this one saved and the new one after it, this one changed
# to the new figure, or the note (decisions 0229, 0236).
BOTH, NEW_GIFT, AS_NOTE = "both", "new_gift", "as_note"
BOTH_WORDS = ("ca hai", "luu ca hai", "ghi ca hai", "ghi them", "luu roi ghi them", "both", "save both")
NEW_GIFT_WORDS = ("thay", "doi", "doi thanh", "sua", "change", "change it", "instead")
AS_NOTE_WORDS = ("ghi chu", "lay lam ghi chu", "la ghi chu", "note", "as the note")
# At that question: the new gift's amount to be typed again (decision 1518).
AMOUNT_AGAIN_WORDS = frozenset(
    (
        *("sua so tien", "sua lai so tien", "doi so tien", "nhap lai so tien", "sai so tien", "nham so tien"),
        *("change the amount", "wrong amount", "change amount"),
    )
)
# Words after an amount put right that only soften it (“200k thôi”, “200k ạ”).
_SOFTENING = frozenset(("thoi", "a", "nhe", "nha", "only", "please"))
ALL_KINDS = ("money", "goods", "labour")
# What people type for a kind where the kind is asked.
KIND_WORDS = {
    "money": ("tien", "tien mat", "cash", "money"),
    "goods": ("hien vat", "do", "hang hoa", "vat pham"),
    "labour": ("ngay cong", "cong", "lao dong"),
}
GOODS_LIMIT = 200  # characters of what goods are given
# What “Ủng hộ ngay” pressed again says she gave the drive: the latest few, one a line, the goods' words
# clipped, so the answer stays one Zalo message however many or long her gifts (decision 0532).
GAVE_SHOWN, GAVE_GOODS_CLIP = 3, 60


def _word_keys(words: Iterable[str]) -> list[str]:
    """Each word as the figure's readers compare it (`match_key`), the marks that end a clause stripped from
    its ends: “200k,” is “200k”, “ạ.” is “a”, a mark alone is "" (kept, so places still match the words)."""
    return [match_key(word).strip(".,;:!?…") for word in words]


# A gift typed at the main menu: who speaks first (“tôi muốn…”, “xin…”), a giving word, then the figure and
# a polite particle at the end (“ạ”, “nhé”); compared as bot.text.match_key reads them.
# Who of her own home she types for (“mẹ em”, “bo em”, “vợ tôi”, “con mình”), one of `MY_HOUSEHOLD` after it:
# one of the household giving through its account, as “nhà em” is (decision 0547).
# “ck”, “vk” are “chồng”, “vợ” as a chat writes them (“ck em ủng hộ 500k”: her husband, never a transfer,
# decision 0629); only before one of `MY_HOUSEHOLD` (“ck em …”), as every word here.
_KIN_AT_HOME = ("me", "ma", "bo", "ba", "cha", "vo", "chong", "ong", "con", "ck", "vk")
# Her kin in English after “from my” (“500k from my mother”; “my” is compared as “mi”), decision 1051.
_KIN_IN_ENGLISH = frozenset(
    {"mother", "mum", "mom", "father", "dad", "parents", "husband", "wife", "son", "daughter", "grandma"}
    | {"grandmother", "grandpa", "grandfather"}
)
# “We” in English as whose the gift is (“500k from two of us”), as “chúng tôi” is (decision 1103).
_WE_IN_ENGLISH = (["two", "of", "us"], ["the", "two", "of", "us"], ["both", "of", "us"], ["us"])
# “We” (“chúng tôi”, “chúng em”, “bọn mình”): on a household's account the household itself; on a staff
# member's own, maybe a group's gift pooled, of which hers is a part (decision 0605).
_WE = ("chung", "bon")
# English too, as a volunteer who chose English says it (“I gave 500k”, “I want to give 200k”, decision 0562).
_LEAD_WORDS = frozenset(
    {"toi", "em", "con", "chau", "minh", "xin", "muon", "se", "cho", "da", "vua"}
    # as matched: “already” is “alreadi”, its final y made i (decision 0589)
    | {match_key(word) for word in ("i", "i'd", "i’d", "i've", "i’ve", "we", "want", "like", "will", "have")}
    | {match_key(word) for word in ("we've", "we’ve", "just", "already", "would")}
)
# “to” only after these (“want to give”): alone, folded, it is “tổ” (“Tổ ủng hộ 500k” is a team's gift).
_BEFORE_TO = frozenset({"want", "like", "have"})
# A greeting before it (“Xin chào anh chị em thân mến, hôm nay em xin được ủng hộ quỹ 200k”), skipped when the
# message opens with one, at most AMOUNT_WORDS words of it (docs/decisions/0330).
_GREETING_OPENS = frozenset({"chao", "kinh", "thua", "hello", "hi", "alo"})
_NEW_YEAR_WISHES = tuple(
    [match_key(word) for word in wish.split()] for wish in ("chúc mừng năm mới", "happy new year")
)
_GREETING_WORDS = _LEAD_WORDS | {
    *("chao", "kinh", "thua", "hello", "hi", "alo", "a", "oi", "duoc", "ad", "admin", "ban", "cac", "anh"),
    *("chi", "co", "chu", "bac", "ong", "ba", "moi", "nguoi", "ca", "nha", "than", "men", "hom", "nay"),
}
# Paying words as a chat says them (“ck rồi 500k”, “đã chuyển khoản 1tr2”, “nộp 300k”, “tm 500k”: tiền mặt,
# paid in cash, decision 0605): a gift too.
_PAYING_WORDS = ("chuyen khoan", "ck", "nop", "gui", "tm")
# Tết's words for a gift of money (“mừng tuổi quỹ 200k”, “lì xì quỹ 200k” on Mùng 1, decision 0614); alone
# they are a New Year's wish (“mừng tuổi anh chị”), no gift.
_TET_WORDS = ("mung tuoi", "li xi")
_GIVING_WORDS = tuple(
    words.split()
    for words in (
        *("ung ho", "dong gop", "quyen gop", "gop", "give", "donate", "contribute"),
        *("gave", "given", "donated", "contributed", *_PAYING_WORDS, *_TET_WORDS),
    )
)
# "góp" alone also begins "góp ý" (feedback), "góp phần"; "gửi", "nộp" alone are no gift either (“gửi ảnh”,
# “nộp hồ sơ”), nor Tết's words: after them only a figure makes a gift.
_PAYING = tuple(words.split() for words in _PAYING_WORDS)
_TET = tuple(words.split() for words in _TET_WORDS)
_GIVING_WORDS_ALONE = (["gop"], ["give"], ["gave"], ["given"], *_PAYING, *_TET)
# Whom Tết's money is for when it is no gift to the Fund: a person, kin first (“lì xì cho các cháu 200k”,
# “mừng tuổi 100k cho bà”), after the word saying where it goes (decision 0620).
_TO_SOMEONE = frozenset({*_KIN_AT_HOME, *("chau", "em", "anh", "chi", "co", "chu", "bac", "di", "cau", "be")})
_MANY = frozenset({"cac", "nhung", "may", "hai", "2"})  # “cho các cháu”, “cho 2 đứa”, as “cho cháu”
# The particles that end a gift's sentence, dropped before its figure is handed on. Not the amount reader's
# (`bot.domain.money`), which also drops “thôi” and “ơi”: here they stay with the figure (“ủng hộ 200k thôi”
# hands on “200k thôi”) for that reader to read, and the checks below that ask what follows a figure or
# stands between two (“200k hay 300k nhé”) were written against these words alone.
_PARTICLES = frozenset({"a", "nhe", "nha", "nhen", "ah", "roi", "r"})
_ALREADY = frozenset({"roi", "r"})  # “rồi” after a paying word: done already
# How it was paid, said before the figure (“ủng hộ tm 500k”, “ung ho tien mat 500k”): money, the figure after
# it; a member's gift keeps no way of paying, so the words are no part of it (decision 0605).
_WAYS_OF_PAYING = (["tm"], ["ck"], ["tien", "mat"], ["chuyen", "khoan"], ["cash"])
# Words after the figure that say where it goes (“ung ho 200k quy vi nguoi ngheo”, “góp 1tr cho quỹ”): the
# figure ends before them. The drive is still chosen from the list.
_DESTINATION_WORDS = frozenset(
    match_key(word) for word in ("cho", "vào", "quỹ", "đợt", "tặng", "giúp", "fund", "for", "to")
)
# Where a gift goes, said whole after labour days (“2 ngày công cho quỹ vì người nghèo”): no work to note.
_WHERE_IT_GOES = _DESTINATION_WORDS | frozenset(("vi", "nguoi", "ngheo", "the", "poor"))
# Tết named before the figure, as a newcomer names the drive she heard of (“ung ho tet 300k”, “ủng hộ quà Tết
# 300k”): where the gift goes, as “quỹ” is, the figure after it; the drive is still chosen from the list. The
# figure was dropped and the kind and amount asked again (decision 1254).
_TET_NAMED = (["tet"], ["qua", "tet"])
# A day's or a month's salary, the suggested level typed as the gift (“1 ngày lương”, “một tháng lương”):
# money whose figure only the giver knows, never goods nor an amount misread; a pension (“lương hưu”) alike,
# and a doctor's or a nurse's duty allowance (“tiền trực 1 ngày”, “phụ cấp trực”: decision 2015).
_SALARY = re.compile(r"\b(?:ngay|thang|buoi) luong\b|\bluong huu\b|\bsalary\b|\b(?:tien|phu cap) truc\b")
# The salary's words with how much of it (“1 ngày lương”, “(nửa tháng lương)”, “one day's salary”): what is
# left once they are taken out is the amount, when the giver typed it beside them (“1 ngày lương 350k”).
_SALARY_WORDS = re.compile(
    r"[(\[]?\s*(?:(?:\d+|mot|nua|half(?: a)?|one|a)\s+)?"
    r"(?:(?:ngay|thang|buoi) luong(?: huu)?|luong huu|(?:(?:day|month)(?:'s|s)?\s+)?salary"
    r"|(?:(?:ngay|dem|ca) )?(?:tien|phu cap) truc(?: (?:\d+|mot|nua) (?:ngay|dem|ca))?)\s*[)\]]?"
)
_LABOUR_DAYS = re.compile(
    r"(?P<number>\S+?) ?(?:ngay cong|ngay|cong|labour days?|days?)(?: ruoi)?(?: lao dong)?"
)
# Labour typed in sessions or hours (“2 buổi lao động”, “2 buổi sáng”, “4 tiếng công”, “8h”, “4 hours”):
# labour, never goods so called; its days are asked (decisions 0396, 0411). “giờ” folded only with its
# labour word: “2 giỏ” may be baskets; typed with its marks (“8 giờ”) it is hours.
_LABOUR_HOURS = re.compile(
    r"\S+? ?(?:(?:buoi(?: sang| chieu| toi)?|tieng|hours?|sessions?)(?: lao dong| cong| of work)?"
    r"|gio (?:lao dong|cong))|[0-9]+ ?h(?: lao dong| cong)?"
)
_HOURS_MARKED = re.compile(r"\S+? ?giờ(?: lao động| công)?")
# An amount typed alone at the menu (“500k”, “1tr2”, “200.000đ”, “1 triệu”): a digit first and something more
# than digits, so that a bare number still picks an option of the menu.
# Goods are named in a word (“gạo”, “kg”): a figure with only a letter here and there (“1e9”, “5o0k”) is an
# amount typed wrong, answered as one.
_NAMES_A_THING = re.compile(r"[^\W\d_]{2,}")
_MORE_THAN_DIGITS = re.compile(r"\d.*\D.*|\d.*\D")


@dataclass(frozen=True)
class TypedGift:
    """What a gift typed at the main menu says: `kind` ("money", "labour", "goods") and the words that hold
    its figure (for goods, what is given), as typed; no kind when only the giving word was typed."""

    kind: str | None
    figure: str


# A menu message is read by several of the menu's readers (`looks_like_gift`, `goods_alone`, `as_given`),
# then by `read_typed_gift`: one reading of it, the answer a frozen TypedGift or None (decision 1578).
@lru_cache(maxsize=256)
def typed_gift(text: str) -> TypedGift | None:
    """A gift typed as people say it: a giving word alone (“tôi muốn ủng hộ”), or followed by an amount
    (“ung ho 50k”, “góp 1tr2”, “đóng góp 2.000.000đ”, “ung ho 200k quy vi nguoi ngheo”), labour days (“ủng
    hộ 2 ngày công”) or goods (“ủng hộ gạo 50 kg”); or an amount typed alone (“500k”, “1 triệu”). None for
    anything else: “góp ý” is no gift, and a bare number picks an option of the menu."""
    words = text.strip().rstrip(" .!?").split()
    keys = [match_key(word) for word in words]
    if keys and keys[0].startswith("/"):  # the gift's command with its figure (“/donggop 500k”, “/give 1tr”)
        keys[0] = keys[0][1:]
    start = _gift_starts(keys)
    giving = next((words for words in _GIVING_WORDS if keys[start : start + len(words)] == words), None)
    typed_words = len(giving) if giving else 0
    if giving is None and (slipped := _giving_slipped(keys[start:])) is not None:
        giving, typed_words = slipped  # “ung hoo 50k”, “ungho 50k”, “dong gpo 1tr”
    if giving is None:  # Telex keys left in it: “ungr hooj 500k”, “ddongs gops 1tr2” (decision 0352)
        telex = [telex_key(word) for word in words[start : start + 2]]
        giving = next((phrase for phrase in _GIVING_WORDS if telex[: len(phrase)] == phrase), None)
        typed_words = len(giving) if giving else 0
    if giving is None:
        return _asked_may_i_give(words, keys, start) or _amount_alone(text)
    rest = words[start + typed_words :]
    while rest and match_key(rest[0]) in _ALREADY:  # “ck rồi 500k”
        rest.pop(0)
    way = next((way for way in _WAYS_OF_PAYING if [match_key(word) for word in rest[: len(way)]] == way), [])
    if len(rest) > len(way) and rest[len(way)][:1].isdigit():  # “ủng hộ tm 500k”: the figure after it
        rest = rest[len(way) :]
    said = list(rest)
    while rest and (match_key(rest[-1]) in _PARTICLES or not _has_letter_or_digit(rest[-1])):
        if match_key(rest[-1]) == "nha" and len(rest) > 2 and match_key(rest[-2]) == "ca":
            rest.pop()  # “ung ho 200 ca nha”: the whole family's gift, never goods “200 ca” (decision 0911)
        rest.pop()  # “nhé”, and an emoji at the end (“2 ngày công nha 😊”): neither is part of the gift
    if any(match_key(word) in _PARTICLES for word in said[len(rest) :]) and _that_said(rest):
        rest.pop()  # “500k do nhe”: “đó nhé” typed without marks, no dollars asked (decision 0999)
    rest = _before_worth(rest)
    if not rest:  # “ck rồi”: the usual questions; “gửi”, “nộp”, “tm”, “mừng tuổi” alone may be anything
        return (
            None
            if giving in _TET or (giving in _PAYING and giving[0] in ("nop", "gui", "tm"))
            else TypedGift(None, "")
        )
    if giving in _TET and _to_someone(rest):
        return None  # a red envelope for her grandchildren, not the Fund's: the menu, as “mừng tuổi bà 100k”
    if _names_where_it_goes(rest) and (after := _figure_after_destination(rest)) is not None:
        return after  # “ung ho quy 20k”, “góp cho quỹ vì người nghèo 1tr”, “ung ho tet 300k”
    if (
        foreign_money(figure := " ".join(_before_destination(rest))) is not None
        or dollars_or_dong(figure)
        or unknown_currency(figure)  # “ủng hộ 100 đô la Ma Cao”: asked which money (decision 0795)
    ):
        return TypedGift("money", figure)  # “ủng hộ $100”, “ung ho 100 do”: its currency kept (0701)
    if not (rest[0][0].isnumeric() or rest[0][0] in "-−–"):
        if (said := _said_in_words(rest)) is not None:  # “ủng hộ hai triệu”, “ung ho nam tram nghin”
            return said
        if names_gold(gold := " ".join(_before_destination(rest))) and len(gold) <= GOODS_LIMIT:
            return TypedGift("goods", gold)  # “ủng hộ nửa chỉ vàng”: gold, valued by the treasurer (0728)
        goods = " ".join(
            _before_worth(_before_destination(rest))
        )  # “ủng hộ gạo 50 kg”; “tháng 12: 200k” no goods
        if len(goods) <= GOODS_LIMIT and goods_with_a_quantity(goods):  # “ủng hộ hai thùng mì” (0895)
            return TypedGift("goods", goods)
        if giving in _GIVING_WORDS_ALONE or not any(ch.isdigit() for ch in "".join(rest)):
            return None if giving in _GIVING_WORDS_ALONE else TypedGift(None, "")
        if _salary_named(goods):  # “ủng hộ tiền trực 1 ngày 300k”: money, read whole (decision 2110)
            return TypedGift("money", goods)
        named = len(goods) <= GOODS_LIMIT and not names_an_amount(goods)
        return TypedGift("goods", goods) if named else TypedGift(None, "")
    if (
        _months_counted(rest[1:])
        or _slip_owned(rest[1:])
        or _put_right_before_a_figure(rest[1:])
        or _amounts_around_destination(" ".join(rest)) is not None
        or _share_not_adding_up(" ".join(rest)) is not None  # “1tr cho 2 cháu, mỗi cháu 300k” (1337)
    ):
        # “100k per month for 12 months”, “200k sorry”, “200k sorry for the delay 300k”: read whole, before
        # “for” is cut, so asked again (decisions 1131, 1163); “200k cho quỹ 300k”: which one, asked (1238)
        # with each one's share that does not add up to it (1337)
        return TypedGift("money", " ".join(rest))
    figure = " ".join(_before_destination(rest))
    if (days := _labour(figure) or _labour_then_work(figure)) is not None:
        return days
    if (goods := goods_then_purpose(figure)) is not None and len(goods) <= GOODS_LIMIT:
        return TypedGift("goods", goods)  # “ung ho 10kg gao an tet”: what they are for, the note (1401)
    amount = _amount_first(figure)
    if giving in _PAYING and not _reads_as_amount(amount) and tenth_or_words(amount) is None:
        return None  # “gửi 2 file”, “nộp 3 bản”: no gift; “ck 1tr hai vo chong” is one, its amount asked
    return TypedGift("money", amount)


def typed_amount(text: str) -> str | None:
    """The amount at the end of what a treasurer types over a waiting gift (“300k”, “chỉ nhận được 300k”,
    “nhan 1tr2”): the words from the first that starts an amount read alone; None when none does. A bare
    number is no amount here (it picks an option on a chat without buttons). Only the last AMOUNT_WORDS words
    may start it: each start was read whole, a message of two thousand words took seconds (decision 0321).
    Read over a gift's look-up (handlers/ledger.py) and at the queue's page (decision 2806)."""
    words = text.strip().rstrip(" .!?").split()[-AMOUNT_WORDS:]
    for start, word in enumerate(words):
        if word[:1].isdigit() and (gift := typed_gift(" ".join(words[start:]))) and gift.kind == "money":
            return gift.figure
    return None


# What asks whether she may give, before a giving word (“can I donate 10 kg of rice?”, “em có thể ủng hộ 10kg
# gạo không”): with goods or labour days and their figure after it, the gift's start (decision 1896).
_MAY_I = frozenset({(can, who) for can in ("can", "may", "could") for who in ("i", "we")} | {("co", "the")})


def _asked_may_i_give(words: list[str], keys: list[str], start: int) -> TypedGift | None:
    """The goods or labour days of a question whether she may give them (“can I donate 10 kg of rice?”, “may I
    give 5 blankets?”, “em có thể ủng hộ 10kg gạo không”): the gift itself, begun as “ủng hộ 10 kg gạo được
    không” is and recorded only after the last look (decision 1896). None for money (“can I give 200k?” is
    told giving is voluntary and how to give it, decision 1485) and for anything else."""
    bare = [key.strip(",.!?;:-…") for key in keys]
    asked = next((len(may) for may in _MAY_I if tuple(bare[start : start + len(may)]) == may), 0)
    if not asked or len(words) <= start + asked:
        return None
    gift = typed_gift(" ".join(words[start + asked :]))
    kind = _kind_typed(gift)
    if gift is None or kind not in ("goods", "labour"):
        return None
    return TypedGift(kind, gift.figure)


def _that_said(rest: list[str]) -> bool:
    """Whether `rest`, a particle cut after it, ends with “do” typed without marks after thousands or
    millions (“500k do” of “500k do nhe”): “đó nhé”, as a chat ends an amount, where “500k do” alone may be
    dollars and is asked (decisions 0728, 0999)."""
    return len(rest) > 1 and rest[-1].lower() == "do" and dollars_or_dong(" ".join(rest)) is not None


def _gift_starts(keys: list[str]) -> int:
    """Where a gift typed may begin among a message's `keys`: after a greeting it opens with (“Xin chào anh
    chị em thân mến, hôm nay”: at most AMOUNT_WORDS words), then after who speaks (“tôi muốn…”, “em xin…”, “I
    would like to…”: at most four words, decision 0605), or after her household said so (“nhà em”, “gia đình
    mình”, “mẹ em”: as “Anh Ba nhà em …” is hers, decisions 0507, 0527, 0547). A greeting's gift was “vui
    lòng chọn một mục” (decision 0330)."""
    bare = [key.strip(",.!?;:-…") for key in keys]
    start = _after_greeting(bare)
    if (household := _household_said(bare, start)) is not None:
        start += len(household) + 1
    lead = start
    while start < min(len(keys), lead + 4) and (
        bare[start] in _LEAD_WORDS or (bare[start] == "to" and start > lead and bare[start - 1] in _BEFORE_TO)
    ):
        start += 1
    if bare[start : start + 1] == ["co"] and any(
        bare[start + 1 : start + 1 + len(giving)] == giving for giving in _GIVING_WORDS
    ):
        start += 1  # “có ủng hộ 200k”: yes, she gives, as said under an appeal (decision 1821)
    return start


def _after_greeting(bare: list[str]) -> int:
    """Where the words after a greeting the message opens with begin (0 when it opens with none); a New
    Year's wish is one (“Chúc mừng năm mới! Em lì xì quỹ 200k”, decision 0614)."""
    start = next((len(wish) for wish in _NEW_YEAR_WISHES if bare[: len(wish)] == wish), 0)
    if start or (bare[:1] and (bare[0] in _GREETING_OPENS or bare[:2] == ["xin", "chao"])):
        while start < min(len(bare), AMOUNT_WORDS) and (
            bare[start] in _GREETING_WORDS or bare[start - 1 : start + 1] == ["kinh", "gui"]  # “kính gửi”
        ):
            start += 1
    return start


def _household_said(bare: list[str], start: int) -> list[str] | None:
    """Her household said at `start` of `bare` (“nhà”, “gia đình”, “mẹ”: one of `MY_HOUSEHOLD` after it), as
    its words before that one; None when it is not."""
    for household in (["nha"], ["gia", "dinh"], *([kin] for kin in (*_KIN_AT_HOME, *_WE))):
        # “nhà em ủng hộ 100k”, “mẹ em ủng hộ 50k”: her household's, hers to record (0527, 0547)
        after = start + len(household)
        if bare[start:after] == household and after < len(bare) and bare[after] in MY_HOUSEHOLD:
            return household
    return None


def _kin_not_hers(turn: Turn, text: str, gift: TypedGift | None) -> bool:
    """One of her home named before the gift (“Mẹ em ủng hộ 50k”) or as whose it is after it (“ủng hộ 50k của
    mẹ em”, decision 0999) on a staff member's own account: said that a gift recorded here is in her own name,
    how to type hers, and that a relative of another household has it recorded by the Front officer where it
    lives; nothing kept (decision 0571). “We” (“chúng tôi ủng hộ 1tr”) alike, each of a group recording their
    own part (decision 0605). False for anything else, and on a household's account, whose it is (0547)."""
    if turn.person is None or is_household(turn) or acting_for(turn):
        return False
    bare = [match_key(word).strip(",.!?;:-…") for word in text.split()]
    household = _household_said(bare, _after_greeting(bare))
    if household is None:  # “ủng hộ 200k của mẹ em”, “200k cua me em”: hers named after it (0999)
        household = next(
            (said for at, key in enumerate(bare) if key == "cua" and (said := _household_said(bare, at + 1))),
            None,
        )
    if household is None:  # “500k from my mother”, as a volunteer who chose English says it (1051, 1103)
        household = _kin_in_english(bare)
    if household is None or household[0] not in (*_KIN_AT_HOME, *_WE):
        return False
    figure = gift.figure if gift is not None and gift.kind == "money" and gift.figure else "200k"
    if household[0] in _WE:  # “chúng tôi ủng hộ 1tr”: hers, or a group's? Not guessed (0605)
        turn.say(
            turn.t(
                "A gift recorded from this account is in your own name. If it is yours, please type it so, "
                "for example: {example}. If several of you gave together, each records their own part. "
                "Nothing was recorded."
            ).format(example=turn.t("donate {amount}").format(amount=figure))
        )
        return True
    turn.say(
        turn.t(
            "A gift recorded from this account is in your own name. If it is yours, please type it so, for "
            "example: {example}. If it is from a relative in another household, the Front officer where that "
            "household lives records it for that household. Nothing was recorded."
        ).format(example=turn.t("donate {amount}").format(amount=figure))
    )
    return True


def _kin_in_english(bare: list[str]) -> list[str] | None:
    """Her kin named in English as whose or whom the gift is, as `_household_said` answers: “from my mother”
    (1051), “for my mum”, “from mom” (one of `_KIN_IN_ENGLISH`, “my” or not), or “from two of us” (“we”);
    None when none is. “For my mum” may be in her name or for her: either way not hers to record (1103)."""
    for at, key in enumerate(bare):
        if key not in ("from", "for"):
            continue
        after = bare[at + 2 :] if bare[at + 1 : at + 2] == ["mi"] else bare[at + 1 :]
        if after[:1] and after[0] in _KIN_IN_ENGLISH:
            return [_KIN_AT_HOME[0]]
        if key == "from" and any(after[: len(we)] == we for we in _WE_IN_ENGLISH):
            return [_WE[0]]
    return None


def _giving_slipped(keys: list[str]) -> tuple[list[str], int] | None:
    """A giving word of two words typed with a slip of the thumb (bot.text.one_slip: “ung hoo”, “dong gpo”)
    or as one word (“ungho”, “donggop”), and how many words were typed for it; None for anything else. Short
    ones never slip (“gop”, “ck”, “nop” slipped would be other words), nor paying words."""
    for giving in _GIVING_WORDS:
        if len(giving) < 2 or giving in _PAYING:  # “chuyen khoa” (a move of ward) is no slipped transfer
            continue
        joined = "".join(giving)
        if keys[:1] == [joined] or (keys[:1] and len(keys[0]) >= 5 and one_slip(keys[0], joined)):
            return giving, 1
        typed = keys[: len(giving)]
        if len(typed) == len(giving) and one_slip(" ".join(typed), " ".join(giving)):
            return giving, len(giving)
    return None


def _has_letter_or_digit(word: str) -> bool:
    return any(ch.isalnum() for ch in word)


def _amount_first(figure: str) -> str:
    """An amount followed by what it is for (“200k ao am”, “1tr tiền mặt”): the amount, when the whole does
    not read as one and its first words do, with a unit or a separator (“10 kg gạo” stays whole: goods; so
    does “10 m vải”, where “m” is metres, not the English million). Only its first AMOUNT_WORDS words are
    tried, each beginning read whole: “ủng hộ 1 1 1 …” as long as a Telegram message (4,096 characters) tried
    two thousand, 3 to 12 seconds in which the bot answered nobody (decision 0321)."""
    if _reads_as_amount(figure) or dollars_or_dong(figure) is not None:  # “1 trieu do”: asked (0728)
        return figure
    if each_ones_amount(figure) != figure.strip():  # “100k mỗi người”: each one's, all of theirs not said
        return figure  # (0628, 0999)
    if (meant := _meant_not_the_other(figure)) is not None:
        return meant  # “1tr2 chứ không phải 1tr”: the first, the other denied (decision 1131)
    if _second_figure(figure.split()[1:]):  # “200k à nhầm 300k”, “1tr hay 1tr2”, “500k trừ 50k phí”: put
        return figure  # right, or taken off; which is meant is never guessed (decision 1050)
    if (before := _before_people(figure)) is not None:
        return before  # “200k ba mươi người”, “1tr ba người”: from thirty, from three (0992, 0999)
    words = figure.split()
    for end in range(min(len(words) - 1, AMOUNT_WORDS), 0, -1):
        first = " ".join(words[:end])
        if words[end - 1].isdigit():  # “500k 2 lần”: a count of something, never 500.200 ₫
            continue
        if _number_goes_on(words[end:]):  # “1 triệu hai mươi lăm”: never 1.000.000 ₫ nor 1.200.000 ₫ (0911)
            continue
        if " ".join(words[end - 2 : end]).lower() == "do la":  # “500k do la tien thuong”: “đó là” without its
            continue  # marks, words after it, not dollars (decision 0588)
        if match_key(words[end - 1]) == "do" and match_key(words[end]) in _NO_DOLLAR_AFTER:
            continue  # “200k đô thị văn minh”: “đô thị” is a town, never 200k dollars
        # a comma after the figure parts it from what follows: “300k, lợn đất của cháu Na” counts no cans
        # (“lon”), it is her note of where the money came from (decision 2656); nor, without it, does a pig
        # (“300k lợn đất …”, “300k lon dat …”: decision 2710)
        counted = (
            counts_things(words[end])
            and not first.endswith(",")
            and not a_pig(words[end].lower(), words[end + 1 : end + 2])
        )
        if tenth_unlikely(first):  # “200k ba mẹ con”: 200.000 ₫, never 200.300 ₫ nor asked (0867); “100k
            if counted:  # sáu gói mì”: money beside goods, read whole as before
                return figure
            if _a_number_after(words[end:]):
                return figure  # “20k hai lăm”: a number after it, never 20.000 ₫ unasked (0911)
            continue
        if counted and _reads_as_amount(first) and not names_foreign_currency(first):
            # “1 nghin vien gach”: a thousand bricks, goods, never 1.000 ₫ (decision 0605); after “do” (“100k
            # do con gửi”, sent by my child, 0795) or dollars (“100 đô la con gửi”, 0823) “con” counts nothing
            return figure
        if (
            _MORE_THAN_DIGITS.fullmatch(first)
            and (
                not first.lower().endswith("m")
                or fold(words[end]).strip(".,;:!?") in _WHO_GIVES_AFTER
                or _only_asked_after_millions(first, words[end:])
            )
            and _reads_as_amount(first)
        ):
            # “500k x2”, “300k 🙏 200k”: which figure is meant is not guessed; nor “1tr hai vợ chồng”, the
            # couple's million or 1.200.000 ₫ (decision 0851), nor “100k bẩy”, 100.000 ₫ or 170.000 ₫ (0891)
            guessed = (
                _another_figure(words[end:])
                or tenth_or_words(figure) is not None
                or _a_number_after(words[end:])
            )
            return figure if guessed else first
    return figure


def _only_asked_after_millions(first: str, after: list[str]) -> bool:
    """Whether `after`, the words after English millions glued to their figure (“1.2m”), only ask whether
    to give them (“is that ok”, “ok”, “được không”): metres are never asked so, so “donate 1.2m is that ok”
    reads as its twin “ủng hộ 1tr2 được không”, where it was “I could not read that amount” (decision
    1658)."""
    question = _the_question_asked(" ".join(after), bare=True)
    glued = re.search(r"\dm$", first.lower()) is not None
    return glued and question is not None and not question[0] and bool(question[1])


# Words after an amount that put it right, offer another or take some off (“à nhầm”, “không phải”, “hay”,
# “trừ”), as they are compared: with a figure after them, the amount typed first is not the one (1050).
_PUT_RIGHT = frozenset(
    match_key(word)
    for word in ("nham", "phai", "hay", "hoac", "tru", "or", "sorry", "instead", "minus", "not")
)


def _second_figure(after: list[str]) -> bool:
    """Whether the words after an amount's first word hold another amount with its unit (“à nhầm 300k”, “hay
    1tr2”), or a figure after a word that puts the first right (“à nhầm 300”): which amount is meant is not
    guessed (decision 1050). A day (“ngày 31/12”), a code, an account's
    digits, a count (“lần 2”) are none."""
    if any(_opens_with_amount(word.strip(".,;:!?…")) for word in after):
        return True
    return _put_right_before_a_figure(after, _PUT_RIGHT)


# “X chứ không phải Y” (X, not Y), as they are compared, “không” as chats write it read as “khong”
# (`KHONG_IN_CHATS`): the amount before them is the one meant (decisions 1131, 1176).
_NOT_THE_OTHER = (["chu", "khong", "phai"], ["chu", "dau", "phai"])


def _meant_not_the_other(figure: str) -> str | None:
    """The amount of “1tr2 chứ không phải 1tr” (“1tr2”): an amount, “chứ không phải”, and another amount
    and nothing else, the first the one meant and the other denied (decision 1131). “200k không phải 300k”
    without “chứ” is said both ways and stays asked (1102); None for anything but such words."""
    words = figure.split()
    keys = _word_keys(words)
    keys = ["khong" if key in KHONG_IN_CHATS else key for key in keys]
    for at in range(1, len(words) - 3):
        if keys[at : at + 3] not in _NOT_THE_OTHER:
            continue
        meant, other = " ".join(words[:at]).rstrip(",;:-–"), " ".join(words[at + 3 :])
        read, denied = _reading_of(meant), _reading_of(other)
        return meant if read is not None and denied is not None and read != denied else None
    return None


def _reading_of(figure: str) -> int | None:
    """`figure` in đồng as the amount step reads it, whatever the cap; None where it reads as none."""
    try:
        return parse_vnd(figure, cap=sys.maxsize)
    except MoneyError:
        return None


# A slip owned after the amount: “nhầm” (1102), in English “oops”, “typo”, “wrong”, “my bad”, “wait”,
# anywhere; “sorry” or “xin lỗi” ending the line, where “sorry for the delay” is an apology (1131).
_SLIP_WORDS = frozenset(
    match_key(word) for word in ("nham", "oops", "whoops", "typo", "mistake", "wrong", "wait")
)
_SORRY = tuple(
    [match_key(word) for word in said.split()] for said in ("sorry", "sry", "sr", "sori", "xin lỗi", "my bad")
)
# “Wait” as the waiting (“sorry for the wait”, “wait for me”), and an English word as a name after its title
# (“bác Wait”): no slip owned, the amount stands (decision 1163). “anh nhầm” is one: “nhầm” is no name.
_THE_WAIT = frozenset({"the", "a", "long"})
_TITLES = frozenset({"anh", "chi", "em", "bac", "ong", "ba", "co", "chu", "di", "cau", "mr", "mrs", "ms"})


def _slip_owned(after: list[str]) -> bool:
    """Whether the words after an amount's first word own a slip about to be put right (“200k à nhầm”,
    “200k sorry”, “200k oops”): the amount before them may not be the one, and is asked again, never taken
    (decisions 1102, 1131). “Sorry” with words after it (“sorry for the delay”, “xin lỗi vì chậm”) is an
    apology for the gift, which stays read."""
    keys = [key for key in _word_keys(after) if key]
    keys = [key for key in keys if any(ch.isalnum() for ch in key)]
    while keys and keys[-1] in _PARTICLES:
        keys.pop()
    return any(_a_slip(keys, at) for at in range(len(keys))) or any(
        keys[-len(said) :] == said for said in _SORRY
    )


# The words of `_PUT_RIGHT` and of a slip owned, sought before “for” is cut: “chứ không phải” (“phai”) keeps
# its own reading, the amount before it (1131).
_PUT_RIGHT_OR_SLIP = (_PUT_RIGHT | _SLIP_WORDS) - {"phai"}


def _put_right_before_a_figure(after: list[str], words: frozenset[str] = _PUT_RIGHT_OR_SLIP) -> bool:
    """Whether the words after an amount's first word put it right, or own a slip, with a figure anywhere
    after them (“200k sorry for the delay 300k”, “200k, wait for it, 300k”): the figure after “for” was cut
    away with it, and the first amount taken (decision 1163). `words`: those sought, as compared (the amount
    step's, `_second_figure`, are `_PUT_RIGHT`)."""
    keys = _word_keys(after)
    return any(
        key in words and any(ch.isdigit() for ch in "".join(after[at + 1 :])) for at, key in enumerate(keys)
    )


def _a_slip(keys: list[str], at: int) -> bool:
    """Whether `keys[at]` owns a slip: one of `_SLIP_WORDS`, neither the wait apologised for (“for the
    wait”, “wait for me”) nor an English word named after a title (“bác Wait”): decision 1163."""
    key, before, after = keys[at], keys[at - 1] if at else "", keys[at + 1 : at + 2]
    if key not in _SLIP_WORDS:
        return False
    if key == "wait" and (before in _THE_WAIT or after == ["for"]):
        return False
    return key == match_key("nham") or before not in _TITLES


# Each month (“mỗi tháng”, “hàng tháng”, “per month”), and a month as counted (“12 tháng”, “12 months”), as
# they are compared (decision 1102).
_EACH_MONTH = tuple(
    [match_key(word) for word in said.split()]
    for said in ("mỗi tháng", "hàng tháng", "per month", "a month", "every month", "monthly")
)
_MONTHS = frozenset({"thang", "month", "months"})


def _months_counted(after: list[str]) -> bool:
    """Whether the words after an amount's first word make it a month's and count the months (“mỗi tháng 12
    tháng”, “per month for 12 months”): a month's gift now, or the twelve paid at once? Not guessed; a
    month's alone (“100k mỗi tháng”) and a month named (“tháng 12”) stay the amount (decision 1102)."""
    keys = _word_keys(after)
    each = any(keys[at : at + len(said)] == said for said in _EACH_MONTH for at in range(len(keys)))
    return each and any(
        key.isdigit() and keys[at + 1 : at + 2] and keys[at + 1] in _MONTHS for at, key in enumerate(keys)
    )


# The words that go on with a number (“hai mươi lăm”, “hai trăm rưỡi”), as typed: “mười” (ten, of “200k mười
# người”) is left out, “muoi” without marks is either.
_GOES_ON = frozenset({"mươi", "muoi", "trăm", "tram", "chục", "chuc", "linh", "lẻ", "rưỡi", "ruoi"})


def _number_goes_on(rest: list[str]) -> bool:
    """Whether the words after a cut go on with the number before it (“mươi lăm”, “hai trăm rưỡi”): no cut
    there, the amount is read whole or asked (decision 0911)."""
    keys = [word.lower().strip(".,;:!?…") for word in rest[:2]]
    if named_by_birth_order([word for word in rest[:2] if _has_letter_or_digit(word)]):
        return False  # “ba Muoi”: bà Mười, no thirty (decision 0999)
    return bool(keys) and (
        keys[0] in _GOES_ON or (fold(keys[0]) in DIGIT_WORDS and keys[1:2] != [] and keys[1] in _GOES_ON)
    )


# The words that count people after a number (“ba mươi người”, “hai gia đình”, “năm hộ”), without marks.
_PEOPLE = (("nguoi",), ("ban",), ("anh", "chi", "em"), ("gia", "dinh"), ("ho",))


def _counts_people(rest: list[str]) -> bool:
    """Whether the words after an amount are a number in words and people it counts (“ba mươi người”, “hai
    mươi bạn”, “ba người”): who gave, not more of the amount (decisions 0992, 0999)."""
    keys = _word_keys(rest)
    return any(
        _a_number_after(rest[:size]) and tuple(keys[size : size + len(people)]) == people
        for size in range(1, min(len(rest), 4))
        for people in _PEOPLE
    )


def _people_first(figure: str) -> bool:
    """Whether `figure` opens with people counted (“2 người 100k”, “hai người 200k”): who gave, never goods
    so named (decision 0999)."""
    words = figure.split()
    keys = _word_keys(words)
    return any(
        (size == 1 and words[0].isdigit()) or _a_number_after(words[:size])
        for size in range(1, min(len(words), 4))
        for people in _PEOPLE
        if tuple(keys[size : size + len(people)]) == people
    )


def _before_people(figure: str) -> str | None:
    """The amount before a number of people in words (“200k ba mươi người”: “200k”; “1tr ba người”: “1tr”,
    never 1.300.000 ₫ nor asked): who gave, after what they gave (decisions 0992, 0999); None for anything
    else."""
    words = figure.split()
    for end in range(min(len(words) - 1, AMOUNT_WORDS), 0, -1):
        first = " ".join(words[:end])
        if _counts_people(words[end:]) and _reads_as_amount(first):
            return first
    return None


def _a_number_after(rest: list[str]) -> bool:
    """Whether the words after an amount are a number in words, whole (“hai lăm”, “mười lăm”, “hai mươi
    lăm”): more of the amount, not what it is for; never a name (“ba Nam” without marks: bà Năm)."""
    typed = [word.lower().strip(".,;:!?…") for word in rest]
    if any(other_marks(word) for word in typed) or named_by_birth_order(rest):
        return False  # “200k bà Mười”, “100k ba Muoi”: a grandmother, no number (decisions 0824, 0999)
    keys = [fold(word) for word in typed]
    if len(keys) == 2 and keys[1] == "lam" and keys[0] in DIGIT_WORDS:  # “hai lăm”: 25
        return True
    read = (
        below_thousand(keys, 0)
        if keys and all(key in DIGIT_WORDS or key in _GOES_ON for key in keys)
        else None
    )
    return read is not None and read[1] == len(keys)


# English words after “1m” that say who gives (“donate 1m two of us”, “2m from our family”): a million,
# never metres of something (decision 0871).
_WHO_GIVES_AFTER = frozenset({"two", "three", "four", "five", "from", "by", "our", "my", "us", "we"})
# The words that make “đô” no dollar but a word of its own: “đô thị” (a town), “đô vật” (a wrestler).
_NO_DOLLAR_AFTER = frozenset({"thi", "vat", "doc"})
# Words between an amount and a second figure that make one of the two (“500k x 2”, “300k + 200k”), in
# English too (“100k and 20 USD”: its dollars were dropped, decision 0767).
_TIMES_OR_PLUS = frozenset({"x", "×", "*", "+", "&", "va", "cong", "nhan", "and", "plus", "times"})
_A_DAY = re.compile(r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?")


def _another_figure(rest: list[str]) -> bool:
    """Whether the words after an amount begin with another figure, or a times or plus before one: they say
    no more of what it is for but how much (decision 0370); pictures between are skipped (“🙏 200k”)."""
    words = [word for word in rest if _has_letter_or_digit(word) or match_key(word) in _TIMES_OR_PLUS]
    if not words:
        return False
    first = words[0].lower()
    if _A_DAY.fullmatch(first):  # “ck 500k 5/12”: the day it was sent
        return False
    if first[:1] in "x×*+&" and first[1:].isdigit():  # “x2”, “*3”
        return True
    if match_key(first) in _TIMES_OR_PLUS:
        return len(words) > 1 and words[1][:1].isdigit()
    return first[:1].isdigit()


def _labour(figure: str) -> TypedGift | None:
    """Labour days as typed (“2 ngày công”), or None. Hours or sessions (“2 buổi sáng”) and part of a day
    (“1 ngày rưỡi”, “nửa ngày công”) are labour kept whole: their days do not read, and are said so."""
    key = match_key(figure)
    if _LABOUR_HOURS.fullmatch(key) or _HOURS_MARKED.fullmatch(nfc(figure).lower()):
        return TypedGift("labour", key)  # its days do not read: the rule is said, the days asked
    days = _LABOUR_DAYS.fullmatch(key)
    if days is None:
        return None
    return TypedGift("labour", key if part_of_a_day(key) else days["number"])


# A gift said before words about it (“2 ngay cong”, “10kg gao”, “5 thùng mì tôm hảo hảo”) is a few words:
# where it ends is sought among the first ones only, so a long message costs one pass, not one per word.
_GIFT_WORDS_AT_MOST = 16


def _then_words(words: list[str], reads: Any) -> int | None:
    """Where a gift said with words after it ends among `words` (“2 ngay cong | xay nha cho ba Nam”, “10kg
    gao | an tet”): the longest start, of `_GIFT_WORDS_AT_MOST` words at most, that `reads` (given the
    start's words) takes for the gift, followed by words naming something and no figure; None when there is
    none (decisions 1361, 1401)."""
    figures = [at for at, word in enumerate(words) if any(ch.isdigit() for ch in match_key(word))]
    after_the_figures = figures[-1] + 1 if figures else 1  # the words after it have no figure
    for end in range(min(len(words) - 1, _GIFT_WORDS_AT_MOST), max(after_the_figures, 1) - 1, -1):
        after = match_key(" ".join(words[end:]))
        if not _NAMES_A_THING.search(after):
            continue
        if reads(words[:end]):
            return end
    return None


# A day or a session at a free clinic, said as a hospital's people say it (“1 ngày khám bệnh miễn phí”, “2
# buổi khám từ thiện”): labour with its work after it, without “công” (decision 1995); a day or a shift on
# duty there (“1 ngày trực”, “1 ca trực”, “trực 1 ca”) too, a shift's days asked as a session's are (2010).
_AT_A_CLINIC = re.compile(
    r"(?P<number>\S+?) ?(?P<unit>ngay|buoi) kham\b.*|(?P<on_duty>\S+?) ?(?P<shift>ngay|ca) truc\b.*"
    r"|truc (?P<number_after>\S+?) ?(?P<shift_after>ngay|ca)\b.*"
)


def _clinic_labour(figure: str) -> TypedGift | None:
    """Labour at a free clinic (“1 ngày khám bệnh miễn phí”, “một ngày khám …”): the day or the sessions, as
    `_labour` reads them; None for anything else, an amount given for the clinic's day (“500k ngày khám”) too.
    It was read as goods, “1 ngày khám bệnh miễn phí” to be valued."""
    found = _AT_A_CLINIC.fullmatch(match_key(figure).strip(" .!?"))
    if found is None:
        return None
    number = found["number"] or found["on_duty"] or found["number_after"]
    unit = found["unit"] or found["shift"] or found["shift_after"]
    if not (number.isdigit() or in_words(number) is not None):
        return None
    if unit == "ca":  # a shift may be 8, 12 or 24 hours: labour whose days are asked, never guessed (2010)
        return TypedGift("labour", f"{number} ca")
    return _labour(f"{number} {unit}")


def _labour_then_work(figure: str) -> TypedGift | None:
    """Labour days with the work they went to said after them, in words only (“2 ngay cong xay nha cho ba
    Nam”, “3 công sửa đường”, a free clinic's “1 ngày khám bệnh miễn phí”): the days, as `_labour` reads
    them; None for anything else. The work was read as the figure, and the menu answered “please choose” to
    the gift said alone (decision 1361)."""
    if (clinic := _clinic_labour(figure)) is not None:
        return clinic

    def days(start: list[str]) -> bool:
        gift = _labour(" ".join(start))
        return "cong" in start and gift is not None and _days(gift) is not None

    keys = match_key(figure).split()
    end = _then_words(keys, days)
    return None if end is None else _labour(" ".join(keys[:end]))


def goods_then_purpose(figure: str) -> str | None:
    """The goods of known goods and how much of them said with what they are for after them, in words only
    (“10kg gao an tet”, “5 thùng mì tôm tặng hộ nghèo”): the goods as typed (“10kg gao”); None for anything
    else. The menu answered “please choose” where the goods alone were asked about (decision 1401)."""
    words = pictures_dropped(figure).strip(" .!?").split()
    if goods_with_a_quantity(" ".join(words)):  # “10 chai nước mắm”: goods whole, none of it a purpose
        return None
    end = _then_words(words, lambda start: goods_with_a_quantity(" ".join(start), whole=False))
    if end is None or match_key(words[end]) in _MORE_GOODS:  # “10 kg of rice and beans”: more goods (2025)
        return None
    return " ".join(words[:end])


# What joins more goods to goods, never what they are for (“10 kg of rice and beans”, decision 2025).
_MORE_GOODS = frozenset({"and", "va", "&"})


def work_said(text: str) -> str | None:
    """The work labour days typed went to, as typed after their “công” (`_labour_then_work`) or a free
    clinic's day (“khám bệnh miễn phí” of “1 ngày khám bệnh miễn phí”, its “ạ” left out): kept as the
    gift's note unless another is given; None when nothing but a particle, an emoji or where the gift goes
    (“cho quỹ”) follows them."""
    words = pictures_dropped(text).strip(" .!?").split()
    keys = [match_key(word).strip(",.;:") for word in words]
    clinic = next(
        (at for at in range(2, len(keys)) if keys[at] == "kham" and keys[at - 1] in ("ngay", "buoi")), None
    )
    on_duty = next(  # “ca trực” of “1 ca trực”, “trực 1 ca” whole: the shift kept in its note (2010)
        (
            at - 1 if keys[at - 1] in ("ngay", "ca") else at
            for at in range(1, len(keys))
            if keys[at] == "truc"
            and (keys[at - 1] in ("ngay", "ca") or keys[at + 2 : at + 3] in (["ca"], ["ngay"]))
        ),
        None,
    )
    clinic = on_duty if clinic is None else clinic
    if "cong" not in keys[1:] and clinic is not None:
        work = words[clinic:]  # “khám bệnh miễn phí” of “1 ngày khám bệnh miễn phí ạ” (decision 1995)
        while len(work) > 1 and match_key(work[-1]) in _PARTICLES:
            work.pop()
        return _note_said(work)
    if "cong" not in keys[1:]:
        return None
    after = keys.index("cong", 1) + 1
    if keys[after : after + 2] == ["lao", "dong"]:
        after += 2
    return _note_said(words[after:])


def purpose_said(text: str, goods: str) -> str | None:
    """What goods typed were for, as typed after them (“an tet” of “10kg gao an tet”: `goods_then_purpose`):
    kept as the gift's note unless another is given, as labour days' work is (`work_said`, decision 1401)."""
    typed = " ".join(pictures_dropped(text).strip(" .!?").split())
    at = typed.rfind(goods)
    return None if at < 0 or not goods else _note_said(typed[at + len(goods) :].split())


def paid_said(text: str) -> str | None:
    """How money was paid, as typed with its amount (“tiền mặt” of “100k tiền mặt”, “ck” of “ung ho 200k ck”,
    “tm” of “ủng hộ tm 500k”): kept as the gift's note unless another is given, as labour days' work is
    (`work_said`), so that the treasurer's queue says it on the gift's line (decision 2301). Only the paying
    words: a day (“hôm qua”), a drive or where it goes (“quỹ”, “Tết”) typed beside them is never the note."""
    words = [word.strip(",.;:!?()") for word in pictures_dropped(text).split()]
    keys = [match_key(word) for word in words]
    for at in range(len(keys)):
        for way in _WAYS_OF_PAYING:
            if keys[at : at + len(way)] == way:
                return " ".join(words[at : at + len(way)])
    return None


def _note_said(words: list[str]) -> str | None:
    """Words said after a gift as its note: None when they are nothing but a particle, an emoji or where the
    gift goes (“cho quỹ”), or too long for a note."""
    keys = [match_key(word).strip(",.;:") for word in words]
    said = [key for key in keys if _has_letter_or_digit(key)]
    if not said or all(key in _PARTICLES or key in _WHERE_IT_GOES for key in said):
        return None
    note = " ".join(words).strip(",.;:- ")
    return note if len(note) <= MAX_FREE_TEXT else None


def _days(gift: TypedGift) -> int | None:
    """How many days labour days typed are (“2”, “hai”), or None for a number in words that does not read, or
    for hours or sessions (“4 tiếng”)."""
    if in_hours_or_sessions(gift.figure):
        return None
    return int(gift.figure) if gift.figure.isdigit() else in_words(gift.figure)


def _said_in_words(words: list[str]) -> TypedGift | None:
    """An amount or labour days said in words, as the amount step reads them (“hai triệu”, “năm trăm
    nghìn”, “hai ngày công”), before where the gift goes; None for other words (“quỹ”, “gạo 50 kg”)."""
    figure = " ".join(_before_destination(words))
    if (days := _labour(figure) or _clinic_labour(figure)) is not None and (
        in_words(days.figure) is not None or part_of_a_day(days.figure)  # “nửa ngày công”: said whole
    ):
        return days
    if _reads_as_amount(figure) or hundreds_alone(figure) is not None:  # “năm trăm”: asked in digits
        return TypedGift("money", figure)
    if tenth_or_words(figure) is not None:  # “một trăm nghìn bảy”: which amount, asked (decision 0911)
        return TypedGift("money", figure)
    return None


def _opens_with_amount(figure: str) -> bool:
    """Whether `figure`'s first word is an amount with its unit (“500k”, “1tr2”), as goods never begin; each
    one's amount (“200k/người”) too, its “/” ending the word (decision 0628)."""
    first = re.split(r"[\s/]", figure.strip(), maxsplit=1)[0]
    return bool(_MORE_THAN_DIGITS.fullmatch(first)) and _reads_as_amount(first)


def _reads_as_amount(figure: str) -> bool:
    """Whether the amount step reads `figure` as an amount (or refuses it only for its size, which it then
    says): “3 ngày”, “1,3” (options) are none."""
    try:
        parse_vnd(figure, cap=sys.maxsize)  # the real cap is checked where the amount is read
    except MoneyError as problem:
        return problem.reason not in ("garbage", "fraction")
    return True


def _figure_after_destination(words: list[str]) -> TypedGift | None:
    """The amount or labour days typed after where the gift goes (“quỹ 20k”, “cho quỹ vì người nghèo 1tr”):
    from the first word that starts with a digit; None when what follows reads as neither."""
    at = next((at for at, word in enumerate(words) if word[0].isdigit()), None)
    if at is None:
        return None
    figure = " ".join(_before_destination(words[at:]))
    return _labour(figure) or (TypedGift("money", figure) if _reads_as_amount(figure) else None)


def _names_where_it_goes(words: list[str]) -> bool:
    """Whether `words` open with where the gift goes (“quỹ”, “cho”) or with Tết (“tết”, “quà tết”)."""
    keys = [match_key(word) for word in words]
    return keys[0] in _DESTINATION_WORDS or any(keys[: len(tet)] == tet for tet in _TET_NAMED)


def _to_someone(words: list[str]) -> bool:
    """Whether `words` say the gift goes to a person (“cho các cháu”, “tặng bà”, “2 cháu”), not to the Fund
    or a drive."""
    keys = [match_key(word).strip(",.!?;:-…") for word in words]
    keys = [key for key in keys if key not in _MANY]
    if keys[:1] and keys[0] in _TO_SOMEONE:  # “lì xì 2 cháu 200k”
        return True
    return any(key in _DESTINATION_WORDS and after in _TO_SOMEONE for key, after in pairwise(keys))


def _where_it_goes_at(keys: list[str]) -> int | None:
    """Where a word saying where the gift goes (“cho”, “quỹ”, “for”) stands among `keys` (the words as
    `match_key` reads them), right after the amount's first words (an amount is read in its first words only:
    decision 0321); None where none is."""
    return next(
        (at for at, key in enumerate(keys[1 : AMOUNT_WORDS + 1], start=1) if key in _DESTINATION_WORDS), None
    )


def _amounts_around_destination(figure: str) -> tuple[str, str] | None:
    """The two amounts of “200k cho quỹ 300k”, “200k for the poor 300k”: an amount, where the gift goes, and
    another amount with its unit after it, as typed (“200k”, “300k”). The second was cut away with where the
    gift goes and the first taken; she means one of them, and which is asked with both (decision 1238). None
    for anything else, the same amount twice (“200k cho quỹ 200k”) included."""
    words = figure.split()
    if (at := _where_it_goes_at([match_key(word) for word in words])) is None:
        return None
    first = " ".join(words[:at]).rstrip(",;:-–")
    second = _second_amount(words[at + 1 :])
    if second is None or (read := _reading_of(first)) is None:
        return None
    return (first, second) if read != _reading_of(second) else None


# A unit of money typed apart from its figure (“2 triệu”, “300 nghìn”); “đồng” left out, as “2 đồng bào”
# (two compatriots) is no amount.
_UNIT_APART = frozenset(match_key(word) for word in ("k", "nghìn", "ngàn", "tr", "triệu"))
# What each one gets (“mỗi cháu 500k”, “100k each”, “100k/hộ”): said of the one gift, never another.
_EACH_WORDS = frozenset({"moi", "each", "per"})
_DIGITS_ALONE = re.compile(r"[\d.,]+")
# Thousands written with their dots (“300.000”): money as it is written, where a phone number opens with 0
# (“0912.345.678”) and an account's digits are grouped otherwise.
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
# Words that make a figure before them a count, never money (“2.000 hộ”, “1.000 người”, “2.000 cháu”).
_COUNTED_AFTER = frozenset(match_key(word) for word in ("hộ", "người", "cháu", "em", "bạn", "gia", "suất"))


def _second_amount(words: list[str]) -> str | None:
    """The first amount with its unit of money among `words`, as typed (“300k”, “2.000.000đ”, “2 triệu”);
    None where there is none or where it is what each one gets (“mỗi cháu 500k”, “100k each”, “100k/hộ”). A
    figure without its unit is a phone number or a count (“0912.345.678”, “2.000 hộ”), never a second
    amount, unless it is thousands with their dots counting nothing (“300.000”, said with its unit as
    “300.000đ”; decision 1266)."""
    keys = _word_keys(words)
    for at, word in enumerate(words):
        bare = word.strip(".,;:!?…")
        apart = (
            bool(_DIGITS_ALONE.fullmatch(bare))
            and keys[at + 1 : at + 2] != []
            and keys[at + 1] in _UNIT_APART
        )
        dotted = bool(_THOUSANDS.fullmatch(bare)) and not (
            keys[at + 1 : at + 2] and (keys[at + 1] in _COUNTED_AFTER or counts_things(keys[at + 1]))
        )
        if not apart and not dotted and (_DIGITS_ALONE.fullmatch(bare) or not _opens_with_amount(bare)):
            continue
        typed = f"{bare} {words[at + 1].strip('.,;:!?…')}" if apart else f"{bare}đ" if dotted else bare
        after = keys[at + 2 : at + 3] if apart else keys[at + 1 : at + 2]
        if "/" in bare or _EACH_WORDS & {*keys[max(at - 2, 0) : at], *after}:
            return None
        if _reading_of(typed) is not None:
            return typed
    return None


# Words between two amounts that offer the second or put the first right (“hay”, “hoặc”, “à nhầm”, “sorry”,
# “à không”), as compared; “trừ” (taken off) and “chứ không phải” (the first meant, 1131) are read apart.
_OR_PUT_RIGHT = (_PUT_RIGHT | _SLIP_WORDS | {"khong", "ko", "kh", "sry", "sr", "sori", "xin", "loi"}) - {
    "tru",
    "minus",
    "phai",
    "not",
}
_BETWEEN_TWO = _OR_PUT_RIGHT | _PARTICLES | {"o", "oi", "ah", "a", "my", "bad", "la"}  # “hay là” (1381)


def _amount_or_another(figure: str) -> tuple[str, str] | None:
    """The two amounts of “200k hay 300k”, “200k hoặc 300k”, “200k sorry 300k”, “200k à nhầm 300k”: an amount
    with its unit, words that offer another or put it right and nothing else, and another amount with its
    unit ending the message, as typed. Which is meant is asked with both, never guessed, “nhầm” included
    (decision 1336). None for anything else, the same amount twice included."""
    words = figure.split()
    keys = _word_keys(words)
    while keys and keys[-1] in _PARTICLES:  # “200k hay 300k nhé”
        keys, words = keys[:-1], words[:-1]
    at = next((at for at, key in enumerate(keys[1:], start=1) if not key or key in _BETWEEN_TWO), None)
    if at is None:
        return None
    end = next((end for end in range(at, len(keys)) if keys[end] and keys[end] not in _BETWEEN_TWO), None)
    if end is None or not _OR_PUT_RIGHT & {*keys[at:end]}:
        return None
    first, second = " ".join(words[:at]).rstrip(",;:-–"), " ".join(words[end:]).strip(".,;:!?…")
    if _second_amount(first.split()) is None or _second_amount(second.split()) is None:
        return None  # a figure without its unit (“200 hay 300”) is not asked so: 1050's answer stands
    read, other = _reading_of(first), _reading_of(second)
    return (first, second) if read is not None and other is not None and read != other else None


def _share_not_adding_up(figure: str) -> tuple[str, str] | None:
    """“1tr cho 2 cháu, mỗi cháu 300k”: the whole, and what the shares add up to, where they differ (2 ×
    300.000 ₫ is 600.000 ₫, not 1.000.000 ₫): which is meant is asked with both (decision 1337). A share that
    adds up (“mỗi cháu 500k”) is of the same gift, read at its first amount (1266); None for anything else."""
    words = figure.split()
    keys = _word_keys(words)
    at = _where_it_goes_at(keys)
    if at is None or (whole := _reading_of(" ".join(words[:at]).rstrip(",;:-–"))) is None:
        return None
    count = next((int(key) for key in keys[at + 1 : at + 3] if key.isdigit()), None)
    if count is None or count < 2:
        return None
    for place, word in enumerate(words[at + 1 :], start=at + 1):
        bare = word.strip(".,;:!?…").split("/")[0]
        near = {*keys[max(place - 2, 0) : place], *keys[place + 1 : place + 2]}
        if not _opens_with_amount(bare) or not ("/" in word or _EACH_WORDS & near):
            continue
        share = _reading_of(bare)
        if share is None or share * count == whole:
            return None
        whole_shares = share * count  # written as she would type it, in either language: “600k”
        typed = f"{whole_shares // 1000}k" if whole_shares % 1000 == 0 else f"{whole_shares}đ"
        return " ".join(words[:at]).rstrip(",;:-–"), typed
    return None


def _two_amounts(figure: str) -> tuple[str, str] | None:
    """The two amounts of “200k cho quỹ 300k”, “200k hay 300k” or “1tr cho 2 cháu, mỗi cháu 300k”, as typed,
    where one of them is meant (decisions 1238, 1336, 1337); None for anything else."""
    return _amounts_around_destination(figure) or _amount_or_another(figure) or _share_not_adding_up(figure)


def which_amount_asked(turn: Turn, figure: str) -> bool:
    """“200k cho quỹ 300k”, “200k hay 300k”, “1tr cho 2 cháu, mỗi cháu 300k”: which of the two amounts is
    meant, asked with both (`which_amount`), nothing recorded (decisions 1238, 1336, 1337); the two kept, so
    that “cái sau” at the amount takes the second (`_the_one_picked`). False for anything else. Asked so too
    of what a treasurer says arrived (decision 1441)."""
    amounts = _two_amounts(figure)
    if amounts is None:
        return False
    one, other = amounts
    turn.say(which_amount(turn.t, _reading_of(one) or 0, _reading_of(other) or 0, one, other))
    turn.set(which=[one, other])
    return True


# The answer to “… 200.000 ₫ hay 300.000 ₫?” naming one by its place, as compared (decision 1336).
_THE_FIRST = frozenset(
    {
        "cai dau",
        "cai truoc",
        "so dau",
        "so truoc",
        "dau",
        "truoc",
        "first",
        "the first",
        "the former",
        "former",
    }
)
_THE_SECOND = frozenset(
    {"cai sau", "so sau", "sau", "cai thu hai", "so thu hai", "second", "the second", "the latter", "latter"}
)


def _answer_said(text: str) -> str:
    """An answer to “… 200.000 ₫ hay 300.000 ₫?” as compared (“cái sau nhé” as “cai sau”, “cả hai ạ” as “ca
    hai”): its words' keys, the particles that end a sentence and “là” left out."""
    keys = _word_keys(text.split())
    return " ".join(key for key in keys if key and key not in _PARTICLES and key != "la")


def _the_one_picked(turn: Turn, figure: str) -> str:
    """The amount named by its place (“cái sau”, “cai truoc”, “the second”) after two were asked which
    (`which_amount_asked`), or a figure without its unit that is one of them in thousands (“300” for
    300.000 ₫); else `figure` as typed."""
    return one_of_two_named(turn.data.get("which") or [], figure)


def one_of_two_named(which: list[str], figure: str) -> str:
    """Of `which`, the two amounts asked which, the one `figure` names by its place or its figure in
    thousands (`_the_one_picked`); else `figure` as typed."""
    if not which:
        return figure
    key = _answer_said(figure)
    if key in _THE_FIRST:
        return which[0]
    if key in _THE_SECOND:
        return which[1]
    if key.isdigit():
        for one in which:
            if _reading_of(one) in (int(key), int(key) * 1_000):
                return one
    return figure


def digit_naming_neither(which: list[str], text: str) -> str | None:
    """A single figure 1–9 typed alone (“3”, “số 2”) where `which`, two amounts, were asked which, naming
    neither by its figure in thousands (`one_of_two_named`): an option's number or a slip, never an amount to
    ask as 300.000 ₫ or 3.000.000 ₫ in their place, which lost the two she typed (decision 1482). None for
    anything else, and where nothing was asked."""
    number = one_number(text)
    if not which or number is None or len(number) != 1 or number == "0":
        return None
    return number if one_of_two_named(which, number) == number else None


def neither_named(turn: Turn, number: str, which: list[str]) -> None:
    """“1” said to name neither of `which` where they are asked by their amounts only, both asked again
    (`digit_naming_neither`, decision 1482)."""
    one, other = which
    said = turn.t("“{number}” names neither of the two amounts.").format(number=number)
    asked = which_amount(turn.t, _reading_of(one) or 0, _reading_of(other) or 0, one, other)
    turn.say(f"{said} {asked}")


# “cả hai” where one of two amounts is asked: one gift is one amount (decision 1380).
_BOTH = frozenset({"ca hai", "ca 2", "2 cai", "hai cai", "both", "both of them"})


def _which_kept(turn: Turn) -> bool:
    """After “… 200.000 ₫ hay 300.000 ₫?” asked where a gift is typed whole (the menu, the drive's question):
    the question stays, with the two amounts to press (`answered_which`), so that “cái sau”, “300” or a
    button answers it as at the amount; it was the main menu, where “cái sau” opened nothing (decision
    1380). False when nothing was asked so."""
    if not turn.data.get("which"):
        return False
    del turn.replies[-1]  # said again with its buttons
    turn.goto("give", "which")
    return True


@flow.prompt("which")
async def ask_which_of_two(turn: Turn) -> None:
    """The two amounts asked which (`_which_kept`), each read once: the question, and each to press. On a chat
    without buttons they are numbered, and “1” is the first: listed unnumbered, it was the amount 1 ₫
    (decision 1439). A figure that is no option's number is still her answer (“300”, `answered_which`)."""
    one, other = turn.data["which"]
    first, second = _reading_of(one) or 0, _reading_of(other) or 0
    turn.menu(
        which_amount(turn.t, first, second, one, other),
        [Choice("first", turn.t.vnd(first)), Choice("second", turn.t.vnd(second)), back_choice(turn.t)],
        free_text=True,
        hint=turn.t("Type the number of your choice, for example: {number}.").format(number=1),
    )


@flow.answer("which")
async def answered_which(turn: Turn) -> None:
    """The amount pressed, named by its place (“cái sau”) or its figure (“300”, “300k”), or another typed
    whole (“500k”): read as “ủng hộ …” typed at the menu, so the drive is asked next and nothing is recorded
    before the last look. “cả hai”: one gift is one amount, the question again; Back: where she was."""
    which = turn.data.get("which") or []
    if turn.choice == BACK_ID or len(which) != 2:
        turn.set(which=None)
        if not back_to_waiting(turn):
            go_home(turn)
        return
    if turn.choice and turn.inbound.choice is None and turn.inbound.shows_buttons and one_number(turn.text):
        _no_number_on_buttons(turn, which)  # “1” where no button shows a number: said, nothing taken (1439)
        return
    if turn.choice is None and digit_naming_neither(which, turn.text or ""):  # “3”: no option, no amount
        if turn.inbound.shows_buttons:  # of the two; asked as its hundreds, it lost them (decision 1482)
            _no_number_on_buttons(turn, which)
        else:
            turn.not_an_option()
        return
    picked = {"first": which[0], "second": which[1]}.get(turn.choice or "") or _the_one_picked(
        turn, turn.text
    )
    if picked in which or _reads_as_amount(picked):
        turn.set(which=None)
        turn.inbound = replace(turn.inbound, text=f"ủng hộ {picked}")  # as if typed with its giving word
        await read_typed_gift(turn)
        return
    if _answer_said(turn.text) in _BOTH:
        _one_amount_at_a_time(turn)
        return
    if not await entry_typed(turn, by_number=False):  # “Tiến độ của tôi”: that entry, as at the menu
        turn.not_an_option()


def _no_number_on_buttons(turn: Turn, which: list[str]) -> None:
    """A bare number typed at the two amounts shown as buttons, which carry no number: neither is guessed
    (“1” may be 1 triệu as well as the first); said so, the question again (decision 1439)."""
    said = turn.t(
        "“{number}” is not an amount: please press the amount you mean, or type it with its unit, for "
        "example: {example}."
    )
    example = amount_as_typed(turn.t, _reading_of(which[0]) or 0, which[0])  # “1.2m” in English (1658)
    turn.say(said.format(number=" ".join(turn.text.split()), example=example))
    turn.repeat_menu()


def _one_amount_at_a_time(turn: Turn) -> None:
    """Two amounts meant as two gifts (“cả hai”, “500k + 200k tiền mặt”): one contribution is one amount,
    the first typed now and the other recorded after it the same way; the question asked again."""
    turn.say(
        turn.t(
            "One contribution is one amount. Please type the first one now, for example: 500k; "
            "once it is saved, record the other the same way (“{entry}” in the menu)."
        ).format(entry=turn.t("Record a contribution"))
    )
    turn.repeat_menu()


# What ends a question whether to give the amount before it (“ủng hộ 200k hay không?”, “ung ho 200k duoc
# khong”, “200k được không ạ”, “200k dc khg”), as compared: a question, never a gift (decision 1438); the
# question's “không” alone (“ủng hộ 200k không?”, “ung ho 200k k”) and whether one must (“có bắt buộc
# không”) too (1483). “Không” as chats write it is their one list (`KHONG_IN_CHATS`), with those that are one
# only where a yes or a no is meant (`KHONG_AT_YES_OR_NO`: “hem”, which ends such a question, “200k dc hem”).
_NO_SAID = frozenset({"khong", *KHONG_IN_CHATS, *KHONG_AT_YES_OR_NO})
_WHETHER = frozenset(
    {(asked, no) for asked in ("hay", "duoc", "dc", "ok", "oke", "co") for no in _NO_SAID}
    | {(no,) for no in _NO_SAID}
    | {("bat", "buoc", no) for no in _NO_SAID}
    | {("duoc", "chu"), ("dc", "chu"), ("is", "that", "ok"), ("is", "it", "ok")}
)
_WHETHER_LONGEST_FIRST = sorted(_WHETHER, key=len, reverse=True)  # “được không” before “không” alone
_ASKING_TAIL = _PARTICLES | {"vay", "nhi", "the", "ha", "u", "please"}  # “ư”: “cần góp 10 kg gạo ư” (2022)
# Asked only with the question mark after them (“200k ok?”, “ủng hộ 200k được?”): “200k ok” is a gift
# (decision 1485).
_WHETHER_MARKED = frozenset({("ok",), ("oke",), ("okay",), ("duoc",), ("dc",)})
# Those that ask by themselves, with or without the question mark (“can I give”, decision 1656).
_ASKING_OPENINGS = frozenset(
    {
        ("can", "i"),
        ("may", "i"),
        ("should", "i"),
        ("must", "i"),
        ("do", "i", "have", "to"),
        ("do", "i", "need", "to"),
    }
)
# What opens, in Vietnamese, a question whether one must give, asked with no “không” nor mark after a giving
# word alone: “cần ủng hộ”, “phải ủng hộ à” (decision 1740).
_MUST_BARE = frozenset({("can",), ("co", "can"), ("phai",), ("co", "phai")})
# “bắt buộc (phải) …”: whether one is obliged to give, with “có” before it or not (decision 2022).
_OBLIGED = frozenset(
    {("bat", "buoc"), ("co", "bat", "buoc"), ("bat", "buoc", "phai"), ("co", "bat", "buoc", "phai")}
)
# What opens a question whether one must, or may, give (“cần ủng hộ 200k không”, “có phải ủng hộ không”,
# “can I give 200k?”): the question read after it (decision 1485).
_MUST_OPENINGS = sorted(_MUST_BARE | _OBLIGED | _ASKING_OPENINGS, key=len, reverse=True)
EXAMPLE_GIFT = "100k"  # the amount shown where a question about giving named none (decision 1485)
# What a question about giving names instead of an amount (“ủng hộ gạo được không”, “ủng hộ ngày công được
# không”): answered with that kind's own example, never the money's (decision 1741).
ASKED_GOODS, ASKED_LABOUR = "goods", "labour"
_LABOUR_ASKED = frozenset(
    {("ngay", "cong"), ("cong",), ("lao", "dong"), ("labour", "day"), ("labour", "days")}
)
_GOODS_ASKED = frozenset({("hien", "vat"), ("hang", "hoa"), ("vat", "pham"), ("goods",)})
# Those that ask whether one must give goods or labour days with their figure with no “không” after them, in
# every usual spoken form (“bắt buộc góp 10 kg gạo à”, “bắt buộc phải góp …”, decision 2022).
_MUST_GOODS_BARE = _MUST_BARE | _OBLIGED


def _the_question_asked(
    text: str, opened: bool = False, bare: bool = False, marked: bool = False
) -> tuple[list[str], tuple[str, ...]] | None:
    """The words of `text` before what asks whether to give (“hay không”, “được không”, “không” alone, “ok?”,
    a particle after them), and those words; None where nothing so asks. `opened`: a question opened already
    (“cần …”, “can I …”), its question mark alone asks it. `bare`: a figure with no giving word (“200k ok”
    at the menu), “ok” asks it without its mark (decision 1546). `marked`: opened by words that ask by
    themselves (“can I …”), as if its mark were typed (decision 1656)."""
    keys = [key for key in _word_keys(text.split()) if key]
    while keys and keys[-1] in _ASKING_TAIL:
        keys = keys[:-1]
    marked = marked or text.rstrip().endswith("?") or bare
    asked = next(
        (
            tail
            for tail in (*_WHETHER_LONGEST_FIRST, *(_WHETHER_MARKED if marked else ()))
            if tuple(keys[-len(tail) :]) == tail
        ),
        () if opened and marked else None,
    )
    return None if asked is None else (keys[: len(keys) - len(asked)], asked)


def _asks_whether(
    text: str, gift: TypedGift, opened: bool = False, bare: bool = False, marked: bool = False
) -> bool:
    """Whether `text`, read as the gift of money `gift`, asks whether to give its amount: the amount, then
    only words that ask it (“hay không”, “được không”, “có được không”, a particle after them), never a second
    amount (“200k à không 300k” is asked which, decision 1336)."""
    if gift.kind != "money" or _reading_of(gift.figure) is None:
        return False
    if (question := _the_question_asked(text, opened, bare, marked)) is None:
        return False
    before = question[0]
    before = before[:-1] if before[-1:] == ["co"] else before  # “có được không”
    figure = _word_keys(gift.figure.split())
    return before[-len(figure) :] == figure


async def _whether_to_give_answered(turn: Turn, gift: TypedGift, said: str | None = None) -> bool:
    """“ủng hộ 200k hay không?”: a question about giving is no gift. Told kindly that giving is voluntary and
    how to record the amount if she wants; nothing begun (decision 1438). A giving word asked with no figure
    (“ủng hộ được không”) too, with `EXAMPLE_GIFT` (decision 1546). `said`: the words read, where they are
    not the message's text (a receipt's caption, decision 1657). False where nothing asks so."""
    text = turn.text if said is None else said
    if gift.kind is None and (asked := _giving_alone_asked(text)) is not None:
        await _giving_is_voluntary(turn, asked, text)
        return True
    if not _asks_whether(text, gift):
        return False
    await _giving_is_voluntary(turn, gift.figure, text)
    return True


async def _asked_with_no_gift(turn: Turn) -> bool:
    """A question whether one must or may give typed where a drive is asked (“ủng hộ được không”, “cần ủng
    hộ không”, “can I give?”), read as at the menu (`whether_to_give_asked`, `_giving_alone_asked`):
    answered that giving is voluntary and how to give; False where nothing asks so (decision 1656)."""
    text = turn.text
    figure = whether_to_give_asked(text) or _giving_alone_asked(text)
    if figure is None:
        return False
    await _giving_is_voluntary(turn, figure)
    return True


def _giving_alone_asked(text: str) -> str | None:
    """What `text` asks about where it is a giving word and only words that ask it (“ủng hộ được không”,
    “ung ho dc ko a”, “đóng góp không?”): a question whether one may give, no gift named (decision 1546),
    `EXAMPLE_GIFT`; with goods or labour days named and no figure (“ung ho gao duoc khong”, “ủng hộ ngày
    công được không”), `ASKED_GOODS` or `ASKED_LABOUR` (decision 1741). None where nothing so asks."""
    question = _the_question_asked(text)
    if question is None or not question[1] or not question[0]:
        return None
    before = question[0]
    if typed_gift(" ".join(before)) != TypedGift(None, ""):
        return None
    if any(before[-len(giving) :] == giving for giving in _GIVING_WORDS):
        return EXAMPLE_GIFT
    return _kind_asked(before)


def _kind_asked(keys: list[str]) -> str | None:
    """`ASKED_LABOUR` or `ASKED_GOODS` where the words after the first giving word among `keys` (compared
    as `_word_keys` writes them) name labour days (“ngày công”) or goods (“gạo”, “hiện vật”) and hold no
    figure; None otherwise: what she asks about giving is then no kind of its own (decision 1741)."""
    after = next(
        (
            keys[at + len(giving) :]
            for at in range(len(keys))
            for giving in _GIVING_WORDS
            if keys[at : at + len(giving)] == giving
        ),
        None,
    )
    if not after or any(letter.isdigit() for key in after for letter in key):
        return None
    phrases = {tuple(after[at : at + n]) for at in range(len(after)) for n in (1, 2)}
    if phrases & _LABOUR_ASKED:
        return ASKED_LABOUR
    if phrases & _GOODS_ASKED or names_goods(" ".join(after)):
        return ASKED_GOODS
    return None


async def _giving_is_voluntary(turn: Turn, figure: str, said: str | None = None) -> None:
    """Giving is voluntary, and how to record `figure` if she wants (decisions 1438, 1485), the example in
    the reader's own way of writing amounts (decision 1549); goods or labour days asked about
    (`ASKED_GOODS`, `ASKED_LABOUR`), how to give them, with their own example (decision 1741): of the goods
    she named in `said` (the message's text unless given) or her likeliest drive's (decision 1895). Each is
    said to whoever types about whoever gives (`_giver_spoken_of`, decisions 2034, 2121)."""
    if figure == ASKED_LABOUR:
        turn.say(await _labour_voluntary(turn))
        return
    example = None
    if figure == ASKED_GOODS:
        example = await _asked_goods_example(turn, turn.text or "" if said is None else said)
    elif _reading_of(figure) is None and _kind_typed(as_given(figure)) == "goods":  # “10 kg gạo” (1935)
        example = goods_named(turn, figure)
    if example is not None:
        turn.say(await _goods_voluntary(turn, example))
        return
    amount = _reading_of(figure) or 0
    shown, typed = turn.t.vnd(amount), amount_as_typed(turn.t, amount, figure.rstrip(" ,;:-–"))
    giver = await _giver_spoken_of(turn)
    if giver == "household":
        words = turn.t(
            "Giving is voluntary: any amount the household gives is welcome, and nothing was recorded. If "
            "the household wants to give {amount}, type: donate {typed}."
        )
    elif giver == "named":
        words = turn.t(
            "Giving is voluntary: any amount is welcome, and nothing was recorded. If {name} wants to give "
            "{amount}, type: donate {typed}."
        )
    else:
        words = turn.t(
            "Giving is voluntary: any amount is welcome, and nothing was recorded. If you want to give "
            "{amount}, type: donate {typed}."
        )
    turn.say(words.format(amount=shown, typed=typed, name=subject_name(turn)))


async def _giver_spoken_of(turn: Turn) -> str:
    """Who gives, as the answer that giving is voluntary speaks of them: “own” where she types for herself;
    “household” where an officer records for a household; “named” for a person or a donor from outside,
    said by name (decisions 2034, 2121)."""
    if not acting_for(turn):
        return "own"
    giver = await _recorded_for(turn)
    return "household" if giver is not None and giver.kind == "household" else "named"


async def _labour_voluntary(turn: Turn) -> str:
    """That labour days are voluntary, with how to record one, said as `_goods_voluntary` (decision 2121)."""
    giver = await _giver_spoken_of(turn)
    if giver == "household":
        return turn.t(
            "Giving is voluntary: anything the household gives is welcome, and nothing was recorded. If the "
            "household wants to give labour days, type how many, for example: donate 1 labour day."
        )
    if giver == "named":
        return turn.t(
            "Giving is voluntary: anything is welcome, and nothing was recorded. If {name} wants to give "
            "labour days, type how many, for example: donate 1 labour day."
        ).format(name=subject_name(turn))
    return turn.t(
        "Giving is voluntary: anything is welcome, and nothing was recorded. If you want to give "
        "labour days, type how many, for example: donate 1 labour day."
    )


async def _goods_voluntary(turn: Turn, example: str) -> str:
    """That goods are voluntary, with `example`, said to whoever types about whoever gives: to the officer
    recording for a household, of the household; for a person or a donor, of them by name (decision 2034)."""
    giver = await _giver_spoken_of(turn)
    if giver == "own":
        return turn.t(
            "Giving is voluntary: anything is welcome, and nothing was recorded. If you want to give goods, "
            "type what and how much, for example: donate {example}."
        ).format(example=example)
    if giver == "household":
        return turn.t(
            "Giving is voluntary: anything the household gives is welcome, and nothing was recorded. If the "
            "household wants to give goods, type what and how much, for example: donate {example}."
        ).format(example=example)
    return turn.t(
        "Giving is voluntary: anything is welcome, and nothing was recorded. If {name} wants to give goods, "
        "type what and how much, for example: donate {example}."
    ).format(name=subject_name(turn), example=example)


def whether_to_give_asked(text: str) -> str | None:
    """The amount asked about where `text`, typed at the main menu without reading as a gift, asks whether
    one must or may give: “cần ủng hộ 200k không”, “200k được ko ạ”, “200k ok?”, “can I give 200k?” (“200k”),
    or with no amount, “có phải ủng hộ không” (`EXAMPLE_GIFT`); None for anything else (decision 1485)."""
    words = text.split()
    keys = _word_keys(words)
    opening = next((phrase for phrase in _MUST_OPENINGS if tuple(keys[: len(phrase)]) == phrase), ())
    body = " ".join(words[len(opening) :])
    gift = as_given(body) if body else None
    if gift is None:
        return None
    a_gift_as_typed = typed_gift(body) is not None  # read once: “ủng hộ …”, “500k”; never “200k ok”
    asking = opening in _ASKING_OPENINGS  # “can I give”: a question, its mark typed or not (decision 1656)
    if gift.kind is None and asking and not a_gift_as_typed and _kind_asked(_asked_words(body)):
        a_gift_as_typed = True  # “can I give rice?”: “give” is a gift only with a figure after it (1820)
    if gift.kind is None and opening and a_gift_as_typed:  # “có phải ủng hộ không”, “can I give?”: no figure
        question = _the_question_asked(body, opened=True, marked=asking)
        if question is None and opening in _MUST_BARE:  # “cần ủng hộ”, “phải ủng hộ à” (decision 1740)
            return _must_asked_bare(body)
        return None if question is None else _kind_asked(question[0]) or EXAMPLE_GIFT
    if opening and opening not in _MAY_I_OPENINGS and (kind := _kind_typed(gift)) in ("goods", "labour"):
        return _must_give_goods_asked(body, gift, kind, asking, bare=opening in _MUST_GOODS_BARE)
    bare = not opening and not a_gift_as_typed  # “200k ok”: the figure alone, then “ok” (1546)
    asked = _asks_whether(body, gift, opened=bool(opening), bare=bare, marked=asking)
    if not asked and opening in _MUST_BARE and a_gift_as_typed:  # “cần ủng hộ 200k” (decision 1821)
        asked = _asked_words(body) == [*_giving_word(body), *_word_keys(gift.figure.split())]
    return gift.figure if asked else None


# “can I”, “may I” before goods with their figure begin that gift (decision 1896); the other openings ask
# whether one must (“do I have to give 10 kg of rice?”, “có bắt buộc góp 10 kg gạo không”: decision 1935).
_MAY_I_OPENINGS = frozenset({("can", "i"), ("may", "i")})


def _must_give_goods_asked(body: str, gift: TypedGift, kind: str, asking: bool, *, bare: bool) -> str | None:
    """What a question whether one must give goods or labour days with their figure asks about, `body` being
    its words after the opening (“góp 10 kg gạo không”, “give 10 kg of rice?”) and `gift` them read: the goods
    as typed, answered with them as the example (`_giving_is_voluntary`), or `ASKED_LABOUR`; None where other
    words stand between the gift and what asks it (decision 1935)."""
    question = _the_question_asked(body, opened=True, marked=asking)
    if question is not None:
        said = question[0]
    elif bare:  # “phải góp 10 kg gạo à”, “cần ủng hộ 10 kg gạo”: asked with no “không” (decisions 1740, 1821)
        said = _asked_words(body)
    else:
        return None
    if not said or _kind_typed(typed_gift(" ".join(said))) != kind:
        return None
    if kind == "labour":
        return ASKED_LABOUR
    goods = gift.figure.split()
    while len(goods) > 1 and match_key(goods[-1]) in _ASKING_TAIL:  # “10 kg gạo ư”: the goods, never “ư”
        goods.pop()
    return " ".join(goods)


def _giving_word(body: str) -> list[str]:
    """The giving word `body` opens with (“ủng hộ 200k”: “ung”, “ho”), as `_word_keys` writes it; none: []."""
    keys = _word_keys(body.split())
    return next((list(giving) for giving in _GIVING_WORDS if keys[: len(giving)] == giving), [])


def _gift_after_need(text: str) -> str:
    """`text` without “cần”, “phải” (`_MUST_BARE`) before a gift with its figure (“cần ủng hộ 200k”): typed
    where the amount is asked, she is giving already, and says she needs to give that (decision 1821); at
    the menu the same words ask whether one must (`whether_to_give_asked`). `text` itself otherwise."""
    words = text.split()
    keys = _word_keys(words)
    for opening in sorted(_MUST_BARE, key=len, reverse=True):
        body = " ".join(words[len(opening) :])
        if tuple(keys[: len(opening)]) == opening and _giving_word(body):
            gift = typed_gift(body)
            return body if gift is not None and gift.kind is not None else text
    return text


def _asked_words(body: str) -> list[str]:
    """The words of `body` as `_word_keys` writes them, without the particles that end a question (“à”,
    “nhỉ”, “please”)."""
    keys = [key for key in _word_keys(body.split()) if key]
    while keys and keys[-1] in _ASKING_TAIL:
        keys = keys[:-1]
    return keys


def _must_asked_bare(body: str) -> str | None:
    """What “cần ủng hộ”, “can ung ho”, “phải ủng hộ à” ask about, the words after their opening being
    `body`: a giving word, then only goods or labour days named (“cần ủng hộ gạo”) and a particle; read as
    the question they are, never a gift nor a pledge (decision 1740). None for anything else after them."""
    keys = _asked_words(body)
    if any(keys == giving for giving in _GIVING_WORDS):
        return EXAMPLE_GIFT
    return _kind_asked(keys) if any(keys[: len(giving)] == giving for giving in _GIVING_WORDS) else None


def asks_whether_to_give(text: str) -> bool:
    return whether_to_give_asked(text) is not None


@flow.prompt("whether")
async def answer_whether_to_give(turn: Turn) -> None:
    """A question whether one must or may give, typed at the main menu (“cần ủng hộ 200k không”): giving is
    voluntary, and how to record the amount she named or an example; nothing begun (decision 1485)."""
    await _giving_is_voluntary(turn, whether_to_give_asked(turn.text or "") or EXAMPLE_GIFT)
    if not back_to_waiting(turn):
        go_home(turn)


def _slip_after_a_bare_figure(figure: str) -> bool:
    """Whether `figure` is a figure without its unit and, right after it, a slip owned or months counted
    (“200 sorry”, “500 oops”, “100 per month for 12 months”): money asked again, as after “200k”, never
    goods named so (decision 1239)."""
    words = figure.split()
    if len(words) < 2 or not words[0].isdigit():
        return False
    keys = [key for key in _word_keys(words[1:]) if key]
    opening = [keys, keys[1:]] if keys[:1] and keys[0] in _PARTICLES else [keys]  # “200 à nhầm”
    opens = any(
        said[:1]
        and (
            said[0] in _SLIP_WORDS or any(said[: len(phrase)] == phrase for phrase in (*_SORRY, *_EACH_MONTH))
        )
        for said in opening
    )
    return opens and (_slip_owned(words[1:]) or _months_counted(words[1:]))


def _before_destination(words: list[str]) -> list[str]:
    """The words before the first that says where the gift goes (never the first word itself)."""
    for at, word in enumerate(words[1:], start=1):
        if match_key(word) in _DESTINATION_WORDS:
            return words[:at]
    return words


_WORTH_WORDS = (("tri", "gia"), ("gia", "tri"))


def _before_worth(words: list[str]) -> list[str]:
    """The goods of “gạo 50 kg trị giá 1tr”, without the worth said after them (asked next, as for goods typed
    alone): the worth's figure would make the whole read as no goods' name (decision 0468). One thing's
    worth (“1 suất quà trị giá 500k”) stays, without “trị giá”: that gift's, as “1 suất quà 500k” (0814)."""
    keys = [match_key(word).strip(",;:()-") for word in words]
    for at in range(1, len(words) - 1):
        if (keys[at], keys[at + 1]) in _WORTH_WORDS:
            if keys[0] in _ONE and _reads_as_amount(" ".join(words[at + 2 :])):
                return [*words[:at], *words[at + 2 :]]
            return (
                [*words[: at - 1], words[at - 1].rstrip(",;:(-–")]
                if words[at - 1].rstrip(",;:(-–")
                else words[: at - 1]
            )
    return words


def _amount_alone(text: str) -> TypedGift | None:
    """“500k”, “1tr2”, “200.000đ” typed alone, as people type the amount after a receipt's photo, or said in
    words with its unit (“hai trăm nghìn”): an amount when the amount step would read it as one (or refuse
    it for its size, which it then says)."""
    figure = text.strip().rstrip(" .!?")
    if figure.startswith("+"):  # “+500k”: her one amount, as the amount step reads it (0465, 0480)
        figure = figure[1:].strip()
    if foreign_money(figure) is not None:  # “100 đô”, “$100” typed alone (decision 0701)
        return TypedGift("money", figure)
    if figure[:1].isdigit() and (before := _before_people(figure)) is not None:
        return TypedGift("money", before)  # “200k ba mươi người”, as with its giving word (decision 0999)
    # “100k bẩy”, “1tr hai vợ chồng” alone: which amount, asked as the gift's step asks it (decision 0911)
    read = _reads_as_amount(figure) or tenth_or_words(figure) is not None
    if figure[:1].isalpha() and names_money(figure):  # “hai trăm nghìn”, “nửa triệu”: said in words (0546)
        return TypedGift("money", figure) if read else None
    if not figure[:1].isdigit() or not _MORE_THAN_DIGITS.fullmatch(figure):
        return None
    return TypedGift("money", figure) if read else None


def amount_words(text: str) -> str:
    """The words of `text`, typed where an amount is asked, that hold the amount: as the menu reads a gift
    typed with its giving word or without it (“ung ho 300k”, “200k ba mươi người”, “300k gửi quỹ”: “300k”),
    so that the same words mean the same at the menu, the gift's amount and the treasurer's figure (decision
    0999); `text` itself where it holds no amount so read (its own answer then said)."""
    return _amount_in(as_given(text), text)


def _amount_in(gift: TypedGift | None, text: str) -> str:
    """`amount_words` of `text` read already (`as_given`) as `gift`."""
    return gift.figure if gift is not None and gift.kind == "money" and gift.figure else text


def as_given(text: str) -> TypedGift | None:
    """`text`, typed where a gift's figure is asked, read as the menu reads it with its giving word or without
    (“ung ho 300k”, “300k gửi quỹ”: as “ủng hộ 300k gửi quỹ”); None where it reads as no gift."""
    return typed_gift(text) or typed_gift(f"ủng hộ {text}")


def looks_like_gift(text: str) -> bool:
    return typed_gift(text) is not None


def gift_in_short_words(text: str) -> str | None:
    """`text` spelled out where it is a gift only so (“e ck 200k r”: “em chuyển khoản 200k rồi”, 200.000 ₫),
    its kind and figure said; None where the gift's reading takes it as typed, or it is no gift with a figure
    (“e ck r”, sent already, is 2314's). It got the menu's answer (decision 2440)."""
    if typed_gift(text) is not None or (spelled := spelled_out(text)) is None:
        return None
    gift = typed_gift(spelled)
    return spelled if gift is not None and gift.kind is not None and gift.figure else None


def looks_like_gift_in_short_words(text: str) -> bool:
    return gift_in_short_words(text) is not None


# Any day, for reading where a day worked stands in words typed alone at the menu (“2 ngay cong hom 5/12”);
# the day itself is read with the turn's day when the gift is (`read_typed_gift`).
_SHAPE_DAY = date(2024, 12, 31)


def _day_left_out(text: str) -> str:
    """`text` without the day worked typed with the days (“2 ngày công hôm 5/12”: decision 2107)."""
    return day_typed_with_gift(text, _SHAPE_DAY)[1]


def labour_days_alone(text: str) -> bool:
    """Labour days typed alone at the main menu with their own word, “công” (“2 ngày công”, “hai ngay cong”,
    “3 công”) or “labour” (“2 labour days”: decision 0293): asked whether to record them (decision 0236).
    “3 ngày” or “3 days” alone says no labour: not asked."""
    key = match_key(pictures_dropped(_day_left_out(text))).strip(" .!?")
    if (worked := _labour_then_work(key)) is not None:  # “2 ngay cong xay nha cho ba Nam” (decision 1361)
        return _days(worked) is not None  # “2 buổi khám”: sessions, never asked as days alone
    gift = _labour(key)
    return gift is not None and not {"cong", "labour"}.isdisjoint(key.split()) and _days(gift) is not None


# The particles after a gift typed alone that are only politeness (“chan 5 cai nhe”, “10 kg gạo ạ”), with
# their marks and without; never “à”, which asks (decision 2021).
_POLITE_AFTER_GOODS = frozenset({"ạ", "a", "nhé", "nhe", "nha", "nhá", "nhen", "ah"})


def _politeness_dropped(text: str) -> str:
    """`text` (pictures dropped) without the polite particles that end it (`_POLITE_AFTER_GOODS`): “chan 5
    cai nhe” is “chan 5 cai”, read as goods as the same words without it are (decision 2021). “nha” stays
    after a word that may be another without its marks (“sua 2 cai nha”: “sửa 2 cái nhà”, two houses)."""
    words = text.strip(" .!?").split()
    while len(words) > 1 and (last := words[-1].strip(".!?,").lower()) in _POLITE_AFTER_GOODS:
        if last == "nha" and may_be_another_word(words[0]):
            break
        words.pop()
    return " ".join(words)


def goods_alone(text: str) -> bool:
    """Known goods and how much of them typed alone at the main menu (“gao 10kg”, “10 kg gạo”), as a
    household names a gift of rice without a giving word: asked whether to record them, as labour days typed
    alone are (decision 0263); a polite particle after them is no part of them (“chan 5 cai nhe”, 2021)."""
    typed = _politeness_dropped(pictures_dropped(text))
    if typed_gift(text) is not None:
        return False
    if goods_joined_each_with_a_quantity(typed):  # “gạo 10kg và mì 2 thùng” (decision 1484)
        return True
    return goods_with_a_quantity(typed) or goods_then_purpose(typed) is not None  # “10kg gao an tet”


def gift_with_its_word(text: str) -> TypedGift | None:
    """A gift typed with its giving word (“ung ho 500k”, “đóng góp 2 ngày công”, “ủng hộ gạo 10 kg”) where a
    figure of something else is asked (a registration's: decision 0236); None for anything else, the figure
    alone (“500k”, “2 ngày công”) included, which answers such a question."""
    if _amount_alone(text) is not None:
        return None
    gift = typed_gift(text)
    if gift is None or gift.kind is None:
        return None
    if gift.kind == "money" and not _reads_as_amount(gift.figure):  # “ung ho quy 20k” read as goods
        return TypedGift("goods", gift.figure) if _kind_typed(gift) == "goods" else None
    return gift


def gift_days(gift: TypedGift) -> int | None:
    """The labour days of a gift typed as labour days (“2”, “hai”), or None when they do not read."""
    return _days(gift)


@flow.prompt("typed")
async def read_typed_gift(turn: Turn) -> None:
    """The gift typed at the main menu: its kind and figure filled in, said back, then the drive is chosen. A
    figure out of bounds gets the amount step's own answer and the person stays at the menu; one that reads
    as no amount at all (“góp 10 kg gạo”) starts the flow at its start."""
    text = gift_in_short_words(turn.text or "") or turn.text or ""  # “e ck 200k r”, spelled out (2440)
    worked, typed = day_typed_with_gift(text, turn.today)  # “2 ngày công hôm 5/12” (2107)
    gift = typed_gift(typed) if worked is not None else None
    if gift is None or gift.kind != "labour":  # a day said with money or goods is no day worked
        worked, typed = None, text
        gift = typed_gift(text)
    elif (refused := worked_refusal(turn, worked)) is not None:  # a day to come or of a closed year (2180)
        turn.say(refused)
        if not back_to_waiting(turn):
            go_home(turn)
        return
    turn.set(gift_words=text, worked=worked.isoformat() if worked else None)
    if _kin_not_hers(turn, text, gift):  # “Mẹ em ủng hộ 50k” from a staff member (0571)
        go_home(turn)
        return
    turn.set(which=None)  # two amounts asked of an earlier message are no question of this one
    if gift is not None and await _whether_to_give_answered(turn, gift):  # “ủng hộ 200k hay không?” (1438)
        if not back_to_waiting(turn):
            go_home(turn)
        return
    filled = _fill_in(turn, gift) if gift is not None and gift.kind is not None else None
    if filled is False and _which_kept(turn):  # “200k hay 300k”: answered where asked (decision 1380)
        return
    if filled is False:
        if not back_to_waiting(turn):
            go_home(turn)
        return
    if filled:
        _say_typed(turn)
    if turn.data.get("kind") == "labour":  # the work said after the days: the note if no other is given
        turn.set(work_said=work_said(typed))
    elif turn.data.get("kind") == "goods" and gift is not None:  # and what goods are for (decision 1401)
        turn.set(work_said=purpose_said(text, gift.figure))
    elif turn.data.get("kind") == "money":  # and how it was paid (decision 2301)
        turn.set(work_said=paid_said(text))
    turn.goto("give", "drive")


def _fill_in(turn: Turn, gift: TypedGift) -> bool | None:
    """The kind and figure of a gift typed whole put in the flow's data: True. False when its figure is out of
    bounds (said, as the amount's or the days' step says it); None when it reads as no gift after all (goods
    described at length): the usual questions are to follow."""
    if _salary_named(gift.figure):  # “ủng hộ 1 ngày lương”: how much that is, asked; never goods
        if (amount := _salary_amount(gift.figure)) is None:
            _ask_salary_in_dong(turn, gift.figure)
            return False
        gift = TypedGift("money", amount)  # “ủng hộ 1 ngày lương 350k”: the amount beside it
    if _one_at_a_time(turn, gift.figure):  # “100k và 20 đô”: two gifts, neither guessed (decision 0729)
        return False
    if not goods_read_one_way(turn, gift.figure):  # “mì tôm 2 thùng 5 gói”: which, asked (decision 1004)
        return False
    if (foreign := foreign_money(gift.figure)) is not None:  # “100 đô”: goods of its currency (0701)
        gift = TypedGift("goods", foreign)
    if gift.kind == "labour":
        if in_hours_or_sessions(gift.figure):  # “2 buổi lao động”: the rule said, the usual questions next
            turn.say(hours_make_days(turn.t))
            return None
        if (days := read_labour_days(turn, gift.figure)) is None:
            return False
        turn.set(kind="labour", amount=0, days=days, description=None, typed=True)
    elif gift.kind == "goods":
        turn.set(
            kind="goods",
            amount=0,
            days=0,
            description=goods_named(turn, gift.figure),
            typed=True,
            valued=False,
        )
    else:
        try:
            amount = parse_vnd(gift.figure, cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND)
        except MoneyError as problem:
            if problem.reason == "garbage" and hundreds_alone(gift.figure) is not None:
                turn.say(money_problem(turn.t, problem, turn.settings.money_cap))  # “ung ho nam tram”
                return False
            elif which_amount_asked(turn, gift.figure):  # “ủng hộ 200k cho quỹ 300k”: which? (1238)
                return False
            elif (
                problem.reason == "garbage"
                and _NAMES_A_THING.search(gift.figure)
                and not _slip_after_a_bare_figure(gift.figure)  # “ủng hộ 200 sorry”: money asked (1239)
                and not _opens_with_amount(gift.figure)  # “500k 2 lần”: money, its figure unread (0370)
                and not numbers_only(gift.figure)  # “2 chục 5”: money, its figure unread (0570)
                and not money_slang(gift.figure)  # “1.5 củ”, “2 xị”: money, asked in figures (0605)
                and tenth_or_words(gift.figure) is None  # “1 triệu hai vợ chồng”: which amount, asked (0851)
                and not _people_first(gift.figure)  # “2 người 100k”: money unread, no goods (0999)
            ):  # “góp 10 kg gạo”: goods
                worth = None
                if (goods := _goods_before_their_worth(gift.figure)) is not None:  # “5 suất quà 200k”
                    worth = _one_things_worth(turn, gift.figure, goods)  # “1 suất 500k”: its worth (0788)
                    gift = TypedGift("goods", goods)
                elif _money_beside_goods(gift.figure):  # “10kg gạo và 200k”: two gifts, asked one at a time
                    turn.say(
                        turn.t(
                            "Please record one gift at a time: goods and money are two gifts. For example, "
                            "type “donate 200k”, then “donate 10 kg rice”. Nothing was recorded."
                        )
                    )
                    return False
                if len(gift.figure) > GOODS_LIMIT:  # no goods are described that long: the usual questions
                    return None
                turn.set(
                    kind="goods",
                    amount=worth or 0,
                    days=0,
                    description=goods_named(turn, gift.figure),
                    typed=True,
                    valued=worth is not None,
                )
            else:  # “ủng hộ 1,5 triệu đô”: how to type dollars, kept at the drive's goods (0730)
                turn.say(money_problem(turn.t, problem, turn.settings.money_cap, foreign_kept=True))
                return False
        else:
            turn.set(kind="money", amount=amount, days=0, description=None, typed=True)
    return True


def gift_of_a_line(turn: Turn, words: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The gift `words` say (“50k”, “ung ho 2 kg gao”), read as a gift typed whole at the menu is
    (`_fill_in`), for a line of a paper list (handlers/gift_list.py): its kind, amount, days, description
    and whether valued; None with what the one-by-one reading would have said, when it reads as no gift or
    out of bounds. The chat's data and replies are left as they were."""
    gift = typed_gift(words)
    if gift is None or gift.kind is None:
        return None, []
    data, replies = turn.state.data, len(turn.replies)
    filled = _fill_in(turn, gift)
    said = [reply.text for reply in turn.replies[replies:]]
    read = {key: turn.data.get(key) for key in ("kind", "amount", "days", "description", "valued")}
    del turn.replies[replies:]
    turn.state.data = data
    return (read if filled else None), said


def _two_gifts(figure: str) -> tuple[str, str] | None:
    """The two gifts of a line's figure (`_one_at_a_time`) joining foreign money or gold to another gift
    (“100k và 20 đô”, “2 triệu và 1 chỉ vàng”, “100 đô và 5kg gạo”), or an amount of đồng to goods counted
    (“100 nghin va 5 kg gao”, either way round), each as typed; None for anything else. One whose đồng the
    treasurer writes is never added to another, nor the other to it (decision 0729); the money said first
    was kept as goods so named, out of the Fund's figures (decision 1640). A side longer than goods are
    described (`GOODS_LIMIT`) is no gift and never read: a line as long as a message, joined by “và”
    throughout, was read whole at each “và” (decision 1712)."""
    words = figure.split()
    ends = list(
        accumulate((len(word) + 1 for word in words), initial=0)
    )  # words[:n] joined: ends[n] - 1 long
    for at in range(1, len(words) - 1):
        if ends[at] - 1 > GOODS_LIMIT:  # no gift is typed that long: all before it is no gift (1712)
            break
        if match_key(words[at]) not in _AND_WORDS or ends[-1] - ends[at + 1] - 1 > GOODS_LIMIT:
            continue
        parts = (" ".join(words[:at]).rstrip(",;"), " ".join(words[at + 1 :]))
        if any(map(_valued_by_the_treasurer, parts)) and all(
            _valued_by_the_treasurer(part) or _reads_as_amount(part) or goods_with_a_quantity(part)
            for part in parts
        ):
            return parts
        if _money_and_goods(*parts) or _money_and_goods(*reversed(parts)):
            return parts
    return None


def _money_and_goods(money: str, goods: str) -> bool:
    """Whether `money` reads as an amount of đồng and `goods` as goods with their quantity, each only so."""
    return (
        _reads_as_amount(money)
        and not goods_with_a_quantity(money)
        and goods_with_a_quantity(goods)
        and not _reads_as_amount(goods)
    )


def _one_at_a_time(turn: Turn, text: str) -> bool:
    """Two gifts in one line, one of them foreign money or gold (`_two_gifts`), or dollars and đồng that a
    chat without marks cannot tell apart (“1 trieu do”: `dollars_or_dong`): said how to type each, and
    True; nothing is kept. False for anything else."""
    figure = (typed_gift(text) or TypedGift(None, text)).figure or text
    if (readings := dollars_or_dong(figure)) is not None:
        dollars, as_dong = readings
        turn.say(
            turn.t(
                "Is “{typed}” {dollars} or {dong}? Please type “{as_dong}” if it is đồng, or “{as_dong} USD” "
                "if it is dollars. Nothing was recorded."
            ).format(
                typed=figure,
                dollars=dollars,
                dong=turn.t.vnd(parse_vnd(as_dong, cap=sys.maxsize)),
                as_dong=as_dong,
            )
        )
        return True
    if unknown_currency(figure):  # “100 đô la Ma Cao”, “1000 bạt”: never USD nor goods (decision 0795)
        turn.say(
            turn.t(
                "“{typed}”: which country's money is this? Please type the figure with the currency's code, "
                "for example: 100 HKD or 1,000 THB (the treasurer writes the đồng received); or type the "
                "amount in đồng, for example: 500k. Nothing was recorded."
            ).format(typed=figure)
        )
        return True
    if (parts := _two_gifts(figure)) is None:
        return False
    turn.say(
        turn.t(
            "Please record one gift at a time: “{first}” and “{second}” are two gifts. For example, type "
            "“donate {first}”, then “donate {second}”. Nothing was recorded."
        ).format(first=parts[0], second=parts[1])
    )
    return True


def _money_beside_goods(figure: str) -> bool:
    """Whether goods typed (“10kg gạo và 200k”) have an amount of money after their first word: two gifts in
    one line, neither guessed (decision 0606)."""
    return names_an_amount(" ".join(figure.split()[1:]))


# Words joining a second gift to goods (“10kg gạo và 200k”, “… + 200k”, “… kèm 200k”), as they are compared.
_AND_WORDS = frozenset({"va", "cung", "voi", "kem", "them", "cong", "and", "plus", "+", "&"})
# “1 suất x 500k”: times, each one at that worth, as a target's packs are typed (decision 0787).
_TIMES = frozenset({"x", "X", "×", "*"})


def _goods_before_their_worth(figure: str) -> str | None:
    """The goods of goods typed with one amount as their last word, nothing joining it to them (“5 suất quà
    200k”: each pack's worth, or all of theirs, not guessed): their worth, asked next as for goods typed
    alone, never a second gift of money (decision 0628). None for anything else (“10kg gạo và 200k”)."""
    words = figure.split()
    for n in (1, 2, 3):  # “200k”, “2 triệu”, “1 triệu rưỡi”
        goods, worth = words[:-n], " ".join(words[-n:])
        if len(goods) < 2 or not worth[:1].isdigit() or not _MORE_THAN_DIGITS.fullmatch(worth):
            continue
        if not _reads_as_amount(worth) or names_an_amount(" ".join(goods)):
            continue
        if goods[-1][-1:] in ",;+&" or match_key(goods[-1]) in _AND_WORDS:
            return None
        if goods[-1] in _TIMES and len(goods) > 2:  # “1 suất x 500k”: “x” is no part of the goods (0814)
            goods = goods[:-1]
        return " ".join(goods)
    return None


# One thing, as its count is typed (“1 suất quà 500k”, “một con bò 20tr”): its worth is the gift's (0788).
_ONE = ("1", "mot")


def _one_things_worth(turn: Turn, figure: str, goods: str) -> int | None:
    """The worth typed after one thing (“1 suất quà 500k”, “một con bò 20tr”): that one's, the gift's, never
    asked again; None for more than one (“5 suất quà 200k”: each one's or all of theirs, asked) or a worth
    out of bounds, asked as before (decision 0788)."""
    if match_key(goods.split()[0]) not in _ONE:
        return None
    worth = figure[len(goods) :].split()
    if worth and worth[0] in _TIMES:  # “1 suất x 500k”
        worth = worth[1:]
    try:
        return parse_vnd(" ".join(worth), cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND)
    except MoneyError:
        return None


def _typed_words(turn: Turn) -> str:
    return describe(
        turn.t, turn.data["kind"], turn.data["amount"], turn.data["days"], turn.data["description"]
    )


def _say_typed(turn: Turn) -> None:
    what = _typed_words(turn)
    turn.say(
        turn.t("{name} gives {what}.").format(name=subject_name(turn), what=what)
        if acting_for(turn)  # typed at the officer's choice for a household (handlers/behalf.py)
        else turn.t("You want to give {what}.").format(what=what)
    )


@flow.prompt("days_alone")
async def ask_days_alone(turn: Turn) -> None:
    """“2 ngày công” typed alone at the main menu (decision 0236): no giving word, so asked, never started
    unasked; Yes goes on as “ủng hộ 2 ngày công” typed there would."""
    typed = match_key(pictures_dropped(_day_left_out(_typed_alone(turn)))).strip(" .!?")
    gift = _labour(typed)
    if gift is None and (gift := _labour_then_work(typed)) is not None:
        typed = pictures_dropped(_day_left_out(_typed_alone(turn))).strip(" .!?")  # the work as typed
    days = _days(gift) if gift is not None else None
    if days is None:
        go_home(turn)
        return
    if _day_left_out(said := _typed_alone(turn)) != said:  # the day worked goes on with the days (2107)
        typed = pictures_dropped(said).strip(" .!?")
    _ask_alone(turn, typed, describe(turn.t, "labour", 0, days, None))


def _typed_alone(turn: Turn) -> str:
    """The gift typed alone at the main menu; when its question is drawn again with no answer typed (a
    language switched there, decision 0141), the words kept from the first time: they were lost."""
    return turn.inbound.text if turn.inbound.text is not None else turn.data.get("alone_typed") or ""


def _ask_alone(turn: Turn, typed: str, what: str) -> None:
    """A gift typed alone at the main menu, without a giving word (“2 ngày công”, “gao 10kg”): asked whether
    to record `what`, the words kept for the answer (`_gift_alone`)."""
    turn.set(alone_typed=typed)
    turn.menu(
        turn.t("Record a gift of {what}?").format(what=what),
        [
            Choice(YES, turn.t("Yes, record {what}").format(what=what), keywords=YES_WORDS, led=True),
            Choice(NO, turn.t("No"), keywords=NO_WORDS, led=True),
        ],
    )


async def _gift_alone(turn: Turn) -> None:
    """Yes to `_ask_alone`: read as the words typed with their giving word would be; anything else, home."""
    typed = turn.data.get("alone_typed") or ""
    if turn.choice != YES or not typed:
        go_home(turn)
        return
    turn.set(alone_typed=None)
    turn.inbound = replace(turn.inbound, text=f"ủng hộ {typed}")  # as if typed with its giving word
    await read_typed_gift(turn)


@flow.answer("days_alone")
async def got_days_alone(turn: Turn) -> None:
    await _gift_alone(turn)


@flow.prompt("goods_alone")
async def ask_goods_alone(turn: Turn) -> None:
    """Goods typed alone at the main menu (“gao 10kg”): asked, never started unasked; Yes goes on as “ủng hộ
    gạo 10kg” typed there would."""
    typed = _politeness_dropped(pictures_dropped(_typed_alone(turn)))
    whole = goods_with_a_quantity(typed) or goods_joined_each_with_a_quantity(typed)
    goods = typed if whole else goods_then_purpose(typed) or typed  # “10kg gao an tet”
    if not goods_read_one_way(turn, goods):  # “2 thùng 5 gói mì tôm”: which, asked (decision 1004)
        go_home(turn)
        return
    _ask_alone(turn, typed, describe(turn.t, "goods", 0, 0, goods_named(turn, goods)))


@flow.answer("goods_alone")
async def got_goods_alone(turn: Turn) -> None:
    await _gift_alone(turn)


def forwarded_from_the_bank(text: str) -> bool:
    """A bank's message pasted or forwarded at the main menu, the amount transferred signed “+” in it (“TK
    0123456789 +500,000 VND … SD 5,000,000 VND ND: ung ho quy”): Zalo marks no forward (decision 0477), or
    signed “-” as the giver's own bank writes it (“TK 0123 -500,000VND … ND: ung ho quy”: 0605); or a
    message naming its writer and one amount: a friend's (“Chị Lan ủng hộ 500k nhé”, decision 0491), or her
    own (“Chị Hoa …” from Hoa, “Anh Ba nhà em …”: decision 0507): told apart at the step."""
    cap = 2**63
    return banks_amount(text, cap=cap) is not None or named_writers_gift(text, cap=cap) is not None


def _own_name(turn: Turn) -> str:
    """The writer's name, to tell “Em Hoa ủng hộ 500k” or “Chị Võ Thị Hoa …” from Hoa apart (0507)."""
    return turn.person.full_name if turn.person else ""


def _named_gift_of_her_own(turn: Turn, text: str) -> int | None:
    """The one amount of a message naming its writer (`named_writers_gift`) where that writer is she herself
    or one of her household (“Chị Hoa ủng hộ 500k” from Hoa, “Anh Ba nhà em ủng hộ 500k”), or where an
    officer records for a household, whose message it may well be: her gift, as “ủng hộ 500k” typed would
    be. None for anything else, a friend's message forwarded included (decisions 0491, 0507)."""
    amount = named_writers_gift(text, cap=turn.settings.money_cap)
    if amount is None or (not acting_for(turn) and names_someone_else(text, own_name=_own_name(turn))):
        return None
    return amount


async def _households_own_named(turn: Turn, text: str) -> str | bool | None:
    """The gift's words of a line naming the household with its gift (“nha ong Sau ung ho 40k”), typed by the
    household's own account where its amount is asked and its own name on the list: read as at the main menu
    (handlers/behalf.py `read_named`), its last look saying whose it is (0527). Another household's name so
    typed (“ho ong Tran Van Tu ung ho 20k”): the menu's answer said, nothing taken, the amount asked again,
    and True (0529). None for anything else."""
    household = turn.person if is_household(turn) else None
    if household is None or acting_for(turn) or (with_gift := named_with_a_gift(text)) is None:
        return None
    if not await names_its_own_household(turn, with_gift[0], household):
        if may_open_acting_for(await actor_of(turn)):  # an officer's own account: as at the menu (0509)
            return None
        say_not_its_households_name(turn, with_gift, household)
        turn.repeat_menu()
        return True
    turn.set(named_household=household.full_name)
    return with_gift[1]


async def _another_ones_gift_said(turn: Turn, text: str) -> bool:
    """A message naming its writer (“Ông Tư ủng hộ 50k”, “Trần Văn Tư: ủng hộ 50k”) typed where an officer
    records for a household or person, its writer another of that unit on the list (Hộ ông Trần Văn Tư, the
    officer recording for Hộ ông Hoàng Văn Sáu): said whose it reads as, nothing taken, the amount asked
    again, never that other's gift put on the one chosen. A name that is nobody else's there stays the
    gift of the one chosen (“Ông Sáu …”, “Bà Lan …”: 0507). The officer's own name (“Chị Hiền …” from Hiền)
    is her own gift, of whatever unit she is: said so, nothing taken (decisions 0526, 0530)."""
    named = writers_name(text)
    for_id = turn.data.get("for_id")
    if named is None or not for_id or donor_unit(turn) is not None:
        return False
    if (amount := named_writers_gift(text, cap=turn.settings.money_cap)) is None:
        return False
    subject = await turn.session.get(Person, for_id)
    if subject is None or subject.unit_id is None or not names_someone_else(text, own_name=subject.full_name):
        return False
    if not names_someone_else(text, own_name=_own_name(turn)):  # “Chị Hiền …” from Hiền: her own gift
        turn.say(
            turn.t(
                "This message names you, not {subject}: nothing was taken from it. If the gift is "
                "{subject}'s, please type only its amount, for example: {example}. If it is your own "
                "contribution, type "
                "/cancel and choose “{entry}” in the menu."
            ).format(
                subject=subject.full_name,
                example=turn.t.number(amount),
                entry=turn.t("Record a contribution"),
            )
        )
        turn.repeat_menu()
        return True
    among = (Person.unit_id == subject.unit_id) & (Person.id != subject.id) & Person.left_on.is_(None)
    others = [
        person
        for person in await find_by_name(turn.session, named, among, limit=MAX_MATCHES)
        if not names_someone_else(text, own_name=person.full_name)
    ]
    if not others:
        return False
    turn.say(
        turn.t(
            "This message names {name}, not {subject}: nothing was taken from it. If the gift is "
            "{subject}'s, please type only its amount, for example: {example}. If it is {name}'s, record it "
            "for them (“{entry}” in the menu)."
        ).format(
            name=", ".join(person.full_name for person in others[:3]),
            subject=subject.full_name,
            example=turn.t.number(amount),
            entry=turn.t("Record for a household or someone else"),
        )
    )
    turn.repeat_menu()
    return True


def _someone_elses_gift_said(turn: Turn, example: str) -> bool:
    """A friend's message forwarded (“Chị Lan ủng hộ 500k nhé”; Zalo marks no forward) where her own gift is
    asked: said kindly that only her own gift is recorded here, her friend records hers herself (or an
    officer for her), with how to type it were it hers; nothing kept (decision 0491). False for any other
    text, and where an officer records for someone (whose message it may well be)."""
    if acting_for(turn):
        return False
    amount = someone_elses_gift(turn.text or "", cap=turn.settings.money_cap, own_name=_own_name(turn))
    if amount is None:
        return False
    turn.say(
        turn.t(
            "This looks like someone else's message (forwarded?): Chung Tay records only your own "
            "contribution here, so it takes no amount from it. If {amount} is yours, please type: "
            "{example}. Whoever sent it can record their own in Chung Tay, or ask an officer to record it "
            "for them."
        ).format(amount=turn.t.vnd(amount), example=example.format(amount=turn.t.number(amount)))
    )
    return True


@flow.prompt("forwarded")
async def said_how_to_record_the_transfer(turn: Turn) -> None:
    """A bank's message at the main menu: how to record the gift, with the amount it says was transferred as
    the example; its account and balance never read back, nothing kept of it; the menu again (0477). A
    friend's message: whose gift is recorded here, and how hers would be typed (0491)."""
    officers = someone_elses_gift(turn.text or "", cap=turn.settings.money_cap, own_name=_own_name(turn))
    if officers is not None and await seeks_the_named_writer(turn, officers):  # “Ông Sáu …”: sought (0528)
        return
    if _someone_elses_gift_said(turn, turn.t("donate {amount}")):
        go_home(turn)
        return
    if (own := _named_gift_of_her_own(turn, turn.text or "")) is not None:  # “Chị Hoa …” from Hoa (0507)
        turn.inbound = replace(turn.inbound, text=f"ủng hộ {own}")  # as if typed with its giving word
        if is_household(turn):  # “Ông Sáu …”: whose, at the last look
            turn.set(named_household=turn.person.full_name)
        await read_typed_gift(turn)
        return
    amount = banks_amount(turn.text or "", cap=turn.settings.money_cap)
    if amount is None:  # too large to be a gift: the menu's own answer
        turn.not_an_option()
        return
    example = turn.t("donate {amount}").format(amount=turn.t.number(amount))
    turn.say(
        turn.t(
            "This looks like a message from your bank: Chung Tay keeps nothing of it. To record your gift, "
            "please type it with its amount, for example: {example}. A screenshot of the bank's message can "
            "go as evidence next."
        ).format(example=example)
    )
    go_home(turn)


@flow.prompt("photo")
async def read_photo_first(turn: Turn) -> None:
    """A photo sent at the main menu: the receipt sent before the amount, as people send a transfer's
    screenshot to a group. It is kept as the contribution's evidence, the usual questions follow (a caption
    that reads as a gift, “ck 500k” aside, fills in its figure as if typed at the menu) and the photo step is
    not asked again. Nothing is recorded before the last look."""
    if (kept := evidence_photo(turn)) is None:  # too large: said; the photo step will ask again
        turn.goto("give", "drive")
        return
    caption = turn.inbound.photo.caption if turn.inbound.photo else None
    if not caption:  # her gift's receipt, sent later? (1278) That step reads what waits; none: a new gift
        turn.set(photo=kept, note=None)
        turn.goto("give", "receipt_of")
        return
    gift = typed_gift(caption) if caption else None
    turn.say(_photo_thanks(turn))
    if gift is not None and gift.kind is not None:
        turn.inbound = replace(turn.inbound, text=caption)
        await read_typed_gift(turn)
        if turn.data.get("typed"):  # a figure out of bounds leaves at the menu, the photo not kept
            turn.set(photo=kept)
        return
    turn.set(photo=kept, note=caption if caption and len(caption) <= MAX_FREE_TEXT else None)
    turn.goto("give", "drive")


async def _waiting_for_this_photo(turn: Turn) -> list[Contribution]:
    """The gifts a photo sent at the main menu without words may be the receipt of: the latest the sender
    wrote down (hers, or a household's she recorded for it) still waiting without one
    (`waiting_for_a_receipt`), those she may still add it to (`access.may_add_receipt`). Her screenshot sent
    three hours after her gift began a second gift (decision 1278)."""
    if turn.person is None or acting_for(turn):
        return []
    actor = await actor_of(turn)
    waiting = await waiting_for_a_receipt(turn.session, turn.person, now=turn.now, limit=RECEIPT_OFFERS)
    return [entry for entry in waiting if may_add_receipt(actor, entry)]


async def _recorded_for_her_by(turn: Turn, entry: Contribution) -> str | None:
    """The name of whoever recorded `entry` for the sender, when someone else did (her cash a hamlet
    officer took): the code alone in her notice is no gift she knows (decision 1641)."""
    if (
        turn.person is None
        or entry.person_id != turn.person.id
        or entry.recorded_by in (None, turn.person.id)
    ):
        return None
    recorder = await turn.session.get(Person, entry.recorded_by)
    return recorder.full_name if recorder is not None else None


async def _whose(turn: Turn, entry: Contribution) -> str | None:
    """The name of the one `entry` was recorded for, when not the sender herself (a household's cash)."""
    if turn.person is None or entry.person_id == turn.person.id:
        return None
    giver = await turn.session.get(Person, entry.person_id)
    return giver.full_name if giver is not None else None


@flow.prompt("receipt_of")
async def ask_receipt_of(turn: Turn) -> None:
    waiting = await _waiting_for_this_photo(turn)
    if not waiting:  # none waiting, or decided or given a photo meanwhile: a new gift, as a photo at the menu
        _photo_begins_a_gift(turn)
        return
    if len(waiting) == 1:
        entry = waiting[0]
        whose = await _whose(turn, entry)
        recorder = await _recorded_for_her_by(turn, entry)
        what = {
            "ref": entry.ref,
            "what": entry_words(turn.t.locale, entry),
            "date": turn.t.date(entry.created_at),
        }
        if recorder is not None:  # her cash, taken and written down by the hamlet's officer (1641)
            question = turn.t(
                "Is the photo you just sent the receipt of your gift {ref}, which {name} recorded for you "
                "({what}, {date})?"
            )
        elif whose is None:
            question = turn.t("Is the photo you just sent the receipt of {ref} ({what}, {date})?")
        else:
            question = turn.t("Is the photo you just sent the receipt of {ref} for {name} ({what}, {date})?")
        question = question.format(**what, name=recorder or whose)
        choices = [
            Choice(
                f"r{entry.id}",
                turn.t("Yes, add it to this one"),
                keywords=(*YES_WORDS, "ck roi", "chuyen khoan roi", "da ck", "da ck roi"),
                led=True,
            ),
            Choice(
                NEW_GIFT, turn.t("No, record a new gift"), keywords=(*NO_WORDS, *NEW_GIFT_WORDS), led=True
            ),
        ]
    else:
        question = turn.t(
            "Which of these gifts waiting for the treasurer is the photo you just sent the receipt of? If it "
            "is for a new gift, please choose “Record a new gift”."
        )
        choices = []
        for entry in waiting:
            whose = await _whose(turn, entry)
            line = f"{entry.ref} · {turn.t.date(entry.created_at)} · {entry_words(turn.t.locale, entry)}"
            choices.append(Choice(f"r{entry.id}", line if whose is None else f"{line} · {whose}"))
        choices.append(Choice(NEW_GIFT, turn.t("Record a new gift"), keywords=NEW_GIFT_WORDS))
    turn.menu(question, [*choices, back_choice(turn.t)], takes_photo=True, photo_of=RECEIPT)


@flow.answer("receipt_of")
async def got_receipt_of(turn: Turn) -> None:
    """Yes (or the gift chosen): the photo, and an album's others, kept as that gift's evidence while it
    waits, nothing else changed; a new gift: on as a photo at the menu goes; Back: nothing kept. Another
    photo sent here goes beside it, an album's or one sent alone (the bank app's second page: decision
    1668), and the question is asked again."""
    if turn.inbound.photo is not None and turn.choice is None:
        if (kept := evidence_photo(turn)) is not None and _one_more_of_the_album(turn, kept) is None:
            _keep_alone(turn, kept)  # the bank app's second page goes beside the first (decision 1668)
        turn.repeat_menu()
        return
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    entry_id = picked_id(turn, "r")
    if entry_id is None:
        _photo_begins_a_gift(turn)
        return
    entry = await turn.session.get(Contribution, entry_id)
    actor = await actor_of(turn)
    if entry is None or not may_add_receipt(actor, entry):  # decided, or put in another's name, meanwhile
        if entry is not None:
            turn.say(await no_receipt_now(turn, actor, entry))
        go_home(turn)
        return
    kept = {evidence.sha256 for evidence in await evidence_of(turn.session, entry.id)}
    receipts = [receipt for receipt in receipts_of(turn) if receipt.sha256 not in kept]
    assert turn.person is not None
    await attach_receipts(turn.session, entry, receipts, uploaded_by=turn.person, now=turn.now)
    turn.say(later_receipt_thanks(turn, entry.ref), keep=True)
    go_home(turn)


async def no_receipt_now(turn: Turn, actor: Actor | None, entry: Contribution) -> str:
    """Why a photo no longer goes with `entry`, asked of it before: decided meanwhile, said with how it
    stands to its giver and recorder; put in another's name meanwhile, only that it is not hers, since
    whether it was received is its new giver's (`access.may_hear_its_outcome`, decision 1692)."""
    if entry.status != "recorded" and may_hear_its_outcome(actor, entry):
        return turn.t(
            "{ref} is no longer waiting ({status}): no photo is needed for it now. Thank you!"
        ).format(ref=entry.ref, status=entry_status(turn.t, entry, commune=await in_commune(turn)))
    return turn.t("This gift is not one you may add a receipt to.")


def _photo_thanks(turn: Turn, which: str = "kept") -> str:
    """The thanks for a receipt's photo: `kept` with the gift, or `with_others`, of a set sent together or
    sent after the photo before (decision 1575). A household's own gift says its photo goes with the gift,
    never “minh chứng”, as its photo is asked (decisions 1446, 1566); staff and an officer recording keep
    their word."""
    if is_household(turn):
        return {
            "kept": turn.t("Thank you, the photo will be sent with your gift."),
            "with_others": turn.t("Thank you, this photo goes with your gift together with the ones before."),
        }[which]
    return {
        "kept": turn.t("Thank you, the photo will go with your contribution as evidence."),
        "with_others": turn.t(
            "Thank you, this photo goes with the others sent with it as the contribution's evidence."
        ),
    }[which]


def later_receipt_thanks(turn: Turn, ref: str) -> str:
    """The thanks for a receipt sent later for a gift that waits (at “which gift is it for?” or at the
    treasurer's request): a household's own in its words, its receipt's photo and its gift's number, as its
    first photo is thanked (`_photo_thanks`; decisions 1566, 1669)."""
    if is_household(turn):
        text = turn.t(
            "Thank you! The photo of the receipt now goes with your gift, its number {ref}, which waits for "
            "the treasurer."
        )
    else:
        text = turn.t("Thank you! The photo is kept as the evidence of {ref}, which waits for the treasurer.")
    return text.format(ref=ref)


def _photo_begins_a_gift(turn: Turn) -> None:
    """The photo sent at the menu as the evidence of a gift recorded now: its drive asked next."""
    turn.say(_photo_thanks(turn))
    turn.goto("give", "drive")


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    subject = await subject_of(turn)
    if subject is None:
        return
    drives = await open_drives(
        turn.session, subject.org_id, turn.today, unit_id=giving_unit(turn, subject), every_unit=False
    )
    if turn.data.get("typed"):  # a gift typed at the menu: only the drives that take its kind
        drives = [
            d for d in drives if turn.data["kind"] in (d.kinds or ALL_KINDS) or _given_as_money(turn, d)
        ]
    bank = turn.data.get("bank") or {}  # a credit of the bank's statement whose words name a drive (0298)
    named = drive_named(bank.get("note") or bank.get("description") or "", drives) if bank else None
    # a gift typed at the menu whose words name a drive (“ung ho tet 300k”): listed first too (decision 1341)
    said = (
        drive_said(turn.data.get("gift_words") or "", drives) if turn.data.get("typed") and not bank else None
    )
    named = named or said
    if named is not None:
        drives = [named, *(d for d in drives if d.id != named.id)]
    if turn.data.get("typed") and not bank and not acting_for(turn):  # her appeal's drive closed since (2720)
        await _say_appeals_drive_closed(turn, subject, drives)
    if (
        named is None
        and turn.data.get("typed")
        and not bank
        and not turn.data.get("fund_decided")  # once: gone back to, the drives are listed
        and (fund := _the_funds_one_drive(turn, drives))
    ):
        turn.set(drive_id=fund.id, fund_said=True, fund_decided=True)  # said on the last look (2861)
        await _on_from_the_drive(turn)
        return
    general = Choice(
        GENERAL,
        fund_title(turn.t),
        keywords=fund_words([d.title for d in drives], (*FUND_WORDS, "quy vi nguoi ngheo")),
    )
    fund_first = named is None and _no_funds_drive_running(turn, drives)
    # the Fund named, none of its drives running: the Fund before those ended (decision 2815)
    ended = [d for d in drives if fund_first and d.ends_on < turn.today]
    choices = [
        *(Choice(f"d{d.id}", drive_label(turn.t, d, turn.today)) for d in drives if d not in ended),
        general,
        *(Choice(f"d{d.id}", drive_label(turn.t, d, turn.today)) for d in ended),
        back_choice(turn.t),
    ]
    question = (
        turn.t("Which drive is {name} giving to?").format(name=subject_name(turn))
        if acting_for(turn)
        else turn.t("Which drive is this contribution for?")
    )
    if fund_first:
        where = turn.t(
            "No drive of the Fund is running today. Choose {fund} and the gift goes to the Fund for the Poor "
            "of {year}, outside any drive, shown on its own public statement."
        )
        question += "\n" + where.format(fund=quoted(fund_title(turn.t)), year=turn.today.year)
    if named is not None:  # named as every sentence names a drive: a title with quotes is not quoted again
        listed = (
            turn.t("You named {drive}: it is listed first.")
            if said is not None
            else turn.t("The transfer's words name {drive}: it is listed first.")
        )
        question += "\n" + listed.format(drive=drive_in_sentence(turn.t.locale, named.title))
    # the gift typed here (“2tr” after its photo) is read below, and a receipt sent here kept (`_photo_ahead`)
    turn.menu(question, choices, entries=True, takes_photo=True)


@flow.photo_with_words
def keep_receipt(turn: Turn) -> None:
    """A receipt's photo sent at the drive's or the kind's question (the receipt sent first, as at the main
    menu): kept as this gift's evidence and said so, so that the photo step is not asked, one sent alone after
    it beside it (decision 1630); a photo too large is said. Its words, if any (“500k”, “Tiền”), are then read
    as typed there (decisions 0274, 0285)."""
    if (kept := evidence_photo(turn)) is None:
        return
    if (together := _one_more_of_the_album(turn, kept)) is None:
        _keep_alone(turn, kept)
    elif together != SET_FULL:
        turn.say(_photo_thanks(turn))


def _photo_ahead(turn: Turn) -> bool:
    """A photo without words sent at the drive's or the kind's question: kept (`keep_receipt`) and the
    question asked again; True when so. One with words never reaches here: the engine has the flow keep it
    and reads its words."""
    if turn.inbound.photo is None or turn.choice is not None:
        return False
    keep_receipt(turn)
    turn.repeat_menu()
    return True


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    if _photo_ahead(turn):
        return
    if turn.choice is None:  # typed, naming no drive
        await _gift_at_the_drive(turn)
        return
    if turn.choice == BACK_ID:
        if not back_to_waiting(turn):
            go_home(turn)
        return
    turn.set(drive_id=picked_id(turn, "d"), fund_said=None)
    if not turn.data.get("typed"):
        turn.goto("give", "kind")
        return
    await _on_from_the_drive(turn)


# A quarter (“quý 4”, “quy IV” without marks) or “quý” with its mark (“chị Quý”, “quý IV”): words that fold to
# the Fund's “quy” and are not it (decision 2883). “quy” alone without marks stays the Fund's word.
_NOT_THE_FUND = re.compile(r"(?<= )(?:qu[yý] (?:[1-4]|i{1,3}|iv)(?= )|qu[ýỳỷ]\w*(?= ))")


def _the_funds_one_drive(turn: Turn, drives: list[Drive]) -> Drive | None:
    """The one drive of the Fund for the Poor running today among those a typed gift may go to, where its
    words name the Fund (“ung ho 100k cho quy”, “góp 1tr quỹ vì người nghèo”): the drive she means, as the
    Fund's drive is where a gift to the Fund goes while one runs; None with none or two of them, and for one
    ended that still takes late gifts (decision 2861, after 0146)."""
    if not _names_the_fund(turn):
        return None
    funds = [drive for drive in drives if drive.fund and drive.ends_on >= turn.today]  # running, not late
    return funds[0] if len(funds) == 1 else None


def _names_the_fund(turn: Turn) -> bool:
    """Whether the words of a gift typed at the menu name the Fund (“quỹ”, “vì người nghèo”), whole words.
    “quý” with its marks is no Fund: “quý này”, “quý 4” a quarter, “chị Quý” a name (decisions 2883, 2889)."""
    typed = re.sub(r"[^\w]+", " ", (turn.data.get("gift_words") or "").lower())
    typed = _NOT_THE_FUND.sub(" ", f" {typed} ")
    words = f" {fold(typed)} "
    return any(f" {said} " in words for said in ("quy", "fund", "vi nguoi ngheo", "for the poor"))


def _no_funds_drive_running(turn: Turn, drives: list[Drive]) -> bool:
    """A gift typed at the menu naming the Fund while no drive of the Fund runs today (one ended may still
    take late gifts): the Fund outside the drives before any ended drive, where it goes said (2815)."""
    if not turn.data.get("typed") or turn.data.get("bank") or not _names_the_fund(turn):
        return False
    return not any(drive.fund and drive.ends_on >= turn.today for drive in drives)


async def _on_from_the_drive(turn: Turn) -> None:
    """The kind and figure were typed at the menu and the drive is chosen: on to the value or the note."""
    subject = await subject_of(turn)
    if subject is not None and await _drive_takes(turn, subject):
        if (drive := await chosen_drive(turn)) is not None and _given_as_money(turn, drive):
            turn.say(
                turn.t(
                    "{drive} takes money only: the gift is recorded in money, {amount}, the price of {goods}."
                ).format(
                    drive=sentence(drive_in_sentence(turn.t.locale, drive.title)),
                    amount=turn.t.vnd(turn.data["amount"]),
                    goods=turn.data["description"],
                )
            )
            turn.set(kind="money", description=None, valued=False)
        _value_or_note(turn)  # goods: their value first


def _given_as_money(turn: Turn, drive: Drive) -> bool:
    """Whether the one thing typed with its price (“1 suất 500k”, decision 0788) goes to `drive`, which takes
    money and not goods, as that price in money: a Tết drive's appeal asks “mỗi người 1 suất 500.000đ” of
    colleagues whose union buys the packs (decision 0815)."""
    kinds = drive.kinds or ALL_KINDS
    return (
        turn.data.get("kind") == "goods"
        and bool(turn.data.get("valued"))
        and "goods" not in kinds
        and "money" in kinds
    )


async def _gift_at_the_drive(turn: Turn) -> None:
    """The gift typed where the drive is asked, as people type the amount after sending the receipt's photo
    (“2tr”, “500 nghin”, “3 ngay cong”) or type it again to put it right (“ung ho 2 trieu” after “ung ho
    2tr”): its figure is filled in as at the menu and said back (with the one it replaces), and the drive is
    asked again, among those that take it; a photo already sent stays its evidence. A figure out of bounds is
    said and the question stays. Anything else, or any figure for a credit of the bank's statement (its
    figure is the bank's), is read as a main-menu entry's name, or answered “please choose”."""
    text = turn.text
    gift = _gift_typed_here(text)
    if gift is None or gift.kind is None or turn.data.get("bank"):
        if await _asked_with_no_gift(turn):  # “ủng hộ được không”: answered, the drive asked again (1656)
            turn.repeat_menu()
        elif _sent_already_answered(turn, drive_asked=True):  # “da chuyen khoan roi”: how to record it (2843)
            return
        elif not await entry_typed(turn, by_number=False):
            turn.not_an_option()
        return
    before = _typed_words(turn) if turn.data.get("typed") else None
    turn.set(which=None)
    if await _whether_to_give_answered(turn, gift):  # “ủng hộ 200k hay không?”: a question, no gift (1438)
        turn.repeat_menu()
        return
    filled = _fill_in(turn, gift)
    if filled is False and _which_kept(turn):  # “ủng hộ 200k hay 300k” at the drive (decision 1380)
        return
    if not filled:
        if filled is None:
            turn.not_an_option()
        else:
            turn.repeat_menu()
        return
    if before is not None and before != (after := _typed_words(turn)):
        turn.say(turn.t("Changed: {new} instead of {old}.").format(new=after, old=before))
    else:
        _say_typed(turn)
    turn.goto("give", "drive")


def _sent_already_answered(turn: Turn, *, drive_asked: bool) -> bool:
    """Words saying with no figure that it was sent already (“da chuyen khoan roi”, “em gửi rồi ạ”), typed
    where a gift's drive or kind is asked: told how to record it there, the question kept, nothing recorded;
    True when so (decisions 2843, 2859)."""
    if not _says_sent_already(turn.text or ""):
        return False
    if drive_asked:
        turn.say(
            turn.t(
                "If you have sent it already, choose the drive below, then type the amount you sent to "
                "record it, for example: 200k."
            )
        )
    else:
        turn.say(
            turn.t("If you have sent it already, type the amount you sent to record it, for example: 200k.")
        )
    turn.repeat_menu()
    return True


def _says_sent_already(text: str) -> bool:
    """“Tôi đã chuyển khoản rồi” with no figure, as the main menu reads it (handlers.progress, decision 0546);
    imported here, as handlers.progress imports this module."""
    from handlers.progress import says_sent_already, says_sent_in_short_words

    return says_sent_already(text) or says_sent_in_short_words(text)


def _gift_typed_here(text: str) -> TypedGift | None:
    """A gift typed at the drive's or the kind's question, as at the menu, or without its giving word: the
    figure first (“3 ngay cong”, “1 tan gao”) or known goods before their quantity (“gao 2kg”, as “gao
    10kg” is read at the menu: it was “please choose” where “2 kg gao” was read; decision 0392)."""
    gift = typed_gift(text)
    if gift is None and (text.strip()[:1].isdigit() or goods_alone(text) or names_gold(text)):
        gift = typed_gift(f"ủng hộ {text}")  # “nửa chỉ vàng” too (decision 0728)
    return gift


async def _drive_takes(turn: Turn, subject: Person) -> bool:
    """The drive chosen (if any) still takes gifts from `subject`; when not, said, and the drive is asked
    again."""
    drive = await chosen_drive(turn)
    unit_id = donor_unit(turn)
    if turn.data.get("drive_id") and (
        drive is None or refusal_to_give(drive, subject, turn.today, unit_id=unit_id)
    ):
        await _drive_unavailable(turn)
        return False
    return True


async def _drive_unavailable(turn: Turn) -> None:
    """The drive chosen takes no gift from her now: one closed or over says so, its title and its day, as a
    gift typed after its appeal is told (decision 2720); any other reason is said as before. The drive is
    asked again, among those open."""
    drive = await chosen_drive(turn)
    if drive is None or not _told_closed(turn, drive):
        turn.say(
            turn.t(
                "That drive does not take contributions from you now (it is closed, over, or for other "
                "units). Please choose another drive or the Fund for the Poor."
            )
        )
    turn.set(drive_id=None)
    turn.goto("give", "drive")


def closed_line(t: Translator, drive: Drive, today: date) -> str | None:
    """“Đợt vận động “Quà Tết …” đã đóng ngày 18/12/2026.”: a drive closed before its last day, by the day it
    was closed in Vietnam; one past its last day (closed after it or not), “… đã kết thúc ngày 31/12/2026.”;
    None for a drive still open (decision 2720)."""
    named = sentence(drive_in_sentence(t.locale, drive.title))
    closed_on = local_date(drive.closed_at) if drive.closed_at is not None else None
    if closed_on is not None and closed_on < drive.ends_on:
        return t("{drive} closed on {date}.").format(drive=named, date=t.date(closed_on))
    if closed_on is not None or drive.ends_on < today:
        return t("{drive} ended on {date}.").format(drive=named, date=t.date(drive.ends_on))
    return None


async def _say_appeals_drive_closed(turn: Turn, subject: Person, drives: list[Drive]) -> None:
    """A gift typed after the latest appeal she was sent, whose drive has closed since: the close said in one
    line before what is open is offered, once (decision 2720). An open drive, or one she is offered, says
    nothing."""
    drive = await last_asked_drive(turn.session, subject.id)
    if drive is None or turn.data.get("told_closed") == drive.id or any(d.id == drive.id for d in drives):
        return
    _told_closed(turn, drive)


def _told_closed(turn: Turn, drive: Drive) -> bool:
    """Whether `drive` is closed or over (`closed_line`); if so, said, and kept as told (`told_closed`), not
    to be said again in this gift (decision 2720)."""
    if (closed := closed_line(turn.t, drive, turn.today)) is None:
        return False
    turn.say(closed)
    turn.set(told_closed=drive.id)
    return True


@flow.prompt("kind")
async def ask_kind(turn: Turn) -> None:
    subject = await subject_of(turn)
    if subject is None:
        return
    if not await _drive_takes(turn, subject):  # "Give now" on an appeal whose drive closed since
        return
    if not acting_for(turn):
        await _gave_before(turn, subject)
    kinds = await _kinds_taken(turn)
    if len(kinds) == 1:
        # a drive of one kind (money, days of work or goods alone): the kind is not asked, its figure is
        # (decisions 1776, 1805)
        turn.set(kind=kinds[0], valued=False)
        turn.goto("give", KIND_STEP[kinds[0]])
        return
    turn.menu(
        turn.t("What is {name} contributing?").format(name=subject_name(turn))
        if acting_for(turn)
        else turn.t("What are you contributing?"),
        [
            *(Choice(k, kind_label(turn.t, k), keywords=KIND_WORDS[k]) for k in kinds),
            back_choice(turn.t),
        ],
        entries=True,
        takes_photo=True,  # a receipt sent here is kept for the gift (`_photo_ahead`)
    )


async def _gave_before(turn: Turn, subject: Person) -> None:
    """One line before the question, once for the drive chosen: what she gave to it already and where each
    stands (“Ủng hộ ngay” pressed from a reminder or an appeal after she gave): her own, hers to see. She
    may give again (docs/decisions/0515)."""
    drive_id = turn.data.get("drive_id")
    if not drive_id or turn.data.get("told_gave") == drive_id:
        return
    gifts = await own_gifts_to(turn.session, subject.id, int(drive_id))
    turn.set(told_gave=drive_id)
    drive = await chosen_drive(turn)
    if not gifts or drive is None:
        return
    lines = [
        turn.t("You already gave to {drive}:").format(drive=drive_in_sentence(turn.t.locale, drive.title))
    ]
    commune = await in_commune(turn)
    shown = gifts[-GAVE_SHOWN:]
    by_officers = await officers_confirm(turn.session, shown)  # a lone treasurer's own (decision 2620)
    for g in reversed(shown):  # the latest first
        what = clipped(g.description, GAVE_GOODS_CLIP, at_word=True) if g.description else g.description
        status = own_status(turn.t, g, commune=commune, by_officers=g.id in by_officers)
        lines.append(f"• {describe(turn.t, g.kind, g.amount_vnd, g.labour_days, what)} ({status})")
    if len(gifts) > GAVE_SHOWN:
        more = len(gifts) - GAVE_SHOWN
        more_gifts = turn.t.plural("and {n} more gift.", "and {n} more gifts.", more)
        lines.append(more_gifts.format(n=turn.t.number(more)))
    turn.say("\n".join(lines))


async def _kinds_taken(turn: Turn) -> list[str]:
    """The kinds of gift the chosen drive takes (all of them for the Fund)."""
    drive = await chosen_drive(turn)
    return [k for k in ALL_KINDS if drive is None or k in (drive.kinds or ALL_KINDS)]


async def _foreign_kept(turn: Turn) -> bool:
    """Whether foreign money typed here is kept (`_foreign`: the drive takes goods), so that a figure of it
    not read is told how to type it, not that đồng only are taken (decisions 0730, 0765)."""
    return "goods" in await _kinds_taken(turn)


@flow.answer("kind")
async def got_kind(turn: Turn) -> None:
    if _photo_ahead(turn):
        return
    # the kind asked again (“Quay lại” from the amount): how money was paid, said with an amount typed
    # before, is no note of goods or labour days chosen now (decision 2345)
    turn.set(work_said=None)
    if turn.choice is None and _salary_named(turn.text):  # “1 ngày lương”: money, its figure asked
        if await _kind_not_taken(turn, "money"):
            return
        turn.set(kind="money")
        if (typed := _salary_amount(turn.text)) is None:
            _ask_salary_in_dong(turn, turn.text)
            turn.goto("give", "amount")
        elif (amount := read_money(turn, cap=turn.settings.money_cap, text=typed)) is None:
            turn.goto("give", "amount")  # the amount's problem said: asked for again
        else:  # “350k (1 ngày lương)”: the amount beside it
            turn.set(amount=amount, days=0, description=None)
            turn.goto("give", "note")
        return
    if turn.choice is None and _one_at_a_time(turn, turn.text):  # “100k và 20 đô” (decision 0729)
        turn.repeat_menu()
        return
    if turn.choice is None and await _foreign(turn, turn.text):  # “100 euro”, as at the amount (0728)
        return
    if turn.choice is None:  # typed, naming no kind: the gift itself, read as if typed at the menu
        worked, typed = day_typed_with_gift(turn.text or "", turn.today)  # “2 ngày công hôm 10/1” (2107)
        gift = _gift_typed_here(typed) if worked is not None else None
        if _kind_typed(gift) != "labour":
            worked, gift = None, _gift_typed_here(turn.text)
        elif worked is not None and await worked_refused(turn, worked):
            turn.repeat_menu()
            return
        turn.set(worked=worked.isoformat() if worked else None)
        kind = _kind_typed(gift)
        if await _kind_not_taken(turn, kind):
            return
        if gift is None or kind not in await _kinds_taken(turn):
            if kind is None and _sent_already_answered(turn, drive_asked=False):  # “da chuyen roi” (2859)
                return
            if not await entry_typed(turn, by_number=False):  # else a main-menu entry's name, as at the menu
                turn.not_an_option()
            return
        turn.set(kind=kind, valued=False)
        if kind in ("goods", "labour"):  # “10 kg gạo”: its value next; “2 ngày công”: on to the note
            _goods_or_days(turn, kind, gift.figure)
        elif (
            amount := read_money(
                turn, cap=turn.settings.money_cap, text=gift.figure, foreign_kept=await _foreign_kept(turn)
            )
        ) is None:
            turn.goto("give", "amount")  # “500k” is money; the amount's problem said: asked for again
        else:
            turn.set(amount=amount, days=0, description=None)
            turn.goto("give", "note")
        return
    if turn.choice == BACK_ID:
        turn.goto("give", "drive")
        return
    turn.set(kind=turn.choice, valued=False)  # a worth typed with an earlier gift is not this one's (0788)
    turn.goto("give", KIND_STEP[turn.choice or "money"])


async def _kind_not_taken(turn: Turn, kind: str | None) -> bool:
    """Money (“200k”, “tien mat”) or another kind the chosen drive does not take, typed where the kind is
    asked: said, with the way to give it (Back, another drive or the Fund), and the question again."""
    typed = match_key(pictures_dropped(turn.text)).strip(" .!?")
    kind = kind or next((k for k, words in KIND_WORDS.items() if typed in words), None)
    taken = await _kinds_taken(turn)
    if kind is None or kind in taken:
        return False
    turn.say(
        turn.t(
            "This drive takes only {kinds}. To give {kind}, choose “Back” and pick another drive or {fund}."
        ).format(
            kinds=", ".join(kind_label(turn.t, k).lower() for k in taken),
            kind=kind_label(turn.t, kind).lower(),
            fund=fund_title(turn.t),
        )
    )
    turn.repeat_menu()
    return True


def _goods_or_days(turn: Turn, kind: str, figure: str) -> None:
    """Goods (“10 kg gạo”: their value asked next) or labour days (“2 ngày công”: on to the note) typed as
    the gift, where the kind or the amount was asked. How money was paid, said with an amount typed before
    (“100k tiền mặt”, then “Quay lại”), is no note of these (decision 2345)."""
    turn.set(kind=kind, work_said=None)
    if kind == "goods":
        turn.set(description=goods_named(turn, figure), days=0)
        _value_or_note(turn)
    elif (days := read_labour_days(turn, figure)) is None:
        turn.goto("give", "days")  # the days' problem said: asked for again
    else:
        turn.set(days=days, amount=0, description=None)
        turn.goto("give", "note")


def _someone_elses_message(turn: Turn, figure: str) -> bool:
    """A bank's SMS or a friend's message forwarded where the amount is asked (several amounts in it, or one
    written as a bank credits it): no amount is taken from it, nor goods named after it (its account number
    and balance with them); said kindly, and the amount asked again (decision 0445). Her own gift in parts
    (“500k + 200k tiền mặt”) is told how to record two, not asked if it was forwarded (decision 0471)."""
    try:
        parse_vnd(figure, cap=turn.settings.money_cap)
    except MoneyError:
        if _someone_elses_gift_said(turn, "{amount}"):  # a friend's “Chị Lan ủng hộ 500k nhé” (0491)
            turn.repeat_menu()
            return True
        if _meant_not_the_other(figure) is not None:
            return False  # “500k chứ không phải 50k”: one amount, the other denied (decision 1131)
        if which_amount_asked(turn, figure):  # “200k cho quỹ 300k”: one of them meant, asked which (1238);
            turn.repeat_menu()  # “200k cho quỹ 300.000” too, its second amount with no unit (1266)
            return True
        if not names_others_amounts(figure) and banks_amount(figure, cap=2**63) is None:
            return False  # “GD:-500,000 So du:…”, no currency in it, is a bank's too (decision 0658)
        if names_her_split(figure):  # her own gift in parts: how to record them, never “forwarded?”
            _one_amount_at_a_time(turn)
            return True
        turn.say(
            turn.t(
                "This message names several amounts, or one as a bank's message writes it (forwarded from "
                "the bank or from someone else?): Chung Tay takes no amount from it. Please type the amount "
                "you are giving, for example: 500k. A screenshot of the bank's message can go as evidence "
                "next."
            )
        )
        turn.repeat_menu()
        return True
    return False


async def _not_money(turn: Turn, figure: str, gift: TypedGift | None) -> bool:
    """Goods or labour days typed where the amount is asked (“10 kg gạo”, “2 thùng mì”, “2 ngày công”), read
    as `gift` (`as_given`: “ủng hộ 300k” stays money), the drive taking them: taken as such, as the kind's
    question takes them (decision 0202), and said. False for anything else, the amount's own answer to
    give."""
    if names_foreign_currency(figure):  # “$20” is money in another currency, never goods (decision 0562)
        return False
    kind = _kind_typed(gift)
    if gift is None or kind not in ("goods", "labour") or kind not in await _kinds_taken(turn):
        return False
    what = gift.figure if kind == "goods" else figure
    said = turn.t("“{what}” is not an amount of money: it is recorded as {kind}.")
    turn.say(said.format(what=what, kind=kind_label(turn.t, kind).lower()))
    _goods_or_days(turn, kind, gift.figure)
    return True


def _salary_named(text: str) -> bool:
    return bool(_SALARY.search(fold(text)))


def _salary_amount(text: str) -> str | None:
    """The amount typed beside the salary named (“1 ngày lương 350k”, “lương hưu 2tr”): the words left once
    the salary's are taken out, when they read as an amount; None when the salary alone was named."""
    rest = _SALARY_WORDS.sub(" ", fold(text)).strip(" ,.;:-=+()")
    return rest if rest and _reads_as_amount(rest) else None


def _ask_salary_in_dong(turn: Turn, what: str) -> None:
    """A salary typed as the gift: how much it is, in đồng (the amount's question comes next, or again)."""
    said = turn.t("How much money is “{what}”? Please type the amount, for example: 350k or 1tr2.")
    turn.say(said.format(what=nfc(" ".join(what.split()))))


def _kind_typed(gift: TypedGift | None) -> str | None:
    """The kind of a gift typed where the kind is asked: an amount (“500k”) is money, labour days (“2 ngày
    công”) labour, and goods named with their quantity (“10 kg gạo”) goods; None for anything else."""
    if gift is None or gift.kind is None:
        return None
    if gift.kind == "money" and not _reads_as_amount(gift.figure) and hundreds_alone(gift.figure) is None:
        if numbers_only(gift.figure) or tenth_or_words(gift.figure) is not None:
            return "money"  # “2 chục 5”, “100k hai mẹ con”: money, its figure asked again (0570, 0851)
        if _slip_after_a_bare_figure(gift.figure):
            return "money"  # “200 sorry”: money, asked again as “200k sorry” is (decision 1239)
        if _opens_with_amount(gift.figure) or _people_first(gift.figure):  # “100k/người”, “2 người 100k”:
            return None  # money unread, never goods (decision 0999)
        named = _NAMES_A_THING.search(gift.figure) and len(gift.figure) <= GOODS_LIMIT
        if money_slang(gift.figure) or _money_beside_goods(gift.figure):  # “1.5 củ”, “10kg gạo và 200k”
            return None  # never goods so named: asked in figures (decisions 0605, 0606)
        return "goods" if named and not names_money(gift.figure) else None  # “1 rưỡi”: money cut short
    return gift.kind


@flow.prompt("amount")
async def ask_amount(turn: Turn) -> None:
    drive = await chosen_drive(turn)
    level = (
        turn.t("\nSuggested level: {level}").format(level=drive.suggested_level)
        if drive and drive.suggested_level
        else ""
    )
    question = (
        turn.t("How much is {name} giving? For example: 200000, 500k or 1tr2.").format(
            name=subject_name(turn)
        )
        if acting_for(turn)
        else turn.t("How much are you giving? For example: 200000, 500k or 1tr2.")
    )
    _ask_figure(turn, question + level, asks_number=True)  # the receipt first: `_figure_or_photo`


def _ask_figure(turn: Turn, question: str, *, asks_number: bool = False) -> None:
    """The amount, the goods or the days of a gift asked, with “Quay lại” as the kind's, the worth's and the
    note's questions have (decisions 1805, 1878): a photo sent first is kept (`_figure_or_photo`). A number
    typed is the figure (`asks_number`); without buttons “• Quay lại” stands under it with no line on how to
    choose: the one option is typed as it reads, and nothing numbered is there to pick by mistake (1943)."""
    turn.menu(question, [back_choice(turn.t)], free_text=True, asks_number=asks_number, takes_photo=True)


async def _figure_back(turn: Turn) -> bool:
    """“Quay lại” at the amount, the goods or the days, pressed or typed: to the kind where it was asked, to
    the drive where the drive takes one kind, whose kind was not asked (decisions 1776, 1805, 1878); the
    gift's figure forgotten."""
    if turn.choice != BACK_ID:
        return False
    turn.set(amount=None, days=None, description=None, valued=False, caption_figure=None)
    turn.goto("give", "drive" if len(await _kinds_taken(turn)) == 1 else "kind")
    return True


def _figure_or_photo(turn: Turn) -> str | None:
    """The text that holds the figure asked for: the message's, or, when a photo came instead (the receipt
    sent before the amount, as at the main menu), its caption, the photo kept as the evidence (the evidence
    step is then not asked). None when no figure came yet: a photo without a caption is kept, and the
    question asked again."""
    photo = turn.inbound.photo
    if photo is None:
        return turn.text
    keep_receipt(turn)  # a photo too large: said, its words still read
    if photo.caption:
        return photo.caption
    turn.repeat_menu()
    return None


@flow.answer("amount")
async def got_amount(turn: Turn) -> None:
    if await _figure_back(turn):
        return
    if (figure := _figure_or_photo(turn)) is None:
        return
    figure = _the_one_picked(turn, figure)  # “cái sau” after “200.000 ₫ hay 300.000 ₫?” (decision 1336)
    if _salary_named(figure):
        if (typed := _salary_amount(figure)) is None:
            _ask_salary_in_dong(turn, figure)
            turn.repeat_menu()
            return
        figure = typed  # “lương hưu 2tr”, “1 ngày lương 350k”: the amount beside it
    if (signed := figure.strip()).startswith("+") and _reads_as_amount(signed[1:].strip()):
        figure = signed[1:].strip()  # “+500k”: her one amount, not a bank's message (decision 0465)
    if (own_household := await _households_own_named(turn, figure)) is True:
        return  # another household's name with its gift: not this one's (decision 0529)
    if isinstance(own_household, str):
        figure = own_household  # “nha ong Sau ung ho 40k” from Sáu's household: its gift (decision 0527)
    if await _another_ones_gift_said(turn, figure):  # “Ông Tư …” for Sáu's household: Tư's (0526)
        return
    if (own := _named_gift_of_her_own(turn, figure)) is not None:
        figure = str(own)  # “Em Hoa xin ủng hộ 500k” from Hoa: her own figure (decision 0507)
    if _one_at_a_time(turn, figure):  # “100k và 20 đô”: two gifts, never goods so named (decision 0729)
        turn.repeat_menu()
        return
    if _someone_elses_message(turn, figure) or await _foreign(turn, figure):
        return
    figure = _gift_after_need(figure)  # “cần ủng hộ 200k”: she needs to give 200k (decision 1821)
    gift = as_given(figure)  # read once, as the menu reads it (0999)
    if await _not_money(turn, figure, gift):
        return
    if gift is not None and _kin_not_hers(turn, figure, gift):
        return  # “bo em ung ho 500k”, “200k của mẹ em” on a staff member's account: not hers (0571, 0999)
    # “200k không”, typed or under the receipt's photo (kept): asked, not given (decisions 1547, 1657)
    if gift is not None and await _whether_to_give_answered(turn, gift, turn.text or figure):
        if gift.kind == "money" and _reading_of(gift.figure) is not None:
            # her answer to her own question, yes or no, under a receipt's photo or typed (1742, 1822)
            turn.set(caption_figure=gift.figure, caption_photo=turn.inbound.photo is not None)
            turn.goto("give", "caption")
            return
        turn.repeat_menu()
        return
    figure = _amount_in(gift, figure)  # “ung ho 300k”, “200k ba mươi người”: as at the menu (0999)
    kept = await _foreign_kept(turn)
    amount = read_money(turn, cap=turn.settings.money_cap, text=figure, foreign_kept=kept)
    if amount is None:
        return
    turn.set(amount=amount, days=0, description=None, which=None, caption_figure=None, caption_photo=None)
    turn.set(work_said=paid_said(turn.text or figure))  # “100k tiền mặt”: the note if no other (2301)
    turn.goto("give", "note")


@flow.prompt("caption")
async def ask_caption_amount(turn: Turn) -> None:
    """A receipt captioned “200k không” at the amount step asked whether 200.000 ₫ will do, and was told
    giving is voluntary (decision 1657): whether to record that amount with the photo is asked as a yes or
    a no, so that “có”, “ừ” or “không” answer it as at every other such question (decision 1742). “200k
    không” typed without a photo is asked the same, the photo unsaid (decision 1822)."""
    amount = _reading_of(turn.data.get("caption_figure") or "")
    if amount is None:  # nothing kept to ask about (a state saved before the step): the amount asked
        turn.goto("give", "amount")
        return
    what = turn.t.vnd(amount)
    turn.menu(
        (
            turn.t("Do you want to record {amount}, with the photo you just sent as its evidence?")
            if turn.data.get("caption_photo", True)
            else turn.t("Do you want to record {amount}?")  # “200k không” typed, no photo (1822)
        ).format(amount=what),
        [
            Choice(YES, turn.t("Yes, record {what}").format(what=what), keywords=YES_WORDS, led=True),
            Choice(NO, turn.t("No"), keywords=no_words(), led=True),
        ],
        entries=True,
    )


@flow.answer("caption")
async def got_caption_amount(turn: Turn) -> None:
    """Yes: the caption's amount taken as if typed, on to the last look with its photo; No: the amount asked,
    the photo still kept; an amount typed instead is read as at the amount step (decision 1742)."""
    figure = turn.data.get("caption_figure") or ""
    if turn.choice == YES and figure:
        turn.inbound = replace(turn.inbound, text=figure)
    elif turn.choice in (YES, NO):
        turn.set(caption_figure=None, caption_photo=None)
        turn.goto("give", "amount")
        return
    await got_amount(turn)


@flow.prompt("goods")
async def ask_goods(turn: Turn) -> None:
    example = await _drives_goods_example(turn)
    if example is None:
        asked = (
            turn.t("What is {name} giving? For example: 10 kg of rice, 5 warm jackets.")
            if acting_for(turn)
            else turn.t("What are you giving? For example: 10 kg of rice, 5 warm jackets.")
        )
    else:
        asked = (
            turn.t("What is {name} giving? For example: {example}.")
            if acting_for(turn)
            else turn.t("What are you giving? For example: {example}.")
        )
    _ask_figure(  # a photo of the goods, “gao 10kg” its caption: `_figure_or_photo`
        turn,
        asked.format(name=subject_name(turn) if acting_for(turn) else "", example=example),
    )


async def _drives_goods_example(turn: Turn) -> str | None:
    """The example of the goods the chosen drive's title names (“Mì tôm cho bà con vùng lũ”: “5 thùng mì”),
    in the reader's language; None where it names none the examples know, or no drive is chosen: rice and
    warm jackets then, as before (decision 1820)."""
    drive_id = turn.data.get("drive_id")
    drive = await turn.session.get(Drive, int(drive_id)) if drive_id else None
    kind = goods_example(drive.title) if drive is not None else None
    return None if kind is None else _goods_examples(turn)[kind]


def _goods_examples(turn: Turn) -> dict[str, str]:
    """Each example of goods (`goods_words.goods_example`'s kinds), in the reader's language, as typed back
    they read as goods (decisions 1820, 1895)."""
    return {
        "rice": turn.t("10 kg of rice"),
        "noodles": turn.t("5 cartons of instant noodles"),
        "notebooks": turn.t("20 notebooks"),
        "books": turn.t("20 books"),
        "jackets": turn.t("5 warm jackets"),
        "clothes": turn.t("10 sets of clothes"),
        "blankets": turn.t("5 blankets"),
        "oil": turn.t("5 litres of cooking oil"),
        "milk": turn.t("10 cartons of milk"),
        "water": turn.t("10 cases of drinking water"),
    }


async def _asked_goods_example(turn: Turn, said: str) -> str:
    """The example of goods shown where she asks whether she may give goods, no drive chosen yet: of the
    goods she named (“ủng hộ chăn được không”: “5 cái chăn”), else of the goods named by the one drive running
    today that takes goods, the drive she is most likely to give to (“Áo ấm mùa đông …”: “5 áo ấm”), else
    rice, as before (decision 1895). Recorded for a household or someone else, the drives are theirs, as
    the drive's question lists them (`giving_unit`, decision 1954), not the officer's unit's. Read without a
    word: whether she may still record for them is said as the gift goes on (`subject_of`), never beside an
    example (decision 1986)."""
    kind = goods_example(said) or _unmarked_goods_asked(said)
    giver = await _recorded_for(turn) or turn.person
    if kind is None and giver is not None:
        drives = await open_drives(
            turn.session, giver.org_id, turn.today, unit_id=giving_unit(turn, giver), every_unit=False
        )
        running = [d for d in drives if d.ends_on >= turn.today and "goods" in (d.kinds or ALL_KINDS)]
        kind = goods_example(running[0].title) if len(running) == 1 else None
    return _goods_examples(turn)[kind or "rice"]


async def _recorded_for(turn: Turn) -> Person | None:
    """The household or person this chat records for, read without a word, for the drives its question
    lists; None for oneself and for a donor from outside (their unit is `giving_unit`'s)."""
    for_id = turn.data.get("for_id")
    if not for_id or donor_unit(turn) is not None:
        return None
    return await turn.session.get(Person, for_id)


def _unmarked_goods_asked(said: str) -> str | None:
    """The goods of a question whether she may give them, one word typed without the marks they are read
    only with (“ung ho chan duoc khong”: blankets), as `goods_words.goods_asked_alone` reads it; None for
    anything else (decision 1936)."""
    question = _the_question_asked(said, opened=True, marked=True)
    keys = question[0] if question is not None else _asked_words(said)
    after = next(
        (
            keys[at + len(giving) :]
            for at in range(len(keys))
            for giving in _GIVING_WORDS
            if keys[at : at + len(giving)] == giving
        ),
        [],
    )
    return goods_asked_alone(after[0], said) if len(after) == 1 else None


@flow.answer("goods")
async def got_goods(turn: Turn) -> None:
    if await _figure_back(turn):
        return
    if (typed := _figure_or_photo(turn)) is None:
        return
    description = free_text(turn, limit=GOODS_LIMIT, text=typed)
    if description is None:
        return
    if match_key(description).strip(" .!?") in SKIP_WORDS:  # the step before offered “Skip”: not goods
        turn.say(
            turn.t(
                "This question cannot be skipped: please type what you are giving, for example: 10 kg of "
                "rice. To stop, type /cancel."
            )
        )
        turn.repeat_menu()
        return
    said = match_key(pictures_dropped(description)).strip(" .!?")
    kind = next((k for k, words in KIND_WORDS.items() if k != "goods" and said in words), None)
    if kind is not None and kind not in await _kinds_taken(turn):  # “tien mat” asked goods alone (1776)
        _kind_refused(turn, description, kind)
        return
    if _one_at_a_time(turn, description):  # “2 triệu và 1 chỉ vàng”: never one gift of gold (0729)
        turn.repeat_menu()
        return
    gift = _gift_phrase(description)  # “ủng hộ 100 đô” too
    foreign = foreign_money(description) or (foreign_money(gift.figure) if gift is not None else None)
    if foreign is not None:  # “100 USD”, “$100”: goods of its currency, its đồng the treasurer's (0701)
        description = foreign
    elif gift is not None and gift.kind != "goods":
        await _not_goods(turn, description, gift)
        return
    elif gift is not None:  # “ủng hộ gạo 10 kg”, as at the menu: the goods in it
        description = gift.figure
    if not goods_read_one_way(turn, description):  # “mì tôm 2 thùng 5 gói”: which, asked (decision 1004)
        turn.repeat_menu()
        return
    turn.set(description=goods_named(turn, description), days=0)  # “1 tan gao”: “1 tấn gạo” (0257)
    _value_or_note(turn)


async def _not_goods(turn: Turn, typed: str, gift: TypedGift) -> None:
    """An amount (“200k”) or labour days (“2 ngày công”) typed where the goods are asked, as the amount's
    step takes goods (`_not_money`): taken as such and said, the drive taking them; else said, with the way
    to give them, and the goods asked again. Never goods called “200k” (decision 0229)."""
    if gift.kind not in await _kinds_taken(turn):
        _kind_refused(turn, typed, gift.kind or "money")
        return
    kind = kind_label(turn.t, gift.kind or "money").lower()
    turn.say(turn.t("“{what}” is not goods: it is recorded as {kind}.").format(what=typed, kind=kind))
    if gift.kind == "labour":
        _goods_or_days(turn, "labour", gift.figure)
        return
    turn.set(kind="money")
    # at the goods: foreign money is kept here, and a figure of it not read told how to type it (0766)
    if (amount := read_money(turn, cap=turn.settings.money_cap, text=gift.figure, foreign_kept=True)) is None:
        turn.goto("give", "amount")  # the amount's problem said: asked for again
        return
    turn.set(amount=amount, days=0, description=None)
    turn.goto("give", "note")


def _kind_refused(turn: Turn, typed: str, kind: str) -> None:
    """Money or labour days (“200k”, “tien mat”) typed where the goods are asked, the drive not taking them:
    said, with the way to give them, and the goods asked again."""
    label = kind_label(turn.t, kind).lower()
    turn.say(
        turn.t(
            "“{what}” is {kind}, not goods, and this drive does not take {kind}. "
            "Please type the goods, for example: 10 kg of rice "
            "(to give {kind}, type /cancel and choose another drive or {fund})."
        ).format(what=typed, kind=label, fund=fund_title(turn.t))
    )
    turn.repeat_menu()


async def _foreign(turn: Turn, figure: str) -> bool:
    """A foreign currency typed where the amount is asked (“$200”, “100 đô”): recorded as goods of that
    currency and figure, its đồng written by the treasurer (decision 0701), the drive taking goods; a drive of
    money only says so, with an example in đồng and where the foreign money is kept (decision 0797). False
    for anything else."""
    said = foreign_money((typed_gift(figure) or TypedGift(None, figure)).figure or figure)
    if said is None:
        return False
    if "goods" not in await _kinds_taken(turn):
        turn.say(
            turn.t(
                "This drive takes money in đồng only. Please type the amount in đồng, for example: 500k or "
                "1tr2; to record {what}, type /cancel and record it to {fund} (the treasurer writes the đồng "
                "received). Nothing was recorded."
            ).format(what=said, fund=fund_title(turn.t))
        )
        turn.repeat_menu()
        return True
    turn.set(kind="goods", days=0, description=said)
    _value_or_note(turn)
    return True


def _valued_by_the_treasurer(description: str) -> bool:
    """Foreign money (“100 USD”) or gold (“1 chỉ vàng”): what it is worth in đồng is what the bank credits or
    the gold fetches that day, which the giver cannot know; the treasurer writes it when confirming
    (decisions 0701, 0702)."""
    return foreign_money(description) is not None or names_gold(description)


def _value_or_note(turn: Turn) -> None:
    """After the gift's figure: for goods their value asked; for foreign money or gold never guessed, said who
    writes it, and on to the photo or note, the value left unknown until the treasurer's confirmation."""
    description = turn.data.get("description") or ""
    if turn.data.get("kind") != "goods":  # money or labour days: their figure is in already
        turn.goto("give", "note")
        return
    if turn.data.get("valued"):  # “1 suất 500k”: its worth typed with it (decision 0788)
        turn.goto("give", "note")
        return
    if not _valued_by_the_treasurer(description):
        turn.goto("give", "value")
        return
    turn.set(amount=0)
    if foreign_money(description) is not None:
        said = turn.t(
            "You are recording {what}; the treasurer will write the đồng actually received when confirming."
        )
    else:
        said = turn.t(
            "You are recording {what}; the treasurer will write its value in đồng when confirming (or leave "
            "it “value not known”)."
        )
    turn.say(said.format(what=description))
    turn.goto("give", "note")


@flow.prompt("value")
async def ask_value(turn: Turn) -> None:
    ask_goods_value(turn, back=True)  # Back: to what the goods are, as the note's Back comes here


@flow.answer("value")
async def got_value(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # the goods were a slip: asked again, the drive and the kind kept
        turn.goto("give", "goods")
        return
    amount = read_goods_value(turn)
    if amount is None:
        return
    turn.set(amount=amount)
    turn.goto("give", "note")


@flow.prompt("days")
async def ask_days(turn: Turn) -> None:
    _ask_figure(  # “TIEN DO” typed here is that entry, not a wrong number of days; a photo of the work first
        turn,
        turn.t("How many labour days does {name} give? For example: 2.").format(name=subject_name(turn))
        if acting_for(turn)
        else turn.t("How many labour days? For example: 2."),
        asks_number=True,
    )


@flow.answer("days")
async def got_days(turn: Turn) -> None:
    if await _figure_back(turn):
        return
    if (figure := _figure_or_photo(turn)) is None:
        return
    worked, figure = day_typed_with_gift(figure, turn.today)  # “1 ngày hôm 5/12”: the day too (2107)
    if worked is not None and await worked_refused(turn, worked):
        return
    days = read_labour_days(turn, figure)
    if days is None:
        return
    turn.set(days=days, amount=0, description=None, worked=worked.isoformat() if worked else None)
    turn.goto("give", "note")


@flow.prompt("note")
async def ask_note(turn: Turn) -> None:
    # The receipt came first, at the menu, or the gift is a credit of the bank's statement (its note the
    # transfer's description): on to the last look.
    if turn.data.get("photo") or turn.data.get("bank"):
        turn.goto("give", "confirm")
        return
    photo_of = RECEIPT  # what a file or a sticker sent here is asked for instead (decisions 0794, 0807)
    # a household's own gift is asked in its words, a photo of the paper receipt, never “minh chứng” (1446)
    household = is_household(turn)
    if donor_unit(turn) is not None:  # a donor from outside: their phone or a note goes only in the ledger
        question = turn.t(
            "You may send a photo of the transfer or the handover as evidence, type the donor's phone or a "
            "note for the treasurers' ledger (the public statement never shows it), or choose “Skip”."
        )
    elif turn.data.get("kind") == "labour":  # no receipt for a day's work: a photo of it
        photo_of = DAY
        if household:
            question = turn.t(
                "If you like, send a photo of the work done, or type a few words (where, what was done); "
                "or choose “Skip”."
            )
        else:
            question = turn.t(
                "You may send a photo of the work as evidence (with a caption if you like), type a note "
                "(where, what was done), or choose “Skip”."
            )
    elif turn.data.get("kind") == "goods":  # rice or clothes: a photo of them, or of what was signed for them
        if household:
            question = turn.t(
                "If you like, send a photo of the goods or of the paper receipt, or type a few words; or "
                "choose “Skip”."
            )
        else:
            question = turn.t(
                "You may send a photo of the goods or of their receipt as evidence (with a caption if you "
                "like), type a note, or choose “Skip”."
            )
    elif household:
        question = turn.t(
            "If you like, send a photo of the paper receipt or of the bank transfer, or type a few words; or "
            "choose “Skip”."
        )
    else:
        question = turn.t(
            "You may send a photo of the receipt or transfer as evidence (with a caption if you like), "
            "type a note, or choose “Skip”."
        )
    turn.menu(
        question,
        [Choice(SKIP, turn.t("Skip"), keywords=(*SKIP_WORDS, *NO_WORDS, *DONE_WORDS)), back_choice(turn.t)],
        free_text=True,
        takes_photo=True,
        photo_of=photo_of,
    )


# “ghi chu la gi?”, “khong biet ghi gi”, “what should I write?”: the note's question asked back, typed where
# the note is asked. It was kept as the gift's note (decision 2313); it is answered there, the step kept.
_NOTE_ASKED = re.compile(
    r"^(?:ghi chu|note)(?: (?:la|nghia la|de))? (?:gi|cai gi|sao|the nao|lam gi)\b"
    r"|^(?:(?:toi|em|minh|con|chau|bac|co) )?(?:khong|ko|k|chua) (?:biet|hieu) (?:ghi|viet|go|noi)"
    r"(?: (?:ghi chu|o day|vao))? (?:gi|cai gi|sao|the nao|nhu the nao)\b"
    r"|^(?:(?:phai|can|nen) )?(?:ghi|viet|go) (?:gi|cai gi|sao|the nao|nhu the nao)"
    r"(?: (?:bay gio|o day|day|vao day|a|ha|vay|nhi|nhe))*$"
    r"|^what (?:is a note|(?:should|do|can) i (?:write|type|put))\b"
)


# “ghi gì cũng được”, “gì cũng được ạ”, “anything is fine”: he has nothing to add, as “Bỏ qua” says it. It was
# kept as the gift's note (decision 2441); read as “Bỏ qua”, the work said with the days kept (1361).
_ANYTHING_WILL_DO = re.compile(
    r"^(?:(?:ghi|viet|go|de) )?(?:gi|sao|the nao|cai gi) cung (?:duoc|dc|dk|ok)"
    r"(?: (?:a|ma|nhe|nha|het|roi|r))*$"
    r"|^(?:anything|whatever)(?: (?:is|s))? (?:fine|ok|okay|will do)$"
)


def says_anything_will_do(text: str) -> bool:
    """Whether `text`, typed where the gift's note is asked, says there is nothing to note (“ghi gi cung
    duoc”)."""
    return _ANYTHING_WILL_DO.match(_note_words(text)) is not None


def asks_what_a_note_is(text: str) -> bool:
    """Whether `text`, typed where the gift's note is asked, asks what to write there."""
    return _NOTE_ASKED.search(_note_words(text)) is not None


def _note_words(text: str) -> str:
    """`text` typed at the note step, folded, its marks dropped and its words one space apart."""
    return " ".join(re.sub(r"[^\w\s]", " ", match_key(text)).split())


def _note_explained(turn: Turn) -> None:
    """What a note is, with an example of the gift's kind, and how to add none: the step is kept (2313)."""
    example = {
        "labour": turn.t("repaired the neighbour's house"),
        "goods": turn.t("rice the household grew"),
    }.get(turn.data.get("kind") or "", turn.t("transferred at 9 in the morning"))
    said = turn.t(
        "A note is a few words about the gift, if you like, for example: {example}. Nothing to add? Choose "
        "“Skip”."
    )
    turn.say(said.format(example=example))


@flow.answer("note")
async def got_note(turn: Turn) -> None:
    photo = turn.inbound.photo
    if photo is not None:
        if (kept := evidence_photo(turn)) is None:
            return
        if _one_more_of_the_album(turn, kept) is None:
            note = _words_as_note(turn, photo.caption) if photo.caption else turn.data.get("work_said")
            turn.set(note=note)
            if turn.data.get("photo"):  # the receipt sent before the gift was typed: beside it (1630)
                _keep_alone(turn, kept)
            else:
                turn.set(photo=kept, more_photos=None)
        if photo.caption and turn.data["note"] is None:  # too long: a shorter note asked, the photo kept
            turn.repeat_menu()
            return
    elif turn.choice == BACK_ID:  # the figure was a slip: asked again, the drive and the kind kept
        turn.goto("give", {"money": "amount", "goods": "value", "labour": "days"}[turn.data["kind"]])
        return
    elif (
        turn.choice == SKIP
        or says_anything_will_do(turn.text or "")
        # “ok”, “có”: go on, no photo, as the button does (decision 2812); never the note “co” under the gift
        or match_key(turn.text or "").strip(" .!?") in YES_WORDS
    ):  # nothing more to add: the work said with the days stays (decisions 1361, 2441)
        turn.set(note=turn.data.get("work_said"))
    elif _figure_again(turn) or _figure_put_right(turn):  # the figure again: no note
        turn.set(note=None)
    elif asks_what_a_note_is(turn.text or ""):  # “ghi chu la gi?”: answered, never kept as the note
        _note_explained(turn)
        return
    else:
        note = free_text(turn)
        if note is None:
            return
        if forwarded_from_the_bank(note):  # her account and balance were kept as the note (decision 0480)
            turn.say(
                turn.t(
                    "This looks like a message from your bank: Chung Tay keeps nothing of it, neither the "
                    "account nor the balance. Please send a screenshot of it as evidence, type a short note, "
                    "or choose “Skip”."
                )
            )
            turn.repeat_menu()
            return
        said = typed_gift(note) if not _says_paid(note) else None
        if said and said.kind == "money" and (readings := tenth_or_words(said.figure)):
            turn.say(tenth_problem(turn.t, *readings))  # “ủng hộ 1tr hai vợ chồng”: which amount? (0851)
            turn.repeat_menu()  # never kept as the note, nor a new gift guessed
            return
        if (gift := _gift_phrase(note)) is not None:  # “ung ho 300k”: a gift, not a note (decision 0229)
            if _one_at_a_time(turn, gift.figure):  # “ung ho 500k do”, “ung ho 100k va 20 do” (0766)
                turn.repeat_menu()
                return
            if not _same_gift(turn, gift):
                turn.set(phrase=note)
                turn.goto("give", "phrase")
                return
            note = None  # the gift typed a second time while the reply was slow: said so, nothing changed
            again = turn.t("You sent {what} again: it is the same gift, recorded once. Nothing was changed.")
            turn.say(again.format(what=typed_label(turn, gift)))
        turn.set(note=note)
    turn.goto("give", "confirm")


def _figure_at_last_look(turn: Turn) -> bool:
    """The gift's figure typed at its last look, alone (“300k”, “3 ngày”), as at the photo's question
    (`_figure_again`): a new one is the figure, said, and the last look comes again with it; the same one is
    only the last look again. A new one typed with its giving word (“ung ho 300k”) is asked about as at the
    note: both, or this one changed (decision 0236). False for anything else (another kind, goods, words):
    the engine's “please choose” (decision 0229). Typed after words that put it right (“nham roi, 300k”), it
    is the figure too (decision 0248)."""
    if _figure_put_right(turn):
        turn.goto("give", "confirm")
        return True
    gift = _gift_phrase(turn.text or "")
    if gift is None or gift.kind != turn.data.get("kind") or gift.kind not in ("money", "labour"):
        return False
    if turn.data.get("bank"):  # a credit of the bank's statement: one credit, one gift of its figure
        if not _same_gift(turn, gift):
            _bank_figure_stays(turn)
        turn.repeat_menu()
        return True
    if gift.kind == "money" and _one_at_a_time(turn, gift.figure):  # “ung ho 500k do”: never guessed (0766)
        turn.repeat_menu()
        return True
    if gift_with_its_word(turn.text) is not None and not _same_gift(turn, gift):
        # “ung ho 300k” on seeing 200.000 ₫: this one and another, or this one changed? Asked as at the note
        # (decision 0236); Back: the last look
        turn.set(phrase=turn.text, phrase_at="confirm")
        turn.goto("give", "phrase")
        return True
    if not _figure_again(turn, gift.figure if gift.kind == "money" else f"{gift.figure} ngày"):
        return False
    turn.goto("give", "confirm")
    return True


async def _credit_taken(turn: Turn, recorded: RecordedCredit) -> None:
    """The credit of the bank's statement on hand was recorded as a gift meanwhile (by another treasurer, or
    in another chat, at the same moment): nothing recorded, said kindly with its code and who recorded it
    (when the treasurer may open that entry), and back at the statement (decision 0244)."""
    if may_look_up_contribution(await actor_of(turn), recorded.entry):
        said = turn.t(
            "{name} has just recorded this credit as a donor's gift: {ref}. Nothing more was recorded, so it "
            "is not counted twice."
        ).format(name=recorded.recorded_by, ref=recorded.ref)
    else:
        said = turn.t(
            "This credit has just been recorded as a donor's gift by someone else. Nothing more was "
            "recorded, so it is not counted twice."
        )
    turn.say(said)
    if not back_to_statement(turn):
        go_home(turn)


def _bank_figure_stays(turn: Turn) -> None:
    """Another figure typed at the last look of a credit of the bank's statement (“5tr”, “ung ho 5tr”): the
    gift is the credit, so its figure is the bank's and is never changed, which would make the ledger differ
    from the statement; said kindly, with what to do when the credit was the wrong one or is two gifts: No,
    back at the statement, and each gift recorded on its own (decision 0236)."""
    turn.say(
        turn.t(
            "The amount comes from the bank statement: {amount}. One credit is recorded as one gift of "
            "exactly that amount, so it cannot be changed here. If you chose the wrong credit, or it is "
            "really two gifts, choose “No”: nothing is recorded and you are back at the statement; then "
            "record each gift on its own with /nhahaotam, with its own amount."
        ).format(amount=turn.t.vnd(turn.data["bank"]["amount"]))
    )


def _figure_put_right(turn: Turn) -> bool:
    """The figure typed after words that put it right (`put_right`), taken as `_figure_again` takes it alone;
    never for a credit of the bank's statement, whose figure is the bank's."""
    figure = put_right(turn.text or "")
    return figure is not None and not turn.data.get("bank") and _figure_again(turn, figure)


def _figure_again(turn: Turn, typed: str | None = None) -> bool:
    """The gift's figure typed again where the photo or a note is asked, alone and with its unit as at the
    menu (“300k”, “1tr2”, “3 ngày”): a second thought, which becomes the figure (and is said), or the same
    answer sent twice while the reply was slow. Never a note: a note of digits alone (a transfer's number)
    stays one. Goods are left alone: their value is no figure of the gift people retype. `typed`: the figure
    read out of the message (the last look's, `_figure_at_last_look`), else the whole message."""
    kind, text = turn.data.get("kind"), ((turn.text if typed is None else typed) or "").strip()
    if kind == "money" and _amount_alone(text) is not None:
        try:
            figure = parse_vnd(text, cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND)
        except MoneyError:
            return False
        changed = {"amount": figure}
    elif kind == "labour" and (typed := _labour(text.rstrip(" .!?"))) is not None:
        days = _days(typed)
        if days is None or not 1 <= days <= turn.settings.max_labour_days:
            return False
        changed = {"days": days}
    else:
        return False
    before = {"amount": turn.data["amount"], "days": turn.data["days"]}
    after = {**before, **changed}
    if after != before:
        turn.say(
            turn.t("Changed: {new} instead of {old}.").format(
                new=describe(turn.t, kind, after["amount"], after["days"], None),
                old=describe(turn.t, kind, before["amount"], before["days"], None),
            )
        )
        turn.set(**changed)
    return True


def _gift_phrase(text: str) -> TypedGift | None:
    """A gift typed where the photo or a note is asked, as at the main menu: a giving word and its figure
    (“ung ho 300k”, “ủng hộ gạo 10 kg”), an amount alone (“300k”) or labour days alone (“2 ngày công”); None
    for a note. What says how it was paid (“ck rồi 500k”, “đã chuyển khoản 200k”) is a note of this gift."""
    text = text.strip()
    gift = typed_gift(text)
    if gift is None and text[:1].isdigit():
        gift = _labour(text.rstrip(" .!?"))
    if gift is None or gift.kind is None or _says_paid(text):
        return None
    if gift.kind == "money" and (foreign := foreign_money(gift.figure)) is not None:
        return TypedGift("goods", foreign)  # “ủng hộ 200 nghìn yên”: in its currency, as at the menu (0766)
    if gift.kind == "money" and (dollars_or_dong(gift.figure) is not None or unknown_currency(gift.figure)):
        return gift  # “ung ho 500k do”: a gift, dollars or đồng, asked where it was typed (0766, 0795)
    if gift.kind == "money" and not _reads_as_amount(gift.figure):  # “ung ho quy 20k” read as goods
        return TypedGift("goods", gift.figure) if _kind_typed(gift) == "goods" else None
    return gift


def _says_paid(text: str) -> bool:
    """Whether `text` starts (after “tôi”, “đã”…) with a paying word: how the gift was paid, not a gift."""
    keys = [match_key(word) for word in text.split()]
    start = _gift_starts(keys)
    return any(keys[start : start + len(words)] == words for words in _PAYING)


def _same_gift(turn: Turn, gift: TypedGift) -> bool:
    """Whether `gift` is the gift on hand (its kind and figure): the same answer sent twice."""
    if gift.kind != turn.data.get("kind"):
        return False
    if gift.kind == "goods":  # “chan 5 cai” is “5 cái chăn” as written (decision 2023)
        on_hand = match_key(turn.data.get("description") or "")
        return on_hand in (match_key(gift.figure), match_key(goods_named(turn, gift.figure)))
    if gift.kind == "labour":
        return _days(gift) == turn.data.get("days")
    try:
        return parse_vnd(gift.figure, cap=sys.maxsize) == turn.data.get("amount")
    except MoneyError:
        return False


@flow.prompt("phrase")
async def ask_phrase(turn: Turn) -> None:
    """A gift typed where the photo or a note is asked (decisions 0229, 0236): the gift on hand saved as it
    stands and the new one after it, the gift on hand changed to the new one, or the note after all? Asked,
    each choice saying what becomes of the gift on hand, as nothing is recorded or dropped unchosen."""
    gift = _gift_phrase(turn.data["phrase"])
    assert gift is not None
    new = typed_label(turn, gift)
    old = describe(
        turn.t, turn.data["kind"], turn.data["amount"], turn.data["days"], turn.data.get("description")
    )
    question = (
        turn.t(
            "“{typed}” reads as a new gift ({new}), not a note. The gift of {name} ({old}) is not saved yet. "
            "Save it and then record the new one too, change it to the new one, or keep what was typed as "
            "the note?"
        ).format(typed=turn.data["phrase"], new=new, name=subject_name(turn), old=old)
        if acting_for(turn)
        else turn.t(
            "“{typed}” reads as a new gift ({new}), not a note. Your gift ({old}) is not saved yet. Save it "
            "and then record the new one too, change it to the new one, or keep what you typed as the note?"
        ).format(typed=turn.data["phrase"], new=new, old=old)
    )
    if moved := turn.data.get("phrase_moved"):  # asked yesterday: saved now, the gift on hand is today's
        then, today = turn.t.date(date.fromisoformat(moved)), turn.t.date(turn.today)
        new_day = turn.t(
            "A new day has begun since this question was shown ({then}): saved now, {old} is recorded on "
            "{today}. Please choose again."
        ).format(old=old, then=then, today=today)
        question = f"{new_day}\n{question}"
    turn.set(phrase_shown_on=turn.today.isoformat(), phrase_moved=None)  # the day “save it” confirms (0257)
    turn.menu(
        question,
        [
            Choice(BOTH, turn.t("Save {old}, then add {new}").format(old=old, new=new), keywords=BOTH_WORDS),
            Choice(NEW_GIFT, turn.t("Change it to {new}").format(new=new), keywords=NEW_GIFT_WORDS),
            Choice(AS_NOTE, turn.t("Keep it as the note"), keywords=AS_NOTE_WORDS),
            back_choice(turn.t),
        ],
        entries=True,  # the new gift's amount put right (“nham, 200k thoi”, “sua so tien”) is read below
    )


def _amount_put_right(text: str) -> str | None:
    """The amount typed at the new gift's question to put its own right (“nham, 200k thoi”, “200k thôi”,
    “300k”), its softening words left off, or None (decision 1518)."""
    words = (put_right(text) or match_key(pictures_dropped(text))).strip(" .!?").split()
    while words and words[-1].strip(" ,.!?") in _SOFTENING:
        words.pop()
    figure = " ".join(words).strip(" ,.!?")
    gift = _amount_alone(figure)
    return gift.figure if gift is not None else None


def _phrase_put_right(turn: Turn) -> bool:
    """Text typed at the new gift's question (no option chosen): the new amount put right, read as the new
    gift's amount and the question asked again with it (nothing is recorded before its last look); the
    amount asked for again (“sửa số tiền”); a gift typed whole (“ung ho 200k”) read as the new gift (1574);
    True when one was so. A figure out of bounds is said and the
    question asked again, as at the amount step, the words it asks of kept as they were."""
    text = turn.text or ""
    if match_key(text).strip(" .!?") in AMOUNT_AGAIN_WORDS:
        turn.say(turn.t("Please type the right amount of the new gift, for example: 200k, or choose below."))
    elif (figure := _amount_put_right(text)) is None:
        if (gift := _gift_phrase(text)) is None:
            return False
        if gift.kind != "money" or _figure_fits(turn, gift.figure):  # typed whole: the new gift (1574)
            turn.set(phrase=text.strip())
    elif _figure_fits(turn, figure):
        turn.set(phrase=figure)
    turn.goto("give", "phrase")
    return True


def _figure_fits(turn: Turn, figure: str) -> bool:
    """Whether the new gift's amount typed at its question is within bounds; said when it is not, as at the
    amount step."""
    try:
        parse_vnd(figure, cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND)
    except MoneyError as error:
        turn.say(money_problem(turn.t, error, turn.settings.money_cap))
        return False
    return True


def typed_label(turn: Turn, gift: TypedGift) -> str:
    """A typed gift as the summaries name it (“300.000 ₫”, “2 ngày công”); as typed when it does not read."""
    if gift.kind == "money":
        try:
            return turn.t.vnd(parse_vnd(gift.figure, cap=sys.maxsize))
        except MoneyError:
            return gift.figure
    if gift.kind == "labour":
        days = _days(gift)
        return describe(turn.t, "labour", 0, days, None) if days else gift.figure
    return goods_named(turn, gift.figure)


@flow.answer("phrase")
async def got_phrase(turn: Turn) -> None:
    typed, back_to = turn.data["phrase"], turn.data.get("phrase_at") or "note"
    if turn.choice is None and turn.text:  # typed, no option named: its amount put right, or please choose
        if not _phrase_put_right(turn):
            turn.not_an_option()
        return
    turn.set(phrase=None, phrase_at=None)
    if turn.choice == AS_NOTE:
        turn.say(turn.t("Kept as the note: “{typed}”.").format(typed=typed))
        turn.set(note=typed)
        turn.goto("give", "confirm")
        return
    gift = _gift_phrase(typed)
    if turn.choice not in (BOTH, NEW_GIFT) or gift is None:  # Back: where it was typed, the gift on hand kept
        turn.goto("give", back_to)
        return
    if (figures := _figures(turn, gift)) is None:  # out of bounds: said; asked again, the gift on hand kept
        turn.goto("give", back_to)
        return
    old = describe(
        turn.t, turn.data["kind"], turn.data["amount"], turn.data["days"], turn.data.get("description")
    )
    if (
        turn.choice == BOTH
        and turn.data.get("phrase_shown_on", turn.today.isoformat()) != turn.today.isoformat()
    ):
        # the question left overnight: saved now, the gift on hand is today's (or the new year's), a day no
        # screen showed; asked again with that day, as a last look is (decision 0257)
        turn.set(phrase=typed, phrase_at=back_to, phrase_moved=turn.data["phrase_shown_on"])
        turn.goto("give", "phrase")
        return
    if turn.choice == BOTH:  # the gift on hand saved as it stands, the words no note of it; then the new
        subject = await subject_of(turn)
        if subject is None or await _save(turn, subject) is None:
            return
        # the new gift has no receipt yet, nor a year she said of it: its own, never the first's (1006)
        turn.set(
            saved_here=turn.data.get("saved_here", 0) + 1,
            photo=None,
            more_photos=None,
            sent_before=None,
            **figures,
        )
        turn.say(turn.t("Now the new gift: {new}.").format(new=typed_label(turn, gift)))
    else:
        turn.set(**figures)
        new = describe(
            turn.t, turn.data["kind"], turn.data["amount"], turn.data["days"], turn.data.get("description")
        )
        turn.say(turn.t("Changed: {new} instead of {old}.").format(new=new, old=old))
    turn.set(note=None, typed=True)  # as a gift typed at the menu: drives that take its kind
    if gift.kind not in await _kinds_taken(turn):
        turn.say(
            turn.t("The drive chosen does not take {kind}: please choose another.").format(
                kind=kind_label(turn.t, gift.kind or "money").lower()
            )
        )
        turn.set(drive_id=None)
        turn.goto("give", "drive")
    else:  # the drive kept; goods ask their value, and the photo or note is asked for the new gift
        _value_or_note(turn)


def _figures(turn: Turn, gift: TypedGift) -> dict[str, object] | None:
    """What the gift on hand becomes with `gift` (typed where the photo or a note is asked, or at the last
    look): its kind and figures; None when the figure is out of bounds, which is said."""
    if gift.kind == "money":
        if (amount := read_money(turn, cap=turn.settings.money_cap, text=gift.figure)) is None:
            return None
        return {"kind": "money", "amount": amount, "days": 0, "description": None}
    if gift.kind == "labour":
        if (days := read_labour_days(turn, gift.figure)) is None:
            return None
        return {"kind": "labour", "amount": 0, "days": days, "description": None}
    return {"kind": "goods", "amount": 0, "days": 0, "description": goods_named(turn, gift.figure)}


def _worked(turn: Turn) -> date | None:
    """The day the labour days on hand were worked, typed with them (decision 2107); None for money, goods
    and days typed without it."""
    worked = turn.data.get("worked")
    return date.fromisoformat(worked) if worked and turn.data.get("kind") == "labour" else None


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    if (worked := _worked(turn)) is not None and await worked_refused(turn, worked):
        # typed at the menu before the drive was chosen, or a year closed meanwhile: the days asked again
        turn.set(worked=None)
        turn.goto("give", "days")
        return
    drive = await chosen_drive(turn)
    lines = [
        turn.t("Please check the contribution for {name}:").format(name=subject_name(turn))
        if acting_for(turn)
        # her household named with the gift (“ho ong Ba ung ho 20k”): which one it is recorded for (0522)
        else turn.t("Please check the contribution for {name}:").format(name=turn.data["named_household"])
        if turn.data.get("named_household")
        else turn.t("Please check your contribution:"),
        turn.t("• Drive: {drive}").format(drive=drive_title(turn.t, drive)),
        turn.t("• {kind}: {what}").format(
            kind=kind_label(turn.t, turn.data["kind"]),
            what=with_day_worked(  # “1 ngày công (làm ngày Thứ Bảy, 05/12/2026)” (2107, 2653)
                turn.t,
                describe(
                    turn.t,
                    turn.data["kind"],
                    turn.data["amount"],
                    turn.data["days"],
                    turn.data.get("description"),
                ),
                _worked(turn),
                weekday=True,
            ),
        ),
    ]
    sent = _sent_year(turn, drive)
    if (credited := _credit_day(turn)) is not None and (year := credit_year(credited, turn.today, drive)):
        lines.append(  # money the bank received in the year just ended counts for it (decision 0888)
            turn.t("• Counts toward: {year}, the year the bank received it ({day})").format(
                year=year, day=turn.t.date(credited)
            )
        )
    elif sent is not None and _said_sent(turn):  # her receipt shows it sent in the year just ended (1006)
        lines.append(
            turn.t("• Counts toward: {year}, the year it was sent (as its receipt's photo shows)").format(
                year=sent
            )
        )
    elif drive is not None and drive.ends_on.year < turn.today.year:  # a late gift to last year's drive
        lines.append(  # counts for the year it is recorded in (decision 0076): said before the Yes
            turn.t(
                "• Counts toward: {year}, the year it is recorded in (the {drive_year} drive still adds it "
                "to its own figures)"
            ).format(year=turn.today.year, drive_year=drive.ends_on.year)
        )
    elif turn.today.month == 1:  # December's gifts are logged in January too: which year, said (0332)
        lines.append(
            turn.t("• Counts toward: {year}, the year it is recorded in").format(year=turn.today.year)
        )
    if sent is not None and not turn.data.get("photo"):  # what makes a transfer of last year count for it
        lines.append(
            # asked of the household who paid, not of the officer who records its money (decision 1095)
            turn.t(
                "• Did {name} send it in {year}? Please send the receipt's photo to count it toward {year}."
            ).format(name=subject_name(turn), year=sent)
            if acting_for(turn)
            else turn.t(
                "• Sent in {year}? Please send the receipt's photo to count it toward {year}."
            ).format(year=sent)
        )
    if (collected_in := donor_unit(turn)) is not None and (
        unit := await turn.session.get(Unit, collected_in)
    ):
        lines.append(turn.t("• Collected by: {unit}").format(unit=unit.name))  # whose figures it joins
    if turn.data.get("note"):
        lines.append(turn.t("• Note: {note}").format(note=turn.data["note"]))
    outside = []
    if turn.data.get("fund_said") and drive is not None:  # “cho quỹ”: its drive, said and undone here (2861)
        outside = [Choice(GENERAL, fund_title(turn.t))]
        lines.append(
            turn.t(
                "You wrote “for the Fund”: it goes to the drive of the Fund for the Poor taking gifts now. "
                "To record it outside the drives, choose “{outside}”."
            ).format(outside=fund_title(turn.t))
        )
    if turn.data.get("photo"):
        photos = 1 + len(turn.data.get("more_photos") or [])
        if is_household(turn):  # her words (decision 1446)
            with_it = turn.t.plural("• Photo sent with it: {n}", "• Photos sent with it: {n}", photos)
        else:
            with_it = turn.t.plural("• Evidence: {n} photo", "• Evidence: {n} photos", photos)
        lines.append(with_it.format(n=photos))  # `sent` stays the year the year's button offers
    if moved := turn.data.get("day_moved"):  # shown again on a new day: the day it is recorded on, said
        lines.append(turn.t("• Recorded on: {date}").format(date=turn.t.date(turn.today)))
    subject = await subject_of(turn)
    if subject is None:
        return
    if not await _drive_takes(turn, subject):  # another household chosen at the last look (decision 0202)
        return
    labels = None
    if (earlier := await _likely_double(turn, subject)) is not None:
        lines += ["", await _double_hint(turn, earlier)]
        labels = _double_labels(turn)
    turn.set(double_of=earlier.ref if earlier is not None else None)  # read again at “Trùng” (decision 0479)
    if moved:
        turn.say(
            turn.t(
                "A new day has begun since this gift was shown ({then}): saved now, it is recorded on "
                "{today}. Please check it again, and choose “Yes” to save it."
            ).format(then=turn.t.date(date.fromisoformat(moved)), today=turn.t.date(turn.today))
        )
    turn.set(shown_on=turn.today.isoformat(), day_moved=None)  # the day a Yes to it confirms (decision 0257)
    # The receipt's photo may still come here, after “Skip” (not for a credit of the bank's statement).
    confirm_menu(  # the figure typed again (“300k”) is read here too: `_figure_at_last_look`
        turn,
        "\n".join(lines),
        *another_choice(turn),
        *_year_choice(turn, sent),
        *outside,
        takes_photo=not turn.data.get("bank"),
        takes_text=True,
        labels=labels,
    )


async def _likely_double(turn: Turn, subject: Person) -> Contribution | None:
    """The gift on hand's likely double (bot.domain.contributions.likely_double), a gift of hers waiting
    without a receipt days ago too when this one comes with its photo (decision 0491)."""
    worked = turn.data.get("worked")  # labour days worked on another day are no double (decision 2204)
    return await likely_double(
        turn.session,
        subject,
        _entry(turn),
        now=turn.now,
        receipt=bool(turn.data.get("photo")),
        worked=date.fromisoformat(worked) if worked else None,
    )


def receipts_of(turn: Turn) -> list[Receipt]:
    """The photos sent with the gift on hand (its receipt and any more), as its evidence."""
    if not turn.data.get("photo"):
        return []
    photos = [turn.data["photo"], *(turn.data.get("more_photos") or [])]
    return [Receipt(p["sha256"], p["path"], p["size"], turn.inbound.channel) for p in photos]


async def attach_photos(turn: Turn, contribution: Contribution) -> None:
    """The photos sent with this gift (its receipt and any more) kept as `contribution`'s evidence; a paper
    list's one photo on each of its gifts too (handlers/gift_list.py)."""
    assert turn.person is not None
    await attach_receipts(
        turn.session, contribution, receipts_of(turn), uploaded_by=turn.person, now=turn.now
    )


async def _receipt_to_the_double(turn: Turn) -> bool:
    """“The same one: don't record” to a last look with a photo, its likely double waiting without a receipt:
    the photos go to that gift as its evidence, said, nothing recorded again (True); the receipt sent days
    later for a gift recorded without it was lost with the gift typed again (decision 0491)."""
    if turn.choice != NO or not (ref := turn.data.get("double_of")) or not turn.data.get("photo"):
        return False
    earlier = await turn.session.scalar(select(Contribution).where(Contribution.ref == ref))
    if earlier is None or not may_add_receipt(await actor_of(turn), earlier):
        return False
    if await evidence_of(turn.session, earlier.id):  # it has its own receipt: this one is not put over it
        return False
    await attach_photos(turn, earlier)
    turn.say(
        turn.t(
            "Nothing new was recorded: the photo is added as the evidence of {ref}, which waits for the "
            "treasurer."
        ).format(ref=ref),
        keep=True,
    )
    if not back_to_statement(turn) and not back_to_waiting(turn):
        go_home(turn)
    return True


def _entry(turn: Turn) -> NewContribution:
    """The contribution the answers so far describe."""
    return NewContribution(
        kind=turn.data["kind"],
        amount_vnd=turn.data["amount"],
        labour_days=turn.data["days"],
        description=turn.data.get("description"),
        note=turn.data.get("note"),
        drive_id=turn.data.get("drive_id"),
        collected_in=donor_unit(turn),
    )


async def _double_gone(turn: Turn, subject: Person) -> bool:
    """“Trùng, không ghi” to a last look whose likely double stands no more (withdrawn, or turned down by a
    treasurer, since it was shown): recording nothing would lose the gift, so it is said and the last look
    shown again, with its plain Yes and No (True). False: no double was shown, or one still stands (0479):
    the one shown, confirmed since though no longer waiting for a receipt, is the same gift (0508)."""
    shown = turn.data.get("double_of")
    if not shown or await stands(turn.session, shown) or await _likely_double(turn, subject) is not None:
        return False
    turn.say(
        turn.t(
            "{ref} no longer stands (withdrawn or not accepted) since this gift was shown: it is not "
            "recorded yet. Please check it again: choose “Yes” to record it, “No” if nothing should be "
            "recorded."
        ).format(ref=shown)
    )
    turn.goto("give", "confirm")
    return True


async def _double_since(turn: Turn, subject: Person) -> bool:
    """Yes to a last look that named no likely double, the same gift recorded since it was shown (on the
    officer's other chat, by a colleague): said, and the last look shown again with the hint, nothing recorded
    (True), never the same gift twice unasked. Not for a credit of the bank's statement, which its own check
    keeps once (decision 0244), nor a last look shown before the double was remembered (0479)."""
    if "double_of" not in turn.data or turn.data["double_of"] or turn.data.get("bank"):
        return False
    if (earlier := await _likely_double(turn, subject)) is None:
        return False
    turn.say(
        turn.t(
            "Since this gift was shown, the same one was recorded ({ref}): this one is not recorded yet."
        ).format(ref=earlier.ref)
    )
    turn.goto("give", "confirm")
    return True


def _double_labels(turn: Turn) -> tuple[str, str]:
    """Yes and No at a last look with a likely double, each saying what it does: a bare “Không” was read as
    “not the same gift” and cancelled the gift (decision 0476)."""
    return turn.t("Another gift: record it"), turn.t("The same one: don't record")


async def _double_hint(turn: Turn, earlier: Contribution) -> str:
    """The same gift recorded a little earlier (bot.domain.contributions.likely_double), said kindly: a hint
    at the last look, never a refusal, in the words of the last look's own choices (decision 0072). A
    deduction from the salary is said so, with its day and who recorded it: the colleague never handled
    that money (docs/decisions/0400)."""
    t = turn.t
    another, same = _double_labels(turn)
    choose = t("If this is another gift, choose “{another}”; if it is the same one, choose “{same}”.").format(
        another=another, same=same
    )
    if earlier.from_payroll and earlier.recorded_by != earlier.person_id:
        recorder = await turn.session.get_one(Person, earlier.recorded_by)
        # A drive not the one chosen now (the peak month's, of the same Fund) is named: not “this drive”
        deducted_to = await turn.session.get(Drive, earlier.drive_id) if earlier.drive_id else None
        if deducted_to is None:
            where = t("for the Fund for the Poor")
        elif deducted_to.id == turn.data.get("drive_id"):
            where = t("for this drive")
        else:
            where = t("to {drive}").format(drive=drive_in_sentence(t.locale, deducted_to.title))
        fields = {
            "recorder": recorder.full_name,
            "amount": t.vnd(earlier.amount_vnd),
            "where": where,
            "date": t.date(earlier.created_at),
            "ref": earlier.ref,
        }
        said = (
            t("{recorder} recorded {amount} deducted from {name}'s salary {where} on {date} ({ref}).")
            if acting_for(turn)
            else t("{recorder} recorded {amount} deducted from your salary {where} on {date} ({ref}).")
        ).format(name=subject_name(turn), **fields)
        if earlier.amount_vnd != turn.data["amount"] and (pledged := await _pledge_words(turn, earlier)):
            said += " " + pledged  # another figure, past the pledge (decision 0448)
        return said + " " + choose
    local = earlier.created_at.astimezone(LOCAL_TZ)
    at = f"{local.hour:02d}:{local.minute:02d}"
    if local.date() == local_date(turn.now):
        when = t("{time} today").format(time=at)
    elif local.date() == local_date(turn.now) - timedelta(days=1):
        when = t("{time} yesterday").format(time=at)
    else:  # not within the window's two days (a clock moved back): the day in full
        when = t.datetime(earlier.created_at)
    where = t("for this drive") if earlier.drive_id else t("for the Fund for the Poor")
    what = describe(t, earlier.kind, earlier.amount_vnd, earlier.labour_days, earlier.description)
    said = (
        t("{name} already has {what} recorded {where} at {when} ({ref}).").format(
            name=subject_name(turn), what=what, where=where, when=when, ref=earlier.ref
        )
        if acting_for(turn)
        else t("You recorded {what} {where} at {when} ({ref}).").format(
            what=what, where=where, when=when, ref=earlier.ref
        )
    )
    return said + " " + choose


async def _pledge_words(turn: Turn, earlier: Contribution) -> str:
    """What a gift of another figure than the deduction `earlier` would go past (`pledge_passed`): the pledge
    the deduction already covers, or the whole pledge brought again while a part stands (decision 0448)."""
    t, subject = turn.t, await turn.session.get_one(Person, earlier.person_id)
    drive = await turn.session.get(Drive, turn.data["drive_id"]) if turn.data.get("drive_id") else None
    pledge = await pledge_passed(turn.session, subject, drive, local_date(turn.now).year, turn.data["amount"])
    if pledge is None:
        return ""
    if pledge.given >= pledge.target:
        said = t("What is recorded already covers the pledge for {year} ({target}).")
    else:
        said = t("The pledge for {year} is {target}; {given} of it is recorded already.")
    return said.format(year=pledge.year, target=t.vnd(pledge.target), given=t.vnd(pledge.given))


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    assert turn.person is not None
    subject = await subject_of(turn)
    if subject is None:
        return
    if turn.inbound.photo is not None:  # the receipt sent at the last look: kept, the last look again
        _photo_at_last_look(turn)
        return
    if turn.choice is None:  # text that names no choice: the gift's figure typed again, how the money went
        if not _figure_at_last_look(turn) and not _how_paid_at_last_look(turn):  # …or “please choose”
            turn.not_an_option()
        return
    if turn.choice == ANOTHER:  # the wrong household on the summary: chosen again, the rest kept
        seek_another(
            turn, turn.t("Not saved yet. The drive and the gift are kept: please choose the right one.")
        )
        return
    if turn.choice in (SENT_BEFORE, RECORDED_NOW):  # the year her receipt shows, or the recording's (1006)
        turn.set(sent_before=turn.choice == SENT_BEFORE)
        turn.goto("give", "confirm")
        return
    if turn.choice == GENERAL:  # “cho quỹ” meant the Fund outside the drives: the rest kept (decision 2861)
        turn.set(drive_id=None, fund_said=None)
        turn.goto("give", "confirm")
        return
    if turn.choice != YES:
        if await _double_gone(turn, subject) or await _receipt_to_the_double(turn):
            return
        turn.say(turn.t("Cancelled. Nothing was recorded."))
        if not back_to_statement(turn) and not back_to_waiting(turn):
            go_home(turn)
        return
    if turn.data.get("shown_on", turn.today.isoformat()) != turn.today.isoformat():
        # the last look shown yesterday (left overnight): saved now, the gift is today's (or the new year's),
        # so it is shown again with that day, and the Yes to it saves (decision 0257)
        turn.set(day_moved=turn.data["shown_on"])
        turn.goto("give", "confirm")
        return
    if await _double_since(turn, subject):
        return
    contribution = await _save(turn, subject)
    if contribution is None or acting_for(turn):  # the public-name question is the household's own to answer
        if contribution is not None and not back_to_statement(turn) and not back_to_waiting(turn):
            go_home(turn)
        return
    # may the public statement name them? Asked once, at their first gift, as a menu
    if await asks_at_first_contribution(turn, saved_just_before=turn.data.get("saved_here", 0)):
        waiting = turn.data.get("waiting")
        turn.goto("publicname", "first")
        turn.set(ref=contribution.ref, waiting=waiting)
        remember_typed_confirmation(turn)  # “có” typed: the same again answers nothing (decision 0180)
        return
    if back_to_waiting(turn):  # the registration put aside for this gift (decision 0236)
        return
    go_home(turn)
    remember_typed_confirmation(turn, saved="contribution", ref=contribution.ref)  # decision 0180


def _sent_year(turn: Turn, drive: Drive | None) -> int | None:
    """The year just ended, when the gift on hand is money of a member's own (not a donor's, nor a bank
    credit's, whose day the statement gives) that may count for it by its receipt (`sent_year`); else None."""
    if turn.data["kind"] != "money" or donor_unit(turn) is not None or turn.data.get("bank"):
        return None
    return sent_year(turn.today, drive)


def _said_sent(turn: Turn) -> bool:
    """The gift on hand was said sent in the year just ended, and has the receipt's photo that shows it."""
    return bool(turn.data.get("sent_before") and turn.data.get("photo"))


def _year_choice(turn: Turn, sent: int | None) -> list[Choice]:
    """At the last look of money with its receipt, January to March: “Sent in 2026” to count it for the
    year just ended, or back to the recording's year once chosen (decision 1006)."""
    if sent is None or not turn.data.get("photo"):
        return []
    if _said_sent(turn):
        return [Choice(RECORDED_NOW, turn.t("Count toward {year}").format(year=turn.today.year))]
    return [Choice(SENT_BEFORE, turn.t("Sent in {year}").format(year=sent))]


def _credit_day(turn: Turn) -> date | None:
    """The day of the bank statement's credit the gift on hand is recorded from, if the statement gave it."""
    bank = turn.data.get("bank") or {}
    return date.fromisoformat(bank["on"]) if bank.get("on") else None


async def _save(turn: Turn, subject: Person) -> Contribution | None:
    """The gift on hand recorded with its photos, and its receipt said (with where to transfer it, for
    money sent without a photo); None when refused, which is said and leads where it must (the drive asked
    again, or home). The last look's Yes, and the gift on hand kept before a new one (decision 0236)."""
    assert turn.person is not None
    entry = _entry(turn)
    try:
        if donor_unit(turn) is not None:  # a donor's from outside: their answer for the statement kept too
            contribution = await record_donor_gift(
                turn.session,
                donor=subject,
                recorded_by=turn.person,
                public=bool(turn.data.get("donor_public")),
                entry=entry,
                now=turn.now,
                settings=turn.settings,
                credit_vnd=bank["amount"] if (bank := turn.data.get("bank")) else None,
                credit=bank.get("credit") if bank else None,
                credit_on=_credit_day(turn),
                receipts=receipts_of(turn),
            )
        else:
            sent = _sent_year(turn, await chosen_drive(turn)) if _said_sent(turn) else None
            contribution = await record_contribution(
                turn.session,
                person=subject,
                recorded_by=turn.person,
                entry=entry,
                now=turn.now,
                settings=turn.settings,
                year=sent,  # her transfer of the year just ended, as its receipt shows (decision 1006)
                receipts=receipts_of(turn),  # which the ledger asks of such a year (decision 1107)
                worked=_worked(turn),  # the day typed with the days, kept with them (decision 2107)
            )
    except CreditRecorded as refused:  # another treasurer recorded this very credit meanwhile (0244)
        await _credit_taken(turn, refused.recorded)
        return None
    except LedgerError as refused:
        if refused.reason == "not_allowed":  # the officer's role went while they were answering
            turn.say(turn.t("You may not record for this person."))
            go_home(turn)
            return None
        if refused.reason == "credit_amount":  # a credit of the bank's statement is its own amount (0243)
            _bank_figure_stays(turn)
            turn.set(kind="money", amount=turn.data["bank"]["amount"], days=0, description=None)
            turn.goto("give", "confirm")
            return None
        if refused.reason == "worked" and (worked := _worked(turn)) is not None:  # its year closed (2180)
            closed_year(turn, worked)
            turn.set(worked=None)
            turn.goto("give", "days")
            return None
        if refused.reason == "amount":  # a figure above the cap, kept from before decision 0313 (0316)
            turn.say(money_problem(turn.t, MoneyError("too_large", ""), turn.settings.money_cap))
            go_home(turn)
            return None
        if not refused.reason.startswith("drive_") and refused.reason != "kind":
            raise
        await _drive_unavailable(turn)  # the drive closed (or moved) while the person was answering
        return None
    what = describe(turn.t, entry.kind, entry.amount_vnd, entry.labour_days, entry.description)
    what = with_day_worked(turn.t, what, _worked(turn))  # “1 ngày công (làm ngày 05/12/2026)” (2107)
    commune = await in_commune(turn)  # who confirms her days, in her organisation's words (1877)
    by_officers = await officer_confirms_it(turn.session, contribution)  # who confirms (2464)
    status = own_status(turn.t, contribution, commune=commune, by_officers=by_officers)
    left = _unattended_line(
        turn,
        await unattended(turn.session, contribution, now=turn.now, settings=turn.settings),
        labour=entry.kind == "labour",
        commune=commune,
    )
    if acting_for(turn):
        turn.say(
            turn.t("Recorded for {name}: {what}.\nReference: {ref}\nStatus: {status}.").format(
                name=subject_name(turn), what=what, ref=contribution.ref, status=status
            )
            + left,
            keep=True,
        )
        return contribution
    if is_household(turn):  # her words, as /tracuu's (1446, 1566)
        receipt = turn.t("Thank you! Recorded {what}.\nThe gift's number: {ref}\nStatus: {status}.")
    else:
        receipt = turn.t("Thank you! Recorded {what}.\nReference: {ref}\nStatus: {status}.")
    receipt = receipt.format(what=what, ref=contribution.ref, status=status)
    receipt += left
    turn.say(receipt, keep=True)  # the receipt and its reference code stay readable
    if not turn.data.get("photo"):
        await how_to_transfer(turn, contribution)
    return contribution


def _photo_at_last_look(turn: Turn) -> None:
    """A photo sent at a gift's last look, as people send the transfer's screenshot once it is done (after
    “Skip” at the photo's question): the gift's evidence, said, and the last look again with it; a caption
    is its note when it has none. Never “please choose” with the photo dropped (decision 0229)."""
    photo = turn.inbound.photo
    assert photo is not None
    if (kept := evidence_photo(turn)) is None:  # too large: said
        turn.repeat_menu()
        return
    if (together := _one_more_of_the_album(turn, kept)) is not None:
        if together == SET_KEPT:
            turn.say(_photo_thanks(turn, "with_others"))
    else:
        _keep_alone(turn, kept)
    if (note := _words_as_note(turn, photo.caption)) and not turn.data.get("note"):
        turn.set(note=note)
    turn.goto("give", "confirm")


# The most photos one gift keeps as its evidence: as many as a Telegram album holds. On Zalo, one photo after
# another within a minute would otherwise go with it however many came (a whole gallery sent by a slip).
MAX_PHOTOS = 10
SET_KEPT, SET_FULL = "kept", "full"


def _keep_alone(turn: Turn, kept: dict[str, Any]) -> None:
    """`kept`, a photo sent alone (not one of an album), as the gift's evidence and thanked for: the first,
    or, after the gift's evidence, beside it (the bank app's second page), never in its place; at the last
    look (decision 1575) as at the drive's and the note's questions, where the receipt came before the gift
    was typed (1630), and at “which waiting gift is it the receipt of?” (1668)."""
    if not turn.data.get("photo"):
        turn.say(_photo_thanks(turn))
        turn.set(photo=kept, more_photos=None)
    elif _one_more_of_the_gift(turn, kept) == SET_KEPT:
        turn.say(_photo_thanks(turn, "with_others"))


def _one_more_of_the_gift(turn: Turn, kept: dict[str, Any]) -> str:
    """`kept`, a photo sent alone after the gift's evidence (the second page of one transfer in the bank's
    app, a clearer screenshot), kept beside the ones before as its evidence, SET_KEPT, the same photo again
    once; SET_FULL when MAX_PHOTOS are kept already, said and not kept (decision 1575)."""
    first = turn.data["photo"]
    more = list(turn.data.get("more_photos") or [])
    if any(photo["sha256"] == kept["sha256"] for photo in [first, *more]):
        return SET_KEPT
    if 1 + len(more) >= MAX_PHOTOS:
        turn.say(_photos_full(turn))
        return SET_FULL
    turn.set(more_photos=[*more, kept])
    return SET_KEPT


def _photos_full(turn: Turn) -> str:
    return turn.t(
        "This contribution already keeps {n} photos as evidence, the most it takes: this one was not added."
    ).format(n=MAX_PHOTOS)


def _one_more_of_the_album(turn: Turn, kept: dict[str, Any]) -> str | None:
    """Whether `kept` is one more photo of the album the gift's evidence came in (Telegram delivers an album
    of three receipts as three messages), or, on Zalo, sent within a minute of one kept, before or after it
    (a slow upload brings them out of order): kept beside it, never in its place (decisions 0353, 0392,
    0418), SET_KEPT; it replaced the one before, and of three receipts only the last went with the gift.
    SET_FULL: one of them, but MAX_PHOTOS are kept already, said and not kept. None: not one of them."""
    first = turn.data.get("photo")
    more = list(turn.data.get("more_photos") or [])
    if not first or not any(taken_together(photo, kept) for photo in [first, *more]):
        return None
    if _one_more_of_the_gift(turn, kept) == SET_FULL:
        return SET_FULL
    if kept.get("said") and not first.get("said"):  # the album's words came on a later photo: read, once
        turn.set(photo=first | {"said": True})
    return SET_KEPT


_BEFORE_PAYING = frozenset(("da", "toi", "minh", "em", "bang", "qua", "tra"))
_AFTER_PAYING = frozenset(("roi", "a", "nhe", "nha", "xong"))


def _how_paid_at_last_look(turn: Turn) -> bool:
    """How the money went typed alone at a money gift's last look (“chuyen khoan”, “tiền mặt”, “đã ck rồi”):
    kept as its note (after any note it has), said, and the last look drawn again; True when so. It got
    “please choose” before, as nothing asks it (decision 1518)."""
    typed = nfc((turn.text or "").strip())
    words = match_key(typed).strip(" .!?").split()
    while words and words[0] in _BEFORE_PAYING:
        words.pop(0)
    while words and words[-1] in _AFTER_PAYING:
        words.pop()
    if turn.data.get("kind") != "money" or words not in _WAYS_OF_PAYING:
        return False
    note = turn.data.get("note")
    if note and match_key(typed) in match_key(note):  # the same words sent twice: said once
        turn.goto("give", "confirm")
        return True
    joined = f"{note}; {typed}" if note else typed
    if len(joined) > MAX_FREE_TEXT:
        return False
    turn.say(turn.t("Kept as the note: “{typed}”.").format(typed=joined))
    turn.set(note=joined)
    turn.goto("give", "confirm")
    return True


def _words_as_note(turn: Turn, words: str | None) -> str | None:
    """A photo's words as the gift's note; None when there are none or when they are too long for one, which
    is said: the photo is kept all the same. Too long, they had the photo dropped with them (decision 0299). A
    greeting under it never comes here: the engine greets back and hands the photo on without it (0303,
    0307)."""
    if words is None or len(words) <= MAX_FREE_TEXT:
        return words
    turn.say(
        turn.t(
            "The photo is kept, but its words are {n} characters, more than a note may have ({limit}), "
            "so they are not kept as its note."
        ).format(n=turn.t.number(len(words)), limit=turn.t.number(MAX_FREE_TEXT))
    )
    return None


@flow.prompt("again")
async def ask_again(turn: Turn) -> None:
    """The gift's own keyword (“đóng góp”) typed at its last look (decision 0215): this gift is not saved yet;
    save it, or drop it and start afresh (for the same household, when recording for one)?"""
    what = describe(
        turn.t, turn.data["kind"], turn.data["amount"], turn.data["days"], turn.data.get("description")
    )
    if turn.data.get("bank"):  # a credit of the statement: dropped, it is offered there again, never afresh
        question = turn.t(
            "The gift of {name} ({what}) from the bank statement's credit is not saved yet. Save it, or drop "
            "it and go back to the statement?"
        ).format(name=subject_name(turn), what=what)
        drop = turn.t("Drop it, back to the statement")
    elif acting_for(turn):
        question = turn.t(
            "The gift of {name} ({what}) is not saved yet. Save it, or drop it and start again?"
        ).format(name=subject_name(turn), what=what)
        drop = turn.t("Drop it and start again")
    else:
        question = turn.t("Your gift ({what}) is not saved yet. Save it, or drop it and start again?").format(
            what=what
        )
        drop = turn.t("Drop it and start again")
    turn.menu(
        question,
        [
            Choice(SAVE, turn.t("Save this gift"), keywords=("luu", "luu lai", "save", *YES_WORDS), led=True),
            Choice(AFRESH, drop, keywords=AFRESH_WORDS),
            back_choice(turn.t),
        ],
        unsaved=True,
    )


@flow.answer("again")
async def chose_again(turn: Turn) -> None:
    if turn.choice == SAVE:  # as Yes at the last look
        turn.picked = [YES]
        await confirmed(turn)
    elif turn.choice == AFRESH and turn.data.get("bank"):  # a credit: the statement offers it again
        turn.say(turn.t("Cancelled. Nothing was recorded."))
        if not back_to_statement(turn):  # as the question said: never a fresh gift untied from the credit
            go_home(turn)
    elif turn.choice == AFRESH:  # a new gift, for the same household or person when recording for one
        kept = ("for_id", "for_name", "for_household", "waiting")
        carried = {key: turn.data[key] for key in kept if key in turn.data}
        turn.say(turn.t("That gift was not saved. Let us start again."))
        turn.goto("give", "drive", keep_data=False)
        turn.set(**carried)
    else:
        turn.goto("give", "confirm")


async def how_to_transfer(turn: Turn, contribution: Contribution) -> None:
    """A gift of money with no photo of its transfer: where to transfer it, with its reference code as the
    transfer's description (so the treasurer finds it on the bank's statement), and the VietQR code that fills
    in the account, the amount and that description (docs/decisions/0081): the drive's own account where it
    has one, else the organisation's (0084). Nothing when neither is set, or for goods and labour days; no
    code on a chat that shows no pictures (`Inbound.shows_photos`: decision 0438)."""
    if contribution.kind != "money":
        return
    drive = await turn.session.get(Drive, contribution.drive_id) if contribution.drive_id else None
    account = account_of(turn.organisation, drive)
    if account is None:
        return
    turn.say(
        turn.t(
            "To give it by transfer: {bank}, account {number}, {holder}.\n"
            "Transfer description: {ref} (the treasurer finds your gift by it on the bank's statement). "
            "Already sent, or given in cash? Nothing more to do."
        ).format(bank=account.bank.short, number=account.number, holder=account.holder, ref=contribution.ref),
        keep=True,
    )
    if not turn.inbound.shows_photos:  # the account in words is all: no code they could not see (0438)
        return
    kept = kept_file(turn, "qr", f"{contribution.ref}.png")
    payload = vietqr(account, contribution.amount_vnd, contribution.ref)
    await asyncio.to_thread(write_qr, turn.settings.media_dir / kept, payload)
    turn.show_photo(
        kept,
        turn.t(
            "VietQR: scan it in your banking app to fill in the account, {amount} and the description {ref}."
        ).format(amount=turn.t.vnd(contribution.amount_vnd or 0), ref=contribution.ref),
    )


def _unattended_line(turn: Turn, left: Unattended | None, *, labour: bool, commune: bool) -> str:
    """What the receipt adds when no treasurer may confirm the entry (docs/decisions/0074): kindly, that
    none covers the unit (or none but the one who gave or recorded it), and that the office knows, or should
    be told; "" when a treasurer may. Labour days, which an officer confirms beside a treasurer (0434), name
    both, in the organisation's words: the hamlet's Front officer who recorded them is no treasurer, and the
    days wait for another officer as much as for a treasurer (decision 2522)."""
    if left is None:
        return ""
    if labour and commune:
        said = (
            turn.t("There is no other Front officer or treasurer for {unit} yet to confirm these labour days")
            if left.only_theirs
            else turn.t("There is no Front officer or treasurer for {unit} yet to confirm these labour days")
        )
    elif labour:
        said = (
            turn.t(
                "There is no other union or mobilisation officer or treasurer for {unit} yet to confirm "
                "these labour days"
            )
            if left.only_theirs
            else turn.t(
                "There is no union or mobilisation officer or treasurer for {unit} yet to confirm these "
                "labour days"
            )
        )
    elif left.only_theirs:
        said = turn.t("There is no other treasurer for {unit} yet to confirm this entry")
    else:
        said = turn.t("There is no treasurer for {unit} yet to confirm this entry")
    if left.office_told:
        then = turn.t("; the office has been told.")
    else:
        then = turn.t("; please let the office (the administrator) know.")
    return "\n" + said.format(unit=left.unit) + then
