"""The conversation engine: one transaction per inbound message.

dedupe → identity → state → route → step → save → commit; replies are returned for the channel to
send only after the commit, so nothing is ever acknowledged that is not stored.

A turn that fails is one of two kinds (bot.db.errors): a database that is busy or unreachable raises, so
the channel tries the same update again later; anything else is rolled back and, in a second small
transaction, the update is recorded as processed and the person gets a short apology: one bad update is
never retried forever and never holds up other chats."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from bot.clock import Clock, local_date, system_clock
from bot.config import Settings
from bot.conversation.flow import Registry
from bot.conversation.photo_asked import RECEIPT, asked_photo, file_not_a_photo
from bot.conversation.recognise import (
    BACK_ID,
    BACK_WORDS,
    first_number,
    matching,
    near,
    numbers_an_item,
    one_number,
    recognise,
    typed_numbers,
)
from bot.conversation.render import merge_replies
from bot.conversation.state import ChatState, from_labelled, labelled_columns, read_state, write_state
from bot.conversation.turn import WHOLE_ID, Turn, menu_items
from bot.db.errors import is_transient
from bot.db.models import (
    Campaign,
    ChannelIdentity,
    ConversationState,
    Organisation,
    Person,
    ProcessedUpdate,
    RoleAssignment,
)
from bot.db.ops import insert_ignore
from bot.delivery import actions
from bot.delivery.actions import ActionRef, action_ref
from bot.delivery.outbox import (
    REPLY_KEY,
    Destination,
    enqueue,
    menu_went_out,
    notices_seen_after,
    shown_again_before,
)
from bot.delivery.transport import OutboundMessage
from bot.domain.access import Actor
from bot.domain.audit import audit
from bot.domain.campaigns import active_campaign_of, remember_active_campaign
from bot.domain.my_data import stopped_by_themself
from bot.i18n import DEFAULT_LOCALE, LOCALES, Translator, translate
from bot.logs import describe_failure
from bot.messages import Inbound, Outcome, Reply, taken_together
from bot.text import (
    CODE_WORDS,
    clean,
    fold,
    match_key,
    pictures_dropped,
    plain_digits,
    says_hello,
    telex_key,
    thanks,
)

log = logging.getLogger(__name__)


class HandOver(Protocol):
    """What the engine needs of a sender in its process (bot.delivery.sender.Sender)."""

    def wake(self) -> None: ...

    async def claim_chat(self, connection: AsyncConnection, channel: str, chat_id: str) -> list[Any]: ...

    def take(self, rows: list[Any]) -> None: ...


# Not /stop: Telegram's people type it to stop the bot, which it asks them to confirm (docs/decisions/0675).
CANCEL_COMMANDS = frozenset({"/huy", "/cancel", "/thoat", "/exit"})
# Typed alone, with or without accents or a full stop ("Hủy.", "thoát ra"); compared as bot.text.match_key.
_CANCEL_WORDS = {
    "huy",
    "huy bo",
    "cancel",
    "thoat",
    "thoat ra",
    "exit",
    "stop",
    "quit",
    "never mind",
    "nevermind",
}
_STOP_WORD = "stop"  # one of the cancel words, but at the main menu the way to stop the bot (decision 0700)
MENU_COMMANDS = frozenset({"/menu"})
_MENU_WORDS = {"menu", "trang chu", "ve trang chu", "menu chinh", "main menu", "home", "go home"}


# Built once: constructing a statement costs more than running it on SQLite. One statement opens a turn: the
# chat's state (locked until the turn ends, on PostgreSQL) and who is writing, if anyone known: the person,
# their organisation (into the session: the menu reads its settings without a query of its own), the roles
# with their scope (the actor for bot.domain.access, unless the turn changes who is writing), the account's
# status, whatever it is (a blocked one is welcomed back, a removed one is told so), and the campaign the
# person acts in today (most flows ask for it). No row: no state yet.
_TURN_OPENING = (
    select(
        *labelled_columns(),
        Person,
        Organisation,
        RoleAssignment.role,
        RoleAssignment.unit_id.label("role_unit"),
        RoleAssignment.org_id.label("role_org"),
        ChannelIdentity.id.label("identity_id"),
        ChannelIdentity.status.label("identity_status"),
        Campaign,
    )
    .select_from(ConversationState)
    .outerjoin(
        ChannelIdentity,
        and_(
            ChannelIdentity.channel == bindparam("channel"),
            ChannelIdentity.external_id == bindparam("user"),
        ),
    )
    .outerjoin(Person, Person.id == ChannelIdentity.person_id)
    .outerjoin(Organisation, Organisation.id == Person.org_id)
    .outerjoin(RoleAssignment, RoleAssignment.person_id == Person.id)
    .outerjoin(Campaign, Campaign.id == active_campaign_of(Person.org_id, bindparam("today")))
    .where(ConversationState.channel == bindparam("channel"), ConversationState.chat_id == bindparam("chat"))
    .with_for_update(of=ConversationState)
)
_REACTIVATE = (
    update(ChannelIdentity)
    .where(ChannelIdentity.id == bindparam("identity"), ChannelIdentity.status == "blocked")
    .values(status="active")
)
_LOCALE_OF_IDENTITY = (
    select(Person.locale)
    .join(ChannelIdentity, ChannelIdentity.person_id == Person.id)
    .where(ChannelIdentity.channel == bindparam("channel"), ChannelIdentity.external_id == bindparam("user"))
)


class Engine:
    def __init__(
        self,
        registry: Registry,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        clock: Clock = system_clock,
    ) -> None:
        self.registry = registry
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.clock = clock
        # Called after each commit that wrote outbox rows: the senders of this process look at once.
        self.after_commit: list[Callable[[], None]] = []
        # Senders of this process that take a turn's first reply straight from the turn (`attach`).
        self.senders: list[HandOver] = []
        # SQLite writes one transaction at a time (decision 0017), so turns queue for its connection anyway.
        # They queue here, in arrival order: the pool's queue lets a task that just gave the connection back
        # take it again before the ones already waiting, which left some turns waiting for seconds.
        bind = sessionmaker.kw.get("bind")
        sqlite = bind is not None and bind.dialect.name == "sqlite"
        self._in_turn: asyncio.Lock | contextlib.nullcontext[None] = (
            asyncio.Lock() if sqlite else contextlib.nullcontext()
        )

    def attach(self, sender: HandOver) -> None:
        """A sender in this process: woken after each commit, and handed each turn's reply to send at once."""
        self.senders.append(sender)
        self.after_commit.append(sender.wake)

    def detach(self, sender: HandOver) -> None:
        self.senders.remove(sender)
        self.after_commit.remove(sender.wake)

    async def handle(self, inbound: Inbound) -> Outcome:
        inbound = _normalise(inbound)
        now = self.clock()
        try:
            async with self._in_turn:
                return await self._turn(inbound, now)
        except Exception as error:
            if is_transient(error):
                raise  # nothing was stored: the channel delivers the same update again later
            return await self._apologise(inbound, error, now)

    async def _turn(self, inbound: Inbound, now: datetime) -> Outcome:
        # Closed directly rather than by `async with`, whose exit runs close() in a task of its own: one more
        # trip through the event loop for every message.
        session = self.sessionmaker()
        try:
            async with session.begin():
                connection = await session.connection()
                if not await _first_time(connection, inbound, now):
                    return Outcome(duplicate=True)
                turn = await self._open_turn(session, connection, inbound, now)
                # Nothing is written behind the steps' backs: services flush where they need ids, and the
                # state row is written once, below.
                with session.no_autoflush:
                    await self._route(turn)
                    chose = bool(turn.picked)  # the prompts that follow start with none
                    await self._follow(turn)
                    _number_answered(turn, chose=chose)
                turn.state.updated_at = now
                await session.flush()  # what the step created first: the state may point at a new person
                await _post(turn, connection)
                await write_state(connection, turn.state)
                handed = await self._hand_over(connection, inbound)
                outcome = Outcome(
                    replies=turn.replies,
                    roles=frozenset(turn.roles),
                    locale=turn.t.locale,
                )
        finally:
            await session.close()
        if handed is not None:
            handed()
        else:
            self._wake()
        return outcome

    async def _hand_over(self, connection: AsyncConnection, inbound: Inbound) -> Callable[[], None] | None:
        """The chat's next reply, leased in this transaction by a sender of this process that sends for the
        channel; what hands it over once the transaction commits (None: the senders are woken instead)."""
        for sender in self.senders:
            if claimed := await sender.claim_chat(connection, inbound.channel, inbound.chat_id):
                return functools.partial(sender.take, claimed)
        return None

    def _wake(self) -> None:
        for wake in self.after_commit:
            wake()

    async def _apologise(self, inbound: Inbound, error: Exception, now: datetime) -> Outcome:
        """The turn was rolled back. Record the update as processed (so it is not delivered again and again)
        and tell the person, in their language, that nothing was saved. Logged once, with a code the person
        can quote; the log says where it failed, never what the person typed."""
        incident = uuid.uuid4().hex[:8]
        log.error("turn failed, incident %s (%s): %s", incident, inbound.channel, describe_failure(error))
        session = self.sessionmaker()
        try:
            async with session.begin():
                connection = await session.connection()
                if not await _first_time(connection, inbound, now):
                    return Outcome(duplicate=True)
                chat, user = inbound.chat_id, inbound.user_id
                locale = await locale_outside_a_turn(
                    connection, self.settings, inbound.channel, chat, user, inbound.language
                )
                text = translate(
                    locale,
                    "Sorry, something went wrong on our side and nothing from your last message was saved. "
                    "Please try again, or type /menu. (Error code: {code})",
                ).format(code=incident)
                await enqueue(
                    connection,
                    key=f"{REPLY_KEY}{_reply_key(inbound)}:0",
                    destination=Destination(inbound.channel, inbound.chat_id),
                    message=OutboundMessage(text=text, locale=locale),
                    now=now,
                )
        finally:
            await session.close()
        self._wake()
        return Outcome(replies=[Reply(text=text)], locale=locale, failed=True)

    async def _open_turn(
        self, session: AsyncSession, connection: AsyncConnection, inbound: Inbound, now: datetime
    ) -> Turn:
        today = local_date(now)
        params = {"channel": inbound.channel, "chat": inbound.chat_id, "user": inbound.user_id}
        params["today"] = today
        rows = (await session.execute(_TURN_OPENING, params)).all()
        if not rows:  # first message of this chat: create the row (a racing twin is absorbed)
            await insert_ignore(
                connection,
                ConversationState,
                {
                    "channel": inbound.channel,
                    "chat_id": inbound.chat_id,
                    "flow": "",
                    "step": "",
                    "data": {},
                    "menu": {},
                    "menu_token": 0,
                    "updated_at": now,
                },
            )
            rows = (await session.execute(_TURN_OPENING, params)).all()
        state = from_labelled(rows[0])
        person, status, identity_id = rows[0].Person, rows[0].identity_status, rows[0].identity_id
        if status == "removed":  # told in the language they chose, whatever their phone says (decision 0328)
            t = Translator(_locale_of(person, state, self.settings, inbound.language))
            turn = Turn(inbound, session, state, None, set(), self.settings, now, t)
            turn.removed = True
            return turn
        if (
            status == "blocked"
            and not _comes_back(inbound)
            and await stopped_by_themself(session, identity_id)
        ):
            # she stopped the bot herself: only /start brings her back (docs/decisions/0675)
            t = Translator(_locale_of(person, state, self.settings, inbound.language))
            turn = Turn(inbound, session, state, None, set(), self.settings, now, t)
            turn.stopped = True
            return turn
        roles = {row.role for row in rows if row.role}
        t = Translator(_locale_of(person, state, self.settings, inbound.language))
        turn = Turn(inbound, session, state, person, roles, self.settings, now, t)
        if person is not None:  # active, or blocked and welcomed back below
            remember_active_campaign(session, person.org_id, today, rows[0].Campaign)
            grants = frozenset((r.role, r.role_unit) for r in rows if r.role and r.role_org == person.org_id)
            gone = person.left_on is not None
            turn.known_actor = Actor(person.id, person.org_id, person.unit_id, grants, gone)
            turn.organisation = rows[0].Organisation
        if status == "blocked":
            await self._welcome_back(turn, connection, identity_id)
        return turn

    async def _welcome_back(self, turn: Turn, connection: AsyncConnection, identity_id: int) -> None:
        """A message from someone who had blocked the bot proves they unblocked it: they are back, with
        everything they had."""
        assert turn.person is not None
        await connection.execute(_REACTIVATE, {"identity": identity_id})
        audit(
            turn.session,
            at=turn.now,
            actor_id=turn.person.id,
            action="identity.unblocked",
            entity="channel_identity",
            entity_id=identity_id,
            channel=turn.inbound.channel,
        )
        turn.say(turn.t("Welcome back! Everything you recorded is still here."))

    async def _route(self, turn: Turn) -> None:
        if turn.removed:
            turn.say(removed_notice(turn.t.locale))
            return
        if turn.stopped:
            turn.say(
                turn.t(
                    "You stopped using Chung Tay, so it sends you nothing. To come back, send /start "
                    "(or ask your officer)."
                )
            )
            return
        _album_said(turn)
        self._caption_said(turn)
        self._command_word_at_figure(turn)
        if self._join_first(turn):
            return
        if turn.person is None and turn.state.flow != self.registry.onboarding[0]:
            # Unknown users only ever meet onboarding (which reads a /start payload or a typed code).
            self._start(turn, *self.registry.onboarding)
            return
        if turn.person is not None and (action := action_ref(turn.inbound)) is not None:
            await self._act(turn, action)
            return
        if (worded := await self._action_in_words(turn)) is not None:
            await self._act(turn, worded)
            return
        if await self._number_again_unseen(turn) or await self._number_after_notice(turn):
            return
        if await self._own_question_after_notice(turn) or await self._statement_after_notice(turn):
            return
        if self._statement_at_a_list(turn):
            return
        if await self._command(turn) or not self._read_answer(turn):
            return
        flow = self.registry.flows.get(turn.state.flow)
        answer = flow.answers.get(turn.state.step) if flow else None
        if answer is not None:
            await answer(turn)
        elif not self._keyword(turn) and not self._command_word(turn):
            turn.say(turn.t("Sorry, I did not understand that. Here is what I can do:"))
            self._start(turn, *self.registry.home)

    def _caption_said(self, turn: Turn) -> None:
        """A photo whose words are a command (“/huy”, “/menu”, “/start CODE”) or the cancel or menu word
        (“hủy”, “menu”): the message is that command, typed, and the photo is not kept (/huy keeps nothing
        of the step). It was kept and its words read as an answer: “/huy” a gift's goods or note, “/start
        CODE” goods, “/menu” “please choose” (decision 0294). Before joining, any photo's words: the invite
        code or the name under a photo were unread, the welcome or “letters only” again. The command of a
        flow that keeps a photo sent with words (“/donggop 500k”) is not one: photo and words go to the gift
        as before (decision 0285). Another entry's words alone (“tiến độ”, “tiendo”) are that entry, typed
        (`_other_entry`, decision 0299)."""
        inbound = turn.inbound
        caption = inbound.photo.caption if inbound.photo is not None else None
        if not caption or inbound.text:
            return
        typed = match_key(caption).strip(" .!?")
        first = caption.split(maxsplit=1)[0].lower().split("@", 1)[0]
        target = self.registry.commands.get(first)
        flow = self.registry.flows.get(target[0]) if target is not None else None
        said = first.startswith("/") and (flow is None or flow.keep_photo is None)  # not “/donggop 500k”
        joining = turn.person is None  # nothing before joining keeps a photo: its words are the answer
        if said or joining or typed in _CANCEL_WORDS or typed in _MENU_WORDS:
            _words_typed(turn)
        elif (entry := self._other_entry(turn, caption)) is not None:
            turn.inbound = replace(inbound, text=entry, photo=None)

    def _other_entry(self, turn: Turn, caption: str) -> str | None:
        """A photo's words that name another entry, alone: a command's word without its slash (“tiendo”,
        “saoke”) or another flow's keyword (“tiến độ”), as the words to read typed (“/tiendo”, “tiến độ”);
        None for anything else, and for the entries of the flow on screen, of one that keeps a photo sent
        with words (“đóng góp”: the gift's, decision 0285) or of one the writer may not open (“xacnhan”
        under a member's receipt: the words are theirs to the treasurer, decision 0303). The step read them
        as its answer: goods named “tiến độ”, “Chưa đọc được số tiền” for “tiendo”, or the receipt thanked
        for and then left (decision 0299)."""
        command = _command_name(caption) if len(caption.split()) == 1 else None
        target = self.registry.commands.get(command) if command is not None else None
        if target is None:
            command, target = None, self._keyword_target(caption)
        flow = self.registry.flows.get(target[0]) if target is not None else None
        if target is None or flow is None or flow.keep_photo is not None or target[0] == turn.state.flow:
            return None
        if flow.opens_for is not None and not flow.opens_for(turn.known_actor):  # not theirs (0303)
            return None
        return command or caption

    def _command_word_at_figure(self, turn: Turn) -> None:
        """A command's word typed alone without its slash (“tiendo”, “saoke”) where a figure or a gift's goods
        or note is asked (`_asks_figure`): that command typed, as the same word under a photo is
        (`_other_entry`). It was read as the answer: “Chưa đọc được số tiền”, or goods named “tiendo”
        (decision 0307). Another flow's keyword typed there (“tien do”, “xem sao ke”) is that entry already
        (`_read_answer`). The command's word of the gift on screen (“donggop” at its own amount) is its
        command too, which keeps what was gathered and asks again (`_own_way_in`): it was “Chưa đọc được số
        tiền”, or goods named “donggop” (decision 0316)."""
        inbound = turn.inbound
        if turn.person is None or not inbound.text or inbound.choice or not self._asks_figure(turn):
            return
        if match_key(inbound.text).strip(" .!?") in _CANCEL_WORDS:  # “stop”: cancel, not /stop (0700)
            return
        if (entry := self._other_entry(turn, inbound.text)) is not None and entry.startswith("/"):
            turn.inbound = replace(inbound, text=entry)
            return
        command = _command_name(inbound.text) if len(inbound.text.split()) == 1 else None
        target = self.registry.commands.get(command) if command is not None else None
        flow = self.registry.flows.get(turn.state.flow)
        if target is not None and flow is not None and flow.gathers and target[0] == flow.name:
            turn.inbound = replace(inbound, text=command)

    async def _action_in_words(self, turn: Turn) -> ActionRef | None:
        """A live action answered in words where no question waits (“da xong”, “mai nhac” under a reminder's
        “Done” and “Remind me in a day”, “nhac toi sau” under an appeal's “Nhắc tôi sau”,
        `Registry.action_word`): the latest such action, as if its number was typed; of words two kinds share
        (“nhac sau”), the latest of either. None elsewhere, and where no action of those kinds still works (or
        a kind's `unless` passes over every one that does): the words read as before. Where none works but a
        line pressed once still stands unexpired (“nhac toi sau” typed again), that line, which `_act` says
        is done: it read “vui lòng chọn một mục” (decision 0339)."""
        text = turn.inbound.text
        if turn.person is None or not text or turn.inbound.choice is not None or not self._at_home(turn):
            return None
        kinds = self.registry.action_words.get(match_key(pictures_dropped(text)).strip(" .!?"), ())
        for spent in (False, True):
            latest = None
            for kind in kinds:
                unless = self.registry.words_pass.get(kind)
                found = await actions.latest_live(
                    turn.session, turn.person.id, kind, now=turn.now, unless=unless, spent=spent
                )
                if found is not None and (latest is None or found.number > latest.number):
                    latest = found
            if latest is not None:
                return ActionRef(id=latest.id)
        return None

    async def _number_again_unseen(self, turn: Turn) -> bool:
        """The number that chose an option typed again before the screen it brought had gone out (sent twice
        in a hurry, or a message delivered again under a new id): on a numbered menu it chose the same
        number's option of a screen never seen, the consent's “1” twice choosing “Tiếng Việt” at the
        language's question (decision 1135). It is asked about, with the menu again, so that typed once more
        it is that option. A number typed once the screen went out is its answer as ever; a button is tied
        to its menu by its token."""
        inbound, menu = turn.inbound, turn.state.menu
        number, shown = menu.get("after_number"), turn.state.menu_outbox_id
        if number is None or shown is None or not inbound.text or inbound.choice is not None:
            return False
        if inbound.shows_buttons or one_number(inbound.text) != number:
            return False
        choices = menu.get("choices") or []
        free = bool(menu.get("free_text"))
        picked = recognise(inbound.text, choices, by_number=not menu.get("asks_number"), by_part=not free)
        # Sent by the earlier of Zalo's stamp and our own receipt: a stamp by a clock ahead of ours, or a
        # message stored before the menu went out and handled after it (a restart), was read as typed once
        # the menu was there (decision 1159).
        sent = min(inbound.at, inbound.received_at or inbound.at)
        if len(picked) != 1 or (went := await menu_went_out(turn.session, shown, sent)) == "shown":
            return False
        given_up = went == "given_up"
        destination = Destination(inbound.channel, inbound.chat_id)
        token = turn.state.menu_token
        if (
            given_up
            and token is not None
            and await shown_again_before(turn.session, destination, shown, token, sent)
        ):
            return False  # its copy under a sticker's answer went out: the number answers it (1369)
        label = next(str(choice["label"]) for choice in choices if str(choice["id"]) == picked[0])
        turn.state.menu = {key: value for key, value in menu.items() if key != "after_number"}
        if given_up:  # it never reached the chat: no double tap (1236)
            asked = turn.t(
                "You sent “{number}” again: the question below did not reach you before. If you mean "
                "“{label}”, please type {number} again."
            )
        else:
            asked = turn.t(
                "You sent “{number}” twice: the second came before the question below reached you. If you "
                "mean “{label}”, please type {number} again."
            )
        turn.say(asked.format(number=number, label=label))
        turn.repeat_menu()
        return True

    async def _number_after_notice(self, turn: Turn) -> bool:
        """A bare number (“3”) typed where a notice came after the menu on screen (a reminder, an appeal whose
        words are a numbered list or a question): it ran the menu's option of that number at once, a screen
        the person never meant (decision 0445). Where numbers are typed (no buttons), the number of one of the
        actions the last message lists (“#1 — Ủng hộ ngay”) is that action, as “#1” is: she answers what she
        read last (decision 1721). Otherwise the number of one of the notices' actions alone (“#12 — Nhắc
        tôi sau”) is that action; of one of the menu's options it is asked about, with the menu
        again (the notice's action of that number named too, to type with its “#”), so that typed once more
        it is that option. False where the menu is the chat's latest message, for anything but one number, and
        where the menu asks for a number (it is the answer)."""
        inbound, state = turn.inbound, turn.state
        choices = state.menu.get("choices") or []
        shown = state.menu_outbox_id
        if turn.person is None or not inbound.text or inbound.choice is not None or shown is None:
            return False
        number = one_number(inbound.text)
        if number is None or not choices or state.menu.get("asks_number"):
            return False
        destination = Destination(inbound.channel, inbound.chat_id)
        notices = await notices_seen_after(turn.session, destination, shown, turn.person.id)
        if not notices:
            return False
        latest = [actions.typed_form(code) for code, _label in notices[0].get("actions") or []]
        if not inbound.shows_buttons and f"#{number}" in latest:  # the last screen's “#1 — …”: hers (1721)
            if numbers_an_item(str(notices[0].get("text") or ""), number):  # its own words' item too (1801)
                self._item_or_choice(turn, number, notices[0].get("actions") or [])
            else:
                await self._act(turn, ActionRef(number=int(number)))
            return True
        offered = [action for notice in notices for action in notice.get("actions") or []]
        action = next((label for code, label in offered if actions.typed_form(code) == f"#{number}"), None)
        picked = recognise(inbound.text, choices)
        if len(picked) != 1:  # no option of that number: the action, or answered as ever (“there is no 5”)
            if action is not None:
                await self._act(turn, ActionRef(number=int(number)))
            return action is not None
        label = next(str(choice["label"]) for choice in choices if str(choice["id"]) == picked[0])
        # Where buttons show no numbers, what to press is named; typed once more, the number is still the
        # option (decision 0471).
        if action is not None and inbound.shows_buttons:
            asked = turn.t(
                "You typed “{number}”: do you mean “{action}” in a message above, or “{label}” in the menu "
                "below? Please press the one you mean."
            ).format(number=number, action=action, label=label)
        elif action is not None:
            asked = turn.t(
                "You typed “{number}”: do you mean “{action}” in a message above (please type #{number}), or "
                "“{label}” in the menu below (please type {number} again)?"
            ).format(number=number, action=action, label=label)
        elif inbound.shows_buttons:
            asked = turn.t(
                "You typed “{number}”, but no message above offers choice {number}. If you mean “{label}”, "
                "please press it in the menu below."
            ).format(number=number, label=label)
        else:
            asked = turn.t(
                "You typed “{number}”, but no message above offers choice {number}. If you mean “{label}” in "
                "the menu below, please type {number} again."
            ).format(number=number, label=label)
        turn.say(asked)
        turn.repeat_menu()
        return True

    async def _own_question_after_notice(self, turn: Turn) -> bool:
        """A question a flow reads at its own menus (`Registry.own_menu_shapes`: whether one is proposed for
        an award, decision 2064), or one of the main menu's asked of what a notice says
        (`Registry.notice_questions`: “ai chưa đăng ký”, “mình đã ủng hộ bao nhiêu”, decision 2253), typed
        where a notice (a reminder, a digest, a proposal's news) came after another flow's menu on screen: she
        asks of what she read last, not of the menu above it, so it is answered as at the main menu; it read
        “Anh/chị vui lòng chọn một mục dưới đây” under a list of drives (decision 2154). Words that name an
        option of the menu, and a step that takes text, are its answer as ever. True when so."""
        menu = turn.state.menu
        if not menu.get("choices") or menu.get("home"):
            return False
        return await self._after_notice(
            turn, [*self.registry.own_menu_shapes, *self.registry.notice_questions]
        )

    async def _statement_after_notice(self, turn: Turn) -> bool:
        """What is said of a notice just read (`Registry.notice_statements`: “tôi chuyển rồi”, “sai rồi”,
        “không đúng”, “đã nộp cho thôn rồi”), typed where a reminder, an appeal or a digest came after the
        menu on screen, the main menu's too: she answers the notice, so she reads her progress and how to
        put it right; it read “Anh/chị vui lòng chọn một mục dưới đây” (decision 2331). Words that name an
        option (“sai rồi” is a last look's No), and a step that takes text, are its answer as ever."""
        menu = turn.state.menu
        if not (menu.get("choices") or menu.get("home")):
            return False
        return await self._after_notice(turn, self.registry.notice_statements)

    def _statement_at_a_list(self, turn: Turn) -> bool:
        """Words that plainly say one thing (`Registry.list_statements`: “không dùng”, decision 2523) typed
        at another flow's list that takes no text, naming none of its options: their flow started, as at the
        main menu. The list answered “Anh/chị vui lòng chọn một mục dưới đây”, which hears nothing of them;
        a notice below the list is `_statement_after_notice`'s, the main menu the registry's shapes'. True
        when so."""
        menu = turn.state.menu
        if not menu.get("choices") or menu.get("home"):
            return False
        target = self._shape_at_menu(turn, self.registry.list_statements)
        if target is None or target[0] == turn.state.flow:
            return False
        self._leaving(turn)
        self._start(turn, *target)
        return True

    @staticmethod
    def _shape_at_menu(
        turn: Turn, shapes: list[tuple[Callable[[str], bool], tuple[str, str]]]
    ) -> tuple[str, str] | None:
        """The flow and step of the first of `shapes` that reads the typed text, where it names no option of
        the menu on screen and no step takes text; else None. Read alike below a notice and at a list."""
        inbound, menu = turn.inbound, turn.state.menu
        if turn.person is None or not inbound.text or inbound.choice is not None or menu.get("free_text"):
            return None
        target = next((to for matches, to in shapes if matches(inbound.text)), None)
        if target is None or recognise(inbound.text, menu.get("choices") or []):
            return None
        return target

    async def _after_notice(
        self, turn: Turn, shapes: list[tuple[Callable[[str], bool], tuple[str, str]]]
    ) -> bool:
        """Typed text that the first of `shapes` reads, naming no option of the menu on screen, where a
        notice came after that menu and no step takes text: its flow started (decisions 2154, 2331). The one
        reading of `_own_question_after_notice` and `_statement_after_notice`, each saying which menus."""
        inbound, shown = turn.inbound, turn.state.menu_outbox_id
        if shown is None or (target := self._shape_at_menu(turn, shapes)) is None:
            return False
        assert turn.person is not None  # `_shape_at_menu` reads none without one
        destination = Destination(inbound.channel, inbound.chat_id)
        if not await notices_seen_after(turn.session, destination, shown, turn.person.id):
            return False
        self._leaving(turn)
        self._start(turn, *target)
        return True

    @staticmethod
    def _item_or_choice(turn: Turn, number: str, offered: list[Any]) -> None:
        """“2” typed under an appeal whose own words number their items (“1. áo ấm, 2. chăn”) as well as
        its choices (“#2 — Nhắc tôi sau”): the item she would give, or the choice, nobody can tell. Asked,
        the choices named by their words, which she types as she reads them (0336); nothing is set
        (decision 1801)."""
        labels = [str(label) for code, label in offered if actions.typed_form(code)]
        chosen = next(str(label) for code, label in offered if actions.typed_form(code) == f"#{number}")
        named = [f"“{label}”" for label in labels]
        either = (
            named[0]
            if len(named) == 1
            else turn.t("{some} or {last}").format(some=", ".join(named[:-1]), last=named[-1])
        )
        turn.say(
            turn.t(
                "You typed “{number}”: the appeal above numbers its own items, and its choice #{number} is "
                "“{choice}”. To be sure, please type the name of the choice you mean: {choices}."
            ).format(number=number, choice=chosen, choices=either)
        )

    async def _act(self, turn: Turn, ref: ActionRef) -> None:
        """A button of an earlier notice (or its "#<number>" typed), whatever menu is on screen: it starts
        its step. One that is not the person's, has expired or was used up is answered kindly, and the chat
        carries on where it was."""
        assert turn.person is not None
        action = await actions.find(turn.session, ref, turn.person.id)
        target = self.registry.actions.get(action.kind) if action is not None else None
        if action is None or target is None:
            turn.say(turn.t("Sorry, I cannot find that button among your messages."))
        elif (
            action.expires_at is not None
            and action.expires_at <= turn.now
            and action.kind not in self.registry.late_actions
        ):
            turn.say(turn.t("Sorry, this button has expired. You can do the same from the menu."))
        elif not await actions.use(turn.session, action.id, now=turn.now):
            turn.say(turn.t("Already done, thank you."))
        else:
            self._leaving(turn)
            self._start(turn, *target)
            turn.set(**action.args)
            return
        if turn.state.menu.get("text"):
            turn.repeat_menu()
        else:
            self._start(turn, *self.registry.home)

    async def _command(self, turn: Turn) -> bool:
        """Commands, and cancel/menu typed as words, work from anywhere; True when one was handled."""
        inbound = turn.inbound
        text = inbound.text or ""
        command, *rest = text.split(maxsplit=1) or [""]
        argument = rest[0] if rest else ""
        command = command.lower().split("@", 1)[0]
        typed = match_key(text).strip(" .!?") if inbound.choice is None else ""
        # "Back" where the question offers none (an amount, a yes or no): the way out is the menu, as /huy.
        if typed in BACK_WORDS and not _offers_back(turn.state.menu):
            if (turn.state.flow, turn.state.step) == self.registry.home or turn.person is None:
                typed = "menu"  # nothing to go back from: the menu (or, before joining, the welcome) again
            else:
                typed = "huy"
        at_home = (turn.state.flow, turn.state.step) == self.registry.home and turn.person is not None
        if typed == _STOP_WORD and at_home and (stop := self.registry.commands.get("/stop")) is not None:
            # Nothing half-way to cancel: “STOP”, as text messages are answered, asks to stop the bot (its
            # last look, nothing done before “Có, ngừng”); half-way it still cancels (docs/decisions/0700).
            self._start(turn, *stop)
            return True
        if command in CANCEL_COMMANDS or typed in _CANCEL_WORDS:
            if at_home or (turn.person is not None and turn.state.menu.get("home")):
                # Nothing half-way: “Đã hủy” would read as if what was just saved (a gift) were undone; so at
                # a question shown with the main menu's entries, the one after a gift above all (2798).
                turn.say(turn.t("There is nothing in progress to cancel; what was saved stays as it is."))
                turn.say_waiting_left()
            else:
                if not turn.said_new_end_kept():  # what was saved a step before stays, and is said (1298)
                    turn.say(turn.t("Cancelled. Nothing was saved from the unfinished step."))
                turn.say_waiting_left()
            self._start(turn, *self.registry.home)
            return True
        if command in MENU_COMMANDS or typed in _MENU_WORDS:
            if self._joining_kept(turn):
                return True
            self._leaving(turn)
            self._start(turn, *self.registry.home)
            return True
        if named := self.registry.anywhere_command(typed):
            command, argument = named, text  # "tieng viet": /ngonngu tieng viet, before joining too
        if not command.startswith("/"):
            return False
        if turn.person is None and (early := self.registry.before_joining.get(command)):
            turn.argument = argument.strip() or None
            if (turn.state.flow, turn.state.step) != early:  # typed at its own step: where to go back stays
                turn.set(resume=turn.state.step)
            turn.goto(*early)  # within onboarding: what it gathered so far (the invite, the name) is kept
            return True
        target = self.registry.commands.get(command)
        if target is None:
            turn.say(turn.t("I do not know that command. Type /menu to see what I can do, or /help."))
            if turn.state.menu.get("choices"):
                turn.repeat_menu()
            return True
        said = f"{command} {argument.strip()}" if argument.strip() else None  # “/donggop 500k”, whole
        if (taken := self._as_its_words(turn, target, said)) is not None:
            return taken
        if not await self._in_place(turn, command, target, argument):
            self._run(turn, target, argument)
        return True

    async def _in_place(self, turn: Turn, command: str, target: tuple[str, str], argument: str) -> bool:
        """A command that can do its work where the person stands (a language named: "/language en",
        "English"): it is done, and the question on screen is asked again, redrawn by its step in the new
        words, with what the flow gathered kept (decision 0141); help asked mid-way, the same (decision 0248).
        False when the command is to run as usual: none such, nothing given to do at once (unless it needs
        nothing), no question on screen, or the command's own step on screen."""
        done = self.registry.in_place.get(command)
        at = (turn.state.flow, turn.state.step)
        if done is None or not turn.state.menu.get("text") or at == target:
            return False
        if not argument.strip() and command not in self.registry.in_place_bare:
            return False
        if command in self.registry.in_place_unsaved and not self._unsaved(turn):
            return False
        turn.argument = argument.strip() or None
        if not await done(turn):
            turn.argument = None
            return False
        turn.argument = None
        flow = self.registry.flows.get(at[0])
        if turn.state.menu.get("drawn") == list(at) and flow is not None and at[1] in flow.prompts:
            turn.inbound = replace(turn.inbound, text=None)  # the step's prompt sees no answer typed
            turn.goto(*at)  # the same flow: its data stays
        else:  # a question an answer handler asked, not the step's own: shown again as it was
            turn.repeat_menu()
        return True

    def _joining_kept(self, turn: Turn) -> bool:
        """/menu (or “menu”, “trang chủ”) typed half-way through joining, the invite code taken: the menu
        opens once joined, so it is said, and onboarding's question asked again with what it gathered (the
        invite, the name, the consent) kept; /huy starts again from the code. It went back to the welcome,
        everything typed lost, the invite code to be found again (decision 0291). True when so."""
        if turn.person is not None or turn.state.flow != self.registry.onboarding[0]:
            return False
        if not turn.data.get("invite_id") or not turn.state.menu.get("text"):
            return False
        turn.say(
            turn.t(
                "The main menu opens once you have joined. Please answer the question below "
                "(to start again from the invite code, type /cancel)."
            )
        )
        turn.repeat_menu()
        return True

    def _join_first(self, turn: Turn) -> bool:
        """Before joining, a command that needs a joined person (typed with its slash or without, "/tiendo",
        "saoke"), or a keyword of one ("tiến độ"), is answered that joining comes first, and onboarding's
        question on screen is asked again: what it gathered (the invite, the name) is kept. True when so."""
        text = turn.inbound.text
        if turn.person is None and text and turn.inbound.choice is None:
            name = _command_name(text.split(maxsplit=1)[0])
            target = self.registry.commands.get(name)
            if name in self.registry.before_joining:
                target = None
            elif target is None:
                target = self.registry.keywords.get(match_key(text).strip(" .!?"))
            # A gift typed as at the menu (“ung ho 50k”): no invite code mistyped (0319). Digits alone once
            # the invite is held answer joining (the phone typed whole where its last four are asked, 0330).
            digits_only = turn.data.get("invite_id") and not any(ch.isalpha() for ch in text)
            if target is None and not digits_only:
                # Of the shapes it has, joining's own comes first: an invite code, drawn at random, can read
                # as a reference code (“QQY96728”) or an amount (“2222954D”), and was turned away (0441).
                shaped = [to for matches, to in self.registry.home_shapes if matches(text)]
                if all(to[0] != self.registry.onboarding[0] for to in shaped) and not self._holds_code(turn):
                    target = next(iter(shaped), None)
            if target is not None and target not in self.registry.for_newcomers:
                told = self.registry.newcomers_told.get(target)
                turn.say(
                    told(turn.t)
                    if told is not None
                    else turn.t("You need to join Chung Tay first: please answer the question below.")
                )
                if turn.state.flow == self.registry.onboarding[0] and turn.state.menu.get("text"):
                    turn.repeat_menu()
                else:
                    turn.inbound = replace(turn.inbound, text=None)
                    self._start(turn, *self.registry.onboarding)
                return True
        return False

    def _holds_code(self, turn: Turn) -> bool:
        """Before the invite is held, a word of the text (or two halves of four) has an invite code's shape:
        “ung ho 50k, ma moi K7M2QX9P” is joining's, as “Mã mời K7M2QX9P, em muốn ủng hộ 200k” was; it was
        told to join first, and asked for the code it held. Onboarding's code step looks the words up."""
        if turn.data.get("invite_id"):
            return False
        words = CODE_WORDS.findall(turn.inbound.text or "")
        pieces = [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words) if len(a) == len(b) == 4)]
        joining = self.registry.onboarding[0]
        return any(
            to[0] == joining and any(map(matches, pieces)) for matches, to in self.registry.home_shapes
        )

    def _run(self, turn: Turn, target: tuple[str, str], argument: str) -> None:
        """Start a command's step, with what was typed after the command as its argument. Typed with what its
        own flow reads at the main menu (“/donggop 500k”, as “ung ho 500k”), it starts where those words do,
        the figure kept; it had started the gift afresh, asking the figure again."""
        self._leaving(turn)
        argument = argument.strip()
        turn.inbound = replace(turn.inbound, text=argument or None)
        turn.argument = argument or None
        if argument:
            shapes = self.registry.home_shapes
            target = next((to for matches, to in shapes if to[0] == target[0] and matches(argument)), target)
        self._start(turn, *target)

    def _command_word(self, turn: Turn) -> bool:
        """A command's word typed without its slash ("saoke", as the help prints /saoke; "tracuu
        CT-2026-000101") where the menu on screen took it for nothing: that command runs.
        True when one did. Never one typed with its slash: that one reaches a step's answer only when handed
        to it as its words (`_as_its_words`: “/donggop 500k” at a gift's last look)."""
        if turn.person is None or not turn.inbound.text or turn.inbound.text.startswith("/"):
            return False
        word, *rest = turn.inbound.text.split(maxsplit=1)
        target = self.registry.commands.get(_command_name(word))
        if target is None:
            return False
        self._run(turn, target, rest[0] if rest else "")
        return True

    def _leaving(self, turn: Turn) -> None:
        """The person leaves the step on screen for another (a command, a menu word, a keyword): where that
        step asked to confirm something not yet saved (a last look: `Turn.menu`'s `unsaved`), or is a question
        of a flow that gathers a gift whose kind is known (its note, its photo: decision 1518), say that
        nothing of it was saved, as /huy does, so nobody takes the menu that follows for a gift recorded."""
        if self._unsaved(turn):
            turn.say(
                turn.t(
                    "Not saved: you left before confirming, so nothing from the unfinished step was saved."
                )
            )
        turn.say_waiting_left()

    def _unsaved(self, turn: Turn) -> bool:
        """The step on screen holds something not saved yet that leaving it drops: a last look (`Turn.menu`'s
        `unsaved`), or a question of a flow that gathers a gift whose kind is known (decision 1518)."""
        flow = self.registry.flows.get(turn.state.flow)
        gathered = flow is not None and flow.gathers and bool(turn.state.data.get("kind"))
        return turn.person is not None and bool(turn.state.menu.get("unsaved") or gathered)

    def _read_answer(self, turn: Turn) -> bool:
        """Resolve a pressed button or typed text against the menu on screen; False when the person was
        already answered (a stale button, text that matches several options of a closed menu and narrows it,
        or text that matches none)."""
        menu = turn.state.menu
        if turn.inbound.choice is not None:
            read = self._read_button(turn)
            if read is None:
                turn.say(turn.t("That button belongs to an earlier message. Please use the latest one:"))
                turn.repeat_menu()
                return False
            turn.picked, on_screen = read
            turn.answered_menu = on_screen and not menu.get("keep")
            return not _shown_whole(turn)
        if turn.inbound.photo is not None and menu.get("photo") and not self._photo_kept(turn):
            return True  # a gift's receipt at its last look, its evidence question or its amount's
        if self._photo_not_asked(turn) or self._file_not_asked(turn):
            return False
        text = turn.inbound.text
        if (
            text
            and turn.person is not None
            and menu.get("free_text")
            and menu.get("text")
            and says_hello(text)
        ):
            turn.greet_mid_step()  # “alo” where an amount or a name is asked: no answer to it (decision 0263)
            return False
        flow = self.registry.flows.get(turn.state.flow)
        gathers = flow is not None and flow.gathers  # a gift's flow, asking its amount, goods or note
        said_thanks = (
            text and turn.person is not None and menu.get("free_text") and menu.get("text") and thanks(text)
        )
        if said_thanks and gathers:  # “cảm ơn cháu” where a gift's amount is asked (2797)
            turn.ask_again(
                turn.t("You are welcome! Please answer the question below, or type “cancel” to stop.")
            )
            return False
        target = self._keyword_target(text) if text and menu.get("free_text") else None
        if target is None and text and gathers and self._asks_figure(turn):
            target = self.registry.at_a_gift.get(match_key(text).strip(" .!?"))  # “xem lai” at a note (2840)
        if target is not None and self._own_way_in(turn, target):  # “đóng góp” at a gift's note (0203)
            return False
        if target is not None and self._asks_figure(turn) and target[0] != turn.state.flow:
            # Another entry's keyword where a number or a gift's goods or note is asked (“TIEN DO” at the
            # amount): no number, no goods, so it is that entry, as at the menu, not “that is no amount”.
            if self._taken_where_typed(turn, target):
                return False
            self._leaving(turn)
            self._start(turn, *target)
            return False
        choices = menu.get("choices") or []
        if not choices:
            return True
        if text:
            free = bool(menu.get("free_text"))  # typed text is the step's answer: only a whole option's name
            turn.picked = recognise(text, choices, by_number=not menu.get("asks_number"), by_part=not free)
            if not turn.picked and menu.get("whole"):  # narrowed: an option's name, typed, among all of them
                turn.picked = recognise(text, menu["whole"]["choices"], by_number=False)
            if len(turn.picked) > 1 and not menu.get("multi"):  # "1 3" where one is chosen: never the first
                turn.picked = []
                turn.say(
                    turn.t("Please choose only one option: type its number, for example: {number}.").format(
                        number=first_number(choices)
                    )
                )
                turn.repeat_menu()
                return False
        if turn.picked or menu.get("free_text"):
            # A command's word where a code is asked ("xacnhan" after a code not found): no code is one.
            if not turn.picked and menu.get("asks_code") and self._command_word(turn):
                return False
            return not _shown_whole(turn)
        if self._keyword(turn):
            return False
        found = _by_words(text, menu) if text else []
        if len(found) == 1:
            turn.picked = found
            return True
        if found:
            turn.narrow_menu(found, text or "")
            return False
        if self._command_word(turn):
            return False
        if text and menu.get("home") and (slipped := near(text, choices)):  # "dnag ky", "ghi nhan dong gp"
            turn.picked = slipped
            return True
        if text and menu.get("entries") and typed_numbers(match_key(text).strip(" .!?")) is None:
            return True  # the step reads it as a main-menu entry's name (Turn.menu); a number is not one
        turn.not_an_option()
        return False

    def _asks_figure(self, turn: Turn) -> bool:
        """The question on screen reads a number (an amount, labour days), or is a gift's typed question
        before its last look (its goods, its note), where no keyword is ever the answer: goods named
        “tiến độ” were recorded (decision 0299); or asks a hardship case's goods (`asks_goods`), where
        “tiendo” was the goods delivered (decision 0312)."""
        menu = turn.state.menu
        if menu.get("asks_number") or menu.get("asks_goods"):
            return True
        flow = self.registry.flows.get(turn.state.flow)
        return flow is not None and flow.gathers and bool(menu.get("free_text")) and not menu.get("unsaved")

    def _photo_kept(self, turn: Turn) -> bool:
        """A photo with words (its caption) sent at a question of choices that takes a photo (a receipt with
        “500k” or “Tiền” at a gift's drive or kind): the flow keeps the photo (`Flow.photo_with_words`) and
        its words are read below as if typed, an option's name, a gift or a slip; True when so. Before, the
        words went unread and the photo with them: “please choose” (decision 0285). A greeting under it where
        a typed answer is asked (“chào ad” at the amount), the same: kept and greeted back, never “no amount”
        or goods named “chào” (decision 0299). At a last look, greeted back too, and the photo handed to the
        step without its words, which keeps it and shows the last look with it: the greeting was the gift's
        note (“• Ghi chú: xin chao ad”, decision 0307)."""
        photo, menu = turn.inbound.photo, turn.state.menu
        flow = self.registry.flows.get(turn.state.flow)
        if photo is None or not photo.caption or flow is None or flow.keep_photo is None:
            return False
        if menu.get("unsaved") and says_hello(photo.caption):
            turn.greet_mid_step(asked_again=False)
            turn.inbound = replace(turn.inbound, photo=replace(photo, caption=None))
            return False
        greets = menu.get("free_text") and not menu.get("unsaved") and says_hello(photo.caption)
        if not greets and (not menu.get("choices") or menu.get("free_text") or menu.get("unsaved")):
            return False  # the step reads a caption itself: an amount, a note, a last look
        flow.keep_photo(turn)
        _words_typed(turn)
        return True

    def _photo_not_asked(self, turn: Turn) -> bool:
        """A photo without words (a receipt, a picture of the house) sent at a question that takes none (a
        registration's figure, a hardship case's name, any menu of choices): said kindly that no photo is
        needed there, and the question again with its own example, rather than “please choose” (decision
        0282). True when so. One with words: said that the photo is not kept, and its words read as typed
        (decision 0285). A question that takes one says so (`Turn.menu`'s `takes_photo`); at the main
        menu, or where no question waits, a photo begins a gift (decision 0248). Before joining, one without
        words is said not needed nor kept, and the question comes again: it was “chỉ gồm chữ” at the name's
        (decision 0299); at the invite code's, its step says so in one line, not the whole welcome again
        (decision 0307)."""
        photo, menu = turn.inbound.photo, turn.state.menu
        if photo is None or not menu.get("text"):
            return False
        if turn.person is None:  # a selfie or a staff card at the name's question; its words were read typed
            # its words read as typed; at the invite code's question its step says it, with an example
            if photo.caption or (turn.state.flow, turn.state.step) == self.registry.invite_code:
                return False
            turn.ask_again(
                turn.t("No photo is needed to join, and this one is not kept. Please type your answer below.")
            )
            return True
        if menu.get("photo") or self._at_home(turn):
            return False
        if photo.caption:  # “5” with a picture at a registration's figure: the words answer (decision 0285)
            turn.say(
                turn.t(
                    "No photo is needed at this step, so it is not kept: its words are read as your answer."
                )
            )
            _words_typed(turn)
            return False
        turn.ask_again(  # its question comes back with its own example of what to type
            turn.t("No photo is needed at this step. Please type your answer to the question below.")
            if menu.get("free_text")
            else turn.t("No photo is needed at this step. Please choose one of the options below.")
        )
        return True

    def _file_not_asked(self, turn: Turn) -> bool:
        """A file sent where no step asks for one (only the bank statement's does: `takes_file`): said
        kindly, and the question on screen again. Where a receipt is asked for (a gift's evidence, its last
        look, the main menu, where a photo begins a gift), a bank app's PDF receipt is said to be no picture,
        with how to send one. It read “please type your answer as text” (decision 0352); where another photo
        is asked for (`Turn.menu`'s `photo_of`: an appeal's picture, a labour day's, a result's), that photo,
        in its own words, not a receipt (0757, 0794). True when so."""
        sent, menu = turn.inbound.attachment, turn.state.menu
        if sent is None or turn.inbound.text or menu.get("file") or not menu.get("text"):
            return False
        if turn.person is not None and (menu.get("photo") or self._at_home(turn)):
            kind = asked_photo(menu, a_file=True) or RECEIPT  # at the main menu too, a receipt sent first
            said = file_not_a_photo(turn.t.locale, kind, sent.name or "?")
        else:
            said = turn.t(
                "No file is needed at this step ({name} is not kept). Please answer the question below."
            ).format(name=sent.name or "?")
        turn.ask_again(said)
        return True

    def _keyword(self, turn: Turn) -> bool:
        """A typed keyword ("đóng góp", "tien do"), or text of a shape the registry knows (a link code; at the
        main menu also a gift, "ủng hộ 50k", or a photo: a receipt sent first), starts its flow."""
        text = turn.inbound.text or ""
        target = self._keyword_target(text)
        if target is None and text:
            target = next((to for matches, to in self.registry.shapes if matches(text)), None)
        if target is None and text and self._at_home(turn):
            target = next((to for matches, to in self.registry.home_shapes if matches(text)), None)
        if target is None and text and self._asked_nothing(turn):  # “không đúng” with no notice (2330)
            target = next((to for matches, to in self.registry.notice_statements if matches(text)), None)
        if target is None and text:  # a flow's own question typed at its menus (decision 2064)
            own = self.registry.own_menu_shapes
            target = next((to for matches, to in own if to[0] == turn.state.flow and matches(text)), None)
        if target is None and text and turn.organisation is not None and self._at_home(turn):
            letters, shaped = turn.organisation.ref_prefix, self.registry.home_letter_shapes
            target = next((to for matches, to in shaped if matches(text, letters)), None)
        if target is None and turn.inbound.photo is not None and self._at_home(turn):
            target = self.registry.home_photo
        if target is None:
            return False
        if target == (turn.state.flow, turn.state.step) and turn.state.menu.get("text"):
            # The step's own way in typed again at its question (“ghi nhận đóng góp” where the drive is
            # asked): the question again, with what the flow holds kept, such as whom it records for (0190).
            turn.repeat_menu()
            return True
        if self._own_way_in(turn, target) or self._taken_where_typed(turn, target):
            return True
        held = self._joining_held(turn)
        self._leaving(turn)
        self._start(turn, *target)
        if held is not None:
            turn.set(joining_held=held)
        return True

    def _joining_held(self, turn: Turn) -> dict[str, Any] | None:
        """Half-way through joining (the invite held, a question of joining on screen): where it stands and
        what it gathered, for a flow started from there that may hand back (a link code that links nothing,
        `handlers.linking.redeem`). It dropped the invite, the name and the consent without a word, and the
        name typed next was read as an invite code."""
        if turn.person is not None or turn.state.flow != self.registry.onboarding[0]:
            return None
        if not turn.data.get("invite_id") or not turn.state.menu.get("text"):
            return None
        return turn.place()

    def _as_its_words(self, turn: Turn, target: tuple[str, str], said: str | None) -> bool | None:
        """A command whose step its words start too (“/donggop”, as “đóng góp”; “/donggop 500k”, as “ủng hộ
        500k”), at a question that takes those words first: a gift's own (decisions 0203, 0215), a
        registration's or a credit's of the statement, or the public-name question while a registration waits
        (`Flow.other_keyword`, 0236): it does what the words do there, never a fresh start that drops what is
        on hand unasked (decision 0250). Typed with its figure (`said`, the command and what followed it), the
        figure goes with it: the flow on screen keeps it for the gift it asks about, and at a gift's own
        questions that read a typed gift (its drive, kind, amount, photo or note, last look) the step reads it
        as that question's answer, as “ung ho 500k” typed there (decision 0257). True when taken; False
        when the step on screen is to read it (the turn's text is then `said`); None anywhere else: the
        command runs as usual."""
        if turn.person is None or target not in self.registry.keywords.values():
            return None
        typed = turn.inbound
        turn.inbound = replace(typed, text=said)
        flow = self.registry.flows.get(turn.state.flow)
        if said and flow is not None and flow.gathers and target[0] == flow.name:
            menu = turn.state.menu
            # its last look, drive, kind, amount, photo or note: as “ung ho 500k” there (0236, 0248, 0257)
            asked = menu.get("unsaved") or menu.get("entries") or menu.get("free_text")
            if asked and turn.state.step != flow.at_last_look:
                return False
            turn.inbound = typed  # a closed question of its own (save or afresh?): afresh, as before
            return None
        if self._own_way_in(turn, target) or self._taken_where_typed(turn, target):
            return True
        turn.inbound = typed
        return None

    def _taken_where_typed(self, turn: Turn, target: tuple[str, str]) -> bool:
        """Another flow's keyword typed at a question of a flow that asks first what is meant
        (`Flow.other_keyword`: “ủng hộ” at a registration's question asks whether to record a gift while the
        registration waits, decision 0236): True when the flow on screen took it, so nothing is left."""
        flow = self.registry.flows.get(turn.state.flow)
        if flow is None or flow.other_keyword is None or target[0] == flow.name or turn.person is None:
            return False
        return bool(turn.state.menu.get("text")) and flow.other_keyword(turn, target)

    def _keyword_target(self, text: str) -> tuple[str, str] | None:
        """The step a keyword typed alone starts (“đóng góp”, “DONG GOP 🙏”; "ghi nhaanj ddongs gops": Telex
        keys left)."""
        text = pictures_dropped(text)
        target = self.registry.keywords.get(match_key(text).strip(" .!?"))
        if target is None and text:
            target = self.registry.keywords.get(telex_key(text).strip(" .!?"))
        return target

    def _own_way_in(self, turn: Turn, target: tuple[str, str]) -> bool:
        """The keyword of a flow that gathers answers toward a last look (a gift: Flow.gathers), typed at a
        later question of that very flow (“đóng góp” where the note is asked): the person is already doing
        it, so it is said, with what is kept, and the question on screen is asked again (decision 0203). At
        the last look, where everything is answered, the flow's `at_last_look` step asks what is meant: save
        this one, or start afresh (decision 0215). False anywhere else: the keyword starts its flow as
        usual."""
        flow = self.registry.flows.get(turn.state.flow)
        if flow is None or not flow.gathers or target[0] != flow.name or not turn.state.menu.get("text"):
            return False
        if flow.at_last_look and turn.state.menu.get("unsaved") and turn.state.step != flow.at_last_look:
            turn.goto(flow.name, flow.at_last_look)  # everything answered: save it, or start afresh? (0215)
            return True
        at_its_own = target == (turn.state.flow, turn.state.step) or turn.state.step == flow.at_last_look
        if not at_its_own:  # at its own step (0190), or asked already what is meant: only asked again
            turn.say(
                turn.t(
                    "You are already doing this, and your answers so far are kept: please answer the "
                    "question below (to stop, type /cancel)."
                )
            )
        turn.repeat_menu()
        return True

    def _at_home(self, turn: Turn) -> bool:
        """The person stands at their own main menu, at a question shown with the main menu's entries below
        it, or at a step that waits for no answer (its text lands where the main menu's would)."""
        if turn.person is None:
            return False
        return bool(turn.state.menu.get("home")) or self._asked_nothing(turn)

    def _asked_nothing(self, turn: Turn) -> bool:
        """The person stands at their own main menu, or at a step that waits for no answer: never at a
        question, the main menu's entries below it or not. What is said of a notice (“không đúng”, “đã nộp
        cho thôn rồi”) is read there with no notice too, as after one (decision 2330)."""
        if turn.person is None:
            return False
        at = (turn.state.flow, turn.state.step)
        flow = self.registry.flows.get(at[0])
        return at == self.registry.home or flow is None or at[1] not in flow.answers

    async def takes_photo(self, channel: str, user_id: str) -> bool:
        """Whether a photo this account sends is downloaded and kept: only one of someone who joined (an
        active account, or a blocked one, which this very message unblocks). Evidence photos are records kept
        for ever, and before joining no step takes one."""
        async with self.sessionmaker() as session:
            return await _joined(session, channel, user_id)

    async def photo_asked(self, channel: str, chat_id: str, *, a_file: bool = False) -> str | None:
        """What the photo the chat's step on screen asks for is of (`Turn.menu`'s `photo_of`), read only;
        None where no step waits for one, or its question is another (an amount, the last look: decision
        0807), but for `a_file` sent there, a receipt sent ahead. A channel answering what it cannot read (a
        sticker, a voice message, a file Zalo does not deliver) asks for that photo (decision 0794)."""
        async with self.sessionmaker() as session:
            state = await read_state(await session.connection(), channel, chat_id)
        return None if state is None else asked_photo(state.menu, a_file=a_file)

    async def takes_file(self, channel: str, chat_id: str, user_id: str) -> bool:
        """Whether the chat's step on screen asks for a file (the bank statement: Turn.menu's `takes_file`),
        and a file sent there is to be downloaded and kept: only from an account of someone who joined, as a
        photo (`takes_photo`). Anywhere else nothing is downloaded: a stranger, a member at the main menu, or
        a phone whose account an officer took off at that very step (decision 0350), sending file after file
        would fill the disk with files kept for ever."""
        async with self.sessionmaker() as session:
            state = await read_state(await session.connection(), channel, chat_id)
            if state is None or not state.menu.get("file"):
                return False
            return await _joined(session, channel, user_id)

    async def current_menu(
        self, channel: str, chat_id: str, user_id: str, *, asked_too: bool = False
    ) -> tuple[Reply, str] | None:
        """The menu a chat is looking at now and its locale (read only), for channels that page long menus;
        None where the account `user_id` turning the page was taken off by an officer (a phone lost), whose
        every message the engine answers only with that: the menu's later pages are not drawn for it either
        (decision 0350). `asked_too`: a question without choices (an amount) too, to show again under the
        answer to what a channel cannot read (a sticker: decision 1237), where it is not the main menu."""
        async with self.sessionmaker() as session:
            state = await read_state(await session.connection(), channel, chat_id)
            if state is None or not (state.menu.get("choices") or (asked_too and state.menu.get("text"))):
                return None
            if asked_too and state.menu.get("home"):  # the main menu: nothing begun, nothing to come back to
                return None
            account = (
                await session.execute(
                    select(ChannelIdentity.person_id, ChannelIdentity.status).where(
                        ChannelIdentity.channel == channel, ChannelIdentity.external_id == user_id
                    )
                )
            ).first()
            if account is not None and (
                account.status == "removed" or state.person_id not in (None, account.person_id)
            ):
                return None
            person = await session.get(Person, state.person_id) if state.person_id else None
            locale = _locale_of(person, state, self.settings)
            turn = Turn(
                _EMPTY_INBOUND, session, state, person, set(), self.settings, self.clock(), Translator(locale)
            )
            turn.repeat_menu()
            return turn.replies[0], locale

    @staticmethod
    def _read_button(turn: Turn) -> tuple[list[str], bool] | None:
        """The option a press picked, and whether it was pressed on the menu on screen (False: on an earlier
        message of the same step's menu, before a typed part of a name narrowed it: decision 0088); None for
        a button of another menu."""
        token, _sep, choice_id = (turn.inbound.choice or "").partition(":")
        menu = turn.state.menu
        options = {c["id"] for c in [*menu.get("whole", menu).get("choices", []), *menu.get("choices", [])]}
        if choice_id not in options or not plain_digits(token):
            return None
        if int(token) == turn.state.menu_token:
            return [choice_id], True
        since = menu.get("since")
        if since is not None and since <= int(token) < turn.state.menu_token:
            return [choice_id], False
        return None

    @staticmethod
    def _start(turn: Turn, flow: str, step: str) -> None:
        turn.goto(flow, step, keep_data=False)

    async def _follow(self, turn: Turn) -> None:
        """Run the prompts of the steps the handlers moved to (a prompt may move on again, a few times)."""
        for _hop in range(8):
            if turn._next is None:
                return
            flow, step = turn._next
            turn._next = None
            turn.state.flow, turn.state.step = flow, step
            turn.picked = []
            prompt = self.registry.flows[flow].prompts.get(step)
            if prompt is not None:
                token = turn.state.menu_token
                await prompt(turn)
                stays = turn._next is None and (turn.state.flow, turn.state.step) == (flow, step)
                if stays and turn.state.menu_token != token and turn.state.menu.get("text"):
                    # The question on screen is the step's own: its prompt can draw it again (`_in_place`).
                    turn.state.menu = {**turn.state.menu, "drawn": [flow, step]}
        raise RuntimeError("flow loop: prompts kept moving")


