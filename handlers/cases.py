"""Hardship cases (/hoancanh), for officers and leaders only: the list → a case's page (circumstances,
needs, what it received, the drives raising money for it). Officers also record a case (member or household →
part of the name, searched among the organisation's colleagues or listed households, one picked — or “not on
the list” and the name typed; a person who already has a case is offered that case first, decision 0096 →
circumstances → needs), log support delivered (money, goods with a value, labour days), the day it was
handed out (today, or a day typed: decision 2100) — and where it was paid from: the drive raising money for
the case, unasked, or else one chosen among the drives still recent, the Fund outside the drives of that
day's year, or not from the Fund (decision 0094) — and let a drive serve it; and hand one package to many
cases at once (handlers.gift_rounds), whose signing lists the list offers again, the latest first (decision
0095)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.clock import local_date
from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import CaseSupport, Drive, GiftRound, HardshipCase, Person
from bot.domain.access import (
    Actor,
    kept_by_another,
    linkable_for_case,
    may_keep_case,
    may_keep_cases,
    may_point_drive_at,
    may_read_case,
    names_themselves,
)
from bot.domain.cases import (
    REASON_LIMIT,
    CaseError,
    CasePage,
    Received,
    cancel_support,
    case_page,
    cases_of,
    cases_of_person,
    log_support,
    package_may_be_held,
    record_case,
    serve_case,
    settle_kept,
    support_fits,
    unpriced_purchase,
)
from bot.domain.dates import PAST
from bot.domain.gift_rounds import latest_rounds, review_years_to_give
from bot.domain.spending import drives_to_pay_from, fund_balance
from bot.domain.statement import StatementTotals
from bot.i18n import drive_named, sentence
from bot.messages import Choice
from bot.text import quoted
from handlers.common import (
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
    example_day,
    free_text,
    go_home,
    goods_named,
    in_commune,
    organisation_drives,
    picked_id,
    read_bought,
    read_day,
    read_labour_days,
    read_source,
    reason_text,
    role_officers,
    say_before_drive,
    say_drive_ended,
    say_drive_serves_another,
    say_officers_only,
    say_price_needed,
    source_menu,
)
from handlers.gift_rounds import hand_over_signing_list, round_choice
from handlers.money_text import ask_goods_value, read_goods_value, read_money
from handlers.name_search import NOT_THIS_ONE, found_menu, not_this_one, search_by_name, taken_at_once
from handlers.wording import (
    describe,
    figures_text,
    kind_label,
    kinds_left_words,
    labour_days,
    source_words,
)

flow = Flow("cases")
ADD, SUPPORT, SERVE, ROUND, CANCEL = "add", "support", "serve", "round", "cancel"
HANDED, PUT_BACK = "handed", "put_back"  # a pack an officer held: handed later, or back in the Fund (1210)
KEEP, RETURN = "keep", "return"
UNLISTED, ANOTHER = "unlisted", "another"
OTHER_SOURCE = "othersource"


def _back_unchanged(turn: Turn) -> None:
    """A last look answered No: said, and back to the case's page."""
    turn.say(turn.t("Nothing was changed."))
    turn.goto("cases", "page")


async def _not_allowed(turn: Turn) -> None:
    await say_officers_only(turn, turn.t("Hardship cases are seen only by {officers} and the leaders."))
    go_home(turn)


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    actor = await actor_of(turn)
    try:
        cases = await cases_of(turn.session, actor)
    except CaseError:
        await _not_allowed(turn)
        return
    lines = [turn.t("Hardship cases ({n}):").format(n=turn.t.number(len(cases)))] if cases else []
    if not cases:
        lines.append(turn.t("No hardship case is recorded yet."))
    names = await case_names(turn, [case for case, _got in cases])  # namesakes told apart (0908)
    choices = [
        Choice(
            f"c{case.id}",
            turn.t("{name} — received {figures}").format(
                name=names[case.id], figures=_received_briefly(turn, got)
            ),
        )
        for case, got in cases
    ]
    if actor is not None and may_keep_cases(actor, actor.org_id):
        choices.append(Choice(ADD, turn.t("Record a new case"), keywords=("them", "moi", "add")))
        if cases or await review_years_to_give(turn.session, actor, today=turn.today):  # 0907
            choices.append(
                Choice(ROUND, turn.t("Gifts to many cases at once"), keywords=("trao qua", "gift round"))
            )
    choices += [round_choice(turn, gift_round) for gift_round in await latest_rounds(turn.session, actor)]
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


@flow.answer("list")
async def chose_case(turn: Turn) -> None:
    if turn.choice in (ADD, ROUND):  # the rule asked again: a role taken away since the list was drawn
        actor = await actor_of(turn)
        if actor is None or not may_keep_cases(actor, actor.org_id):
            await _not_allowed(turn)  # before a single question is asked
            return
    if turn.choice == ADD:
        turn.goto("cases", "subject", keep_data=False)
    elif turn.choice == ROUND:
        turn.goto("giftround", "title", keep_data=False)
    elif (round_id := picked_id(turn, "r")) is not None:
        await hand_over_signing_list(turn, round_id)
        turn.goto("cases", "list")
    elif (case_id := picked_id(turn, "c")) is not None:
        turn.set(case_id=case_id)
        turn.goto("cases", "page")
    else:
        go_home(turn)


@flow.prompt("subject")
async def ask_subject(turn: Turn) -> None:
    # A commune's people are its hamlets' residents, or the staff of its Front committee: not an office's.
    member = (
        turn.t("A person of a hamlet, or of the commune's staff")
        if await in_commune(turn)
        else turn.t("A member of our organisation")
    )
    turn.menu(
        turn.t("Who is in hardship?"),
        [
            Choice("member", member, keywords=("thanh vien", "can bo", "nguoi dan", "member", "person")),
            Choice("household", turn.t("A household"), keywords=("ho gia dinh", "household")),
            back_choice(turn.t),
        ],
    )


