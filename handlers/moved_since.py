"""A waiting gift another treasurer put in its real giver's name (`bot.domain.contributions.move_to`) after
this treasurer's page or look-up of it was drawn: said plainly, naming both people, before anything is
decided on it, so that she never confirms as Lan's what is now Minh's (docs/decisions/1539). Each screen
that shows gifts to decide keeps whose each was as it showed it (`seen`); the press asks `moved_since`: the
queue's pages, the look-up, the collector's handover (1590) and the bank statement's matches (1680)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select

from bot.conversation.turn import Turn
from bot.db.models import Contribution, Person
from handlers.wording import giver_name

SEEN = "givers"  # {entry id: giver id}, as the screen the treasurer reads showed them
# What is typed for “Ghi nhầm người”, the move, wherever it is offered: the queue's page and the look-up
# (“chuyển tên” as treasurers say it, decision 1649).
MOVE_WORDS = ("ghi nham nguoi", "chuyen sang nguoi khac", "chuyen ten", "chuyen ten nguoi", "wrong person")


def seen(turn: Turn, givers: Iterable[tuple[int, int]]) -> None:
    """Keep whose each entry was as the screen drawn now shows it (entry id, giver id): a page's entries
    join those of the pages before it, where ticks stay as the pages turn."""
    kept = dict(turn.data.get(SEEN) or {})
    kept.update({str(entry): giver for entry, giver in givers})
    turn.set(**{SEEN: kept})


Moved = tuple[str, int, int]  # (code, whose it was as shown, whose it is)


async def _as_they_are(turn: Turn, ids: Sequence[int]) -> list[tuple[int, str, int]]:
    """Each of `ids` as the ledger has it now (entry id, code, giver id), in the order they were recorded."""
    if not ids:
        return []
    rows = await turn.session.execute(
        select(Contribution.id, Contribution.ref, Contribution.person_id)
        .where(Contribution.id.in_(ids))
        .order_by(Contribution.created_at, Contribution.id)
    )
    return [(entry, ref, giver) for entry, ref, giver in rows]


def _moved(turn: Turn, rows: Iterable[tuple[int, str, int]]) -> list[Moved]:
    """Of `rows` as they are now, those whose giver is not the one a screen showed."""
    kept = turn.data.get(SEEN) or {}
    return [
        (ref, kept[str(entry)], giver) for entry, ref, giver in rows if kept.get(str(entry), giver) != giver
    ]


async def seen_as_they_are(turn: Turn, ids: Iterable[int]) -> list[Moved]:
    """`seen` of entries the screen drawn now names by their giver's name alone (the bank statement's lines,
    bot.domain.reconcile.Found): whose each is now, read from the ledger. Returned: those put in another's
    name since an earlier screen showed them, for a screen that decides them to say first (`said_moved`:
    the bank statement's last look), from the same reading."""
    rows = await _as_they_are(turn, list(ids))
    moved = _moved(turn, rows)
    seen(turn, [(entry, giver) for entry, _ref, giver in rows])
    return moved


def seen_of(turn: Turn, ids: Iterable[int]) -> dict[str, int]:
    """What `seen` kept of `ids`: carried to another flow that decides them (the queue's “Nhận số khác”)."""
    kept = turn.data.get(SEEN) or {}
    return {str(entry): kept[str(entry)] for entry in ids if str(entry) in kept}


async def moved_since(turn: Turn, ids: Sequence[int]) -> str | None:
    """The entries of `ids` put in another's name since the screen showed them, one line each naming whose
    it was and whose it is (asked only of entries the reader still may decide, who may read both names),
    and from now on kept as they are: the next look shows them so, and its Yes is not stopped again. None
    when none was moved."""
    rows = await _as_they_are(turn, ids)
    if not (moved := _moved(turn, rows)):
        return None
    seen(turn, [(entry, giver) for entry, _ref, giver in rows])
    return await said_moved(turn, moved)


async def said_moved(turn: Turn, moved: Sequence[Moved]) -> str:
    """One line for each of `moved`, naming whose it was and whose it is."""
    people = {
        p.id: p
        for p in await turn.session.scalars(
            select(Person).where(Person.id.in_({w for _, w, _ in moved} | {g for *_, g in moved}))
        )
    }
    said = turn.t(
        "{ref} was put in {to}'s name, instead of {was}, by another treasurer since you opened it. Nothing "
        "was decided: please look at it again."
    )
    return "\n".join(
        said.format(
            ref=ref,
            to=giver_name(turn.t, people[to].full_name),
            was=giver_name(turn.t, people[was].full_name),
        )
        for ref, was, to in moved
    )
