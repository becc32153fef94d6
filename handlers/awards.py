"""Awards (/dekhenthuong): a unit's leader proposes, for the campaign year, a person of the unit (found by
part of the name, accents optional) or the unit itself for one of the award forms the campaign gives that
year (an organisation-wide leader also the organisation itself, “Cơ quan: …”, for an award conferred above
it: docs/decisions/0060), types a short summary of achievements, sees it once more and confirms; lists the
year's proposals and withdraws one. A household proposed is shown with its standing in the poverty review
over the years its achievement report covers, to those who may see it (docs/decisions/0110). The
organisation-wide leaders, officers and admins (the awards council's office) see every proposal and get the
dossier's letter with its list, and the awards council's minutes for the year, as Word drafts, handed over in
the chat as the statement's sheet is (handlers/statement.py); Zalo, which cannot carry files, is told where it
is kept.

Where whom is asked, “Ai đạt tiêu chí” lists the leader's units and their people against what the bot
measures of the plan's standard, to propose with a tap (docs/decisions/0273): a person's amounts only to a
reader who may see them (a leader who also keeps the unit's money), a unit's own to its leaders as the
digest gives them.

The domain (bot.domain.awards) asks the rules again when it writes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.award_decision import write_decision
from bot.award_dossier import write_dossier
from bot.award_minutes import write_minutes
from bot.clock import local_date
from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import AwardForm, AwardProposal, Campaign, Organisation, Person, Unit
from bot.domain.access import (
    Actor,
    may_be_proposed,
    may_change_proposal,
    may_compile_awards,
    may_get_achievement_report,
    may_open_awards,
    may_open_proposals,
    may_propose_award,
    may_propose_organisation,
    may_record_award_outcome,
    may_record_outcome_of,
    may_see_amounts_of,
    may_see_poverty_standing,
    may_see_unit_money,
    may_see_unit_totals,
    may_take_back_none,
    may_withdraw_proposal,
    proposable_by,
    proposed_units,
)
from bot.domain.achievement import OwnProposal, own_standing_proposals, review_years
from bot.domain.awards import (
    AD_HOC,
    MAX_REF,
    MAX_SUMMARY,
    Decision,
    ProposalError,
    ProposalLine,
    also_proposed,
    award_decision,
    award_dossier,
    award_minutes,
    award_named,
    change_proposal,
    conferred_within,
    dossier_sent_up,
    forms_for_year,
    head_post,
    lateness,
    proposal_lines,
    propose_award,
    read_decision,
    record_form_outcome,
    record_outcome,
    said_none,
    sent_late,
    signing_their_own,
    signs_it,
    standing_proposal,
    take_back_none,
    weighed_change,
    withdraw_proposal,
)
from bot.domain.campaigns import (
    active_campaign,
    campaign_year,
    first_year_at_work,
    just_ended_campaign,
    units_award_deadline,
)
from bot.domain.dates import DateError
from bot.domain.notices import decision_words
from bot.domain.people import FoundPerson
from bot.domain.plan_glosses import award_choice
from bot.domain.poverty import household_records
from bot.domain.qualifying import Standing, standings
from bot.domain.reminder_lines import Readings, unanswered_names
from bot.domain.year_report import unit_givers
from bot.i18n import PAPER_LOCALE
from bot.messages import Choice, Document
from bot.text import match_key
from bot.year_report_doc import household_review_line
from handlers.achievement import hand_over_report
from handlers.common import (
    YES,
    actor_of,
    actor_or_home,
    ask_typed,
    back_choice,
    commune_word,
    confirm_menu,
    example_day,
    file_slug,
    free_text,
    go_home,
    held_page,
    in_commune,
    kept_file,
    no_file_here,
    officers_or_home,
    page_choices,
    paper_text,
    picked_id,
    say_officers_only,
    this_year_not_open,
    turned_page,
    unit_list,
    with_years,
)
from handlers.menu import entry_typed
from handlers.name_search import (
    MAX_MATCHES,
    NOT_THIS_ONE,
    found_menu,
    not_this_one,
    search_by_name,
    search_if_named,
    taken_at_once,
)

flow = Flow("award")
PROPOSE, LIST, DOSSIER, MINUTES = "propose", "list", "dossier", "minutes"
OUTCOMES, AWARDED, NOT_AWARDED, SKIP = "outcomes", "awarded", "not_awarded", "skip"
DRAFT_DECISION = "draft_decision"
CHANGE_FORM, CHANGE_SUMMARY = "change_form", "change_summary"
NONE_BACK = "none_back_"  # "none_back_12": take back unit 12's “Done” (docs/decisions/0211)
PAST = "past_"  # a choice of the year just ended's work, through March: "past_list", "past_outcomes"…
PERSON, COLLECTIVE, ORGANISATION = "person", "collective", "organisation"
QUALIFY = "qualify"  # who meets the plan's measurable criteria, to propose with one tap (decision 0273)
QUALIFY_PAGE = 10  # lines a page, as the queue's and the other name lists: one Zalo message


async def _refusal(turn: Turn) -> str:
    # a hamlet's leader is its head; the office is the commune's in its own word (“văn phòng phường”: 2920)
    if (word := await commune_word(turn)) is not None:
        said = turn.t(
            "Only leaders (a hamlet's head for its hamlet) propose for awards; the {level}'s office compiles "
            "the dossiers."
        ).format(level=word)
    else:
        said = turn.t(
            "Only unit leaders propose for awards; the organisation's office compiles the dossiers."
        )
    return said + await _own_proposals(turn)


async def _own_proposals(turn: Turn) -> str:
    """For someone who types the awards' command to learn whether they were proposed: the proposals of them
    still before the council, and where their achievement report's draft is (docs/decisions/0344); the
    awards they were given; and, proposed for nothing this year, that they are not so far (decision 1992).
    Not a proposal of a year no longer at work (`first_year_at_work`) whose outcome was never recorded: in
    April 2027, 2026's award is not one she “stands proposed” for (0362). One not awarded is not said: only
    its proposer is told that (0063), and nor is she said never to have been proposed."""
    if turn.person is None:
        return ""
    mine = await own_standing_proposals(turn.session, turn.person.id)
    first = first_year_at_work(turn.today)
    at_work = [own for own in mine if own.year >= first]
    lines = []
    if waiting := [own for own in at_work if own.outcome is None]:
        awards = "; ".join(f"{_own_award(turn, own)} ({own.year})" for own in waiting)
        said = turn.t(
            "You stand proposed for {awards}: the draft of your achievement report is at /thanhtich."
        )
        lines.append(said.format(awards=awards))
    if awarded := [own for own in at_work if own.outcome == "awarded"]:
        awards = "; ".join(f"{_own_award(turn, own)} ({own.year})" for own in awarded)
        lines.append(turn.t("Congratulations: you were awarded {awards}.").format(awards=awards))
    if not any(own.year == turn.today.year for own in mine) and not lines:
        said = turn.t("So far you have not been proposed for an award for {year}.")
        lines.append(said.format(year=turn.today.year))
    return "".join("\n" + line for line in lines)


def _own_award(turn: Turn, own: OwnProposal) -> str:
    """The award one stands proposed for, as the leader who proposed her chose it: with its gloss to a reader
    of English (decision 2650)."""
    return award_choice(turn.t.locale, own.code, own.award)


# “tôi có được đề nghị khen thưởng không”, “ai được đề nghị khen thưởng”, “am I proposed for an award?”:
# the words that ask it, as `match_key` writes them (decision 2001).
_ASKED_PROPOSED = ("duoc de nghi khen thuong", "proposed for an award", "proposed for award")


def asks_who_is_proposed(text: str) -> bool:
    """Whether `text`, typed at the main menu, asks whether she (or who) is proposed for an award."""
    said = " ".join(re.findall(r"\w+", match_key(text)))
    return any(words in said for words in _ASKED_PROPOSED)


@flow.prompt("asked")
async def answer_who_is_proposed(turn: Turn) -> None:
    """A question whether one is proposed, typed at the main menu: read as the awards' command is, whose
    screen tells a member her own standing and nobody else's (decision 1992) and shows the proposals only to
    whom `may_open_awards` lets read them; one who may, asking of herself, reads her own standing first
    (decision 2001)."""
    actor = await actor_of(turn)
    mine = actor is not None and may_open_awards(actor) and not _asks_who(turn.text or "")
    if mine and (own := await _own_proposals(turn)):
        turn.say(own.strip())
    turn.goto("award", "start")


def _asks_who(text: str) -> bool:
    said = re.findall(r"\w+", match_key(text))
    return bool(said) and said[0] in {"ai", "who"}


LATE_SAID = "late_said"  # the units' day is said once a visit, not under each proposal sent (0983)


def _start_over(turn: Turn) -> None:
    said = turn.data.get(LATE_SAID)
    turn.goto("award", "start", keep_data=False)
    if said:
        turn.set(**{LATE_SAID: True})


@flow.prompt("start")
async def show_start(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_open_awards, lambda: _refusal(turn))
    if actor is None:
        return
    campaign = await active_campaign(turn.session, actor.org_id, turn.today)
    if campaign is None:
        turn.say(turn.t("Your organisation has no campaign yet, so there is no award to propose."))
        go_home(turn)
        return
    year = campaign_year(campaign, turn.today)
    if year < turn.today.year:  # its period over, no plan covering this year (decisions 0696, 0734)
        await _not_open(turn, actor)
        return
    turn.set(campaign_id=campaign.id, year=year)
    choices = []
    if may_open_proposals(actor):
        choices.append(Choice(PROPOSE, turn.t("Propose for an award"), keywords=("de nghi", "propose")))
    choices.append(
        Choice(LIST, turn.t("Proposals of {year}").format(year=year), keywords=("danh sach", "list"))
    )
    choices += await _said_none_choices(turn, actor, campaign.id, year)
    choices += _office_choices(turn, actor)
    choices += await _just_ended_choices(turn, actor, year)
    heading = turn.t("Awards of {year}: what would you like to do?").format(year=year)
    said = turn.data.get(LATE_SAID)
    if (
        not said
        and may_open_proposals(actor)
        and (passed := await _units_day_passed(turn, campaign.id, year))
    ):
        heading = f"{passed}\n{heading}"
        turn.set(**{LATE_SAID: True})
    if unanswered := await _units_unanswered(turn, actor, campaign.id, year):
        heading = f"{unanswered}\n{heading}"
    turn.menu(heading, [*choices, back_choice(turn.t)])


async def _units_unanswered(turn: Turn, actor: Actor, campaign_id: int, year: int) -> str | None:
    """To whoever oversees the units (an organisation-wide leader, the office), once the units' day has gone
    by: every unit that has neither proposed nor chosen “Done”, by name. The roll-up's line beside the
    organisation's own day only counts them and sends here (decision 1501). Once the organisation's own
    dossiers have gone up too, there is nobody left to chase for them, and the roll-up says nothing: neither
    does the screen, whose first line is then what a proposal sent now does (decision 2334)."""
    if proposed_units(actor) is not None and not may_compile_awards(actor, actor.org_id):
        return None
    deadline = await units_award_deadline(turn.session, campaign_id, year)
    if deadline is None or turn.today <= deadline:
        return None
    if await dossier_sent_up(turn.session, campaign_id, year, turn.today) is not None:
        return None
    names = await unanswered_names(Readings(turn.session, turn.today), actor.org_id, campaign_id)
    if not names:
        return None
    return turn.t("Not answered yet: {units}.").format(units=", ".join(names))


async def _not_open(turn: Turn, actor: Actor) -> None:
    """A year no plan covers (the period's last plan ended, the next not loaded): this year's campaign is not
    open, in the words of /tiendo and the digest, less whom to ask (a leader is not told what the office has
    to load). Never the ended plan's last year as this year's awards: its deadlines of a year before said to
    have passed, its forms offered to propose for a year whose council has met. Through March the office
    still has the year just ended's list, outcomes and papers, as beside a plan running on (decision 0979)."""
    said = await this_year_not_open(turn, actor.org_id, announced=False)
    choices = await _just_ended_choices(turn, actor, turn.today.year)
    if not choices:
        turn.say(said)
        go_home(turn)
        return
    turn.menu(said, [*choices, back_choice(turn.t)])


async def _units_day_passed(turn: Turn, campaign_id: int, year: int) -> str | None:
    """For a leader opening the awards after the units' deadline of the year: that it has passed, and what a
    proposal sent now does, as the last look would say it of each award offered (`lateness`, docs/decisions
    0163, 0344, 0883, 0923): added by the office; for an award from above whose dossier's day has gone by,
    perhaps too late, ask the office; for one whose list the council has decided, on no list, ask the office.
    So that one who comes late to ask whether she still may reads it before choosing. In a commune the
    units are its hamlets and boards (decision 0247). An ad hoc award is late by none of them (1014): once no
    yearly one can simply be added, the screen says it may still be proposed (1043)."""
    deadline = await units_award_deadline(turn.session, campaign_id, year)
    if deadline is None or turn.today <= deadline:
        return None
    campaign = await turn.session.get_one(Campaign, campaign_id)
    added, gone, decided, sent_up, ad_hoc = [], [], [], [], []
    for form in await forms_for_year(turn.session, campaign, year):
        if form.occasion == AD_HOC:  # by no deadline (decision 1014)
            ad_hoc.append(await award_named(turn.session, form))
            continue
        late = await lateness(turn.session, campaign.org_id, form, year, turn.today)
        if late is None:
            continue
        named = await award_named(turn.session, form)
        if late.decided:
            decided.append(named)
        elif late.sent_up is not None:
            gone.append(named)
            sent_up.append(late.sent_up)
        else:
            added.append(named)
    commune = await in_commune(turn)
    if added or not (gone or decided or ad_hoc):
        said = [
            turn.t(
                "The hamlets' deadline for proposals ({deadline}) has passed. You can still propose: the "
                "office will be told and can add it, unless the council has already decided."
            )
            if commune
            else turn.t(
                "The units' deadline for proposals ({deadline}) has passed. You can still propose: the "
                "office will be told and can add it, unless the council has already decided."
            )
        ]
    else:
        said = [
            turn.t("The hamlets' deadline for proposals ({deadline}) has passed.")
            if commune
            else turn.t("The units' deadline for proposals ({deadline}) has passed.")
        ]
    said[0] = said[0].format(deadline=turn.t.date(deadline))
    if gone:
        said.append(
            turn.t(
                "The deadline to send the dossier for {awards} to the level above ({deadline}) has passed. "
                "It may have gone already: please ask the office whether a proposal sent now can still be "
                "added."
            ).format(awards="; ".join(gone), deadline=turn.t.date(max(sent_up)))
        )
    if decided:
        said.append(
            turn.t(
                "The awards council has already decided on the {awards} list of {year}: a proposal sent now "
                "is not on it. Please ask the office whether it can still be considered."
            ).format(awards="; ".join(decided), year=year)
        )
    if ad_hoc and not added:  # every yearly list shut: the ad hoc award is not (decision 1043)
        said.append(
            turn.t(
                "Ad hoc awards ({awards}) are proposed when the deed is done, regardless of these deadlines: "
                "you can still propose them."
            ).format(awards="; ".join(ad_hoc))
        )
    return "\n".join(said)


async def _said_none_choices(turn: Turn, actor: Actor, campaign_id: int, year: int) -> list[Choice]:
    """For each unit the leader leads that answered “Done” (it proposes no one this year), a way to take
    that back, in plain words (docs/decisions/0211): a “Done” pressed by mistake is undone here."""
    if not may_open_proposals(actor):
        return []
    answered = await said_none(turn.session, actor.org_id, campaign_id, year)
    if not answered:
        return []
    units = await _units(turn, actor)
    return [
        Choice(
            f"{NONE_BACK}{unit.id}",
            turn.t("Take back “Done” of {unit} (it proposes no one)").format(unit=unit.name),
        )
        for unit in units
        if unit.id in answered and may_take_back_none(actor, unit)
    ]


def _office_choices(turn: Turn, actor: Actor, year: int | None = None) -> list[Choice]:
    """The office's work on the year's proposals: the dossier's letter, the council's minutes, the draft
    decision, the outcomes. With `year` (the year just ended's, through March), each is labelled with it and
    its id starts with PAST."""
    compiles, records = may_compile_awards(actor, actor.org_id), may_record_award_outcome(actor, actor.org_id)
    t = turn.t
    if year is None:
        labels = {
            DOSSIER: t("The dossier's letter and list (Word)"),
            MINUTES: t("The council's meeting minutes (Word)"),
            DRAFT_DECISION: t("The decision conferring an award (Word)"),
            OUTCOMES: t("Record the outcome for every proposal of one award"),
        }
        keywords = {
            DOSSIER: ("to trinh", "ho so"),
            MINUTES: ("bien ban", "minutes"),
            DRAFT_DECISION: ("quyet dinh",),
            OUTCOMES: ("ket qua", "outcome"),
        }
    else:
        labels = {
            DOSSIER: t("The dossier's letter and list of {year} (Word)").format(year=year),
            MINUTES: t("The council's meeting minutes of {year} (Word)").format(year=year),
            DRAFT_DECISION: t("The decision conferring an award of {year} (Word)").format(year=year),
            OUTCOMES: t("Record the council's decisions of {year}").format(year=year),
        }
        keywords = {}
    prefix = "" if year is None else PAST
    shown = [DOSSIER, MINUTES, DRAFT_DECISION] if compiles else []
    shown += [OUTCOMES] if records else []
    if year is not None:  # the council's decisions first: January's work on the year just ended
        shown.sort(key=lambda step: step != OUTCOMES)
    return [Choice(prefix + step, labels[step], keywords=keywords.get(step, ())) for step in shown]


async def _just_ended_choices(turn: Turn, actor: Actor, year: int) -> list[Choice]:
    """Through March, the office's work on the year just ended beside this year's (docs/decisions/0063):
    its list, its outcomes, its papers, labelled with that year. Proposing stays this year's. A leader who
    proposes has that year's list of their units too, where the council's decision on their proposals is
    awaited or read (decision 2155); the papers stay the office's."""
    office = may_compile_awards(actor, actor.org_id) or may_record_award_outcome(actor, actor.org_id)
    if not (office or may_open_proposals(actor)):
        return []
    ended = await just_ended_campaign(turn.session, actor.org_id, turn.today)
    past = turn.today.year - 1
    if ended is None or past >= year:
        return []
    if not office and not await proposal_lines(turn.session, actor.org_id, past, units=proposed_units(actor)):
        return []  # a leader who proposed nothing that year has nothing of it to read
    turn.set(past_campaign_id=ended.id, past_year=past)
    listed = Choice(PAST + LIST, turn.t("Proposals of {year}").format(year=past))
    return [listed, *_office_choices(turn, actor, past)]


@flow.answer("start")
async def chose_start(turn: Turn) -> None:
    choice = turn.choice or ""
    if (unit_id := picked_id(turn, NONE_BACK)) is not None:
        await _take_back_none(turn, unit_id)
        return
    if choice.startswith(PAST) and turn.data.get("past_year") is not None:  # the year just ended's work
        choice = choice.removeprefix(PAST)
        turn.set(campaign_id=turn.data["past_campaign_id"], year=turn.data["past_year"], past=True)
    step = {
        PROPOSE: "form",
        LIST: "list",
        DOSSIER: "dossier",
        MINUTES: "minutes",
        OUTCOMES: "outcome_form",
        DRAFT_DECISION: "draft_decision",
    }.get(choice)
    if step is None:
        go_home(turn)
    else:
        turn.goto("award", step)


async def _take_back_none(turn: Turn, unit_id: int) -> None:
    """Take back a unit's “Done”: said plainly, with what the head now reads and what the leader may do."""
    actor = await actor_of(turn)
    unit = await turn.session.get(Unit, unit_id)
    if actor is None or unit is None or unit.org_id != actor.org_id:
        _start_over(turn)
        return
    taken = await take_back_none(
        turn.session,
        actor,
        [unit.id],
        campaign_id=turn.data["campaign_id"],
        year=turn.data["year"],
        now=turn.now,
        remind_again=True,
    )
    if taken:
        turn.say(
            turn.t(
                "Done: “Done” of {unit} is taken back. Until someone is proposed, the unit is counted as not "
                "having answered yet; to propose, choose “Propose for an award”."
            ).format(unit=unit.name),
            keep=True,
        )
    else:
        turn.say(
            turn.t("{unit} is not recorded as proposing no one: nothing was changed.").format(unit=unit.name)
        )
    _start_over(turn)


async def _campaign(turn: Turn) -> Campaign | None:
    campaign = await turn.session.get(Campaign, turn.data.get("campaign_id") or 0)
    if campaign is None or turn.person is None or campaign.org_id != turn.person.org_id:
        _start_over(turn)
        return None
    return campaign


# --- proposing --------------------------------------------------------------------------------------------


def _closed(turn: Turn, year: int) -> None:
    """A proposal for a year that has ended, refused kindly: its council meets now; proposing is today's."""
    turn.say(
        turn.t(
            "{year} has ended, so it takes no more proposals: its awards council meets now. "
            "Proposals made from today are for {now}."
        ).format(year=year, now=turn.today.year)
    )
    _start_over(turn)


@flow.prompt("form")
async def ask_form(turn: Turn) -> None:
    if (campaign := await _campaign(turn)) is None:
        return
    if not may_open_proposals(await actor_of(turn)):  # a role taken away since the menu was drawn
        turn.say(await _refusal(turn))  # before the award, whom and the summary are asked
        go_home(turn)
        return
    year = turn.data["year"]
    if turn.data.get("past"):  # the year just ended's list: its proposing is over
        _closed(turn, year)
        return
    forms = await forms_for_year(turn.session, campaign, year)
    if not forms:
        turn.say(turn.t("No award of the campaign is proposed in {year}.").format(year=year))
        _start_over(turn)
        return
    turn.menu(
        turn.t("Which award do you propose for ({year})?").format(year=year),
        [
            *await _form_choices(turn, forms),
            back_choice(turn.t),
        ],
    )


@flow.answer("form")
async def got_form(turn: Turn) -> None:
    if (form := await _picked_form(turn)) is None:
        return
    # The organisation itself stands only for an award conferred above it (the head does not award it).
    organisation = await turn.session.get(Organisation, turn.person.org_id) if turn.person else None
    await _set_form(turn, form, above=not conferred_within(form, organisation))
    turn.goto("award", "whom")


def _may_offer_organisation(turn: Turn, actor: Actor | None) -> bool:
    """Whether to offer the organisation itself: an award conferred above it, to who may propose it."""
    above = bool(turn.data.get("above"))
    return above and actor is not None and may_propose_organisation(actor, actor.org_id)


async def _organisation_alone(turn: Turn, actor: Actor | None) -> bool:
    """Whether the organisation itself is offered (`_may_offer_organisation`) and its units are one, the whole
    of it (a school of one unit): “Cơ quan: …” and that unit are the same collective, offered once, as the
    organisation, as the letter lists an award conferred above it (decision 2624); a commune of one hamlet so
    too, “Tập thể: xã” (decision 2628)."""
    return _may_offer_organisation(turn, actor) and actor is not None and len(await _units(turn, actor)) == 1


async def _not_theirs(turn: Turn, doing: str) -> str:
    """A leader refused a proposal of a unit she does not lead (`doing`: "propose", "change", "withdraw"),
    as the rule says it (`may_propose_award`, `may_change_proposal`, `may_withdraw_proposal`); in a commune
    of the hamlets and boards she leads, as its screens say it (decisions 0247, 1015)."""
    if await in_commune(turn):
        return {
            "propose": turn.t("You may propose only people of the hamlets you lead."),
            "change": turn.t("You may change only proposals of the hamlets you lead."),
            "withdraw": turn.t("You may withdraw only proposals of the hamlets you lead."),
        }[doing]
    return {
        "propose": turn.t("You may propose only people of the units you lead."),
        "change": turn.t("You may change only proposals of the units you lead."),
        "withdraw": turn.t("You may withdraw only proposals of the units you lead."),
    }[doing]


@flow.prompt("whom")
async def ask_whom(turn: Turn) -> None:
    # A commune's units are hamlets, its people households too: “thôn”, not an office's “đơn vị”; the commune
    # itself in its own word, a ward's “Tập thể: phường” (`commune_word`, decision 2923).
    word = await commune_word(turn)
    commune = word is not None
    actor = await actor_of(turn)
    if await _organisation_alone(turn, actor):  # one collective: a commune of one hamlet too (2624, 2628)
        collective = (
            turn.t("A collective: the {level}").format(level=word)
            if commune
            else turn.t("A collective: the organisation")
        )
    elif _may_offer_organisation(turn, actor):
        collective = (
            turn.t("A collective: the {level} or a hamlet").format(level=word)
            if commune
            else turn.t("A collective: the organisation or a unit")
        )
    else:
        collective = (
            turn.t("The hamlet itself (a collective)")
            if commune
            else turn.t("The unit itself (a collective)")
        )
    person = (
        turn.t("A household or a person of the hamlet")
        if commune
        else turn.t("A person of the unit (staff or household)")
    )
    question = turn.t("Whom do you propose for {award}?").format(award=turn.data["form_title"])
    # An organisation's own form says what it is for, as its settings file words it (decision 0073); the
    # plan's forms have only their title.
    form = await turn.session.get(AwardForm, turn.data.get("form_id") or 0)
    turn.menu(
        f"{form.description}\n{question}" if form is not None and form.description else question,
        [
            Choice(PERSON, person, keywords=("ca nhan", "person")),
            Choice(COLLECTIVE, collective, keywords=("tap the", "unit")),
            Choice(
                QUALIFY,
                turn.t("Who meets the plan's criteria (choose from the list)"),
                keywords=("ai dat", "dat tieu chi", "who qualifies"),
            ),
            back_choice(turn.t),
        ],
        entries=True,  # a name typed at once (“tran thi mai”) is looked up below
    )


@flow.answer("whom")
async def got_whom(turn: Turn) -> None:
    if turn.choice is None:  # typed, naming no option: the person's name, as the next question asks it
        if not await _name_typed(turn) and not await entry_typed(turn, by_number=False):
            turn.not_an_option()
        return
    if turn.choice == PERSON:
        turn.goto("award", "find")
    elif turn.choice == COLLECTIVE:
        turn.goto("award", "unit")
    elif turn.choice == QUALIFY:
        turn.set(qualify_page=0)
        turn.goto("award", "qualify")
    else:
        turn.goto("award", "form")


async def _units(turn: Turn, actor: Actor) -> list[Unit]:
    """The units of the actor's organisation they propose for, by name."""
    return await unit_list(turn, actor.org_id, proposed_units(actor))


@flow.prompt("qualify")
async def show_qualifying(turn: Turn) -> None:
    """The people of the leader's units against the plan's measurable criteria of the year, those who meet
    them first, a short reason each; those already proposed for the award marked and not offered again;
    what the bot cannot measure left to the council (docs/decisions/0273). Figures only for whom the reader
    may see amounts of (`may_see_amounts_of`); a leader reads “đạt” / “vượt”."""
    actor = await actor_or_home(turn, may_open_proposals, lambda: _refusal(turn))
    if actor is None:
        return
    year = turn.data["year"]
    everyone = await standings(
        turn.session, actor, campaign_id=turn.data["campaign_id"], year=year, form_id=turn.data["form_id"]
    )
    if not everyone:
        turn.say(
            turn.t("Nobody of the hamlets you lead can be proposed by name.")
            if await in_commune(turn)
            else turn.t("Nobody of the units you lead can be proposed by name.")
        )
        turn.goto("award", "whom")
        return
    shown = held_page(turn, "qualify_page", everyone, QUALIFY_PAGE)
    meet = sum(standing.qualifies for standing in everyone)
    several_units = len({standing.unit_id for standing in everyone}) > 1
    # A unit's own figures where one or two of its people gave are their gifts (decision 0304): who gave
    # is read only where a unit is on the page
    givers = (
        await unit_givers(turn.session, actor.org_id, year, None)
        if any(standing.person_id is None for standing in shown.rows)
        else {}
    )
    t = turn.t
    # an organisation of one unit: that unit's line is the organisation itself, as “Tập thể: cơ quan” offers
    # it, proposed so or not at all, never a second collective (decisions 2624, 2629)
    itself = None
    if any(standing.person_id is None for standing in shown.rows) and await _organisation_alone(turn, actor):
        organisation = await turn.session.get_one(Organisation, actor.org_id)
        form_id = turn.data["form_id"]
        stands = await standing_proposal(turn.session, form_id, year, person_id=None, unit_id=None)
        itself = (t("the organisation {organisation}").format(organisation=organisation.name), stands)
    lines = [
        t.plural(
            "{award}, {year}: {meet} of {n} meets what the bot measures of the plan's standard (registered, "
            "confirmed gifts reaching the registration, gave to the Fund), listed first:",
            "{award}, {year}: {meet} of {n} meet what the bot measures of the plan's standard (registered, "
            "confirmed gifts reaching the registration, gave to the Fund), listed first:",
            len(everyone),
        ).format(award=turn.data["form_title"], year=year, meet=t.number(meet), n=t.number(len(everyone)))
    ]
    if shown.pages > 1:
        lines.append(t("Page {page} of {pages}.").format(page=shown.number + 1, pages=shown.pages))
    # Each person once: those to choose as the options (numbered lines on a channel without buttons), with
    # their reason; those already proposed as lines of the text, not offered again.
    choices = []
    for standing in shown.rows:
        proposed = standing.proposed
        if standing.person_id is None and itself is not None:  # the organisation itself (2629)
            name, choice_id, proposed = itself[0], ORGANISATION, proposed or itself[1] is not None
        elif standing.person_id is None:  # the unit itself, a collective
            name, choice_id = t("the unit {unit}").format(unit=standing.name), f"u{standing.unit_id}"
        else:
            name = f"{standing.name} ({standing.unit})" if several_units else standing.name
            choice_id = f"p{standing.person_id}"
        line = f"{name}: {_qualifying_reason(turn, actor, standing, givers.get(standing.unit_id, 0))}"
        if proposed:
            lines.append(f"• {line} — " + t("already proposed"))
        else:
            choices.append(Choice(choice_id, line, keywords=(standing.name,)))
    lines.append(
        t(
            "Discipline, “completing tasks excellently” and the other criteria are the awards council's to "
            "judge: the bot does not measure them."
        )
    )
    if choices:
        lines.append(t("Choose a person to propose them."))
    turn.menu(
        "\n".join(lines),
        [*choices, *page_choices(t, shown.number, shown.pages), back_choice(t)],
    )


def _qualifying_reason(turn: Turn, actor: Actor, standing: Standing, givers: int = 0) -> str:
    """One person's or unit's standing in a few words: with figures for a reader who may see them (a
    person's: the person, a treasurer, officer or admin covering them; a unit's: also its leaders, unless
    one or two of its people gave what it has, `givers`: their gift, decisions 0304, 0548), else only
    whether the target was reached."""
    t = turn.t
    if not standing.registered:
        said = [t("not registered this year")]
    elif not standing.counted:
        said = [t("registered, with no target gifts fulfil")]
    elif (
        may_see_amounts_of(actor, standing)
        if standing.person_id is not None
        # a unit's own figures: its leader reads them too, but not one or two people's gifts
        else may_see_unit_totals(actor, standing) and may_see_unit_money(actor, standing, givers)
    ):
        said = []
        if standing.money_target:
            said.append(
                t("registered {target}, confirmed {confirmed}").format(
                    target=t.vnd(standing.money_target), confirmed=t.vnd(standing.money_confirmed)
                )
            )
        if standing.days_target:
            said.append(
                t.plural(
                    "registered {target} labour day, confirmed {confirmed}",
                    "registered {target} labour days, confirmed {confirmed}",
                    standing.days_target,
                ).format(target=t.number(standing.days_target), confirmed=t.number(standing.days_confirmed))
            )
    elif standing.exceeded and standing.target_reached:
        said = [t("registration's target exceeded")]
    elif standing.target_reached:
        said = [t("registration's target reached")]
    else:
        said = [t("registration's target not reached yet")]
    if standing.fund_told:
        gave = standing.gave_to_fund
        said.append(t("gave to the Fund") if gave else t("nothing confirmed to the Fund yet"))
    elif standing.qualifies:  # listed among those who meet the standard: having given is said by that (0279)
        said.append(t("gave to the Fund"))
    return ", ".join(said)


@flow.answer("qualify")
async def picked_qualifying(turn: Turn) -> None:
    if turned_page(turn, "qualify_page"):
        turn.goto("award", "qualify")
        return
    if turn.choice == ORGANISATION:  # an organisation of one unit, itself (decision 2629)
        await _nominee_chosen(turn, None, None)
        return
    if (unit_id := picked_id(turn, "u")) is not None:  # the unit itself
        unit = await turn.session.get(Unit, unit_id)
        if unit is None or turn.person is None or unit.org_id != turn.person.org_id:
            turn.goto("award", "qualify")
            return
        await _nominee_chosen(turn, unit, None)
        return
    person_id = picked_id(turn, "p")
    if person_id is None:
        turn.goto("award", "whom")
        return
    actor = await actor_of(turn)
    person = await turn.session.get(Person, person_id)
    unit = await turn.session.get(Unit, person.unit_id) if person and person.unit_id else None
    if actor is None or person is None or unit is None or not may_be_proposed(person, turn.data["year"]):
        turn.goto("award", "qualify")
        return
    await _nominee_chosen(turn, unit, person)


@flow.prompt("unit")
async def ask_unit(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_open_proposals, lambda: _refusal(turn))
    if actor is None:
        return
    units = await _units(turn, actor)
    offered = _may_offer_organisation(turn, actor)
    if offered and len(units) == 1:  # one collective (`_organisation_alone`, its units read once here)
        await _nominee_chosen(turn, None, None)
        return
    choices = [Choice(f"u{unit.id}", unit.name) for unit in units]
    if offered:  # the organisation first, as the letter lists it
        organisation = await turn.session.get_one(Organisation, actor.org_id)
        label = turn.t("Organisation: {organisation}").format(organisation=organisation.name)
        choices.insert(0, Choice(ORGANISATION, label, keywords=("co quan", "organisation")))
    elif len(units) == 1:  # a unit's leader: their unit, nothing to choose
        await _nominee_chosen(turn, units[0], None)
        return
    question = turn.t("Which collective do you propose?") if len(choices) > len(units) else None
    turn.menu(question or turn.t("Which unit do you propose?"), [*choices, back_choice(turn.t)])


@flow.answer("unit")
async def got_unit(turn: Turn) -> None:
    if turn.choice == ORGANISATION:
        await _nominee_chosen(turn, None, None)
        return
    unit = await turn.session.get(Unit, picked_id(turn, "u") or 0)
    if unit is None or turn.person is None or unit.org_id != turn.person.org_id:
        turn.goto("award", "whom")
        return
    await _nominee_chosen(turn, unit, None)


async def _name_typed(turn: Turn) -> bool:
    """A name typed where whom is asked, before “A person of the unit”: the people of that name the leader
    may propose, to choose from (True), as if typed at that question, the one match named whole taken at
    once there too (decision 0257). False when it names none of them."""
    actor = await actor_of(turn)
    if actor is None or not may_open_proposals(actor):
        return False
    found: list[FoundPerson] = []
    among = proposable_by(actor, year=turn.data["year"])
    matched = await search_if_named(turn, among, turn.text, then="award", listed=found)
    if not 0 < matched <= MAX_MATCHES:
        return False
    await _one_named_whole(turn, found)
    return True


@flow.prompt("find")
async def ask_name(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t(
            "Whom do you propose? Type part of the name of the person or household "
            "(with or without accents), for example: tran thi mai."
        ),
    )


@flow.answer("find")
async def got_name(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("award", "whom")
        return
    actor = await actor_or_home(turn, may_open_proposals, lambda: _refusal(turn))
    if actor is None:
        return
    nobody = (
        turn.t("Nobody of the hamlets you lead has “{typed}” in their name. Please try another part of it.")
        if await in_commune(turn)
        else turn.t(
            "Nobody of the units you lead has “{typed}” in their name. Please try another part of it."
        )
    )
    themself = turn.t("A leader does not propose themself: the level above proposes its leaders.")
    year = turn.data["year"]
    found = await search_by_name(
        turn,
        proposable_by(actor, year=year),
        nobody=nobody,
        set_apart=(Person.id == actor.person_id, themself),
        left=(
            proposable_by(actor, year=year, left=True),
            turn.t("A colleague who left on or before {day} is not proposed for an award of {year}.").format(
                day=turn.t.date(date(year, 1, 1)), year=year
            ),
        ),
        then="award",
    )
    await _one_named_whole(turn, found)


async def _one_named_whole(turn: Turn, found: list[FoundPerson]) -> None:
    """The one match named whole (“tran thi mai”), at the name's question or where whom is asked: taken at
    once and said; the achievements' question names them, the last look asks before anything is saved, and
    “không phải” or Back there asks the name again (decision 0257)."""
    if (person := await taken_at_once(turn, found, turn.text)) is not None:
        unit = await turn.session.get(Unit, person.unit_id) if person.unit_id else None
        if unit is None:
            turn.goto("award", "find")
            return
        await _nominee_chosen(turn, unit, person)
        turn.set(taken_at_once=True)


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    found_menu(turn, turn.t("Whom do you propose?"))


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    person = await turn.session.get(Person, picked_id(turn, "p") or 0)
    unit = await turn.session.get(Unit, person.unit_id) if person and person.unit_id else None
    if person is None or unit is None:
        turn.goto("award", "find")
        return
    await _nominee_chosen(turn, unit, person)


async def _nominee_chosen(turn: Turn, unit: Unit | None, person: Person | None) -> None:
    """The person, the unit itself or (`unit` None) the organisation itself is chosen: on to the summary,
    unless the writer may not propose them or they already stand for this award this year (who proposed
    them is named)."""
    actor = await actor_of(turn)
    if unit is None:
        if actor is None or not _may_offer_organisation(turn, actor):
            turn.say(_not_the_organisation(turn))
            _start_over(turn)
            return
        name = (await turn.session.get_one(Organisation, actor.org_id)).name
        nominee = turn.t("the organisation {organisation}").format(organisation=name)
    elif not may_propose_award(actor, unit):
        turn.say(await _not_theirs(turn, "propose"))
        _start_over(turn)
        return
    else:
        name = unit.name
        nominee = person.full_name if person else turn.t("the unit {unit}").format(unit=unit.name)
    year, form_id = turn.data["year"], turn.data["form_id"]
    if person is not None and await _the_head_for_his_own(turn, person):
        return
    person_id, unit_id = (person.id if person else None), (unit.id if unit else None)
    standing = await standing_proposal(turn.session, form_id, year, person_id=person_id, unit_id=unit_id)
    if standing is not None:
        _already_proposed(turn, nominee, standing[1])
        return
    turn.set(person_id=person_id, unit_id=unit_id, unit_name=name, nominee=nominee)
    turn.goto("award", "summary")


async def _the_head_for_his_own(turn: Turn, person: Person) -> bool:
    """The organisation's head chosen for the award he signs himself (`signs_it`): told kindly that nobody
    can sign it, with an award of the year conferred above to propose him for instead (docs/decisions/0398);
    the proposing starts over. False when `person` is not."""
    form = await turn.session.get(AwardForm, turn.data.get("form_id") or 0)
    campaign = await turn.session.get(Campaign, form.campaign_id) if form is not None else None
    if form is None or campaign is None:
        return False
    organisation = await turn.session.get_one(Organisation, campaign.org_id)
    if not signs_it(person, form, organisation):
        return False
    forms = await forms_for_year(turn.session, campaign, turn.data["year"])
    above = [await award_named(turn.session, f) for f in forms if not conferred_within(f, organisation)]
    said = {
        "nominee": person.full_name,
        "title": head_post(person.position, organisation),  # “Hiệu trưởng”, “Quyền Hiệu trưởng” (0447)
        "award": turn.data["form_title"],
    }
    if above:
        turn.say(
            turn.t(
                "{nominee} is the {title}, who signs {award}: nobody can sign a proposal of the one who "
                "signs it. Please propose them for an award from the level above, for example {above}. "
                "Nothing was saved."
            ).format(**said, above=above[0])
        )
    else:
        turn.say(
            turn.t(
                "{nominee} is the {title}, who signs {award}: nobody can sign a proposal of the one who "
                "signs it. Nothing was saved."
            ).format(**said)
        )
    _start_over(turn)
    return True


def _not_the_organisation(turn: Turn) -> str:
    return turn.t(
        "Only the organisation's own leaders propose the organisation itself, and only for an award "
        "conferred above it (not for the head's own)."
    )


def _already_proposed(turn: Turn, nominee: str, by: str | None) -> None:
    """A nominee proposed again for the same award, mostly to change what the first proposal says: told
    how (withdraw it, then propose again), with the year's list and its “Withdraw” on the screen."""
    turn.say(
        turn.t(
            "{nominee} is already proposed for {award} in {year} (proposed by {by}). Nothing was added."
        ).format(nominee=nominee, award=turn.data["form_title"], year=turn.data["year"], by=by)
        + "\n"
        + turn.t("To change its award or its achievements: choose “Change” in the list below.")
    )
    turn.goto("award", "list")


@flow.prompt("summary")
async def ask_summary(turn: Turn) -> None:
    asked = (
        turn.t(
            "The achievements of {nominee} in the movement, briefly (at most {limit} characters). For "
            "example: gave 2 labour days a month to help poor households; got the hamlet's households to "
            "give to the Fund for the Poor."
        )
        if await in_commune(turn)  # a commune's example, not an office's gift drive (decision 0247)
        else turn.t(
            "The achievements of {nominee} in the movement, briefly (at most {limit} characters). "
            "For example: gave 2 labour days a month to help poor households; ran the unit's Tết gift drive."
        )
    )
    # the one found by name, taken at once: “không phải” (another person) asks the name again (0257)
    wrong = [not_this_one(turn)] if turn.data.get("taken_at_once") else []
    ask_typed(turn, asked.format(nominee=turn.data["nominee"], limit=MAX_SUMMARY), *wrong)


@flow.answer("summary")
async def got_summary(turn: Turn) -> None:
    if turn.data.get("taken_at_once") and turn.choice in (BACK_ID, NOT_THIS_ONE):
        turn.set(taken_at_once=None, person_id=None, unit_id=None, unit_name=None, nominee=None)
        turn.goto("award", "find")
        return
    if turn.choice == BACK_ID:
        turn.goto("award", "whom")
        return
    if (summary := free_text(turn, limit=MAX_SUMMARY)) is not None and (
        summary := paper_text(turn, summary, turn.t("the letter and the list of the award's decision"))
    ) is not None:
        turn.set(summary=summary)
        turn.goto("award", "confirm")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    nominee = _with_unit(turn.data["nominee"], turn.data["unit_name"], turn.data.get("person_id"))
    person = await turn.session.get(Person, turn.data.get("person_id") or 0)
    if person is not None and person.kind == "household":  # the council's first question, on its own line
        key = (person.id, turn.data["form_id"])
        asked = [(person.id, person.unit_id, turn.data["form_id"])]
        if review := (await _reviews(turn, await actor_of(turn), turn.data["year"], asked)).get(key):
            nominee += f"\n• {review}"
    if person is not None and person.left_on is not None:  # gone during the year: the council is told (0482)
        left = turn.t("Left on {day}: the council decides whether this proposal stands.")
        nominee += "\n• " + left.format(day=turn.t.date(person.left_on))
    if person is not None:
        nominee += "".join(f"\n• {line}" for line in await _other_awards(turn, person.id))
    summary = turn.data["summary"]
    if late := await _late_line(turn):
        summary += f"\n• {late}"
    confirm_menu(
        turn,
        turn.t(
            "Please check the proposal:\n• Award: {award} ({year})\n• Proposed: {nominee}\n"
            "• Achievements: {summary}\nSend this proposal?"
        ).format(
            award=turn.data["form_title"],
            year=turn.data["year"],
            nominee=nominee,
            summary=summary,
        ),
    )


async def _late_line(turn: Turn, *, changed: bool = False) -> str | None:
    """What the leader is told, at the last look and once sent, of a proposal made after the units'
    deadline: the office hears of it to add it to its dossier; once the council has decided the award's list
    of the year, the proposal is on no list and only the office can bring it to the council again
    (docs/decisions/0115, 0163); after the organisation's own day to send an award from above up, the dossier
    may have gone (0344). A proposal the council's list left off, moved to an ad hoc award, is on no list
    and needs none: nothing to say (decision 1042)."""
    form = await turn.session.get_one(AwardForm, turn.data["form_id"])
    if changed and (was := turn.data.get("was_form_id")):  # moved to an ad hoc award: the list it left
        form = weighed_change(await turn.session.get_one(AwardForm, was), form)
    campaign = await turn.session.get_one(Campaign, form.campaign_id)
    late = await lateness(turn.session, campaign.org_id, form, turn.data["year"], local_date(turn.now))
    if late is None:
        return None
    if late.decided:
        if form.id != turn.data["form_id"]:  # moved off it to an ad hoc award: no list to be on (1042)
            return None
        return turn.t(
            "The awards council has already decided on the {award} list of {year}: this proposal is not on "
            "it. Please ask the office whether it can still be considered."
        ).format(award=turn.data["form_title"], year=turn.data["year"])
    if late.sent_up is not None:
        return turn.t(
            "Sent after the organisation's deadline to send the dossier up ({deadline}): the office is told, "
            "but the dossier may have gone already; please ask the office whether it can still be added."
        ).format(deadline=turn.t.date(late.sent_up))
    commune = await in_commune(turn)  # its units are hamlets and boards (decision 0247)
    if changed:
        said = (
            turn.t(
                "Changed after the hamlets' deadline ({deadline}): the office is told once, to correct the "
                "dossier."
            )
            if commune
            else turn.t(
                "Changed after the units' deadline ({deadline}): the office is told once, to correct the "
                "dossier."
            )
        )
    else:
        said = (
            turn.t(
                "Sent after the hamlets' deadline ({deadline}): the office is told, to add it to the dossier."
            )
            if commune
            else turn.t(
                "Sent after the units' deadline ({deadline}): the office is told, to add it to the dossier."
            )
        )
    return said.format(deadline=turn.t.date(late.deadline))


async def _other_awards(turn: Turn, person_id: int) -> list[str]:
    """The other awards the person already stands proposed for in the chat's year, one line each for those
    still waiting, those awarded and those the council decided not to award (its recorded outcome): one
    achievement earns one award, so the leader sees them before sending a second proposal (the office's
    list shows both), and an award already decided is not said to be "also proposed"."""
    year, title = turn.data["year"], turn.data.get("form_named", turn.data["form_title"])
    mine = await own_standing_proposals(turn.session, person_id)
    others = [own for own in mine if own.year == year and own.award != title]
    said = (
        (None, turn.t("Also proposed in {year}: {awards}")),
        ("awarded", turn.t("Already awarded in {year}: {awards}")),
        ("not_awarded", turn.t("Considered in {year}, not awarded: {awards}")),
    )
    return [
        text.format(year=year, awards="; ".join(awards))
        for outcome, text in said
        if (awards := [_own_award(turn, own) for own in others if own.outcome == outcome])
    ]


async def _reviews(
    turn: Turn, actor: Actor | None, year: int, asked: list[tuple[int, int | None, int]]
) -> dict[tuple[int, int], str]:
    """(household, form) → one line of its standing in the poverty review over the years its achievement
    report for that form covers (bot.domain.achievement.review_years), for the households of `asked`
    (household, its unit, form) whose standing `actor` may see (docs/decisions/0110); none for a household
    the review never recorded then. One read of the standings for them all."""
    if actor is None:
        return {}
    seen = [
        (household, form)
        for household, unit, form in asked
        if may_see_poverty_standing(actor, Person(org_id=actor.org_id, unit_id=unit))
    ]
    years: dict[int, list[int]] = {}
    for form_id in {form for _household, form in seen}:
        form = await turn.session.get_one(AwardForm, form_id)
        years[form_id] = review_years(form, await turn.session.get_one(Campaign, form.campaign_id), year)
    every = {y for form_years in years.values() for y in form_years}
    records = await household_records(turn.session, actor.org_id, [h for h, _f in seen], every)
    return {
        (household, form): household_review_line(turn.t, records[household], years[form])
        for household, form in seen
        if household in records and records[household].shown(years[form])
    }


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was saved."))
        _start_over(turn)
        return
    unit_id = turn.data.get("unit_id")
    campaign = await _campaign(turn)
    if campaign is None:
        return
    answered = await said_none(turn.session, campaign.org_id, campaign.id, turn.data["year"])
    try:
        await propose_award(
            turn.session,
            await actor_of(turn),
            form_id=turn.data["form_id"],
            year=turn.data["year"],
            unit_id=turn.data["unit_id"],
            person_id=turn.data.get("person_id"),
            summary=turn.data["summary"],
            now=turn.now,
            settings=turn.settings,
        )
    except ProposalError as refused:
        if refused.reason == "duplicate":
            _already_proposed(turn, turn.data["nominee"], refused.by)
        elif refused.reason == "closed":  # begun in December, confirmed in January
            _closed(turn, turn.data["year"])
        elif refused.reason == "head":  # the staff list changed since the nominee was chosen
            person = await turn.session.get_one(Person, turn.data["person_id"])
            await _the_head_for_his_own(turn, person)
        elif turn.data.get("unit_id") is None:  # the organisation itself: a role taken away meanwhile
            turn.say(_not_the_organisation(turn))
        else:
            turn.say(await _not_theirs(turn, "propose"))
            _start_over(turn)
        return
    if (word := await commune_word(turn)) is not None:  # “Văn phòng phường” in a ward (2920)
        done = turn.t("Proposed {nominee} for {award} ({year}). The {level}'s office compiles the dossier.")
    else:
        done = turn.t(
            "Proposed {nominee} for {award} ({year}). The organisation's office compiles the dossier."
        )
    done = done.format(
        nominee=turn.data["nominee"], award=turn.data["form_title"], year=turn.data["year"], level=word
    )
    if late := await _late_line(turn):
        done += f"\n{late}"
    # its “Done” is taken back with it (docs/decisions/0211), unless for an ad hoc award (decision 1151)
    if unit_id in answered and unit_id not in await said_none(
        turn.session, campaign.org_id, campaign.id, turn.data["year"]
    ):
        done += "\n" + turn.t("{unit} is no longer counted as proposing no one.").format(
            unit=turn.data["unit_name"]
        )
    turn.say(done, keep=True)
    _start_over(turn)


# --- the year's proposals, withdrawing one ------------------------------------------------------------------


def _nominee(turn: Turn, line: ProposalLine) -> str:
    if line.organisation:
        return turn.t("the organisation {organisation}").format(organisation=line.unit)
    return line.name or turn.t("the unit {unit}").format(unit=line.unit)


async def _form_choices(turn: Turn, forms: list[AwardForm]) -> list[Choice]:
    """The awards offered to choose from, each glossed to a reader of English (decision 2446)."""
    return [
        Choice(f"f{form.id}", award_choice(turn.t.locale, form.code, await award_named(turn.session, form)))
        for form in forms
    ]


async def _set_form(turn: Turn, form: AwardForm, **more: Any) -> None:
    """`form` chosen: kept with its name as it was chosen, glossed (`form_title`, decision 2446), and as the
    papers name it (`form_named`), with `more` of the step."""
    named = await award_named(turn.session, form)
    turn.set(
        form_id=form.id, form_title=award_choice(turn.t.locale, form.code, named), form_named=named, **more
    )


def _award_said(turn: Turn, line: ProposalLine) -> str:
    """The award a proposal is for, as it was offered: its gloss after it to a reader of English (decisions
    2446, 2528), on its line and on its buttons alike (2650): an English reader choosing “Withdraw” must know
    which of two awards she takes back."""
    return award_choice(turn.t.locale, line.form_code, line.form_title)


def _with_unit(nominee: str, unit: str, person_id: int | None) -> str:
    """A person with their unit, "Trần Thị Mai (Phòng Đào tạo)"; the unit itself is named once."""
    return f"{nominee} ({unit})" if person_id is not None else nominee


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_open_awards, lambda: _refusal(turn))
    if actor is None:
        return
    year = turn.data["year"]
    units = None if may_compile_awards(actor, actor.org_id) else proposed_units(actor)
    lines = await proposal_lines(turn.session, actor.org_id, year, units=units)
    text = [turn.t("Proposals of {year}:").format(year=year)] if lines else []
    if not lines:
        text.append(turn.t("No proposal for {year} yet.").format(year=year))
    choices = []
    records = may_record_award_outcome(actor, actor.org_id)
    households = [
        (line.person_id, line.person_unit_id, line.form_id)
        for line in lines
        if line.kind == "household" and line.person_id is not None and not line.withdrawn
    ]
    reviews = await _reviews(turn, actor, year, households) if households else {}
    also = also_proposed(lines)
    codes = {line.form_title: line.form_code for line in lines}  # to gloss the awards named beside (2657)
    heads = await signing_their_own(turn.session, actor.org_id, lines)
    late = await sent_late(turn.session, lines, year)
    commune = bool(late) and await in_commune(turn)  # its units are hamlets and boards (decision 0247)
    for line in lines:
        withdrawn = " " + turn.t("(withdrawn)") if line.withdrawn else ""
        text.append(
            turn.t("• {nominee} — {award}; proposed by {by}{withdrawn}").format(
                nominee=_with_unit(_nominee(turn, line), line.works_in, line.person_id),
                award=_award_said(turn, line),
                by=line.proposed_by,
                withdrawn=withdrawn,
            )
            + (f"; {outcome}" if (outcome := _outcome(turn, line)) else "")
        )
        if (deadline := late.get(line.id)) and line.proposed_on is not None:  # beside it, on 14/12 (0883)
            said = (
                turn.t("Sent after the hamlets' deadline ({deadline}), on {day}.")
                if commune
                else turn.t("Sent after the units' deadline ({deadline}), on {day}.")
            )
            text.append(
                "   " + said.format(deadline=turn.t.date(deadline), day=turn.t.date(line.proposed_on))
            )
        if review := reviews.get((line.person_id or 0, line.form_id)):
            text.append(f"   {review}")
        if others := also.get(line.id):  # one achievement, one award: said beside each (0296)
            also_said = turn.t("Also proposed in {year}: {awards}")
            others = [award_choice(turn.t.locale, codes[award], award) for award in others]
            text.append("   " + also_said.format(year=year, awards="; ".join(others)))
        if line.moved and not line.withdrawn:  # who proposed them, and where they work now (0296)
            text.append(
                "   "
                + turn.t("Moved to {unit} after {proposing} proposed them.").format(
                    unit=line.works_in, proposing=line.unit
                )
            )
        if line.id in heads:  # made the head since being proposed: nobody can sign it (0409)
            text.append(
                "   "
                + turn.t(
                    "Now the {title}, who signs {award}: nobody can sign this proposal. Whoever proposed "
                    "them, please withdraw it and propose them for an award from the level above."
                ).format(title=heads[line.id], award=_award_said(turn, line))
            )
        if line.left_on is not None and not line.withdrawn:  # kept, but not voted on unknowingly (0265)
            text.append(
                "   "
                + turn.t("Left on {day}: the council decides whether this proposal stands.").format(
                    day=turn.t.date(line.left_on)
                )
            )
        if records and not line.withdrawn and may_record_outcome_of(actor, _placed(actor, line)):
            label = turn.t("Record the council's decision: {nominee} — {award}").format(
                nominee=_nominee(turn, line), award=_award_said(turn, line)
            )
            choices.append(Choice(f"o{line.id}", label))
        if (  # a decided proposal is the office's to correct, not the unit's to take back
            not line.withdrawn
            and line.outcome is None
            and may_withdraw_proposal(actor, placed := _placed(actor, line))
        ):
            if may_change_proposal(actor, placed) and not turn.data.get("past"):  # its year is over
                label = turn.t("Change: {nominee} — {award}").format(
                    nominee=_nominee(turn, line), award=_award_said(turn, line)
                )
                choices.append(Choice(f"e{line.id}", label))
            label = turn.t("Withdraw: {nominee} — {award}").format(
                nominee=_nominee(turn, line), award=_award_said(turn, line)
            )
            choices.append(Choice(f"w{line.id}", label))
        if not line.withdrawn and _may_get_report(actor, line):
            label = turn.t("Achievement report (Word): {nominee} — {award}").format(
                nominee=_nominee(turn, line), award=_award_said(turn, line)
            )
            choices.append(Choice(f"r{line.id}", label))
    if not lines and may_open_proposals(actor) and not turn.data.get("past"):  # leads to the work
        choices.append(Choice(PROPOSE, turn.t("Propose for an award"), keywords=("de nghi", "propose")))
    turn.menu("\n".join(text), [*choices, back_choice(turn.t)])


def _outcome(turn: Turn, line: ProposalLine) -> str:
    """What was decided on a proposal, as the list shows it ("" when nothing is recorded)."""
    if line.outcome == "not_awarded":
        return turn.t("not awarded")
    if line.outcome != "awarded":
        return ""
    decision = decision_words(turn.t, line.decision_ref, line.decision_on)
    return turn.t("awarded") + (f" ({decision})" if decision else "")


def _placed(actor: Actor, line: ProposalLine) -> AwardProposal:
    """A line of the list as the access rules read a proposal: its organisation, unit and person."""
    return AwardProposal(org_id=actor.org_id, unit_id=line.unit_id, person_id=line.person_id)


def _may_get_report(actor: Actor, line: ProposalLine) -> bool:
    """`may_get_achievement_report`, asked of a standing line of the list (a unit's leader: the unit's own
    draft; the office's officers and admins: a person's too, since they may see amounts)."""
    proposal = AwardProposal(org_id=actor.org_id, unit_id=line.unit_id, person_id=line.person_id)
    nominee = (
        Person(id=line.person_id, org_id=actor.org_id, unit_id=line.person_unit_id)
        if line.person_id is not None
        else None
    )
    return may_get_achievement_report(actor, proposal, nominee)


@flow.answer("list")
async def chose_on_list(turn: Turn) -> None:
    if turn.choice == PROPOSE:
        turn.goto("award", "form")
        return
    if (outcome_of := picked_id(turn, "o")) is not None:
        turn.set(outcome_of=outcome_of, outcome_form=None)
        turn.goto("award", "outcome")
        return
    if (report_of := picked_id(turn, "r")) is not None:  # the rule is asked again when it is written
        await hand_over_report(turn, report_of)
        turn.goto("award", "list")  # back to the list the writer is working in
        return
    if (change_of := picked_id(turn, "e")) is not None:
        turn.set(change_of=change_of, new_form_id=None, new_summary=None)
        turn.goto("award", "change")
        return
    proposal_id = picked_id(turn, "w")
    if proposal_id is None:
        _start_over(turn)
        return
    turn.set(proposal_id=proposal_id)
    turn.goto("award", "withdraw")


# --- changing a proposal in place (docs/decisions/0210) ----------------------------------------------------


async def _changed_line(turn: Turn) -> ProposalLine | None:
    """The proposal being changed, as the list shows it; None (back to the list, said) when it is no longer
    the leader's to change: withdrawn, decided, or a role taken away meanwhile."""
    actor = await actor_of(turn)
    proposal = await turn.session.get(AwardProposal, turn.data.get("change_of") or 0)
    if actor is None or proposal is None or proposal.org_id != actor.org_id:
        _start_over(turn)
        return None
    if proposal.withdrawn_at is not None or proposal.outcome is not None:
        turn.say(turn.t("That proposal is withdrawn or already decided, so it can no longer be changed."))
        turn.goto("award", "list")
        return None
    if not may_change_proposal(actor, proposal):
        turn.say(await _not_theirs(turn, "change"))
        turn.goto("award", "list")
        return None
    lines = await proposal_lines(turn.session, actor.org_id, proposal.year)
    return next(line for line in lines if line.id == proposal.id)


@flow.prompt("change")
async def ask_change(turn: Turn) -> None:
    if (line := await _changed_line(turn)) is None:
        return
    nominee = _with_unit(_nominee(turn, line), line.unit, line.person_id)
    turn.menu(
        turn.t(
            "The proposal of {nominee}:\n• Award: {award} ({year})\n• Achievements: {summary}\n"
            "What would you like to change?"
        ).format(
            nominee=nominee, award=_award_said(turn, line), year=turn.data["year"], summary=line.summary
        ),
        [
            Choice(CHANGE_FORM, turn.t("The award proposed"), keywords=("danh hieu", "award")),
            Choice(CHANGE_SUMMARY, turn.t("The achievements"), keywords=("thanh tich", "achievements")),
            back_choice(turn.t),
        ],
    )


@flow.answer("change")
async def chose_change(turn: Turn) -> None:
    if turn.choice == CHANGE_FORM:
        turn.goto("award", "change_form")
    elif turn.choice == CHANGE_SUMMARY:
        turn.goto("award", "change_summary")
    else:
        turn.goto("award", "list")


@flow.prompt("change_form")
async def ask_change_form(turn: Turn) -> None:
    if (line := await _changed_line(turn)) is None or (campaign := await _campaign(turn)) is None:
        return
    organisation = await turn.session.get_one(Organisation, campaign.org_id)
    forms = [
        form
        for form in await forms_for_year(turn.session, campaign, turn.data["year"])
        if form.id != line.form_id and not (line.organisation and conferred_within(form, organisation))
    ]
    if not forms:
        turn.say(
            turn.t("No other award of the campaign can be proposed in {year}.").format(year=turn.data["year"])
        )
        turn.goto("award", "change")
        return
    turn.menu(
        turn.t("Which award instead of {award}?").format(award=_award_said(turn, line)),
        [
            *await _form_choices(turn, forms),
            back_choice(turn.t),
        ],
    )


@flow.answer("change_form")
async def got_change_form(turn: Turn) -> None:
    form_id = picked_id(turn, "f")
    form = await turn.session.get(AwardForm, form_id or 0)
    campaign = await _campaign(turn)
    if form is None or campaign is None or form.campaign_id != campaign.id:
        turn.goto("award", "change")
        return
    turn.set(new_form_id=form.id)
    turn.goto("award", "change_confirm")


@flow.prompt("change_summary")
async def ask_change_summary(turn: Turn) -> None:
    if (line := await _changed_line(turn)) is None:
        return
    ask_typed(
        turn,
        turn.t(
            "Now: {summary}\nType the achievements as they should read (at most {limit} characters); they "
            "replace the ones above."
        ).format(summary=line.summary, limit=MAX_SUMMARY),
    )


@flow.answer("change_summary")
async def got_change_summary(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("award", "change")
        return
    if (summary := free_text(turn, limit=MAX_SUMMARY)) is not None and (
        summary := paper_text(turn, summary, turn.t("the letter and the list of the award's decision"))
    ) is not None:
        turn.set(new_summary=summary)
        turn.goto("award", "change_confirm")


@flow.prompt("change_confirm")
async def ask_change_confirm(turn: Turn) -> None:
    if (line := await _changed_line(turn)) is None:
        return
    form = await turn.session.get(AwardForm, turn.data.get("new_form_id") or line.form_id)
    if form is None:
        turn.goto("award", "change")
        return
    instead = ""
    if form.id != line.form_id:
        instead = " " + turn.t("(instead of {award})").format(award=_award_said(turn, line))
    # what the late line reads: the award, and the one it had
    await _set_form(turn, form, was_form_id=line.form_id)
    summary = turn.data.get("new_summary") or line.summary
    if late := await _late_line(turn, changed=True):
        summary += f"\n• {late}"
    confirm_menu(
        turn,
        turn.t(
            "Please check the changed proposal:\n• Award: {award} ({year}){instead}\n• Proposed: {nominee}\n"
            "• Achievements: {summary}\nSave this change?"
        ).format(
            award=turn.data["form_title"],
            instead=instead,
            year=turn.data["year"],
            nominee=_with_unit(_nominee(turn, line), line.unit, line.person_id),
            summary=summary,
        ),
    )


@flow.answer("change_confirm")
async def change_confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("award", "list")
        return
    try:
        _proposal, was = await change_proposal(
            turn.session,
            await actor_of(turn),
            turn.data.get("change_of") or 0,
            form_id=turn.data.get("new_form_id"),
            summary=turn.data.get("new_summary"),
            now=turn.now,
            settings=turn.settings,
        )
    except ProposalError as refused:
        turn.say(await _change_refusal(turn, refused))
        turn.goto("award", "list")
        return
    done = turn.t("Saved: the proposal is now for {award} ({year}).").format(
        award=turn.data["form_title"], year=turn.data["year"]
    )
    if was is not None:
        done = turn.t("Saved: the proposal is now for {award} ({year}) instead of {was}.").format(
            award=turn.data["form_title"], year=turn.data["year"], was=was
        )
    if late := await _late_line(turn, changed=True):
        done += f"\n{late}"
    turn.say(done, keep=True)
    turn.goto("award", "list")


async def _change_refusal(turn: Turn, refused: ProposalError) -> str:
    """Why a change was not saved, kindly; nothing was changed."""
    if refused.reason == "duplicate":
        return turn.t(
            "They already stand proposed for that award in {year} (proposed by {by}). Nothing was changed."
        ).format(year=turn.data["year"], by=refused.by)
    if refused.reason == "unchanged":
        return turn.t("That is what the proposal already says: nothing was changed.")
    if refused.reason == "closed":
        return turn.t("{year} has ended, so its proposals are no longer changed.").format(
            year=turn.data["year"]
        )
    if refused.reason in ("withdrawn", "decided"):
        return turn.t("That proposal is withdrawn or already decided, so it can no longer be changed.")
    if refused.reason in ("form", "within", "head"):
        return turn.t("That award cannot be proposed for it in {year}. Nothing was changed.").format(
            year=turn.data["year"]
        )
    return await _not_theirs(turn, "change")


@flow.prompt("withdraw")
async def ask_withdraw(turn: Turn) -> None:
    actor = await actor_of(turn)
    proposal = await turn.session.get(AwardProposal, turn.data.get("proposal_id") or 0)
    if actor is None or proposal is None or proposal.org_id != actor.org_id:
        _start_over(turn)
        return
    lines = await proposal_lines(turn.session, actor.org_id, proposal.year)
    line = next(line for line in lines if line.id == proposal.id)  # of the actor's organisation: listed
    confirm_menu(
        turn,
        turn.t(
            "Withdraw the proposal of {nominee} for {award} ({year})? It stays on record, marked withdrawn."
        ).format(nominee=_nominee(turn, line), award=_award_said(turn, line), year=proposal.year),
    )


@flow.answer("withdraw")
async def withdraw_confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("award", "list")
        return
    try:
        await withdraw_proposal(
            turn.session,
            await actor_of(turn),
            turn.data["proposal_id"],
            now=turn.now,
            settings=turn.settings,
        )
    except ProposalError as refused:
        if refused.reason == "withdrawn":
            turn.say(turn.t("That proposal was withdrawn already."))
        elif refused.reason == "decided":
            turn.say(
                turn.t(
                    "The awards council has already decided on that proposal, so it can no longer be "
                    "withdrawn. If the decision must change, the organisation's office records the "
                    "correction."
                )
            )
        else:
            turn.say(await _not_theirs(turn, "withdraw"))
        turn.goto("award", "list")
        return
    turn.say(turn.t("Withdrawn. It stays on record, marked withdrawn."), keep=True)
    turn.goto("award", "list")


# --- the dossier and the council's minutes (the organisation's office) ------------------------------------


async def _not_compiler(turn: Turn) -> None:
    await say_officers_only(
        turn, turn.t("Only the organisation's leaders, {officers} and admins compile award dossiers.")
    )
    go_home(turn)


@flow.prompt("dossier")
async def ask_dossier_form(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not may_compile_awards(actor, actor.org_id):
        await _not_compiler(turn)
        return
    year = turn.data["year"]
    await _proposed_forms_menu(  # a letter proposing no one is no draft
        turn,
        actor,
        turn.t("The dossier of which award ({year})?").format(year=year),
        turn.t("Nobody is proposed for an award in {year} yet, so there is no dossier to write.").format(
            year=year
        ),
    )


@flow.answer("dossier")
async def got_dossier_form(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None:
        _start_over(turn)
        return
    if (form := await _picked_form(turn)) is None:
        return
    year = turn.data["year"]
    try:
        dossier = await award_dossier(turn.session, actor, actor.org_id, year=year, form_code=form.code)
    except ProposalError as refused:
        if refused.reason == "empty":  # withdrawn since the menu was shown
            turn.say(
                turn.t("Nobody stands proposed for {award} in {year} any more.").format(
                    award=await award_named(turn.session, form), year=year
                )
            )
            turn.goto("award", "dossier")
            return
        await _not_compiler(turn)
        return
    slug = file_slug(form.code, "award")
    name = f"{with_years(f'to-trinh-{slug}', year)}.docx"
    kept = kept_file(turn, "documents", name)
    path = turn.settings.media_dir / kept
    write_dossier(dossier, path, locale=PAPER_LOCALE, on=turn.today)
    fallback = no_file_here(turn, name, f"chungtay award dossier --year {year} --form {form.code} FILE.docx")
    turn.hand_over(
        Document(kept, name, fallback),
        turn.t(
            "{award} ({year}): the letter and its list as a Word draft, {n} proposed. "
            "Fill in the number and the place, then sign."
        ).format(
            award=dossier.award, year=year, n=turn.t.number(len(dossier.people) + len(dossier.collectives))
        ),
    )
    go_home(turn)


@flow.prompt("minutes")
async def hand_over_minutes(turn: Turn) -> None:
    """The council's minutes for every award of the year, in one document: the council meets once."""
    actor = await actor_of(turn)
    year = turn.data.get("year")
    if actor is None or year is None:
        _start_over(turn)
        return
    try:
        minutes = await award_minutes(turn.session, actor, actor.org_id, year=year)
    except ProposalError as refused:
        if refused.reason != "empty":
            await _not_compiler(turn)
            return
        turn.say(
            turn.t("Nobody is proposed for an award in {year} yet, so there are no minutes to write.").format(
                year=year
            )
        )
        _start_over(turn)
        return
    name = f"bien-ban-hoi-dong-{year}.docx"
    kept = kept_file(turn, "documents", name)
    path = turn.settings.media_dir / kept
    write_minutes(minutes, path, locale=PAPER_LOCALE)
    fallback = no_file_here(turn, name, f"chungtay award minutes --year {year} --docx FILE.docx")
    standing = sum(len(dossier.people) + len(dossier.collectives) for dossier in minutes.dossiers)
    turn.hand_over(
        Document(kept, name, fallback),
        turn.t(
            "The awards council's minutes for {year} as a Word draft, {n} proposed: {awards}. "
            "Fill in the time, the place, who attended, the votes and the conclusion, then sign."
        ).format(year=year, n=standing, awards="; ".join(dossier.award for dossier in minutes.dossiers)),
    )
    go_home(turn)


# --- the council's decision: the outcome of one proposal, or of every proposal of an award ----------------


def _may_record(actor: Actor) -> bool:
    return may_record_award_outcome(actor, actor.org_id)


def _not_recorder(turn: Turn) -> str:
    return turn.t(
        "Only the organisation's leaders, {officers} and admins record the awards council's decisions."
    )


async def _proposed_forms_menu(turn: Turn, actor: Actor, question: str, nobody: str) -> None:
    """The awards of the year someone stands proposed for, each with how many, to choose one from (its id
    as "f<id>", read back by `_picked_form`); `nobody` said, and back to the start, when there is none."""
    campaign = await _campaign(turn)
    if campaign is None:
        return
    year = turn.data["year"]
    standing = await proposal_lines(turn.session, actor.org_id, year, withdrawn=False)
    forms = await forms_for_year(turn.session, campaign, year, keeping={line.form_id for line in standing})
    counts = {form.id: sum(1 for line in standing if line.form_id == form.id) for form in forms}
    proposed = [form for form in forms if counts[form.id]]
    if not proposed:
        turn.say(nobody)
        _start_over(turn)
        return
    turn.menu(
        question,
        [
            *[
                Choice(
                    f"f{form.id}",
                    turn.t("{award} ({n} proposed)").format(
                        award=await award_named(turn.session, form), n=counts[form.id]
                    ),
                )
                for form in proposed
            ],
            back_choice(turn.t),
        ],
    )


async def _picked_form(turn: Turn) -> AwardForm | None:
    """The award chosen from a menu of the chat's campaign's awards; None, after starting over, when the
    answer names none of them."""
    form = await turn.session.get(AwardForm, picked_id(turn, "f") or 0)
    if form is None or form.campaign_id != turn.data.get("campaign_id"):
        _start_over(turn)
        return None
    return form


@flow.prompt("outcome_form")
async def ask_outcome_form(turn: Turn) -> None:
    actor = await officers_or_home(turn, _may_record, _not_recorder(turn))
    if actor is None:
        return
    year = turn.data["year"]
    await _proposed_forms_menu(
        turn,
        actor,
        turn.t("The council's decision on every proposal of which award ({year})?").format(year=year),
        turn.t("Nobody stands proposed for an award in {year}.").format(year=year),
    )


@flow.answer("outcome_form")
async def got_outcome_form(turn: Turn) -> None:
    if (form := await _picked_form(turn)) is None:
        return
    turn.set(outcome_form=form.id, outcome_of=None)
    turn.goto("award", "outcome")


async def _deciding(turn: Turn) -> tuple[Actor, str, AwardForm | None] | None:
    """Who records, what is decided on (a proposal with its nominee, or every standing proposal of a form)
    as the chat names it, and the form when it is a whole form's; None, after going back, when it is gone."""
    actor = await officers_or_home(turn, _may_record, _not_recorder(turn))
    if actor is None:
        return None
    year = turn.data.get("year")
    if (form_id := turn.data.get("outcome_form")) is not None:
        form = await turn.session.get(AwardForm, form_id)
        standing = await proposal_lines(turn.session, actor.org_id, year, form_id=form_id, withdrawn=False)
        if form is None or form.campaign_id != turn.data.get("campaign_id") or not standing:
            _start_over(turn)
            return None
        what = turn.t("every standing proposal of {award} ({year}): {n}").format(
            award=await award_named(turn.session, form), year=year, n=len(standing)
        )
        return actor, what, form
    lines = await proposal_lines(turn.session, actor.org_id, year) if year is not None else []
    line = next((line for line in lines if line.id == turn.data.get("outcome_of")), None)
    if line is None or line.withdrawn:
        turn.goto("award", "list" if year is not None else "start")
        return None
    nominee = _with_unit(_nominee(turn, line), line.unit, line.person_id)
    return (
        actor,
        turn.t("{nominee} — {award} ({year})").format(
            nominee=nominee, award=_award_said(turn, line), year=year
        ),
        None,
    )


def _back_from_outcome(turn: Turn) -> None:
    turn.goto("award", "outcome_form" if turn.data.get("outcome_form") is not None else "list")


@flow.prompt("outcome")
async def ask_outcome(turn: Turn) -> None:
    if (deciding := await _deciding(turn)) is None:
        return
    turn.menu(
        turn.t("What did the awards council decide on {what}?").format(what=deciding[1]),
        [
            Choice(AWARDED, turn.t("Awarded"), keywords=("duoc", "awarded")),
            Choice(NOT_AWARDED, turn.t("Not awarded"), keywords=("khong", "not awarded")),
            back_choice(turn.t),
        ],
    )


@flow.answer("outcome")
async def got_outcome(turn: Turn) -> None:
    if turn.choice == AWARDED:
        turn.set(awarded=True)
        turn.goto("award", "decision")
    elif turn.choice == NOT_AWARDED:
        turn.set(awarded=False, ref=None, on=None)
        turn.goto("award", "outcome_confirm")
    else:
        _back_from_outcome(turn)


def _decision_example(turn: Turn) -> str:
    """Dated today: a day the answer takes, never one to come, which it refuses (docs/decisions/0344)."""
    return turn.t("for example: 125/QĐ-CĐT, ngày {date}").format(date=example_day(turn))


@flow.prompt("decision")
async def ask_decision(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t(
            "The decision's number and date, {example}. Not at hand yet? Choose “Skip”: they can be added "
            "later."
        ).format(example=_decision_example(turn)),
        Choice(SKIP, turn.t("Skip"), keywords=("bo qua", "skip")),
    )


@flow.answer("decision")
async def got_decision(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("award", "outcome")
        return
    if turn.choice == SKIP:
        turn.set(ref=None, on=None)
        turn.goto("award", "outcome_confirm")
        return
    if (typed := free_text(turn)) is None:
        return
    example = _decision_example(turn)
    try:
        ref, on = read_decision(typed, turn.today)
    except DateError:
        turn.say(
            turn.t("That date does not exist. Please type the number and the date, {example}.").format(
                example=example
            )
        )
        turn.repeat_menu()
        return
    if on is not None and on > turn.today:
        turn.say(
            turn.t(
                "{date} is later than today. A decision is recorded once it is signed: please type its "
                "number and the day it was signed, {example}; or choose “Skip”."
            ).format(date=turn.t.date(on), example=example)
        )
        turn.repeat_menu()
        return
    if ref is not None and len(ref) > MAX_REF:
        turn.say(
            turn.t(
                "That number is longer than {limit} characters. Please type it as the decision writes it, "
                "{example}."
            ).format(limit=MAX_REF, example=example)
        )
        turn.repeat_menu()
        return
    if not (ref or on) or (ref is not None and not any(ch.isdigit() for ch in ref)):
        turn.say(
            turn.t("Please type the decision's number and date, {example}; or choose “Skip”.").format(
                example=example
            )
        )
        turn.repeat_menu()
        return
    turn.set(ref=ref, on=on.isoformat() if on else None)
    turn.goto("award", "outcome_confirm")


def _decision_of(turn: Turn) -> Decision:
    on = turn.data.get("on")
    return Decision(
        bool(turn.data.get("awarded")), turn.data.get("ref"), date.fromisoformat(on) if on else None
    )


@flow.prompt("outcome_confirm")
async def ask_outcome_confirm(turn: Turn) -> None:
    if (deciding := await _deciding(turn)) is None:
        return
    decision = _decision_of(turn)
    lines = [
        turn.t("Please check the council's decision:"),
        f"• {deciding[1]}",
        "• " + (turn.t("Awarded") if decision.awarded else turn.t("Not awarded")),
    ]
    if words := decision_words(turn.t, decision.ref, decision.on):
        lines.append(f"• {words}")
    lines.append(
        turn.t("Record it? The nominee and whoever proposed them are told.")
        if decision.awarded
        else turn.t("Record it? Whoever proposed them is told; the nominee is not messaged.")
    )
    confirm_menu(turn, "\n".join(lines))


@flow.answer("outcome_confirm")
async def outcome_confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        _back_from_outcome(turn)
        return
    if (deciding := await _deciding(turn)) is None:
        return
    actor, what, form = deciding
    decision = _decision_of(turn)
    try:
        if form is not None:
            done = await record_form_outcome(
                turn.session,
                actor,
                actor.org_id,
                year=turn.data["year"],
                form_code=form.code,
                decision=decision,
                now=turn.now,
                settings=turn.settings,
            )
            changed, unchanged, own = done.changed, done.unchanged, done.own
        else:
            own = 0
            changed = await record_outcome(
                turn.session, actor, turn.data["outcome_of"], decision, now=turn.now, settings=turn.settings
            )
            unchanged = not changed
    except ProposalError as refused:
        if refused.reason == "not_allowed":
            await say_officers_only(turn, _not_recorder(turn))
            go_home(turn)
            return
        if (
            refused.reason == "future"
        ):  # typed on an earlier day and confirmed today: the day is checked again
            turn.say(turn.t("The decision's date is later than today, so nothing was recorded."))
            turn.goto("award", "decision")
            return
        turn.say(turn.t("That proposal was withdrawn meanwhile, so nothing was recorded."))
        turn.goto("award", "list")
        return
    said = [turn.t("Recorded: {what}.").format(what=what)] if changed else []
    if unchanged:
        said.append(
            turn.t("Already recorded that way before: {n}; nobody is told twice.").format(n=int(unchanged))
        )
    if own:  # the recorder stands in the list: hers is another's of the office to record (0399)
        said.append(turn.t("Your own proposal is left as it is: another of the office records its outcome."))
    turn.say(" ".join(said), keep=True)
    turn.goto("award", "list")


# --- the head's decision conferring an award of the organisation's own (docs/decisions/0063) ---------------


@flow.prompt("draft_decision")
async def ask_decision_form(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not may_compile_awards(actor, actor.org_id):
        await _not_compiler(turn)
        return
    year = turn.data["year"]
    await _proposed_forms_menu(
        turn,
        actor,
        turn.t("The decision conferring which award ({year})?").format(year=year),
        turn.t("Nobody stands proposed for an award in {year}.").format(year=year),
    )


@flow.answer("draft_decision")
async def got_decision_form(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None:
        _start_over(turn)
        return
    if (form := await _picked_form(turn)) is None:
        return
    year = turn.data["year"]
    try:
        draft = await award_decision(turn.session, actor, actor.org_id, year=year, form_code=form.code)
    except ProposalError as refused:
        if refused.reason == "above":
            turn.say(
                turn.t(
                    "{award} is conferred by {by}: the decision is made there and comes back to the "
                    "organisation, so there is none to draft here. Once it arrives, record it on the "
                    "proposals."
                ).format(award=await award_named(turn.session, form), by=refused.by)
            )
        elif refused.reason == "empty":
            turn.say(
                turn.t(
                    "Nobody recorded as awarded for {award} in {year}, so there is no decision to draft."
                ).format(award=await award_named(turn.session, form), year=year)
            )
        else:
            await _not_compiler(turn)
            return
        turn.goto("award", "draft_decision")
        return
    slug = file_slug(form.code, "award")
    name = f"{with_years(f'quyet-dinh-{slug}', year)}.docx"
    kept = kept_file(turn, "documents", name)
    write_decision(draft, turn.settings.media_dir / kept, locale=PAPER_LOCALE, on=turn.today)
    fallback = no_file_here(
        turn, name, f"chungtay award decision --year {year} --form {form.code} --output FILE.docx"
    )
    listed = len(draft.dossier.people) + len(draft.dossier.collectives)
    caption = (
        turn.t.plural(
            "{award} ({year}): the decision as a Word draft, made before the council's vote, with the {n} "
            "standing proposal. Record the council's decision first to list it only if awarded.",
            "{award} ({year}): the decision as a Word draft, made before the council's vote, with all {n} "
            "standing proposals. Record the council's decisions first to list only those awarded.",
            listed,
        )
        if draft.before_vote
        else turn.t(
            "{award} ({year}): the decision as a Word draft, {n} awarded. Fill in the number and the "
            "grounds, then sign."
        )
        if draft.ref is None
        else turn.t(
            "{award} ({year}): the decision No. {ref} as a Word draft, {n} awarded, with the number the "
            "office recorded. Fill in the grounds, then sign."
        )
        if draft.signed_on is not None
        else turn.t(
            "{award} ({year}): the decision No. {ref} as a Word draft, {n} awarded, with the number the "
            "office recorded and no date: fill in the day it was signed and the grounds."
        )
    )
    named = await award_named(turn.session, form)
    caption = caption.format(award=named, year=year, n=turn.t.number(listed), ref=draft.ref)
    if draft.waiting:
        caption += " " + turn.t.plural(
            "Not in it: {n} proposal still waiting for an outcome ({names}). Please record its outcome "
            "before signing, and make the decision again.",
            "Not in it: {n} proposals still waiting for an outcome ({names}). Please record their outcome "
            "before signing, and make the decision again.",
            len(draft.waiting),
        ).format(
            n=turn.t.number(len(draft.waiting)),
            names="; ".join(_nominee(turn, line) for line in draft.waiting),
        )
    turn.hand_over(Document(kept, name, fallback), caption)
    go_home(turn)
