"""A gift round (“Trao quà nhiều hoàn cảnh”, from /hoancanh, for officers): its words (“Quà Tết Đinh Mùi
2027”) → the cases, ticked on pages, or all, and/or the households of the last poverty review (the poor,
or the poor and near-poor, of the hamlets chosen: decision 0275) → the money each receives → the goods each
receives and their value → the day → where it is paid from (a drive still recent, the Fund of that day's
year, or not from the Fund: decision 0094) → a last look (N cases, each …, in all …, how many in each hamlet)
→ all supports written at once. Then its signing list (danh sách ký nhận), offered here and again from the
case list. docs/decisions/0095. A day still to come has no “Có” at the last look, only the signing list the
round will have, to take to the ceremony, nothing written: it is recorded once handed (decision 0326)."""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select

from bot.conversation.flow import Flow
from bot.conversation.recognise import matching, typed_example
from bot.conversation.turn import Turn
from bot.db.models import CaseSupport, Drive, GiftRound, HardshipCase
from bot.domain.cases import CaseError, cases_of, unpriced_purchase
from bot.domain.dates import NEAREST
from bot.domain.gift_rounds import (
    Package,
    Recipients,
    SigningList,
    given_the_same_near,
    other_rounds_near,
    packages_totals,
    planned_signing_list,
    record_round,
    review_households,
    review_years,
    review_years_to_give,
    round_recipients,
    round_shortfall,
    signing_list,
    supports_near,
)
from bot.domain.money import names_an_amount
from bot.domain.poverty import LISTED, Listed
from bot.domain.spending import drives_to_pay_from, fund_balance
from bot.i18n import PAPER_LOCALE
from bot.messages import Choice, Document
from bot.signing_sheet import gift_words, write_signing_list
from handlers.common import (
    BACK_ID,
    OUTSIDE_SOURCE,
    YES,
    actor_of,
    ask_bought,
    ask_day,
    ask_number,
    ask_typed,
    back_choice,
    case_names,
    confirm_menu,
    day_not_taken,
    file_slug,
    free_text,
    go_home,
    goods_named,
    held_page,
    kept_file,
    no_file_here,
    page_choices,
    read_bought,
    read_day,
    read_source,
    say_before_drive,
    say_drive_ended,
    say_drive_serves_another,
    say_officers_only,
    say_price_needed,
    source_menu,
    turned_page,
)
from handlers.money_text import ask_goods_value, each_ones_amount, each_persons, read_goods_value, read_money
from handlers.multi_choice import done_choice, multi_menu, ticked, toggled
from handlers.wording import describe, kinds_left_words, source_words

flow = Flow("giftround")
PAGE_SIZE = 10
ALL, DONE, NONE, SHEET = "all", "done", "none", "sheet"
REVIEW, POOR, POOR_AND_NEAR, WITH_OUT = "review", "poor", "listed", "withnew"
SAME = "same"
OF_REVIEW = {POOR: ("poor",), POOR_AND_NEAR: LISTED, WITH_OUT: (*LISTED, "out")}
# The standings that may have a package of their own, in the order asked (0286).
OWN_PACKAGE = ("near_poor", "out")
OTHER_SOURCE, WHOLE, FEWER, LESS = "other", "whole", "fewer", "less"
LEAVE_OUT, RENAME = "leaveout", "rename"
ROUND_GIFT = "round"


async def _not_allowed(turn: Turn) -> None:
    await say_officers_only(turn, turn.t("Gift rounds are recorded only by {officers}."))
    go_home(turn)


@flow.prompt("title")
async def ask_title(turn: Turn) -> None:
    if turn.data.get("renaming"):  # refused as a round recorded already: its own words (0921, 0991)
        ask_typed(
            turn,
            turn.t("What are this round's own words? For example: {words}.").format(
                words=turn.data.get("title_example", "")
            ),
        )
        return
    ask_typed(turn, turn.t("What is this round of gifts? For example: Quà Tết Đinh Mùi 2027."))


@flow.answer("title")
async def got_title(turn: Turn) -> None:
    renaming = turn.data.get("renaming")
    if turn.choice == BACK_ID and renaming:
        turn.set(renaming=None)
        turn.goto("giftround", "twice")
    elif turn.choice == BACK_ID:
        turn.goto("cases", "list")
    elif (title := free_text(turn, limit=200)) is not None and renaming:
        # the round refused as one recorded already, under words of its own: the rest as chosen (0991)
        turn.set(title=title, renaming=None)
        turn.goto("giftround", "confirm")
    elif title is not None:
        turn.set(
            title=title,
            chosen=[],
            households=[],
            round_page=0,
            round_key=None,
            review_year=None,
            offered_year=None,
        )
        turn.goto("giftround", "cases")


def _found(query: str | None, cases: list[HardshipCase]) -> list[HardshipCase]:
    """The cases whose name has every word of `query` (typed without accents, in any order: "lo van" is every
    “Hộ ông Lò Văn …”), as a menu narrows (decision 0088), over all the cases, not one page's; all without a
    query."""
    if not query:
        return cases
    found = set(matching(query, [{"id": str(case.id), "label": case.name} for case in cases]))
    return [case for case in cases if str(case.id) in found]


