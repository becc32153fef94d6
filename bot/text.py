"""Text as people type it: stored NFC, compared without case or diacritics ("dong gop" = "Đóng góp")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Control characters (NUL, escape codes, form feeds…) and lone surrogates (undecodable bytes): never part of
# what a person meant, and PostgreSQL refuses NUL in text. Newlines are kept; a tab reads as a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Marks that show nothing themselves: the direction overrides, embeddings and isolates that turn the rest of a
# line around where it is shown (a name ending in U+202E makes the amount after it read backwards in the
# treasurer's list), and the zero-width spaces, joiners and the BOM that make a second "Công ty Minh Phát"
# look like the first. A joiner between two emoji (a family 👨‍👩‍👧) is kept: it draws one picture.
_INVISIBLE = re.compile(
    r"[\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
    r"|\u200d(?=\w)|(?<=\w)\u200d|\u200d$|^\u200d"
)
# A zero-width space, non-joiner, joiner or BOM between two letters is where one word ends and the next
# begins (pasted from a web page or a post, or put there to slip a word past a filter): “t\u200bck” shows as
# “t ck” and is read so, not as “tck”. Beside a digit (“200\u200bk”, a long number a page let wrap), a space
# or a mark it is nothing, as before (decision 2727); after a letter whose tone mark came apart (NFD), a
# space too, the text composed first (decision 2746).
_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_])[\u200b-\u200d\ufeff]+(?=[^\W\d_])")


# Cyrillic and Greek letters drawn as a Latin one (Unicode's confusables, the plainest of them): a name with
# a Cyrillic А reads as “Nguyễn Văn An” but is another name to every search, sort and check.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТУХЅІЈԚԜаеорсухѕіјһԁԛԝүΑΒΕΖΗΙΚΜΝΟΡΤΥΧαιονρυ",
    "ABEKMHOPCTYXSIJQWaeopcyxsijhdqwyABEZHIKMNOPTYXaiovpu",
)
_LETTERS = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    """The script of a letter as far as look-alikes go: "latin", "other" (Cyrillic, Greek), or ""."""
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    return "other" if name.startswith(("CYRILLIC", "GREEK")) else ""


def latin_lookalikes(text: str) -> str:
    """`text` with the Cyrillic and Greek letters that look like Latin ones written as those, in each word
    that would then be Latin throughout, where the text holds Latin letters: “Nguyễn Văn Аn” (Cyrillic А)
    becomes the “Nguyễn Văn An” it reads as, so it is found, sorted, told apart and checked as that name
    (decision 0170). A word of other letters too (“Иван”), and a text with no Latin letter, stay as
    written."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if not any(_script(ch) == "latin" for ch in decomposed):
        return text

    def word(found: re.Match[str]) -> str:
        letters = found[0]
        foreign = [ch for ch in letters if _script(ch) == "other"]
        if not foreign or any(ch.translate(_LOOKALIKES) == ch for ch in foreign):
            return letters
        return letters.translate(_LOOKALIKES)

    return unicodedata.normalize("NFC", _LETTERS.sub(word, decomposed))


def nfc(text: str) -> str:
    """NFC with outer whitespace trimmed: the form every stored string takes."""
    return unicodedata.normalize("NFC", text).strip()


def plain_digits(text: str, *, most: int = 18) -> bool:
    """One to `most` digits 0–9 and nothing else: a number `int` reads as written. `str.isdigit` says yes to
    “²”, “١” and “𝟙” too, which `int` refuses or reads as another number (a button's data from a modified
    client, a spreadsheet's cell)."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def clean(text: str) -> str:
    """Inbound text as it is stored: line breaks made "\\n", control characters and invisible marks removed
    (a zero-width space between two letters made a space),
    look-alike letters of another script in a Latin word written as the Latin ones (`latin_lookalikes`), NFC,
    trimmed. Every channel's text goes through this once, at the edge (the conversation engine)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    # composed first: in text a phone wrote decomposed (“Unicode tổ hợp”) a mark, not a letter, stands before
    # the zero-width space (“hộ\u200bchị”), and the two words were glued (decisions 2743, 2746)
    text = _BETWEEN_WORDS.sub(" ", nfc(_CONTROL.sub("", text)))
    return nfc(latin_lookalikes(_INVISIBLE.sub("", text)))


