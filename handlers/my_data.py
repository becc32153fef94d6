"""A member's own data (/dulieu, “bot lưu những gì về tôi?”): what is kept about her and why, on one screen,
her copy as a file; deletion asked for (“tôi muốn xóa dữ liệu”): what must be kept and what she can do
instead; and stopping (/stop, “không dùng bot nữa”), after a last look. The rules are bot.domain.my_data's
(docs/decisions/0674, 0675, 0676)."""

from __future__ import annotations

import re

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.domain.access import is_away
from bot.domain.links import channel_name
from bot.domain.my_data import (
    Kept,
    office_told_of_stop,
    other_phones,
    own_records,
    roles_held,
    stop_using,
    what_is_kept,
)
from bot.domain.notices import roles_named
from bot.domain.reminders import optional_off
from bot.i18n import PAPER_LOCALE, Translator
from bot.messages import Choice, Document
from bot.my_data_sheet import write_my_data
from bot.text import masked_phone, match_key, nfc, pictures_dropped
from handlers.common import (
    NO,
    NO_WORDS,
    YES,
    YES_WORDS,
    actor_of,
    back_choice,
    go_home,
    kept_file,
    words_but,
)
from handlers.wording import labour_days

flow = Flow("mydata")
FILE, STOP, SEE, APPEALS_OFF, REMINDERS = "file", "stop", "see", "appeals_off", "reminders"
APPEALS_ON = "appeals_on"
# What people type to see what is kept, to have it deleted, and to stop (handlers/registry.py).
SEE_WORDS = (
    *("dữ liệu của tôi", "xem dữ liệu", "xem dữ liệu của tôi", "dữ liệu cá nhân", "xem dữ liệu cá nhân"),
    *("bot lưu những gì về tôi", "bot lưu gì về tôi", "lưu những gì về tôi", "thông tin của tôi"),
    *("my data", "my personal data", "what do you keep about me", "what data do you keep"),
    *("show my data", "what do you know about me", "what data do you have about me"),
    *("what data do you have on me", "what do you store about me"),
)
ERASE_WORDS = (
    *("xóa dữ liệu", "xóa dữ liệu của tôi", "tôi muốn xóa dữ liệu", "tôi muốn xóa dữ liệu của tôi"),
    *("xóa thông tin của tôi", "xóa tài khoản", "xóa tài khoản của tôi", "xin xóa dữ liệu"),
    *("delete my data", "erase my data", "delete my account", "remove my data", "forget me"),
)
STOP_WORDS = (
    *("ngừng dùng bot", "không dùng bot nữa", "tôi không dùng bot nữa", "hủy đăng ký", "ngừng nhận tin"),
    *("dừng bot", "ngừng bot", "không nhận tin nữa", "stop using the bot", "unsubscribe"),
)
# The stop as people say it, with the words they put around it (“tôi muốn ngừng dùng bot”, “cho em ngừng nhận
# tin nhắn”, “đừng gửi tin cho tôi nữa”, “bot làm phiền quá”, “please stop messaging me”), and fewer messages
# asked for (“tắt thông báo”, “không nhận lời kêu gọi nữa”), whose lighter ways come first (decision 0715).
# Compared without the words of AROUND: what is left must be one of them whole, so “ngừng” in other words is
# never the stop; and only at the main menu, never as a step's answer or a gift's note (`asks_to_stop`).
AROUND = frozenset(
    {"toi", "em", "minh", "con", "chau", "cho", "muon", "xin", "vui", "long", "hay", "nua", "qua", "a", "nhe"}
    | {"nha", "di", "roi", "giup", "please", "pls", "me", "i", "want", "to", "can", "you", "just"}
)
STOP_SAID = (
    *("ngừng nhận tin nhắn", "dừng nhận tin nhắn", "không nhận tin nhắn", "ngừng gửi tin", "đừng gửi tin"),
    *("đừng gửi tin nhắn", "đừng nhắn tin", "bot làm phiền", "làm phiền", "đừng làm phiền", "stop messaging"),
    *("stop sending messages", "stop sending me messages", "stop the bot", "stop bot"),
)
FEWER_SAID = (
    *("tắt thông báo", "không nhận thông báo", "bớt thông báo", "bớt tin nhắn", "tắt lời kêu gọi"),
    *("không nhận lời kêu gọi", "không nhận kêu gọi", "turn off notifications", "fewer messages"),
    *("no more appeals", "stop appeals", "turn off appeals"),
)
# Appeals asked back in the same words (“nhận lại kêu gọi”, “bật lại lời kêu gọi”): the same screen, which
# then offers them back; they got “please choose one of the options” (decision 1478).
APPEALS_BACK_SAID = (
    *("nhận lại lời kêu gọi", "nhận lại kêu gọi", "bật lại lời kêu gọi", "bật lại kêu gọi", "bật kêu gọi"),
    *("bật lời kêu gọi", "nhận kêu gọi", "nhận lời kêu gọi", "mở lại kêu gọi", "mở lại lời kêu gọi"),
    *("receive appeals again", "turn appeals on", "turn on appeals", "appeals back on"),
)


