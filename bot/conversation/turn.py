"""One inbound message being handled: what came in, who sent it, where the chat stands, what to answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.config import Settings
from bot.conversation.recognise import BACK_ID, first_number, typed_example, typed_numbers
from bot.conversation.state import ChatState
from bot.db.models import Organisation, Person, Unit
from bot.domain.access import Actor
from bot.i18n import PAPER_LOCALE, Translator
from bot.messages import Choice, Document, Inbound, Reply
from bot.text import greeting, match_key, quoted, says_hello, thanks

# The narrowed menu's own choice: the step's whole menu again (the engine answers it, no flow sees it).
WHOLE_ID = "~whole"
LONG_MENU = 10  # items from which a text-only menu says that letters of a name choose too (two-digit numbers)


@dataclass
class Turn:
    inbound: Inbound
    session: AsyncSession
    state: ChatState
    person: Person | None
    roles: set[str]
    settings: Settings
    now: datetime
    # Texts in the language of the person answered: a step that changes their language replaces it, so the
    # rest of the turn speaks the new one.
    t: Translator
    replies: list[Reply] = field(default_factory=list)
    # Set by the engine before an answer handler runs: the choice ids the message selected.
    picked: list[str] = field(default_factory=list)
    # Set by the engine when a pressed button answered the menu on screen.
    answered_menu: bool = False
    # The messenger account was removed by an officer: nothing but that news is answered.
    removed: bool = False
    # The person stopped the bot herself (/stop) and wrote something other than /start: told how to come back.
    stopped: bool = False
    # Who is writing, as the engine read them with the person (handlers.common.actor_of uses it while the
    # turn has not changed the person or their roles).
    known_actor: Actor | None = None
    # The person's organisation as the engine read it with them. Held here because the session's identity
    # map keeps only what something refers to: without it `session.get(Organisation, …)` queried it again.
    organisation: Organisation | None = None
    # An organisation's units as a step of this turn read them (handlers.common.org_units, by its id): an
    # answer and the prompt it leads to read them once.
    org_units: tuple[int, list[Unit]] | None = None
    # What followed the command that started this turn's flow, on the same line ("/tracuu CT-2026-000001"):
    # None when no command was typed, so a prompt reached from a menu never takes the menu's answer for it.
    argument: str | None = None
    _next: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        # The menu on screen when the message came in: if the turn shows another, its buttons go, on every
        # earlier copy of it too.
        self.opened_with_token = self.state.menu_token
        self.opened_menu_copies: list[int] = list(self.state.menu.get("copies", []))
        # Where the chat stood and the menu it offered (never changed in place: a new menu is a new dict): a
        # menu redrawn at the same step with the same items (a tick) is the same menu, shown at the page of
        # buttons it was pressed on.
        self.opened_at = (self.state.flow, self.state.step)
        self.opened_menu: dict[str, Any] = self.state.menu or {}
        # What the chat held when the message came in (`set` makes a new dict): a flow started from the main
        # menu reads what the last one left there (handlers.away, the colleague named last: decision 2855).
        self.opened_data: dict[str, Any] = self.state.data
        self.opened_roles = frozenset(self.roles)
        # The message as it came in, whole: a command's step sees only what followed the command (`argument`),
        # and a few read the words it was asked with ("/language": in English; handlers.common.language_menu).
        self.typed = self.inbound.text or ""

    # --- what came in -------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.inbound.text or ""

    @property
    def choice(self) -> str | None:
        return self.picked[0] if self.picked else None

    @property
    def data(self) -> dict[str, Any]:
        return self.state.data

    @property
    def today(self) -> date:
        return local_date(self.now)

    # --- what goes out ------------------------------------------------------------------------------
    def say(self, text: str, *, keep: bool = False) -> None:
        """`keep`: the text is a record (a receipt, a decision, a saved registration): never edited away."""
        self.replies.append(Reply(text=text, keep=keep))

    def say_to_forward(self, text: str, photo: str | None = None) -> None:
        """A message made to be forwarded or copied as it is (into a group chat): on its own, with nothing
        joined to it and no buttons, so a long press takes exactly it; a record, never edited away. `photo`:
        a stored picture it carries, `text` its caption (a poster's correction, decision 0738)."""
        self.replies.append(Reply(text=text, keep=True, alone=True, photo=photo))

    def say_waiting_left(self) -> None:
        """A registration put aside while a gift typed at its question is recorded (the data's `waiting`,
        handlers.common.put_aside; decision 0236), left with the gift (/huy, /menu, another entry): said, so
        nobody takes it for kept."""
        if self.person is not None and self.data.get("waiting"):
            self.say(
                self.t(
                    "The registration you left waiting for this gift was not saved either: to register, "
                    "type /dangky again."
                )
            )

    def said_new_end_kept(self) -> bool:
        """The message of a drive's new end (the data's `new_end`, handlers.drives.chose_to_tell) left
        unsent, by “Không gửi” or /huy: the new end was saved a step before and stays, so that is said, not
        “nothing was saved”, which reads as if the date went back (decision 1298). False when it is no such
        message."""
        if self.person is None or not (new_end := self.data.get("new_end")):
            return False
        self.say(
            self.t("Nobody was told. The drive's new end, {end}, is kept.").format(
                end=self.t.date(date.fromisoformat(new_end))
            )
        )
        return True

    def show_photo(self, path: str, caption: str) -> None:
        self.replies.append(Reply(text=caption, photo=path))

    def hand_over(self, document: Document, caption: str) -> None:
        """A file in the chat, `caption` with it; a record, never edited away. The file is in Vietnamese
        (PAPER_LOCALE): a reader of another language is told so."""
        if self.t.locale != PAPER_LOCALE:
            caption += "\n" + self.t("The file is in Vietnamese, the language it is filed and signed in.")
        self.replies.append(Reply(text=caption, document=document, keep=True))

    def menu(
        self,
        text: str,
        choices: list[Choice],
        *,
        free_text: bool = False,
        multi: bool = False,
        hint: str | None = None,
        press_hint: str | None = None,
        keep: bool = False,
        asks_number: bool = False,
        home: bool = False,
        takes_file: bool = False,
        unsaved: bool = False,
        asks_code: bool = False,
        entries: bool = False,
        takes_photo: bool = False,
        asks_goods: bool = False,
        photo_of: str | None = None,
    ) -> None:
        """Offer choices. Unless `free_text`, anything else re-shows the menu and the step is not called.
        `keep`: the text is a record the person may want to read again (the data notice they agree to), so a
        channel must not replace it with the answer. `hint`, `press_hint`: how to answer on a channel
        without buttons and on one with them (bot.messages.Reply). `asks_number`: the question asks for a
        number (with `free_text`), so a number typed is that answer and never picks an option (decision
        0041). `home`: the main menu's entries are among the choices, so what is typed there as at the main
        menu (a gift, a receipt's photo) is read as it would be there. `unsaved`: the question is a last look
        at something not saved until it is confirmed: leaving it for another step says so (decision 0125).
        `asks_code`: the question asks for a code (with `free_text`), which is never a command's word: that
        word typed there runs its command (decision 0130). `entries`: text that names no choice, no keyword
        and no command is still given to the step's answer (no choice picked), which reads it as a main-menu
        entry's name (handlers.menu.entry_typed) or answers as to any wrong answer (`not_an_option`, decision
        0157). `takes_photo`: a photo sent there is given to the step's answer (a gift's receipt sent at its
        last look, an evidence photo asked for); a photo without words sent at a question without it is
        answered by the engine that no photo is needed there, with the question again (decision 0282).
        `asks_goods`: the question asks what goods were given (with `free_text`), which no command's word
        names: that word typed there runs its command, as at an amount (decision 0312). `photo_of`: the
        photo is what the question asks for, and what it is of (bot.conversation.photo_asked: a gift's
        receipt, an appeal's picture, a labour day's photo…): a file, a sticker or a voice message sent there
        is answered so (decisions 0757, 0794). Without it a photo is taken in passing (a receipt sent ahead
        of the amount, or at the last look): a sticker there is asked to be typed (decision 0807)."""
        stored = [stored_choice(c) for c in choices]
        long_hint = hint is None and not (free_text or multi or asks_number)
        if long_hint:
            hint = self._long_menu_hint(stored)
        self.state.menu_token += 1
        self.state.menu = {
            "text": text,
            "choices": stored,
            "free_text": free_text,
            "multi": multi,
            "hint": hint,
            "keep": keep,
        }
        if press_hint:
            self.state.menu["press_hint"] = press_hint
        if long_hint and hint is not None:
            self.state.menu["long_hint"] = True  # a narrowed part of it says how to pick by number
        if asks_number:
            self.state.menu["asks_number"] = True
        if home:
            self.state.menu["home"] = True
        if takes_file:
            self.state.menu["file"] = True
        if unsaved:
            self.state.menu["unsaved"] = True
        if asks_code:
            self.state.menu["asks_code"] = True
        if entries:
            self.state.menu["entries"] = True
        if takes_photo:
            self.state.menu["photo"] = True
        if photo_of is not None:
            self.state.menu["photo_of"] = photo_of
        if asks_goods:
            self.state.menu["asks_goods"] = True
        self.replies.append(
            Reply(
                text=text,
                choices=tuple(choices),
                menu_token=self.state.menu_token,
                multi=multi,
                hint=hint,
                press_hint=press_hint,
                keep=keep,
                asks_number=asks_number,
            )
        )

    def ask(self, text: str, *, asks_number: bool = False, takes_photo: bool = False) -> None:
        """Ask for a typed value; buttons of earlier menus become stale. `asks_number`: the value is a number
        or an amount, so another entry's keyword typed there is that entry, never a wrong number (engine).
        `takes_photo`: as `menu`'s."""
        self.state.menu_token += 1
        self.state.menu = {"text": text, "choices": [], "free_text": True, "multi": False, "hint": None}
        if asks_number:
            self.state.menu["asks_number"] = True
        if takes_photo:
            self.state.menu["photo"] = True
        self.replies.append(Reply(text=text, menu_token=self.state.menu_token))

    def repeat_menu(self, *, hint: str | None = None) -> None:
        """Show the current menu again, exactly as it was (same token: its buttons stay valid); `hint`: how
        to answer on a channel without buttons, for a menu that has none of its own."""
        menu = self.state.menu or {}
        choices = tuple(
            Choice(c["id"], c["label"], tuple(c.get("keywords", [])), pinned=bool(c.get("pinned")))
            for c in menu.get("choices", [])
        )
        self.replies.append(
            Reply(
                text=menu.get("text", ""),
                choices=choices,
                menu_token=self.state.menu_token,
                multi=bool(menu.get("multi")),
                hint=menu.get("hint") or hint,
                press_hint=menu.get("press_hint"),
                keep=bool(menu.get("keep")),
                asks_number=bool(menu.get("asks_number")),
            )
        )

    def _long_menu_hint(self, choices: list[dict[str, Any]]) -> str | None:
        """On a channel without buttons, a menu of LONG_MENU items or more says that a few letters of an
        option's name choose it too (decision 0088), with an example from the menu itself; None otherwise."""
        items = [c for c in choices if c["id"] != BACK_ID and not c.get("pinned")]
        example = typed_example(choices) if len(items) >= LONG_MENU else None
        if example is None:
            return None
        return self.t("Type its number, or a few letters of its name, for example: {example}.").format(
            example=example
        )

    def not_an_option(self) -> None:
        """The answer to text that names none of the menu's options: please choose (“there is no 5” for a
        number it lacks), how to type a part of a name, the whole menu again with how to pick by number. The
        engine's own answer, and a step's (`entries`) that read the text and found nothing in it either."""
        text = self.inbound.text
        if text and thanks(text):  # “cảm ơn ạ” after a confirmation: a kind word back, the menu again
            self.whole_menu()
            self.say(self.t("You are welcome! If you need anything else, please choose below."))
            self.repeat_menu()
            return
        if text and (self.state.flow, self.state.step) == ("menu", "main") and greeting(text):
            self.whole_menu()  # “alo”, “xin chào”, “ok”: the main menu greets by name itself, as its answer
            self.repeat_menu()
            return
        if (
            text and self.person is not None and says_hello(text)
        ):  # “alo” half-way: greeted back, the question again
            self.greet_mid_step()
            return
        said = self.t("Please choose one of the options below.")
        numbers = typed_numbers(match_key(text).strip(" .!?")) if text else None
        if numbers and not self.state.menu.get("asks_number"):  # "5" on a menu of 3: say that it has no 5
            said = self.t("There is no {number} in this list.").format(number=numbers[-1]) + " " + said
        self.whole_menu()
        if text and (example := typed_example(self.state.menu["choices"])):
            how = self.t("You can also type a few letters of its name, for example: {example}.")
            said += " " + how.format(example=example)
        self.say(said)
        hint = self.t("Type the number of your choice, for example: {number}.")
        self.repeat_menu(hint=hint.format(number=first_number(self.state.menu["choices"])))

    def greet_mid_step(self, *, asked_again: bool = True) -> None:
        """A greeting typed at a question (“alo”, “chào bạn”): greeted back, told how to answer or stop, and
        the question asked again, unchanged (decision 0263); never “please choose” nor “no amount”. Not
        `asked_again`: the step shows its question itself (a gift's last look with the photo just kept)."""
        said = self.t("Hello! Please answer the question below, or type “cancel” to stop.")
        if asked_again:
            self.ask_again(said)
        else:
            self.say(said)

    def ask_again(self, said: str) -> None:
        """`said` (why what came is no answer: a greeting, a photo where none is asked), then the question on
        screen again, whole and unchanged: a menu with the number to type, a typed answer's question as it was
        asked, with its own example (decisions 0263, 0282)."""
        self.whole_menu()
        self.say(said)
        hint = self.t("Type the number of your choice, for example: {number}.")
        choices = self.state.menu.get("choices") or []
        typed = self.state.menu.get("free_text")  # a typed answer's question comes back as it was asked
        self.repeat_menu(hint=hint.format(number=first_number(choices)) if choices and not typed else None)

    def narrow_menu(self, ids: list[str], typed: str) -> None:
        """Show only the options of the menu on screen that `ids` name (those a part of a name typed matched),
        with the menu's actions (pinned, and Back) under them, in the menu's order (decision 0088). The step's
        whole menu is kept with it ("whole"): a name typed next is looked for there too, and text that matches
        nothing shows it again (`whole_menu`). The narrowed menu has a token of its own, so its numbers are
        its own; "since" keeps the token the step's menu was first shown with: a press on an earlier message
        of this step's menu still answers it (bot.conversation.engine)."""
        menu = self.state.menu
        whole = menu.get("whole") or {k: v for k, v in menu.items() if k not in ("copies", "since")}
        since = menu.get("since", self.state.menu_token)
        wanted = set(ids)
        kept = [c for c in whole["choices"] if c["id"] in wanted or c.get("pinned")]
        choices = [c for c in kept if c["id"] != BACK_ID]
        everything = {"id": WHOLE_ID, "label": self.t("Show the whole list"), "pinned": True}
        everything["keywords"] = ["ca danh sach", "xem ca danh sach", "tat ca", "whole list"]
        choices += [everything, *(c for c in whole["choices"] if c["id"] == BACK_ID)]
        text = self.t.plural("{n} option matches {typed}:", "{n} options match {typed}:", len(ids))
        text = text.format(n=len(ids), typed=quoted(typed))
        own = None if whole.get("long_hint") else whole.get("hint")
        hint = own or self.t("Type the number of your choice, for example: {number}.").format(number=1)
        self.state.menu_token += 1
        self.state.menu = {
            **whole,
            "text": text,
            "choices": choices,
            "hint": hint,
            "keep": False,
            "whole": whole,
            "since": since,
        }
        self.repeat_menu()

    def whole_menu(self) -> None:
        """The step's whole menu on screen again where a typed part of a name had narrowed it (`narrow_menu`),
        with a new token (the narrowed numbers no longer count; presses on the step's earlier messages do)."""
        menu = self.state.menu
        if menu.get("whole"):
            self.state.menu_token += 1
            self.state.menu = {**menu["whole"], "since": menu["since"]}

    # --- where to go next ---------------------------------------------------------------------------
    def goto(self, flow: str, step: str, *, keep_data: bool = True) -> None:
        """Move to a step; its prompt runs once the current handler returns."""
        if not keep_data or flow != self.state.flow:
            self.clear_data()
        self._next = (flow, step)

    def clear_data(self) -> None:
        """Forget what the flow gathered; a language chosen before joining stays with the chat until the
        person joins (it is then theirs: bot.conversation.engine reads the person's first)."""
        locale = self.state.data.get("locale") if self.person is None else None
        self.state.data = {"locale": locale} if locale else {}

    def place(self) -> dict[str, Any]:
        """Where the chat stands and what its flow gathered, kept as data to come back to (`come_back`;
        `handlers.common.put_aside`, for another step of it)."""
        return {"flow": self.state.flow, "step": self.state.step, "data": dict(self.state.data)}

    def come_back(self, place: dict[str, Any]) -> None:
        """Stand again where `place` was, with what was gathered there, and ask its question again."""
        self.state.data = dict(place["data"])
        self.wait_at(place["flow"], place["step"])
        self.repeat_menu()

    def wait_at(self, flow: str, step: str) -> None:
        """Stay for the next message at a step whose question was just asked (no prompt runs)."""
        self.state.flow, self.state.step = flow, step
        self._next = None

    def set(self, **values: Any) -> None:
        self.state.data = {**self.state.data, **values}


def stored_choice(choice: Choice) -> dict[str, Any]:
    """A menu's choice as the chat's state keeps it (read back by `Turn.repeat_menu`)."""
    stored: dict[str, Any] = {"id": choice.id, "label": choice.label, "keywords": list(choice.keywords)}
    if choice.pinned:
        stored["pinned"] = True
    if choice.as_written:
        stored["as_written"] = True
    if choice.led:
        stored["led"] = True
    return stored


def menu_items(menu: dict[str, Any]) -> list[str]:
    """The ids of a stored menu's items: its choices but the actions pinned under every page."""
    return [c["id"] for c in menu.get("choices", []) if not c.get("pinned")]
