"""An evening's paper list of households' gifts (“Danh sách hộ trên giấy”, or the list typed at once at the
menu or where /ghithay asks whom for): one household a line, as an officer writes it going door to door
(“ho ba lo thi mai 50k”, “Hộ ông Sáu tổ 5 - 30.000”, “nha ong Nam: 2 kg gao”). Each line is read as the
one-by-one way reads a household named with its gift (handlers/behalf.py `named_with_a_gift`, the household
sought as /ghithay seeks it, the gift as the menu reads it); then the drive, a photo of the list (optional),
and one last look listing each line as read, those not read apart with why. One Yes records every line read,
each a gift of its own, its household told as when recorded one by one (docs/decisions/0859)."""

from __future__ import annotations

import re
from typing import Any

from bot.conversation.flow import Flow
from bot.conversation.photo_asked import RECEIPT
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Person
from bot.delivery.outbox import hold_people
from bot.domain.access import Actor, acted_for_by, households_beyond, may_open_acting_for
from bot.domain.campaigns import open_drives
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    likely_double,
    record_contribution,
)
from bot.domain.drives import refusal_to_give
from bot.messages import Choice
from bot.text import match_key
from handlers.behalf import named_with_a_gift, refused_to_act_for, told_apart
from handlers.common import (
    FUND_WORDS,
    NOT_READ,
    YES,
    actor_of,
    ask_optional_photo,
    back_choice,
    chosen_drive,
    confirm_menu,
    free_text,
    fund_words,
    go_home,
    picked_id,
    read_optional_photo,
    remember_typed_confirmation,
    sent_twice,
)
from handlers.contributions import attach_photos, gift_of_a_line
from handlers.labour_day import MOST_TYPED, NUMBERED
from handlers.name_search import HOUSEHOLD_LEADS, HOUSEHOLD_SAID, MAX_MATCHES, found_by_name, named_whole
from handlers.wording import describe, drive_title, fund_title

flow = Flow("giftlist", opens_for=may_open_acting_for)
FUND = "fund"
EXAMPLE = "ho ba lo thi mai 50k"
# What a paper list writes between the household and its gift: a colon, a dash between spaces, a tab.
BETWEEN = re.compile(r"\s*:\s+|\s+[-–—]\s+|\t+")
# What a number after a household's name belongs to when the word before it is one of these (“ho ong sau to 5
# 2 kg gao”): its tổ, thôn, xóm, ấp, đội or khu phố, part of the name; the gift's figure comes after it.
PLACE_BEFORE_A_NUMBER = frozenset({"to", "thon", "xom", "ap", "doi", "pho", "khu"})
# A household named again further on a line: “hộ ông”, “nhà bà”… after another word than “ủng”.
SECOND_HOUSEHOLD = re.compile(
    r"(?<!\bung) (?:" + "|".join(re.escape(lead) for lead in (*HOUSEHOLD_LEADS[:2], *HOUSEHOLD_SAID)) + ")"
)


def a_paper_list(text: str | None) -> bool:
    """Whether `text` is a paper list of gifts typed at once: two lines or more, one of them a household named
    with its gift (“ho ba lo thi mai 50k”)."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return len(lines) > 1 and any(_named_with_its_gift(line) is not None for line in lines)


def _named_with_its_gift(line: str) -> tuple[str, str] | None:
    """The household and the gift's words of a line of the list, as `named_with_a_gift` reads them at the
    menu; a colon or a dash between them, or goods without a giving word (“2 kg gao”), read as that."""
    line = _bare(line)
    parts = BETWEEN.split(line, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        for gift in (parts[1], f"ung ho {parts[1]}"):
            if (read := named_with_a_gift(f"{parts[0]} {gift}")) is not None:
                return read
        return None
    if (read := named_with_a_gift(line)) is not None:
        return read
    words = line.split()
    first = next(
        (
            n
            for n in range(3, len(words))
            if any(c.isdigit() for c in words[n]) and match_key(words[n - 1]) not in PLACE_BEFORE_A_NUMBER
        ),
        None,
    )
    if first is None:
        return None
    return named_with_a_gift(" ".join([*words[:first], "ung ho", *words[first:]]))


def _bare(line: str) -> str:
    """A line of the list without its numbering or bullet."""
    return NUMBERED.sub("", line).strip(" .•*+\t")


def _two_households(line: str) -> bool:
    """Whether a line names a second household after its first (“nha ong nam 10k, ho ba lo thi mai 20k”):
    “ủng hộ bà …” is a gift's words, not a household."""
    return SECOND_HOUSEHOLD.search(match_key(_bare(line))) is not None


