"""Recording for someone else (“Ghi nhận thay cho hộ/người khác”, /ghithay): an officer types part of a name
(accents optional), picks the household or person from a short list of those they may act for
(bot.domain.access.may_act_for), then goes through the very same contribution, commitment or result flow,
which carries the chosen person's id in its data (`for_id`) and says on every summary for whom it is."""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import ColumnElement, select

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import ChannelIdentity, Person, Unit
from bot.domain.access import (
    Actor,
    acted_for_by,
    households_beyond,
    may_act_for,
    may_give_link_code_for,
    may_open_acting_for,
    may_open_donor_gifts,
    may_open_queue,
    may_record_donor_gift,
    recording_their_own,
    subject_for,
)
from bot.domain.donors import DonorError, donor_to_record
from bot.domain.links import LinkProblem, issue_link_code_for
from bot.domain.money import writer_as_typed
from bot.domain.namesakes import names_told_apart
from bot.domain.notices import level_name, role_place
from bot.i18n import format_datetime
from bot.messages import Choice
from bot.text import fold, match_key
from handlers.collected import entry_choice
from handlers.common import (
    COMMIT_WORDS,
    GIVE_WORDS,
    RESULT_WORDS,
    WRONG_ONE_WORDS,
    actor_of,
    ask_typed,
    back_choice,
    commune_and_level_of,
    commune_word,
    front_of_the_whole,
    go_home,
    heads_a_hamlet,
    is_household,
    officers_named,
    officers_or_home,
    picked_id,
)
from handlers.donors import DONOR, donor_choice
from handlers.menu import entry_typed
from handlers.name_search import (
    HOUSEHOLD_LEADS,
    HOUSEHOLD_SAID,
    MAX_MATCHES,
    found_by_name,
    found_menu,
    not_this_one,
    said_joined,
    search_by_name,
    taken_at_once,
)

flow = Flow("behalf")
GIVE, COMMIT, RESULT, LINK = "give", "commit", "result", "link"
LABOUR_DAY = "labourday"  # the labour days of many members at once (handlers/labour_day.py)
PAPER_LIST = "giftlist"  # an evening's paper list of households' gifts at once (handlers/gift_list.py)
COLLECTED = "collected"  # the id of `entry_choice`: what the officer recorded for others
ANOTHER = "another"  # a last look's choice of another household or person to record for (decision 0202)
# The last look each flow comes back to once another household or person is chosen there (0202, 0214).
LAST_LOOKS = {"give": "confirm", "commit": "review", "result": "confirm"}


def acting_for(turn: Turn) -> bool:
    """This chat records for someone else (chosen under “Record for…”, or a donor's gift)."""
    return bool(turn.data.get("for_id")) or donor_unit(turn) is not None


def subject_name(turn: Turn) -> str:
    return str(turn.data.get("for_name") or "")


async def subject_of(turn: Turn) -> Person | None:
    """Whom the flow is for: the writer, or the person chosen under “Record for…” if the writer may still act
    for them, or the donor from outside chosen under “Gift from a donor…” (handlers/donors.py) if the writer
    may still record their gift in the unit chosen; None when they no longer may (said, and the chat goes
    home)."""
    for_id = turn.data.get("for_id")
    if donor_unit(turn) is not None:  # a donor not yet written has no id: written with the gift (0106)
        person = await turn.session.get(Person, for_id) if for_id else await _donor_to_be(turn)
        return person if await _may_still_record_donor(turn, person) else None
    if not for_id:
        return turn.person
    person = await turn.session.get(Person, for_id)
    return person if await _may_still_act_for(turn, person) else None


def donor_unit(turn: Turn) -> int | None:
    """The unit that collected the gift, when the chat records a donor's from outside the organisation."""
    unit_id = turn.data.get("donor_unit")
    return int(unit_id) if unit_id else None


def giving_unit(turn: Turn, subject: Person) -> int | None:
    """The unit a gift of `subject` is of: the one that collected it for a donor from outside, else theirs."""
    return donor_unit(turn) or subject.unit_id


async def _donor_to_be(turn: Turn) -> Person | None:
    """The new donor the chat records a gift of, not yet written (bot.domain.donors.donor_to_record); None
    when the writer may no longer record one."""
    try:
        return await donor_to_record(turn.session, await actor_of(turn), subject_name(turn), now=turn.now)
    except DonorError:
        return None


