"""Recording a result (“Ghi kết quả”, /ketqua) of a criterion measured as a count or a yes/no: the criterion
(the ones registered this year first, with what is recorded against them) → how many (a count) → what was
done, in one line → a photo as evidence, or “Skip” → one last look → saved, with the criterion's progress.
A unit's leader first says whether it is for the unit or for themself; an organisation-wide leader or admin
also may record for the organisation itself (docs/decisions/0059). From the same menu: the results
recorded, to withdraw one; for leaders, officers and admins, the results of their units, newest first, a page
at a time with their photos, where a leader sets one aside with a reason (the person is told).

An officer records for a household or someone without a phone through the same steps (handlers/behalf.py):
the chosen person's id rides in the data (`for_id`). The domain (bot.domain.results) asks the rules again
when it writes. docs/decisions/0050."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.photo_asked import RESULT
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Criterion, Organisation, Result, Unit
from bot.domain.access import (
    may_open_unit_results,
    may_record_unit_result,
    may_set_aside_result,
    may_speak_for_org,
    may_withdraw_result,
    results_units,
)
from bot.domain.campaigns import active_campaign, campaign_year, criteria_for
from bot.domain.commitments import commitment_targets, owner_key
from bot.domain.notices import held_till
from bot.domain.numbers import whole_refused
from bot.domain.plan_glosses import criterion_name
from bot.domain.results import (
    MAX_DESCRIPTION,
    MAX_QUANTITY,
    MAX_REASON,
    PAGE_SIZE,
    RESULT_MEASURES,
    EvidencePhoto,
    ResultError,
    ResultLine,
    one_line,
    owner_results_page,
    record_result,
    recorded_by_people_of,
    recorded_toward,
    set_aside_result,
    unit_results_page,
    withdraw_result,
)
from bot.messages import Choice
from bot.text import quoted
from handlers.behalf import ANOTHER, acting_for, another_choice, seek_another, subject_name, subject_of
from handlers.common import (
    NOT_READ,
    YES,
    actor_of,
    ask_number,
    ask_optional_photo,
    ask_typed,
    back_choice,
    confirm_menu,
    free_text,
    go_home,
    in_commune,
    is_household,
    kept_page,
    page_choices,
    paper_text,
    photos_elsewhere,
    picked_id,
    read_number,
    read_optional_photo,
    reason_text,
    say_officers_only,
    turned_page,
    whose_choices,
)
from handlers.wording import held_words, recorded_for_mark, result_amount, result_reached

flow = Flow("result")
UNIT, SELF, MINE, UNIT_LIST = "unit", "self", "mine", "unit_list"
ORG = "org"


def _scope(turn: Turn) -> str:
    if turn.data.get("collective"):
        return "collective"
    if acting_for(turn):
        return "household" if turn.data.get("for_household") else "individual"
    return "household" if is_household(turn) else "individual"


def _key(turn: Turn) -> str:
    return owner_key(
        _scope(turn),
        turn.data.get("for_id") or turn.data.get("person_id"),
        turn.data.get("unit_id"),
        org_id=turn.data.get("org_id"),
    )


def _units_entry(turn: Turn, *, commune: bool) -> Choice:
    """The entry to the results of the units the writer follows: a commune's (`commune`) are its hamlets and
    the Front's board (“các thôn, ban”), not an office's units (decision 0247)."""
    if commune:
        label = turn.t("Results of the hamlets and boards I follow")
        return Choice(UNIT_LIST, label, keywords=("cac don vi", "cac thon"))
    return Choice(UNIT_LIST, turn.t("Results of the units I follow"), keywords=("cac don vi",))


@flow.prompt("start")
async def start(turn: Turn) -> None:
    subject = await subject_of(turn)
    if subject is None:
        return
    campaign = await active_campaign(turn.session, subject.org_id, turn.today)
    if campaign is None:
        turn.say(turn.t("There is no campaign yet, so there is nothing to record a result for."))
        go_home(turn)
        return
    turn.set(campaign_id=campaign.id, year=campaign_year(campaign, turn.today), person_id=subject.id)
    actor = await actor_of(turn)
    if acting_for(turn) or actor is None:
        turn.goto("result", "criterion")
        return
    if actor.unit and may_record_unit_result(actor, actor.unit):
        unit = await turn.session.get_one(Unit, actor.unit.id)
        turn.set(unit_name=unit.name, leads_unit=unit.id)
    if may_speak_for_org(actor, actor.org_id):
        org = await turn.session.get_one(Organisation, actor.org_id)
        turn.set(org_name=org.name)
    turn.goto("result", "whose" if _asks_whose(turn) else "criterion")


def _asks_whose(turn: Turn) -> bool:
    """Whether the writer is asked whose result it is: a unit's leader, or who speaks for the organisation."""
    return bool(turn.data.get("leads_unit") or turn.data.get("org_name"))