def _bare(text: str) -> str:
    return words_but(match_key(pictures_dropped(text)), AROUND)


_STOP_KEYS = frozenset(_bare(said) for said in (*STOP_WORDS, *STOP_SAID))
_FEWER_KEYS = frozenset(_bare(said) for said in (*FEWER_SAID, *APPEALS_BACK_SAID))
_SEE_KEYS = frozenset(_bare(said) for said in SEE_WORDS)
_ERASE_KEYS = frozenset(_bare(said) for said in ERASE_WORDS)


def asks_to_see(text: str) -> bool:
    """Typed at the main menu, what is kept asked for with the words people put around it (“I want to see my
    data”, “cho em xem dữ liệu của tôi”), as the stop is read (decision 0748)."""
    return _bare(text) in _SEE_KEYS


def asks_to_erase(text: str) -> bool:
    """Typed at the main menu, deletion asked for with the words around it (“I want to delete my data”,
    “please delete my data”, “xin xóa dữ liệu giúp em”): told what must stay (decision 0748)."""
    return _bare(text) in _ERASE_KEYS


def asks_to_stop(text: str) -> bool:
    """Typed at the main menu, the stop as people say it: its last look follows, nothing is done before
    “Có, ngừng” (decision 0715)."""
    return _bare(text) in _STOP_KEYS


# “không dùng” typed with its marks, alone or with the words around it (“tôi không dùng nữa”): “I do not use
# it”, not “không đúng” (“that is wrong”), whose letters it folds to (decision 2418). Without marks (“khong
# dung”) nothing tells the two apart, and it stays the notice's “không đúng”.
_NOT_USING = frozenset({"khong dung", "ko dung", "k dung", "hong dung"})


def says_not_using(text: str) -> bool:
    """Typed at the main menu, “không dùng” as written, with its grave accent: fewer messages offered, the
    stop last, as `asks_fewer` reads them (decision 2418)."""
    return _bare(text) in _NOT_USING and writes_use(text)


def writes_use(text: str) -> bool:
    """Whether `text` writes the word “dùng” (to use) with its marks, never “đúng” (right)."""
    return re.search(r"(?<!\w)dùng(?!\w)", nfc(text).casefold()) is not None


def asks_fewer(text: str) -> bool:
    """Typed at the main menu, fewer messages asked for: appeals and reminders off offered before the stop;
    or appeals asked back, offered on the same screen."""
    return _bare(text) in _FEWER_KEYS


def before_joining(t: Translator) -> str:
    """Asked what is kept, to delete it or to stop, by someone who has not joined: there is nothing to show,
    delete or stop, and joining asks her consent first (docs/decisions/0700)."""
    return t(
        "You have not joined Chung Tay, so it keeps no record about you (name, unit, gifts) and sends you "
        "nothing unasked. If you join, you read and agree to what it keeps first. Below is how to join."
    )


def _stop_choice(turn: Turn) -> Choice:
    return Choice(STOP, turn.t("Stop using the bot"), keywords=("ngung", "ngung dung", "stop"))