@flow.prompt("cases")
async def ask_cases(turn: Turn) -> None:
    """The cases, ten a page, ticked; a part of a name typed finds them among all the cases, and “Chọn tất
    cả” then chooses those found (or, when they are all chosen, “Bỏ chọn” takes them off)."""
    try:
        cases = await cases_of(turn.session, await actor_of(turn), keeping=True)
    except CaseError:
        await _not_allowed(turn)
        return
    chosen = set(turn.data.get("chosen", []))
    query = turn.data.get("round_query")
    found = _found(query, [case for case, _got in cases])
    shown = held_page(turn, "round_page", found, PAGE_SIZE)
    names = await case_names(turn, [case for case, _got in cases])  # namesakes told apart (0908)
    choices = [Choice(f"c{case.id}", ticked(names[case.id], case.id in chosen)) for case in shown.rows]
    if found and all(case.id in chosen for case in found):  # all ticked already: the same button unticks them
        everyone = turn.t("Unchoose these {n}") if query else turn.t("Unchoose all")
    else:
        everyone = turn.t("Choose these {n}") if query else turn.t("Choose all")
    everyone = everyone.format(n=turn.t.number(len(found)))
    choices += [
        # no case yet, or none found: “Chọn tất cả” would tick nobody (0919)
        *([Choice(ALL, everyone, keywords=("chon tat ca", "tat ca", "all"), pinned=True)] if found else []),
        done_choice(turn, DONE),
        *page_choices(turn.t, shown.number, shown.pages),
    ]
    actor = await actor_of(turn)
    # the last review, and the new year's list when the district's decision is in already (0308)
    # only an officer who may read the review's standings is offered its households
    given = await review_years_to_give(turn.session, actor, today=turn.today)
    latest = await review_years(turn.session, actor.org_id, today=turn.today) if actor else []
    choices += [
        Choice(
            f"{REVIEW}{year}",
            turn.t("Households of the {year} poverty review").format(year=year),
            keywords=("ra soat", "ho ngheo", "review") if year == latest[0] else (str(year),),
            pinned=True,
        )
        for year in given
    ]
    if query:
        choices.append(
            Choice(WHOLE, turn.t("Show the whole list"), keywords=("ca danh sach", "whole list"), pinned=True)
        )
    choices.append(back_choice(turn.t))
    if cases:
        heading = turn.t("Which cases receive it? Chosen: {n} of {all} (page {page} of {pages}).").format(
            n=turn.t.number(len(chosen)),
            all=turn.t.number(len(cases)),
            page=shown.number + 1,
            pages=shown.pages,
        )
    else:  # a commune's first Tết round: its households come from the review (0907, 0919)
        heading = turn.t(
            "No hardship case is recorded yet: please choose households from a poverty review below."
        )
    if (households := turn.data.get("households")) and (year := turn.data.get("review_year")):
        heading += "\n" + turn.t("Households from the {year} poverty review: {n}.").format(
            year=year, n=turn.t.number(len(households))
        )
    elif households:
        heading += "\n" + turn.t("Households from the poverty review: {n}.").format(
            n=turn.t.number(len(households))
        )
    if query:
        heading += "\n" + turn.t("Cases whose name has “{query}”: {n}.").format(
            query=query, n=turn.t.number(len(found))
        )
    if cases:
        heading += "\n" + turn.t(
            "Choose the cases, then “Done, next step”. To find one, type a few letters of its name."
        )
    multi_menu(turn, heading, choices, free_text=True)


@flow.answer("cases")
async def got_cases(turn: Turn) -> None:
    if BACK_ID in turn.picked:
        turn.goto("cases", "list")
        return
    cases = [case for case, _got in await cases_of(turn.session, await actor_of(turn), keeping=True)]
    if not turn.picked:  # typed, and no option's number or name: a part of a case's name
        _search(turn, cases)
        turn.goto("giftround", "cases")
        return
    pressed = [int(choice[1:]) for choice in turn.picked if choice.startswith("c") and choice[1:].isdigit()]
    chosen = toggled(turn.data.get("chosen", []), pressed)
    if ALL in turn.picked:
        found = [case.id for case in _found(turn.data.get("round_query"), cases)]
        if all(case_id in chosen for case_id in found):
            chosen = [case_id for case_id in chosen if case_id not in found]
        else:
            chosen += [case_id for case_id in reversed(found) if case_id not in chosen]
    if WHOLE in turn.picked:
        turn.set(round_query=None, round_page=0)
    turn.set(chosen=chosen)
    if reviews := [choice for choice in turn.picked if _review_year(choice)]:
        turn.set(offered_year=_review_year(reviews[0]))  # the households' year only once they are taken
        turn.goto("giftround", "review")
    elif turned_page(turn, "round_page") or DONE not in turn.picked:
        turn.goto("giftround", "cases")
    elif not chosen and not turn.data.get("households"):
        turn.say(turn.t("Please choose at least one case."))
        turn.goto("giftround", "cases")
    elif turn.data.get("revising"):  # on to the last look, a standing newly among them asked first (0302)
        turn.set(packing=None)
        await _gift_known(turn)
    else:
        turn.goto("giftround", "money")


def _review_year(choice: str) -> int | None:
    """The year of a review's button (“review2027”); None for any other."""
    year = choice.removeprefix(REVIEW)
    return int(year) if choice.startswith(REVIEW) and year.isdigit() and year.isascii() else None


@flow.prompt("review")
async def ask_review(turn: Turn) -> None:
    """Which households of the last review: the poor, or the poor and near-poor, each with how many."""
    year, listed = await review_households(
        turn.session,
        await actor_of(turn),
        OF_REVIEW[WITH_OUT],
        today=turn.today,
        year=turn.data.get("offered_year"),
    )
    poor = sum(household.now == "poor" for household in listed)
    near = sum(household.now in LISTED for household in listed)
    newly_out = (
        [  # the plans count the newly-out with the poor and near-poor they helped out (0286)
            Choice(
                WITH_OUT,
                turn.t("Poor, near-poor and newly-out households ({n})").format(n=turn.t.number(len(listed))),
                keywords=("moi thoat ngheo", "newly out"),
            )
        ]
        if len(listed) > near
        else []
    )
    turn.menu(
        turn.t("Which households of the {year} poverty review receive it?").format(year=year),
        [
            Choice(
                POOR,
                turn.t("Poor households ({n})").format(n=turn.t.number(poor)),
                keywords=("ngheo", "poor"),
            ),
            Choice(
                POOR_AND_NEAR,
                turn.t("Poor and near-poor households ({n})").format(n=turn.t.number(near)),
                keywords=("can ngheo", "near poor"),
            ),
            *newly_out,
            back_choice(turn.t),
        ],
    )


@flow.answer("review")
async def got_review(turn: Turn) -> None:
    if turn.choice in OF_REVIEW:
        turn.set(review=turn.choice, hamlets=[])  # a standing's package given stays given (0302)
        if await _reviewed(turn):
            turn.goto("giftround", "hamlets")
        else:
            turn.say(turn.t("No household in the review has that standing. Please choose the other list."))
            turn.goto("giftround", "review")
    else:
        turn.goto("giftround", "cases")