@flow.answer("subject")
async def got_subject(turn: Turn) -> None:
    if turn.choice not in ("member", "household"):
        turn.goto("cases", "list")
        return
    turn.set(subject=turn.choice, person_id=None)
    turn.goto("cases", "find")


def _unlisted_choice(turn: Turn) -> Choice:
    return Choice(
        UNLISTED,
        turn.t("Not on the list"),
        keywords=("khong co trong danh sach", "khong co", "ngoai danh sach", "not listed"),
    )


@flow.prompt("find")
async def ask_find(turn: Turn) -> None:
    """The person the case is about, found on the organisation's list by part of their name, so the case
    knows their unit (the statement's nameless line, the signing list) and a second case for them is noticed;
    someone not on it (a retired colleague, a household not listed) is named by typing (decision 0096)."""
    if turn.data.get("subject") == "household":
        question = turn.t(
            "Which household? Type part of its name (with or without accents), for example: tran van ba. "
            "A household not on the list: choose “Not on the list”."
        )
    elif await in_commune(turn):  # a hamlet's resident or the commune's staff: no “colleague” of an office
        question = turn.t(
            "Whom? Type part of the name (with or without accents), for example: nguyen thi lan. Someone not "
            "on the commune's list: choose “Not on the list”."
        )
    else:
        question = turn.t(
            "Which colleague? Type part of the name (with or without accents), for example: nguyen thi lan. "
            "Someone not on the staff list (a retired colleague): choose “Not on the list”."
        )
    ask_typed(turn, question, _unlisted_choice(turn))


@flow.answer("find")
async def got_find(turn: Turn) -> None:
    choice = turn.choice  # a name typed that a piece of an option's name holds is searched (bot.conversation)
    if choice == BACK_ID:
        turn.goto("cases", "subject")
        return
    if choice == UNLISTED:
        turn.set(person_id=None)
        turn.goto("cases", "name")
        return
    actor = await actor_of(turn)
    if actor is None or not may_keep_cases(actor, actor.org_id):
        await _not_allowed(turn)
        return
    subject = turn.data.get("subject", "member")
    if subject == "household":
        nobody = turn.t(
            "No household on the list has “{typed}” in its name. Please try another part of it, or choose "
            "“Not on the list”."
        )
    elif await in_commune(turn):
        nobody = turn.t(
            "No one on the commune's list has “{typed}” in their name. Please try another part of it, or "
            "choose “Not on the list”."
        )
    else:
        nobody = turn.t(
            "No colleague has “{typed}” in their name. Please try another part of it, or choose “Not on the "
            "list”."
        )
    found = await search_by_name(turn, linkable_for_case(actor, subject), nobody=nobody, then="cases")
    # the one match, named whole (“nguyen thi lan”): taken at once, said with its unit; “không phải” at the
    # circumstances' question seeks again (decision 0263, as 0257 for recording for a household)
    if (person := await taken_at_once(turn, found, turn.text)) is not None:
        turn.set(taken_at_once=True)
        await _on_with(turn, person)


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    found_menu(turn, turn.t("Whom is the case about?"), _unlisted_choice(turn))


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    if turn.choice == UNLISTED:
        turn.set(person_id=None)
        turn.goto("cases", "name")
        return
    person_id = picked_id(turn, "p")
    person = await turn.session.get(Person, person_id) if person_id is not None else None
    if person is None:
        turn.goto("cases", "find")
        return
    await _on_with(turn, person)


async def _on_with(turn: Turn, person: Person) -> None:
    """The person the case is about, picked or taken at once: an earlier case of theirs offered, else their
    circumstances asked."""
    turn.set(person_id=person.id, person_name=person.full_name)
    try:
        earlier = await cases_of_person(turn.session, await actor_of(turn), person.id)
    except CaseError:
        await _not_allowed(turn)
        return
    turn.goto("cases", "same" if earlier else "circumstances")


@flow.prompt("same")
async def ask_same(turn: Turn) -> None:
    """A case is already recorded for the person picked: open it rather than a second one; a second one only
    when the officer says it is a new hardship (decision 0096)."""
    try:
        earlier = await cases_of_person(turn.session, await actor_of(turn), turn.data["person_id"])
    except CaseError:
        await _not_allowed(turn)
        return
    choices = [
        Choice(
            f"c{case.id}",
            turn.t("Open the case recorded {date}").format(date=turn.t.date(local_date(case.created_at))),
        )
        for case in earlier
    ]
    choices.append(Choice(ANOTHER, turn.t("Record a new case for them"), keywords=("ghi moi", "new case")))
    turn.menu(
        turn.t(
            "{name} already has a hardship case. Would you like to open it (to log support or read it)? "
            "Record a new case only for a new hardship: support is logged on the case it went to."
        ).format(name=turn.data.get("person_name", "")),
        [*choices, back_choice(turn.t)],
    )


@flow.answer("same")
async def got_same(turn: Turn) -> None:
    if (case_id := picked_id(turn, "c")) is not None:
        turn.set(case_id=case_id)
        turn.goto("cases", "page")
    elif turn.choice == ANOTHER:
        turn.goto("cases", "circumstances")
    else:
        turn.goto("cases", "find")


@flow.prompt("name")
async def ask_name(turn: Turn) -> None:
    turn.ask(turn.t("The name of the person or household, for example: Hộ bà Nguyễn Thị Lành, thôn 3."))


@flow.answer("name")
async def got_name(turn: Turn) -> None:
    if (name := free_text(turn, limit=200)) is not None:
        turn.set(name=name)
        turn.goto("cases", "circumstances")


@flow.prompt("circumstances")
async def ask_circumstances(turn: Turn) -> None:
    question = turn.t(
        "Their circumstances, briefly. For example: husband seriously ill, two children at school."
    )
    if turn.data.get("taken_at_once"):  # the one match taken without a tap: another one may be sought
        ask_typed(turn, question, not_this_one(turn))
    else:
        turn.ask(question)


