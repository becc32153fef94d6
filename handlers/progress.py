"""My progress: what I pledged against what I recorded (confirmed and waiting shown apart). The Fund
criterion counts only gifts to the Fund: Fund drives and entries for the Fund in general. A criterion counted
in numbers or done once shows the results the person recorded against it (/ketqua), and the latest of them
are listed."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Campaign, Criterion, Person, Unit
from bot.delivery.outbox import Destination, last_notice, message_kind
from bot.domain.access import (
    digest_units,
    is_away,
    may_hear_unit_total,
    may_open_decisions,
    may_read_rollup,
    may_see_own_standing,
    officers_confirm,
)
from bot.domain.campaigns import (
    LAST_YEAR_UNTIL_MONTH,
    active_campaign,
    campaign_covering,
    campaign_year,
    next_year_opens,
    registration_closed_on,
)
from bot.domain.collected import may_list_mine
from bot.domain.commitments import commitment_targets, owner_key
from bot.domain.contributions import (
    Adjustment,
    Totals,
    adjustments_in,
    confirmed_toward,
    person_totals,
    recent_contributions,
    unit_confirmed,
)
from bot.domain.notices import counted_later_mark, days_officer
from bot.domain.plan_glosses import criterion_name
from bot.domain.poverty import household_records
from bot.domain.results import RESULT_MEASURES, owner_results, recorded_toward
from bot.i18n import Translator
from bot.text import fold, match_key, nfc, pictures_dropped
from bot.year_report_doc import standing_label
from handlers.common import actor_of, go_home, in_commune, is_household, this_year_not_open
from handlers.contributions import goods_alone, labour_days_alone, typed_gift
from handlers.my_data import writes_use
from handlers.short_words import spelled_out
from handlers.wording import (
    describe,
    format_target,
    labour_days,
    own_status,
    percent,
    recorded_for_mark,
    result_amount,
    result_reached,
    statement_label,
    status_label,
)

flow = Flow("progress")
# Whether a gift was received, asked as people ask it (“da nhan chua?”, “tiền em gửi đã nhận được chưa ạ”,
# “đã xác nhận chưa”, “duyệt chưa”), compared without accents: a short question, answered by her progress,
# which lists her recent gifts and where each stands (decision 0491).
# Or why it is not confirmed yet, as a newcomer asks it (“sao chưa thấy xác nhận ạ”, “ck 300k rồi mà chưa thấy
# xác nhận”, “chưa được duyệt”): the same answer, which was “vui lòng chọn một mục” (decision 1254).
# In English too (“sent 200k, received yet?”, “did you receive my 200k yet”: decision 2287).
_RECEIVED_YET = re.compile(
    r"\b(?:nhan|duyet)(?: (?:duoc|tien|cua|em|chi|anh|minh|roi|khoan|nay|do)){0,4} chua(?: [a-z]+)?$"
    r"|\bchua (?:thay |duoc |co ai )?(?:xac nhan|duyet)(?: (?:a|ah|nhi|nhe|vay|ha|nua))?$"
    r"|\b(?:receive|received|confirmed|approved)(?: [a-z0-9]+){0,3} yet$"
)
_RECEIVED_YET_WORDS = 12
# The marks “nhận” and “duyệt” carry: the same letters with another mark are another word (“nhắn chưa”, has
# she texted; “nhấn”, pressed), never her question; typed without marks, or with some of these, they are it
_VERBS_MARKS = {"nhan": frozenset("\u0302\u0323"), "duyet": frozenset("\u0302\u0323")}


def _as_compared(word: str) -> str:
    """`word` without accents, or "-" where its marks make it another word than the verb it folds to."""
    key = fold(word)
    marks = {mark for mark in unicodedata.normalize("NFD", word) if unicodedata.combining(mark)}
    return "-" if key in _VERBS_MARKS and not marks <= _VERBS_MARKS[key] else key


# “sai rồi”, “nhầm rồi” said alone at the main menu, as after a receipt with the wrong figure: where a gift
# recorded by mistake is seen and withdrawn, as “ghi sai” (decision 0546). At home only: at a yes-or-no
# question the same words are “no”.
_SLIP_SAID = re.compile(
    r"^(?:(?:toi|em|minh|con|chau|a) )?(?:bi )?(?:sai|nham)(?: roi| r)?(?: (?:a|nhe|nha))?$"
)
# The same with the right figure said after it (“sai rồi, 300k chứ không phải 200k”): the gift recorded wrong
# is seen and withdrawn there, the right one typed after (decision 0570); it got the menu's answer.
_SLIP_CORRECTED = re.compile(
    r"^(?:(?:toi|em|minh|con|chau|a) )?(?:bi )?(?:ghi )?(?:sai|nham) (?:roi|r) (?=.*\d).*"
    r"\b(?:khong phai|chu khong|moi dung|moi la)\b"
)
# “I already sent it” with no figure (“tôi đã gửi rồi”, “đã chuyển tiền rồi ạ”): where her gifts stand, never
# a gift begun, which one the hamlet officer recorded would make two (decision 0546). “ck rồi” still opens a
# gift (handlers.contributions.typed_gift), as before.
_SENT_ALREADY = re.compile(
    r"^(?:(?:toi|em|minh|con|chau|nha em) )?(?:da )?(?:gui|chuyen|chuyen khoan|nop|dong)"
    r"(?: (?:tien|khoan|tien do|qua|roi tien))? (?:roi|r)(?: (?:a|nhe|nha|ma))?$"
)


# “còn nợ không”, “con no ko”, “con nho ko?” as a phone corrects it, “còn thiếu gì không ạ”, “do I still owe
# anything”: whether anything is still owed, asked at the menu. Nothing is: giving is voluntary, and her
# progress says what was pledged and given (decision 2275). “còn nhớ” wants a question word after it.
_OWED_ASKED = re.compile(
    r"^(?:(?:toi|em|minh|con|chau|nha em|ho|ho minh|nha minh) )?(?:van )?con "
    r"(?:(?:no|thieu)(?: (?:gi|khoan nao|bao nhieu|tien|nua|khong|ko|k|hok|hong|chua|a|nhe|nhi|ha|vay))*"
    r"|nho(?: (?:gi|khoan nao|bao nhieu|tien|nua))* (?:khong|ko|k|hok|hong|chua)(?: (?:a|nhe|nhi|ha|vay))*)$"
    r"|^(?:do|did) (?:i|we) (?:still )?owe(?: (?:anything|something|money))?(?: (?:now|still|this year))?$"
)


def asks_what_is_owed(text: str) -> bool:
    """Whether `text`, typed at the main menu, asks whether anything is still owed (“con no ko”): answered
    that giving is voluntary, then her progress (decision 2275)."""
    return _OWED_ASKED.match(_said(text)) is not None


# “mình đã ủng hộ bao nhiêu”, “tôi góp được bao nhiêu rồi ạ”, “how much have I given”: what she gave herself,
# asked at the menu with no figure. “ủng hộ” in it opened a gift, “Which drive is this contribution for?”,
# and the others got “please choose one of the options”: her progress answers it. “Ủng hộ bao nhiêu?” alone
# may ask what to give: a word of what is done (“đã”, “được”, “rồi”, “tổng cộng”) is needed.
_OWN_TOTAL_ASKED = re.compile(
    r"^(?=.*\b(?:da|duoc|roi|r|tong cong|tat ca|het|nam nay)\b)"
    r"(?:(?:toi|em|minh|con|chau|co) )?(?:da )?(?:ung ho|gop|dong gop|quyen gop)"
    r"(?: (?:duoc|tong cong|tat ca|het|cong))* bao nhieu"
    r"(?: (?:tien|roi|r|a|nhi|nhe|vay|the|ha|nam nay|rui))*$"
    r"|^how much (?:have|did) i (?:given|give|donated|donate|contributed|contribute)"
    r"(?: (?:so far|in total|this year|altogether))?$"
)


def asks_own_total(text: str) -> bool:
    """Whether `text`, typed at the main menu, asks how much she herself has given (“minh da ung ho bao
    nhieu”): her progress, never a gift begun."""
    return _OWN_TOTAL_ASKED.match(_said(text)) is not None


@lru_cache(maxsize=256)  # one message at the menu, read by each of the readers below: folded once
def _said(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", match_key(pictures_dropped(text))).split())


# “sửa lại 300k”, “ghi nham, 200k thoi”, “doi thanh 1tr”: a gift's amount changed after it was recorded,
# at the main menu. It was “please choose one of the options”; what he may do is said, then his gifts
# (decision 2277).
_FIGURE_CHANGED = re.compile(
    r"^(?:(?:toi|em|minh|con|chau|a|xin loi) )?"
    r"(?:(?:ghi|nhap|bi) )?(?:nham|sai|sua|sua lai|doi|doi lai)(?: (?:roi|r|so tien|lai))*"
    r"(?: (?:thanh|la|con|chi|lai))?"
    r" (?P<figure>\d+(?: \d{3})*(?: ?(?:k|nghin|ngan|tr\d*|trieu|d|dong|vnd))?)"
    r"(?: (?:thoi|thui|a|nhe|nha|thoi a|nhe a|moi dung|moi phai))*$"
)


_FIGURE = r"\d+(?: \d{3})*(?: ?(?:k|nghin|ngan|tr\d*|trieu|d|dong|vnd))?"
# “em đưa chị Mai 300k chứ không phải 200k”: what she handed over, not what was recorded, said at the menu
# once the treasurer confirmed it; answered as “sửa lại 300k” is (decision 2302). It was “please choose one of
# the options”. A giving word before it (“ủng hộ 1tr2 chứ không phải 1tr”) is a gift typed, read before this.
_HANDED_NOT_RECORDED = re.compile(
    r"^(?:(?:toi|em|minh|con|chau) )?(?:da )?(?:dua|nop|gui|chuyen|chuyen khoan|ck)(?: \w+){0,3}?"
    rf" (?P<figure>{_FIGURE}) chu khong phai(?: la)? {_FIGURE}"
    r"(?: (?:a|nhe|nha|ma|day|do))*$"
)


def figure_changed(text: str) -> str | None:
    """The amount typed after words that change it (“ghi nham, 200k thoi”: “200k”), or the one handed over
    said against the one recorded (“em đưa chị Mai 300k chứ không phải 200k”: “300k”), or None."""
    said = _said(text)
    match = _FIGURE_CHANGED.match(said) or _HANDED_NOT_RECORDED.match(said)
    return re.sub(r"(?<=\d) (?=\d)", "", match.group("figure")) if match is not None else None


# The same words before labour days or goods (“ghi nham, 1 ngay cong thoi”, “ghi nham 10kg gao thoi”), read
# as the menu reads them typed alone: what he may do with the latest gift of that kind (decision 2312).
_GIFT_CHANGED = re.compile(
    r"^(?:(?:toi|em|minh|con|chau|a|xin loi) )?"
    r"(?:(?:ghi|nhap|bi) )?(?:nham|sai|sua|sua lai|doi|doi lai)(?: (?:roi|r|lai))*"
    r"(?: (?:thanh|la|con|chi|lai))?"
    r" (?P<gift>.+?)"
    r"(?: (?:thoi|thui|a|nhe|nha|thoi a|nhe a|moi dung|moi phai))*$"
)


# Days said without “công” (“2 ngay”) are labour days only after the words that change a figure: alone at the
# menu they say no labour (0236). The example he is given is written whole (“2 ngay cong”), as it is read.
_DAYS_WITHOUT_THEIR_WORD = re.compile(r"\S+ ngay")


def gift_changed(text: str) -> tuple[str, str] | None:
    """The kind (“labour”, “goods”) and the words of labour days or goods typed after words that change them
    (“ghi nham, 1 ngay cong thoi”: “labour”, “1 ngay cong”), or None."""
    match = _GIFT_CHANGED.match(_said(text))
    if match is None:
        return None
    gift = match.group("gift")
    if labour_days_alone(gift):
        return "labour", gift
    if _DAYS_WITHOUT_THEIR_WORD.fullmatch(gift) and labour_days_alone(days := f"{gift} cong"):
        return "labour", days  # “ghi nham 2 ngay thoi”: days, after words that change them (decision 2441)
    return ("goods", gift) if goods_alone(gift) else None


def says_a_figure_changed(text: str) -> bool:
    return figure_changed(text) is not None or gift_changed(text) is not None


def says_a_slip(text: str) -> bool:
    """Whether `text`, typed at the main menu, says that something was wrong, alone (“sai roi”, “nhầm rồi”) or
    with the right figure (“sai rồi, 300k chứ không phải 200k”)."""
    said = _said(text)
    return _SLIP_SAID.match(said) is not None or _SLIP_CORRECTED.match(said) is not None


def says_sent_already(text: str) -> bool:
    """Whether `text`, typed at the main menu, says with no figure that she sent it already (“toi da gui
    roi”)."""
    return _SENT_ALREADY.match(_said(text)) is not None


def asks_if_received(text: str) -> bool:
    """Whether `text`, typed at the main menu, asks whether her gift was received or confirmed yet (“đã nhận
    chưa”, never “đã nhắn chưa”: decision 0507)."""
    words = [_as_compared(word) for word in re.sub(r"[^\w\s]", " ", nfc(text).lower()).split()]
    return len(words) <= _RECEIVED_YET_WORDS and _RECEIVED_YET.search(" ".join(words)) is not None


# Short, as a phone types it: “e ck 200k r nhận đc chưa ạ” (em chuyển khoản 200k rồi, nhận được chưa ạ) and
# “a oi ck roi do” (anh ơi, chuyển khoản rồi đó) were read as neither: the menu. The shortened words are
# spelled out, a call before (“a ơi”) and a particle after (“đó”) dropped, and the words read as 2287's
# question or as “I sent it already” (decision 2314). What the gift's reading takes (“ck rồi 500k”) stays
# a gift.
def asks_in_short_words(text: str) -> bool:
    """Whether `text`, typed short at the main menu, asks whether her gift was received (“e ck 200k r nhận
    đc chưa ạ”: decision 2314)."""
    return (spelled := spelled_out(text)) is not None and asks_if_received(spelled)


def says_sent_in_short_words(text: str) -> bool:
    """Whether `text`, typed short at the main menu, says with no figure that she sent it already (“a oi ck
    roi do”: decision 2314); never what the gift's reading takes as typed."""
    spelled = spelled_out(text)
    return spelled is not None and typed_gift(text) is None and says_sent_already(spelled)