async def _reviewed(turn: Turn) -> list[Listed]:
    standings = OF_REVIEW.get(turn.data.get("review") or "", LISTED)
    return (
        await review_households(
            turn.session,
            await actor_of(turn),
            standings,
            today=turn.today,
            year=turn.data.get("offered_year"),
        )
    )[1]


def _hamlets(listed: list[Listed]) -> list[str]:
    """The hamlets (units) of `listed`, in the list's order; “” for households of no hamlet."""
    return list(dict.fromkeys(household.unit or "" for household in listed))


@flow.prompt("hamlets")
async def ask_hamlets(turn: Turn) -> None:
    """The hamlets, each with its households of the review; all of them, or those ticked."""
    listed = await _reviewed(turn)
    chosen = set(turn.data.get("hamlets", []))
    hamlets = _hamlets(listed)
    counts = Counter(household.unit or "" for household in listed)
    choices = [
        Choice(
            f"h{index}",
            ticked(
                turn.t.plural("{hamlet}: {n} household", "{hamlet}: {n} households", counts[hamlet]).format(
                    hamlet=hamlet or "—", n=turn.t.number(counts[hamlet])
                ),
                index in chosen,
            ),
        )
        for index, hamlet in enumerate(hamlets)
    ]
    choices += [
        Choice(
            ALL,
            turn.t.plural("All hamlets ({n} household)", "All hamlets ({n} households)", len(listed)).format(
                n=turn.t.number(len(listed))
            ),
            pinned=True,
            keywords=("tat ca", "all"),
        ),
        done_choice(turn, DONE),
        back_choice(turn.t),
    ]
    multi_menu(
        turn, turn.t("Which hamlets? Choose them, then “Done, next step”; or choose all hamlets."), choices
    )


@flow.answer("hamlets")
async def got_hamlets(turn: Turn) -> None:
    if BACK_ID in turn.picked:
        turn.goto("giftround", "review")
        return
    listed = await _reviewed(turn)
    hamlets = _hamlets(listed)
    pressed = [
        int(c[1:]) for c in turn.picked if c.startswith("h") and c[1:].isdigit() and int(c[1:]) < len(hamlets)
    ]
    chosen = toggled(turn.data.get("hamlets", []), pressed)
    turn.set(hamlets=chosen)
    if ALL not in turn.picked and (DONE not in turn.picked or not chosen):
        if DONE in turn.picked:
            turn.say(turn.t("Please choose at least one hamlet, or all hamlets."))
        turn.goto("giftround", "hamlets")
        return
    wanted = set(hamlets) if ALL in turn.picked else {hamlets[index] for index in chosen}
    # one year's list for the whole round: each household's package is read from the year it was taken from,
    # whichever list was looked at afterwards (decision 0326)
    turn.set(
        households=[h.household_id for h in listed if (h.unit or "") in wanted],
        review_year=turn.data.get("offered_year"),
    )
    if turn.data.get("revising"):  # on to the last look, a standing newly among them asked first (0302)
        turn.set(packing=None)
        await _gift_known(turn)
    else:
        turn.goto("giftround", "money")


def _search(turn: Turn, cases: list[HardshipCase]) -> None:
    """Narrow the list to the cases whose name has what was typed; nothing found: say so with an example of
    what works, and keep the list as it was."""
    query = turn.text.strip()
    if query and _found(query, cases):
        turn.set(round_query=query, round_page=0)
        return
    example = typed_example([{"id": str(case.id), "label": case.name} for case in cases])
    turn.say(
        turn.t("No case's name has “{query}”. Type a few letters of a name, for example: {example}.").format(
            query=query, example=example or "Lan"
        )
    )


def _field(turn: Turn, name: str) -> str:
    """Where the package being asked keeps `name`: the round's own, or a standing's (“near_poor_money”)."""
    packing = turn.data.get("packing")
    return f"{packing}_{name}" if packing else name


def _standing_words(turn: Turn, standing: str) -> str:
    return turn.t("near-poor household") if standing == "near_poor" else turn.t("newly-out household")


@flow.prompt("money")
async def ask_money(turn: Turn) -> None:
    if packing := turn.data.get("packing"):
        ask_number(
            turn,
            turn.t(
                "How much money does each {household} receive? For example: 300k. No money: choose “No "
                "money”; the same gift as the poor households: choose “Same gift”."
            ).format(household=_standing_words(turn, packing)),
            Choice(SAME, turn.t("Same gift"), keywords=("nhu nhau", "giong", "same")),
            Choice(NONE, turn.t("No money"), keywords=("khong tien", "no money")),
        )
        return
    ask_number(
        turn,
        turn.t("How much money does each case receive? For example: 500k. No money: choose “No money”."),
        Choice(NONE, turn.t("No money"), keywords=("khong tien", "no money")),
    )


