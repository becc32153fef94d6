"""A gift round (“Trao quà nhiều hoàn cảnh”, from /hoancanh, for officers): its words (“Quà Tết Đinh Mùi
2027”) → the cases, ticked on pages, or all → the money each receives → the goods each receives and their
value → the day → where it is paid from (a drive still recent, the Fund of that day's year, or not from the
Fund: decision 0094) → a last look (N cases, each …, in all …) → all supports written at once. Then its
signing list (danh sách ký nhận), offered here and again from the case list. docs/decisions/0095."""

from __future__ import annotations

import secrets
from datetime import date

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Drive, GiftRound
from bot.domain.cases import CaseError, cases_of
from bot.domain.dates import DateError, parse_day
from bot.domain.gift_rounds import Package, record_round, signing_list
from bot.domain.spending import Balance, drives_to_pay_from, fund_balance
from bot.messages import Choice, Document
from bot.signing_sheet import gift_words, write_signing_list
from handlers.common import (
    BACK_ID,
    YES,
    actor_of,
    ask_number,
    ask_typed,
    back_choice,
    confirm_menu,
    file_slug,
    free_text,
    go_home,
    held_page,
    kept_file,
    page_choices,
    read_source,
    source_menu,
    turned_page,
)
from handlers.money_text import ask_goods_value, read_goods_value, read_money
from handlers.multi_choice import multi_menu, ticked, toggled
from handlers.wording import left_words, source_words

flow = Flow("giftround")
PAGE_SIZE = 10
ALL, DONE, NONE, TODAY, SHEET = "all", "done", "none", "today", "sheet"
OTHER_SOURCE = "other"


def _not_allowed(turn: Turn) -> None:
    turn.say(turn.t("Gift rounds are recorded only by the union's officers."))
    go_home(turn)


@flow.prompt("title")
async def ask_title(turn: Turn) -> None:
    ask_typed(turn, turn.t("What is this round of gifts? For example: Quà Tết Đinh Mùi 2027."))