# “ai chưa xác nhận”, “những khoản nào chưa duyệt”: who or which of them waits, asked of others' entries; from
# someone who confirms, her queue is meant, never her own progress (decision 1357).
_WHAT_WAITS = re.compile(
    r"^(?:con )?(?:ai|nhung ai|nguoi nao|khoan nao|nhung khoan|cac khoan)\b"
    r"(?: \w+){0,3} chua (?:duoc )?(?:xac nhan|duyet)\b"
)


def asks_what_waits(text: str) -> bool:
    """Whether `text` asks who or which entries are not confirmed yet (“ai chua xac nhan”), not whether
    one's own gift is."""
    return _WHAT_WAITS.match(_said(text)) is not None


# Said, not asked, of a notice just read (a reminder, an appeal, a digest: decision 2331). “đã nộp cho thôn
# rồi”, “em gửi cô trưởng thôn rồi ạ”: handed to the hamlet or to someone who collects, who records it.
_HANDED_IN = re.compile(
    r"^(?:(?:toi|em|minh|con|chau|nha em|nha minh|ho minh|ho em) )?(?:da )?"
    r"(?:nop|gui|dua|dong|chuyen|ung ho|gop)(?: (?:tien|qua|roi tien))? (?:cho |o |qua |tai |len )?"
    r"(?:thon|xom|ap|ban|to dan pho|khu pho|truong thon|truong ap|bac truong thon|can bo|co|chu|bac|anh|chi"
    r"|thu quy|mat tran|chi hoi|cong doan|to truong)(?: \w+){0,3} (?:roi|r)(?: (?:a|nhe|nha|ma))*$"
    r"|^i (?:alreadi )?(?:gave|handed|paid) it to (?:the |our )?(?:hamlet|officer|treasurer|union)(?: \w+)?"
    r"(?: alreadi)?$"
)
# “không đúng”, “chưa đúng ạ”, “that's wrong”: what the notice said is not so for her; “sai rồi” is
# `says_a_slip`'s. “không đúng, tôi chuyển rồi”: the same, with what she did said after it.
_NOT_RIGHT = re.compile(
    r"^(?:(?:tin|cai|thong bao|bao) (?:nay|do) )?(?:khong|ko|k|hong|chua) (?:dung|chinh xac)"
    r"(?: (?:roi|r|a|dau|nhe|ma))*(?: (?P<rest>.+))?$"
    r"|^(?:that s |this is |it s )?(?:wrong|not right|not correct|incorrect)(?: (?P<said>.+))?$"
)
# (“already” is read as match_key spells it, “alreadi”: y and i are one letter there)
_SENT_SAID_EN = re.compile(r"^i (?:alreadi )?(?:sent|paid|gave|transferred)(?: it)?(?: alreadi)?$")