def _comes_back(inbound: Inbound) -> bool:
    """/start typed (with a link's payload or without): what brings back one who stopped the bot herself."""
    return (inbound.text or "").strip().lower().split(" ", 1)[0] == "/start"


def removed_notice(locale: str) -> str:
    """All an account an officer took off is told, whatever it sends: a message, a press, a sticker or a file
    (bot.channels.direct_reply), never what else it could do (decision 0350)."""
    return translate(
        locale,
        "This account was removed from Chung Tay by the officer in charge. "
        "If you think this is a mistake, please contact them.",
    )


async def _joined(session: AsyncSession, channel: str, user_id: str) -> bool:
    """Whether the account is one of someone who joined and was not taken off: active, or blocked (which the
    message being read unblocks)."""
    status = await session.scalar(
        select(ChannelIdentity.status).where(
            ChannelIdentity.channel == channel, ChannelIdentity.external_id == user_id
        )
    )
    return status in ("active", "blocked")


def _offers_back(menu: dict[str, Any]) -> bool:
    """Whether the menu on screen (or the whole one it narrowed) has a Back option."""
    whole = menu.get("whole", {})
    return any(c["id"] == BACK_ID for c in [*menu.get("choices", []), *whole.get("choices", [])])


def _number_answered(turn: Turn, *, chose: bool) -> None:
    """A number alone typed that chose an option and brought another menu, in a chat whose menus show
    numbers (Zalo's; a button is tied to its menu by its token): that menu keeps it, so the same number sent
    again before the menu went out is asked about (`Engine._number_again_unseen`). Nothing is kept on a
    chat with buttons, so there a number never costs the look at the outbox."""
    inbound, menu = turn.inbound, turn.state.menu
    if not chose or turn.state.menu_token == turn.opened_with_token or not menu.get("choices"):
        return
    if not inbound.text or inbound.choice is not None or inbound.shows_buttons:
        return
    if (number := one_number(turn.typed)) is not None:
        turn.state.menu = {**menu, "after_number": number}


