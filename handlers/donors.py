"""A gift from a donor outside the organisation (“Ghi nhận ủng hộ của nhà hảo tâm / đơn vị ngoài”, /nhahaotam;
under /ghithay for an officer, in the queue's menu for a treasurer): the donor's name as it should read (or
“Nhà hảo tâm”, not named at all), found again among the organisation's donors → whether the public statement
may name them (No unless they said so) → the unit that collected it (one the writer covers) → then the very
same steps as any gift (handlers/contributions.py), with the donor's id in the chat's data (`for_id`) and the
unit as `donor_unit`. A credit of the bank's statement without a code (handlers/reconcile.py) comes here with
its amount, day and description (`bank`): only the donor, the unit and the drive are asked, and the chat goes
back to the statement after it (docs/decisions/0083)."""

from __future__ import annotations

from datetime import date

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Person, Unit
from bot.domain.access import donor_units, may_open_donor_gifts, may_record_donor_gift
from bot.domain.donors import (
    ANONYMOUS,
    DonorError,
    donor_name,
    donor_named,
    donor_to_record,
    find_donors,
    is_anonymous,
)
from bot.messages import Choice
from bot.statement_sheet import anonymous
from handlers.common import (
    NO,
    NO_WORDS,
    YES,
    YES_WORDS,
    actor_of,
    ask_typed,
    back_choice,
    go_home,
    in_commune,
    officers_or_home,
    picked_id,
    say_officers_only,
    unit_list,
)
from handlers.name_search import MAX_MATCHES, person_label
from handlers.wording import giver_name

flow = Flow("donor")
ANONYMOUS_ID, NEW = "anonymous", "new"
DONOR = "donor"  # the entry to this flow in other flows' menus (/ghithay, the treasurer's queue)


def donor_choice(turn: Turn) -> Choice:
    """The entry to a donor's gift, in the menus where officers and treasurers work."""
    return Choice(
        DONOR,
        turn.t("Gift from a donor outside the organisation"),
        keywords=("nha hao tam", "don vi ngoai", "doanh nghiep", "donor"),
        pinned=True,
    )


def _refusal(turn: Turn) -> str:
    return turn.t("Only a treasurer or {officers} record gifts from donors outside the organisation.")


def back_to_statement(turn: Turn) -> bool:
    """After a credit of the bank's statement was recorded as a donor's gift (or not), back to the
    statement's summary, as it stands now; False when the chat did not come from one."""
    statement = turn.data.get("statement")
    if not statement:
        return False
    turn.goto("reconcile", "summary")
    turn.set(file=statement["file"], name=statement["name"], group=None, page=0, shown=[])
    return True


def _leave(turn: Turn) -> None:
    if not back_to_statement(turn):
        go_home(turn)


def _credit(turn: Turn) -> str:
    """The bank statement's credit being recorded, in one line (empty when there is none)."""
    bank = turn.data.get("bank")
    if not bank:
        return ""
    day = f"{turn.t.date(date.fromisoformat(bank['on']))} · " if bank.get("on") else ""
    return turn.t("Credit of the bank statement: {credit}").format(
        credit=f"{day}{turn.t.vnd(bank['amount'])} · {bank.get('description') or '—'}"
    )


def _credit_stays(turn: Turn) -> None:
    """A gift typed at a question of a credit of the bank's statement (its keyword “ủng hộ”, or a figure
    “ủng hộ 5tr”): the credit is one gift of the bank's amount, never another gift started and never its
    figure changed; said, and the question on screen asked again."""
    turn.say(
        turn.t(
            "You are recording a credit of the bank statement: {amount}, one gift of exactly that amount. "
            "Please answer the question below (to stop, type /cancel)."
        ).format(amount=turn.t.vnd(turn.data["bank"]["amount"]))
    )
    turn.repeat_menu()


@flow.keyword_of_another
def _gift_keyword(turn: Turn, target: tuple[str, str]) -> bool:
    """The gift's keyword (“ủng hộ”, “đóng góp”) typed at the donor's name, the public-name question or the
    unit of a credit of the bank's statement: the credit stays on hand, no fresh gift untied from it."""
    if target[0] != "give" or not turn.data.get("bank"):
        return False
    _credit_stays(turn)
    return True


@flow.prompt("name")
async def ask_name(turn: Turn) -> None:
    if await officers_or_home(turn, may_open_donor_gifts, _refusal(turn)) is None:
        return
    if await in_commune(turn):  # a commune's own donors: its people far from home (decision 0247)
        question = turn.t(
            "Who gave it? Type the donor's name as it should read, for example: Công ty TNHH Minh Phát, Con "
            "em xa quê thôn 3. If they asked not to be named, choose “{anonymous}”."
        )
    else:
        question = turn.t(
            "Who gave it? Type the donor's name as it should read, for example: Công ty TNHH Minh Phát, Gia "
            "đình cựu học sinh khóa 2010. If they asked not to be named, choose “{anonymous}”."
        )
    question = question.format(anonymous=anonymous(turn.t.locale))
    credit = _credit(turn)
    ask_typed(
        turn,
        f"{credit}\n{question}" if credit else question,
        Choice(
            ANONYMOUS_ID,
            anonymous(turn.t.locale),  # kept as “Nhà hảo tâm” (ANONYMOUS), whatever the language
            keywords=("nha hao tam", "an danh", "khong neu ten", "anonymous", "well-wisher"),
        ),
    )