def _not_read(turn: Turn) -> str:
    return turn.t("not read as a household and its gift; write it as: {example}").format(example=EXAMPLE)


async def _read_line(turn: Turn, actor: Actor, line: str) -> dict[str, Any]:
    """One line read: {"line", "id", "name", gift's fields} when read whole; else {"line", "why"}."""
    if _two_households(line):
        why = turn.t(
            "this line has two households; please write one household a line, for example: {example}"
        )
        return {"line": line, "why": why.format(example=EXAMPLE)}
    named = _named_with_its_gift(line)
    if named is None:
        return {"line": line, "why": _not_read(turn)}
    gift, said = gift_of_a_line(turn, named[1])
    if gift is None:
        return {"line": line, "why": " ".join(said) or _not_read(turn)}
    name = named[0].strip(" .,:;-–—")
    found = await found_by_name(
        turn.session, name, acted_for_by(actor), limit=MAX_MATCHES, beyond=households_beyond(actor)
    )
    whole = [person for person in found if named_whole(person, name)]
    one = whole if len(whole) == 1 else found if len(found) == 1 else []
    if not one:
        why = (
            turn.t(
                "several households bear that name: add what tells it apart on the list, for example: "
                "ho ong sau to 5 30k"
            )
            if found
            else turn.t(
                "no household you may record for has that name (a new household is added to the list by "
                "the office first)"
            )
        )
        return {"line": line, "why": why}
    person = await turn.session.get(Person, one[0].id)
    assert person is not None
    return {"line": line, "id": person.id, "name": await told_apart(turn, person), **gift}


async def _take(turn: Turn, text: str | None) -> None:
    """The list typed: each line read, on to the drive; none read: said why with an example, asked again."""
    if await refused_to_act_for(turn) or (actor := await actor_of(turn)) is None:
        return
    if (typed := free_text(turn, limit=MOST_TYPED, text=text)) is None:
        return
    lines = [line.strip() for line in typed.splitlines() if line.strip()]
    read = [await _read_line(turn, actor, line) for line in lines]
    if not any("id" in line for line in read):
        turn.say(
            turn.t(
                "No line was read as a household and its gift. Please type one household a line, its gift "
                "after its name, for example:\n{example}\nho ong sau to 5 - 30.000"
            ).format(example=EXAMPLE)
        )
        turn.goto("giftlist", "list", keep_data=False)
        return
    turn.set(lines=read)
    turn.goto("giftlist", "drive")


@flow.prompt("typed")
async def list_typed(turn: Turn) -> None:
    """The list typed at the menu, or where /ghithay asks whom for: read at once."""
    await _take(turn, turn.text)


@flow.prompt("list")
async def ask_list(turn: Turn) -> None:
    if await refused_to_act_for(turn):
        return
    turn.menu(
        turn.t(
            "Type the households' gifts of your paper list in one message, one household a line, for "
            "example:\n{example}\nho ong sau to 5 - 30.000\nnha ong nam: 2 kg gao"
        ).format(example=EXAMPLE),
        [back_choice(turn.t)],
        free_text=True,
    )