def _shown_whole(turn: Turn) -> bool:
    """Whether the person chose “Xem cả danh sách” on a narrowed menu: its whole menu is shown again, the step
    not called (decision 0088)."""
    if turn.picked != [WHOLE_ID]:
        return False
    turn.picked = []
    turn.whole_menu()
    turn.repeat_menu()
    return True


def _album_said(turn: Turn) -> None:
    """A photo of the album whose words were read already with the evidence kept (`evidence_photo`'s
    `said`): its own words are not read again as an answer. Telegram sends an album one message a photo,
    each with the words written under it: three receipts' “500k”, “300k”, “200k” changed the gift's figure
    twice at the drive's question, and it went as the last one's (decision 0370). The photo is kept as the
    album's; the words that came first stand. Zalo has no albums: a photo sent within the minute of one of
    the set kept (`taken_together`, decision 0392) is one of them, and its words too were read again, a
    menu's answer or the gift's figure changed (decision 0436)."""
    photo = turn.inbound.photo
    if photo is None or not photo.caption or turn.person is None or not (photo.album or photo.apart):
        return
    evidence = turn.data.get("photo")
    if not isinstance(evidence, dict) or not evidence.get("said"):
        return
    if photo.album is not None:
        together = evidence.get("album") == photo.album
    else:  # the set's first photo carries its words' reading (`evidence_photo`, handlers.contributions)
        this, more = {"sent_at": turn.inbound.at.isoformat()}, turn.data.get("more_photos") or []
        together = any(taken_together(kept, this) for kept in [evidence, *more])
    if together:
        turn.inbound = replace(turn.inbound, photo=replace(photo, caption=None))