@flow.answer("circumstances")
async def got_circumstances(turn: Turn) -> None:
    if turn.choice in (NOT_THIS_ONE, BACK_ID):  # the one taken at once was not the one meant: seek again
        turn.set(taken_at_once=None, person_id=None, person_name=None)
        turn.goto("cases", "find")
        return
    if (text := free_text(turn)) is not None:
        turn.set(taken_at_once=None)
        turn.set(circumstances=text)
        turn.goto("cases", "needs")


@flow.prompt("needs")
async def ask_needs(turn: Turn) -> None:
    turn.ask(turn.t("What they need. For example: hospital fees, rice, repairing the roof."))


@flow.answer("needs")
async def got_needs(turn: Turn) -> None:
    needs = free_text(turn)
    if needs is None:
        return
    try:
        case = await record_case(
            turn.session,
            await actor_of(turn),
            subject=turn.data["subject"],
            name=turn.data.get("name"),
            person_id=turn.data.get("person_id"),
            circumstances=turn.data["circumstances"],
            needs=needs,
            now=turn.now,
        )
    except CaseError:
        await _not_allowed(turn)
        return
    turn.say(turn.t("Recorded the case: {name}.").format(name=case.name), keep=True)
    turn.set(case_id=case.id)
    turn.goto("cases", "page")


async def _page_of_case(turn: Turn) -> tuple[Actor | None, CasePage] | None:
    """The chosen case's page for whoever writes; None (said, and home) for whoever may not see cases."""
    actor = await actor_of(turn)
    try:
        return actor, await case_page(turn.session, actor, turn.data["case_id"])
    except CaseError:
        await _not_allowed(turn)
        return None


@flow.prompt("page")
async def show_page(turn: Turn) -> None:
    if (read := await _page_of_case(turn)) is None:
        return
    actor, page = read
    case = page.case
    if case.subject == "household":
        subject = turn.t("a household")
    elif await in_commune(turn):  # a commune's person is a hamlet's resident or its staff, as put
        subject = turn.t("a resident or staff member")
    else:
        subject = turn.t("a member")
    where = f"{subject}, {page.unit}" if page.unit else subject
    lines = [
        f"{case.name} ({where})",
        # a case made for a gift round from the poverty review has none typed (decision 0275)
        turn.t("• Circumstances: {text}").format(text=case.circumstances or "—"),
        turn.t("• Needs: {text}").format(text=case.needs or "—"),
        turn.t("• Received: {figures}.").format(figures=_received_words(turn, page)),
    ]
    for support, drive_title in page.supports:
        line = f"  – {_support_words(turn, support, drive_title, page.rounds.get(support.id))}"
        if support.id in page.cancelled:  # not given after all: said so, with why (decision 0103)
            line += " · " + turn.t("cancelled: {reason}").format(reason=page.cancelled[support.id])
        if support.id in page.held:  # its money with the officer, not back in the Fund (decision 1210)
            line += " · " + turn.t("held to hand over later")
        lines.append(line)
    for drive in page.drives:
        lines.append(
            turn.t("• Drive for this case: {drive} (confirmed {money})").format(
                drive=drive.title, money=turn.t.vnd(drive.confirmed_money)
            )
        )
    choices = []
    if await may_keep_case(turn.session, actor, case):  # not a case a leader's role lets them read (0415)
        choices = [
            Choice(SUPPORT, turn.t("Log support delivered"), keywords=("ho tro", "support")),
            Choice(SERVE, turn.t("A drive raises money for this case"), keywords=("dot van dong", "drive")),
        ]
        if page.standing:
            choices.append(Choice(CANCEL, turn.t("Cancel a support"), keywords=("huy", "cancel")))
        if page.held:  # a pack kept for an absent household: handed later, or put back (decision 1210)
            choices += [
                Choice(HANDED, turn.t("The held pack was handed over")),
                Choice(PUT_BACK, turn.t("Put back in the Fund")),
            ]
    elif actor is not None and may_keep_cases(actor, case.org_id) and names_themselves(actor, case):
        lines.extend(await _own_case_words(turn, actor, case))
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


async def _own_case_words(turn: Turn, actor: Actor, case: HardshipCase) -> list[str]:
    """Why an officer reading her own case has no button to pay it, and who pays it; where no other officer
    may, whom to ask, so that her case is not left unpaid unsaid (decisions 0565, 0586)."""
    words = [
        turn.t(
            "This case names you: another officer logs its support, cancels one or sets a drive for it, as "
            "nobody pays their own case."
        )
    ]
    if not await kept_by_another(turn.session, actor, case):
        words.append(
            turn.t(
                "No other officer may log support to this case yet. Please ask the administrator to make a "
                "colleague officer, of your unit or of the whole union (in the chat: “Roles”, /phanquyen)."
            )
        )
    return words


def _received_words(turn: Turn, page: CasePage) -> str:
    """What a case received, each kind apart, as what a drive paid out names them (`figures_text`,
    decision 0967): only the kinds it received, never “hiện vật trị giá 0 ₫; 0 ngày công” beside money, and
    its money alone, at 0, while it received nothing (decision 1055). Goods whose value nobody knew are never
    “worth 0 ₫”, nor left out of a sum said as all the goods (decisions 0540, 0554, 0564)."""
    totals = _received_totals(page.received)
    return figures_text(turn.t, totals, set() if totals.any else {"money"})


def _received_briefly(turn: Turn, got: Received) -> str:
    """What a case received as the case list says it beside its name: money alone as its sum, “500.000 ₫”
    (and “0 ₫” while nothing was received), as before; goods or labour days received each named as the case's
    page names them, “hiện vật trị giá 750.000 ₫; 2 ngày công”, never the 0 ₫ of money a pack of rice left
    (decision 1115)."""
    totals = _received_totals(got)
    if totals.goods or totals.goods_unpriced or totals.labour_days:
        return figures_text(turn.t, totals, set())
    return turn.t.vnd(got.money)