# Quotation marks a title may hold of its own: such a title is shown as written, never quoted again.
_QUOTES = frozenset('"“”«»„')


REASON_LETTERS = 3  # "Sai", "chưa": the fewest letters a reason reads as one


def reads_as_reason(text: str) -> bool:
    """A reason someone else will read (why a gift was not received, why an entry was corrected) has a few
    letters in it: "." or "1" is no reason."""
    return sum(ch.isalpha() for ch in text) >= REASON_LETTERS


def quoted(title: str) -> str:
    """A title (of a drive, a criterion, a result…) between “ ”, as sentences show titles; one that holds
    quotes of its own is shown as written: `Quỹ “Vì người nghèo” xã 2026`, never
    “Quỹ “Vì người nghèo” xã 2026”."""
    return title if any(mark in _QUOTES for mark in title) else f"“{title}”"


def masked_phone(phone: str | None) -> str:
    """Enough of a phone to tell two people apart, not enough to call them: "********78" ("—": none)."""
    return "*" * (len(phone) - 2) + phone[-2:] if phone else "—"


@lru_cache(maxsize=8192)  # a turn folds its menu's labels and keywords: the same few hundred, again and again
def fold(text: str) -> str:
    """A comparison key: no diacritics, đ → d, case-folded, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


# The five tones' marks (huyền, sắc, ngã, hỏi, nặng), as NFD writes them: a syllable has one, which
# keyboards put on one vowel or the next (“Hoà”, “Hòa”). The vowels' own marks (â, ă, ơ…) and đ stay.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(r"[^\W\d_]+")


def _tone_last(found: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFD", found[0])
    tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS) + tones)


@lru_cache(maxsize=8192)  # a list's unit names, compared again on each of its rows
def marks_key(text: str) -> str:
    """A comparison key that keeps what tells two names apart: case, spaces, NFC and which vowel of a syllable
    carries its tone aside (“THÔN  HOÀ” = “Thôn Hòa”), but every letter with its marks: “Tổ Đ” is not “Tổ D”,
    “Thôn Hòa” not “Thôn Hóa” (decision 0462). `fold` is the key without them."""
    return _SYLLABLE.sub(_tone_last, " ".join(unicodedata.normalize("NFC", text).casefold().split()))


def unmarked(text: str) -> bool:
    """Written without any accent or đ (“to d”, “Thon Hoa”, “Lop 10A”), as a keyboard without Vietnamese
    types it."""
    return fold(text) == " ".join(unicodedata.normalize("NFC", text).casefold().split())


_NOT_WORD = re.compile(r"[^a-z0-9]+")
# The words of a text that a code could be (an invite code, or one of its halves): letters without accents
# and digits.
CODE_WORDS = re.compile(r"[A-Za-z0-9]+")


def words_key(text: str) -> str:
    """`fold`, with whatever is not a letter or a figure read as a space: how a sheet's heading (“Họ và
    tên:”, “SỐ TIỀN (đ)”) or a typed word is compared, whatever its marks, case and punctuation."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def accents_dropped(typed: str, stored: str) -> bool:
    """Whether `typed` is `stored` without its accents (“Nguyen Thi Lan” for “Nguyễn Thị Lan”, “khoa cong
    nghe” for “Khoa Công nghệ”), as a keyboard without Vietnamese writes it: the stored name is kept."""
    plain = " ".join(typed.casefold().split())
    return fold(typed) == fold(stored) == plain and fold(stored) != " ".join(stored.casefold().split())


# Words of two letters or more: three of them make a sentence a reader above would read.
_WORD = re.compile(r"[^\W\d_]{2,}")


def written_without_accents(text: str) -> bool:
    """Whether `text` is a sentence of Vietnamese typed without its accents (“Hoan thanh xuat sac nhiem
    vu”), as a phone without a Vietnamese keyboard writes it: at least three words and not one letter
    outside a–z. A name, a code or a figure alone is not such a sentence."""
    words = _WORD.findall(text)
    return len(words) >= 3 and all(word.isascii() for word in words)


