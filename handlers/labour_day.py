"""A day of volunteer labour by many (“Ngày công của nhiều người”, /ngaycong, or from “Ghi nhận thay”): the
officer who organised it ticks the members who worked, or types part of their names to find them, then the
drive, one number of days for all, the day worked (a day still to come is refused: decision 0602), a photo
of the day, and one Yes records each member's days, confirmed by her; each member is told in his own chat
(bot.domain.labour_days, docs/decisions/0406)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from bot.clock import local_date
from bot.conversation.flow import Flow
from bot.conversation.photo_asked import DAY
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Person, Unit
from bot.domain.access import Actor, labour_beyond, labour_recordable_by, may_open_labour_days
from bot.domain.campaigns import open_drives
from bot.domain.contributions import VOUCHED_MOST_DAYS, LedgerError
from bot.domain.dates import PAST
from bot.domain.drives import refusal_to_give
from bot.domain.labour_days import days_already, for_own_case, record_labour_days, told_nothing
from bot.domain.namesakes import names_told_apart
from bot.domain.org_import import unit_is_named
from bot.domain.people import FoundPerson, find_by_name
from bot.messages import Choice
from bot.text import fold, person_sort_key
from handlers.common import (
    NOT_READ,
    YES,
    actor_or_home,
    ask_day,
    ask_optional_photo,
    back_choice,
    chosen_drive,
    closed_year,
    confirm_menu,
    day_with_days,
    example_day,
    free_text,
    go_home,
    held_page,
    in_commune,
    page_choices,
    picked_id,
    read_day,
    read_labour_days,
    read_optional_photo,
    remember_typed_confirmation,
    role_officers,
    sent_twice,
    turned_page,
    worked_refusal,
    worked_refused,
)
from handlers.multi_choice import done_choice, multi_menu, ticked, toggled
from handlers.name_search import ADDRESS, labels_told_apart, named_whole, said_joined
from handlers.wording import describe, drive_title, fund_title

flow = Flow("labourday", opens_for=may_open_labour_days)
DONE, FUND, WHOLE, EDIT = "done", "fund", "whole", "edit"
PAGE_SIZE = 10
MOST = 200  # the members listed at once; more are found by typing part of a name
# A paper attendance list typed or pasted at once: names one a line, or between commas or semicolons, each
# perhaps numbered (“1. Nguyễn Văn An”); at most what one Telegram message holds, 4.096 characters (a longer
# list comes as two messages; decisions 0602, 0621).
NAMES_APART, NUMBERED = re.compile(r"[,;]+(?![^(]*\))"), re.compile(r"^\s*\d+\s*[.)/-]?\s*")
MOST_TYPED, ONE_NAME = 4096, 100
# What a paper list writes beside a name (decision 0621): after a dash or a tab, the days or a note
# (“Nguyễn Văn An - 1 ngày, cả ngày”), left aside; in brackets, the unit or branch (“chị Lan (Khoa Nội)”),
# where she is looked for; before it, a word of address (`ADDRESS`: “đ/c Nam”, “anh Tâm”), left aside where a
# name follows it.
BESIDE_NAME, IN_BRACKETS = re.compile(r"\s+[-–—]\s+|\t"), re.compile(r"\(([^)]*)\)")


async def _not_officer(turn: Turn) -> str:
    officers = await role_officers(turn)
    return turn.t("Only {officers} can record the labour days of a group.").format(officers=officers)


async def _actor(turn: Turn) -> Actor | None:
    return await actor_or_home(turn, may_open_labour_days, lambda: _not_officer(turn))


async def _found(turn: Turn, actor: Actor, typed: str = "") -> list[FoundPerson]:
    """The members `actor` may record labour days for whose name has `typed` (everyone: ""), by given name;
    at most `MOST` (more are found by typing part of a name)."""
    found = await find_by_name(turn.session, typed, labour_recordable_by(actor), limit=MOST)
    return found[:MOST]


async def _chosen(turn: Turn) -> list[Person]:
    """The members ticked that she may still record for, by given name; none, and the chat at the list again
    (or home, her role taken away meanwhile)."""
    actor = await _actor(turn)
    if actor is None:
        return []
    ids = sorted(set(turn.data.get("chosen", [])))
    chosen = select(Person).where(Person.id.in_(ids), labour_recordable_by(actor))
    people = sorted(await turn.session.scalars(chosen), key=lambda p: (person_sort_key(p.full_name), p.id))
    if not people:
        turn.goto("labourday", "people")
    return people


@flow.prompt("people")
async def ask_people(turn: Turn) -> None:
    actor = await _actor(turn)
    if actor is None:
        return
    query = turn.data.get("query")
    people = await _found(turn, actor, query or "")
    chosen = turn.data.get("chosen", [])
    shown = held_page(turn, "page", people, PAGE_SIZE)
    # namesakes of one unit read apart, over the whole list, not only the page (decision 0602)
    labels = dict(zip((p.id for p in people), await labels_told_apart(turn, people), strict=True))
    choices = [Choice(f"p{p.id}", ticked(labels[p.id], p.id in chosen)) for p in shown.rows]
    choices += [done_choice(turn, DONE), *page_choices(turn.t, shown.number, shown.pages)]
    if query:
        choices.append(
            Choice(WHOLE, turn.t("Show the whole list"), keywords=("ca danh sach", "whole list"), pinned=True)
        )
    choices.append(back_choice(turn.t))
    heading = turn.t("Who worked the day? Chosen: {n}.").format(n=turn.t.number(len(chosen)))
    if query:
        heading += "\n" + turn.t("Members whose name has “{query}”: {n}.").format(
            query=query, n=turn.t.number(len(people))
        )
    multi_menu(
        turn,
        heading
        + "\n"
        + turn.t(
            "Choose the members, then “Done, next step”. To find one, type a few letters of the name, "
            "for example: lan."
        ),
        choices,
        free_text=True,
    )


@flow.answer("people")
async def got_people(turn: Turn) -> None:
    if BACK_ID in turn.picked and turn.data.get("days"):  # changing the list at the last look: back to it
        turn.goto("labourday", "confirm")
        return
    if BACK_ID in turn.picked:
        go_home(turn)
        return
    if not turn.picked:  # a part of a name typed: the members whose name has it
        await _search(turn)
        return
    if WHOLE in turn.picked:
        turn.set(query=None, page=0)
    pressed = [int(c[1:]) for c in turn.picked if c.startswith("p") and c[1:].isdigit()]
    turn.set(chosen=toggled(turn.data.get("chosen", []), pressed))
    if turned_page(turn, "page") or DONE not in turn.picked:
        turn.goto("labourday", "people")
    elif not turn.data.get("chosen"):
        turn.say(turn.t("Please choose at least one member, for example: 1."))
        turn.goto("labourday", "people")
    elif turn.data.get("days"):  # changed from the last look: back to it, the drive, days and photo kept
        turn.goto("labourday", "confirm")
    else:
        turn.goto("labourday", "drive")


async def _search(turn: Turn) -> None:
    """The list narrowed to the members whose name has what was typed; nobody: said, the list as it was."""
    actor = await _actor(turn)
    if actor is None or (typed := free_text(turn, limit=MOST_TYPED)) is None:
        return
    names = _listed_names(typed)
    # one line as a paper list writes it (numbered, a note after a dash, the unit in brackets) is the list's
    # too: the last line of a long list, sent on as a second message (decision 0621)
    if len(names) > 1 or (names and (names != [" ".join(typed.split())] or IN_BRACKETS.search(typed))):
        await _tick_listed(turn, actor, names)
        return
    if (typed := free_text(turn, limit=ONE_NAME)) is None:
        return
    if not await _found(turn, actor, typed):
        if await find_by_name(turn.session, typed, labour_beyond(actor), limit=1):  # another unit's (0550)
            # whose officer records them, as the organisation names its officers (decisions 2031, 2120)
            turn.say(
                turn.t(
                    "Someone with that name is on the list, but not in a hamlet you are the officer of, so "
                    "you cannot record their labour days. A Front officer of their hamlet records them (or "
                    "they record their own day, and that officer or a treasurer confirms it)."
                )
                if await in_commune(turn)
                else turn.t(
                    "Someone with that name is on the list, but not in a unit you are the officer of, so you "
                    "cannot record their labour days. A union or mobilisation officer of their unit records "
                    "them (or they record their own day, and that officer or a treasurer confirms it)."
                )
            )
        else:
            turn.say(
                turn.t(
                    "Nobody you may record for has “{typed}” in their name. Please try another part of it."
                ).format(typed=typed)
            )
        turn.repeat_menu()
        return
    turn.set(query=typed, page=0)
    turn.goto("labourday", "people")


def _listed_names(typed: str) -> list[str]:
    """The names of a list typed at once, one a line or between commas, without their numbers, and without
    the days or notes a paper list writes after a dash (“3. Trần Thị Mai - 1 ngày, cả ngày”; 0621)."""
    names: list[str] = []
    for line in typed.splitlines():
        kept = BESIDE_NAME.split(NUMBERED.sub("", line).strip(" .•-–—\t"), maxsplit=1)[0]
        names += [NUMBERED.sub("", part).strip(" .•-\t") for part in NAMES_APART.split(kept)]
    return [name for name in names if name]


async def _tick_listed(turn: Turn, actor: Actor, names: list[str]) -> None:
    """A paper list's names typed at once: each that finds one member she may record for (or names one whole)
    is ticked; those that find several (namesakes: typed alone, they are listed apart) or nobody are said, for
    her to type alone; one who left, or of a unit she is no officer of, is said so (decision 0621). The whole
    list again, the ticks added to hers (decision 0602)."""
    chosen, several, missing = set(turn.data.get("chosen", [])), [], []
    elsewhere: list[str] = []
    left: list[FoundPerson] = []
    for name in names:
        found, said = await _found_listed(turn, actor, name)
        whole = [person for person in found if any(named_whole(person, one) for one in said)]
        one = whole if len(whole) == 1 else found if len(found) == 1 else []
        if one:
            chosen.add(one[0].id)
        elif found:
            several.append(name)
        elif gone := await find_by_name(
            turn.session, said[-1], labour_recordable_by(actor, left=True), limit=1
        ):
            left += [person for person in gone[:1] if person.id not in {p.id for p in left}]
        elif await find_by_name(turn.session, said[-1], labour_beyond(actor), limit=1):  # 0550's colleague
            elsewhere.append(name)
        else:
            missing.append(name)
    turn.set(chosen=sorted(chosen), query=None, page=0)
    if several:
        turn.say(
            turn.t(
                "Several members match: {names}. Please type each name alone, then choose the right person."
            ).format(names=", ".join(several))
        )
    # who left, or is of a unit she is no officer of, is said so, not said to be nobody (decisions 0118, 0550)
    if left:
        said_left = (
            turn.t("{name} left on {date}.").format(name=person.full_name, date=turn.t.date(person.left_on))
            for person in left
            if person.left_on is not None
        )
        turn.say(" ".join(said_left))
    if elsewhere:
        turn.say(
            turn.t(
                "Not in a unit you look after: {names}. Their unit's officer records their labour days, or "
                "they record them and have them confirmed there."
            ).format(names=", ".join(elsewhere))
        )
    if missing:
        turn.say(
            turn.t("Not found: {names}. Please check the name, or type another part of it.").format(
                names=", ".join(missing)
            )
        )
    turn.goto("labourday", "people")


async def _found_listed(turn: Turn, actor: Actor, line: str) -> tuple[list[FoundPerson], list[str]]:
    """Whom a line of a paper list names, and the name it says, with and without a word of address before it
    (`named_whole` reads either): “đ/c Nguyễn Văn Nam (Khoa Nội, Chi đoàn 2)” finds the Nguyễn Văn Nam of
    Khoa Nội and Chi đoàn 2 (each part in brackets his unit or position, read as `found_by_name` reads a place
    after a name, and as her list writes it); “anh Tâm” every Tâm; “Chu Văn An” is still named whole
    (decision 0621)."""
    places = [
        part.strip() for inside in IN_BRACKETS.findall(line) for part in inside.split(",") if part.strip()
    ]
    name = " ".join(IN_BRACKETS.sub(" ", line).split())
    words = name.split()
    address = next((n for n in (2, 1) if len(words) > n and fold(" ".join(words[:n])) in ADDRESS), 0)
    said = [name, " ".join(words[address:])] if address else [name]
    found = await find_by_name(turn.session, said[-1], labour_recordable_by(actor), limit=MOST)
    return [
        person
        for person in found[:MOST]
        if all(
            any(where and unit_is_named(place, where) for where in (person.unit, person.position))
            for place in places
        )
    ], said


async def _drives(turn: Turn, people: list[Person]) -> list[Drive]:
    """The open drives that take labour and that every member chosen may give to."""
    if not people:
        return []
    drives = await open_drives(turn.session, people[0].org_id, turn.today)
    assert turn.person is not None
    return [
        drive
        for drive in drives
        if "labour" in (drive.kinds or ("labour",))
        and all(refusal_to_give(drive, person, turn.today) is None for person in people)
        and not await for_own_case(turn.session, turn.person.id, drive.id)
    ]


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    people = await _chosen(turn)
    if not people:
        return
    choices = [Choice(f"d{d.id}", d.title) for d in await _drives(turn, people)]
    choices += [Choice(FUND, fund_title(turn.t), keywords=("quy",)), back_choice(turn.t)]
    turn.menu(turn.t("Which drive was the day of labour for?"), choices)


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("labourday", "people")
        return
    turn.set(drive_id=picked_id(turn, "d"))
    turn.goto("labourday", "days")


@flow.prompt("days")
async def ask_days(turn: Turn) -> None:
    people = await _chosen(turn)
    question = (
        turn.t("How many labour days does {name} give? For example: 2.").format(name=people[0].full_name)
        if len(people) == 1  # not “did each of them give? One number for all” for one (decision 0589)
        else turn.t("How many labour days did each of them give? One number for all, for example: 1.")
    )
    turn.menu(
        question,
        [back_choice(turn.t)],
        free_text=True,
        asks_number=True,
    )


@flow.answer("days")
async def got_days(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("labourday", "drive")
        return
    worked, typed = day_with_days(turn, turn.text or "")  # “1 ngày hôm 5/12”: the day too (decision 2105)
    days = read_labour_days(turn, typed, most=VOUCHED_MOST_DAYS)  # what she alone confirms: a week's (0425)
    if days is None:
        turn.repeat_menu()
        return
    turn.set(days=days, worked=None)
    if worked is not None and not await worked_refused(turn, worked):
        turn.set(worked=worked.isoformat())
        turn.goto("labourday", "photo")
        return
    turn.goto("labourday", "worked")


@flow.prompt("worked")
async def ask_worked(turn: Turn) -> None:
    ask_day(
        turn,
        turn.t("On which day did they work? For example: {day}.").format(day=example_day(turn)),
    )


@flow.answer("worked")
async def got_worked(turn: Turn) -> None:
    """The day worked, never one still to come: she confirms at once what she saw, and nobody has worked a
    day to come yet; she records it after that day (decision 0602)."""
    if turn.choice == BACK_ID:
        turn.goto("labourday", "days")
        return
    example = example_day(turn)
    day = read_day(
        turn, example, not_after=turn.today, late=lambda day: worked_refusal(turn, day) or "", lean=PAST
    )
    if day is None or await worked_refused(turn, day):
        return
    turn.set(worked=day.isoformat())
    turn.goto("labourday", "photo")


@flow.prompt("photo")
async def ask_photo(turn: Turn) -> None:
    ask_optional_photo(turn, turn.t("Please send a photo of the day as evidence, or choose “Skip”."), DAY)


@flow.answer("photo")
async def got_photo(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("labourday", "worked")
        return
    kept = read_optional_photo(turn)
    if kept is NOT_READ:  # it said why, and asked again where it asks (as at a result's photo)
        return
    turn.set(photo=kept)
    turn.goto("labourday", "confirm")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    people = await _chosen(turn)
    if not people:
        return
    what = describe(turn.t, "labour", 0, turn.data["days"], None)
    lines = [
        turn.t.plural(  # “for each of these 1 members” read wrong in English (decision 0563)
            "Record {what} for {n} member, to {drive}, confirmed by you:",
            "Record {what} for each of these {n} members, to {drive}, confirmed by you:",
            len(people),
        ).format(
            what=what, n=turn.t.number(len(people)), drive=drive_title(turn.t, await chosen_drive(turn))
        ),
        *(f"• {name}" for name in await _names(turn, people)),
        *_worked_line(turn),
        # no day of its own is stored: a day still to come is refused at its step (decisions 0559, 0602)
        turn.t(
            "Recorded as labour days already worked, as of today {date}; a day still to come is recorded "
            "after it."
        ).format(date=turn.t.date(turn.today)),
        turn.t("With a photo of the day.") if turn.data.get("photo") else turn.t("No photo."),
        *await _already(turn, people),
        *await _told(turn, people),
    ]
    change = Choice(EDIT, turn.t("Change who worked"), keywords=("sua danh sach", "change"))
    confirm_menu(turn, "\n".join(lines), change)


async def _names(turn: Turn, people: list[Person]) -> list[str]:
    """The names at the last look, namesakes told apart by position, unit or the day they joined: two Nguyễn
    Văn Nam of the paper list are two lines she can check (decision 0602)."""
    unit_ids = {p.unit_id for p in people if p.unit_id}
    units = await turn.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))
    unit_names = {unit.id: unit.name for unit in units}
    listed = [(p.id, p.full_name, p.position, unit_names.get(p.unit_id or 0)) for p in people]
    return await names_told_apart(turn.session, listed, said_joined(turn))


def _worked_line(turn: Turn) -> list[str]:
    """“Ngày lao động: Chủ Nhật, 13/12/2026”, the day she said they worked (none in a conversation begun
    before it was asked), with its weekday as the gift's last look says it (`Translator.day_of_week`,
    decisions 2653, 2658): a “thứ 7” or a date mistyped is caught before “Có”."""
    worked = turn.data.get("worked")
    if not worked:
        return []
    return [turn.t("The day worked: {day}.").format(day=turn.t.day_of_week(date.fromisoformat(worked)))]


async def _told(turn: Turn, people: list[Person]) -> list[str]:
    """Who will be told, truly: a household with no account (a colleague without a phone) hears nothing, and
    cannot take off a day it did not work; she is the one to tell them (decision 0442)."""
    unreached = await told_nothing(turn.session, people)
    if not unreached:
        return [
            turn.t.plural(
                "They will be told, and may withdraw it if they did not work that day.",
                "Each of them will be told, and may withdraw it if they did not work that day.",
                len(people),
            )
        ]
    lines = [
        turn.t(
            "{names}: not on Chung Tay, so they will not be told. Please tell them yourself; if one did not "
            "work that day, withdraw theirs (/tracuu, its code)."
        ).format(names=", ".join(person.full_name for person in unreached))
    ]
    if len(unreached) < len(people):
        others = turn.t("The others will be told, and may withdraw theirs if they did not work that day.")
        lines.insert(0, others)
    return lines


async def _already(turn: Turn, people: list[Person]) -> list[str]:
    """The lines naming the labour days some of them have already toward the same drive this week; the
    entries named kept (“already”), the only ones her “Có” may find there (decision 0443)."""
    worked = date.fromisoformat(turn.data["worked"]) if turn.data.get("worked") else None
    entries = await days_already(
        turn.session, people, drive_id=turn.data.get("drive_id"), now=turn.now, worked=worked
    )  # another day worked is no repeat of this one (decision 2204)
    turn.set(already=[entry.id for entry in entries])
    if not entries:
        return []
    names = {person.id: person.full_name for person in people}
    return [
        turn.t(
            "Labour days already recorded this week toward the same drive (if it is the same day, choose "
            "“Change who worked” and take the member off):"
        ),
        *(_already_line(turn, names[entry.person_id], entry) for entry in entries),
    ]


def _already_line(turn: Turn, name: str, entry: Contribution) -> str:
    """One entry named at the last look: by the day worked where it is kept, the day she compares hers with;
    by the day recorded only where none was kept (decisions 2204, 2321)."""
    what = describe(turn.t, "labour", 0, entry.labour_days, None)
    if entry.worked_on is not None:
        return turn.t("• {name}: {what} ({ref}, worked on {day})").format(
            name=name, what=what, ref=entry.ref, day=turn.t.date(entry.worked_on)
        )
    return turn.t("• {name}: {what} ({ref}, {date})").format(
        name=name, what=what, ref=entry.ref, date=turn.t.date(local_date(entry.created_at))
    )


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice == EDIT:  # the list again, the members ticked kept
        turn.goto("labourday", "people")
        return
    if sent_twice(turn):  # the “có” refused below, typed twice: no answer to the look drawn again (0457)
        return
    if turn.choice != YES:
        turn.say(turn.t("Nothing was recorded."))
        go_home(turn)
        return
    people = await _chosen(turn)
    if not people:
        return
    try:
        recorded = await record_labour_days(
            turn.session,
            turn.person,
            people,
            days=turn.data["days"],
            drive_id=turn.data.get("drive_id"),
            photo=turn.data.get("photo"),
            channel=turn.inbound.channel,
            now=turn.now,
            settings=turn.settings,
            seen=turn.data.get("already", []),
            worked=date.fromisoformat(turn.data["worked"]) if turn.data.get("worked") else None,
        )
    except LedgerError as refused:
        if refused.reason == "recorded_meanwhile":  # another officer's, since her last look (0443)
            turn.say(
                turn.t(
                    "Meanwhile, labour days toward the same drive were recorded for some of them. Nothing "
                    "was recorded: please look again."
                )
            )
            remember_typed_confirmation(turn)  # the same “có” again soon is this one sent twice
            turn.goto("labourday", "confirm")
            return
        if refused.reason == "worked":  # its year closed meanwhile, at the end of March (decision 2180)
            closed_year(turn, date.fromisoformat(turn.data["worked"]))
            turn.goto("labourday", "worked")
            return
        if refused.reason == "own_case":  # a drive made hers meanwhile (decision 0630)
            said = turn.t(
                "That drive raises money for your own hardship case, so another officer records and confirms "
                "the labour days given to it, not you. Nothing was recorded."
            )
        elif refused.reason == "not_allowed":
            said = turn.t("You may no longer record labour days for one of them. Nothing was recorded.")
        else:
            said = turn.t("That drive no longer takes labour days from all of them. Nothing was recorded.")
        turn.say(said)
        go_home(turn)
        return
    what = describe(turn.t, "labour", 0, turn.data["days"], None)
    if len(recorded) == 1:  # not “for each of 1 members (CT-…–CT-…)” (decision 0563)
        turn.say(
            turn.t("Recorded and confirmed: {what} for one member ({ref}).").format(
                what=what, ref=recorded[0].ref
            )
        )
    else:
        turn.say(
            turn.t("Recorded and confirmed: {what} for each of {n} members ({first}–{last}).").format(
                what=what, n=turn.t.number(len(recorded)), first=recorded[0].ref, last=recorded[-1].ref
            )
        )
    go_home(turn)