@flow.answer("money")
async def got_money(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        if turn.data.get("revising") and await _present(turn):
            turn.set(packing=None)
            turn.goto("giftround", "which")  # changing one package after a refusal: the choice of it
        elif packing := turn.data.get("packing"):
            await _back_before(turn, packing)  # a standing's: the last question of the package before it
        else:
            turn.goto("giftround", "cases")
        return
    if turn.choice == SAME and turn.data.get("packing"):
        turn.set(**{_field(turn, "money"): None})  # no package of its own: the round's
        await _gift_known(turn)
        return
    if turn.choice != NONE and each_persons(turn.text or "") and await _to_households(turn):
        turn.say(  # “500k/người” to a household of four: 500.000 ₫ or 2.000.000 ₫? Never guessed (0505)
            turn.t(
                "This gift goes to each household, not each person. Please type the money each household "
                "receives, for example: 500k per household."
            )
        )
        return
    money = (
        0
        if turn.choice == NONE
        else read_money(turn, cap=turn.settings.money_cap, text=each_ones_amount(turn.text or ""))
    )
    if money is not None:
        turn.set(**{_field(turn, "money"): money})
        turn.goto("giftround", "goods")


@flow.prompt("goods")
async def ask_goods(turn: Turn) -> None:
    """The goods of the package being asked: the round's, or a standing's, named as its money was."""
    question = (
        turn.t(
            "What goods does each {household} receive? For example: 10 kg of rice. No goods: choose "
            "“No goods”."
        ).format(household=_standing_words(turn, packing))
        if (packing := turn.data.get("packing"))
        else turn.t(
            "What goods does each case receive? For example: 10 kg of rice. No goods: choose “No goods”."
        )
    )
    ask_typed(turn, question, Choice(NONE, turn.t("No goods"), keywords=("khong hien vat", "no goods")))


@flow.answer("goods")
async def got_goods(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("giftround", "money")
    elif turn.choice == NONE:
        turn.set(**{_field(turn, "goods"): None, _field(turn, "goods_value"): 0})
        if not turn.data.get(_field(turn, "money")):
            turn.say(turn.t("A gift needs money or goods. For example: 500k, or 10 kg of rice."))
            turn.goto("giftround", "money")
        else:
            await _gift_known(turn)
    elif (goods := free_text(turn, limit=200)) is not None and names_an_amount(goods):
        turn.say(  # “1 bao gạo + 500k/hộ”: the cash kept as the goods' words would be paid as goods (0506)
            turn.t(
                "Please type the goods alone, without money: the cash goes in the question before (choose "
                "“Back”), and what the goods are worth is asked next. For example: 1 bag of rice, 10 kg."
            )
        )
    elif goods is not None:
        turn.set(**{_field(turn, "goods"): goods_named(turn, goods)})  # “10 kg gao”: “10 kg gạo” (0257)
        turn.goto("giftround", "goods_value")


@flow.prompt("goods_value")
async def ask_value(turn: Turn) -> None:
    ask_goods_value(turn, back=True)


@flow.answer("goods_value")
async def got_value(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("giftround", "goods")
    elif (value := read_goods_value(turn)) is not None:
        turn.set(**{_field(turn, "goods_value"): value})
        if (standing := await _unpriced(turn)) is not None:
            if standing == (turn.data.get("packing") or ""):
                _ask_price(turn)  # “Skip” again: what was paid is known to who paid it
                return
            turn.set(packing=standing or None)  # another package's goods bought with no price yet
            turn.goto("giftround", "goods_value")
        else:
            await _gift_known(turn)


def _ask_price(turn: Turn) -> None:
    """Goods bought with the source's money are paid from its money at their price: at 0 ₫ its books would
    keep what was spent on them (decision 0540)."""
    say_price_needed(turn, turn.data.get(_field(turn, "goods")) or "", each_package=True)


async def _unpriced(turn: Turn) -> str | None:
    """The package whose goods were bought with the money of the drive or the Fund paying and have no price
    (“” the round's own, else its standing), the round's first; None when there is none: the domain's one
    rule, `cases.unpriced_purchase`, asked of each package (decision 0540)."""
    source = turn.data.get("source", OUTSIDE_SOURCE)

    def unpriced(package: Package) -> bool:
        return unpriced_purchase(
            package.goods, package.goods_value_vnd, bought=package.goods_bought, source=source
        )

    if unpriced(_package(turn)):
        return ""
    standings = set((await _standings(turn)).values())
    for standing in OWN_PACKAGE:
        if (
            standing in standings
            and turn.data.get(f"{standing}_money") is not None
            and unpriced(_package(turn, standing))
        ):
            return standing
    return None


async def _to_households(turn: Turn) -> bool:
    """Whether the package being asked goes to a household: a standing's, or the round's where a household
    is among its recipients (a case of a household, or a household of the list)."""
    if turn.data.get("packing"):
        return True
    actor = await actor_of(turn)
    if actor is None:
        return False
    recipients = await _recipients(turn, actor.org_id)
    return bool(recipients.new_households) or bool(
        recipients.case_ids
        and await turn.session.scalar(
            select(func.count())
            .select_from(HardshipCase)
            .where(HardshipCase.id.in_(recipients.case_ids), HardshipCase.subject == "household")
        )
    )


async def _standings(turn: Turn) -> dict[int, str]:
    """The standing in the review of each household the round reaches that the officer may read: those
    chosen from the review and those a case ticked by hand names (decision 0302)."""
    actor = await actor_of(turn)
    if actor is None:
        return {}
    recipients = await _recipients(turn, actor.org_id)
    households = {*recipients.household_of.values(), *recipients.new_households}
    if not households:
        return {}
    _year, listed = await review_households(
        turn.session, actor, OF_REVIEW[WITH_OUT], today=turn.today, year=turn.data.get("review_year")
    )
    return {h.household_id: h.now for h in listed if h.household_id in households}


async def _present(turn: Turn) -> list[str]:
    """The standings among the round's recipients that may have a package of their own, in the order
    asked."""
    standings = set((await _standings(turn)).values())
    return [standing for standing in OWN_PACKAGE if standing in standings]


async def _gift_known(turn: Turn) -> None:
    """The gift is known: the package of the next standing among the recipients (near-poor, newly-out:
    decision 0286), or on to its day; or, when a package was changed after a refusal, back to the last look
    with the day, the source and the other packages as given, only a standing never asked yet asked first
    (nothing asked twice: decision 0302)."""
    present = await _present(turn)
    packing = turn.data.get("packing")
    asked = list(dict.fromkeys([*turn.data.get("asked", []), *([packing] if packing else [])]))
    if turn.data.get("revising"):
        following = [standing for standing in present if standing not in asked]
    else:
        after = OWN_PACKAGE.index(packing) + 1 if packing else 0
        following = [standing for standing in OWN_PACKAGE[after:] if standing in present]
    turn.set(asked=asked)
    if following:
        turn.set(packing=following[0])
        turn.goto("giftround", "money")
        return
    turn.set(packing=None)
    turn.goto("giftround", "confirm" if turn.data.get("revising") else "day")


async def _back_before(turn: Turn, standing: str | None) -> None:
    """One step back from `standing`'s money question (None: from the day): the last question answered of
    the package asked before it — its money when it is the round's (“Same gift”), its goods when it has none,
    else their value (decision 0302)."""
    present = await _present(turn)
    if standing is None:
        earlier = present
    else:
        earlier = present[: present.index(standing)] if standing in present else []
    packing = earlier[-1] if earlier else None
    turn.set(packing=packing)
    if packing and turn.data.get(f"{packing}_money") is None:
        turn.goto("giftround", "money")
    else:
        turn.goto("giftround", "goods_value" if turn.data.get(_field(turn, "goods")) else "goods")


@flow.prompt("day")
async def ask_round_day(turn: Turn) -> None:
    ask_day(turn, turn.t("On which day is it handed over? For example: 15/01/2027."))


@flow.answer("day")
async def got_day(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        await _back_before(turn, None)
    elif (day := read_day(turn, "15/01/2027", lean=NEAREST)) is not None:
        if (closed := _closed_year(turn, day)) is not None:  # as a single support's day (decision 2205)
            turn.say(closed)
            return
        turn.set(day=day.isoformat())
        turn.goto("giftround", "source")


def _closed_year(turn: Turn, day: date) -> str | None:
    """Why a round handed over on `day` is not recorded, where `day` is of a year whose figures were closed
    and reported (`campaigns.gone_by_at_work`, as a single support's, decision 2205); None otherwise. A day
    to come is taken: its signing list is printed before the ceremony, and the round recorded on the day
    (decision 0326)."""
    closed = turn.t(
        "{day} is in {year}, whose figures were closed and reported at the end of March: a round is recorded "
        "only in a year not yet closed. Please type a day of {opened} or later, for example: {example}."
    )
    return day_not_taken(turn, day, not_yet="", closed=closed) or None  # a day to come: the ceremony's


def _package(turn: Turn, standing: str = "") -> Package:
    """The round's package, or `standing`'s own (0286)."""
    prefix = f"{standing}_" if standing else ""
    goods = turn.data.get(f"{prefix}goods")
    return Package(
        turn.data.get(f"{prefix}money") or 0,
        goods,
        turn.data.get(f"{prefix}goods_value") or 0,
        bool(goods and turn.data.get("bought")),
    )


async def _packages(turn: Turn) -> list[Package]:
    """The round's package and each standing's own that its recipients receive (0286)."""
    return [_package(turn), *dict.fromkeys((await _by_household(turn)).values())]


async def _round(turn: Turn) -> dict[str, Any]:
    """The round as the screens chose it, as `record_round` and `planned_signing_list` both take it: the list
    to be signed before the day is the one the round recorded on the day prints (docs/decisions/0326)."""
    return {
        "title": turn.data["title"],
        "case_ids": turn.data["chosen"],
        "household_ids": turn.data.get("households", []),
        "package": _package(turn),
        "by_household": await _by_household(turn),
        "source": turn.data.get("source", "outside"),
        "drive_id": turn.data.get("source_drive"),
        "delivered_on": _day(turn),
    }


async def _by_household(turn: Turn) -> dict[int, Package]:
    """The households the round reaches whose standing has a package of its own, with it: chosen from the
    review (0286) or named by a case ticked by hand (0302)."""
    return {
        household: _package(turn, standing)
        for household, standing in (await _standings(turn)).items()
        if standing in OWN_PACKAGE and turn.data.get(f"{standing}_money") is not None
    }


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
    packages = await _packages(turn)
    valued = any(package.goods and package.goods_value_vnd for package in packages)
    kinds = ["money", "goods"] if valued else list(packages_totals(packages))
    day = _day(turn)
    drives = await drives_to_pay_from(turn.session, actor.org_id, None, turn.today, payer=actor)
    fund = await fund_balance(turn.session, actor.org_id, day.year)
    source_menu(turn, drives, fund, day.year, lambda balance: kinds_left_words(turn.t, balance, kinds))


@flow.answer("source")
async def got_source(turn: Turn) -> None:
    if not read_source(turn):
        turn.goto("giftround", "day")
    elif await _before_drive(turn):
        turn.goto("giftround", "source")
    elif turn.data["source"] != OUTSIDE_SOURCE and any(p.goods for p in await _packages(turn)):
        turn.goto("giftround", "bought")  # paid from a balance: its money, or goods it received? (0540)
    else:
        turn.set(bought=False)
        turn.goto("giftround", "confirm")


async def _before_drive(turn: Turn) -> bool:
    """Whether the drive chosen began after the round's day, said as a single support's is, the source
    forgotten (decision 2322): what it received came after, so it paid none of it."""
    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    if drive is None or _day(turn) >= drive.starts_on:
        return False
    say_before_drive(turn, drive, _day(turn))
    return True


@flow.prompt("bought")
async def ask_goods_bought(turn: Turn) -> None:
    packages = await _packages(turn)
    valued = [p.goods for p in packages if p.goods and p.goods_value_vnd]
    ask_bought(turn, next(iter(valued or [p.goods for p in packages if p.goods]), ""))


@flow.answer("bought")
async def got_goods_bought(turn: Turn) -> None:
    bought = read_bought(turn)
    if bought is None:
        turn.goto("giftround", "source")
    elif bought and (standing := await _unpriced(turn)) is not None:
        # bought goods whose value was skipped: their price, then the last look (decision 0540)
        turn.set(packing=standing or None, revising=True)
        _ask_price(turn)
        turn.goto("giftround", "goods_value")
    else:
        turn.goto("giftround", "confirm")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    """The last look: how many cases, what each receives, what the round comes to, from where. Its token
    (`round_key`) is the round's: a Có pressed again finds it written and writes nothing. A round larger than
    its source has left is said instead, before any Có (decision 0171)."""
    actor = await actor_of(turn)
    if actor is None:
        go_home(turn)
        return
    recipients = await _recipients(turn, actor.org_id)
    packages = recipients.packages(_package(turn), await _by_household(turn))
    short = await round_shortfall(
        turn.session,
        actor.org_id,
        packages,
        turn.data.get("source", OUTSIDE_SOURCE),
        turn.data.get("source_drive"),
        _day(turn),
        today=turn.today,
    )
    if short is not None:
        _over_balance(turn, short)
        return
    if not turn.data.get("round_key"):
        turn.set(round_key=secrets.token_hex(16))
    package, n, day = _package(turn), recipients.count, _day(turn)
    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    source = source_words(turn.t, turn.data.get("source"), drive.title if drive else None, day.year)
    totals = packages_totals(packages)
    mixed = len(set(packages)) > 1  # each standing's own package (0286)
    in_all = []
    if "money" in totals:
        in_all.append(turn.t.vnd(totals["money"]))
        if package.goods_bought:
            in_all[-1] += " " + turn.t("(the {goods} bought with it included)").format(goods=package.goods)
    if "goods" in totals and not totals["goods"]:  # goods whose value nobody knew: never “worth 0 ₫” (0540)
        in_all.append(
            turn.t("goods, value not known")
            if mixed
            else turn.t("{goods} × {n} (value not known)").format(goods=package.goods, n=turn.t.number(n))
        )
    elif "goods" in totals and mixed and any(p.goods and not p.goods_value_vnd for p in packages):
        # some packages' goods of a value nobody knew: the sum is not all the goods (0554)
        in_all.append(
            turn.t("goods worth {value} (not counting goods of unknown value)").format(
                value=turn.t.vnd(totals["goods"])
            )
        )
    elif "goods" in totals and mixed:
        in_all.append(turn.t("goods worth {value}").format(value=turn.t.vnd(totals["goods"])))
    elif "goods" in totals:
        in_all.append(
            turn.t("{goods} × {n} (worth {value})").format(
                goods=package.goods, n=turn.t.number(n), value=turn.t.vnd(totals["goods"])
            )
        )
    said = {
        "title": turn.data["title"],
        "date": turn.t.date(day),
        "source": source,
        "n": turn.t.number(n),
        "total": "; ".join(in_all),
    }
    ahead = day > turn.today  # the ceremony still to come: its list printed now, recorded once handed
    if mixed:
        head = (
            turn.t("The round “{title}”, to be handed over {date}, {source}: {n} cases, in all {total}.")
            if ahead
            else turn.t(
                "Record the round “{title}”, handed over {date}, {source}: {n} cases, in all {total}?"
            )
        )
        question = head.format(**said) + "".join(
            "\n• "
            + turn.t.plural(
                "{n} case receives {gift}", "{n} cases receive {gift}", packages.count(given)
            ).format(n=turn.t.number(packages.count(given)), gift=gift_words(turn.t.locale, given))
            for given in dict.fromkeys(packages)
        )
    elif ahead:
        question = turn.t.plural(
            "The round “{title}”, to be handed over {date}, {source}: {n} case, receiving {gift}; "
            "in all {total}.",
            "The round “{title}”, to be handed over {date}, {source}: {n} cases, each receiving {gift}; "
            "in all {total}.",
            n,
        ).format(gift=gift_words(turn.t.locale, package), **said)
    else:
        question = turn.t.plural(
            "Record the round “{title}”, handed over {date}, {source}: {n} case, receiving {gift}; "
            "in all {total}?",
            "Record the round “{title}”, handed over {date}, {source}: {n} cases, each receiving {gift}; "
            "in all {total}?",
            n,
        ).format(gift=gift_words(turn.t.locale, package), **said)
    question += _per_hamlet(turn, recipients) + await _near_rounds(turn, actor.org_id, recipients, day)
    question += await _near_supports(turn, actor.org_id, recipients, day)
    other_source = Choice(OTHER_SOURCE, turn.t("Another source"), keywords=("nguon khac", "other source"))
    if ahead:
        turn.menu(
            question
            + "\n"
            + turn.t(
                "It is recorded on {date} or after, once handed over, with those who came. Its signing list "
                "can be printed now for the ceremony."
            ).format(date=turn.t.date(day)),
            [
                Choice(SHEET, turn.t("Signing list (Excel)"), keywords=("danh sach ky nhan", "signing list")),
                other_source,
                back_choice(turn.t),
            ],
        )
        return
    confirm_menu(turn, question, other_source)


async def _near_rounds(turn: Turn, org_id: int, recipients: Recipients, day: date) -> str:
    """The rounds of other words handed to some of these cases less than a week from `day`: the same Tết
    pack typed “Quà Tết 2027” one day and “Tết Đinh Mùi” the next is not refused as one round of the same
    words is (0909), so the officer reads it before Có (decision 0920)."""
    near = await other_rounds_near(turn.session, org_id, turn.data["title"], day, recipients.case_ids)
    return "".join(  # the same words are refused at Có, and named then
        "\n"
        + turn.t(
            "Note: {n} of these cases received the gift of the round “{title}” of {date}, less than a week "
            "from this day. If it is the same gift, please answer No and leave them out of this round."
        ).format(n=turn.t.number(other.gave), title=other.title, date=turn.t.date(other.day))
        for other in near
    )


async def _near_supports(turn: Turn, org_id: int, recipients: Recipients, day: date) -> str:
    """The supports logged by hand, not in a round, to some of these cases less than a week from `day`: a
    household away at the ceremony handed its pack later as its own support (0326) is paid again by a round
    of the same pack unless the officer reads it before Có (decision 1012). Named by case, as the case list
    names them, to the officer alone: namesakes told apart among all the round's cases, not only those named
    here, or three hamlets' “Hộ ông Lò Văn Páo” read alike where one is to be left out (decision 1054)."""
    near = await supports_near(turn.session, org_id, day, recipients.case_ids)
    if not near:
        return ""
    cases = list(
        await turn.session.scalars(select(HardshipCase).where(HardshipCase.id.in_(recipients.case_ids)))
    )
    names = await case_names(turn, cases)
    return "".join(
        "\n"
        + turn.t(
            "Note: {name} already had support logged outside any round, on {date}: {what}. If it is "
            "the same gift, please answer No and leave that case out of this round."
        ).format(
            name=names[one.case_id],
            date=turn.t.date(one.day),
            what=describe(turn.t, one.kind, one.amount_vnd, one.labour_days, one.description),
        )
        for one in near
    )


async def _recipients(turn: Turn, org_id: int) -> Recipients:
    return await round_recipients(turn.session, org_id, turn.data["chosen"], turn.data.get("households", []))


def _per_hamlet(turn: Turn, recipients: Recipients) -> str:
    """“By hamlet: Thôn 1: 13; Thôn 2: 12.”, where the recipients' hamlets (units) are known."""
    if not any(unit for unit, _n in recipients.by_unit):
        return ""
    counts = "; ".join(f"{unit or '—'}: {turn.t.number(n)}" for unit, n in recipients.by_unit)
    return "\n" + turn.t("By hamlet or unit: {counts}.").format(counts=counts)


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice == OTHER_SOURCE:
        turn.goto("giftround", "source")
        return
    if turn.choice == BACK_ID:
        turn.goto("giftround", "day")
        return
    if turn.choice == SHEET:  # pressed on the day too, on the screen of before: the list, then Có (0329)
        await _hand_over_planned_list(turn)
        return
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("cases", "list")
        return
    try:
        gift_round, written = await record_round(
            turn.session, await actor_of(turn), key=turn.data["round_key"], now=turn.now, **await _round(turn)
        )
    except CaseError as refused:
        if refused.reason in ("balance", "no_goods"):
            _over_balance(turn, refused)
        elif refused.reason == "day" and (closed := _closed_year(turn, _day(turn))) is not None:
            turn.say(closed)  # its year closed meanwhile, at the end of March: the day asked again (2205)
            turn.goto("giftround", "day")
        elif refused.reason == "day":  # an earlier last look's Có before its day: recorded once handed
            turn.say(
                turn.t("The round is handed over on {date}: it can be recorded on that day or after.").format(
                    date=turn.t.date(_day(turn))
                )
            )
            turn.goto("giftround", "confirm")
        elif refused.reason == "cases":
            turn.say(turn.t("Some of the cases chosen are no longer there. Please choose them again."))
            turn.set(chosen=[], households=[])
            turn.goto("giftround", "cases")
        elif refused.reason == "drive_serves":  # set meanwhile to raise money for another case (0451)
            await say_drive_serves_another(turn, refused.serving)
            turn.goto("giftround", "source")
        elif refused.reason == "ended":  # ended more than 90 days ago since chosen (decision 2280)
            await say_drive_ended(turn)
            turn.goto("giftround", "source")
        elif refused.reason == "opened" and await _before_drive(turn):  # its start moved since (2322)
            turn.goto("giftround", "source")
        elif refused.reason == "twice" and (earlier := await turn.session.get(GiftRound, refused.earlier)):
            # the same ceremony recorded already, at the shell or in another chat (decision 0357)
            said = turn.t(
                "Nothing was recorded: the round “{title}” of {date} was recorded already, and {n} of these "
                "cases received its gift. Its signing list is in the list of cases."
            )
            n = turn.t.number(refused.total or 0)
            said = said.format(title=earlier.title, date=turn.t.date(earlier.delivered_on), n=n)
            # another round less than a week on (next month's allowance) takes words of its own (0921)
            own = f"{turn.data['title']} {turn.t.month(_day(turn))}"
            turn.say(
                said
                + " "
                + turn.t(
                    "If it is a different round (say, next month's allowance), please record it again under "
                    "a name of its own, for example “{words}”."
                ).format(words=own)
            )
            # what was typed and ticked is kept: the ways on from here, nothing written yet (decision 0991)
            turn.set(title_example=own)
            turn.goto("giftround", "twice")
        else:
            await _not_allowed(turn)
        return
    if written:
        n = await turn.session.scalar(
            select(func.count(func.distinct(CaseSupport.case_id))).where(
                CaseSupport.round_id == gift_round.id
            )
        )
        turn.say(
            turn.t.plural(
                "Recorded the round “{title}”: {n} case.",
                "Recorded the round “{title}”: {n} cases.",
                n or 0,
            ).format(title=gift_round.title, n=turn.t.number(n or 0)),
            keep=True,
        )
    turn.set(round_id=gift_round.id)
    turn.goto("giftround", "done")


@flow.prompt("twice")
async def ask_twice(turn: Turn) -> None:
    """Refused as a round recorded already (0909): the words, the cases ticked and the gift are kept; the
    cases it reached left out and the others recorded, other words, or the cases chosen again with those
    unticked (decision 0991)."""
    actor = await actor_of(turn)
    if actor is None:
        go_home(turn)
        return
    recipients = await _recipients(turn, actor.org_id)
    given = await _given_already(turn, actor.org_id, recipients)
    left = recipients.count - len(given)
    choices = []
    if left:
        choices.append(
            Choice(
                LEAVE_OUT,
                turn.t("Leave out the {given} who received it, record the other {left}").format(
                    given=turn.t.number(len(given)), left=turn.t.number(left)
                ),
                keywords=("bo ra", "leave out"),
            )
        )
    choices += [
        Choice(RENAME, turn.t("Change the round's words"), keywords=("doi ten", "change the words")),
        Choice(FEWER, turn.t("Choose the cases again"), keywords=("chon lai", "choose again")),
        back_choice(turn.t),
    ]
    turn.menu(turn.t("What would you like to do? What was chosen is kept."), choices)


async def _given_already(turn: Turn, org_id: int, recipients: Recipients) -> set[int]:
    """The cases of the round (`recipients`) that a round of its words reached less than a week from its day
    (0909)."""
    return await given_the_same_near(
        turn.session, org_id, turn.data["title"], _day(turn), recipients.case_ids
    )


@flow.answer("twice")
async def chose_twice(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or turn.choice not in (LEAVE_OUT, RENAME, FEWER):
        turn.say(turn.t("Nothing was recorded."))
        turn.goto("cases", "list", keep_data=False)
        return
    if turn.choice == RENAME:
        turn.set(renaming=True)
        turn.goto("giftround", "title")
        return
    # those it reached unticked: a household of the review that received through its case is left out too
    recipients = await _recipients(turn, actor.org_id)
    given = await _given_already(turn, actor.org_id, recipients)
    households = {recipients.household_of[case] for case in given if case in recipients.household_of}
    turn.set(
        chosen=[case for case in turn.data.get("chosen", []) if case not in given],
        households=[h for h in turn.data.get("households", []) if h not in households],
        revising=True,
        packing=None,
    )
    if turn.choice == FEWER:
        turn.goto("giftround", "cases")
    else:  # the last look again, the others only: recorded at its Có (its key unchanged, nothing written yet)
        await _gift_known(turn)


def _over_balance(turn: Turn, refused: CaseError) -> None:
    """The round comes to more than the source has left: nothing is written; what is left, how many cases this
    package would fit, and the ways on: fewer cases, a smaller gift, another source. Goods of no known worth
    given on by a source with no goods people gave left (“no_goods”, decision 2092): said so."""
    if refused.reason == "no_goods":
        turn.say(
            turn.t(
                "Nothing was recorded: that source has no goods people gave left to hand on. If the goods "
                "were bought with its money, please choose “Change the gift” and say so; if not, choose "
                "“Another source”, for example “Not from the Fund”."
            )
        )
        turn.goto("giftround", "over")
        return
    what = turn.t("money") if refused.kind == "money" else turn.t("goods (value)")
    said = turn.t(
        "Nothing was recorded: the round comes to {total} of {what}, and that source has only {left} left."
    ).format(total=turn.t.vnd(refused.total or 0), what=what, left=turn.t.vnd(refused.left or 0))
    if refused.fits:
        said += " " + turn.t("Cases this gift would fit in what is left: {n}.").format(
            n=turn.t.number(refused.fits)
        )
    elif refused.fits == 0:  # None where the packages differ: no one count of cases says it
        said += " " + turn.t("That is not enough for this gift to even one case.")
    turn.say(said)
    turn.goto("giftround", "over")


@flow.prompt("over")
async def ask_over(turn: Turn) -> None:
    turn.menu(
        turn.t("What would you like to change?"),
        [
            Choice(FEWER, turn.t("Choose fewer cases"), keywords=("it hon", "bot", "fewer")),
            Choice(LESS, turn.t("Change the gift"), keywords=("doi qua", "giam", "less")),
            Choice(OTHER_SOURCE, turn.t("Another source"), keywords=("nguon khac", "other source")),
            back_choice(turn.t),
        ],
    )


@flow.answer("over")
async def chose_over(turn: Turn) -> None:
    # Back: one step back, to the source (the last look was never shown: decision 0171)
    step = {FEWER: "cases", LESS: "money", OTHER_SOURCE: "source"}.get(turn.choice or "", "source")
    if step == "money" and await _present(turn):
        step = "which"  # several packages: only the one chosen is asked again (0302)
    turn.set(
        revising=True, packing=None
    )  # the cases or the gift changed: back to the last look, the rest kept
    turn.goto("giftround", step)


@flow.prompt("which")
async def ask_which(turn: Turn) -> None:
    """A round with a package for a standing, its gift to change after a refusal: the round's own or a
    standing's, each as it stands; only that one is asked again, then the last look (decision 0302)."""
    present = await _present(turn)
    choices = [
        Choice(
            ROUND_GIFT,
            turn.t("The round's gift: {gift}").format(gift=gift_words(turn.t.locale, _package(turn))),
            keywords=("qua chung", "round"),
        )
    ]
    for standing in present:
        own = turn.data.get(f"{standing}_money") is not None
        gift = (
            gift_words(turn.t.locale, _package(turn, standing))
            if own
            else turn.t("the same as the poor households")
        )
        label = (
            turn.t("Near-poor households: {gift}")
            if standing == "near_poor"
            else turn.t("Newly-out households: {gift}")
        )
        choices.append(Choice(standing, label.format(gift=gift)))
    turn.menu(turn.t("Which gift would you like to change?"), [*choices, back_choice(turn.t)])


@flow.answer("which")
async def got_which(turn: Turn) -> None:
    if turn.choice == ROUND_GIFT or turn.choice in OWN_PACKAGE:
        turn.set(packing=None if turn.choice == ROUND_GIFT else turn.choice)
        turn.goto("giftround", "money")
    else:
        turn.goto("giftround", "over")


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
        await say_officers_only(turn, turn.t("Hardship cases are seen only by {officers} and the leaders."))
        return
    _hand_over(turn, signing, f"chungtay cases signing-list {round_id} --xlsx FILE.xlsx")


async def _hand_over_planned_list(turn: Turn) -> None:
    """The signing list of the round on the last look (its day still to come, or come since that screen was
    shown), and the last look again, with Có once the day has come: nothing is recorded."""
    try:
        signing = await planned_signing_list(turn.session, await actor_of(turn), **await _round(turn))
    except CaseError as refused:
        if refused.reason == "cases":  # a case closed, or a household's hamlet taken from them, meanwhile
            turn.say(turn.t("Some of the cases chosen are no longer there. Please choose them again."))
            turn.set(chosen=[], households=[])
            turn.goto("giftround", "cases")
        else:
            await _not_allowed(turn)
        return
    day = f"{signing.delivered_on:%d/%m/%Y}"
    _hand_over(turn, signing, f"chungtay cases round … --day {day} --dry-run --xlsx FILE.xlsx")
    turn.goto("giftround", "confirm")


def _hand_over(turn: Turn, signing: SigningList, command: str) -> None:
    name = f"danh-sach-ky-nhan-{file_slug(signing.title, 'dot-trao-qua', limit=40)}.xlsx"
    kept = kept_file(turn, "signing", name)
    write_signing_list(signing, turn.settings.media_dir / kept, locale=PAPER_LOCALE)
    fallback = no_file_here(turn, name, command)
    turn.hand_over(
        Document(kept, name, fallback),
        turn.t.plural(
            "Signing list of “{title}” ({n} recipient), with their name: print it for the ceremony; do "
            "not forward it to a group.",
            "Signing list of “{title}” ({n} recipients), with their names: print it for the ceremony; do "
            "not forward it to a group.",
            len(signing.recipients),
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