async def _may_still_record_donor(turn: Turn, person: Person | None) -> bool:
    """`may_record_donor_gift` in the chosen unit now, for a donor; when not, said, and the chat goes home."""
    unit = await turn.session.get(Unit, donor_unit(turn) or 0)
    donor = person is not None and person.kind == "donor"
    if donor and unit is not None and may_record_donor_gift(await actor_of(turn), unit):
        return True
    turn.say(turn.t("You may no longer record gifts from donors in that unit."))
    go_home(turn)
    return False


async def _may_still_act_for(turn: Turn, person: Person | None) -> bool:
    """`may_act_for` the person now; when not, said, and the chat goes home."""
    if person is not None and may_act_for(await actor_of(turn), await subject_for(turn.session, person)):
        return True
    turn.say(turn.t("You may not record for this person."))
    go_home(turn)
    return False


async def refused_to_act_for(turn: Turn) -> bool:
    """Whether the writer may not record for others: said (with how a hamlet head may), and the chat home."""
    refusal = turn.t("Only {officers} can record for a household or someone else.")
    if await officers_or_home(turn, may_open_acting_for, refusal) is not None:
        return False
    if may_open_queue(await actor_of(turn)):  # cash colleagues handed her: how it reaches the books (1396)
        turn.say(
            turn.t(
                "Cash your colleagues hand you: each of them records their own gift, for example: "
                "donate 200k, with the note “cash handed to the treasurer”; you then confirm it with "
                "/xacnhan. For someone who does not use the bot, please ask {officers} to record it; you "
                "confirm it. Whoever records a gift never confirms it."
            ).format(officers=await officers_named(turn))
        )
    if await heads_a_hamlet(turn):  # he collects in his hamlet: how he may, said (0263's later note)
        turn.say(
            turn.t(
                "A hamlet head records for the households of the hamlet once the {level}'s office also makes "
                "them {officers} of that hamlet: please ask the {level}'s office."
            ).format(officers=await officers_named(turn), level=await commune_word(turn) or turn.t("commune"))
        )
    return True


# How a household's name is typed (“hộ ông”, “nhà bà”, “gia đình anh”): a bare “ho” may be the surname Hồ.
_TITLES_SAID = ("ong", "ba", "anh", "chi", "co")
_HOUSEHOLD_SAID = (
    *(f"{word} {title} " for word in ("ho", "nha", "gia dinh") for title in _TITLES_SAID),
    "ho gia dinh ",
)


def _a_households_name(text: str | None) -> bool:
    """Whether `text` names a household as people say one (“ho ba lo thi xuan”, decision 0522's words): where
    none is found, it may be a new one the list lacks (decision 0835)."""
    return f"{fold(text or '')} ".startswith(_HOUSEHOLD_SAID)


def named_with_it(text: str | None) -> str | None:
    """The name typed after the way in, as a hamlet head types it at the menu (“ghi thay tran van ba”, “ghi
    thay cho ho ba”): the name as typed, or None when the words are not that."""
    words = (text or "").split()
    keys = [match_key(word) for word in words]
    for way_in in (["ghi", "thay"], ["ghi", "nhan", "thay"]):
        if keys[: len(way_in)] == way_in:
            rest = words[len(way_in) :]
            if rest and match_key(rest[0]) == "cho":
                rest = rest[1:]
            return " ".join(rest).strip(" .!?") or None
    return None


# A household as English says it (“Mr Nam's household”, “Mrs Mai's family”): the list's “Hộ ông Nam”, “Hộ bà
# Mai” (decision 0872).
_ENGLISH_HOUSEHOLD = re.compile(
    r"^\s*(?:the\s+)?(?P<title>mr|mrs|ms|miss)\.?\s+(?P<name>[^\s'’]+(?:\s+[^\s'’]+){0,3})['’]s?\s+"
    r"(?:household|family|house)\b",
    re.IGNORECASE,
)


def _as_vietnamese_says_it(text: str) -> str:
    """`text` with a household said in English at its start written as the list writes one (“hộ ông Nam”)."""
    said = _ENGLISH_HOUSEHOLD.match(text)
    if said is None:
        return text
    title = "ông" if said["title"].lower() == "mr" else "bà"
    return f"hộ {title} {said['name']}{text[said.end() :]}"