# A syllable's last "y" after a consonant (or "qu") is written "i" as often: "ký"/"kí", "lý"/"lí", "kỳ"/"kì",
# "quý"/"quí", "tỷ"/"tỉ". Not after another vowel: "tay" and "tai", "tuy" and "tui" are different words.
_FINAL_Y = re.compile(r"(?:(?<=[bcdghklmnprstvx])|(?<=qu))y\b")


# What an emoji carries besides itself: its skin tone and the selector that asks for the coloured picture.
# "👍🏻" and "👍️" are the "👍" a keyword names.
_EMOJI_MODIFIERS = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


@lru_cache(maxsize=8192)  # every option and keyword of a step is keyed again for each word typed there
def match_key(text: str) -> str:
    """The key a typed word is matched on against options and keywords (never stored, never a name's key):
    `fold`, with the i/y spellings of a syllable made one ("dang ki" = "đăng ký") and an emoji's skin tone
    left out ("👍🏽" = "👍")."""
    return _FINAL_Y.sub("i", fold(_EMOJI_MODIFIERS.sub("", text)))


def pictures_dropped(text: str) -> str:
    """`text` without its emoji and other pictures (“dong gop 🙏” → “dong gop ”) when it has words; a picture
    typed alone (“👍”, a keyword itself) is kept."""
    if not any(ch.isalnum() for ch in text):
        return text
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("S") and ch != "\u200d")


# Thanks typed where a menu is on screen (“cảm ơn ạ 🙏”, “ok, cam on”): answered kindly, never “please choose”
# (bot.conversation.turn.not_an_option). Compared as `thanks` keys them.
THANKS_WORDS = frozenset(
    {
        "cam on", "cam on a", "cam on nhieu", "cam on nhieu a", "cam on ban", "cam on anh", "cam on chi",
        "da cam on", "ok cam on", "xin cam on", "thanks", "thank you", "thank", "tks", "thx", "many thanks",
        "thanks a lot", "thank you very much", "ok thanks", "ok thank you",
    }
)  # fmt: skip


# A greeting typed at the main menu (“alo”, “chào bạn”, “xin chào ạ”, “hello”, and “ok”, which answers nothing
# there): the menu's own greeting again, never “please choose” (bot.conversation.turn.not_an_option); at a
# question a greeting is greeted back and the question asked again (`says_hello`, decision 0263), and “ok” is
# Yes there (handlers.common).
# Compared as `greeting` keys them.
GREETING_WORDS = frozenset(
    {
        "alo", "a lo", "alo alo", "chao", "chao ban", "chao bot", "chao anh", "chao chi", "chao em", "chao a",
        "chao ban a", "xin chao", "xin chao a", "xin chao ban", "hi", "hii", "hello", "helo", "hey",
        "hi there", "good morning", "good afternoon", "good evening",
        # “ad” (the admin, whoever answers the page): “chào ad”, “xin chào ad”, “ad ơi” (decision 0299)
        "chao ad", "chao ad a", "xin chao ad", "xin chao ad a", "chao admin", "xin chao admin", "alo ad",
        "hi ad", "hello ad", "ad oi", "admin oi",
    }
)  # fmt: skip
ACKNOWLEDGE_WORDS = frozenset({"ok", "oke", "okay", "oki", "okie", "ok a", "oke a"})
# “Không” as chats write it, folded (“ko”, “k”, “hông”, “hok”): the one list where a phrase with “không”
# is looked for (“em ko co sdt”, decision 1160; “500k chứ kg phải 50k”, 1176; a cell's “ko thoát nghèo”).
# In this order too (`KHONG_WRITTEN`), where the words are listed among others (handlers.common.NO_WORDS).
KHONG_WRITTEN = ("ko", "k", "kg", "kh", "khg", "hong", "hok")
KHONG_IN_CHATS = frozenset(KHONG_WRITTEN)
# “Không” as chats write it that is one only where a yes or a no is all that can be meant: a last look's
# No (handlers.common.no_words) and the end of a question whether to give (“200k dc hem”).
# Kept out of `KHONG_WRITTEN`, read at joining's questions and in a poverty sheet's cells too, where it would
# be a “không” nobody meant (decisions 1483, 1631).
KHONG_AT_YES_OR_NO = ("hem",)
# A greeting's words written with their accents. Without them “chao” may greet; with others it is another
# word, often an answer: “Cháo” (porridge, a hospital's “bát cháo tình thương”) or “Chảo” (a pan) at the
# goods' question, which were greeted back and asked again as often as typed.
GREETING_MARKED = frozenset({"chào", "bạn", "chị", "ạ", "à", "alô", "lô", "ơi"})