def _words_typed(turn: Turn) -> None:
    """The message read as its photo's words typed, the photo left out (decisions 0285, 0294)."""
    photo = turn.inbound.photo
    assert photo is not None
    turn.inbound = replace(turn.inbound, text=photo.caption, photo=None)


def _by_words(text: str, menu: dict[str, Any]) -> list[str]:
    """The options a part of a name typed matches by its words (bot.conversation.recognise.matching): among
    those on screen, else, where a name typed before narrowed the menu, among the whole menu's."""
    found = matching(text, menu["choices"])
    if not found and menu.get("whole"):
        found = matching(text, menu["whole"]["choices"])
    return found


_EMPTY_INBOUND = Inbound(channel="", chat_id="", user_id="", at=datetime.min.replace(tzinfo=UTC))


def _normalise(inbound: Inbound) -> Inbound:
    """Every text a person sent, cleaned once here for every channel (bot.text.clean). Nothing is cut:
    each step checks the length of the field it reads and says the limit."""
    photo = inbound.photo
    if photo is not None and photo.caption is not None:
        photo = replace(photo, caption=clean(photo.caption) or None)
    attachment = inbound.attachment
    if attachment is not None:
        attachment = replace(attachment, name=clean(attachment.name))
    return replace(
        inbound,
        text=clean(inbound.text) or None if inbound.text is not None else None,
        photo=photo,
        attachment=attachment,
        display_name=clean(inbound.display_name) if inbound.display_name else None,
    )