def _received_totals(got: Received) -> StatementTotals:
    return StatementTotals(got.money, got.goods, got.labour_days, got.goods_unpriced)


def _support_words(
    turn: Turn, support: CaseSupport, drive_title: str | None, in_round: tuple[int, str | None] | None = None
) -> str:
    """“15/01/2027 · 500.000 ₫ · chi từ Quỹ …”: a support as the case's page lists it; a gift round's package
    with the round's words, “15/01/2027 · Quà Tết 2027 · 500.000 ₫ · …”, told from a support of that day and
    sum when the one to cancel is chosen (decision 1013); by its number, “đợt trao quà số 3”, to a reader its
    words are kept from, as they may name a family of a hamlet they may not read (decision 1056)."""
    what = describe(turn.t, support.kind, support.amount_vnd, support.labour_days, support.description)
    source = source_words(turn.t, support.source, drive_title, support.delivered_on.year)
    said = f"{turn.t.date(support.delivered_on)} · "
    if in_round is not None:
        number, words = in_round
        said += (words or turn.t("gift round no. {n}").format(n=number)) + " · "
    return f"{said}{what}" + (f" · {source}" if source else "")


@flow.answer("page")
async def chose_on_page(turn: Turn) -> None:
    if turn.choice in (SUPPORT, SERVE, CANCEL, HANDED, PUT_BACK):  # asked again: a role taken away since
        case = await turn.session.get(HardshipCase, turn.data["case_id"])
        if case is None or not await may_keep_case(turn.session, await actor_of(turn), case):
            await _not_allowed(turn)  # before a single question is asked
            return
    if turn.choice == CANCEL:
        turn.goto("cases", "cancel")
    elif turn.choice in (HANDED, PUT_BACK):
        turn.set(kept_handed=turn.choice == HANDED)
        turn.goto("cases", "kept")
    elif turn.choice == SUPPORT:
        turn.goto("cases", "kind")
    elif turn.choice == SERVE:
        turn.goto("cases", "drive")
    else:
        turn.goto("cases", "list")


@flow.prompt("kind")
async def ask_kind(turn: Turn) -> None:
    turn.menu(
        turn.t("What was delivered?"),
        [
            *(Choice(k, kind_label(turn.t, k)) for k in ("money", "goods", "labour")),
            back_choice(turn.t),
        ],
    )


@flow.answer("kind")
async def got_kind(turn: Turn) -> None:
    if turn.choice not in ("money", "goods", "labour"):
        turn.goto("cases", "page")
        return
    # a new support: its figure and source are asked afresh (the last one's stay with the flow's data)
    turn.set(
        kind=turn.choice,
        description=None,
        amount=None,
        days=0,
        source=None,
        source_drive=None,
        pricing=False,
        day=None,
    )
    turn.goto("cases", "goods" if turn.choice == "goods" else "amount")


@flow.prompt("goods")
async def ask_goods(turn: Turn) -> None:
    ask_typed(turn, turn.t("What was given? For example: 50 kg of rice."), asks_goods=True)  # not “tiendo”


