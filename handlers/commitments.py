"""Registering commitments (đăng ký thi đua): pick criteria → type a target for each → review → confirm;
later view and amend. A unit leader registers the unit's collective commitment; an organisation-wide leader
or admin is first asked whose registration it is: the organisation's own (docs/decisions/0059), their unit's
(if they lead one), or their own.

The movement is voluntary: no target is ever filled in for the person. The organisation's suggestion, if it
set one, is shown as a suggestion; "Keep" is offered only for the person's own earlier figure (typed as people
type it: "giữ nguyên", "như cũ", "giữ 1.200.000"). A registration changed from another phone or messenger (or
by someone else) while this chat amended it is never overwritten: nothing is saved, and what stands now is
shown (docs/decisions/0123). "Explain"
shows what a criterion means in the plan's own words. Registration is open all year unless the
organisation set a window for the year; when next year's window is open already (December), the person is
asked which year first, or taken to next year when this year's is closed (docs/decisions/0077).

An officer registers for a household or someone without a phone through the same steps (handlers/behalf.py):
the chosen person's id rides in the data (`for_id`), a household is offered the household items, and every
summary names for whom it is."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Campaign, Commitment, Criterion, Organisation, Person, Unit
from bot.domain.access import may_register_own_commitment, may_register_unit_commitment, may_speak_for_org
from bot.domain.campaigns import (
    active_campaign,
    campaign_year,
    criteria_for,
    early_registration,
    may_register_for,
    next_year_opens,
    registration_closed_on,
    registration_window,
    suggested_target,
    year_closing,
)
from bot.domain.commitments import (
    CommitmentError,
    find_commitment,
    last_years_targets,
    owner_key,
    save_commitment,
)
from bot.domain.money import MoneyError, parse_vnd
from bot.domain.numbers import NumberError, parse_whole, whole_refused
from bot.domain.plan_glosses import criterion_name
from bot.i18n import Translator
from bot.messages import Choice
from bot.text import fold, match_key
from handlers.behalf import ANOTHER, acting_for, another_choice, seek_another, subject_name, subject_of
from handlers.common import (
    YES,
    YES_WORDS,
    actor_of,
    ask_number,
    back_choice,
    confirm_menu,
    go_home,
    in_commune,
    is_household,
    put_aside,
    read_labour_days,
    read_number,
    remember_typed_confirmation,
    this_year_not_open,
    whose_choices,
)
from handlers.contributions import TypedGift, gift_days, gift_with_its_word, typed_label
from handlers.money_text import LEAST_TYPED_VND, read_money
from handlers.multi_choice import done_choice, multi_menu, ticked, toggled
from handlers.wording import format_target

flow = Flow("commit")
DONE, KEEP, AMEND, EXPLAIN, LAST_YEAR = "done", "keep", "amend", "explain", "last_year"
GIVE, ANSWER = "give", "answer"  # a gift typed at a figure's question: recorded now, or the answer (0236)
ORG, UNIT, SELF = "org", "unit", "self"
_ASK_MEANING = ("?", "giai thich", "explain", "nghia la gi")
MAX_COUNT = 1_000_000
# What people type to keep their earlier figure (compared as bot.text.match_key reads them). A figure may
# follow "giữ" ("giữ 1.200.000"): the kept one keeps it, another is asked about.
KEEP_WORDS = (
    "giu", "keep", "giu nguyen", "giu nhu cu", "giu lai", "nhu cu", "van nhu cu", "khong doi", "de nguyen",
    "keep it", "same", "the same", "same as before", "no change", "unchanged",
)  # fmt: skip
_KEEP_LEADS = (("giu", "nguyen"), ("giu", "nhu", "cu"), ("giu",), ("keep",))


def _gone(turn: Turn) -> None:
    """Someone recorded as having left registers nothing more: said kindly, and home."""
    left_on = turn.person.left_on if turn.person is not None else None
    turn.say(
        turn.t(
            "You are recorded as having left the organisation on {day}, so you no longer register "
            "commitments with it. What you registered and gave stays yours; you are welcome to keep giving."
        ).format(day=turn.t.date(left_on or turn.today))
    )
    go_home(turn)


def _scope(turn: Turn) -> str:
    if turn.data.get("scope") == "collective":
        return "collective"
    if acting_for(turn):
        return "household" if turn.data.get("for_household") else "individual"
    return "household" if is_household(turn) else "individual"


async def _criteria(turn: Turn) -> dict[int, Criterion]:
    return {c.id: c for c in await criteria_for(turn.session, turn.data["campaign_id"], _scope(turn))}


@flow.prompt("start_unit")
async def start_unit(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or actor.unit is None or not may_register_unit_commitment(actor, actor.unit):
        _only_the_leader(turn)
        return
    unit = await turn.session.get_one(Unit, actor.unit.id)
    turn.set(scope="collective", unit_name=unit.name)
    await start(turn)


def _unit(turn: Turn) -> str | None:
    """The unit's name when this is a unit's registration, the organisation's when it is the organisation's
    own (the screens speak of the unit or the organisation, not of "you")."""
    return turn.data.get("unit_name") if _scope(turn) == "collective" else None


def _organisation(turn: Turn) -> bool:
    """This is the organisation's own registration (no unit, no person)."""
    return _scope(turn) == "collective" and bool(turn.data.get("organisation"))


def _pledger(turn: Turn) -> str | None:
    """Who pledges when it is not the person typing: the unit, or the household an officer registers for."""
    return _unit(turn) or (subject_name(turn) if acting_for(turn) else None)


def _only_the_leader(turn: Turn) -> None:
    if _organisation(turn):
        turn.say(turn.t("Only the organisation's leaders can register the organisation's commitment."))
    else:
        turn.say(turn.t("Only a unit leader can register the unit's commitment."))
    go_home(turn)