def handed_in(text: str) -> bool:
    """Whether `text` says she handed her gift to someone who records it (“đã nộp cho thôn rồi”)."""
    return _HANDED_IN.match(_said(text)) is not None


def says_not_right(text: str) -> bool:
    """Whether `text` says a notice is wrong for her (“không đúng”, “sai rồi”), alone or with what she did."""
    said = _said(text)
    if writes_use(text):  # “không dùng”, I do not use it: folded, the letters of “không đúng” (2418)
        return False
    match = _NOT_RIGHT.match(said)
    if match is None:
        return says_a_slip(text)
    rest = match.group("rest") or match.group("said")
    return rest is None or says_sent(rest)


def says_sent(text: str) -> bool:
    """Whether `text` says she sent or handed it already (“tôi chuyển rồi”, “I already paid”)."""
    return says_sent_already(text) or handed_in(text) or _SENT_SAID_EN.match(_said(text)) is not None


def said_of_a_notice(text: str) -> bool:
    """Whether `text` says, of a notice just read, that she gave already or that it is wrong (2331)."""
    return says_sent(text) or says_not_right(text)


# The words that may follow a unit or the commune asked after (“… được bao nhiêu rồi”, “… vận động được bao
# nhiêu vậy ạ”): one list for both questions, so that what reads one reads the other.
_HOW_FAR_WORDS = (
    r"(?:duoc|da|ung ho|gop|quyen gop|dong gop|van dong|thu|dat|tong|tong cong|tat ca|het|bao nhieu|tien|roi"
    r"|chua|vay|the|a|nhi|nhe|ha|oi|co|la|nam nay|tong so|so tien|len|nao|tien do)"
)
# “thôn mình được bao nhiêu rồi”, “đơn vị mình ủng hộ được bao nhiêu”, “how much has our hamlet given”:
# what one's own unit gave, asked at the menu (decision 1402). No figure among the words: “thon minh ung ho
# 500k” is a gift. “bản”, “đội” are left out: “ban minh” is a friend, “doi minh” a wait. In English “my
# department” is asked after too, but only in a question (“how is my department doing”, “where does my
# department stand”): “my unit” alone may mean /unit (decision 2357). “my” is read as the i/y fold has it.
_ENGLISH_UNIT = r"(?:unit|hamlet|village|department|team)"
_SO_FAR = r"(?: (?:so far|in total|altogether|this year))*"
_UNIT_ASKED = re.compile(
    r"^(?:(?:cho|cua|ca) )?(?:thon|xom|ap|to|to dan pho|khu pho|don vi|phong|khoa|lop|truong|co quan)"
    rf" (?:minh|ta|chung ta|chung minh|nha minh)(?: {_HOW_FAR_WORDS})*$"
    rf"|^(?:how much (?:has|have|did) )?our {_ENGLISH_UNIT}"
    r"(?: (?:given|give|raised|collected|total|so far|in total|altogether))*$"
    rf"|^how much (?:has|have|did) mi {_ENGLISH_UNIT}(?: (?:given|give|raised|collected))?{_SO_FAR}$"
    rf"|^how (?:is|s|are) (?:our|mi) {_ENGLISH_UNIT}(?: (?:doing|going))?{_SO_FAR}$"
    rf"|^where (?:does|do) (?:our|mi) {_ENGLISH_UNIT} stand{_SO_FAR}$"
)