def _gifts_line(t: Translator, kept: Kept) -> str:
    """How many gifts, their money and their labour days: labour days alone without “0 ₫” before them, and
    no gift as none, not as “0 khoản, 0 ₫”."""
    if not kept.gifts:
        return t("• Gifts: none")
    if kept.labour_days and not kept.money:
        said = t.plural("• Gifts: {n} entry", "• Gifts: {n} entries", kept.gifts).format(
            n=t.number(kept.gifts)
        )
    else:
        said = t.plural("• Gifts: {n} entry, {amount}", "• Gifts: {n} entries, {amount}", kept.gifts).format(
            n=t.number(kept.gifts), amount=_worth(t, kept)
        )
    return said + (", " + labour_days(t, kept.labour_days) if kept.labour_days else "")


def _screen(turn: Turn, kept: Kept) -> str:
    t = turn.t
    name = f"{kept.full_name}, {kept.unit}" if kept.unit else kept.full_name
    lines = [
        t("What Chung Tay keeps about you, and why:"),
        (t("• {name}, from the staff list") if kept.listed else t("• {name}, as you joined")).format(
            name=name
        ),
        *(
            [t("• Phone number, as the staff list has it: {phone}").format(phone=masked_phone(kept.phone))]
            if kept.phone
            else []
        ),
        t("• Messenger accounts linked: {accounts}").format(
            accounts=", ".join(channel_name(t.locale, c) for c in kept.accounts) or "—"
        ),
        t.plural("• Registrations: {n} year", "• Registrations: {n} years", kept.commitments).format(
            n=t.number(kept.commitments)
        )
        if kept.commitments
        else t("• Registrations: none"),
        _gifts_line(t, kept),
        t("• Receipt photos kept: {n}").format(n=t.number(kept.photos)),
        *(
            [
                t("• Receipt photos you sent for other people's gifts: {n}").format(
                    n=t.number(kept.photos_for_others)
                )
            ]
            if kept.photos_for_others
            else []
        ),
        *([_cases_line(t, kept.cases)] if kept.cases else []),
        *([_away_line(turn, kept)] if kept.away_until is not None else []),
        t("• Optional reminders: {state}; appeals: {appeals} (/nhacnho)").format(
            state=t("off") if kept.optional_reminders_off else t("on"),
            appeals=t("off") if kept.appeals_off else t("on"),
        ),
        t("• Your name on the public statement: {state} (/congkhai)").format(
            state=t("shown") if kept.public_name else t("not shown")
        ),
        t(
            "Why: to count your registration and gifts, confirm them and publish the statement. Your own "
            "amounts are seen only by you, the treasurers and the officers; never in group chats."
        ),
    ]
    return "\n".join(lines)


def _cases_line(t: Translator, cases: int) -> str:
    """That hardship cases about her are kept, how many and by whom, never what they say (decision 0723)."""
    return t(
        "• Hardship case files about you: {n}, written by the officers; ask the officer in charge to see or "
        "correct them"
    ).format(n=t.number(cases))


def _away_line(turn: Turn, kept: Kept) -> str:
    """Her long leave as recorded (decision 0740): its last day and who recorded it, and that no reason is
    kept; once it is over, the last day it had (decision 0774). Away on training, the one reason kept, said
    (decision 2315)."""
    t = turn.t
    if kept.away_reason == "training":
        said = (
            t(
                "• Away on training until {day}, recorded by the officer in charge or the office; until then "
                "no appeal or reminder is sent to you"
            )
            if is_away(kept, turn.today)
            else t("• The last time away recorded for you, on training, ended on {day}")
        )
    elif is_away(kept, turn.today):
        said = t(
            "• Long leave until {day}, recorded by the officer in charge or the office (no reason is kept); "
            "until then no appeal or reminder is sent to you"
        )
    else:
        said = t("• The last long leave recorded for you ended on {day} (no reason is kept)")
    assert kept.away_until is not None
    return said.format(day=t.date(kept.away_until))


