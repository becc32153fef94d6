"""Hardship cases (/hoancanh), for officers and leaders only: the list → a case's page (circumstances,
needs, what it received, the drives raising money for it). Officers also record a case (member or household →
name → circumstances → needs), log support delivered (money, goods with a value, labour days) and let a drive
serve it."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Drive, HardshipCase
from bot.domain.access import may_keep_cases
from bot.domain.cases import CaseError, case_page, cases_of, log_support, record_case, serve_case
from bot.messages import Choice
from handlers.common import (
    YES,
    actor_of,
    back_choice,
    confirm_menu,
    free_text,
    go_home,
    organisation_drives,
    picked_id,
    read_labour_days,
)
from handlers.money_text import ask_goods_value, read_goods_value, read_money
from handlers.wording import describe, kind_label

flow = Flow("cases")
ADD, SUPPORT, SERVE = "add", "support", "serve"


def _not_allowed(turn: Turn) -> None:
    turn.say(turn.t("Hardship cases are seen only by the union's officers and the leaders."))
    go_home(turn)


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    actor = await actor_of(turn)
    try:
        cases = await cases_of(turn.session, actor)
    except CaseError:
        _not_allowed(turn)
        return
    lines = [turn.t("Hardship cases ({n}):").format(n=turn.t.number(len(cases)))] if cases else []
    if not cases:
        lines.append(turn.t("No hardship case is recorded yet."))
    choices = [
        Choice(
            f"c{case.id}",
            turn.t("{name} — received {money}").format(name=case.name, money=turn.t.vnd(got.money)),
        )
        for case, got in cases
    ]
    if actor is not None and may_keep_cases(actor, actor.org_id):
        choices.append(Choice(ADD, turn.t("Record a new case"), keywords=("them", "moi", "add")))
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


@flow.answer("list")
async def chose_case(turn: Turn) -> None:
    if turn.choice == ADD:
        turn.goto("cases", "subject", keep_data=False)
    elif (case_id := picked_id(turn, "c")) is not None:
        turn.set(case_id=case_id)
        turn.goto("cases", "page")
    else:
        go_home(turn)


@flow.prompt("subject")
async def ask_subject(turn: Turn) -> None:
    turn.menu(
        turn.t("Who is in hardship?"),
        [
            Choice(
                "member", turn.t("A member of our organisation"), keywords=("thanh vien", "can bo", "member")
            ),
            Choice("household", turn.t("A household"), keywords=("ho gia dinh", "household")),
            back_choice(turn.t),
        ],
    )


@flow.answer("subject")
async def got_subject(turn: Turn) -> None:
    if turn.choice not in ("member", "household"):
        turn.goto("cases", "list")
        return
    turn.set(subject=turn.choice)
    turn.goto("cases", "name")


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
    turn.ask(
        turn.t("Their circumstances, briefly. For example: husband seriously ill, two children at school.")
    )


@flow.answer("circumstances")
async def got_circumstances(turn: Turn) -> None:
    if (text := free_text(turn)) is not None:
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
            name=turn.data["name"],
            circumstances=turn.data["circumstances"],
            needs=needs,
            now=turn.now,
        )
    except CaseError:
        _not_allowed(turn)
        return
    turn.say(turn.t("Recorded the case: {name}.").format(name=case.name), keep=True)
    turn.set(case_id=case.id)
    turn.goto("cases", "page")


@flow.prompt("page")
async def show_page(turn: Turn) -> None:
    actor = await actor_of(turn)
    try:
        page = await case_page(turn.session, actor, turn.data["case_id"])
    except CaseError:
        _not_allowed(turn)
        return
    case, got = page.case, page.received
    subject = turn.t("a member") if case.subject == "member" else turn.t("a household")
    lines = [
        f"{case.name} ({subject})",
        turn.t("• Circumstances: {text}").format(text=case.circumstances),
        turn.t("• Needs: {text}").format(text=case.needs),
        turn.t("• Received: money {money}; goods worth {goods}; {days} labour days.").format(
            money=turn.t.vnd(got.money), goods=turn.t.vnd(got.goods), days=turn.t.number(got.labour_days)
        ),
    ]
    for support in page.supports:
        what = describe(turn.t, support.kind, support.amount_vnd, support.labour_days, support.description)
        lines.append(f"  – {turn.t.date(support.delivered_on)} · {what}")
    for drive in page.drives:
        lines.append(
            turn.t("• Drive for this case: {drive} (confirmed {money})").format(
                drive=drive.title, money=turn.t.vnd(drive.confirmed_money)
            )
        )
    choices = []
    if may_keep_cases(actor, case.org_id):
        choices = [
            Choice(SUPPORT, turn.t("Log support delivered"), keywords=("ho tro", "support")),
            Choice(SERVE, turn.t("A drive raises money for this case"), keywords=("dot van dong", "drive")),
        ]
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


@flow.answer("page")
async def chose_on_page(turn: Turn) -> None:
    if turn.choice == SUPPORT:
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
    turn.set(kind=turn.choice, description=None)
    turn.goto("cases", "goods" if turn.choice == "goods" else "amount")


@flow.prompt("goods")
async def ask_goods(turn: Turn) -> None:
    turn.ask(turn.t("What was given? For example: 50 kg of rice."))


@flow.answer("goods")
async def got_goods(turn: Turn) -> None:
    if (description := free_text(turn, limit=200)) is not None:
        turn.set(description=description)
        turn.goto("cases", "amount")


@flow.prompt("amount")
async def ask_amount(turn: Turn) -> None:
    if turn.data.get("kind") == "labour":
        turn.ask(turn.t("How many labour days? For example: 2."))
    elif turn.data.get("kind") == "goods":
        ask_goods_value(turn)
    else:
        turn.ask(turn.t("How much money? For example: 2tr."))


@flow.answer("amount")
async def got_amount(turn: Turn) -> None:
    kind = turn.data.get("kind", "money")
    if kind == "labour":
        amount, days = 0, read_labour_days(turn)
    elif kind == "goods":
        amount, days = read_goods_value(turn), 0
    else:
        amount, days = read_money(turn, cap=turn.settings.money_cap), 0
    if amount is None or days is None:
        return
    turn.set(amount=amount, days=days)
    turn.goto("cases", "support_confirm")


@flow.prompt("support_confirm")
async def ask_support_confirm(turn: Turn) -> None:
    """Support logged stays on the case's page: one look before it is written."""
    case = await turn.session.get(HardshipCase, turn.data["case_id"])
    what = describe(
        turn.t, turn.data["kind"], turn.data["amount"], turn.data["days"], turn.data.get("description")
    )
    confirm_menu(
        turn,
        turn.t("Log support to {name}: {what}, delivered {date}?").format(
            name=case.name if case else "", what=what, date=turn.t.date(turn.today)
        ),
    )


@flow.answer("support_confirm")
async def support_confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("cases", "page")
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
            delivered_on=turn.today,
            now=turn.now,
        )
    except CaseError:
        _not_allowed(turn)
        return
    what = describe(turn.t, support.kind, support.amount_vnd, support.labour_days, support.description)
    turn.say(turn.t("Logged: {what}.").format(what=what), keep=True)
    turn.goto("cases", "page")


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    drives = await organisation_drives(turn)
    turn.menu(
        turn.t("Which drive raises money for this case?"),
        [*(Choice(f"d{d.id}", d.title) for d in drives), back_choice(turn.t)],
    )


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    drive_id = picked_id(turn, "d")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    if drive is None:
        turn.goto("cases", "page")
        return
    try:
        await serve_case(turn.session, await actor_of(turn), drive, turn.data["case_id"], now=turn.now)
    except CaseError:
        _not_allowed(turn)
        return
    turn.say(turn.t("{drive} now raises money for this case.").format(drive=drive.title))
    turn.goto("cases", "page")