def named_with_a_gift(text: str | None) -> tuple[str, str] | None:
    """A household named with its gift after it, in one line, as a hamlet officer types what a household
    handed her (“ho ong Nguyen Van Ba thon Hoa ung ho 20k”): the name (with its hamlet, if typed) and the
    gift's words; None when the words are not that (decision 0484)."""
    from handlers.contributions import typed_gift  # (that module builds on this one)

    words = _as_vietnamese_says_it(text or "").split()
    said = " ".join(match_key(word) for word in words)
    if not any(said.startswith(lead) for lead in HOUSEHOLD_LEADS[:2]):  # “ho ong …”, “ho ba …”
        # “nhà ông Ba …”, “gia đình bà Lan …”: the household as people say it, sought as “hộ ông Ba”
        lead = next((lead for lead in HOUSEHOLD_SAID if said.startswith(lead)), None)
        if lead is None:
            return None
        words = ["hộ", *words[len(lead.split()) - 1 :]]
    for start in range(3, len(words)):
        gift = typed_gift(" ".join(words[start:]))
        if gift is not None and gift.kind is not None and gift.figure:
            return " ".join(words[:start]), " ".join(words[start:])
    return None


def names_her_household(typed: str, household: str) -> bool:
    """Whether no word of the name `typed` only begins a word of her household's name: “ho ong Ba” is not
    Hộ ông Trần Văn Bảy, nor “ho ong Hoa” Hộ ông Hoàng Văn Sáu, though a search as she types finds them
    there; a letter alone is an initial (“ho ong Nguyen V. Ba”) beside a word of the name itself (0522)."""
    hers, words = fold(household).split(), [word.strip(".") for word in fold(typed).split()]
    initials = [word for word in words if len(word) == 1]
    whole = any(word in hers[2:] for word in words[2:] if len(word) > 1)  # after “hộ ông”
    return (not initials or whole) and not any(
        word not in hers and any(hers_word.startswith(word) for hers_word in hers)
        for word in words
        if word not in initials
    )


async def names_its_own_household(turn: Turn, name: str, household: Person) -> bool:
    """Whether `name`, typed with a gift by the household's own account, is its own name on the list
    (`names_her_household`, and found there as typed): at the main menu and at the amount alike (0522,
    0527)."""
    return names_her_household(name, household.full_name) and bool(
        await found_by_name(turn.session, name, Person.id == household.id, limit=1)
    )


def say_not_its_households_name(turn: Turn, with_gift: tuple[str, str], household: Person) -> None:
    """Another household's name typed with a gift by a household's own account (“ho ong Tran Van Tu ung ho
    20k”): nothing recorded, and how to type it were it its own; at the main menu and at the amount alike
    (decisions 0509, 0529)."""
    turn.say(
        turn.t(
            "“{name}” is not your household's name on the list ({household}): Chung Tay records only "
            "your household's own contributions here, so nothing was recorded. If it is your "
            "household's, please type it without the name, for example: {example}. If it is another "
            "household's, that household records its own in Chung Tay, or asks an officer to record "
            "it for them."
        ).format(name=with_gift[0], household=household.full_name, example=with_gift[1])
    )


async def seeks_the_named_writer(turn: Turn, amount: int) -> bool:
    """A household's gift typed at the main menu by an officer with its head named as the writer (“Ông
    Hoàng Văn Sáu ủng hộ 20k”, “Ong Sau ung ho 20k”, “Trần Văn Tư: ủng hộ 50k”): sought among those she may
    record for, as “hộ ông Hoàng Văn Sáu ủng hộ 20k” is, its gift filled in once chosen. False, nothing
    done, where she is no officer or nobody of hers has that name (decision 0528)."""
    actor = await actor_of(turn)
    typed = writer_as_typed(turn.text or "")
    if actor is None or not may_open_acting_for(actor) or acting_for(turn) or typed is None:
        return False
    if match_key(typed.split()[0]) in ("ong", "ba") and len(typed.split()) > 1:
        typed = f"hộ {typed}"  # “Ông Sáu”: the household as its list's name opens, “Hộ ông …”
    if not await found_by_name(turn.session, typed, acted_for_by(actor), limit=1):
        return False
    turn.argument = typed
    turn.goto("behalf", "find")
    turn.set(gift_typed=f"ủng hộ {amount}")
    return True