def _worth(t: Translator, kept: Kept) -> str:
    """What her gifts came to in đồng; where it is only goods nobody valued (gold, dollars), that their value
    is not known, never “0 ₫” (decision 0708)."""
    if not kept.money and kept.goods_unvalued:
        return t("value not known")
    return t.vnd(kept.money)


@flow.prompt("show")
async def show(turn: Turn) -> None:
    assert turn.person is not None
    kept = await what_is_kept(turn.session, await actor_of(turn), turn.person)
    turn.menu(
        _screen(turn, kept),
        [
            Choice(FILE, turn.t("Get my data as a file"), keywords=("tep", "file", "nhan tep")),
            _stop_choice(turn),
            back_choice(turn.t),
        ],
    )


@flow.answer("show")
async def chose(turn: Turn) -> None:
    if turn.choice == FILE:
        await _hand_over(turn)
        go_home(turn)
    elif turn.choice == STOP:
        turn.goto("mydata", "stop")
    else:
        go_home(turn)


async def _hand_over(turn: Turn) -> None:
    assert turn.person is not None
    actor = await actor_of(turn)
    kept = await what_is_kept(turn.session, actor, turn.person)
    gifts, targets = await own_records(turn.session, actor, turn.person)
    name = f"du-lieu-cua-toi-{turn.today:%Y-%m-%d}.xlsx"
    path = kept_file(turn, "documents", name)
    write_my_data(kept, gifts, targets, turn.settings.media_dir / path, on=turn.today, locale=PAPER_LOCALE)
    fallback = turn.t(
        "This messenger cannot carry files, so {name} was not sent here. Open Chung Tay on Telegram and ask "
        "for it again (/lienket uses both with one account), or ask your officer."
    ).format(name=name)
    turn.hand_over(
        Document(path, name, fallback),
        turn.t("Your data: who you are on the record, each of your gifts and your registrations."),
    )


@flow.prompt("erase")
async def erase(turn: Turn) -> None:
    turn.menu(
        turn.t(
            "Gifts and registrations once recorded are records the Fund must keep (its accounts, under the "
            "Accounting Law), so they cannot be deleted, not even by the office; the receipt photos of "
            "confirmed gifts stay as their vouchers.\n"
            "What you can do: stop using the bot. Nothing more is sent to you, what waits for you is not "
            "sent, and your name stays in the books for the treasurers and officers only."
        ),
        [
            _stop_choice(turn),
            Choice(SEE, turn.t("See what is kept"), keywords=("xem", "see")),
            back_choice(turn.t),
        ],
    )


@flow.answer("erase")
async def chose_after_erase(turn: Turn) -> None:
    if turn.choice == STOP:
        turn.goto("mydata", "stop")
    elif turn.choice == SEE:
        turn.goto("mydata", "show")
    else:
        go_home(turn)


@flow.prompt("fewer")
async def fewer(turn: Turn) -> None:
    """Fewer messages asked for (“tắt thông báo”, “không nhận lời kêu gọi nữa”): the lighter ways first,
    appeals off and the optional reminders, each as it is now; stopping the bot after them (decision 0715)."""
    assert turn.person is not None
    t = turn.t
    reminders_off = await optional_off(turn.session, turn.person.id)
    text = "\n".join(
        [
            t("To receive fewer messages and still use Chung Tay:"),
            t("• Appeals: {state}").format(state=t("off") if turn.person.appeals_off else t("on")),
            t("• Optional reminders: {state}").format(state=t("off") if reminders_off else t("on")),
            t(
                "Reminders of deadlines you are responsible for, and answers to what you do, still come. To "
                "receive nothing at all: stop using the bot."
            ),
        ]
    )
    choices = [
        Choice(APPEALS_ON, t("Receive appeals again"), keywords=("nhan lai", "bat lai", "appeals on"))
        if turn.person.appeals_off
        else Choice(APPEALS_OFF, t("Receive no appeals"), keywords=("loi keu goi", "appeals")),
        Choice(REMINDERS, t("Optional reminders on or off"), keywords=("nhac nho", "reminders")),
        _stop_choice(turn),
        back_choice(t),
    ]
    turn.menu(text, choices)