async def _asks_whose(turn: Turn) -> bool:
    """Whether to ask first whose registration this is: someone who may speak for the organisation, on their
    own account (not recording for a household), who has not said yet (/donvi says: the unit's)."""
    if acting_for(turn) or turn.data.get("scope") or turn.data.get("whose"):
        return False
    actor = await actor_of(turn)
    return actor is not None and may_speak_for_org(actor, actor.org_id)


@flow.prompt("whose")
async def ask_whose(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not may_speak_for_org(actor, actor.org_id):
        turn.set(whose=SELF)
        turn.goto("commit", "start")
        return
    org = await turn.session.get_one(Organisation, actor.org_id)
    unit_name = None
    if actor.unit is not None and may_register_unit_commitment(actor, actor.unit):
        unit_name = (await turn.session.get_one(Unit, actor.unit.id)).name
    choices = whose_choices(turn.t, org_name=org.name, unit_name=unit_name, commune=await in_commune(turn))
    turn.menu(turn.t("Whose registration is it?"), [*choices, back_choice(turn.t)])


@flow.answer("whose")
async def got_whose(turn: Turn) -> None:
    if turn.choice == UNIT:
        turn.set(whose=UNIT)
        turn.goto("commit", "start_unit")
        return
    if turn.choice == ORG:
        assert turn.person is not None
        org = await turn.session.get_one(Organisation, turn.person.org_id)
        turn.set(whose=ORG, scope="collective", organisation=True, unit_name=org.name)
    elif turn.choice == SELF:
        turn.set(whose=SELF)
    else:
        go_home(turn)
        return
    turn.goto("commit", "start")


@flow.prompt("start")
async def start(turn: Turn) -> None:
    subject = await subject_of(turn)
    if subject is None:
        return
    if subject is turn.person and not may_register_own_commitment(await actor_of(turn)):
        _gone(turn)
        return
    if await _asks_whose(turn):
        turn.goto("commit", "whose")
        return
    if _organisation(turn) and not may_speak_for_org(await actor_of(turn), subject.org_id):
        _only_the_leader(turn)
        return
    campaign = await active_campaign(turn.session, subject.org_id, turn.today)
    early = await early_registration(turn.session, subject.org_id, turn.today)
    year = campaign_year(campaign, turn.today) if campaign is not None else None
    window = await registration_window(turn.session, subject.org_id, year) if year is not None else None
    this_open = campaign is not None and await may_register_for(turn.session, campaign, year, turn.today)
    if early is not None and (year is None or turn.data.get("chosen_year") != year):
        if this_open and turn.data.get("chosen_year") != early.year:
            turn.goto("commit", "year")  # next year's window is open already: which year? (decision 0077)
            return
        campaign, year = early.campaign, early.year
    elif campaign is None:
        _no_campaign(turn)
        go_home(turn)
        return
    elif not this_open:
        closes = await registration_closed_on(turn.session, subject.org_id, year, turn.today)
        if closes is not None:  # closed: what stands is shown, not changed (decisions 0332, 0677)
            await _closed(turn, campaign, year, closes, subject)
            return
        assert window is not None
        turn.say(
            turn.t("Registration for {year} is open from {opens} to {closes}.").format(
                year=year, opens=turn.t.date(window.opens_on), closes=turn.t.date(window.closes_on)
            )
        )
        go_home(turn)
        return
    assert campaign is not None and year is not None
    turn.set(campaign_id=campaign.id, year=year, title=campaign.title)
    scope = _scope(turn)
    unit_id = None if _organisation(turn) else subject.unit_id
    key = owner_key(scope, subject.id, unit_id, org_id=subject.org_id)
    existing = await find_commitment(turn.session, campaign.id, year, key)
    if existing is None:
        criteria = await _criteria(turn)
        turn.set(
            selected=_pledge_named(turn, criteria),
            targets={},
            revision=0,
            last_year=await _last_year(turn, key, criteria),
        )
        turn.goto("commit", "pick")
    else:
        _read(turn, existing)
        turn.goto("commit", "view")


async def _last_year(turn: Turn, key: str, criteria: dict[int, Criterion]) -> dict[str, object] | None:
    """Last year's registration of the same owner, for a new one to start from (decision 0332): the figures
    of the items this year's plan still has, by criterion id, and the titles of those it no longer has. An
    item whose measure changed (money then, labour days now) or whose figure is beyond what may be typed now
    is carried without its figure, asked afresh with nothing to keep (decision 0338)."""
    pledged = await last_years_targets(turn.session, turn.data["year"], key)
    if not pledged:
        return None
    by_code = {c.code: c for c in criteria.values()}
    carried: dict[str, int] = {}
    afresh: list[int] = []
    for code, _, measure, target in pledged:
        if (criterion := by_code.get(code)) is None:
            continue
        if measure == criterion.measure and _typeable(turn, criterion, target):
            carried[str(criterion.id)] = target
        else:
            afresh.append(criterion.id)
    dropped = [title for code, title, _, _ in pledged if code not in by_code]
    return {"carried": carried, "afresh": afresh, "dropped": dropped}


def _typeable(turn: Turn, criterion: Criterion, value: int) -> bool:
    """Whether `value` is a figure the criterion's question takes now (bounds of this year's settings)."""
    if criterion.measure == "money":
        return LEAST_TYPED_VND <= value <= turn.settings.money_cap
    if criterion.measure == "labour_days":
        return 1 <= value <= turn.settings.max_labour_days
    if criterion.measure == "yes_no":
        return True
    return 1 <= value <= MAX_COUNT


async def _closed(
    turn: Turn, campaign: Campaign, year: int, closes: date, subject: Person, *, typed: bool = False
) -> None:
    """The year's window has closed: the registration that stands is shown as it is, with no way to change
    it, or, without one, that the window has closed (it read only “from … to …”, nothing of what stands).
    `typed`: it closed as the figures were typed, which were not saved."""
    typed_figures = {k: turn.data.get(k) for k in ("selected", "targets")}  # before a registration read
    turn.set(campaign_id=campaign.id, year=year, title=campaign.title)
    unit_id = None if _organisation(turn) else subject.unit_id
    key = owner_key(_scope(turn), subject.id, unit_id, org_id=subject.org_id)
    existing = await find_commitment(turn.session, campaign.id, year, key)
    closed = turn.t("Registration for {year} closed on {closes}.").format(
        year=year, closes=turn.t.date(closes)
    )
    if existing is None and acting_for(turn):  # the household's gifts, not the officer's own (0572)
        turn.say(
            turn.t("{closed} You can still record the gifts of {name}: /ghithay.").format(
                closed=closed, name=subject_name(turn)
            )
        )
    elif existing is None:  # what is still open to them: their gifts are recorded all year (decision 0533)
        turn.say(turn.t("{closed} You can still record what you give: /give.").format(closed=closed))
    else:
        _read(turn, existing)
        turn.say(
            turn.t("{closed} What is registered stays as it is:").format(closed=closed)
            + f"\n{await _owner_label(turn)}:\n{await _summary(turn)}"
        )
    if campaign.ends_on < turn.today:  # its period is over, the next one's plan not loaded yet (0677, 0696)
        turn.say(await this_year_not_open(turn, subject.org_id, announced=not acting_for(turn)))
    elif typed and (later := await _open_after(turn, subject.org_id, year)):
        # closed at the year's midnight as the figures were typed: the next year opened then (decision 1833);
        # under the same plan, with none of that year yet, the same figures are offered as its own (1901), a
        # unit's and a household's as a member's (1964)
        if await _carried(turn, campaign, later, key, typed_figures):
            turn.say(
                turn.t(
                    "Registration for {year} is open: choose Yes to save the figures you just typed for "
                    "that year; nothing is saved before you do."
                ).format(year=later)
            )
            turn.goto("commit", "review")
            return
        turn.say(_open_again(turn).format(year=later))
    elif year == turn.today.year and (
        opens := await next_year_opens(turn.session, subject.org_id, year, turn.today)
    ):
        # closed before the year's end (20/12): when the next year's opens, as its last weeks said (2152)
        turn.say(
            turn.t("Registration for {next} opens on {opens}.").format(
                next=year + 1, opens=turn.t.date(opens)
            )
        )
    go_home(turn)


def _open_again(turn: Turn) -> str:
    """That the next year is open, with the way to its registration for whom this one was: the person's
    own (/register), the unit's (/unit) or the household's (/onbehalf), decisions 1833, 1964."""
    if acting_for(turn):
        return turn.t(
            "Registration for {year} is open: type /onbehalf and choose the household again to register it "
            "for {year} (the figures just typed were not saved)."
        )
    if _scope(turn) == "collective" and not _organisation(turn):
        return turn.t(
            "Registration for {year} is open: type /unit to register the unit for {year} (the figures just "
            "typed were not saved)."
        )
    return turn.t(
        "Registration for {year} is open: type /register to register for {year} (the figures just typed "
        "were not saved)."
    )


async def _carried(turn: Turn, campaign: Campaign, later: int, key: str, typed: dict[str, Any]) -> bool:
    """Whether the figures typed for the year just closed are put before the last look as `later`'s: the same
    plan runs `later` (its items the same), every item typed is still one of it, and nothing is registered for
    `later` yet (a Yes would replace it unseen). Nothing is saved here: the last look's Yes saves (1901)."""
    running = await active_campaign(turn.session, campaign.org_id, turn.today)
    if running is None or running.id != campaign.id or not typed["selected"]:
        return False
    if await find_commitment(turn.session, campaign.id, later, key) is not None:
        return False
    if not set(typed["selected"]) <= set(await _criteria(turn)):
        return False
    turn.set(year=later, revision=0, selected=typed["selected"], targets=typed["targets"])
    return True


async def _open_after(turn: Turn, org_id: int, year: int) -> int | None:
    """A year after `year` whose registration is open today, as `/dangky` would now offer it: the campaign's
    year today, or next year's window opened early; None where neither is."""
    campaign = await active_campaign(turn.session, org_id, turn.today)
    if campaign is not None:
        now = campaign_year(campaign, turn.today)
        if now > year and await may_register_for(turn.session, campaign, now, turn.today):
            return now
    early = await early_registration(turn.session, org_id, turn.today)
    return early.year if early is not None and early.year > year else None


def _no_campaign(turn: Turn) -> None:
    turn.say(
        turn.t("There is no campaign open for registration yet.")
        if acting_for(turn)
        else turn.t("There is no campaign open for registration yet. The officer in charge will announce it.")
    )


ESCAPE_WORDS = "thoat ngheo"  # as a household names its pledge: “(tự nguyện) đăng ký thoát nghèo”


def _pledge_named(turn: Turn, criteria: dict[int, Criterion]) -> list[int]:
    """The pledge the words typed to open the registration name (“đăng ký thoát nghèo”, handlers/registry.py),
    ticked already for a new registration when exactly one of the subject's criteria is it; else none."""
    if ESCAPE_WORDS not in match_key(turn.inbound.text or ""):
        return []
    named = [c.id for c in criteria.values() if ESCAPE_WORDS in match_key(c.title)]
    return named if len(named) == 1 else []


def _read(turn: Turn, commitment: Commitment) -> None:
    """The registration as it stands, kept in the chat with the revision read (checked at the yes)."""
    turn.set(
        selected=[i.criterion_id for i in commitment.items],
        targets={str(i.criterion_id): i.target for i in commitment.items},
        revision=commitment.revision,
    )


@flow.prompt("year")
async def ask_year(turn: Turn) -> None:
    subject = await subject_of(turn)
    if subject is None:
        return
    early = await early_registration(turn.session, subject.org_id, turn.today)
    campaign = await active_campaign(turn.session, subject.org_id, turn.today)
    if early is None or campaign is None:  # the window closed meanwhile: the one year there is
        turn.goto("commit", "start")
        return
    this = campaign_year(campaign, turn.today)
    turn.menu(
        turn.t("Which year is this registration for?"),
        [
            Choice(
                str(early.year),
                turn.t("Register for {year} (registration open until {date})").format(
                    year=early.year, date=turn.t.date(early.window.closes_on)
                ),
                keywords=(str(early.year), "nam sau", "next year"),
            ),
            Choice(
                str(this),
                turn.t("{year} (this year)").format(year=this),
                keywords=(str(this), "nam nay", "this year"),
            ),
            back_choice(turn.t),
        ],
    )


@flow.answer("year")
async def got_year(turn: Turn) -> None:
    if turn.choice is None or not turn.choice.isdigit():
        go_home(turn)
        return
    turn.set(chosen_year=int(turn.choice))
    turn.goto("commit", "start")


async def _summary(turn: Turn) -> str:
    criteria = await _criteria(turn)
    lines = []
    for cid in turn.data["selected"]:
        criterion = criteria.get(cid)
        if criterion is not None:
            target = format_target(turn.t, criterion, turn.data["targets"][str(cid)])
            lines.append(f"• {criterion_name(turn.t.locale, criterion)}: {target}")
    return "\n".join(lines)


async def _owner_label(turn: Turn) -> str:
    if unit := _unit(turn):  # the unit's, or the organisation's own: named
        return turn.t("Commitment of {unit} for {year}").format(unit=unit, year=turn.data["year"])
    if acting_for(turn):
        return turn.t("Commitment of {name} for {year}").format(
            name=subject_name(turn), year=turn.data["year"]
        )
    if _scope(turn) == "household":
        return turn.t("Your household's commitment for {year}").format(year=turn.data["year"])
    return turn.t("Your commitment for {year}").format(year=turn.data["year"])


@flow.prompt("view")
async def view(turn: Turn) -> None:
    turn.menu(
        f"{await _owner_label(turn)} ({turn.data['title']}):\n{await _summary(turn)}",
        [
            Choice(AMEND, _amend_label(turn), keywords=("sua", "thay doi", "change")),
            back_choice(turn.t),
        ],
    )


def _amend_label(turn: Turn) -> str:
    if _organisation(turn):
        return turn.t("Change the organisation's registration")
    if _unit(turn):
        return turn.t("Change the unit's registration")
    return turn.t("Change this registration") if acting_for(turn) else turn.t("Change my registration")


@flow.answer("view")
async def viewed(turn: Turn) -> None:
    if turn.choice != AMEND:
        go_home(turn)
    elif await _may_still_change(turn):
        turn.goto("commit", "pick")
    else:  # shown in November, pressed after the window closed: what stands, unchanged (decision 0549)
        turn.goto("commit", "start")


async def _may_still_change(turn: Turn) -> bool:
    """Whether the registration on the screen may still be changed today (`campaigns.may_register_for`)."""
    campaign = await turn.session.get(Campaign, turn.data["campaign_id"])
    return campaign is not None and await may_register_for(
        turn.session, campaign, turn.data["year"], turn.today
    )


@flow.prompt("pick")
async def pick(turn: Turn) -> None:
    criteria = await _criteria(turn)
    if not criteria:
        turn.say(
            turn.t("This campaign has no criteria for {name} to register yet.").format(
                name=subject_name(turn)
            )
            if acting_for(turn)
            else turn.t("This campaign has no criteria for you to register yet.")
        )
        go_home(turn)
        return
    selected = set(turn.data["selected"])
    named = {cid: criterion_name(turn.t.locale, c) for cid, c in criteria.items()}
    choices = [Choice(str(c.id), ticked(named[cid], c.id in selected)) for cid, c in criteria.items()]
    choices += [
        done_choice(turn, DONE, "next"),
        _explain_choice(turn.t),
        back_choice(turn.t),
    ]
    unit = _pledger(turn)
    question = (
        turn.t("Choose what {unit} pledges for {year}. Then choose “Done, next step”.").format(
            unit=unit, year=turn.data["year"]
        )
        if unit
        else turn.t("Choose what you pledge for {year}. Then choose “Done, next step”.").format(
            year=turn.data["year"]
        )
    )
    question += await _year_closing_words(turn)
    if (last := _last_year_kept(turn)) is not None:  # a new registration, last year's there to start from
        before = turn.data["year"] - 1
        question += "\n" + turn.t(
            "Registered for {year}: {count} item(s). Choose “{label}” to go through them again, keeping or "
            "changing each figure."
        ).format(year=before, count=_last_year_count(last), label=_last_year_label(turn))
        choices.insert(  # under the others: where there are no buttons, their numbers stay (decision 0338)
            -1,
            Choice(
                LAST_YEAR,
                _last_year_label(turn),
                keywords=("nhu nam truoc", "nhu nam ngoai", f"nhu nam {before}", "nhu cu", "last year"),
                pinned=True,
            ),
        )
    multi_menu(turn, question, choices, entries=True)  # a gift typed here is asked about (decision 0236)


async def _year_closing_words(turn: Turn) -> str:
    """In the year's last weeks (`campaigns.year_closing`, decision 1340): until when the year runs, that
    what is registered now counts for it, and when next year's registration opens; else nothing."""
    campaign = await turn.session.get(Campaign, turn.data["campaign_id"])
    year = turn.data["year"]
    closing = await year_closing(turn.session, campaign.org_id, year, turn.today) if campaign else None
    if closing is None:
        return ""
    words = turn.t("{year} runs only until {closes}: what you register now counts for {year}.").format(
        year=year, closes=turn.t.date(closing.closes_on)
    )
    if closing.next_opens_on is not None:
        words += " " + turn.t("Registration for {next} opens on {opens}.").format(
            next=year + 1, opens=turn.t.date(closing.next_opens_on)
        )
    return "\n" + words


def _last_year_kept(turn: Turn) -> dict | None:
    """Last year's registration read at the start, while this one is new and nothing is chosen yet."""
    last = turn.data.get("last_year")
    return last if last and not turn.data.get("revision") and not turn.data["selected"] else None


def _last_year_count(last: dict) -> int:
    return len(last["carried"]) + len(last.get("afresh", ())) + len(last["dropped"])


def _last_year_label(turn: Turn) -> str:
    return turn.t("Start from the {year} registration").format(year=turn.data["year"] - 1)


def _start_from_last_year(turn: Turn, last: dict, criteria: dict[int, Criterion]) -> None:
    """Last year's items this year's plan still has, each figure asked again with it to keep (“Giữ …”);
    nothing is saved before the last look's Yes. What the plan no longer has is said, not carried."""
    carried = last["carried"]
    turn.set(last_year=None)
    if last["dropped"]:
        turn.say(
            turn.t("Not among the items for {year}, so not carried over: {items}.").format(
                year=turn.data["year"], items="; ".join(last["dropped"])
            )
        )
    afresh = set(last.get("afresh", ()))
    selected = [cid for cid in criteria if str(cid) in carried or cid in afresh]
    if not selected:
        turn.goto("commit", "pick")
        return
    turn.set(selected=selected, targets=dict(carried), position=0)
    turn.goto("commit", "target")


def _gift_or_not_an_option(turn: Turn) -> None:
    """Text that names no option of the items or the last look: a gift typed with its giving word is asked
    about as at a figure's question (decision 0236); anything else gets “please choose”."""
    if gift_with_its_word(turn.text) is not None:
        _ask_about_gift(turn)
    else:
        turn.not_an_option()


async def _pledge_typed_at_the_items(turn: Turn) -> bool:
    """An amount typed alone at the items, nothing ticked yet (“1tr”, as a busy head types his pledge): where
    the subject's criteria have one in đồng, it is ticked with that figure and the last look asked, where a
    no undoes it; it was “please choose” (decision 2873). Digits alone are options' numbers, never read so."""
    text = turn.text.strip()
    if turn.data["selected"] or not text or text.replace(".", "").replace(",", "").isdigit():
        return False
    try:
        value = parse_vnd(text, cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND)
    except MoneyError:
        return False
    money = [c for c in (await _criteria(turn)).values() if c.measure == "money"]
    if len(money) != 1:
        return False
    turn.set(selected=[money[0].id], targets={**turn.data["targets"], str(money[0].id): value}, position=1)
    turn.goto("commit", "target")  # every figure given: the last look
    return True


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    if not turn.picked:  # typed, naming no item (Turn.menu's `entries`): a figure, a gift, or “please choose”
        if await _pledge_typed_at_the_items(turn):
            return
        if match_key(turn.text).strip(" .!?") in YES_WORDS:
            # “ok”, “đồng ý”: “Xong”, what is missing said with nothing ticked (decisions 2874, 2813)
            await _items_done(turn, turn.data["selected"])
            return
        _gift_or_not_an_option(turn)
        return
    if BACK_ID in turn.picked:
        go_home(turn)
        return
    if turn.picked == [LAST_YEAR] and (last := _last_year_kept(turn)) is not None:
        _start_from_last_year(turn, last, await _criteria(turn))
        return
    if EXPLAIN in turn.picked:
        criteria = await _criteria(turn)
        turn.say("\n\n".join(_explanation(turn.t, c) for c in criteria.values()))
    selected = toggled(turn.data["selected"], [int(choice) for choice in turn.picked if choice.isdigit()])
    turn.set(selected=selected)
    if DONE not in turn.picked or EXPLAIN in turn.picked:
        turn.goto("commit", "pick")
        return
    await _items_done(turn, selected)


async def _items_done(turn: Turn, selected: list[int]) -> None:
    """“Xong” at the items: the figures of those ticked asked next, in the plan's order; none ticked: said."""
    if not selected:
        turn.say(turn.t("Please choose at least one item first."))
        turn.goto("commit", "pick")
        return
    criteria = await _criteria(turn)
    turn.set(selected=[cid for cid in criteria if cid in selected], position=0)
    turn.goto("commit", "target")


async def _current(turn: Turn) -> Criterion | None:
    criteria = await _criteria(turn)
    position = turn.data["position"]
    selected = turn.data["selected"]
    return criteria[selected[position]] if position < len(selected) else None


def _advance(turn: Turn, criterion: Criterion, value: int) -> None:
    turn.set(targets={**turn.data["targets"], str(criterion.id): value}, position=turn.data["position"] + 1)
    turn.goto("commit", "target")


@flow.prompt("target")
async def ask_target(turn: Turn) -> None:
    criterion = await _current(turn)
    if criterion is None:
        turn.goto("commit", "review")
        return
    if criterion.measure == "yes_no":
        _advance(turn, criterion, 1)
        return
    # Only the person's own earlier figure may be kept; nothing else is ever filled in for them.
    current = turn.data["targets"].get(str(criterion.id))
    example = {
        "money": turn.t("for example: 500k, 1tr2, 2.000.000"),
        "labour_days": turn.t("number of days, for example: 3"),
    }.get(criterion.measure, turn.t("a number, for example: 2"))
    unit = _pledger(turn)
    lines = [
        turn.t("{title}\nType the figure {unit} pledges ({example}).").format(
            title=criterion_name(turn.t.locale, criterion), unit=unit, example=example
        )
        if unit
        else turn.t("{title}\nType the figure you pledge ({example}).").format(
            title=criterion_name(turn.t.locale, criterion), example=example
        )
    ]
    suggestion = await suggested_target(turn.session, criterion.id, turn.data["year"])
    if suggestion:
        value = format_target(turn.t, criterion, suggestion)
        lines.append(
            turn.t(
                "Your organisation suggests {value}: only a suggestion, {name} pledges what suits them."
            ).format(value=value, name=subject_name(turn))
            if acting_for(turn)
            else turn.t(
                "Your organisation suggests {value}: only a suggestion, pledge what suits you."
            ).format(value=value)
        )
    lines.append(turn.t("Type ? to see what it means."))
    choices = (
        [
            Choice(
                KEEP,
                turn.t("Keep {value}").format(value=format_target(turn.t, criterion, current)),
                keywords=KEEP_WORDS,
            )
        ]
        if current
        else []
    )
    # A figure typed is the figure: "1" never picks "Keep" (decision 0041). Explain is typed here ("?").
    ask_number(turn, "\n".join(lines), *choices)


def _explain_choice(t: Translator) -> Choice:
    return Choice(
        EXPLAIN, t("❔ Explain"), keywords=("?", "giai thich", "explain", "nghia la gi"), pinned=True
    )


def _explanation(t: Translator, criterion: Criterion) -> str:
    """What a criterion means, in the plan's own words."""
    if criterion.description:
        return f"{criterion_name(t.locale, criterion)}: {criterion.description}"
    return t("{title}: the plan gives no more detail.").format(title=criterion_name(t.locale, criterion))


@flow.answer("target")
async def got_target(turn: Turn) -> None:
    criterion = await _current(turn)
    if criterion is None:
        turn.goto("commit", "review")
        return
    if turn.choice == BACK_ID:
        turn.goto("commit", "pick")
        return
    if not turn.picked and fold(turn.text).strip() in _ASK_MEANING:
        turn.say(_explanation(turn.t, criterion))
        turn.goto("commit", "target")
        return
    kept = turn.data["targets"].get(str(criterion.id))
    if kept and turn.choice == KEEP:
        _advance(turn, criterion, kept)
        return
    figure = _figure_after_keep(turn.text) if kept else None
    if kept and figure is not None and _keep_with(turn, criterion, kept, figure):
        return
    if not turn.picked and gift_with_its_word(turn.text) is not None:  # “ung ho 500k”: a gift, or the figure?
        _ask_about_gift(turn)
        return
    if criterion.measure == "money":
        value = read_money(turn, cap=turn.settings.money_cap)
    elif criterion.measure == "labour_days":
        value = read_labour_days(turn)
    else:
        problem = whole_refused(turn.t, MAX_COUNT)
        value = read_number(turn, maximum=MAX_COUNT, problem=problem)
    if value is None:
        turn.repeat_menu()  # the question again, with "Keep" where there is one
        return
    _advance(turn, criterion, value)


def _as_target(turn: Turn, criterion: Criterion, gift: TypedGift) -> int | None:
    """The figure of a gift typed at a criterion's question as that question's answer: an amount for a
    criterion of money, labour days for one of labour days; None when it is no answer to it."""
    if criterion.measure == "money" and gift.kind == "money":
        try:
            return parse_vnd(gift.figure, cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND)
        except MoneyError:
            return None
    if criterion.measure == "labour_days" and gift.kind == "labour":
        days = gift_days(gift)
        return days if days is not None and 1 <= days <= turn.settings.max_labour_days else None
    return None


# The questions of a registration where a gift typed (“ung ho 500k”) or the gift's keyword (“ủng hộ”) asks
# whether to record a gift while the registration waits (decision 0236): the items, a figure, the last look.
GIFT_ASKED_AT = ("pick", "target", "review")


@flow.keyword_of_another
def _gift_keyword(turn: Turn, target: tuple[str, str]) -> bool:
    """The gift's keyword typed alone (“ủng hộ”, “dong gop”) at a registration's question: asked as a gift
    typed there is, never the registration dropped unsaid (decision 0236). Other keywords start their entry
    as anywhere (“TIEN DO” where a figure is asked)."""
    if target[0] != "give" or turn.state.step not in (*GIFT_ASKED_AT, "gift"):
        return False
    if turn.state.step == "gift":  # asked already: the question again
        turn.repeat_menu()
    else:
        _ask_about_gift(turn)
    return True


def _ask_about_gift(turn: Turn) -> None:
    """A gift typed at the registration's question on screen: what is meant is asked (step "gift")."""
    turn.set(gift_typed=turn.text, gift_at=turn.state.step)
    turn.goto("commit", "gift")


@flow.prompt("gift")
async def ask_gift(turn: Turn) -> None:
    """A gift typed with its giving word (“ung ho 500k”, “đóng góp 2 ngày công”), or the gift's keyword alone,
    at a registration's question (decision 0236): a gift to record now, the registration waiting as it stands
    and coming back after it, or, where a figure is asked, that question's answer (when its figure is one)?
    Never taken as the target unasked, never the registration dropped."""
    typed, at = turn.data.get("gift_typed") or "", turn.data.get("gift_at") or "target"
    criterion = await _current(turn) if at == "target" else None
    if at == "target" and criterion is None:
        turn.goto("commit", "target")
        return
    gift = gift_with_its_word(typed)
    what = typed_label(turn, gift) if gift is not None else ""
    value = _as_target(turn, criterion, gift) if criterion is not None and gift is not None else None
    if gift is None:  # the keyword alone
        question = turn.t(
            "Record a gift now? Your registration waits as it is and comes back after the gift. Or choose "
            "Back to go on with your registration."
        )
    elif criterion is None:
        question = turn.t(
            "“{typed}” reads as a gift ({what}). Record this gift now? Your registration waits as it is and "
            "comes back after the gift. Or choose Back to go on with your registration."
        ).format(typed=typed, what=what)
    elif value is None:
        question = turn.t(
            "“{typed}” reads as a gift ({what}), not as a figure for {title}. Record this gift now? Your "
            "registration waits as it is and comes back after the gift. Or choose Back and type the figure."
        ).format(typed=typed, what=what, title=criterion_name(turn.t.locale, criterion))
    else:
        question = turn.t(
            "“{typed}” reads as a gift ({what}). Record this gift now (your registration waits as it is and "
            "comes back after the gift), or register {value} for {title}?"
        ).format(
            typed=typed,
            what=what,
            value=format_target(turn.t, criterion, value),
            title=criterion_name(turn.t.locale, criterion),
        )
    choices = [
        Choice(
            GIVE,
            turn.t("Record the gift of {what}").format(what=what) if gift else turn.t("Record a gift now"),
            keywords=("ghi dong gop", "ghi khoan dong gop", "ghi nhan dong gop", "record the gift", "gift"),
        )
    ]
    if criterion is not None and value is not None:
        choices.append(
            Choice(
                ANSWER,
                turn.t("Register {value}").format(value=format_target(turn.t, criterion, value)),
                keywords=("dang ky", "muc dang ky", "dang ky muc nay", "register", "pledge"),
            )
        )
    turn.menu(question, [*choices, back_choice(turn.t)])


@flow.answer("gift")
async def got_gift(turn: Turn) -> None:
    typed, at = turn.data.get("gift_typed") or "", turn.data.get("gift_at") or "target"
    gift = gift_with_its_word(typed)
    turn.set(gift_typed=None, gift_at=None)
    criterion = await _current(turn) if at == "target" else None
    if turn.choice not in (GIVE, ANSWER) or (at == "target" and criterion is None):  # Back: where it was
        turn.goto("commit", at)
        return
    value = _as_target(turn, criterion, gift) if criterion is not None and gift is not None else None
    if turn.choice == ANSWER and criterion is not None and value is not None:
        turn.say(
            turn.t("Registered for {title}: {value}.").format(
                title=criterion_name(turn.t.locale, criterion), value=format_target(turn.t, criterion, value)
            )
        )
        _advance(turn, criterion, value)
        return
    waiting = put_aside(turn, at)
    carried = {key: turn.data[key] for key in ("for_id", "for_name", "for_household") if key in turn.data}
    turn.say(turn.t("Your registration is not saved yet: it waits as it is, and comes back after the gift."))
    turn.inbound = replace(turn.inbound, text=typed)  # the gift read as if typed at the menu
    turn.goto("give", "typed")
    turn.set(waiting=waiting, **carried)


def _figure_after_keep(text: str) -> str | None:
    """The figure typed after "giữ" ("giữ 1.200.000", "giu nguyen 3 ngay", "keep 500k"), as typed; None when
    the text does not start with a keep word followed by something more."""
    words = text.split()
    keys = [match_key(word) for word in words]
    for lead in _KEEP_LEADS:
        if tuple(keys[: len(lead)]) == lead and len(words) > len(lead):
            return " ".join(words[len(lead) :])
    return None


def _keep_with(turn: Turn, criterion: Criterion, kept: int, figure: str) -> bool:
    """“giữ” and a figure: the kept figure when they agree; when they do not, which one is meant is asked
    (both said, the question again): nothing is guessed. False when the figure reads as none (the answer is
    then read as any other)."""
    try:
        if criterion.measure == "money":
            typed = parse_vnd(figure, cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND)
        else:
            typed = parse_whole(figure, maximum=MAX_COUNT)
    except (MoneyError, NumberError):
        return False
    if typed == kept:
        _advance(turn, criterion, kept)
        return True
    turn.say(
        turn.t(
            "You typed keep with {typed}, but the figure you had is {kept}. To keep it, choose “Keep”; "
            "to change it to {typed}, type {example} alone."
        ).format(
            typed=format_target(turn.t, criterion, typed),
            kept=format_target(turn.t, criterion, kept),
            example=figure,
        )
    )
    turn.repeat_menu()
    return True


@flow.prompt("review")
async def review(turn: Turn) -> None:
    if turn.data.get("chosen_again") and not await _fits_the_one_chosen(turn):
        return
    confirm_menu(
        turn,
        turn.t("{owner}:\n{items}\nSave this commitment?").format(
            owner=await _owner_label(turn), items=await _summary(turn)
        ),
        *another_choice(turn),
        back_choice(turn.t),
        takes_text=True,  # a gift typed here is asked about (decision 0236)
    )


async def _fits_the_one_chosen(turn: Turn) -> bool:
    """Another household or person chosen at the last look (decision 0214): their registration is read now
    (a Yes puts this one in its place, said), and items that are not theirs (a person's, for a household) are
    dropped, with the items asked again. False when the chat went elsewhere."""
    turn.set(chosen_again=False)
    subject = await subject_of(turn)
    if subject is None:
        return False
    key = owner_key(_scope(turn), subject.id, subject.unit_id, org_id=subject.org_id)
    existing = await find_commitment(turn.session, turn.data["campaign_id"], turn.data["year"], key)
    turn.set(revision=existing.revision if existing is not None else 0)
    if existing is not None:
        turn.say(
            turn.t(
                "{name} already has a registration for {year}: choosing Yes puts the one below in its place."
            ).format(name=subject_name(turn), year=turn.data["year"])
        )
    criteria = await _criteria(turn)
    # last year's to start from is theirs, not that of the one chosen first (decision 0338)
    turn.set(last_year=await _last_year(turn, key, criteria))
    selected = [cid for cid in turn.data["selected"] if cid in criteria]
    if selected == turn.data["selected"]:
        return True
    turn.set(selected=selected, targets={k: v for k, v in turn.data["targets"].items() if int(k) in criteria})
    turn.say(
        turn.t("Some of the items chosen are not for {name}: please choose the items again.").format(
            name=subject_name(turn)
        )
    )
    turn.goto("commit", "pick")
    return False


@flow.answer("review")
async def reviewed(turn: Turn) -> None:
    assert turn.person is not None
    subject = await subject_of(turn)
    if subject is None:
        return
    if turn.choice is None:  # typed, naming no choice (confirm_menu's `takes_text`)
        _gift_or_not_an_option(turn)
        return
    if turn.choice == BACK_ID:  # the last figure typed is asked again (the items, when none was typed)
        criteria = await _criteria(turn)
        typed = [at for at, cid in enumerate(turn.data["selected"]) if criteria[cid].measure != "yes_no"]
        if typed:
            turn.set(position=typed[-1])
            turn.goto("commit", "target")
        else:
            turn.goto("commit", "pick")
        return
    if turn.choice == ANOTHER:  # the wrong household on the summary: chosen again, the items kept (0214)
        seek_another(
            turn, turn.t("Not saved yet. The items and figures are kept: please choose the right one.")
        )
        return
    if turn.choice != YES:
        if _organisation(turn):
            turn.say(turn.t("Not saved. The organisation's commitment is unchanged."))
        elif _unit(turn):
            turn.say(turn.t("Not saved. The unit's commitment is unchanged."))
        elif acting_for(turn):
            turn.say(
                turn.t("Not saved. The commitment of {name} is unchanged.").format(name=subject_name(turn))
            )
        elif _scope(turn) == "household":
            turn.say(turn.t("Not saved. Your household's commitment is unchanged."))
        else:
            turn.say(turn.t("Not saved. Your commitment is unchanged."))
        go_home(turn)
        return
    targets = {cid: int(turn.data["targets"][str(cid)]) for cid in turn.data["selected"]}
    try:
        commitment = await save_commitment(
            turn.session,
            campaign_id=turn.data["campaign_id"],
            year=turn.data["year"],
            # A household registers for itself like a person; only a unit's registration is collective.
            scope="collective" if _scope(turn) == "collective" else "individual",
            actor=turn.person,
            targets=targets,
            now=turn.now,
            person=subject,
            organisation=_organisation(turn),
            read_revision=int(turn.data.get("revision") or 0),
        )
    except CommitmentError as refused:
        closes = (
            await registration_closed_on(turn.session, subject.org_id, turn.data["year"], turn.today)
            if refused.reason == "year_closed"
            else None
        )
        if refused.reason == "changed" and refused.commitment is not None:
            await _changed_meanwhile(turn, refused.commitment, refused.changed_by)
        elif refused.reason == "gone":  # recorded as gone while the figures were typed
            _gone(turn)
        elif closes is not None:
            # its window closed while the figures were typed (at midnight in Vietnam): what stands (0572)
            campaign = await turn.session.get_one(Campaign, turn.data["campaign_id"])
            await _closed(turn, campaign, turn.data["year"], closes, subject, typed=True)
        elif refused.reason == "year_closed":  # a window taken away while the figures were typed (0077)
            turn.say(
                turn.t(
                    "Registration for {year} is not open now, so nothing was saved. Type /dangky to register "
                    "for the year that is open."
                ).format(year=turn.data["year"])
            )
            go_home(turn)
        elif acting_for(turn):  # the leader's (or officer's) role was taken away during the registration
            turn.say(turn.t("You may not record for this person."))
            go_home(turn)
        else:
            _only_the_leader(turn)
        return
    if acting_for(turn):
        turn.say(
            turn.t("Saved the commitment of {name} (revision {n}).").format(
                name=subject_name(turn), n=commitment.revision
            ),
            keep=True,
        )
    elif unit := _unit(turn):
        turn.say(
            turn.t("Saved. The commitment of {unit} was updated (revision {n}).").format(
                unit=unit, n=commitment.revision
            )
            if commitment.revision > 1
            else turn.t("Saved the commitment of {unit}. Thank you — every contribution counts.").format(
                unit=unit
            ),
            keep=True,
        )
    elif commitment.revision > 1:
        updated = (
            turn.t("Saved. Your household's commitment was updated (revision {n}).")
            if _scope(turn) == "household"
            else turn.t("Saved. Your commitment for {year} was updated (revision {n}).")
        )
        turn.say(updated.format(n=commitment.revision, year=commitment.year), keep=True)
    elif _scope(turn) == "household":
        turn.say(turn.t("Saved. Thank you — we wish your household every success."), keep=True)
    else:  # in December she may hold two, one a year (decision 0077): the year saved is said
        saved = turn.t("Saved your registration for {year}. Thank you — every contribution counts.")
        turn.say(saved.format(year=commitment.year), keep=True)
    # Whose it is, for “có” typed again: a hamlet head's second “có” after a household's is told of the
    # household's registration, not “yours”.
    of = subject_name(turn) if acting_for(turn) else _unit(turn)
    household = _scope(turn) == "household"
    go_home(turn)
    remember_typed_confirmation(turn, saved="commitment", saved_of=of, saved_household=household)  # 0180


async def _changed_meanwhile(turn: Turn, commitment: Commitment, changed_by: int | None) -> None:
    """The registration changed since this chat read it (from the person's other phone or messenger, or by
    someone else): nothing was saved. Said kindly with who and when, then what stands now, with the way to
    change it again (the view's own menu)."""
    assert turn.person is not None
    when = turn.t.datetime(commitment.updated_at)
    other = (
        await turn.session.get(Person, changed_by) if changed_by and changed_by != turn.person.id else None
    )
    if other is None:
        said = turn.t(
            "Not saved: this registration was changed meanwhile from another phone or messenger of yours "
            "(at {when}). Here is what stands now; you can change it again."
        ).format(when=when)
    else:
        said = turn.t(
            "Not saved: {name} changed this registration meanwhile (at {when}). Here is what stands now; you "
            "can change it again."
        ).format(name=other.full_name, when=when)
    turn.say(said)
    _read(turn, commitment)
    turn.goto("commit", "view")