async def _post(turn: Turn, connection: AsyncConnection) -> None:
    """The turn's replies as outbox rows, written in the turn's transaction.

    A press that answered the menu on screen has that message replaced by the first reply (where the
    channel can edit; never a record the menu was shown with). Otherwise, once the menu on screen is
    answered, replaced by another or shown again in a new message, its buttons are taken off: only one
    message looks pressable. The first reply's row does that before it shows (one row and one delivery,
    not one for each message whose buttons go)."""
    inbound, state = turn.inbound, turn.state
    messages = merge_replies(turn.replies)
    destination = Destination(inbound.channel, inbound.chat_id)
    first = messages[0] if messages else None
    replaceable = first is not None and first.photo is None and not first.alone
    edit_of = inbound.pressed if turn.answered_menu and replaceable else None
    key = _reply_key(inbound)
    # Every message still showing the menu that was on screen: the latest, and earlier copies of it (a menu
    # shown again keeps its token, so its older copies stay valid until the menu changes).
    shown = [*turn.opened_menu_copies, *([state.menu_outbox_id] if state.menu_outbox_id is not None else [])]
    menu_changed = state.menu_token != turn.opened_with_token
    clear: tuple[int, ...] = ()
    if menu_changed:  # answered or replaced: none of them is pressable any more (but the one edited in place)
        clear = tuple(row_id for row_id in shown if edit_of is None or row_id != state.menu_outbox_id)
        shown = []
    if clear and not messages:  # nothing to say: rows of their own take the buttons off
        for n, row_id in enumerate(clear):
            await enqueue(
                connection,
                key=f"{REPLY_KEY}{key}:clear:{n}",
                destination=destination,
                message=OutboundMessage(clear_buttons_of=row_id),
                now=turn.now,
            )
    for n, reply in enumerate(messages):
        row = await enqueue(
            connection,
            key=f"{REPLY_KEY}{key}:{n}",
            destination=destination,
            message=OutboundMessage.from_reply(
                reply,
                keep=reply.keep,
                edit_of=edit_of if n == 0 else None,
                locale=turn.t.locale,
                clear_first=clear if n == 0 else (),
                page=_page_to_open(turn, reply),
            ),
            now=turn.now,
            person_id=turn.person.id if turn.person is not None else None,
        )
        if reply.choices and reply.menu_token == state.menu_token:
            if state.menu_outbox_id is not None and not menu_changed and edit_of is None:
                shown.append(state.menu_outbox_id)  # shown again: the earlier copy still counts
            state.menu_outbox_id = row
            if reply.keep:  # a menu shown under a record: answering it must not edit the record away
                state.menu = {**state.menu, "keep": True}
    copies = [row_id for row_id in shown if row_id != state.menu_outbox_id]
    if copies or state.menu.get("copies"):
        state.menu = {**state.menu, "copies": copies}