@flow.answer("name")
async def got_name(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _leave(turn)
        return
    actor = await officers_or_home(turn, may_open_donor_gifts, _refusal(turn))
    if actor is None:
        return
    if turn.choice == ANONYMOUS_ID:
        turn.set(donor_id=None, donor_name=ANONYMOUS, donor_public=False)
        turn.goto("donor", "unit")
        return
    from handlers.contributions import looks_like_gift  # that module leads here: imported when used

    if turn.data.get("bank") and looks_like_gift(turn.text):  # “ủng hộ 5tr”, “5tr”, “ủng hộ”: no name (0243)
        _credit_stays(turn)
        return
    try:
        name = donor_name(turn.text)
    except DonorError:
        turn.say(
            turn.t(
                "Please type the donor's name in at most 200 characters, for example: Công ty TNHH Minh Phát."
            )
        )
        turn.repeat_menu()
        return
    if is_anonymous(name):
        turn.set(donor_id=None, donor_name=ANONYMOUS, donor_public=False)
        turn.goto("donor", "unit")
        return
    turn.set(donor_name=name, donor_id=None)
    same = await donor_named(turn.session, actor.org_id, name)
    if same is not None:  # the same donor as before (accents, case and spaces aside)
        turn.set(donor_id=same.id, donor_name=same.full_name)
        turn.goto("donor", "public")
        return
    alike = await find_donors(turn.session, actor.org_id, name, limit=MAX_MATCHES)
    if alike and len(alike) <= MAX_MATCHES:
        turn.set(found=[[found.id, person_label(turn, found)] for found in alike])
        turn.goto("donor", "pick")
        return
    turn.goto("donor", "public")


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    new = turn.t("A new donor: {name}").format(name=turn.data.get("donor_name", ""))
    turn.menu(
        turn.t("Donors recorded before with a name like that. Is it one of them?"),
        [
            *(Choice(f"p{pid}", label) for pid, label in turn.data.get("found", [])),
            Choice(NEW, new, keywords=("moi", "new")),
            back_choice(turn.t),
        ],
    )


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("donor", "name")
        return
    actor = await actor_of(turn)
    donor_id = picked_id(turn, "p")
    if donor_id is not None:
        donor = await turn.session.get(Person, donor_id)
        if donor is None or donor.kind != "donor" or actor is None or donor.org_id != actor.org_id:
            turn.goto("donor", "name")
            return
        turn.set(donor_id=donor.id, donor_name=donor.full_name)
    turn.goto("donor", "public")


@flow.prompt("public")
async def ask_public(turn: Turn) -> None:
    name = turn.data.get("donor_name", "")
    donor = await turn.session.get(Person, turn.data.get("donor_id") or 0)
    if donor is not None and donor.public_name:
        question = turn.t(
            "The public statement shows “{name}” beside their gifts, as they agreed before. Is that still so?"
        )
    else:
        question = turn.t(
            "May the public statement show “{name}” beside the gift? Choose Yes only if the donor agreed; "
            "otherwise it reads “{anonymous}”."
        )
    turn.menu(
        question.format(name=name, anonymous=anonymous(turn.t.locale)),
        [
            Choice(YES, turn.t("Yes, show the name"), keywords=YES_WORDS),
            Choice(
                NO, turn.t("No, “{anonymous}”").format(anonymous=anonymous(turn.t.locale)), keywords=NO_WORDS
            ),
            back_choice(turn.t),
        ],
    )


@flow.answer("public")
async def got_public(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("donor", "name")
        return
    turn.set(donor_public=turn.choice == YES)
    turn.goto("donor", "unit")


async def _units(turn: Turn) -> list[Unit]:
    actor = await actor_of(turn)
    if actor is None:
        return []
    return await unit_list(turn, actor.org_id, donor_units(actor))


@flow.prompt("unit")
async def ask_unit(turn: Turn) -> None:
    if await officers_or_home(turn, may_open_donor_gifts, _refusal(turn)) is None:
        return
    units = await _units(turn)
    if len(units) == 1:  # the one unit the writer takes gifts in
        await _begin(turn, units[0])
        return
    if not units:
        turn.say(turn.t("Your organisation has no units yet: a gift is recorded in a unit."))
        _leave(turn)
        return
    turn.menu(
        turn.t("Which unit collected it? Its figures count the gift."),
        [*(Choice(f"u{unit.id}", unit.name) for unit in units), back_choice(turn.t)],
    )


@flow.answer("unit")
async def got_unit(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("donor", "name")
        return
    unit = next((unit for unit in await _units(turn) if unit.id == picked_id(turn, "u")), None)
    if unit is None:
        turn.repeat_menu()
        return
    await _begin(turn, unit)


async def _begin(turn: Turn, unit: Unit) -> None:
    """The donor found again (or a new one, written only with the gift: docs/decisions/0106), then the
    gift's own steps for them, in `unit`."""
    actor = await actor_of(turn)
    if not may_record_donor_gift(actor, unit):
        await say_officers_only(turn, _refusal(turn))
        _leave(turn)
        return
    try:
        donor = await donor_to_record(turn.session, actor, turn.data.get("donor_name", ""), now=turn.now)
    except DonorError:
        turn.goto("donor", "name")
        return
    carried = {
        "for_id": donor.id,
        "for_name": giver_name(turn.t, donor.full_name),
        "for_household": False,
        "donor_unit": unit.id,
        "donor_public": bool(turn.data.get("donor_public")),
    }
    bank, statement = turn.data.get("bank"), turn.data.get("statement")
    turn.goto("give", "drive")
    turn.set(**carried)
    if bank:  # a credit of the bank's statement: money, its amount, its day and description as the note
        turn.set(
            kind="money",
            amount=bank["amount"],
            days=0,
            description=None,
            typed=True,
            note=bank.get("note"),
            bank=bank,
            statement=statement,
        )
