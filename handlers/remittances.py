"""Money handed over to the Fund for the Poor of the level above (“Nộp về quỹ cấp trên”), from a drive's
screen or the Fund's statement, for an officer covering the units whose money it is (decision 0112): the
amount (what the source has left said first) → the board it went to (those used before offered, or a name
typed) → the day (today offered; from the Fund of a year that is over, that year's last day, and a day of
another year refused; from a drive, a day before it began refused) → the receipt's number (or skip) → a photo
of the receipt (or skip) → one last look → recorded. A handover recorded wrongly is cancelled from the same
screen, with a reason, never deleted. The domain (bot.domain.remittances) checks who may and what is left
again; docs/decisions/0108.

From a drive that received goods, its goods handed over too (biên bản bàn giao hiện vật, decision 0713): all
the goods left (as its statement counts them, kind by kind) or the goods typed with what they were worth (or
not known) → the board → the day → the receipt (the handover paper's number) → a photo → one last look."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement

from bot.conversation.flow import Flow
from bot.conversation.photo_asked import REMITTANCE
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Remittance
from bot.domain.access import Actor, may_remit, may_remit_any
from bot.domain.dates import PAST
from bot.domain.goods_words import GoodsCount, goods_beyond, goods_measured_otherwise
from bot.domain.remittances import (
    BOARD_LIMIT,
    BOARDS_OFFERED,
    GOODS_LIMIT,
    REASON_LIMIT,
    RECEIPT_LIMIT,
    RemittanceError,
    boards_used,
    cancel_remittance,
    drive_goods_left,
    drive_goods_left_weighed,
    receipt_number,
    record_remittance,
    remittance_lines,
)
from bot.domain.results import EvidencePhoto
from bot.domain.spending import (
    Balance,
    drive_balance,
    fund_balance_to_spend,
    handed_from_drive,
    handed_from_fund,
)
from bot.domain.statement import goods_received
from bot.i18n import Translator, drive_named, translate
from bot.messages import Choice
from bot.text import fold, match_key
from handlers.common import (
    NOT_READ,
    YES,
    actor_of,
    ask_day,
    ask_number,
    ask_optional_photo,
    ask_typed,
    back_choice,
    confirm_menu,
    example_day,
    free_text,
    go_home,
    goods_read_one_way,
    picked_id,
    read_day,
    read_optional_photo,
    reason_text,
    say_officers_only,
)
from handlers.money_text import read_money
from handlers.wording import clipped, goods_as_given, goods_counted_text

flow = Flow("remit")
OTHER, SKIP, ALL, UNKNOWN = "other", "skip", "all", "unknown"
GOODS_NAME_CLIP = 40  # each kind's name, in the goods a handover of all of them names
# What a drive's screen and the Fund's statement offer, and the words typed without diacritics that reach it.
REMIT_KEYWORDS = (
    "nop ve cap tren", "nop cap tren", "nop ve quy cap tren", "nop quy", "nop tien ve cap tren",
    "nop tien cho ban van dong", "hand over"
)  # fmt: skip
UNREMIT_KEYWORDS = ("huy khoan nop", "huy nop", "cancel a handover")
GOODS_KEYWORDS = ("ban giao hien vat", "nop hien vat", "hand over goods")
# A treasurer's own words for the handover, said of the mobilisation board that receives it: at a statement's
# page a handover, at the menu perhaps a giver's own gift to her unit's board (decision 2851).
TO_THE_BOARD = "nop tien cho ban van dong"
# The words of a handover to the level above typed where none is offered (the menu, a statement's page):
# the drive's screen's own, without “nop quy” (a giver types it of her own gift) nor TO_THE_BOARD, and “nộp
# tiền về quỹ cấp trên” whole, read within what is typed (`told_whose_handover`).
HANDOVER_WAY_IN = (
    *(words for words in REMIT_KEYWORDS if words not in ("nop quy", TO_THE_BOARD)),
    "nop tien ve quy cap tren",
)
# At a statement's page, where the money read is what is handed over: TO_THE_BOARD too (decision 2851).
HANDOVER_AT_PAGE = (*HANDOVER_WAY_IN, TO_THE_BOARD)


def remit_choice(turn: Turn, *, of_the_fund: bool = True) -> Choice:
    """The money handed over: to the Fund above from the Fund and its drives; to the level above from a drive
    not of the Fund (relief goes to a relief board, decision 0725)."""
    label = (
        turn.t("Hand over to the Fund above") if of_the_fund else turn.t("Hand over money to the level above")
    )
    return Choice("remit", label, keywords=REMIT_KEYWORDS)


async def told_whose_handover(turn: Turn, words: tuple[str, ...] = HANDOVER_WAY_IN) -> bool:
    """The handover to the level above typed (`words`, the menu's unless a statement's page gives its own)
    by someone who hands over none (`may_remit_any`: a treasurer with the month's cash), where there is no
    handover for her: told whose it is to record and whom to give the receipt (decisions 1555, 2820, 2851);
    whether it was. Nothing is recorded; the caller's step goes on."""
    typed = match_key(turn.inbound.text or "")
    if not any(match_key(said) in typed for said in words):
        return False
    actor = await actor_of(turn)
    if actor is None or may_remit_any(actor, actor.org_id):
        return False
    await say_officers_only(
        turn,
        turn.t(
            "Money handed over to the fund above is recorded by {officers}, from the drive's screen "
            "or the Fund's statement, with the receiving board's receipt: please give them the receipt. "
            "Here you can read each drive's money."
        ),
    )
    return True


def goods_out_choice(turn: Turn) -> Choice:
    """On a drive's screen once it received goods: its goods handed over to the level above (0713)."""
    return Choice("remit_goods", turn.t("Hand over goods to the level above"), keywords=GOODS_KEYWORDS)


def unremit_choice(turn: Turn) -> Choice:
    return Choice("unremit", turn.t("Cancel a handover"), keywords=UNREMIT_KEYWORDS)


def start(turn: Turn, *, drive_id: int | None, year: int, step: str = "amount") -> None:
    """From a drive's screen (`drive_id`) or the Fund's statement of `year` (None): on to the handover, or,
    with `step` "cancel", to cancelling one. The screen it came from is where it goes back to."""
    turn.goto("remit", step)
    turn.set(remit_drive=drive_id, remit_year=year, remit_goods=None)


def _first(turn: Turn) -> None:
    """Back to the handover's first step: what goods, or how much money."""
    turn.goto("remit", "goods" if turn.data.get("remit_goods") is not None else "amount")


def _back(turn: Turn) -> None:
    """Back to the screen the handover started from: the drive's, or the Fund's statement."""
    drive_id, year = turn.data.get("remit_drive"), turn.data.get("remit_year")
    if drive_id is not None:
        turn.goto("drive", "show")
        turn.set(drive_id=drive_id)
    else:
        turn.goto("statement", "page")
        turn.set(statement_drive=None, statement_year=year or turn.today.year, page=0)


def _where(turn: Turn, org_id: int) -> tuple[ColumnElement[bool], ...]:
    """The handovers of the source the chat keeps: the drive's, or the Fund's of its year."""
    drive_id = turn.data.get("remit_drive")
    if drive_id is not None:
        return handed_from_drive(drive_id)
    return handed_from_fund(org_id, int(turn.data.get("remit_year") or turn.today.year))


async def _allowed(turn: Turn) -> tuple[Actor, Drive | None] | None:
    """The actor and the drive the handover is from (None: the Fund outside the drives), once the actor may
    hand its money over (`may_remit`, of the drive's units); None (and home) when the drive is gone or not of
    the actor's organisation, or (said, and back) when the actor may not: a role taken away while the screen
    was open is told at the first step, not after the last."""
    actor = await actor_of(turn)
    if actor is None:
        go_home(turn)
        return None
    drive_id = turn.data.get("remit_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    if drive_id is not None and (drive is None or drive.org_id != actor.org_id):
        go_home(turn)
        return None
    if not may_remit(actor, actor.org_id, drive.unit_ids if drive is not None else None):
        await _not_allowed(turn)
        return None
    return actor, drive


async def _source(turn: Turn) -> tuple[str, Balance] | None:
    """The source's name as the chat says it, and its balance; None when the actor may not (`_allowed`)."""
    if (allowed := await _allowed(turn)) is None:
        return None
    actor, drive = allowed
    if drive is None:
        year = _fund_year(turn)
        name = turn.t("the Fund for the Poor outside the drives ({year})").format(year=year)
        # what the domain lets a handover dated in `year` take: no more than each year since has left
        balance = await fund_balance_to_spend(turn.session, actor.org_id, year, through=turn.today.year)
        return name, balance
    return drive_named(turn.t.locale, drive.title), await drive_balance(turn.session, drive)


def _fund_year(turn: Turn) -> int:
    """The year whose Fund outside the drives the handover takes from, as the domain takes it: the year of
    its day once typed (a day of last year typed from this year's statement: last year's Fund), else the
    year of the statement it started from."""
    if day := turn.data.get("remit_day"):
        return date.fromisoformat(day).year
    return int(turn.data.get("remit_year") or turn.today.year)


def _past_year(turn: Turn) -> int | None:
    """The year of the Fund's statement the handover started from, when that year is over (a statement of
    2025 still open in 2026): its day must then fall in that year. None for a drive, or this year's Fund."""
    if turn.data.get("remit_drive") is not None:
        return None
    year = int(turn.data.get("remit_year") or turn.today.year)
    return year if year < turn.today.year else None


async def _not_allowed(turn: Turn) -> None:
    await say_officers_only(
        turn,
        turn.t("Only {officers} record money handed over to the Fund above. Nothing was changed.")
        if await _of_the_fund(turn)
        else turn.t("Only {officers} record what is handed over to the level above. Nothing was changed."),
    )
    _back(turn)


@flow.prompt("amount")
async def ask_amount(turn: Turn) -> None:
    if (source := await _source(turn)) is None:
        return
    name, balance = source
    asked = (
        turn.t(
            "How much money did {source} hand over to the Fund for the Poor of the level above? It has "
            "{left} left. For example: 85tr."
        )
        if await _of_the_fund(turn)
        else turn.t(  # a relief drive's money goes to the Front's relief board, not to the Fund (0704)
            "How much money did {source} hand over to the level above? It has {left} left. For example: 85tr."
        )
    )
    ask_number(turn, asked.format(source=name, left=turn.t.vnd(max(0, balance.left.money))))


async def _of_the_fund(turn: Turn) -> bool:
    """Whether the handover's source is the Fund for the Poor's: the Fund outside the drives or a drive of
    the Fund; a drive of its own (relief after a storm, warm clothes) is not, and is not called so (0704)."""
    drive_id = turn.data.get("remit_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    return drive is None or drive.fund


@flow.answer("amount")
async def got_amount(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn)
        return
    if (amount := read_money(turn, cap=turn.settings.money_cap)) is None:
        return
    if (source := await _source(turn)) is None:
        return
    left = max(0, source[1].left.money)
    if amount > left:
        _over(turn, left)
        return
    turn.set(remit_amount=amount)
    turn.goto("remit", "board")


def _over(turn: Turn, left: int) -> None:
    """More than the source's confirmed money left: said, with what is left; nothing changes."""
    turn.say(
        turn.t(
            "That is more than is left: {left} (confirmed receipts less what was paid out and handed over). "
            "Gifts still waiting count once a treasurer confirms them. Please type an amount up to {left}."
        ).format(left=turn.t.vnd(left))
    )
    turn.goto("remit", "amount")


@flow.prompt("goods")
async def ask_goods(turn: Turn) -> None:
    """The goods the drive received, kind by kind as its statement counts them, and what they are worth;
    “All the goods left”, or the goods typed (part of them)."""
    if (source := await _source(turn)) is None:
        return
    name, balance = source
    counted = await goods_received(turn.session, *_gifts_of(turn))
    received = goods_counted_text(turn.t, counted, clip=GOODS_NAME_CLIP)
    ask_typed(
        turn,
        turn.t(
            "Which goods did {source} hand over to the level above? It received: {goods}; worth left: "
            "{left}. Choose “All the goods left”, or type what was handed over, for example: mì tôm 10 thùng."
        ).format(source=name, goods=received, left=turn.t.vnd(max(0, balance.left.goods))),
        Choice(ALL, turn.t("All the goods left"), keywords=("tat ca", "het", "all")),
        asks_goods=True,
    )


def _gifts_of(turn: Turn) -> tuple[ColumnElement[bool], ...]:
    """The drive's gifts, whose goods its statement counts (decision 0704)."""
    return (Contribution.drive_id == turn.data.get("remit_drive"),)


@flow.answer("goods")
async def got_goods(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn)
        return
    if turn.choice == ALL:
        if (source := await _source(turn)) is None:
            return
        balance = source[1]
        if balance.goods_gone:
            turn.say(turn.t("Every good of this drive was handed over already. Nothing was changed."))
            _back(turn)
            return
        public = Translator(
            turn.settings.default_locale
        )  # the statement's words, whoever reads English (0761)
        if balance.handed_goods or await _goods_handed_before(turn):
            # part went before: what is left, kind by kind, where every part was weighed (0799)
            left = await drive_goods_left_weighed(turn.session, turn.data.get("remit_drive"))
            what = (
                goods_counted_text(public, left, clip=GOODS_NAME_CLIP)
                if left
                else translate(turn.settings.default_locale, "all the goods left")
            )
        else:
            counted = await goods_received(turn.session, *_gifts_of(turn))
            what = goods_counted_text(public, counted, clip=GOODS_NAME_CLIP)
        turn.set(
            remit_goods=clipped(what, GOODS_LIMIT), remit_goods_vnd=max(0, balance.left.goods), remit_all=True
        )
        turn.goto("remit", "board")
    elif (typed := free_text(turn, limit=GOODS_LIMIT)) is not None:
        if not goods_read_one_way(turn, typed):  # “mì tôm 2 thùng 5 gói”: which, asked (decision 1004)
            turn.goto("remit", "goods")
            return
        left = await drive_goods_left(turn.session, turn.data.get("remit_drive"))
        if over := goods_beyond(left, typed):  # “mì tôm 100 thùng” when 15 came: asked again (0724)
            _beyond(turn, over, left)
            return
        if other := goods_measured_otherwise(left, typed):  # “100 gói mì” when cartons came (0798)
            _otherwise(turn, other)
            return
        turn.set(remit_goods=typed, remit_goods_vnd=0, remit_all=False)
        turn.goto("remit", "goods_value")


def _beyond(turn: Turn, over: list[GoodsCount], left: list[GoodsCount]) -> None:
    """Goods typed beyond what is left of their kind: what is left of those kinds and of every kind, and an
    example that would do; nothing changes, the goods asked again."""
    still = [kind for kind in left if kind.quantity is None or kind.quantity > 0]
    example = next((kind for kind in over if kind.quantity), still[0] if still else over[0])
    turn.say(
        turn.t(
            "Not recorded: this drive has only {goods} left to hand over. Goods left: {left}. Please type "
            "the goods handed over again, for example: {example}."
        ).format(
            goods=", ".join(goods_as_given(turn.t, kind) for kind in over),
            left=goods_counted_text(turn.t, still, clip=GOODS_NAME_CLIP) if still else turn.t("none"),
            example=goods_as_given(turn.t, example),
        )
    )
    turn.goto("remit", "goods")


def _otherwise(turn: Turn, other: list[GoodsCount]) -> None:
    """Goods typed in a measure their kind did not come in (packets of the cartons, bags of the kilograms):
    the measure it came in, what is left in it, an example in it; nothing changes, the goods asked again.
    Only weights are converted: a carton's packets would be guessed (decision 0798)."""
    first = next((kind for kind in other if kind.quantity), other[0])
    turn.say(
        turn.t(
            "Not recorded: this drive received {goods} in {unit}, which cannot be turned into the measure "
            "typed. Left: {left}. Please type it again in {unit}, for example: {example}."
        ).format(
            goods=first.goods,
            unit=first.unit or first.goods,
            left=", ".join(goods_as_given(turn.t, kind) for kind in other),
            example=goods_as_given(turn.t, first),
        )
    )
    turn.goto("remit", "goods")


async def _goods_handed_before(turn: Turn) -> bool:
    lines = await remittance_lines(turn.session, *_where(turn, 0))
    return any(line.goods is not None for line in lines)


@flow.prompt("goods_value")
async def ask_goods_value(turn: Turn) -> None:
    if (source := await _source(turn)) is None:
        return
    ask_number(
        turn,
        turn.t(
            "What were they worth? The goods left are worth {left}. For example: 1tr. Or choose “Not known”."
        ).format(left=turn.t.vnd(max(0, source[1].left.goods))),
        Choice(UNKNOWN, turn.t("Not known"), keywords=("chua ro", "khong ro", "not known")),
    )


@flow.answer("goods_value")
async def got_goods_value(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("remit", "goods")
        return
    if turn.choice == UNKNOWN:
        turn.set(remit_goods_vnd=0)
        turn.goto("remit", "board")
        return
    if (value := read_money(turn, cap=turn.settings.money_cap)) is None:
        return
    if (source := await _source(turn)) is None:
        return
    left = max(0, source[1].left.goods)
    if value > left:
        _over_goods(turn, left)
        return
    turn.set(remit_goods_vnd=value)
    turn.goto("remit", "board")


def _over_goods(turn: Turn, left: int) -> None:
    turn.say(
        turn.t(
            "That is more than the goods left are worth: {left}. Please type a value up to {left}, or choose "
            "“Not known”."
        ).format(left=turn.t.vnd(left))
    )
    turn.goto("remit", "goods_value")


@flow.prompt("board")
async def ask_board(turn: Turn) -> None:
    """The boards handed to before, the latest first, and “Nhập tên khác”; or, the first time, the name.
    After part of a name typed that several boards have: those boards."""
    found = turn.data.get("remit_found")
    actor = await actor_of(turn)
    used = found or (await boards_used(turn.session, actor.org_id) if actor is not None else [])
    if not used:
        turn.goto("remit", "board_name")
        return
    turn.set(remit_boards=used, remit_found=None)
    turn.menu(
        turn.t("Which board was it handed over to? You may also type part of its name.")
        if not found
        else turn.t("Several boards have that in their name. Which one was it?"),
        [
            *(Choice(f"b{n}", board) for n, board in enumerate(used)),
            Choice(OTHER, turn.t("Type another name"), keywords=("nhap ten khac", "ten khac", "other")),
            back_choice(turn.t),
        ],
        free_text=True,
    )


@flow.answer("board")
async def got_board(turn: Turn) -> None:
    used = turn.data.get("remit_boards") or []
    if turn.choice == BACK_ID:
        _first(turn)
    elif turn.choice == OTHER:
        turn.goto("remit", "board_name")
    elif (n := picked_id(turn, "b")) is not None and 0 <= n < len(used):
        turn.set(remit_board=used[n])
        turn.goto("remit", "day")
    elif turn.choice is None and (typed := free_text(turn, limit=BOARD_LIMIT)) is not None:
        found = await _boards_named(turn, typed)
        if len(found) > 1:
            turn.set(remit_found=found)
            turn.goto("remit", "board")
            return
        turn.set(remit_board=found[0] if found else typed)  # a board used before, or a new one typed
        turn.goto("remit", "day")


async def _boards_named(turn: Turn, typed: str) -> list[str]:
    """The boards used before that `typed` names, accents optional: the one spelt the same, else those with
    it in their name (“huyen” for “Ban vận động Quỹ … huyện”), the latest first, at most a menu's worth; none
    when it names no board used before (a new board)."""
    actor = await actor_of(turn)
    used = await boards_used(turn.session, actor.org_id, limit=None) if actor is not None else []
    key = fold(typed)
    same = [board for board in used if fold(board) == key]
    return same[:1] or [board for board in used if key in fold(board)][:BOARDS_OFFERED]


@flow.prompt("board_name")
async def ask_board_name(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t(
            "Which board was it handed over to? For example: Ban vận động Quỹ “Vì người nghèo” tỉnh Hà Tĩnh."
        )
        if await _of_the_fund(turn)
        else turn.t("Which board was it handed over to? For example: Ban Vận động cứu trợ tỉnh Quảng Trị."),
    )


@flow.answer("board_name")
async def got_board_name(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _first(turn)
    elif (typed := free_text(turn, limit=BOARD_LIMIT)) is not None:
        turn.set(remit_board=typed)
        turn.goto("remit", "day")


@flow.prompt("day")
async def ask_handover_day(turn: Turn) -> None:
    """Today offered; from the Fund of a year that is over, that year's last day (its money is that
    year's: decision 0108)."""
    turn.set(remit_day=None)
    if (year := _past_year(turn)) is None:
        question = turn.t("On which day was it handed over? For example: {day}.")
        ask_day(turn, question.format(day=example_day(turn)))
        return
    last = date(year, 12, 31)
    ask_day(
        turn,
        turn.t("On which day of {year} was it handed over? For example: {day}.").format(
            year=year, day=example_day(turn, last)
        ),
        offered=last,
    )


@flow.answer("day")
async def got_day(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("remit", "board")
        return
    year = _past_year(turn)
    offered = date(year, 12, 31) if year is not None else None
    example = example_day(turn, offered)
    late = turn.t(
        "That day has not come yet. Please type the day it was handed over, for example: {day}."
    ).format(day=example)
    day = read_day(turn, example, not_after=turn.today, late=late, offered=offered, lean=PAST)
    if day is None:
        return
    if year is not None and day.year != year:
        turn.say(
            turn.t(
                "A handover from the Fund of {year} needs a day in {year}, for example: {day}. To record "
                "one handed over from this year's Fund, open /saoke again, choose the Fund for the Poor "
                "and “Hand over to the Fund above”."
            ).format(year=year, day=turn.t.date(offered or turn.today))
        )
        return
    drive = await turn.session.get(Drive, turn.data["remit_drive"]) if turn.data.get("remit_drive") else None
    if drive is not None and day < drive.starts_on:  # a year typed wrong: the drive had no money yet
        turn.say(
            turn.t(
                "The drive began on {start}: what it handed over was handed over on that day or later. "
                "Please type the day it was handed over, for example: {day}."
            ).format(start=turn.t.date(drive.starts_on), day=turn.t.date(turn.today))
        )
        return
    statement_year = int(turn.data.get("remit_year") or turn.today.year)
    if turn.data.get("remit_drive") is None and day.year != statement_year:
        # a day of another year takes from that year's Fund (_fund_year): said here when it has too little,
        # not after the last look, where no amount would do
        actor = await actor_of(turn)
        balance = await fund_balance_to_spend(
            turn.session, actor.org_id if actor else 0, day.year, through=turn.today.year
        )
        left = max(0, balance.left.money)
        if turn.data.get("remit_amount", 0) > left:
            turn.say(
                turn.t(
                    "The Fund for the Poor of {year} has only {left} left, less than {amount}. Please type "
                    "a day of {current}, for example: {day}."
                ).format(
                    year=day.year,
                    left=turn.t.vnd(left),
                    amount=turn.t.vnd(turn.data.get("remit_amount", 0)),
                    current=statement_year,
                    day=turn.t.date(turn.today),
                )
            )
            return
    turn.set(remit_day=day.isoformat())
    turn.goto("remit", "receipt")


@flow.prompt("receipt")
async def ask_receipt(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t("The number of the board's receipt? For example: 125/BN. Or choose “Skip”."),
        Choice(SKIP, turn.t("Skip"), keywords=("bo qua", "khong co", "skip")),
    )


@flow.answer("receipt")
async def got_receipt(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("remit", "day")
    elif turn.choice == SKIP:
        turn.set(remit_receipt=None)
        turn.goto("remit", "photo")
    elif (typed := free_text(turn, limit=RECEIPT_LIMIT)) is not None:
        turn.set(remit_receipt=receipt_number(typed))
        turn.goto("remit", "photo")


@flow.prompt("photo")
async def ask_photo(turn: Turn) -> None:
    ask_optional_photo(
        turn, turn.t("You may send a photo of the receipt as evidence, or choose “Skip”."), REMITTANCE
    )


@flow.answer("photo")
async def got_photo(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("remit", "receipt")
    elif (photo := read_optional_photo(turn)) is not NOT_READ:
        turn.set(remit_photo=photo)
        turn.goto("remit", "confirm")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    """One look before it is written: it shows on the public statement."""
    if (source := await _source(turn)) is None:
        return
    if (goods := turn.data.get("remit_goods")) is not None:  # goods handed over (decision 0713)
        value = turn.data.get("remit_goods_vnd") or 0
        lines = [
            turn.t("Record goods handed over to the level above from {source}?").format(source=source[0]),
            turn.t("• Goods: {goods}").format(goods=goods),
            turn.t("• Worth: {value}").format(value=turn.t.vnd(value) if value else turn.t("not known")),
        ]
    else:
        asked = (
            turn.t("Record money handed over to the Fund above from {source}?")
            if await _of_the_fund(turn)
            else turn.t("Record money handed over to the level above from {source}?")  # relief (0725)
        )
        lines = [
            asked.format(source=source[0]),
            turn.t("• Amount: {money}").format(money=turn.t.vnd(turn.data["remit_amount"])),
        ]
    lines += [
        turn.t("• To: {board}").format(board=turn.data["remit_board"]),
        turn.t("• On: {date}").format(date=turn.t.date(date.fromisoformat(turn.data["remit_day"]))),
    ]
    if turn.data.get("remit_receipt"):
        lines.append(turn.t("• Receipt no.: {number}").format(number=turn.data["remit_receipt"]))
    if turn.data.get("remit_photo"):
        lines.append(turn.t.plural("• Evidence: {n} photo", "• Evidence: {n} photos", 1).format(n=1))
    lines.append(
        turn.t("It shows on the public statement (the board, the day, the amount; no person's name).")
    )
    confirm_menu(turn, "\n".join(lines))


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        _back(turn)
        return
    actor = await actor_of(turn)
    photo = turn.data.get("remit_photo")
    drive_id = turn.data.get("remit_drive")
    goods = turn.data.get("remit_goods")
    try:
        await record_remittance(
            turn.session,
            actor,
            org_id=actor.org_id if actor is not None else 0,
            source="fund" if drive_id is None else "drive",
            drive_id=drive_id,
            amount_vnd=0 if goods is not None else turn.data["remit_amount"],
            goods=goods,
            goods_vnd=turn.data.get("remit_goods_vnd") or 0,
            goods_all=bool(turn.data.get("remit_all")),
            board=turn.data["remit_board"],
            remitted_on=date.fromisoformat(turn.data["remit_day"]),
            receipt_no=turn.data.get("remit_receipt"),
            photo=EvidencePhoto(photo["sha256"], photo["path"], photo["size"] or 0) if photo else None,
            now=turn.now,
        )
    except RemittanceError as refused:
        if refused.reason == "goods_gone":
            # all the goods went from another chat meanwhile, or a second tap: nothing to ask again (0718)
            turn.say(turn.t("Every good of this drive was handed over already. Nothing was changed."))
            _back(turn)
        elif refused.reason == "goods_over":  # part of the goods went from another chat meanwhile
            _beyond(turn, list(refused.over), await drive_goods_left(turn.session, drive_id))
        elif refused.reason == "goods_measure":  # not reached from the goods' step, which asks it first
            _otherwise(turn, list(refused.over))
        elif refused.reason == "balance" and goods is not None:
            _over_goods(turn, refused.left or 0)
        elif refused.reason == "balance":
            _over(turn, refused.left or 0)
        elif refused.reason == "not_allowed":
            await _not_allowed(turn)
        else:
            turn.say(turn.t("Nothing was changed."))
            _back(turn)
        return
    recorded = (
        turn.t("Recorded: goods handed over to {board}: {goods}.").format(
            goods=goods, board=turn.data["remit_board"]
        )
        if goods is not None
        else turn.t("Recorded: {money} handed over to {board}.").format(
            money=turn.t.vnd(turn.data["remit_amount"]), board=turn.data["remit_board"]
        )
    )
    turn.say(recorded, keep=True)
    _back(turn)


# --- cancelling a handover recorded wrongly ----------------------------------------------------------------


@flow.prompt("cancel")
async def ask_which(turn: Turn) -> None:
    if (allowed := await _allowed(turn)) is None:
        return
    actor = allowed[0]
    lines = await remittance_lines(turn.session, *_where(turn, actor.org_id))
    if not lines:
        turn.say(turn.t("Nothing handed over stands to cancel."))
        _back(turn)
        return
    turn.menu(
        turn.t("Which handover was recorded wrongly? It is not deleted: a cancellation is kept."),
        [
            *(
                Choice(
                    f"r{line.id}",
                    f"{turn.t.date(line.on)} · {_what(turn, line.amount_vnd, line.goods)} · {line.board}",
                )
                for line in lines
            ),
            back_choice(turn.t),
        ],
    )


@flow.answer("cancel")
async def chose(turn: Turn) -> None:
    if (remittance_id := picked_id(turn, "r")) is None:
        _back(turn)
        return
    turn.set(remit_cancel=remittance_id)
    turn.goto("remit", "cancel_reason")


@flow.prompt("cancel_reason")
async def ask_reason(turn: Turn) -> None:
    ask_typed(turn, turn.t("Why is it cancelled? For example: typed twice by mistake."))


@flow.answer("cancel_reason")
async def got_reason(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("remit", "cancel")
    elif (reason := reason_text(turn, limit=REASON_LIMIT)) is not None:
        turn.set(remit_reason=reason)
        turn.goto("remit", "cancel_confirm")


@flow.prompt("cancel_confirm")
async def ask_cancel_confirm(turn: Turn) -> None:
    found = await turn.session.get(Remittance, turn.data["remit_cancel"])
    if found is None:
        _back(turn)
        return
    confirm_menu(
        turn,
        turn.t(
            "Cancel the handover of {date} to {board}: {money}? What it was handed from gets it back, "
            "and the public statement no longer shows it."
        ).format(
            date=turn.t.date(found.remitted_on),
            board=found.board,
            money=_what(turn, found.amount_vnd, found.goods),
        ),
    )


def _what(turn: Turn, amount: int, goods: str | None) -> str:
    """What a handover handed over, in a menu's line: its money, or its goods (decision 0713)."""
    return turn.t.vnd(amount) if goods is None else clipped(goods, GOODS_NAME_CLIP)


@flow.answer("cancel_confirm")
async def cancelling(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        _back(turn)
        return
    try:
        await cancel_remittance(
            turn.session,
            await actor_of(turn),
            turn.data["remit_cancel"],
            reason=turn.data["remit_reason"],
            now=turn.now,
        )
    except RemittanceError as refused:
        if refused.reason == "cancelled":
            turn.say(turn.t("That handover was cancelled already."))
            _back(turn)
        else:
            await _not_allowed(turn)
        return
    turn.say(
        turn.t("Cancelled: the handover is back in what is left. Reason: {reason}").format(
            reason=turn.data["remit_reason"]
        ),
        keep=True,
    )
    _back(turn)