@flow.answer("title")
async def got_title(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("cases", "list")
    elif (title := free_text(turn, limit=200)) is not None:
        turn.set(title=title, chosen=[], round_page=0, round_key=None)
        turn.goto("giftround", "cases")


@flow.prompt("cases")
async def ask_cases(turn: Turn) -> None:
    try:
        cases = await cases_of(turn.session, await actor_of(turn))
    except CaseError:
        _not_allowed(turn)
        return
    chosen = set(turn.data.get("chosen", []))
    shown = held_page(turn, "round_page", [case for case, _got in cases], PAGE_SIZE)
    choices = [Choice(f"c{case.id}", ticked(case.name, case.id in chosen)) for case in shown.rows]
    choices += [
        Choice(ALL, turn.t("Choose all"), keywords=("chon tat ca", "tat ca", "all"), pinned=True),
        Choice(DONE, turn.t("Done, next step"), keywords=("xong", "tiep", "done"), pinned=True),
        *page_choices(turn.t, shown.number, shown.pages),
        back_choice(turn.t),
    ]
    heading = turn.t("Which cases receive it? Chosen: {n} of {all} (page {page} of {pages}).").format(
        n=turn.t.number(len(chosen)), all=turn.t.number(shown.total), page=shown.number + 1, pages=shown.pages
    )
    multi_menu(turn, heading + "\n" + turn.t("Choose the cases, then “Done”."), choices)


@flow.answer("cases")
async def got_cases(turn: Turn) -> None:
    if BACK_ID in turn.picked:
        turn.goto("cases", "list")
        return
    pressed = [int(choice[1:]) for choice in turn.picked if choice.startswith("c") and choice[1:].isdigit()]
    chosen = toggled(turn.data.get("chosen", []), pressed)
    if ALL in turn.picked:
        cases = await cases_of(turn.session, await actor_of(turn))
        chosen += [case.id for case, _got in reversed(cases) if case.id not in chosen]
    turn.set(chosen=chosen)
    if turned_page(turn, "round_page") or DONE not in turn.picked:
        turn.goto("giftround", "cases")
    elif not chosen:
        turn.say(turn.t("Please choose at least one case."))
        turn.goto("giftround", "cases")
    else:
        turn.goto("giftround", "money")


@flow.prompt("money")
async def ask_money(turn: Turn) -> None:
    ask_number(
        turn,
        turn.t("How much money does each case receive? For example: 500k. No money: choose “No money”."),
        Choice(NONE, turn.t("No money"), keywords=("khong tien", "no money")),
    )


@flow.answer("money")
async def got_money(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("giftround", "cases")
        return
    money = 0 if turn.choice == NONE else read_money(turn, cap=turn.settings.money_cap)
    if money is not None:
        turn.set(money=money)
        turn.goto("giftround", "goods")


@flow.prompt("goods")
async def ask_goods(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t("What goods does each case receive? For example: 10 kg of rice. No goods: choose “No goods”."),
        Choice(NONE, turn.t("No goods"), keywords=("khong hien vat", "no goods")),
    )


@flow.answer("goods")
async def got_goods(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("giftround", "money")
    elif turn.choice == NONE:
        turn.set(goods=None, goods_value=0)
        if not turn.data.get("money"):
            turn.say(turn.t("A gift needs money or goods. For example: 500k, or 10 kg of rice."))
            turn.goto("giftround", "money")
        else:
            turn.goto("giftround", "day")
    elif (goods := free_text(turn, limit=200)) is not None:
        turn.set(goods=goods)
        turn.goto("giftround", "goods_value")


@flow.prompt("goods_value")
async def ask_value(turn: Turn) -> None:
    ask_goods_value(turn)


@flow.answer("goods_value")
async def got_value(turn: Turn) -> None:
    if (value := read_goods_value(turn)) is not None:
        turn.set(goods_value=value)
        turn.goto("giftround", "day")


@flow.prompt("day")
async def ask_day(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t("On which day is it handed over? For example: 15/01/2027."),
        Choice(TODAY, turn.t("Today, {date}").format(date=turn.t.date(turn.today)), keywords=("hom nay",)),
    )


@flow.answer("day")
async def got_day(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("giftround", "goods")
        return
    if turn.choice == TODAY:
        day = turn.today
    else:
        try:
            day = parse_day(turn.text, turn.today)
        except DateError:
            turn.say(turn.t("Please type a day as day/month/year, for example: 15/01/2027."))
            return
    turn.set(day=day.isoformat())
    turn.goto("giftround", "source")


def _package(turn: Turn) -> Package:
    return Package(turn.data.get("money", 0), turn.data.get("goods"), turn.data.get("goods_value", 0))


def _day(turn: Turn) -> date:
    return date.fromisoformat(turn.data["day"])


@flow.prompt("source")
async def ask_source(turn: Turn) -> None:
    """The drives still recent, the Fund of the day's year, or not from the Fund; each with what it has left
    of what the round pays (money, the goods' value)."""
    actor = await actor_of(turn)
    if actor is None:
        go_home(turn)
        return
    kinds = list(_package(turn).totals(1))
    day = _day(turn)

    def left(balance: Balance) -> str:
        return "; ".join(left_words(turn.t, balance, kind) for kind in kinds)

    drives = await drives_to_pay_from(turn.session, actor.org_id, 0, turn.today)
    fund = await fund_balance(turn.session, actor.org_id, day.year)
    source_menu(turn, drives, fund, day.year, left)


@flow.answer("source")
async def got_source(turn: Turn) -> None:
    turn.goto("giftround", "confirm" if read_source(turn) else "day")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    """The last look: how many cases, what each receives, what the round comes to, from where. Its token
    (`round_key`) is the round's: a Có pressed again finds it written and writes nothing."""
    if not turn.data.get("round_key"):
        turn.set(round_key=secrets.token_hex(16))
    package, n, day = _package(turn), len(turn.data["chosen"]), _day(turn)
    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    source = source_words(turn.t, turn.data.get("source"), drive.title if drive else None, day.year)
    totals = package.totals(n)
    in_all = []
    if "money" in totals:
        in_all.append(turn.t.vnd(totals["money"]))
    if "goods" in totals:
        in_all.append(
            turn.t("{goods} × {n} (worth {value})").format(
                goods=package.goods, n=turn.t.number(n), value=turn.t.vnd(totals["goods"])
            )
        )
    confirm_menu(
        turn,
        turn.t(
            "Record the round “{title}”, handed over {date}, {source}: {n} cases, each receiving {gift}; "
            "in all {total}?"
        ).format(
            title=turn.data["title"],
            date=turn.t.date(day),
            source=source,
            n=turn.t.number(n),
            gift=gift_words(turn.t.locale, package),
            total="; ".join(in_all),
        ),
        Choice(OTHER_SOURCE, turn.t("Another source"), keywords=("nguon khac", "other source")),
    )


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice == OTHER_SOURCE:
        turn.goto("giftround", "source")
        return
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("cases", "list")
        return
    try:
        gift_round, written = await record_round(
            turn.session,
            await actor_of(turn),
            key=turn.data["round_key"],
            title=turn.data["title"],
            case_ids=turn.data["chosen"],
            package=_package(turn),
            source=turn.data.get("source", "outside"),
            drive_id=turn.data.get("source_drive"),
            delivered_on=_day(turn),
            now=turn.now,
        )
    except CaseError as refused:
        if refused.reason == "balance":
            _over_balance(turn, refused)
        elif refused.reason == "cases":
            turn.say(turn.t("Some of the cases chosen are no longer there. Please choose them again."))
            turn.set(chosen=[])
            turn.goto("giftround", "cases")
        else:
            _not_allowed(turn)
        return
    if written:
        turn.say(
            turn.t("Recorded the round “{title}”: {n} cases.").format(
                title=gift_round.title, n=turn.t.number(len(turn.data["chosen"]))
            ),
            keep=True,
        )
    turn.set(round_id=gift_round.id)
    turn.goto("giftround", "done")


def _over_balance(turn: Turn, refused: CaseError) -> None:
    """The round comes to more than the source has left: nothing is written; another source, or less."""
    what = turn.t("money") if refused.kind == "money" else turn.t("goods (value)")
    turn.say(
        turn.t(
            "Nothing was recorded: the round comes to {total} of {what}, and that source has only {left} "
            "left. Please choose another source, for example “Not from the Fund”, or go back and give less."
        ).format(total=turn.t.vnd(refused.total or 0), what=what, left=turn.t.vnd(refused.left or 0))
    )
    turn.goto("giftround", "source")


@flow.prompt("done")
async def show_done(turn: Turn) -> None:
    turn.menu(
        turn.t("Its signing list can be printed for the recipients to sign."),
        [
            Choice(SHEET, turn.t("Signing list (Excel)"), keywords=("danh sach ky nhan", "signing list")),
            back_choice(turn.t),
        ],
    )


@flow.answer("done")
async def chose_done(turn: Turn) -> None:
    if turn.choice == SHEET:
        await hand_over_signing_list(turn, turn.data["round_id"])
        turn.goto("giftround", "done")
    else:
        turn.goto("cases", "list")


async def hand_over_signing_list(turn: Turn, round_id: int) -> None:
    """The round's signing list as a file, with the recipients' names: only for who may see cases."""
    try:
        signing = await signing_list(turn.session, await actor_of(turn), round_id)
    except CaseError:
        turn.say(turn.t("Hardship cases are seen only by the union's officers and the leaders."))
        return
    name = f"danh-sach-ky-nhan-{file_slug(signing.title, 'dot-trao-qua', limit=40)}.xlsx"
    kept = kept_file(turn, "signing", name)
    write_signing_list(signing, turn.settings.media_dir / kept, locale=turn.t.locale)
    fallback = turn.t(
        "This messenger cannot carry files, so {name} was not sent here. Open Chung Tay on Telegram and ask "
        "for it again (/lienket uses both with one account)."
    ).format(name=name)
    turn.hand_over(
        Document(kept, name, fallback),
        turn.t(
            "Signing list of “{title}” ({n} recipients), with their names: print it for the ceremony; do "
            "not forward it to a group."
        ).format(title=signing.title, n=turn.t.number(len(signing.recipients))),
    )


def round_choice(turn: Turn, gift_round: GiftRound) -> Choice:
    """The case list's way back to a round's signing list."""
    return Choice(
        f"r{gift_round.id}",
        turn.t("Signing list: {title} ({date})").format(
            title=gift_round.title, date=turn.t.date(gift_round.delivered_on)
        ),
    )