@flow.prompt("whose")
async def ask_whose(turn: Turn) -> None:
    """A leader is asked whose result it is; the unit's list is offered here too, where a leader looking for
    what the unit's people recorded finds it (not only under one of the two owners)."""
    unit_name = turn.data["unit_name"] if turn.data.get("leads_unit") else None
    # the commune's own, and its hamlets' and boards' results (decision 0247)
    commune = await in_commune(turn)
    choices = whose_choices(turn.t, org_name=turn.data.get("org_name"), unit_name=unit_name, commune=commune)
    actor = await actor_of(turn)
    if actor is not None and may_open_unit_results(actor):
        choices.append(_units_entry(turn, commune=commune))
    turn.menu(turn.t("Whose result is it?"), [*choices, back_choice(turn.t)])


def _back_from_list(turn: Turn) -> None:
    """Back from the unit's list to the menu it was opened from."""
    turn.goto("result", turn.data.get("list_from", "criterion"))


@flow.answer("whose")
async def got_whose(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    if turn.choice == UNIT_LIST:
        turn.set(page=0, list_from="whose")
        turn.goto("result", "unit")
        return
    if turn.choice == ORG and turn.data.get("org_name"):
        assert turn.person is not None
        turn.set(collective=True, organisation=True, unit_id=None, org_id=turn.person.org_id)
        turn.goto("result", "criterion")
        return
    unit = turn.data.get("leads_unit") if turn.choice == UNIT else None
    turn.set(collective=unit is not None, organisation=False, unit_id=unit)
    turn.goto("result", "criterion")


async def _offered(turn: Turn) -> tuple[list[tuple[Criterion, int | None]], dict[int, int]]:
    """The criteria a result may be recorded for, with the target registered (None: not registered), the
    registered ones first; and what stands recorded, criterion id → quantity."""
    campaign_id, year, key = turn.data["campaign_id"], turn.data["year"], _key(turn)
    registered = [
        (criterion, target)
        for criterion, target in await commitment_targets(turn.session, campaign_id, year, key)
        if criterion.measure in RESULT_MEASURES
    ]
    known = {criterion.id for criterion, _target in registered}
    others: list[tuple[Criterion, int | None]] = [
        (criterion, None)
        for criterion in await criteria_for(turn.session, campaign_id, _scope(turn))
        if criterion.measure in RESULT_MEASURES and criterion.id not in known
    ]
    return [*registered, *others], await recorded_toward(turn.session, campaign_id, year, key)


def _whose(turn: Turn) -> str | None:
    """Whose result it is when not the writer's own: the organisation's or the unit's, or the household's an
    officer records for."""
    if turn.data.get("organisation"):
        return turn.data["org_name"]
    if turn.data.get("collective"):
        return turn.data["unit_name"]
    return subject_name(turn) if acting_for(turn) else None


def _criterion_label(turn: Turn, criterion: Criterion, target: int | None, done: dict[int, int]) -> str:
    """A registered item with what is recorded against it, "Sáng kiến…: 1/2 (50%)"; another by its title."""
    if target is None:
        return criterion_name(turn.t.locale, criterion)
    reached = result_reached(turn.t, criterion.measure, done.get(criterion.id, 0), target)
    return f"{criterion_name(turn.t.locale, criterion)}: {reached}"


@flow.prompt("criterion")
async def ask_criterion(turn: Turn) -> None:
    offered, done = await _offered(turn)
    if not offered:
        turn.say(turn.t("The plan has no item counted this way for you."))
        go_home(turn)
        return
    choices = [
        Choice(f"c{criterion.id}", _criterion_label(turn, criterion, target, done))
        for criterion, target in offered
    ]
    choices.append(Choice(MINE, turn.t("Results recorded (withdraw one)"), keywords=("da ghi", "rut lai")))
    actor = await actor_of(turn)
    # The units' list once: on "whose?" for who is asked it, here for the others (an officer, an admin of a
    # unit); once the writer has said whose result it is, they are recording, not reading.
    if not acting_for(turn) and not _asks_whose(turn) and may_open_unit_results(actor):
        choices.append(_units_entry(turn, commune=await in_commune(turn)))
    whose, year = _whose(turn), turn.data["year"]
    if whose:
        question = turn.t("Which item is the result of {whose} for ({year})?").format(whose=whose, year=year)
    elif _scope(turn) == "household":
        question = turn.t("Which item is your household's result for ({year})?").format(year=year)
    else:
        question = turn.t("Which item is your result for ({year})?").format(year=year)
    lines = [question]
    if turn.data.get("collective") or turn.data.get("organisation"):  # a collective: its people's apart
        people = await recorded_by_people_of(turn.session, turn.data["campaign_id"], year, _key(turn))
        told = [
            f"{criterion_name(turn.t.locale, criterion)}: {turn.t.number(people[criterion.id])}"
            for criterion, _t in offered
            if people.get(criterion.id)
        ]
        if told:
            lines.append(
                turn.t(
                    "Recorded by the people of {whose} on their own (not counted toward its targets): "
                    "{results}."
                ).format(whose=whose, results="; ".join(told))
            )
    if whose is None:  # one's own pledges of money, goods or labour days are given, not recorded here
        given = [
            criterion_name(turn.t.locale, criterion)
            for criterion, _target in await commitment_targets(
                turn.session, turn.data["campaign_id"], year, _key(turn)
            )
            if criterion.measure not in RESULT_MEASURES
        ]
        if given:
            lines.append(
                turn.t(
                    "{items}: recorded with “Record a contribution” in the menu, and counted once a "
                    "treasurer confirms them."
                ).format(items="; ".join(given))
            )
    if all(target is None for _criterion, target in offered):
        lines.append(
            turn.t(
                "None of these is registered for {year} yet. Registering first is better (menu: Register my "
                "commitment), but you may record a result anyway."
            ).format(year=turn.data["year"])
        )
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


@flow.answer("criterion")
async def got_criterion(turn: Turn) -> None:
    if turn.choice == MINE:
        turn.goto("result", "mine")
        return
    if turn.choice == UNIT_LIST:
        turn.set(page=0, list_from="criterion")
        turn.goto("result", "unit")
        return
    chosen = picked_id(turn, "c")
    offered, done = await _offered(turn)
    found = next((criterion for criterion, _target in offered if criterion.id == chosen), None)
    if found is None:
        go_home(turn)
        return
    turn.set(criterion_id=found.id, criterion=found.title, measure=found.measure)
    if found.measure == "yes_no":
        if done.get(found.id):
            turn.say(turn.t("{title} is recorded already.").format(title=quoted(found.title)))
            turn.goto("result", "criterion")
            return
        turn.set(quantity=1)
        turn.goto("result", "what")
        return
    turn.goto("result", "quantity")


@flow.prompt("quantity")
async def ask_quantity(turn: Turn) -> None:
    ask_number(
        turn, turn.t("{title}\nHow many? Type a number, for example: 2.").format(title=turn.data["criterion"])
    )


@flow.answer("quantity")
async def got_quantity(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("result", "criterion")
        return
    problem = whole_refused(turn.t, MAX_QUANTITY)
    if (quantity := read_number(turn, maximum=MAX_QUANTITY, problem=problem)) is not None:
        turn.set(quantity=quantity)
        turn.goto("result", "what")


@flow.prompt("what")
async def ask_what(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t(
            "{title}\nWhat was done? One line, at most {limit} characters, for example: showed Mr An's "
            "household how to raise breeding cows."
        ).format(title=turn.data["criterion"], limit=MAX_DESCRIPTION),
    )


@flow.answer("what")
async def got_what(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("result", "quantity" if turn.data.get("measure") == "count" else "criterion")
        return
    if (typed := free_text(turn, limit=MAX_DESCRIPTION)) is None:
        return
    # The line goes word for word into the achievement report (báo cáo thành tích): asked once with accents.
    if (typed := paper_text(turn, typed, turn.t("the achievement report"))) is not None:
        turn.set(description=one_line(typed))
        turn.goto("result", "photo")


@flow.prompt("photo")
async def ask_photo(turn: Turn) -> None:
    ask_optional_photo(
        turn,
        turn.t(
            "You may send a photo as evidence (the model, the household helped, the visit), or choose “Skip”."
        ),
        RESULT,
    )


@flow.answer("photo")
async def got_photo(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("result", "what")
    elif (photo := read_optional_photo(turn)) is not NOT_READ:
        turn.set(photo=photo)
        turn.goto("result", "confirm")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    if turn.data.get("chosen_again") and not await _fits_the_one_chosen(turn):
        return
    if whose := _whose(turn):
        heading = turn.t("Please check the result of {whose}:").format(whose=whose)
    elif _scope(turn) == "household":
        heading = turn.t("Please check your household's result:")
    else:
        heading = turn.t("Please check your result:")
    lines = [
        heading,
        f"• {turn.data['criterion']}: {result_amount(turn.t, turn.data['measure'], turn.data['quantity'])}",
        turn.t("• What was done: {what}").format(what=turn.data["description"]),
    ]
    if turn.data.get("photo"):
        lines.append(turn.t.plural("• Evidence: {n} photo", "• Evidence: {n} photos", 1).format(n=1))
    confirm_menu(turn, "\n".join(lines), *another_choice(turn))


async def _fits_the_one_chosen(turn: Turn) -> bool:
    """Another household or person chosen at the last look (decision 0214): the result is theirs now; when its
    item is not one of theirs (a person's, for a household) or is a yes-or-no one they have already, that is
    said and the item asked again. False when the chat went elsewhere."""
    turn.set(chosen_again=False)
    subject = await subject_of(turn)
    if subject is None:
        return False
    turn.set(person_id=subject.id)
    offered, done = await _offered(turn)
    chosen = turn.data["criterion_id"]
    if any(criterion.id == chosen for criterion, _target in offered) and not (
        turn.data["measure"] == "yes_no" and done.get(chosen)
    ):
        return True
    turn.say(
        turn.t("{title} is not an item {name} can record now: please choose the item again.").format(
            title=quoted(turn.data["criterion"]), name=subject_name(turn)
        )
    )
    turn.goto("result", "criterion")
    return False


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    assert turn.person is not None
    subject = await subject_of(turn)
    if subject is None:
        return
    if turn.choice == ANOTHER:  # the wrong household on the summary: chosen again, the result kept (0214)
        seek_another(turn, turn.t("Not saved yet. The result is kept: please choose the right one."))
        return
    if turn.choice != YES:
        turn.say(turn.t("Cancelled. No result was recorded."))
        go_home(turn)
        return
    photo = turn.data.get("photo")
    try:
        await record_result(
            turn.session,
            turn.person,
            campaign_id=turn.data["campaign_id"],
            year=turn.data["year"],
            criterion_id=turn.data["criterion_id"],
            quantity=turn.data["quantity"],
            description=turn.data["description"],
            person=None if turn.data.get("collective") else subject,
            unit_id=turn.data.get("unit_id") if turn.data.get("collective") else None,
            organisation=bool(turn.data.get("organisation")),
            photo=EvidencePhoto(photo["sha256"], photo["path"], photo["size"] or 0) if photo else None,
            now=turn.now,
        )
    except ResultError as refused:
        if refused.reason == "already":
            turn.say(turn.t("{title} is recorded already.").format(title=quoted(turn.data["criterion"])))
        elif refused.reason == "not_allowed":  # the role went while they were answering: say whose it takes
            turn.say(_whose_role(turn))
        else:  # the plan changed while they were answering
            turn.say(turn.t("This result cannot be recorded now. Nothing was recorded."))
        go_home(turn)
        return
    offered, done = await _offered(turn)
    target = next((t for c, t in offered if c.id == turn.data["criterion_id"]), None)
    reached = result_reached(turn.t, turn.data["measure"], done.get(turn.data["criterion_id"], 0), target)
    turn.say(
        turn.t("Recorded, thank you.\n{title}: {reached}").format(
            title=turn.data["criterion"], reached=reached
        ),
        keep=True,
    )
    go_home(turn)


# --- the results recorded, withdrawing one -----------------------------------------------------------------


def _line(turn: Turn, line: ResultLine, *, owner: bool = False) -> str:
    """“22/11/2026 · Sáng kiến…: 1 — Mô hình tiết kiệm 📷”, with its owner first when `owner`, and how it
    stands when it no longer counts."""
    amount = result_amount(turn.t, line.measure, line.quantity)
    text = f"{turn.t.date(line.recorded_at)} · {line.criterion}: {amount} — {line.description}"
    if line.photo:
        text += " 📷"
    if not owner:  # the owner's own list: what an officer recorded for them says so
        text += recorded_for_mark(turn.t, line.recorder)
    if line.status == "withdrawn":
        text += " " + turn.t("(withdrawn)")
    elif line.status == "set_aside":
        text += " " + turn.t("(not accepted: {reason})").format(reason=line.reason)
    if owner:
        text = f"{_owner_of(turn, line, long=True)} · {text}"
    return f"• {text}"


def _owner_of(turn: Turn, line: ResultLine, *, long: bool = False) -> str:
    """Whose a result is on the leaders' list: the person, the unit ("tập thể Phòng A" when `long`), or with
    neither the organisation itself (by name: its organisation-wide readers see it)."""
    if line.owner:
        return line.owner
    if line.unit:
        return turn.t("the unit {unit}").format(unit=line.unit) if long else line.unit
    return str(turn.data.get("org_label") or "")


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


@flow.prompt("mine")
async def show_mine(turn: Turn) -> None:
    actor = await actor_of(turn)
    year = turn.data["year"]
    shown = await kept_page(
        turn,
        "mine_page",
        PAGE_SIZE,
        lambda page: owner_results_page(turn.session, turn.data["campaign_id"], year, _key(turn), page=page),
    )
    if not shown.rows:
        turn.say(turn.t("No result recorded for {year} yet.").format(year=year))
        turn.goto("result", "criterion")
        return
    if shown.pages > 1:  # an older result is a page away, to withdraw it too
        head = turn.t("Results recorded for {year}, the latest first (page {page} of {pages}):").format(
            year=year, page=shown.number + 1, pages=shown.pages
        )
    else:
        head = turn.t("Results recorded for {year}, the latest first:").format(year=year)
    text = [head]
    choices = []
    for line in shown.rows:
        text.append(_line(turn, line))
        if line.status == "standing" and may_withdraw_result(actor, line):
            label = turn.t("Withdraw: {what}").format(what=_short(line.description))
            choices.append(Choice(f"w{line.id}", label))
    choices += page_choices(turn.t, shown.number, shown.pages)
    turn.menu("\n".join(text), [*choices, back_choice(turn.t)])


@flow.answer("mine")
async def chose_mine(turn: Turn) -> None:
    if turned_page(turn, "mine_page"):
        turn.goto("result", "mine")
        return
    result_id = picked_id(turn, "w")
    if result_id is None:
        turn.goto("result", "criterion")
        return
    turn.set(result_id=result_id)
    turn.goto("result", "withdraw")


async def _chosen_result(turn: Turn) -> Result | None:
    result = await turn.session.get(Result, turn.data.get("result_id") or 0)
    return result if result is not None and turn.person and result.org_id == turn.person.org_id else None


@flow.prompt("withdraw")
async def ask_withdraw(turn: Turn) -> None:
    result = await _chosen_result(turn)
    if result is None:
        turn.goto("result", "mine")
        return
    confirm_menu(
        turn,
        turn.t(
            "Withdraw the result {what}? It stays on record, marked withdrawn, and no longer counts."
        ).format(what=quoted(result.description)),
    )


@flow.answer("withdraw")
async def withdraw_confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("result", "mine")
        return
    try:
        await withdraw_result(
            turn.session, await actor_of(turn), turn.data.get("result_id") or 0, now=turn.now
        )
    except ResultError:
        turn.say(turn.t("That result cannot be withdrawn (it was withdrawn or set aside already)."))
        turn.goto("result", "mine")
        return
    turn.say(turn.t("Withdrawn. It stays on record, marked withdrawn."), keep=True)
    turn.goto("result", "mine")


# --- the results of the units a leader, officer or admin follows --------------------------------------------


@flow.prompt("unit")
async def show_unit(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not may_open_unit_results(actor):
        await say_officers_only(
            turn, turn.t("Only leaders, {officers} and admins see the results of a unit.")
        )
        go_home(turn)
        return
    year = turn.data["year"]
    shown = await kept_page(
        turn,
        "page",
        PAGE_SIZE,
        lambda page: unit_results_page(
            turn.session, actor.org_id, turn.data["campaign_id"], year, units=results_units(actor), page=page
        ),
    )
    lines = shown.rows
    if any(line.owner is None and line.unit is None for line in lines) and "org_label" not in turn.data:
        turn.set(org_label=(await turn.session.get_one(Organisation, actor.org_id)).name)
    if not lines:
        turn.say(turn.t("No result recorded in your units for {year} yet.").format(year=year))
        _back_from_list(turn)
        return
    text = [
        turn.t(
            "Results of {year} in the units you follow: {n}, the newest first (page {page} of {pages})."
        ).format(year=year, n=turn.t.number(shown.total), page=shown.number + 1, pages=shown.pages)
    ]
    if not turn.inbound.shows_photos and any(line.photo for line in lines):  # their 📷 instead (0444)
        text.append(photos_elsewhere(turn, results=True))
    choices = []
    for line in lines:
        text.append(_line(turn, line, owner=True))
        if line.photo and turn.inbound.shows_photos:
            turn.show_photo(line.photo, f"{_owner_of(turn, line)}: {line.description}")
        if line.status == "standing" and may_set_aside_result(actor, line):
            label = turn.t("Not accepted: {who} — {what}").format(
                who=_owner_of(turn, line), what=_short(line.description, 30)
            )
            choices.append(Choice(f"a{line.id}", label))
    choices += page_choices(turn.t, shown.number, shown.pages)
    turn.menu("\n".join(text), [*choices, back_choice(turn.t)])


@flow.answer("unit")
async def chose_unit(turn: Turn) -> None:
    if turned_page(turn, "page"):
        turn.goto("result", "unit")
        return
    result_id = picked_id(turn, "a")
    if result_id is None:
        _back_from_list(turn)
        return
    turn.set(result_id=result_id)
    turn.goto("result", "reason")


@flow.prompt("reason")
async def ask_reason(turn: Turn) -> None:
    result = await _chosen_result(turn)
    if result is None:
        turn.goto("result", "unit")
        return
    ask_typed(
        turn,
        turn.t(
            "Why is {what} not accepted? The person is told the reason. For example: the hamlet has not "
            "confirmed it yet."
        ).format(what=quoted(result.description)),
    )


@flow.answer("reason")
async def got_reason(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("result", "unit")
        return
    if (reason := reason_text(turn, limit=MAX_REASON)) is None:
        return
    try:
        await set_aside_result(
            turn.session,
            await actor_of(turn),
            turn.data.get("result_id") or 0,
            reason=reason,
            now=turn.now,
            settings=turn.settings,
        )
    except ResultError as refused:
        if refused.reason == "closed":
            turn.say(turn.t("That result was withdrawn or set aside already."))
        else:
            turn.say(turn.t("You may set aside only results of the units you lead."))
        turn.goto("result", "unit")
        return
    held = held_till(turn.now, turn.settings)  # at night the notice waits for the morning (decision 2854)
    turn.say(
        turn.t("Set aside; the person is told the reason. It stays on record, marked.")
        if held is None
        else turn.t(
            "Set aside; the person will be told the reason at {hour} on {day}, after the quiet hours. It "
            "stays on record, marked."
        ).format(**held_words(turn.t, held)),
        keep=True,
    )
    turn.goto("result", "unit")


def _whose_role(turn: Turn) -> str:
    """Why a result was refused at the last step (a role taken away meanwhile): whose role records it."""
    if acting_for(turn):
        return turn.t("You may not record for this person.")
    if turn.data.get("organisation"):
        return turn.t(
            "Only the organisation's leaders can record the organisation's results. Nothing was recorded."
        )
    if turn.data.get("collective"):
        return turn.t("Only the unit's leaders can record the unit's results. Nothing was recorded.")
    return turn.t("This result cannot be recorded now. Nothing was recorded.")