@flow.prompt("named")
async def read_named(turn: Turn) -> None:
    """“ghi thay tran van ba” typed at the main menu: the name sought at once, as `/ghithay tran van ba`;
    “ho ong tran van ba ung ho 20k”: the household sought so, its gift filled in once it is chosen. Typed
    by a household itself, which records for nobody else: its own gift, where the name is its own; another
    household's name is another's gift, never taken for its own (decisions 0491, 0509)."""
    with_gift = named_with_it(turn.text) is None and named_with_a_gift(turn.text)
    household = turn.person if is_household(turn) else None
    if with_gift and household is not None and not may_open_acting_for(await actor_of(turn)):
        if not await names_its_own_household(turn, with_gift[0], household):
            say_not_its_households_name(turn, with_gift, household)
            go_home(turn)
            return
        turn.inbound = replace(turn.inbound, text=with_gift[1])
        turn.goto("give", "typed")
        turn.set(named_household=household.full_name)  # said at the last look: whose gift it is (0522)
        return
    # a member for her parents' household
    if with_gift and household is None and await refused_to_act_for(turn):
        turn.say(
            turn.t(
                "If it is your own contribution, please type it without the household's name, for example: "
                "{example}. That household records its own in Chung Tay, or asks an officer to record it for "
                "them."
            ).format(example=with_gift[1])
        )
        return
    turn.argument = with_gift[0] if with_gift else named_with_it(turn.text)
    turn.goto("behalf", "find")
    if with_gift:
        turn.set(gift_typed=with_gift[1])


@flow.prompt("find")
async def ask_name(turn: Turn) -> None:
    if await refused_to_act_for(turn):
        return
    ask_typed(
        turn,
        turn.t(
            "Whom are you recording for? Type part of the name of the household or person "
            "(with or without accents), for example: tran van ba."
        ),
        *([donor_choice(turn)] if may_open_donor_gifts(await actor_of(turn)) else []),
        Choice(
            PAPER_LIST,
            turn.t("A paper list of households' gifts"),
            keywords=("danh sach tren giay", "danh sach ho", "paper list"),
        ),
        Choice(
            LABOUR_DAY,
            turn.t("Labour days of a group"),
            keywords=("ngay cong", "ngay cong tap the", "labour days"),
        ),
        entry_choice(turn.t),
    )
    named, turn.argument = turn.argument, None
    if named and not turn.data.get("another"):  # “/ghithay tran van ba”: the name came with the command
        turn.replies.pop()  # the question comes again only if the name finds nobody to choose
        turn.inbound = replace(turn.inbound, text=named)
        await got_name(turn)