def asks_unit_total(text: str) -> bool:
    """Whether `text`, typed at the main menu, asks what one's own unit gave (“thon minh duoc bao nhieu
    roi”): answered with what may be said of it (`unit_total`, decision 1402)."""
    return _UNIT_ASKED.match(_said(text)) is not None


# The whole asked after (“xã mình được bao nhiêu rồi”, “how much has the commune raised”) and who has not
# given yet (“thôn nào chưa ủng hộ”, “ai chưa đăng ký”): what the digest tells a leader or officer, asked
# between Mondays; anyone else reads their own progress, as “bản tin” gives it (decision 1474).
_WHOLE_ASKED = re.compile(
    r"^(?:(?:cho|cua|ca|toan) )?(?:xa|phuong|thi tran)(?: (?:minh|ta|chung ta|nha minh))?"
    rf"(?: {_HOW_FAR_WORDS})+$"
    r"|^how much (?:has|have|did) (?:the|our) (?:commune|ward|town|organisation|organization)"
    r"(?: (?:given|give|raised|collected|so far|in total|altogether))*$"
)
# “ai chưa …”, “thôn nào vẫn chưa …”: who or which of them has not yet done what follows; asked for as a list
# too, as a busy head types it (“ds người chưa tham gia”, “danh sách đơn vị chưa ủng hộ”, decision 2870)
_WHOM = r"(?:thon|xom|ap|to|khu pho|don vi|phong|khoa|ho|nha|nguoi)"
_WHO_NOT_YET = (
    rf"^(?:con )?(?:(?:nhung )?{_WHOM} nao|ai|nhung ai"
    rf"|(?:xem |cho xem )?(?:danh sach|ds)(?: (?:nhung|cac))?(?: {_WHOM})?)"
    r"(?: (?:van|con))? chua "
)
_NOT_YET = re.compile(
    _WHO_NOT_YET + r"(?:co )?(?:ung ho|dong gop|gop|nop|tham gia|dang ki)\b"
    r"|^which (?:hamlets?|units?|departments?|households?|people)"
    r" (?:have|has)(?: not| n t| nt) (?:given|contributed|joined|registered)\b"
)


# “ai chưa đăng ký”, “khoa nào chưa đăng ký thi đua”, “which units have not registered”: who has not
# registered the year's commitment, counted, not who took part (decision 1728).
_NOT_REGISTERED = re.compile(
    _WHO_NOT_YET + r"(?:dang ki|ki cam ket|ki giao uoc)\b"
    r"|^(?:who|which (?:hamlets?|units?|departments?|households?|people)) (?:have|has)(?: not| n t| nt)"
    r" registered\b"
)


def asks_who_has_not_registered(text: str) -> bool:
    """Whether `text`, typed at the main menu, asks who has not registered a commitment yet (“ai chua dang
    ky”): the registrations counted, not the digest's who took part (decision 1728)."""
    return _NOT_REGISTERED.match(_said(text)) is not None


def asks_where_the_whole_stands(text: str) -> bool:
    """Whether `text`, typed at the main menu, asks how far the whole organisation has come (“xa minh duoc
    bao nhieu roi”) or which of its hamlets, units or people have not given yet (“thon nao chua ung ho”):
    the digest's questions (decision 1474)."""
    said = _said(text)
    if _NOT_YET.match(said) is not None:
        return True
    return _WHOLE_ASKED.match(said) is not None and any(
        w in said for w in ("bao nhieu", "tien do", "how much")
    )


RECENT_RESULTS = 3


def _reached(turn: Turn, criterion: Criterion, target: int, done: int, waiting: int) -> str:
    """What counts toward the pledge is what a treasurer confirmed; what waits is shown apart, with the
    percent it would make once confirmed. Figures carry their unit as the target does ("0 ngày công")."""
    reached = turn.t("confirmed {done} ({percent}% reached)").format(
        done=format_target(turn.t, criterion, done), percent=percent(done, target)
    )
    if waiting:
        reached += turn.t(", waiting for confirmation {waiting} ({percent}% once confirmed)").format(
            waiting=format_target(turn.t, criterion, waiting), percent=percent(done + waiting, target)
        )
    # What is left said plainly (“còn 1 ngày công”) once something was given, as the pledge's own goal,
    # never a debt: nothing given yet says nothing more (decision 2278).
    if criterion.measure in ("money", "labour_days") and 0 < done + waiting < target:
        left = format_target(turn.t, criterion, target - done - waiting)
        reached += turn.t("; {left} more and the pledge is reached").format(left=left)
    return reached