def _page_to_open(turn: Turn, reply: Reply) -> int:
    """The page of its buttons a menu opens at, on a channel that pages long menus (decision 0075): the page
    the press was made on when the answer redraws the same menu (the same step, the same items: an entry
    ticked or the whole page chosen), else the first. Another step, or another page of a list (other
    items), starts at the first page of its buttons."""
    if not turn.inbound.pressed_page or not turn.answered_menu or not reply.choices:
        return 0
    if reply.menu_token != turn.state.menu_token or turn.opened_at != (turn.state.flow, turn.state.step):
        return 0
    items = [choice.id for choice in reply.choices if not choice.pinned]
    return turn.inbound.pressed_page if items == menu_items(turn.opened_menu) else 0


def _reply_key(inbound: Inbound) -> str:
    return inbound.dedupe_key or f"{inbound.channel}:{inbound.chat_id}:{uuid.uuid4().hex}"


async def _first_time(connection: AsyncConnection, inbound: Inbound, now: datetime) -> bool:
    """Record the update as processed; False when it already was (the same update delivered again)."""
    if not inbound.dedupe_key:
        return True
    return await insert_ignore(connection, ProcessedUpdate, {"key": inbound.dedupe_key, "processed_at": now})


def _locale_of(
    person: Person | None, state: ChatState, settings: Settings, messenger: str | None = None
) -> str:
    """The language to answer in: the person's, else the one the chat chose, else the one their messenger is
    set to (before anything was chosen: decision 0324), else the default."""
    if person is not None and person.locale:
        return person.locale
    return (
        state.data.get("locale") or messenger_locale(messenger) or settings.default_locale or DEFAULT_LOCALE
    )


async def locale_outside_a_turn(
    connection: AsyncConnection,
    settings: Settings,
    channel: str,
    chat_id: str,
    user_id: str,
    messenger: str | None,
) -> str:
    """`_locale_of` where no turn is open (the apology after a fault, the answer to a sticker): the person's
    language, else the one the chat chose before joining, else the messenger's, else the default."""
    params = {"channel": channel, "user": user_id}
    locale = (await connection.execute(_LOCALE_OF_IDENTITY, params)).scalar()
    if locale not in LOCALES:  # before joining: the language the chat chose, kept with its state
        state = await read_state(connection, channel, chat_id)
        locale = state.data.get("locale") if state is not None else None
    locale = locale if locale in LOCALES else messenger_locale(messenger)
    return locale or settings.default_locale or DEFAULT_LOCALE


def messenger_locale(language: str | None) -> str | None:
    """One of our languages as a messenger names it (“en”, “en-GB”, “vi”), else None."""
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LOCALES else None


def _command_name(word: str) -> str:
    """The command a typed word names: "/tiendo" (also "/tiendo@ChungTayBot"), or "saoke" as the help prints
    /saoke."""
    word = word.lower().split("@", 1)[0]
    return word if word.startswith("/") else "/" + fold(word).strip(" .!?")