@flow.answer("find")
async def got_name(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        if turn.data.get("another"):  # another household was sought at a last look: back to it unchanged
            _back_to_the_last_look(turn, chosen_again=False)
            return
        go_home(turn)
        return
    if turn.choice == DONOR:
        turn.goto("donor", "name", keep_data=False)
        return
    if turn.choice == COLLECTED:
        turn.goto("collected", "page", keep_data=False)
        return
    if turn.choice == LABOUR_DAY:  # the members who worked a day she organised (decision 0406)
        turn.goto("labourday", "people", keep_data=False)
        return
    if turn.choice == PAPER_LIST:  # the evening's paper list typed at once (decision 0859)
        turn.goto("giftlist", "list", keep_data=False)
        return
    from handlers.gift_list import a_paper_list  # (that module builds on this one)

    if a_paper_list(turn.text):  # the list typed here: read at once
        turn.goto("giftlist", "typed", keep_data=False)
        return
    actor = await actor_of(turn)
    if actor is None or not may_open_acting_for(actor):
        await refused_to_act_for(turn)
        return
    if gift_at_the_name(turn):
        return
    commune, level = await commune_and_level_of(turn)  # a ward's own word: “văn phòng phường” (2921, 2922)
    word = level_name(turn.t, level) if commune else None
    nobody = turn.t("Nobody you may record for has “{typed}” in their name. Please try another part of it.")
    if _a_households_name(named_with_it(turn.text) or turn.text):  # “ho ba lo thi xuan”: a new family?
        nobody = (
            turn.t(
                "No household you may record for has “{typed}” in its name. A new household (just set up on "
                "its own, or just moved in) is not on the list yet: ask the {level}'s office to add it to "
                "the list (the head's full name and the hamlet), then record for it as for the others. If it "
                "is on the list, try another part of the name, for example: nguyen van nam."
            ).format(typed="{typed}", level=word)  # {typed}: filled where it is said
            if commune
            else turn.t(
                "No household you may record for has “{typed}” in its name. A new household (just set up on "
                "its own, or just moved in) is not on the list yet: ask the office to add it to the list "
                "(the head's full name and the unit), then record for it as for the others. If it is on the "
                "list, try another part of the name, for example: nguyen van nam."
            )
        )
    beyond = (  # whose officer records for it, as the organisation names its officers (decisions 2031, 2120)
        turn.t(
            "A household with that name is on the list, but not in a hamlet you are the officer of: only a "
            "Front officer of its hamlet, or of {whole}, records for it."
        ).format(whole=role_place(turn.t, None, commune=True, level=level))
        + " "
        + front_of_the_whole(turn.t, level)
        if commune
        else turn.t(
            "A household with that name is on the list, but not in a unit you are the officer of: only a "
            "union or mobilisation officer of its unit, or of the whole organisation, records for it. If you "
            "run the movement for the whole organisation, ask the office to make you its union or "
            "mobilisation officer for the whole organisation."
        )
    )
    set_apart = await _their_own(turn, actor) or (households_beyond(actor), beyond)
    found = await search_by_name(
        turn,
        acted_for_by(actor),
        nobody=nobody,
        set_apart=set_apart,
        then="behalf",
        typed=named_with_it(turn.text),  # “ghi thay tran van ba” typed here too: the name in it
    )
    # the one match, named as typed (“hoang van sau”): taken at once, said with its unit; “không phải” or Back
    # at the next question seeks again (decision 0257)
    if (person := await taken_at_once(turn, found, named_with_it(turn.text) or turn.text)) is not None:
        at_a_last_look = bool(turn.data.get("another"))  # which offers another one itself
        await _chosen(turn, person)
        if not at_a_last_look:
            turn.set(taken_at_once=True)


def gift_at_the_name(turn: Turn) -> bool:
    """A gift typed where the name is asked (“ủng hộ 300k”, “500k”): not sought as a name, which found nobody
    and said so; the name is asked for first, with an example, and nothing is recorded (decision 2448)."""
    from handlers.contributions import typed_gift  # (that module builds on this one)

    gift = typed_gift(turn.text or "")
    if gift is None or gift.kind is None or not gift.figure:
        return False
    turn.say(
        turn.t(
            "“{typed}” is a gift, not a name. Please type the name of the household or person you record "
            "for first, for example: tran van ba; then Chung Tay asks what to record for them. Nothing was "
            "recorded."
        ).format(typed=(turn.text or "").strip())
    )
    turn.repeat_menu()
    return True


async def _their_own(turn: Turn, actor: Actor) -> tuple[ColumnElement[bool], str] | None:
    """Where the name typed is only that of colleagues of her units who use Chung Tay (`recording_their_own`):
    they are set apart with why, and how what they hand her reaches the books, each recording his own with a
    note the treasurer reads in the queue (decision 2425). None where someone she records for has it too.
    Her colleagues are sought first: a name none of them has (a household's, a typo) is sought once, here."""
    typed = (named_with_it(turn.text) or turn.text or "").strip()
    if not 0 < len(typed) <= 100:
        return None
    theirs = recording_their_own(actor)
    named = await found_by_name(turn.session, typed, theirs, limit=3)
    if not named or await found_by_name(turn.session, typed, acted_for_by(actor), limit=1):
        return None
    why = turn.t(
        "On Chung Tay already: {names}. Each records their own gifts; an officer records only for those "
        "not on it. What colleagues hand you: each records it, for example: give 10 kg rice, with the note "
        "“handed to {officer}”; the treasurer confirms it on receiving it."
    ).format(names=", ".join(person.full_name for person in named[:3]), officer=turn.person.full_name)
    return theirs, why


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    found_menu(turn, turn.t("Whom are you recording for?"))


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    person_id = picked_id(turn, "p")
    person = await turn.session.get(Person, person_id) if person_id else None
    if person is None:  # Back: the name asked again (the gift kept, when sought from its last look)
        turn.goto("behalf", "find", keep_data=bool(turn.data.get("another")))
        return
    await _chosen(turn, person)


async def _chosen(turn: Turn, person: Person) -> None:
    """`person` chosen to record for (picked from the list, or the one match named as typed): on to what to
    record for them, or back to the last look they were sought from with what it held."""
    if not await _may_still_act_for(turn, person):
        return
    turn.set(
        for_id=person.id, for_name=await told_apart(turn, person), for_household=person.kind == "household"
    )
    if (gift := turn.data.get("gift_typed")) and not turn.data.get("another"):  # typed with the name
        turn.inbound = replace(turn.inbound, text=str(gift))
        _start_for_them(turn, ("give", "typed"))
        return
    if turn.data.get("another"):  # chosen again at a last look: what was typed for this one (0202, 0214)
        _back_to_the_last_look(turn, chosen_again=True)
        return
    turn.goto("behalf", "what")


async def told_apart(turn: Turn, person: Person) -> str:
    """`person`'s name as every step after the choice says it: with what told it apart on the list it was
    chosen from where the writer may record for a namesake too (“Hộ ông Nguyễn Văn Ba (Tổ 5)”, two
    households of one hamlet whose heads bear one name), so that the last look and the receipt say which
    (decision 0484)."""
    actor = await actor_of(turn)
    if actor is None:
        return person.full_name
    namesakes = list(
        await turn.session.scalars(
            select(Person)
            .where(acted_for_by(actor), Person.name_key == person.name_key)
            .order_by(Person.id)
            .limit(MAX_MATCHES)
        )
    )
    if len(namesakes) < 2 or person not in namesakes:
        return person.full_name
    units = await turn.session.scalars(select(Unit).where(Unit.id.in_({p.unit_id for p in namesakes})))
    unit_names = {unit.id: unit.name for unit in units}
    names = await names_told_apart(
        turn.session,
        [(p.id, p.full_name, p.position, unit_names.get(p.unit_id or 0)) for p in namesakes],
        said_joined(turn),
    )
    return names[namesakes.index(person)]


def _not_this_one(turn: Turn) -> Choice:
    """Another household or person than the one taken at once, by the words that say it is the wrong one."""
    household = turn.data.get("for_household")
    return not_this_one(
        turn, turn.t("Another household or person") if household else turn.t("Another person")
    )


def another_choice(turn: Turn) -> list[Choice]:
    """At the last look of what is recorded for a household or someone without a phone (a gift, a
    registration, a result): choosing another one, the answers kept (decisions 0202, 0214); “không phải hộ
    này” typed is that, never No. None for one's own, or for a donor from outside."""
    if not turn.data.get("for_id") or donor_unit(turn) is not None:
        return []
    label = (
        turn.t("Another household or person") if turn.data.get("for_household") else turn.t("Another person")
    )
    return [Choice(ANOTHER, label, keywords=WRONG_ONE_WORDS, led=True)]


def seek_another(turn: Turn, said: str) -> None:
    """From a last look whose household or person is the wrong one: `said` (“Not saved yet…, kept”), the name
    asked as /ghithay asks it, and all the flow holds carried along to come back with."""
    kept = {**turn.data, "another": turn.state.flow}
    turn.say(said)
    turn.goto("behalf", "find")
    turn.set(**kept)  # another flow: what it holds goes with it


def _back_to_the_last_look(turn: Turn, *, chosen_again: bool) -> None:
    """To the last look the household or person was sought again from, with all it held; `chosen_again` tells
    that last look a new one was chosen (a registration or a result checks it still fits)."""
    back_to = turn.data.get("another")
    flow_name = back_to if isinstance(back_to, str) and back_to in LAST_LOOKS else "give"
    kept = {key: value for key, value in turn.data.items() if key != "another"}
    turn.goto(flow_name, LAST_LOOKS[flow_name])
    turn.set(**kept, chosen_again=chosen_again)


@flow.prompt("what")
async def ask_what(turn: Turn) -> None:
    choices = [
        # The main menu's words for these, typed here, are the household's (“dang ky thoat ngheo”, 0221)
        Choice(GIVE, turn.t("Record a contribution"), keywords=(*GIVE_WORDS, "give")),
        Choice(COMMIT, turn.t("Register or change the commitment"), keywords=COMMIT_WORDS),
        Choice(RESULT, turn.t("Record a result"), keywords=(*RESULT_WORDS, "result")),
    ]
    subject = await turn.session.get(Person, turn.data["for_id"])
    if subject is not None and may_give_link_code_for(
        await actor_of(turn), await subject_for(turn.session, subject)
    ):
        # A record nobody's phone holds yet: its own phone can join it with a code (docs/decisions/0055)
        choices.append(Choice(LINK, turn.t("A link code for their phone"), keywords=("ma lien ket", "link")))
    if turn.data.get("taken_at_once"):  # the one match taken as typed: “không phải” seeks again (0257)
        choices.append(_not_this_one(turn))
    turn.menu(
        turn.t("What would you like to record for {name}?").format(name=subject_name(turn)),
        [*choices, back_choice(turn.t)],
        entries=True,  # a gift typed in one line (“ung ho 2 ngay cong”) is read below
    )


@flow.answer("what")
async def chose_what(turn: Turn) -> None:
    from handlers.contributions import typed_gift  # (that module builds on this one)

    if turn.choice == LINK:
        await _give_link_code(turn)
        return
    starts = {GIVE: ("give", "drive"), COMMIT: ("commit", "start"), RESULT: ("result", "start")}
    if turn.choice is None:  # typed, naming no option: the gift itself, as the household would type it
        gift = typed_gift(turn.text)
        if gift is None or gift.kind is None:
            if not await entry_typed(turn, by_number=False):  # else a main-menu entry's name, as at the menu
                turn.not_an_option()
            return
        start = ("give", "typed")  # its kind and figure filled in, then the drive asked
    elif turn.choice in starts:
        start = starts[turn.choice]
    else:
        turn.goto("behalf", "find", keep_data=False)
        return
    _start_for_them(turn, start)


def _start_for_them(turn: Turn, start: tuple[str, str]) -> None:
    """`start` (a gift, a registration, a result) for the household or person chosen: the new flow starts
    with only whom it is for."""
    carried = {key: turn.data[key] for key in ("for_id", "for_name", "for_household")}
    turn.goto(*start)
    turn.set(**carried)


@flow.keyword_of_another
def _their_gift(turn: Turn, target: tuple[str, str]) -> bool:
    """`/donggop` or `/donggop 500k` (the gift's command, or its keyword where the menu did not read it) where
    what to record for the chosen household or person is asked: their gift, as “đóng góp” or “ung ho 500k”
    typed there is (`chose_what`), never the officer's own gift started with the one chosen dropped unsaid
    (decision 0256). At the name and the list nobody is chosen yet: the command starts as anywhere."""
    from handlers.contributions import typed_gift  # (that module builds on this one)

    if target[0] != "give" or turn.state.step != "what" or not turn.data.get("for_id"):
        return False
    gift = typed_gift(turn.text)
    whole = gift is not None and gift.kind is not None  # its kind and figure filled in, then the drive asked
    _start_for_them(turn, ("give", "typed") if whole else ("give", "drive"))
    return True


async def _give_link_code(turn: Turn) -> None:
    """A one-time code for the chosen record, given from this officer's account: typed on the household's
    (or person's) phone, that phone joins the record. The code stands on a message of its own (to copy)."""
    subject = await turn.session.get(Person, turn.data["for_id"])
    identity_id = await turn.session.scalar(
        select(ChannelIdentity.id).where(
            ChannelIdentity.channel == turn.inbound.channel,
            ChannelIdentity.external_id == turn.inbound.user_id,
        )
    )
    try:
        if subject is None or identity_id is None:
            raise LinkProblem("refused")
        issued = await issue_link_code_for(
            turn.session, await actor_of(turn), subject, identity_id=identity_id, now=turn.now
        )
    except LinkProblem:  # someone's phone took the record meanwhile, or the officer's role went
        turn.say(
            turn.t(
                "A link code can no longer be given for {name}: an account uses the record now, or "
                "you may no longer act for it."
            ).format(name=subject_name(turn))
        )
        go_home(turn)
        return
    turn.say(
        turn.t(
            "On the phone of {name}, open Chung Tay (on Zalo or Telegram) and send the code below as a "
            "message before {time}: that phone then uses {name}'s record, with what you recorded for it. The "
            "code works once; give it only to them. You will be told when it is used."
        ).format(name=subject_name(turn), time=format_datetime(issued.expires_at, turn.t.locale))
    )
    turn.say(issued.code)
    go_home(turn)