def _recorded(turn: Turn, criterion: Criterion, target: int, done: int, year: int, *, open_to: bool) -> str:
    """What results recorded make of a count or yes/no target: "recorded 1/2 (50%)", "recorded". Nothing
    recorded of a year /ketqua no longer records for (`open_to` False: the year just ended, read in January
    beside the new one) is not invited to it, but said as what is true (decision 2447)."""
    if criterion.measure == "yes_no" and not done and not open_to:
        return turn.t("no result was recorded for {year}").format(year=year)
    if criterion.measure == "yes_no" and not done:  # a bare “chưa ghi” under “có” read as nothing recorded
        return turn.t("no result recorded yet (/ketqua)")
    reached = result_reached(turn.t, criterion.measure, done, target)
    return reached if criterion.measure == "yes_no" else turn.t("recorded {reached}").format(reached=reached)


async def _results(turn: Turn, campaign_id: int, year: int, key: str, *, household: bool) -> list[str]:
    """The latest results recorded, with how they stand, and where to record or withdraw one."""
    results = await owner_results(turn.session, campaign_id, year, key, limit=RECENT_RESULTS)
    if not results:
        return []
    lines = [
        turn.t("Results the household recorded (/ketqua to record or withdraw one):")
        if household
        else turn.t("Results recorded (/ketqua to record or withdraw one):")
    ]
    for result in results:
        what = result_amount(turn.t, result.measure, result.quantity)
        state = {"withdrawn": turn.t("(withdrawn)"), "set_aside": turn.t("(not accepted)")}.get(result.status)
        line = f"• {turn.t.date(result.recorded_at)} · {result.criterion}: {what} — {result.description}"
        line += recorded_for_mark(turn.t, result.recorder)
        lines.append(f"{line} {state}" if state else line)
    return lines


async def _review_line(turn: Turn, household: Person, year: int) -> list[str]:
    """Where the household stands in `year`'s poverty review, as its hamlet's officer recorded it, and whether
    its pledge to escape poverty was kept: its own data (`access.may_see_own_standing`; decision 0395)."""
    if not may_see_own_standing(await actor_of(turn), household):
        return []
    record = (await household_records(turn.session, household.org_id, [household.id], [year])).get(
        household.id
    )
    if record is None or year not in record.standings:
        return []
    said = (
        turn.t("Poverty review of {year}: {standing} — the household got out of poverty as it pledged.")
        if record.kept([year])
        else turn.t("Poverty review of {year}: {standing}.")
    )
    return [said.format(year=year, standing=standing_label(turn.t, record.standings[year]))]


async def _year_lines(
    turn: Turn,
    person: Person,
    campaign: Campaign | None,
    year: int,
    *,
    past: bool = False,
    recording: bool = True,
) -> list[str]:
    """The heading, what the person registered for `year` against what they gave, and the year's totals;
    for a past year (`past`), nothing when they neither registered nor gave that year. `recording`: whether
    /ketqua still records for `year` (not for last year's, shown early in the new one: decision 2447)."""
    session, household = turn.session, person.kind == "household"
    totals = await person_totals(session, person.id, year, given=True)
    adjustments = await adjustments_in(session, person.id, year)
    key = owner_key("individual", person.id, None)
    targets = await commitment_targets(session, campaign.id, year, key) if campaign else []
    if past and not targets and not totals.entries and not adjustments:
        return []
    if household:
        heading = turn.t("Your household's progress in {year}")
    else:
        heading = turn.t("Your progress in {year}")
    lines = [heading.format(year=year)]
    closed = None if past else await registration_closed_on(turn.session, person.org_id, year, turn.today)
    # closed before the year's end: when the next one opens, as /dangky says it (decisions 2152, 2254, 2332)
    opens = await next_year_opens(turn.session, person.org_id, year, turn.today) if closed else None
    next_opens = (
        [turn.t("Registration for {next} opens on {opens}.").format(next=year + 1, opens=turn.t.date(opens))]
        if opens
        else []
    )
    if not targets and past:  # a past year given to without registering: its totals say it all
        pass
    elif not targets and closed is not None:  # registering was voluntary and is over: no way in that is gone
        said = (
            turn.t("Your household did not register for {year} (registration closed on {date}).")
            if household
            else turn.t("You did not register for {year} (registration closed on {date}).")
        )
        lines.append(said.format(year=year, date=turn.t.date(closed)))
        lines += next_opens  # under the closed line, what she looks for next (2254)
    elif not targets and household:
        lines.append(
            turn.t("Your household has not registered a commitment yet (menu: Register my commitment).")
        )
    elif not targets:
        lines.append(turn.t("You have not registered a commitment yet (menu: Register my commitment)."))
    else:
        lines.append(turn.t("Commitment:"))
        fund_totals = None
        recorded: dict[int, int] | None = None
        for criterion, target in targets:
            line = f"• {criterion_name(turn.t.locale, criterion)}: {format_target(turn.t, criterion, target)}"
            counted = totals
            if criterion.fund_only:
                if fund_totals is None:
                    fund_totals = await person_totals(session, person.id, year, fund_only=True, given=True)
                counted = fund_totals
            achieved = confirmed_toward(criterion.counts or [], counted)
            if achieved is not None:
                line += "\n  " + _reached(turn, criterion, target, *achieved)
            elif criterion.measure in RESULT_MEASURES:  # what the person recorded as done (/ketqua)
                assert campaign is not None  # a registration is of a campaign
                if recorded is None:
                    recorded = await recorded_toward(session, campaign.id, year, key)
                line += "\n  " + _recorded(
                    turn, criterion, target, recorded.get(criterion.id, 0), year, open_to=recording
                )
            lines.append(line)
    if household:
        lines += await _review_line(turn, person, year)
    figures = _totals_words(turn, totals)
    if past:
        lines.append(turn.t("Totals of {year}: {figures}.").format(year=year, figures=figures))
    else:
        lines.append(turn.t("Totals this year: {figures}.").format(figures=figures))
    if targets:  # her pledge stands for the year; the next one's is what she registers next (2332)
        lines += next_opens
    return lines + _adjustment_lines(turn, year, adjustments)