def _said_alone(text: str) -> str:
    return " ".join(match_key(pictures_dropped(text)).replace(",", " ").split()).strip(" .!?")


def _greets(text: str) -> bool:
    """Whether `text` is a greeting's words (`GREETING_WORDS`), each written without accents or with the
    greeting's own (`GREETING_MARKED`): “chào bạn”, “chao ban”, never “cháo”."""
    if _said_alone(text) not in GREETING_WORDS:
        return False
    typed = unicodedata.normalize("NFC", pictures_dropped(text)).casefold().replace(",", " ").split()
    words = [word.strip(" .!?") for word in typed]
    return all(word == fold(word) or word in GREETING_MARKED for word in words)


# “Cảm ơn” followed only by words of address and softeners, in any order (“cảm ơn nhé”, “cảm ơn cháu nhiều
# nhé”, “cam on nha con”): thanks too, as an older person says them to someone young (decision 2797).
_THANKS_OPENINGS = ("cam on ", "xin cam on ", "da cam on ", "ok cam on ")
_THANKS_AFTER = frozenset(
    {"a", "nhe", "nha", "nhieu", "lam", "ban", "anh", "chi", "em", "chau", "con", "ad", "admin", "bot"}
)


def thanks(text: str) -> bool:
    """Whether `text` only says thank you (“Cảm ơn ạ!”, “ok, cam on 🙏”, “Thanks”, “cảm ơn cháu nhé”)."""
    said = _said_alone(text)
    if said in THANKS_WORDS:
        return True
    opening = next((words for words in _THANKS_OPENINGS if said.startswith(words)), None)
    after = said[len(opening) :].split() if opening else []
    return bool(after) and len(after) <= 3 and all(word in _THANKS_AFTER for word in after)


def greeting(text: str) -> bool:
    """Whether `text` only greets (“Alo”, “xin chào ạ 👋”, “Hello!”) or says “ok”."""
    return _greets(text) or _said_alone(text) in ACKNOWLEDGE_WORDS


def says_hello(text: str) -> bool:
    """Whether `text` only greets (“Alo”, “chao ban”, “Hello!”), “ok” aside: an answer at a question."""
    return _greets(text)


# Telex, the way most Vietnamese phones type accents, leaves its keys in the text when the keyboard's
# Vietnamese mode is off or fails: "ddang kys" for "đăng ký", "tieens ddooj" for "tiến độ". In a syllable, the
# keys s f r x j (the tones) come only after its first vowel (before it, s r x are consonants: "sau", "tra",
# "xong"); aa ee oo dd are â ê ô đ; w after a, o, u is ă ơ ư, and alone ư.
_VOWELS = frozenset("aeiouyw")  # w: ư typed alone ("nhw" for "như")
_TELEX_WORD = re.compile(r"[a-z]+")


def _untelex_word(word: str) -> str:
    first = next((at for at, ch in enumerate(word) if ch in _VOWELS), len(word))
    word = word[: first + 1] + "".join(ch for ch in word[first + 1 :] if ch not in "sfrxj")
    word = word[1:] if word.startswith("dd") else word
    for doubled in ("aa", "ee", "oo"):
        word = word.replace(doubled, doubled[0])
    word = re.sub(r"(?<=[aou])w", "", word)
    return word.replace("w", "u")


def telex_read(text: str) -> str:
    """`fold(text)` read as Telex keys left in it, its spelling kept: a name's key ("hooj baf ha thij sau"
    → "ho ba ha thi sau"). A Vietnamese name folded ends no syllable in s f r x j and doubles no a e o, so a
    name typed with its accents reads the same."""
    return _TELEX_WORD.sub(lambda word: _untelex_word(word[0]), fold(text))


def telex_key(text: str) -> str:
    """`match_key` of `text` read as Telex keys left in it ("ddang kys" → "dang ki", "tieens ddooj" → "tien
    do"): only a second reading where the first found nothing, since an English word ("yes") or a name read
    this way is another word."""
    folded = fold(_EMOJI_MODIFIERS.sub("", text))
    return _FINAL_Y.sub("i", _TELEX_WORD.sub(lambda word: _untelex_word(word[0]), folded))


