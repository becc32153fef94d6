"""The main menu (by role), help, and the language setting."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.recognise import recognise
from bot.conversation.turn import Turn, stored_choice
from bot.db.models import Organisation, Unit
from bot.domain.access import (
    Actor,
    may_compile_awards,
    may_list_recorded_for_others,
    may_open_acting_for,
    may_open_awards,
    may_open_decisions,
    may_open_donor_gifts,
    may_open_drives,
    may_open_invites,
    may_open_labour_days,
    may_open_ledger,
    may_open_poverty,
    may_open_proposals,
    may_open_roles,
    may_open_unit_results,
    may_open_year_report,
    may_record_payrolls,
    may_register_own_commitment,
    may_register_unit_commitment,
    may_see_cases,
    may_set_account,
    may_speak_for_org,
    may_view_drives,
    poverty_households_held,
)
from bot.domain.achievement import own_standing_proposals
from bot.domain.notices import days_officer
from bot.i18n import LOCALES, Translator
from bot.messages import Choice
from bot.text import as_household
from handlers.collected import entry_choice as collected_entry
from handlers.common import (
    actor_of,
    answer_sent_twice,
    commune_word,
    confirmation_again,
    go_home,
    in_commune,
    is_household,
    language_menu,
    named_language,
)
from handlers.remittances import HANDOVER_WAY_IN, told_whose_handover
from handlers.wording import addressed, clipped, short_org_name, statement_label, statement_name_label

flow = Flow("menu")
# Words for a drive's or the Fund's actions, typed at the menu: they open the statement to choose which.
STATEMENT_WAY_IN = (*HANDOVER_WAY_IN, "tin nhan nhom", "gui nhom", "group message")

# choice id → (flow, step) it starts
DESTINATIONS = {
    "commit": ("commit", "start"),
    "commit_unit": ("commit", "start_unit"),
    "give": ("give", "drive"),
    "progress": ("progress", "show"),
    "help": ("menu", "help"),
    "language": ("menu", "language"),
    "ledger": ("ledger", "ask"),
    "queue": ("queue", "drive"),
    "statement": ("statement", "drive"),
    "public_name": ("publicname", "ask"),
    "cases": ("cases", "list"),
    "link": ("link", "start"),
    "drives": ("drive", "list"),
    "appeals": ("appeal", "list"),
    "invite": ("invite", "role"),
    "appeals_toggle": ("appeal", "toggle"),
    "behalf": ("behalf", "find"),
    "collected": ("collected", "page"),
    "year_report": ("yearreport", "start"),
    "phase_report": ("phasereport", "start"),
    "poverty": ("poverty", "start"),
    "awards": ("award", "start"),
    "results": ("result", "start"),
    "roles": ("roles", "start"),
}


UNIT_CLIP = 24  # a unit's name in a menu entry: one line on a phone

# What someone the unit's reports are not for types for their own: what they pledged and gave (“My progress”).
MY_REPORT = ("bao cao", "bao cao cua toi", "bao cao tien do", "report", "my report")


def _my_report(actor: Actor | None) -> tuple[str, ...]:
    return () if may_open_year_report(actor) else MY_REPORT


def main_choices(
    t: Translator,
    actor: Actor | None,
    *,
    appeals_off: bool = False,
    leaders_see_non_givers: bool = False,
    household: bool = False,
    households_held: bool = False,
    commune_unit: str | None = None,
) -> list[Choice]:
    """The menu offers what the access rules let this person do (the flows and services check again).
    What came later (invites, turning appeals off) is listed last, so the numbers people have learnt for the
    first entries stay; but an officer's drives and appeals, her December's work, come right after her own
    three, on the first page of a phone's buttons (decision 2433), and after them the one entry for work the
    plan dates every year, “Awards” (units' proposals by 10/12, the dossier by 15/12), for whoever may open it
    (decision 2513). A household's entries speak of the household.
    `households_held`: households stand in the units whose poverty standing the person reads
    (`poverty_households_held`). `commune_unit`: in a commune, the name of the person's unit, whose
    commitment is named by it (“Đăng ký của Thôn 5”), as a hamlet is not an office's “đơn vị”."""
    register = Choice("commit", t("Register my commitment"), keywords=("dang ky", "cam ket", "register"))
    choices = [
        *([register] if actor is None or may_register_own_commitment(actor) else []),
        Choice(
            "give",
            t("Record a contribution"),
            keywords=("dong gop", "ung ho", "contribute", "give", "donate", "donation"),
        ),
        Choice(
            "progress",
            t("The household's progress") if household else t("My progress"),
            # “báo cáo” from someone the reports are not for: their own, what they pledged and gave.
            # “xem lại” at the menu: to see again what was given, which is listed there (decision 2796).
            keywords=("tien do", "xem tien do", "xem lai", "progress", *_my_report(actor)),
        ),
    ]
    officer = may_open_drives(actor)
    if officer:
        choices += [
            Choice("drives", t("Drives"), keywords=("dot van dong", "drives")),
            Choice("appeals", t("Appeals"), keywords=("keu goi", "loi keu goi", "appeal")),
        ]
    if may_open_awards(actor):  # the work the plan dates every year, due 10/12 (decision 2513)
        choices.append(
            Choice("awards", t("Awards"), keywords=("khen thuong", "de nghi khen thuong", "awards"))
        )
    if actor is not None and actor.unit is not None and may_register_unit_commitment(actor, actor.unit):
        unit_commitment = (
            t("{unit}'s commitment").format(unit=clipped(commune_unit, UNIT_CLIP))
            if commune_unit is not None
            else t("My unit's commitment")
        )
        # The office's name typed whole still opens it in a commune, as the hamlet's typed in words
        keywords = ("don vi", "thon", "tap the", "unit", "hamlet", "dang ky cua don vi", "dang ky cua thon")
        choices.append(Choice("commit_unit", unit_commitment, keywords=keywords))
    if may_open_decisions(actor):
        choices.append(Choice("queue", t("Contributions to confirm"), keywords=("xac nhan", "xn", "queue")))
    if may_open_ledger(actor):
        choices.append(
            Choice("ledger", t("Look up a contribution"), keywords=("tra cuu", "lookup", "look up"))
        )
    if actor is not None and may_see_cases(actor, actor.org_id):
        choices.append(Choice("cases", t("Hardship cases"), keywords=("hoan canh", "kho khan", "cases")))
    choices += [
        Choice("help", t("Help"), keywords=("tro giup", "huong dan", "help", "giup do", "can giup")),
        Choice(
            "language",
            # A household reads no English in its menu: “Tiếng Việt / tiếng Anh” (decision 1446)
            t("Vietnamese / English") if household else t("Language / Ngôn ngữ"),
            keywords=("ngon ngu", "doi ngon ngu", "language", "change language", "languages"),
        ),
        Choice("link", t("Link a messenger"), keywords=("lien ket", "link", "zalo", "telegram")),
        # Typed at the menu, a handover or the group message starts where both are: the drive's or the
        # Fund's statement, chosen first (decisions 0108, 0109).
        Choice(
            "statement",
            statement_label(t, household=household),
            keywords=("sao ke", "cong khai", "bang cong khai", "statement", *STATEMENT_WAY_IN),
        ),
        Choice(
            "public_name", statement_name_label(t, household=household), keywords=("ten cong khai", "an danh")
        ),
    ]
    if (
        not officer  # an officer's are listed after her own three, above
        and actor is not None
        and may_view_drives(actor, actor.org_id, leaders_allowed=leaders_see_non_givers)
    ):
        choices.append(Choice("drives", t("Drives"), keywords=("dot van dong", "drives")))
    if may_open_invites(actor):
        choices.append(Choice("invite", t("Make an invite code"), keywords=("ma moi", "invite")))
    # Turned at once, with no last look: chosen only as written, never through a slip in its name (0125).
    if appeals_off:
        choices.append(
            Choice(
                "appeals_toggle",
                t("Receive appeals again"),
                keywords=("nhan lai", "appeals on"),
                as_written=True,
            )
        )
    else:
        choices.append(
            Choice(
                "appeals_toggle",
                t("Receive no appeals"),
                keywords=("khong nhan", "appeals off"),
                as_written=True,
            )
        )
    if may_open_acting_for(actor):
        choices.append(
            Choice(
                "behalf",
                t("Record for a household or someone else"),
                keywords=("ghi thay", "ghi nhan thay", "thay cho", "on behalf"),
            )
        )
    if may_list_recorded_for_others(actor):  # beside it: the cash collected that way, to hand over
        choices.append(collected_entry(t))
    if may_open_year_report(actor):
        choices.append(
            Choice("year_report", t("The year's report (Word)"), keywords=("bao cao nam", "year report"))
        )
        choices.append(
            Choice(
                "phase_report",
                t("The period's review report (Word)"),
                keywords=("bao cao so ket", "bao cao tong ket", "so ket", "tong ket", "phase report"),
            )
        )
    if may_open_poverty(actor, households=households_held):
        choices.append(
            Choice(
                "poverty",
                t("Poor and near-poor households"),
                keywords=("ho ngheo", "can ngheo", "thoat ngheo", "poverty"),
            )
        )
    choices.append(Choice("results", t("Record a result"), keywords=("ghi ket qua", "ket qua", "result")))
    if may_open_roles(actor):
        choices.append(Choice("roles", t("Roles"), keywords=("phan quyen", "vai tro", "roles")))
    return choices


@flow.prompt("main")
async def show_menu(turn: Turn) -> None:
    if turn.person is None:
        turn.goto("onboarding", "start", keep_data=False)
        return
    if is_household(turn):  # whoever of the family holds the phone, greeted as anh/chị
        question = turn.t("What would you like to do for {household}?").format(
            household=as_household(turn.person.full_name)
        )
    else:
        question = turn.t("What would you like to do, {name}?").format(
            name=addressed(turn.t, turn.person.full_name)
        )
    if (org := await heading_org(turn)) is not None:
        question = f"{org}\n{question}"
    # Just after a typed “có” saved a registration, text naming no entry comes to `chose` (decision 0180).
    again = bool(turn.data.get("confirmed_with"))
    turn.menu(question, await home_choices(turn), home=True, entries=again)


async def heading_org(turn: Turn) -> str | None:
    """The person's organisation, short, to head the main menu where the database holds more than one: one
    person may use two (a commune's on Zalo, a school's on Telegram) and would read the same menus in both
    (decision 0139). None where it holds one, as most do: their screens stay as short as they were."""
    assert turn.person is not None
    org_id = turn.person.org_id
    other = await turn.session.scalar(select(Organisation.id).where(Organisation.id != org_id).limit(1))
    if other is None:
        return None
    org = turn.organisation
    if org is None or org.id != org_id:
        org = await turn.session.get_one(Organisation, org_id)
    return short_org_name(org.name)


async def home_choices(turn: Turn) -> list[Choice]:
    """The main menu's entries for the person writing (a step that keeps the menu on screen adds them)."""
    assert turn.person is not None
    actor = await actor_of(turn)
    org = await turn.session.get(Organisation, turn.person.org_id)
    unit = None  # read only for whom the unit's commitment is an entry (named by it in a commune)
    if actor is not None and actor.unit is not None and may_register_unit_commitment(actor, actor.unit):
        unit = await turn.session.get(Unit, actor.unit_id) if actor.unit_id else None
    return main_choices(
        turn.t,
        actor,
        appeals_off=turn.person.appeals_off,
        leaders_see_non_givers=org is not None and org.leaders_see_non_givers,
        household=is_household(turn),
        households_held=await poverty_households_held(turn.session, actor),
        commune_unit=unit.name if unit is not None and await in_commune(turn) else None,
    )


async def entry_typed(turn: Turn, *, by_number: bool = True) -> bool:
    """Text typed where a step's own options do not take it, read as at the main menu: a main-menu entry's
    whole name or keyword ("my progress", "tiến độ của tôi", "tien do"), or (`by_number`) its number, starts
    that entry (True). False when it names none. The main menu's own reading (`recognise` over
    `home_choices`), so an entry is typed the same wherever this is offered."""
    if turn.person is None or not turn.text.strip():
        return False
    entries = [stored_choice(choice) for choice in await home_choices(turn)]
    turn.picked = recognise(turn.text, entries, by_number=by_number, by_part=False)
    if len(turn.picked) == 1 and go_to_entry(turn):
        return True
    turn.picked = []
    return False


def go_to_entry(turn: Turn) -> bool:
    """Start what a main menu entry chosen leads to; False when the choice is no entry."""
    destination = DESTINATIONS.get(turn.choice or "")
    if destination is None:
        return False
    turn.goto(*destination, keep_data=False)
    return True


@flow.answer("main")
async def chose(turn: Turn) -> None:
    if turn.choice == "statement":  # a treasurer typing the handover: whose it is (decision 1555)
        await told_whose_handover(turn)
    if go_to_entry(turn):
        return
    if turn.choice is None:  # text naming no entry, given here just after a typed “có” saved something
        saved = turn.data.get("saved")
        if saved in ("commitment", "contribution") and confirmation_again(turn, any_yes=True):
            # That “có” sent twice while the reply was slow (decision 0180): said kindly, once.
            answer_sent_twice(
                turn,
                _registration_saved(turn)
                if saved == "commitment"
                else turn.t("Contribution {ref} is recorded already. Choose what to do next below.").format(
                    ref=turn.data.get("ref", "")
                ),
            )
        else:
            turn.not_an_option()
        return
    turn.repeat_menu()


def _registration_saved(turn: Turn) -> str:
    """A registration's “có” told twice names whose it is: the household's or the unit's one recorded for."""
    if of := turn.data.get("saved_of"):
        return turn.t("The registration of {name} is saved already. Choose what to do next below.").format(
            name=of
        )
    if turn.data.get("saved_household"):
        return turn.t("Your household's registration is saved already. Choose what to do next below.")
    return turn.t("Your registration is saved already. Choose what to do next below.")


@flow.prompt("help")
async def show_help(turn: Turn) -> None:
    """The help, then the main menu for whom it names the menu's entries (a member, a household); a role
    holder's help names a command for each thing, so it ends with one “Main menu” choice, not the menu's
    twenty entries under a long message (decision 0259)."""
    text, roles = await _help_text(turn)
    if not roles:
        turn.say(text)
        go_home(turn)
        return
    turn.menu(text, [Choice("menu", turn.t("Main menu"), keywords=("menu", "menu chinh"))])


@flow.answer("help")
async def after_help(turn: Turn) -> None:
    """“Main menu”, or anything else typed under the help: a menu entry's name starts it, else the menu."""
    if turn.choice != "menu" and await entry_typed(turn, by_number=False):
        return
    go_home(turn)


async def help_in_place(turn: Turn) -> bool:
    """Help asked in the middle of a step (“/trogiup”, “tro giup” typed where a figure is asked): said there,
    with a line that what was typed is kept, and the engine asks the step's question again (decision 0248).
    False at the main menu (or a question shown with its entries) and before joining: help as usual."""
    if turn.person is None or turn.state.menu.get("home"):
        return False
    kept = turn.t(
        "You are in the middle of something: what you typed so far is kept, and its question is below (to "
        "stop, type /cancel)."
    )
    turn.say((await _help_text(turn))[0] + "\n\n" + kept)
    return True


async def _help_text(turn: Turn) -> tuple[str, bool]:
    """What this person's roles let them do first, under a heading (asked of the same rules as the menu), then
    what everyone can do; and whether there were role lines. A phone shows the first lines of a long
    message: an officer's help opened with a member's, their own at the end of 2,600 characters."""
    t = turn.t
    actor = await actor_of(turn)
    gone = turn.person.left_on if turn.person is not None and actor is not None else None
    # who confirms labour days beside a treasurer: her role's one name where the organisation is known (1877)
    word = await commune_word(turn)  # a commune's in its own word: “ngoài phường” (2848)
    commune = word is not None
    officer = days_officer(t, commune=commune) if turn.person is not None else t("the officer in charge")
    if gone is not None and not may_register_own_commitment(actor):  # someone who left: no registering
        first = t(
            "You are recorded as having left the organisation on {day}: Chung Tay keeps what you registered "
            "and gave while you were here.\n"
            "• Record a contribution: money, goods or labour days, if you like; the treasurer confirms it "
            "(labour days: {officer} or a treasurer).\n"
            "• My progress: what you pledged against what you gave.\n"
            "• Public statement (/saoke): the confirmed contributions of a drive; /tracuu checks a reference "
            "code; /congkhai: whether the statement shows your name.\n"
            "• /lienket: use Chung Tay on Zalo and Telegram both; /ngonngu: language."
        ).format(day=t.date(gone), officer=officer)
    elif is_household(turn):  # the menu's household entries
        first = t(
            "Chung Tay helps your household take part in the movement “For the poor — leave no one behind”.\n"
            "• Register my commitment: the household's targets for this year, such as “Tự nguyện đăng ký "
            "thoát nghèo”.\n"
            "• Record a contribution: money, goods or labour days; the treasurer confirms it (labour "
            "days: {officer} or a treasurer).\n"
            "• The household's progress: what the household pledged against what it gave.\n"
            "• The Fund's public list (/saoke): the gifts of a drive the treasurer has confirmed; /tracuu "
            "finds a gift by its number; /congkhai: whether the list shows the household's name.\n"
            "• /lienket: use Chung Tay on another phone of the household, or on Zalo and Telegram both; "
            "/nhacnho: optional reminders on or off; /ngonngu: Vietnamese or English."
        ).format(officer=officer)
    else:
        first = t(
            "Chung Tay helps you take part in the movement “For the poor — leave no one behind”.\n"
            "• Register my commitment: pledge your targets for this year.\n"
            "• Record a contribution: money, goods or labour days; the treasurer confirms it (labour "
            "days: {officer} or a treasurer).\n"
            "• My progress: what you pledged against what you gave.\n"
            "• Public statement (/saoke): the confirmed contributions of a drive; /tracuu checks a reference "
            "code; /congkhai: whether the statement shows your name.\n"
            "• /lienket: use Chung Tay on Zalo and Telegram both; /nhacnho: optional reminders on or off; "
            "/ngonngu: language."
        ).format(officer=officer)
    lines = [first]
    if turn.person is not None:  # the menu's entry for appeals, named as it shows now (decision 2862)
        entry = t("Receive appeals again") if turn.person.appeals_off else t("Receive no appeals")
        lines.append(
            t("• “{entry}” on the main menu: turns the officers' appeals to give off, or on again.").format(
                entry=entry
            )
        )
    # a role holder's lines speak of a commune's hamlets and boards, not an office's units (decision 0247)
    if actor is not None and may_open_unit_results(actor) and commune:
        lines.append(
            t(
                "• /ketqua: record a result of an item counted in numbers (households helped, an "
                "initiative…) or done once, with a photo if you like; withdraw one; the results recorded in "
                "the hamlets and boards you follow (a leader sets one aside)."
            )
        )
    elif actor is not None and may_open_unit_results(actor):  # one line per command, whatever roles add
        lines.append(
            t(
                "• /ketqua: record a result of an item counted in numbers (households helped, an "
                "initiative…) or done once, with a photo if you like; withdraw one; the results recorded in "
                "the units you follow (a leader sets one aside)."
            )
        )
    else:
        lines.append(
            t(
                "• /ketqua: record a result of an item counted in numbers (households helped, an "
                "initiative…) or done once, with a photo if you like; withdraw one."
            )
        )
    roles = []
    if actor is not None:
        households = await poverty_households_held(turn.session, actor)
        org = await turn.session.get(Organisation, actor.org_id)
        allowed = org is not None and org.leaders_see_non_givers
        roles = _role_help(t, actor, households=households, level=word, leaders_see_non_givers=allowed)
    if turn.person is not None and await own_standing_proposals(turn.session, turn.person.id):
        if is_household(turn):
            lines.append(
                t(
                    "• /thanhtich: the draft of the household's achievement report, for the award it is "
                    "proposed for."
                )
            )
        else:
            lines.append(
                t("• /thanhtich: the draft of your achievement report, for the award you are proposed for.")
            )
    lines.append(
        t(
            "Commands: /menu — main menu, /huy — cancel what you are doing, /dangky, /donggop, /tiendo; "
            "/dulieu — what Chung Tay keeps about you, a copy of it, or stopping the bot.\n"
            "You can answer with the number of an option or type its name, with or without accents. At the "
            "main menu you can also type a gift straight away, for example: ung ho 50k."
        )
    )
    if roles:  # the role's own lines first, then what every member does
        heading = t("What your roles let you do:")
        return "\n".join([heading, *roles, "", *lines]), True
    return "\n".join(lines), False


def _role_help(
    t: Translator,
    actor: Actor,
    *,
    households: bool,
    level: str | None = None,
    leaders_see_non_givers: bool = False,
) -> list[str]:
    """A line for each thing the person's roles let them do, as the menu offers it (`households`: as
    `main_choices`' `households_held`, `leaders_see_non_givers` as its own); a commune's in its words:
    hamlets and boards, the commune in its own word (`level`, `commune_word`: “ngoài phường”, decisions 0247,
    2848), households."""
    commune = level is not None
    lines = []
    if actor.unit is not None and may_register_unit_commitment(actor, actor.unit):
        lines.append(
            t("• /donvi: your hamlet's or board's commitment.")
            if commune
            else t("• /donvi: your unit's commitment.")
        )
    if may_open_year_report(actor):  # who reads a digest writes the matching report
        lines.append(t("• /baocao or type “báo cáo”: the digest now (/baocao 30: the last 30 days)."))
        lines.append(t("• /baocaonam: the year's report as a Word draft (/baocaonam 2025: another year)."))
        lines.append(
            t(
                "• /baocaogiaidoan: the period's review report (mid-term or final) as a Word draft, year by "
                "year (/baocaogiaidoan 2021-2025: another period)."
            )
        )
    if may_open_decisions(actor):
        lines.append(t("• /xacnhan: contributions waiting for you to confirm."))
    if may_open_ledger(actor) and commune:
        lines.append(
            t(
                "• /tracuu CODE: a contribution of the hamlets and boards you cover in full, to confirm or "
                "correct it."
            )
        )
    elif may_open_ledger(actor):
        lines.append(t("• /tracuu CODE: a contribution of your units in full, to confirm or correct it."))
    if may_see_cases(actor, actor.org_id):
        lines.append(t("• /hoancanh: hardship cases."))
    if may_open_poverty(actor, households=households):
        lines.append(
            t(
                "• /hongheo: poor and near-poor households in the poverty review (/hongheo 2025: another "
                "year)."
            )
        )
    if may_open_drives(actor) and commune:
        lines.append(
            t(
                "• /dotvandong: drives — open one, follow its progress and who has not given (hamlet by "
                "hamlet, board by board), change its dates or target, close it or reopen one closed; "
                "/keugoi: appeals to chosen people, and once a reminder to those who have not given."
            )
        )
    elif may_open_drives(actor):
        lines.append(
            t(
                "• /dotvandong: drives — open one, follow its progress and who has not given (unit by unit), "
                "change its dates or target, close it or reopen one closed; /keugoi: appeals to chosen "
                "people, and once a reminder to those who have not given."
            )
        )
    elif may_view_drives(actor, actor.org_id, leaders_allowed=leaders_see_non_givers):
        # A leader where the organisation lets leaders see who has not given: the menu's “Drives” (0358).
        lines.append(
            t(
                "• /dotvandong: the drives' progress, their message for the group chat and who of your unit "
                "has not given (your organisation allows it)."
            )
        )
    if may_open_invites(actor):
        lines.append(t("• /mamoi: invite codes."))
    if may_open_roles(actor):
        lines.append(
            t(
                "• /phanquyen: who holds which role; grant a role to a person by name, or take one away; "
                "record a colleague who left."
            )
        )
    if may_set_account(actor, actor.org_id):
        lines.append(t("• /taikhoan: the account gifts of money are transferred to."))
    if may_open_acting_for(actor):
        lines.append(t("• /ghithay: record or register for a household or someone without a phone."))
    if may_open_labour_days(actor):
        lines.append(
            t(
                "• /ngaycong: the labour days of the members who worked a day you organised, all at once "
                "with a photo of the day; confirmed by you, each member told."
            )
        )
    if may_open_donor_gifts(actor) and commune:
        lines.append(
            t(
                "• /nhahaotam: record a gift from a donor outside the {level} (a company, someone born there "
                "living away, a benefactor); another treasurer confirms it."
            ).format(level=level)
        )
    elif may_open_donor_gifts(actor):
        lines.append(
            t(
                "• /nhahaotam: record a gift from a donor outside the organisation (a company, a former "
                "pupil, a benefactor); another treasurer confirms it."
            )
        )
    if may_record_payrolls(actor):
        lines.append(
            t(
                "• /khautruluong: the payroll's deduction from the accountant's sheet, sent as a file: each "
                "colleague's own figure, never twice; another treasurer confirms it."
            )
        )
    if may_list_recorded_for_others(actor):
        lines.append(
            t(
                "• /daghithay: what you recorded for others, the money still waiting for the treasurer, and "
                "the handover list (Excel) to hand over with the cash."
            )
        )
    if may_compile_awards(actor, actor.org_id) and may_open_proposals(actor) and commune:
        lines.append(
            t(
                "• /dekhenthuong: propose households, people, a hamlet or the {level} for an award; the "
                "year's award proposals and the dossier's draft (Word)."
            ).format(level=level)
        )
    elif may_compile_awards(actor, actor.org_id) and may_open_proposals(actor):
        lines.append(
            t(
                "• /dekhenthuong: propose people, or a unit, for an award; the year's award proposals and "
                "the dossier's draft (Word)."
            )
        )
    elif may_compile_awards(actor, actor.org_id):
        lines.append(t("• /dekhenthuong: the year's award proposals and the dossier's draft (Word)."))
    elif may_open_proposals(actor) and commune:
        lines.append(
            t(
                "• /dekhenthuong: propose households and people of your hamlet or board, or the hamlet or "
                "board itself, for an award."
            )
        )
    elif may_open_proposals(actor):
        lines.append(t("• /dekhenthuong: propose people of your unit, or the unit, for an award."))
    if may_speak_for_org(actor, actor.org_id) and commune:
        lines.append(
            t(
                "• /dangky, /ketqua: the {level}'s own commitment and results as well as yours (you are "
                "asked whose they are)."
            ).format(level=level)
        )
    elif may_speak_for_org(actor, actor.org_id):
        lines.append(
            t(
                "• /dangky, /ketqua: the organisation's own commitment and results as well as yours (you are "
                "asked whose they are)."
            )
        )
    return lines


@flow.prompt("language")
async def ask_language(turn: Turn) -> None:
    """The menu; "/ngonngu en" or "/language tiếng Việt" sets it at once."""
    if (locale := named_language(turn.argument)) is not None:
        _use_language(turn, locale)
        go_home(turn)
    else:
        language_menu(turn)


@flow.answer("language")
async def got_language(turn: Turn) -> None:
    _use_language(turn, turn.choice)
    go_home(turn)


async def switch_language(turn: Turn) -> bool:
    """A language named in the middle of a step ("/ngonngu en", or "English" typed): it is set there, and the
    engine asks the step's question again (decision 0141). False when the argument names no language."""
    locale = named_language(turn.argument)
    if turn.person is None or locale is None:
        return False
    _use_language(turn, locale)
    return True


def _use_language(turn: Turn, locale: str | None) -> None:
    if turn.person is not None and locale in LOCALES:
        turn.person.locale = locale
        turn.t = Translator(locale)
        turn.say(turn.t("Done. From now on I will answer in English."))