@flow.answer("fewer")
async def chose_fewer(turn: Turn) -> None:
    assert turn.person is not None
    if (turn.choice == APPEALS_OFF and not turn.person.appeals_off) or (
        turn.choice == APPEALS_ON and turn.person.appeals_off
    ):
        turn.goto("appeal", "toggle")  # turned off, or back on, at once, as the main menu's entry does
    elif turn.choice == REMINDERS:
        turn.goto("reminder", "settings")
    elif turn.choice == STOP:
        turn.goto("mydata", "stop")
    else:
        go_home(turn)


@flow.prompt("stop")
async def ask_stop(turn: Turn) -> None:
    assert turn.person is not None
    named = turn.person.public_name is True
    turn.menu(
        "\n".join(
            [
                turn.t("Stop using Chung Tay?"),
                turn.t(
                    "• Nothing more is sent to you: no appeals, reminders or digests; what waits for you is "
                    "not sent."
                ),
                turn.t(
                    "• Your gifts stay in the Fund's books (accounting records), your name with them for the "
                    "treasurers and officers only. Nothing is deleted or changed."
                ),
                turn.t(
                    "• Your name stays on the public statement as you chose; to hide it, use /congkhai first."
                )
                if named
                else turn.t("• The public statement does not show your name."),
                *await _roles_line(turn),
                *await _phones_line(turn),
                turn.t("• To come back: send /start here, or ask your officer."),
                turn.t("(To change your registration for the year instead: /dangky.)"),
            ]
        ),
        [
            Choice(YES, turn.t("Yes, stop"), keywords=YES_WORDS, led=True),
            Choice(NO, turn.t("No"), keywords=NO_WORDS, led=True),
        ],
        hint=turn.t("Reply YES to confirm or NO to cancel."),
        unsaved=True,
    )


def _this_account(turn: Turn) -> tuple[str, str]:
    return turn.inbound.channel, turn.inbound.user_id


async def _phones_line(turn: Turn) -> list[str]:
    """A household's phone stops alone: said where its other phones go on (docs/decisions/0700)."""
    assert turn.person is not None
    if not await other_phones(turn.session, turn.person, _this_account(turn)):
        return []
    return [turn.t("• Only this phone stops; the household's other phones still receive its messages.")]


async def _roles_line(turn: Turn) -> list[str]:
    """A role holder's roles stay after her stop, their work unheard: the office is told, or, where no other
    administrator would hear it, she is asked to hand them over first (docs/decisions/0699)."""
    assert turn.person is not None
    roles = await roles_held(turn.session, turn.person)
    if not roles:
        return []
    named = await roles_named(turn.session, turn.person.org_id, turn.t, roles)
    if await office_told_of_stop(turn.session, turn.person):
        said = turn.t(
            "• Your roles stay: {roles}. Their work (gifts to confirm, digests, notices) will no longer "
            "reach you; the office is told, to give them to someone else."
        )
    else:
        said = turn.t(
            "• Your roles stay: {roles}. Their work (gifts to confirm, digests, notices) will no longer "
            "reach you, and no other administrator would hear of it: before stopping, have them given to "
            "someone else (the office, or /phanquyen if you are an administrator)."
        )
    return [said.format(roles=named)]


@flow.answer("stop")
async def got_stop(turn: Turn) -> None:
    assert turn.person is not None
    if turn.choice != YES:
        turn.say(turn.t("Nothing changed: Chung Tay goes on as before."))
        go_home(turn)
        return
    await stop_using(
        turn.session,
        await actor_of(turn),
        turn.person,
        now=turn.now,
        settings=turn.settings,
        account=_this_account(turn),
    )
    turn.say(
        turn.t(
            "Done: Chung Tay sends you nothing more. Your records stay as they were. To come back, send "
            "/start here. Thank you for all you gave!"
        )
    )
    turn.clear_data()
    turn.wait_at("menu", "main")
    turn.state.menu = {}