def _adjustment_lines(turn: Turn, year: int, adjustments: list[Adjustment]) -> list[str]:
    """The corrections of her gifts of a reported year booked in `year` (decision 1219), each year's on a line
    of its own under the year's totals: the books' adjustment, never read as a gift of `year` nor as a
    negative sum she gave (decision 1282)."""
    labels = {"money": turn.t("money"), "goods": turn.t("goods")}
    lines = []
    for adjustment in adjustments:
        figures = "; ".join(
            labour_days(turn.t, figure) if kind == "labour" else f"{labels[kind]} {turn.t.vnd(figure)}"
            for kind, figure in adjustment.figures
        )
        said = turn.t(
            "Adjustment of your gifts of {of_year} ({of_year}'s figures were reported, so it is booked in "
            "{year}): {figures}."
        )
        lines.append(said.format(of_year=adjustment.of_year, year=year, figures=figures))
    return lines


async def _not_open_lines(turn: Turn, person: Person, campaign: Campaign, year: int) -> list[str]:
    """In a year no plan covers (January after a plan's last year, the next one not loaded): that this year's
    campaign is not open, what was given in it so far, and the plan's last year as a year gone by, never read
    as “this year” (docs/decisions/0696)."""
    this_year = turn.today.year
    lines = [await this_year_not_open(turn, person.org_id)]
    totals = await person_totals(turn.session, person.id, this_year, given=True)
    if totals.entries:
        figures = _totals_words(turn, totals)
        lines.append(turn.t("Totals of {year}: {figures}.").format(year=this_year, figures=figures))
    lines += _adjustment_lines(turn, this_year, await adjustments_in(turn.session, person.id, this_year))
    past = await _year_lines(turn, person, campaign, year, past=True)
    return lines + (["", *past] if past else [])


def _totals_words(turn: Turn, totals: Totals) -> str:
    """Only the kinds the person gave, each with what is confirmed and what waits, leaving out what is nil:
    "money 500.000 ₫ confirmed; 2 labour days waiting". On a phone, “0 ₫” for every kind is only noise."""
    kinds = [
        (
            "money",
            turn.t("money"),
            totals.money_confirmed and turn.t.vnd(totals.money_confirmed),
            totals.money_pending and turn.t.vnd(totals.money_pending),
        ),
        (
            "goods",
            turn.t("goods"),
            (totals.goods_confirmed or totals.goods_unvalued_confirmed)
            and _goods(turn, totals.goods_confirmed, totals.goods_unvalued_confirmed),
            (totals.goods_pending or totals.goods_unvalued_pending)
            and _goods(turn, totals.goods_pending, totals.goods_unvalued_pending),
        ),
        (
            "labour",
            "",  # the days' own words name the kind: “3 ngày công đang chờ”, not “ngày công 3 đang chờ”
            totals.days_confirmed and labour_days(turn.t, totals.days_confirmed),
            totals.days_pending and labour_days(turn.t, totals.days_pending),
        ),
    ]
    parts = []
    for kind, label, confirmed, waiting in kinds:
        if not confirmed and not waiting:
            if kind not in totals.kinds:
                continue
            # given, then corrected back to nothing: the giver reads that nothing of it stands confirmed
            confirmed = labour_days(turn.t, 0) if kind == "labour" else turn.t.vnd(0)
        said = [turn.t("{figure} confirmed").format(figure=confirmed)] if confirmed else []
        said += [turn.t("{figure} waiting").format(figure=waiting)] if waiting else []
        parts.append(f"{label} {', '.join(said)}".strip())
    return "; ".join(parts) if parts else turn.t("nothing given yet")


def _goods(turn: Turn, value: int, unvalued: int) -> str:
    """Goods' value, and those given without one counted apart: 20 kg of rice is not “0 ₫”."""
    if not unvalued:
        return turn.t.vnd(value)
    items = turn.t.plural("{n} item with no value given", "{n} items with no value given", unvalued)
    items = items.format(n=turn.t.number(unvalued))
    return f"{turn.t.vnd(value)} + {items}" if value else items


async def _next_year(turn: Turn, person: Person, campaign: Campaign | None, year: int) -> list[str]:
    """Next year's registration, once made early (its window opened in December: decision 0077)."""
    if turn.today.year != year:
        return []
    ahead = campaign
    if ahead is None or ahead.ends_on.year <= year:  # next year is another campaign's, if any
        ahead = await campaign_covering(turn.session, person.org_id, year + 1)
    if ahead is None:
        return []
    key = owner_key("individual", person.id, None)
    targets = await commitment_targets(turn.session, ahead.id, year + 1, key)
    if not targets:
        return []
    # Its year said with the day its gifts begin to count (decision 0076), and set apart from the latest
    # gifts below, which are this year's: a December gift never reads as one toward next year's pledge.
    heading = turn.t("Registration for {year} (gifts recorded from {day} count toward it):")
    return [
        "",
        heading.format(year=year + 1, day=turn.t.date(date(year + 1, 1, 1))),
        *(f"• {item.title}: {format_target(turn.t, item, target)}" for item, target in targets),
        "",
    ]


@flow.prompt("mistake")
async def recorded_by_mistake(turn: Turn) -> None:
    """“ghi nhầm”, “ghi sai” typed: where an entry recorded by mistake is seen by its code and withdrawn while
    it waits. Whoever records for others (a hamlet officer) reads the entries they recorded, anyone else
    their own progress; both say so. At the main menu it was read as “Ghi nhận đóng góp”, a new gift begun
    (decision 0319)."""
    if await may_list_mine(turn.session, await actor_of(turn)):  # a role gone, cash still held too (0330)
        turn.goto("collected", "page")
    else:
        turn.goto("progress", "show")


@flow.prompt("sent")
async def sent_already(turn: Turn) -> None:
    """“Tôi đã gửi rồi” with no figure, at the main menu: her gifts as they stand (one the hamlet officer
    recorded among them), after how to record one that is not (decision 0546)."""
    turn.say(
        turn.t("If what you sent is not in the list below, type it to record it, for example: ung ho 200k.")
    )
    turn.goto("progress", "show")


@flow.prompt("notice_said")
async def said_of_notice(turn: Turn) -> None:
    """“tôi chuyển rồi”, “đã nộp cho thôn rồi”, “không đúng” typed after a reminder, an appeal or a digest:
    her gifts as they stand, after how to put right what she says (decision 2331). Whoever records for
    others reads a mistake where they read “ghi sai” (0319)."""
    text = turn.text or ""
    if says_not_right(text):
        if await may_list_mine(turn.session, await actor_of(turn)):
            turn.goto("collected", "page")
            return
        turn.say(await _not_right_line(turn))
    elif handed_in(text):
        turn.say(
            turn.t(
                "A gift handed to the hamlet or to an officer is recorded by the one who took it, and then "
                "shows in the list below. Not there after a few days? Please ask them."
            )
        )
    else:  # sent: as at the main menu (0546)
        turn.goto("progress", "sent")
        return
    turn.goto("progress", "show")