def swapped(typed: str, word: str) -> bool:
    """`typed` is `word` with two neighbouring letters swapped (“ahn” for “anh”, “dnag” for “dang”): the
    commonest slip of a thumb."""
    if len(typed) != len(word) or typed == word:
        return False
    differ = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and typed[differ[0]] == word[differ[1]]
        and typed[differ[1]] == word[differ[0]]
    )


def letters_off(a: str, b: str) -> int:
    """How many letters `a` is off `b`: each wrong, left out, one too many, or two neighbours swapped."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


# What may follow a syllable's first consonants, folded (`fold`: “ương” is “uong”, “ếch” “ech”).
_RHYMES_WRITTEN = """
a ac ach ai am an ang anh ao ap at au ay e ec ech em en eng enh eo ep et eu i ia ich iec iem ien iep
iet ieu im in inh ip it iu o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oen oeo oet oi
om on ong ooc oong op ot u ua uan uang uanh uat uau uay uc ue uech uen uenh uet ui um un ung uo uoc
uoi uom uon uong uop uot uou up ut uu uy uya uych uyen uyet uynh uyp uyt uyu y yem yen yet yeu
"""
_RHYMES = frozenset(_RHYMES_WRITTEN.split())
# A syllable's first consonants, the longest first; k, gh and ngh go only before e, i and y, and c, g and ng
# never do (gi is its own: “gia”, “gì”).
_ONSETS_WRITTEN = "ngh ch gh gi kh ng nh ph qu th tr b c d g h k l m n p r s t v x"
_ONSETS = (*_ONSETS_WRITTEN.split(), "")
_FRONT = ("e", "i", "y")


@lru_cache(maxsize=4096)
def a_syllable(word: str) -> bool:
    """Whether `word` (accents aside) is written as a Vietnamese syllable can be: “nhi”, “Nội”, “dưỡng”;
    not “ngaoi”, “dưỡg”, “ngê” nor “CN”. A word that is no syllable was mistyped, or written short."""
    word = fold(word)
    for onset in _ONSETS:
        if not word.startswith(onset):
            continue
        rhyme = word[len(onset) :]
        if onset == "gi" and (not rhyme or "i" + rhyme in _RHYMES):
            return True  # “gì”, “gìn”
        if onset == "qu":
            if rhyme in _RHYMES or "u" + rhyme in _RHYMES:
                return True
            continue
        if rhyme not in _RHYMES:
            continue
        front = rhyme.startswith(_FRONT)
        if (onset in ("k", "gh", "ngh") and not front) or (onset in ("c", "g", "ng") and front):
            continue
        return True
    return False


def one_slip(typed: str, word: str) -> bool:
    """`typed` is `word` as a thumb slips once: one letter wrong, left out or one too many, or two
    neighbouring letters swapped (“dnag”, “gp” in “dong gp”, “tien doo”); not `word` itself."""
    return abs(len(typed) - len(word)) <= 1 and letters_off(typed, word) == 1


# After "Hộ" a household's name says whose it is in lower case: “Hộ ông Trần Văn Ba”, “Hộ bà Lò Thị Xuân”.
_TITLES = frozenset({"ong", "ba", "anh", "chi", "co", "chu", "bac", "di"})


# The apostrophes a phone or a word processor writes (’ ‘ ʼ) in the Ê-đê, Jrai and Ba Na names of Tây Nguyên
# (“H’Blương Niê”, “Ksor H’Nhi”): one apostrophe, the keyboard's, so a name typed either way is one name.
_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc", "'''")
# A word of an Ê-đê or Jrai name that is a letter and an apostrophe before the rest (“H'Blương”, “Y'Jut”):
# both letters capitals, as their papers write them (decision 0603).
_LETTER_APOSTROPHE = re.compile(r"^([^\W\d_])'([^\W\d_])")


def name_apostrophes(name: str) -> str:
    """`name` with its apostrophes the keyboard's (`_APOSTROPHES`): “H’Nhi” is “H'Nhi”."""
    return name.translate(_APOSTROPHES)


def typed_name(text: str) -> str:
    """A person's name as typed or pasted at the shell (`chungtay people grant "…"`, `--as "…"`): cleaned once
    as chat text is (`clean`: a zero-width space or a direction mark pasted from Zalo or Excel removed, NFC),
    its apostrophes one (`name_apostrophes`), single spaces (decision 0603)."""
    return " ".join(name_apostrophes(clean(text)).split())


def name_case(name: str) -> str:
    """A person's or a household's name typed all in small letters or all in capitals (“vo thi hoa”, “NGUYỄN
    VĂN AN”), as papers write it: each word with a capital (“Vo Thi Hoa”, “Nguyễn Văn An”; “hộ ông trần văn
    ba” → “Hộ ông Trần Văn Ba”), and the letter after “H'” too (“H'BLƯƠNG NIÊ” → “H'Blương Niê”). Without
    accents every word gets one (“ho ba bay” → “Ho Ba Bay”: “ba” may be “bà” or the name “Ba”). A name
    written with capitals of its own (“Hộ ông Ba”, “H'Hen Niê”) is kept as typed, its apostrophes made one
    (`name_apostrophes`). Not for a donor: “CÔNG TY ABC” would lose its capitals."""
    name = name_apostrophes(name)
    if not (name.islower() or name.isupper()):
        return name
    words = name.lower().split(" ")
    accented = fold(name) != " ".join(name.lower().split())
    out = []
    for at, word in enumerate(words):
        title = accented and at == 1 and fold(words[0]) == "ho" and fold(word) in _TITLES
        word = word if title else word[:1].upper() + word[1:]
        out.append(_LETTER_APOSTROPHE.sub(lambda m: f"{m[1]}'{m[2].upper()}", word))
    return " ".join(out)


_HOUSEHOLD_WORDS = ("ho ", "gia dinh ")


def as_household(name: str) -> str:
    """A household's name as a household's: “Hộ Trần Văn Ba” when the list wrote only “Trần Văn Ba”."""
    return name if fold(name).startswith(_HOUSEHOLD_WORDS) else f"Hộ {name}"


# Vietnamese dictionary order, as CLDR's "vi" collation (so ICU, LibreOffice, a phone's contacts) sorts:
# the 29 letters, with ă, â after a, đ after d, ê after e, ô, ơ after o, ư after u (the f, j, w, z of
# foreign words in their Latin places); case ignored; the tone marks only break ties, in the order none,
# huyền, hỏi, ngã, sắc, nặng; a number inside a name compared as a number. Code-point order puts "Chấn"
# before "Cấp", "Điều" after "Tổ" and "Tổ 10" before "Tổ 2". Digraphs (ch, ng, nh, th, tr…) are letters
# in a row, as CLDR has them.
_ALPHABET = {letter: place for place, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_VOWEL_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn: ă â ê ô ơ ư are letters
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_PIECES = re.compile(r"([0-9]+)|(.)", re.DOTALL)
_SPACE, _NUMBER, _LETTER, _OTHER_LETTER = range(4)  # what a piece is, in the order kinds sort: spaces first

SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...], str]


@lru_cache(maxsize=8192)  # an organisation's units are sorted in several lists of every digest and menu
def sort_key(text: str) -> SortKey:
    """The key that sorts names (of units, drives, anything a person reads in a list) in Vietnamese
    dictionary order: `sorted(units, key=lambda u: sort_key(u.name))` gives "Khoa Cấp cứu", "Khoa Chấn
    thương", "Khoa Dược", "Khoa Điều trị", and "Tổ 2" before "Tổ 10". The letters are compared over the
    whole name first, then the tones, then the case; names a reader cannot tell apart ("Tổ 02", "Tổ 2")
    come in code-point order."""
    text = _SPACES.sub(" ", nfc(text))
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for number, char in _PIECES.findall(text):
        if number:
            letters.append((_NUMBER, int(number)))
            continue
        weight, tone, case = _weigh(char)
        letters.append(weight)
        if tone is not None:
            tones.append(tone)
            cases.append(case)
    return tuple(letters), tuple(tones), tuple(cases), text


@lru_cache(maxsize=4096)
def _weigh(char: str) -> tuple[tuple[int, int], int | None, int]:
    """One character's weights: (its kind, its place) for the letters, its tone (None: not a letter), its
    case. Kept: a list of names holds the same few dozen characters over and over."""
    if not char.isalpha():
        return (_SPACE, ord(char)), None, 0
    base, *marks = unicodedata.normalize("NFD", char)
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _VOWEL_MARKS)).lower()
    place = _ALPHABET.get(letter)
    weight = (_LETTER, place) if place is not None else (_OTHER_LETTER, ord(letter[0]))
    tone = next((_TONES[mark] for mark in marks if mark in _TONES), 0)
    return weight, tone, 0 if char == char.lower() else 1


def person_sort_key(full_name: str) -> tuple[SortKey, SortKey]:
    """The key that sorts people as Vietnamese lists do (a class list, a staff list, a payroll): by the given
    name — the last word, “Bình” of “Nguyễn Văn Bình” — then by the rest (họ và tên đệm), each in the order of
    `sort_key`: “Trần Văn An”, “Lê Thị Bình”, “Nguyễn Văn Bình”."""
    *rest, given = _SPACES.sub(" ", nfc(full_name)).split(" ")
    return sort_key(given), sort_key(" ".join(rest))


def told_apart(listed: Sequence[tuple[str, *tuple[str | None, ...]]]) -> list[str]:
    """The names of one message's list, `listed` as (name, then what may tell namesakes apart, in order:
    their position, their unit, the day they joined): a name listed more than once gets the first of these
    that no namesake of the list shares: “Nguyễn Thị Hoa (Điều dưỡng trưởng), Nguyễn Thị Hoa (Hộ lý)”.
    Never a phone: its last digits are what proves a listed record is one's own (docs/decisions/0010,
    0259). Namesakes alike in all of it read alike."""

    def same(text: str) -> str:
        return _SPACES.sub(" ", nfc(text)).casefold()

    groups: dict[str, list[tuple[str | None, ...]]] = {}
    for entry in listed:
        groups.setdefault(same(entry[0]), []).append(tuple(entry[1:]))
    shown = []
    for name, *tags in listed:
        namesakes = groups[same(name)]
        tag = None
        if len(namesakes) > 1:
            for index, value in enumerate(tags):
                if (
                    value
                    and sum(1 for other in namesakes if other[index] and same(other[index]) == same(value))
                    == 1
                ):
                    tag = nfc(value)
                    break
        shown.append(f"{name} ({tag})" if tag else name)
    return shown


def clipped(text: str, limit: int, *, at_word: bool = False) -> str:
    """`text` cut to `limit` characters, "…" marking the cut: a name or goods in a line of a long list, so
    a page of it stays one Zalo message (where one entry is shown alone, it is shown whole). `at_word`: cut
    after a whole word (what someone typed, quoted back; a button's label past what Telegram shows, never
    “…; 1” for 12 labour days; a unit's name on the statement, decision 2722), never inside one (but a first
    word too long), and never after a spaced dash that joins a name's parts (“Phòng Đào tạo – Hành chính…”,
    not “… – Hành chính –…”)."""
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    if at_word and not text[limit - 1].isspace() and " " in kept.strip():
        kept = kept.rsplit(" ", 1)[0]
    if at_word and (joined := _DANGLING_DASH.sub("", kept)).strip():
        kept = joined
    return kept.rstrip() + "…"


# A spaced dash left at the end of a name cut after a word (“Phòng Đào tạo – Hành chính –”): dropped.
_DANGLING_DASH = re.compile(r"\s+[-–—]\s*$")


# A unit's name joined of two at a dash with spaces either side (“Khoa Nội – Nội tiết”, decision 2318).
_JOINED = re.compile(r"\s+[-–—]\s+")


def joined_units(name: str) -> tuple[str, ...]:
    """The units a name joined of two at a spaced dash names, its kind before the second (“Khoa Nội – Nội
    tiết”: “Khoa Nội”, “Khoa Nội tiết”, two departments made one; decision 2318); () where it joins none.
    The staff list's near names and a transfer's unit read it alike."""
    first, *joined = _JOINED.split(name)
    words = first.split()
    if not joined or len(words) < 2:
        return ()
    return (first, *(f"{words[0]} {other}" for other in joined if other.strip()))