@flow.answer("goods")
async def got_goods(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("cases", "kind")
    elif (description := free_text(turn, limit=200)) is not None:
        turn.set(description=goods_named(turn, description))  # “50 kg gao”: “50 kg gạo” (0257)
        turn.goto("cases", "amount")


@flow.prompt("amount")
async def ask_amount(turn: Turn) -> None:
    """The figure delivered, with Back (to what was delivered) and, where the source is already known (the
    drive raising money for the case, unasked, or one chosen), “Another source” beside it."""
    more = [_other_source(turn)] if turn.data.get("source") else []
    if turn.data.get("kind") == "goods":
        ask_goods_value(turn, *more, back=True)
    elif turn.data.get("kind") == "labour":
        ask_number(turn, turn.t("How many labour days of help were given? For example: 2."), *more)
    else:
        ask_number(turn, turn.t("How much money? For example: 2tr."), *more)


def _other_source(turn: Turn) -> Choice:
    return Choice(OTHER_SOURCE, turn.t("Another source"), keywords=("nguon khac", "other source"))


@flow.answer("amount")
async def got_amount(turn: Turn) -> None:
    kind = turn.data.get("kind", "money")
    if turn.choice == BACK_ID:
        turn.set(pricing=False, bought=False)
        turn.goto("cases", "goods" if kind == "goods" else "kind")
        return
    if turn.choice == OTHER_SOURCE:
        turn.goto("cases", "source")
        return
    if kind == "labour":
        amount, days = 0, read_labour_days(turn)
    elif kind == "goods":
        amount, days = read_goods_value(turn), 0
    else:
        amount, days = read_money(turn, cap=turn.settings.money_cap), 0
    if amount is None or days is None:
        return
    if kind == "goods" and turn.data.get("pricing"):  # bought with the source's money: their price (0564)
        if not amount:  # “Skip” again: what was paid is known to who paid it
            say_price_needed(turn, turn.data.get("description") or "")
            return
        turn.set(amount=amount, pricing=False)
        await _on_from(turn, "priced")
        return
    turn.set(amount=amount, days=days, bought=False)
    if not turn.data.get("day"):  # the day it was handed out, asked once a support (decision 2100)
        turn.goto("cases", "day")
        return
    await _on_from_day(turn, "amount")


@flow.prompt("day")
async def ask_support_day(turn: Turn) -> None:
    """The day it was handed out: today offered first, a day typed (“12/12”, “hôm qua”, “thứ bảy”) as a
    round's or a labour day's is (`read_day`). A board hands Tết gifts out on a Saturday in a hamlet without
    signal and logs them on Monday: the statement says the day they were handed out (decision 2100)."""
    more = [_other_source(turn)] if turn.data.get("source") else []  # the drive taken unasked (2100)
    ask_day(
        turn,
        turn.t("On which day was it handed out? For example: {day}.").format(day=example_day(turn)),
        *more,
    )


@flow.answer("day")
async def got_support_day(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # to the figure, the day asked again after it
        turn.set(day=None)
        turn.goto("cases", "amount")
        return
    if turn.choice == OTHER_SOURCE:
        turn.goto("cases", "source")
        return
    example = example_day(turn)
    day = read_day(turn, example, lean=PAST)
    if day is None:
        return
    if (refused := _day_refusal(turn, day)) is not None:  # to come, or of a year closed and reported (2100)
        turn.say(refused)
        return
    turn.set(day=day.isoformat())
    await _on_from_day(turn, "day")


def _day_refusal(turn: Turn, day: date) -> str | None:
    """Why `day` is no day a support may be logged as handed out on (`campaigns.gone_by_at_work`): one to
    come, or of a year whose figures were closed and reported (decision 2100); None where it is taken. Said
    where the day is typed, and at “Có” where a year closed meanwhile (decision 2202)."""
    return day_not_taken(
        turn,
        day,
        not_yet=turn.t(
            "{day} has not come yet: support is logged once it is handed out. Please log it after that day, "
            "or type the day it was handed out, for example: {example}."
        ),
        closed=turn.t(
            "{day} is in {year}, whose figures were closed and reported at the end of March: support is "
            "logged only in a year not yet closed. Please type a day of {opened} or later, for example: "
            "{example}."
        ),
    )


def _day(turn: Turn) -> date:
    """The day the support was handed out (`got_support_day`); today until it is asked."""
    said = turn.data.get("day")
    return date.fromisoformat(said) if said else turn.today


async def _on_from_day(turn: Turn, step: str) -> None:
    """On from the figure and its day (`step`): the drive raising money for the case pays it, unasked, else
    the source is asked; a source already chosen stays."""
    if not turn.data.get("source"):
        case = await turn.session.get(HardshipCase, turn.data["case_id"])
        payer = await actor_of(turn)
        drives = (
            await drives_to_pay_from(turn.session, case.org_id, case.id, turn.today, payer=payer)
            if case
            else []
        )
        own = next((drive for drive, _balance in drives if drive.case_id == turn.data["case_id"]), None)
        if own is None:
            turn.goto("cases", "source")
            return
        # the drive raising money for this case pays it, unasked; “Chọn nguồn khác” to change
        turn.set(source="drive", source_drive=own.id)
    await _on_from(turn, step)


async def _on_from(turn: Turn, step: str) -> None:
    """On from `step` once the figure and the source are known: goods paid from a drive or the Fund, of a
    value or none, first say whether they were bought with its money or are goods it received (decisions
    0099, 0564; bought with no value, their price is asked: “priced”, once typed); then the figure is held
    against what the source has left, and the last look shown only when it fits (decision 0171): more is
    said at `step`, where the figure or the source can be changed at once."""
    paid = turn.data.get("source") != OUTSIDE_SOURCE
    if step not in ("bought", "priced") and paid and turn.data.get("kind") == "goods":
        turn.goto("cases", "bought")
    elif await _fits(turn, step):
        turn.goto("cases", "support_confirm")


async def _fits(turn: Turn, step: str) -> bool:
    """Whether the support typed fits its source by the domain's one rule (`support_fits`, decision 2101): its
    figure within what the source has left, its day neither to come nor before the drive paying it started,
    goods bought with a price; when not, said, kindly, where it can be changed (`_not_fitting`), what was
    typed kept (“priced”: the price of goods bought, asked again at “amount”)."""
    case = await turn.session.get(HardshipCase, turn.data["case_id"])
    if case is None:
        go_home(turn)
        return False
    kind, figure = _asked(turn)
    source, drive_id = turn.data.get("source", OUTSIDE_SOURCE), turn.data.get("source_drive")
    try:  # the domain's own rule, as `log_support` holds it at “Có” (decision 2101)
        await support_fits(
            turn.session,
            case.org_id,
            source,
            drive_id,
            kind,
            figure,
            bought=bool(turn.data.get("bought")),
            day=_day(turn),
            today=turn.today,
        )
    except CaseError as refused:
        await _not_fitting(turn, refused, step)
        return False
    return True


async def _not_fitting(turn: Turn, refused: CaseError, step: str) -> None:
    """What `support_fits` refused, said where it can be changed: `step` for a figure above what is left (or
    the source, at “Có”), the question whether goods were bought where none were given, the price of goods
    bought, the day for a day not taken (decisions 0171, 2092, 2100)."""
    if refused.reason == "balance":  # a figure with its day: the figure is what to make smaller
        kind, figure = _asked(turn)
        at = "amount" if step == "day" else step
        await _over_balance(turn, refused.left or 0, at, kind=kind, figure=figure)
    elif refused.reason == "no_goods":
        await _no_goods(turn)
    elif refused.reason == "opened":
        await _before_drive(turn, step)
    elif refused.reason == "ended":  # ended more than 90 days ago since chosen (decision 2280)
        await say_drive_ended(turn)
        turn.goto("cases", "source")
    elif refused.reason == "price":  # bought for 0 ₫: what was paid is asked (0564)
        turn.set(pricing=True)
        say_price_needed(turn, turn.data.get("description") or "")
        turn.goto("cases", "amount")
    elif refused.reason == "day":  # a day the day's question refuses, asked again (a year closed since)
        if (said := _day_refusal(turn, _day(turn))) is not None:  # why, as the day's step says it (2202)
            turn.say(said)
        turn.set(day=None)
        turn.goto("cases", "day")
    else:  # a drive no longer there: the source is asked again
        turn.set(source=None, source_drive=None)
        turn.goto("cases", "source")


async def _before_drive(turn: Turn, step: str) -> None:
    """Handed out before the drive paying it started: what it received came after, so it paid none of it
    (decision 2100). Nothing is logged; the day is asked again where the drive was taken unasked with it,
    else the source."""
    drive = await turn.session.get(Drive, turn.data.get("source_drive") or 0)
    if drive is None:
        turn.set(source=None, source_drive=None)
        turn.goto("cases", "source")
        return
    said = {
        "day": turn.t.date(_day(turn)),
        "drive": quoted(drive.title),
        "start": turn.t.date(drive.starts_on),
        "example": turn.t.date(min(turn.today, max(drive.starts_on, _day(turn)))),
    }
    if step in ("day", "amount"):
        turn.say(
            turn.t(
                "Not logged: {day} is before the drive {drive} started ({start}), so the drive did not pay "
                "for it. Please type the day it was handed out, for example: {example}; or choose “Another "
                "source”."
            ).format(**said)
        )
        turn.set(day=None)
        turn.goto("cases", "day")
    else:
        say_before_drive(turn, drive, _day(turn))
        turn.goto("cases", "source")


async def _no_goods(turn: Turn) -> None:
    """Goods of no known worth handed on from a drive or the Fund with no goods people gave left: a value of
    0 ₫ fits any balance, so its statement said goods went out that never came in (decision 2092). Nothing
    is logged; the question whether they were bought is asked again, “Back” going on to another source."""
    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    source = source_words(turn.t, turn.data.get("source"), drive.title if drive else None, _day(turn).year)
    turn.say(
        turn.t(
            "Not logged: there are no goods people gave left to pay out {source}. If the {goods} were bought "
            "with its money, please choose “Bought with its money”; if not, choose “Back” and another "
            "source, for example “Not from the Fund”."
        ).format(source=source, goods=turn.data.get("description") or "")
    )
    turn.goto("cases", "bought")


def _asked(turn: Turn) -> tuple[str, int]:
    """The kind of support being logged and its figure: labour days, or đồng."""
    kind = turn.data.get("kind", "money")
    return kind, turn.data["days"] if kind == "labour" else turn.data["amount"]


async def _over_balance(turn: Turn, left: int, step: str, *, kind: str, figure: int) -> None:
    """More than the drive or the Fund has left: nothing is logged, and the officer is told at once what it
    has, with an example that fits, at the step to change (the figure, the source, or how goods were paid),
    Back going one step back from there. Refused, not warned: a treasurer cannot pay out money not
    received (decision 0094). `kind` and `figure`: what was typed (`_asked`)."""
    in_money = kind != "labour"
    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    source = source_words(turn.t, turn.data.get("source"), drive.title if drive else None, _day(turn).year)
    lines = [
        turn.t(
            "Not logged: {figure} is more than is left to pay {source}: {left} (confirmed receipts less what "
            "was paid from it; gifts still waiting count once a treasurer confirms them)."
        ).format(
            figure=turn.t.vnd(figure) if in_money else labour_days(turn.t, figure),
            source=source,
            left=turn.t.vnd(left) if in_money else labour_days(turn.t, left),
        )
    ]
    example = turn.t.number(left)
    if step == "priced":  # what was paid is no figure to make smaller: another source pays it (0587)
        lines.append(turn.t("Please choose another source, for example “Not from the Fund”."))
        turn.set(pricing=True)  # a price typed again is still the price
        step = "amount"
    elif step == "amount":
        lines.append(
            turn.t(
                "Please type a smaller figure, for example: {example}; or choose “Another source”."
            ).format(example=example)
            if left
            else turn.t("Please choose “Another source”, for example “Not from the Fund”.")
        )
    elif step == "source":
        lines.append(
            turn.t(
                "Please choose another source, for example “Not from the Fund”; or “Back” to type a smaller "
                "figure, for example: {example}."
            ).format(example=example)
            if left
            else turn.t("Please choose another source, for example “Not from the Fund”.")
        )
    else:
        lines.append(turn.t("Please choose the other answer, or “Back” to choose another source."))
    turn.say("\n".join(lines))
    turn.goto("cases", step)


@flow.prompt("bought")
async def ask_support_bought(turn: Turn) -> None:
    ask_bought(turn, turn.data.get("description") or "")


@flow.answer("bought")
async def got_support_bought(turn: Turn) -> None:
    bought = read_bought(turn)
    if bought is None:
        turn.goto("cases", "source")
    elif unpriced_purchase(  # their value skipped: what was paid is asked (0564)
        turn.data.get("description"),
        turn.data.get("amount") or 0,
        bought=bought,
        source=turn.data.get("source", OUTSIDE_SOURCE),
    ):
        turn.set(pricing=True)
        say_price_needed(turn, turn.data.get("description") or "")
        turn.goto("cases", "amount")
    else:
        await _on_from(turn, "bought")


@flow.prompt("source")
async def ask_source(turn: Turn) -> None:
    """Where the support was paid from: the organisation's drives still recent (the case's own first), each
    with what it has left of this kind; the Fund outside the drives this year; or not from the Fund."""
    case = await turn.session.get(HardshipCase, turn.data["case_id"])
    if case is None:
        go_home(turn)
        return
    kind = turn.data.get("kind", "money")  # goods with a value: money too, which may buy them (0099)
    kinds = ["money", "goods"] if kind == "goods" and turn.data.get("amount") else [kind]
    drives = await drives_to_pay_from(
        turn.session, case.org_id, case.id, turn.today, payer=await actor_of(turn)
    )
    year = _day(turn).year  # the Fund of the year it was handed out pays it
    fund = await fund_balance(turn.session, case.org_id, year)
    source_menu(turn, drives, fund, year, lambda balance: kinds_left_words(turn.t, balance, kinds))


@flow.answer("source")
async def got_source(turn: Turn) -> None:
    if not read_source(turn):  # Back: to the day, one step back, what was delivered kept
        turn.goto("cases", "day" if turn.data.get("amount") is not None else "amount")
        return
    turn.set(bought=False, pricing=False)
    if turn.data.get("amount") is None:  # “Another source” chosen before a figure was typed
        turn.goto("cases", "amount")
    else:
        await _on_from(turn, "source")


@flow.prompt("support_confirm")
async def ask_support_confirm(turn: Turn) -> None:
    """Support logged stays on the case's page, and what is paid from a drive or the Fund is on its public
    statement: one look, with where it was paid from, before it is written; not named to whoever no longer
    keeps it (a role moved to another hamlet meanwhile: `may_keep_case`)."""
    case = await turn.session.get(HardshipCase, turn.data["case_id"])
    if case is None or not await may_keep_case(turn.session, await actor_of(turn), case):
        await _not_allowed(turn)
        return
    what = describe(
        turn.t, turn.data["kind"], turn.data["amount"], turn.data["days"], turn.data.get("description")
    )
    if turn.data.get("bought"):
        what += " " + turn.t("(bought with its money)")
    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    source = source_words(turn.t, turn.data.get("source"), drive.title if drive else None, _day(turn).year)
    confirm_menu(
        turn,
        turn.t("Log support to {name}: {what}, delivered {date}, {source}?").format(
            name=case.name, what=what, date=turn.t.date(_day(turn)), source=source
        ),
        _other_source(turn),
    )


@flow.answer("support_confirm")
async def support_confirmed(turn: Turn) -> None:
    if turn.choice == OTHER_SOURCE:
        turn.goto("cases", "source")
        return
    if turn.choice != YES:
        _back_unchanged(turn)
        return
    try:
        support = await log_support(
            turn.session,
            await actor_of(turn),
            turn.data["case_id"],
            kind=turn.data["kind"],
            amount_vnd=turn.data["amount"],
            labour_days=turn.data["days"],
            description=turn.data.get("description"),
            source=turn.data.get("source", "outside"),
            drive_id=turn.data.get("source_drive"),
            delivered_on=_day(turn),
            now=turn.now,
            bought=bool(turn.data.get("bought")),
        )
    except CaseError as refused:
        if refused.reason == "drive_serves":  # set meanwhile to raise money for another case (0451)
            await say_drive_serves_another(turn, refused.serving)
            turn.goto("cases", "source")
        elif refused.reason in ("balance", "no_goods", "opened", "ended", "price", "day", "source"):
            # paid from it meanwhile by someone else, a year turned: said as where it was typed (2101)
            await _not_fitting(turn, refused, "source")
        else:
            await _not_allowed(turn)
        return
    what = describe(turn.t, support.kind, support.amount_vnd, support.labour_days, support.description)
    turn.say(
        turn.t("Logged: {what}, handed out {date}.").format(
            what=what, date=turn.t.date(support.delivered_on)
        ),
        keep=True,
    )
    turn.goto("cases", "page")


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    actor, case = await actor_of(turn), await turn.session.get_one(HardshipCase, turn.data["case_id"])
    drives = [
        d for d in await organisation_drives(turn) if await may_point_drive_at(turn.session, actor, d, case)
    ]
    if not drives:
        turn.say(
            turn.t(
                "There is no drive you may choose: only {officers} covering all of a drive's units can "
                "set it to raise money for a case that names someone. Nothing was changed."
            ).format(officers=await role_officers(turn))
        )
        turn.goto("cases", "page")
        return
    elsewhere = turn.t("{drive} — raising money for another case")  # chosen, it moves here (decision 0405)
    turn.menu(
        turn.t("Which drive raises money for this case?"),
        [
            *(
                Choice(
                    f"d{d.id}",
                    elsewhere.format(drive=d.title) if d.case_id not in (None, case.id) else d.title,
                )
                for d in drives
            ),
            back_choice(turn.t),
        ],
    )


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    drive_id = picked_id(turn, "d")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    if drive is None:
        turn.goto("cases", "page")
        return
    actor = await actor_of(turn)
    try:
        before = await serve_case(turn.session, actor, drive, turn.data["case_id"], now=turn.now)
    except CaseError:
        await _not_allowed(turn)
        return
    named = drive_named(turn.t.locale, drive.title)
    if before == turn.data["case_id"]:
        said = turn.t("{drive} already raised money for this case. Nothing was changed.").format(drive=named)
    elif before is not None:  # a drive raises money for one case: the one it leaves said (decision 0405)
        left = await turn.session.get_one(HardshipCase, before)
        case = left.name if await may_read_case(turn.session, actor, left) else None
        said = turn.t(
            "{drive} now raises money for this case, no longer for {case}: a drive raises money for one "
            "case, and what it received now shows on this case's page."
        ).format(drive=named, case=case or turn.t("Hardship case no. {n}").format(n=left.id))
    else:
        said = turn.t("{drive} now raises money for this case.").format(drive=named)
    turn.say(sentence(said))
    turn.goto("cases", "page")


# --- cancelling a support that did not happen (decision 0103) ---------------------------------------------


@flow.prompt("cancel")
async def ask_which_support(turn: Turn) -> None:
    """The case's supports that stand, to cancel one (a gift round's package: all its kinds together)."""
    if (read := await _page_of_case(turn)) is None:
        return
    _actor, page = read
    question = turn.t(
        "Which support did not happen, or was logged wrong? It is not deleted: a cancellation is kept."
    )
    _pick_support(turn, question, page, page.standing)


def _pick_support(turn: Turn, question: str, page: CasePage, supports: Sequence[CaseSupport]) -> None:
    """`question` with `supports` of the case's page to pick one (`s<id>`), each worded as the page
    words it (`_support_words`), and Back."""
    titles = {support.id: title for support, title in page.supports}
    turn.menu(
        question,
        [
            *(
                Choice(
                    f"s{support.id}",
                    _support_words(turn, support, titles.get(support.id), page.rounds.get(support.id)),
                )
                for support in supports
            ),
            back_choice(turn.t),
        ],
    )


@flow.answer("cancel")
async def chose_support(turn: Turn) -> None:
    if (support_id := picked_id(turn, "s")) is None:
        turn.goto("cases", "page")
        return
    turn.set(cancel_support=support_id)
    turn.goto("cases", "cancel_reason")


@flow.prompt("cancel_reason")
async def ask_cancel_reason(turn: Turn) -> None:
    ask_typed(
        turn, turn.t("Why is it cancelled? For example: the family was away on the day of the ceremony.")
    )


@flow.answer("cancel_reason")
async def got_cancel_reason(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("cases", "cancel")
    elif (reason := reason_text(turn, limit=REASON_LIMIT)) is not None:
        turn.set(cancel_reason=reason, cancel_keep=False)
        support = await turn.session.get(CaseSupport, turn.data["cancel_support"])
        # money (or goods bought with it) from the Fund: its cash may stay with the officer (decision 1210)
        held = support is not None and await package_may_be_held(turn.session, support)
        turn.goto("cases", "cancel_kept" if held else "cancel_confirm")


@flow.prompt("cancel_kept")
async def ask_cancel_kept(turn: Turn) -> None:
    turn.menu(
        turn.t("Are you keeping the pack's money to hand over later, or has it gone back into the Fund?"),
        [
            Choice(KEEP, turn.t("Keep it to hand over later")),
            Choice(RETURN, turn.t("Put back in the Fund")),
            back_choice(turn.t),
        ],
    )


@flow.answer("cancel_kept")
async def got_cancel_kept(turn: Turn) -> None:
    if turn.choice not in (KEEP, RETURN):
        turn.goto("cases", "cancel_reason")
        return
    turn.set(cancel_keep=turn.choice == KEEP)
    turn.goto("cases", "cancel_confirm")


@flow.prompt("cancel_confirm")
async def ask_cancel_confirm(turn: Turn) -> None:
    support = await turn.session.get(CaseSupport, turn.data["cancel_support"])
    case = await turn.session.get(HardshipCase, turn.data["case_id"])
    if support is None or case is None:
        turn.goto("cases", "page")
        return
    if not await may_keep_case(turn.session, await actor_of(turn), case):  # a role moved meanwhile (0289)
        await _not_allowed(turn)
        return
    what = describe(turn.t, support.kind, support.amount_vnd, support.labour_days, support.description)
    said = {"date": turn.t.date(support.delivered_on), "name": case.name, "what": what}
    if turn.data.get("cancel_keep"):  # the money stays with the officer, out of the Fund (decision 1210)
        text = turn.t(
            "Cancel the support of {date} to {name}: {what}? You keep its money to hand over later: it is "
            "not back in the Fund until you hand it over or put it back."
        ).format(**said)
    else:
        text = turn.t(
            "Cancel the support of {date} to {name}: {what}? What it was paid from gets it back, and the "
            "public statement no longer shows it."
        ).format(**said)
    if support.round_id is not None:
        text += " " + turn.t("The whole gift of that round to this case is cancelled.")
    confirm_menu(turn, text)


@flow.answer("cancel_confirm")
async def cancelling(turn: Turn) -> None:
    if turn.choice != YES:
        _back_unchanged(turn)
        return
    try:
        cancelled = await cancel_support(
            turn.session,
            await actor_of(turn),
            turn.data["cancel_support"],
            reason=turn.data["cancel_reason"],
            now=turn.now,
            keep=bool(turn.data.get("cancel_keep")),
        )
    except CaseError as refused:
        if refused.reason == "cancelled":
            turn.say(turn.t("That support was cancelled already."))
            turn.goto("cases", "page")
        else:
            await _not_allowed(turn)
        return
    turn.say(
        turn.t.plural(
            "Cancelled: {n} support line. Reason: {reason}",
            "Cancelled: {n} support lines. Reason: {reason}",
            len(cancelled),
        ).format(n=turn.t.number(len(cancelled)), reason=turn.data["cancel_reason"]),
        keep=True,
    )
    turn.goto("cases", "page")


# --- a pack kept for an absent household, handed later or put back (decision 1210) --------------------------


@flow.prompt("kept")
async def ask_which_kept(turn: Turn) -> None:
    """The packs an officer holds for this case: which one was handed over, or put back in the Fund."""
    if (read := await _page_of_case(turn)) is None:
        return
    _actor, page = read
    question = (
        turn.t("Which held pack did you hand over today?")
        if turn.data.get("kept_handed")
        else turn.t("Which held pack's money did you put back in the Fund?")
    )
    _pick_support(
        turn, question, page, [support for support, _title in page.supports if support.id in page.held]
    )


@flow.answer("kept")
async def settling_kept(turn: Turn) -> None:
    if (support_id := picked_id(turn, "s")) is None:
        turn.goto("cases", "page")
        return
    handed = bool(turn.data.get("kept_handed"))
    try:
        await settle_kept(
            turn.session, await actor_of(turn), support_id, handed=handed, on=turn.today, now=turn.now
        )
    except CaseError as refused:
        if refused.reason == "not_held":
            turn.say(turn.t("That pack is no longer held: it was handed over or put back already."))
            turn.goto("cases", "page")
        elif refused.reason == "given_since" and refused.earlier is not None:  # never given twice (1287)
            given = await turn.session.get_one(GiftRound, refused.earlier)
            turn.say(
                turn.t(
                    "This case was given the same round's pack on {date}, after the held pack was cancelled: "
                    "it is not recorded as handed a second time. If the envelope is still there, choose "
                    "“Put back in the Fund”."
                ).format(date=turn.t.date(given.delivered_on))
            )
            turn.goto("cases", "page")
        else:
            await _not_allowed(turn)
        return
    if handed:
        turn.say(
            turn.t("Noted: the pack was handed over. It counts once, on the date it was logged for."),
            keep=True,
        )
    else:
        turn.say(turn.t("Noted: the pack's money is back in the Fund."), keep=True)
    turn.goto("cases", "page")