# A message older than this is not what “không đúng” typed at the main menu answers (decision 2417): a week,
# the digests' own round.
RECENT_NOTICE = timedelta(days=7)


async def _not_right_line(turn: Turn) -> str:
    """How to put right what “không đúng” says, of what it speaks of: the message just read where a notice is
    the last thing on screen (2331); where a reply came after it, the notice by what it was and its day, if
    it went in the last week (decisions 2417, 2520); else her gifts alone, no message named, since none she
    may mean was sent (decision 2417)."""
    t = turn.t
    notice = await last_notice(turn.session, Destination(turn.inbound.channel, turn.inbound.chat_id))
    if notice is not None and notice.on_screen:
        return t(
            "If the message above is not right for you: type a gift of yours missing from the list below "
            "to record it, for example: ung ho 200k. One recorded with the wrong figure: type its code "
            "while it waits, or tell the treasurer once it is confirmed."
        )
    if notice is not None and turn.now - notice.at <= RECENT_NOTICE:
        return t(
            "If {message} is not right for you: type a gift of yours missing from the list below to record "
            "it, for example: ung ho 200k. One recorded with the wrong figure: type its code while it waits, "
            "or tell the treasurer once it is confirmed."
        ).format(message=_notice_named(t, notice.key).format(date=t.date(notice.at)))
    return t(
        "If your gifts below are not right: type a gift of yours missing from the list to record it, for "
        "example: ung ho 200k. One recorded with the wrong figure: type its code while it waits, or tell "
        "the treasurer once it is confirmed."
    )


def _notice_named(t: Translator, key: str) -> str:
    """A notice named by what it was, from the first words of its outbox key (bot.db.models.OutboxMessage):
    an appeal (sent, sent again when asked later, or corrected), a reminder, a digest, the treasurer's word
    on a gift; any other by Chung Tay alone (decision 2520). {date}: the day it went."""
    kind = message_kind(key)
    if kind == "appeal":
        return t("the appeal Chung Tay sent on {date}")
    if kind == "reminder":
        return t("the reminder Chung Tay sent on {date}")
    if kind == "digest":
        return t("the weekly digest Chung Tay sent on {date}")
    if kind == "answer":
        return t("the treasurer's answer about a gift (sent on {date})")
    return t("the message Chung Tay sent on {date}")


@flow.prompt("changed")
async def amount_changed(turn: Turn) -> None:
    """“sửa lại 300k” after a gift was recorded: a gift is never edited (a reversal is the treasurer's), so
    the latest gift of money says what he may do, waiting (withdraw it, record the right one) or confirmed
    (tell the treasurer), then his gifts with their codes (decision 2277)."""
    assert turn.person is not None
    figure = figure_changed(turn.text or "")
    if figure is None and (changed := gift_changed(turn.text or "")) is not None:
        await _gift_changed(turn, *changed)
        return
    rows = await recent_contributions(turn.session, turn.person.id)
    gift = _latest(rows, "money")
    if gift is not None and gift.status == "recorded":
        said = turn.t(
            "The amount of a recorded gift cannot be changed. {code} ({amount}) is still waiting: type "
            "{code} and choose “Withdraw it”, then record the right amount, for example: give {figure}."
        )
        turn.say(said.format(code=gift.ref, amount=turn.t.vnd(gift.amount_vnd), figure=figure or ""))
    elif gift is not None and gift.status == "confirmed":
        said = turn.t(
            "{code} ({amount}) is already confirmed by the treasurer, so it cannot be changed here. If the "
            "amount is not right, please tell the treasurer, who corrects it."
        )
        turn.say(said.format(code=gift.ref, amount=turn.t.vnd(gift.amount_vnd)))
    await _show(turn, rows)  # his gifts as just read, not read again


def _latest(rows: list[Row[Any]], kind: str) -> Row[Any] | None:
    """The latest of `rows` (`recent_contributions`) of `kind` still standing: no reversal, not corrected."""
    return next(
        (row for row in rows if row.kind == kind and row.reverses_id is None and not row.corrected), None
    )


async def _gift_changed(turn: Turn, kind: str, typed: str) -> None:
    """“ghi nham, 1 ngay cong thoi” after a labour day, “ghi nham 10kg gao thoi” after goods: as 2277 says for
    money, the latest gift of that kind says what he may do, his own words its example, then his gifts
    (decision 2312). Nothing is changed."""
    assert turn.person is not None
    rows = await recent_contributions(turn.session, turn.person.id)
    gift = _latest(rows, kind)
    if gift is not None:
        what = describe(turn.t, gift.kind, gift.amount_vnd, gift.labour_days, gift.description)
        if gift.status == "recorded":
            said = turn.t(
                "A recorded gift cannot be changed. {code} ({what}) is still waiting: type {code} and choose "
                "“Withdraw it”, then record the right one, for example: {example}."
            ).format(code=gift.ref, what=what, example=typed)
        elif kind == "labour" and gift.status == "confirmed":
            said = turn.t(
                "{code} ({what}) is already confirmed, so it cannot be changed here. If it is not right, "
                "please tell {officer} or a treasurer, who corrects it."
            ).format(code=gift.ref, what=what, officer=days_officer(turn.t, commune=await in_commune(turn)))
        elif gift.status == "confirmed":
            said = turn.t(
                "{code} ({what}) is already confirmed by the treasurer, so it cannot be changed here. If it "
                "is not right, please tell the treasurer, who corrects it."
            ).format(code=gift.ref, what=what)
        else:
            said = ""
        if said:
            turn.say(said)
    await _show(turn, rows)  # his gifts as just read, not read again


@flow.prompt("owed")
async def nothing_owed(turn: Turn) -> None:
    """“Còn nợ không?” at the main menu: nothing is owed, said first, then what was pledged and given
    (decision 2275). It was “please choose one of the options below”."""
    if is_household(turn):
        turn.say(turn.t("Giving is voluntary: the household owes nothing. Here is what it pledged and gave."))
    else:
        turn.say(turn.t("Giving is voluntary: you owe nothing. Here is what you pledged and gave."))
    turn.goto("progress", "show")