@flow.answer("list")
async def got_list(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    await _take(turn, None)


def _read(turn: Turn) -> list[dict[str, Any]]:
    return [line for line in turn.data.get("lines", []) if "id" in line]


def _to_record(turn: Turn, meanwhile: Any = ()) -> list[dict[str, Any]]:
    """The lines read that the last look's “Có” records: not those it set apart as doubles, nor those
    `meanwhile` recorded since it was shown (their places among the lines read)."""
    doubles = {*(turn.data.get("doubles") or []), *meanwhile}
    return [line for place, line in enumerate(_read(turn)) if place not in doubles]


async def _drives(turn: Turn) -> list[Drive]:
    """The open drives that every household read may give to, and that take each gift's kind."""
    people = [await turn.session.get(Person, line["id"]) for line in _read(turn)]
    kinds = {line["kind"] for line in _read(turn)}
    if not people or people[0] is None:
        return []
    drives = await open_drives(turn.session, people[0].org_id, turn.today)
    return [
        drive
        for drive in drives
        if kinds <= set(drive.kinds or ("money", "goods", "labour"))
        and all(p is not None and refusal_to_give(drive, p, turn.today) is None for p in people)
    ]


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    drives = await _drives(turn)
    choices = [Choice(f"d{d.id}", d.title) for d in drives]
    keywords = fund_words([d.title for d in drives], (*FUND_WORDS, "quy vi nguoi ngheo"))
    choices += [Choice(FUND, fund_title(turn.t), keywords=keywords), back_choice(turn.t)]
    question = turn.t("Read {read} of the list's {lines} lines. Which drive are these gifts for?").format(
        read=turn.t.number(len(_read(turn))), lines=turn.t.number(len(turn.data.get("lines", [])))
    )
    turn.menu(question, choices)


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("giftlist", "list", keep_data=False)
        return
    turn.set(drive_id=picked_id(turn, "d"))
    turn.goto("giftlist", "photo")


@flow.prompt("photo")
async def ask_photo(turn: Turn) -> None:
    ask_optional_photo(
        turn, turn.t("Please send a photo of the paper list as evidence, or choose “Skip”."), RECEIPT
    )


@flow.answer("photo")
async def got_photo(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("giftlist", "drive")
        return
    kept = read_optional_photo(turn)
    if kept is NOT_READ:
        return
    turn.set(photo=kept)
    turn.goto("giftlist", "confirm")


def _entry(turn: Turn, line: dict[str, Any]) -> NewContribution:
    return NewContribution(
        kind=line["kind"],
        amount_vnd=line["amount"] or 0,
        labour_days=line["days"] or 0,
        description=line["description"],
        drive_id=turn.data.get("drive_id"),
    )


def _households(lines: list[dict[str, Any]]) -> int:
    """How many households the lines are of: one giving money and a day's labour is one household."""
    return len({line["id"] for line in lines})


async def _doubles(turn: Turn) -> dict[int, str]:
    """The lines read (by their place among them) not to record again, with why: the same gift of the same
    household twice on the list, or recorded already in the last day (`likely_double`: the list sent a second
    time, or one of its gifts recorded one by one). Its “Có” records the others; another gift of the same
    figure is recorded one by one, where the likely double is asked about (decision 0860)."""
    doubles: dict[int, str] = {}
    seen: set[tuple[Any, ...]] = set()
    for place, line in enumerate(_read(turn)):
        same = (line["id"], line["kind"], line["amount"], line["description"])
        person = await turn.session.get(Person, line["id"])
        earlier = (
            None
            if person is None
            else await likely_double(turn.session, person, _entry(turn, line), now=turn.now)
        )
        if same in seen:
            doubles[place] = turn.t("twice on the list: recorded once")
        elif earlier is not None:
            doubles[place] = turn.t(
                "recorded already ({ref}): not recorded again; if it is another gift, record it one by one"
            ).format(ref=earlier.ref)
        seen.add(same)
    return doubles


def _what(turn: Turn, line: dict[str, Any]) -> str:
    return describe(turn.t, line["kind"], line["amount"] or 0, line["days"] or 0, line["description"])


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    doubles = await _doubles(turn)
    turn.set(doubles=sorted(doubles))  # what its “Có” leaves out, as shown
    apart = [line for line in turn.data.get("lines", []) if "id" not in line]
    apart += [
        {"line": f"{_read(turn)[place]['name']}: {_what(turn, _read(turn)[place])}", "why": why}
        for place, why in doubles.items()
    ]
    read = _to_record(turn)
    if not read:  # every line read recorded already: nothing to ask
        turn.say(
            "\n".join(
                [
                    turn.t("Nothing on the list is left to record:"),
                    *(f"• {line['line']}: {line['why']}" for line in apart),
                ]
            )
        )
        go_home(turn)
        return
    lines = [
        turn.t.plural(
            "Record the gift of {n} household to {drive}:",
            "Record the gifts of {n} households to {drive}, each on its own:",
            _households(read),
        ).format(n=turn.t.number(_households(read)), drive=drive_title(turn.t, await chosen_drive(turn)))
    ]
    lines += [f"• {line['name']}: {_what(turn, line)}" for line in read]
    if any(line["kind"] == "goods" and not line.get("valued") for line in read):
        lines.append(turn.t("Goods: the treasurer writes their value in đồng when confirming."))
    lines.append(turn.t("With a photo of the list.") if turn.data.get("photo") else turn.t("No photo."))
    if apart:
        lines.append(turn.t("Not recorded (record them one by one, or type them again):"))
        lines += [f"• {line['line']}: {line['why']}" for line in apart]
    lines.append(turn.t("Each household on Chung Tay is told of its gift, as when recorded one by one."))
    confirm_menu(turn, "\n".join(lines), takes_text=True)  # the list typed again here: read instead


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice is None:  # typed, naming no choice: the list put right, as its last look asks, or nothing
        if a_paper_list(turn.text):
            turn.goto("giftlist", "typed", keep_data=False)
        else:
            turn.not_an_option()
        return
    if sent_twice(turn):
        return
    if turn.choice != YES:
        turn.say(turn.t("Cancelled. Nothing was recorded."))
        go_home(turn)
        return
    assert turn.person is not None
    # what was recorded since the last look (the list on another phone, a colleague's round): not again; on
    # PostgreSQL the households held first, so a “có” of the same list at the same instant waits and sees it
    await hold_people(turn.session, [line["id"] for line in _read(turn)])
    meanwhile = {
        place: why
        for place, why in (await _doubles(turn)).items()
        if place not in set(turn.data.get("doubles") or [])
    }
    late = [
        f"• {_read(turn)[place]['name']}: {_what(turn, _read(turn)[place])}: {why}"
        for place, why in meanwhile.items()
    ]
    if not _to_record(turn, meanwhile):
        turn.say("\n".join([turn.t("Nothing on the list is left to record:"), *late]))
        go_home(turn)
        return
    recorded: list[tuple[dict[str, Any], Contribution]] = []
    try:
        async with turn.session.begin_nested():  # all the list's gifts, or none of them
            for line in _to_record(turn, meanwhile):
                person = await turn.session.get(Person, line["id"])
                if person is None:
                    raise LedgerError("not_allowed")
                contribution = await record_contribution(
                    turn.session,
                    person=person,
                    recorded_by=turn.person,
                    entry=_entry(turn, line),
                    now=turn.now,
                    settings=turn.settings,
                )
                recorded.append((line, contribution))
    except LedgerError as refused:
        if refused.reason == "not_allowed":
            turn.say(turn.t("You may no longer record for one of these households. Nothing was recorded."))
            go_home(turn)
            return
        # the drive closed (or changed) since the last look: the list typed once is kept for another drive
        turn.say(turn.t("That drive no longer takes all of these gifts. Nothing was recorded."))
        turn.goto("giftlist", "drive")
        return
    for _, contribution in recorded:
        await attach_photos(turn, contribution)
    households = _households([line for line, _gift in recorded])
    said = [
        turn.t.plural(
            "Recorded for {n} household, waiting for the treasurer's confirmation:",
            "Recorded for {n} households, waiting for the treasurer's confirmation:",
            households,
        ).format(n=turn.t.number(households))
    ]
    said += [f"• {line['name']}: {_what(turn, line)} ({gift.ref})" for line, gift in recorded]
    if late:
        said += [turn.t("Not recorded (record them one by one, or type them again):"), *late]
    turn.say("\n".join(said), keep=True)
    go_home(turn)
    remember_typed_confirmation(turn)