@flow.prompt("show")
async def show(turn: Turn) -> None:
    await _show(turn)


async def _show(turn: Turn, recent: list[Row[Any]] | None = None) -> None:
    """What the person pledged and gave, and `recent`, her latest gifts (`recent_contributions`, read here
    where not already read in this turn)."""
    assert turn.person is not None
    if asks_what_waits(turn.text) and may_open_decisions(await actor_of(turn)):
        turn.goto("queue", "drive", keep_data=False)
        return
    person, session = turn.person, turn.session
    campaign = await active_campaign(session, person.org_id, turn.today)
    year = campaign_year(campaign, turn.today) if campaign else turn.today.year
    household = is_household(turn)
    key = owner_key("individual", person.id, None)
    if campaign is not None and year < turn.today.year:  # the plan's period is over, no next one (0696)
        lines = await _not_open_lines(turn, person, campaign, year)
    else:
        lines = await _year_lines(turn, person, campaign, year)
    if person.leaves_on is not None and person.left_on is None:  # planned ahead, said first (0270)
        going = turn.t(
            "You are recorded as leaving the organisation from {day}: until then you count in your unit as "
            "now; what you registered and gave stays yours."
        )
        lines = [going.format(day=turn.t.date(person.leaves_on)), "", *lines]
    if (until := person.away_until) is not None and is_away(person, turn.today):  # decisions 0740, 0775
        away = (  # training said as training (decision 2315)
            turn.t(
                "You are recorded as away on training until {day}: until then no appeal or reminder is "
                "sent to you. Back at work earlier? Type “{back}”."
            )
            if person.away_reason == "training"
            else turn.t(
                "You are recorded as away on long leave until {day}: until then no appeal or reminder is "
                "sent to you. Back at work earlier? Type “{back}”."
            )
        )
        lines = [away.format(day=turn.t.date(until), back=turn.t("I am back at work")), "", *lines]
    if campaign is not None:
        lines += await _results(turn, campaign.id, year, key, household=household)
    lines += await _next_year(turn, person, campaign, year)
    if turn.today.year == year and turn.today.month <= LAST_YEAR_UNTIL_MONTH:
        # Early in the year, last year's registration and gifts stay in sight: on 2 January they are
        # what the person has (decision 0076).
        before = await active_campaign(session, person.org_id, date(year - 1, 12, 31))
        # /ketqua records for this year now, no longer for the last (decision 2447)
        past = await _year_lines(turn, person, before, year - 1, past=True, recording=False)
        lines += ["", *past] if past else []
    if recent is None:
        recent = await recent_contributions(session, person.id)
    if recent:
        lines.append(turn.t("Latest contributions:"))
        commune = await in_commune(turn)  # who confirms her days, in her organisation's words (1877)
        by_officers = await officers_confirm(session, recent)  # a lone treasurer's own, as its receipt (2510)
        for c in recent:
            what = describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description)
            status = (
                status_label(turn.t, "corrected", commune=commune)
                if c.corrected
                else own_status(turn.t, c, commune=commune, by_officers=c.id in by_officers)
            )
            if c.reverses_id is not None:  # a treasurer's correction of a confirmed entry, with its reason
                status = turn.t("correction: {reason}").format(reason=c.reason)
            mark = recorded_for_mark(turn.t, c.recorder, payroll=c.from_payroll)
            later = counted_later_mark(turn.t.locale, c.ref, c.year)  # confirmed after its report (1218)
            lines.append(f"• {c.ref} · {turn.t.date(c.created_at)} · {what} · {status}{later}{mark}")
        # One's own gift still waiting may be withdrawn from its look-up, which a member's menu does not list.
        waiting = next((c.ref for c in recent if c.status == "recorded" and c.recorder is None), None)
        if waiting is not None:
            lines.append(
                turn.t(
                    "Recorded it by mistake or changed your mind? Type the code of a gift that still waits"
                    " (for example {ref}) to see it or withdraw it."
                ).format(ref=waiting)
            )
    else:
        lines.append(turn.t("No contributions recorded yet."))
    turn.say("\n".join(lines))
    go_home(turn)


@flow.prompt("unit_total")
async def unit_total(turn: Turn) -> None:
    """“thôn mình được bao nhiêu rồi” at the menu: her unit's confirmed money and goods and how many gave
    them, where the access module lets her hear them (three givers or more); a kind word where fewer gave,
    never their figure; then where a drive's public statement is (decision 1402)."""
    assert turn.person is not None
    actor = await actor_of(turn)
    if may_read_rollup(actor, turn.person.org_id) or digest_units(actor):
        # a leader or officer reads the unit's digest, with what waits and who took part (decision 1474)
        turn.goto("digest", "typed")
        return
    person, session = turn.person, turn.session
    unit = await session.get(Unit, person.unit_id) if person.unit_id is not None else None
    statement = turn.t(
        "Each drive's confirmed gifts are listed one by one in its public statement: “{statement}” on the "
        "menu, or type /saoke."
    ).format(statement=statement_label(turn.t, household=is_household(turn)))
    if unit is None:
        turn.say(
            "\n".join((turn.t("You belong to no unit yet, so there is no unit's total to tell."), statement))
        )
        go_home(turn)
        return
    campaign = await active_campaign(session, person.org_id, turn.today)
    year = campaign_year(campaign, turn.today) if campaign else turn.today.year
    total, kinds, people = await unit_confirmed(session, person.org_id, unit.id, year)
    if people == 0:
        said = turn.t("In {year} no gift of money or goods of {unit} has been confirmed yet.")
    elif may_hear_unit_total(actor, unit, kinds):
        said = (
            turn.t(
                "In {year}, {unit} gave money and goods of {total} confirmed in all; households that gave: "
                "{people}. Who gave and how much each is not told."
            )
            if is_household(turn)
            else turn.t(
                "In {year}, {unit} gave money and goods of {total} confirmed in all; people who gave: "
                "{people}. Who gave and how much each is not told."
            )
        )
    else:
        said = turn.t(
            "Thank you for asking after {unit}! In {year} fewer than three have a confirmed gift yet, so its "
            "total is not told: it would be one or two people's own gift."
        )
    turn.say(
        "\n".join((said.format(year=year, unit=unit.name, people=people, total=turn.t.vnd(total)), statement))
    )
    go_home(turn)
