"""Flows are named sets of steps. A step has a prompt (what to show on entering) and an answer handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.conversation.turn import Turn
    from bot.domain.access import Actor
    from bot.i18n import Translator

StepFn = Callable[["Turn"], Awaitable[None]]
# Does a command's work where the person stands, from the turn's argument; False when it did nothing.
InPlaceFn = Callable[["Turn"], Awaitable[bool]]
# Another flow's keyword typed at one of a flow's questions (the flow and step it starts): the flow on screen
# takes it (asks what is meant) rather than being left; False when it leaves it to start as usual.
KeywordFn = Callable[["Turn", tuple[str, str]], bool]
# Keeps a photo sent with words at one of a flow's questions of choices (a gift's receipt, its caption
# “500k”), as the flow keeps it; its words are then read as if typed there (decision 0285).
PhotoFn = Callable[["Turn"], None]
# True of an action (its args) that words typed must not press, only its button or its number (decision 0281).
WordsPassFn = Callable[["AsyncSession", Mapping[str, Any]], Awaitable[bool]]


@dataclass
class Flow:
    name: str
    prompts: dict[str, StepFn] = field(default_factory=dict)
    answers: dict[str, StepFn] = field(default_factory=dict)
    # The flow gathers answers toward a last look (a gift): its own keyword typed at any of its questions is
    # that question answered twice, not a fresh start that would drop them (decision 0203).
    gathers: bool = False
    # Where that keyword typed at the flow's last look goes (a gift's: save this one, or start afresh?
    # decision 0215); None: the last look is asked again like any other question.
    at_last_look: str | None = None
    # What another flow's keyword typed at this flow's questions does first (`keyword_of_another`): a
    # registration asks whether to record a gift while it waits, rather than being dropped (decision 0236).
    other_keyword: KeywordFn | None = None
    # What a photo sent with words does at this flow's questions of choices (`photo_with_words`); None: the
    # step's answer reads the photo and its caption itself (decision 0285).
    keep_photo: PhotoFn | None = None
    # Who may open the flow at all (a rule of bot.domain.access; None: anyone who has joined). A photo's
    # words naming a flow the writer may not open are no entry of theirs: a member's receipt captioned
    # “xacnhan” is kept for the gift, not left for “only treasurers …” (decision 0303).
    opens_for: Callable[[Actor | None], bool] | None = None

    def keyword_of_another(self, fn: KeywordFn) -> KeywordFn:
        self.other_keyword = fn
        return fn

    def photo_with_words(self, fn: PhotoFn) -> PhotoFn:
        self.keep_photo = fn
        return fn

    def prompt(self, step: str) -> Callable[[StepFn], StepFn]:
        def register(fn: StepFn) -> StepFn:
            self.prompts[step] = fn
            return fn

        return register

    def answer(self, step: str) -> Callable[[StepFn], StepFn]:
        def register(fn: StepFn) -> StepFn:
            self.answers[step] = fn
            return fn

        return register


@dataclass
class Registry:
    """Every flow, the commands and typed keywords that start them, and the steps the actions on outbound
    messages start (by kind: bot.delivery.actions)."""

    flows: dict[str, Flow] = field(default_factory=dict)
    commands: dict[str, tuple[str, str]] = field(default_factory=dict)
    keywords: dict[str, tuple[str, str]] = field(default_factory=dict)
    actions: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Kinds of action whose step, pressed after the button's time, says itself what has changed since (a
    # registration reminder's: the window closed) rather than "this button has expired".
    late_actions: set[str] = field(default_factory=set)
    # Words typed alone at the main menu (or where no question waits) that answer the person's latest live
    # action of a kind, as its button would (“đã xong” under a reminder's “Done”); keys: bot.text.match_key.
    # Words that two kinds share (“nhac sau” under a reminder and under an appeal) answer the latest of them.
    action_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Of those kinds, the actions the words pass over, by kind (`action_word`'s `unless`).
    words_pass: dict[str, WordsPassFn] = field(default_factory=dict)
    # Commands that also work before joining, as a step of onboarding that keeps what it gathered (the
    # language): the chat's step is kept as data "resume", to go back to.
    before_joining: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The steps a command or keyword may start for someone who has not joined (they lead into onboarding
    # themselves: /start, /lienket). Any other, typed before joining, is answered that joining comes first.
    for_newcomers: set[tuple[str, str]] = field(default_factory=set)
    # What a newcomer is told instead of “join first” when a command or keyword of one of these steps is typed
    # before joining (asking what is kept, or to stop: nothing is kept yet, docs/decisions/0700), in the
    # reader's words; joining's question follows as for any other.
    newcomers_told: dict[tuple[str, str], Callable[[Translator], str]] = field(default_factory=dict)
    # Typed text of a recognisable shape (a link code) that starts a flow where a keyword would.
    shapes: list[tuple[Callable[[str], bool], tuple[str, str]]] = field(default_factory=list)
    # Typed text of a recognisable shape that starts a flow only at the person's own main menu (or where no
    # question waits for an answer): "ủng hộ 50k" (handlers/contributions.py).
    home_shapes: list[tuple[Callable[[str], bool], tuple[str, str]]] = field(default_factory=list)
    # Of those, the ones read at their own flow's menus too (a question whether one is proposed, typed at
    # the awards' screen: decision 2064); never at another flow's, nor at a question that reads text.
    own_menu_shapes: list[tuple[Callable[[str], bool], tuple[str, str]]] = field(default_factory=list)
    # Of those, the questions asked of what a notice says (“mình đã ủng hộ bao nhiêu”, “ai chưa đăng ký”),
    # read too where a reminder or a digest came after another flow's menu, as the award's (decision 2253).
    notice_questions: list[tuple[Callable[[str], bool], tuple[str, str]]] = field(default_factory=list)
    # What is said, not asked, of a notice just read (“tôi chuyển rồi”, “không đúng”, “đã nộp cho thôn rồi”):
    # read only where a notice came after the menu on screen, the main menu's too (decision 2331).
    notice_statements: list[tuple[Callable[[str], bool], tuple[str, str]]] = field(default_factory=list)
    # What plainly says one thing wherever typed (“không dùng”, written with its marks: decision 2523), read
    # too at another flow's list that takes no text, where its words name none of the options.
    list_statements: list[tuple[Callable[[str], bool], tuple[str, str]]] = field(default_factory=list)
    # The same, for a shape that only the reader's organisation's code letters make (“xathac1”, decision
    # 1871): read after `home_shapes`, given those letters.
    home_letter_shapes: list[tuple[Callable[[str, str], bool], tuple[str, str]]] = field(default_factory=list)
    # Where a photo sent at the person's own main menu goes (a receipt sent before the amount), if anywhere.
    home_photo: tuple[str, str] | None = None
    # Words typed alone that start a flow where a gift's note, goods or figure is asked, as at the main menu,
    # though no keyword of the whole bot: “xem lại”, seeing again what was given (decisions 2796, 2840); keys:
    # bot.text.match_key.
    at_a_gift: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Words typed alone that run a command from anywhere, with the words as its argument: a language's own
    # names ("tieng viet", "English") run /ngonngu (keys: bot.text.match_key).
    anywhere: dict[str, str] = field(default_factory=dict)
    anywhere_around: list[Callable[[str], str]] = field(default_factory=list)
    # Commands that, given what to do on the same line ("/language en"), do it without leaving the step on
    # screen, whose question is then asked again (bot.conversation.engine; decision 0141).
    in_place: dict[str, InPlaceFn] = field(default_factory=dict)
    # Of those, the ones that need nothing on their line (help: said, and the question asked again).
    in_place_bare: set[str] = field(default_factory=set)
    # in place only where leaving would drop something not saved yet (a gift half-way: decision 2929)
    in_place_unsaved: set[str] = field(default_factory=set)
    home: tuple[str, str] = ("menu", "main")
    onboarding: tuple[str, str] = ("onboarding", "start")
    # Onboarding's question of the invite code: its step answers a photo itself, in one line (decision 0307).
    invite_code: tuple[str, str] = ("onboarding", "code")

    def add(self, flow: Flow) -> Flow:
        self.flows[flow.name] = flow
        return flow

    def command(self, names: tuple[str, ...], flow: str, step: str) -> None:
        for name in names:
            self.commands[name.lower()] = (flow, step)

    def command_before_joining(self, names: tuple[str, ...], flow: str, step: str) -> None:
        """`names` typed by someone who has not joined yet start `flow` at `step` (an onboarding step)."""
        for name in names:
            self.before_joining[name.lower()] = (flow, step)

    def anywhere_word(
        self, words: tuple[str, ...], command: str, *, around: Callable[[str], str] | None = None
    ) -> None:
        """`words`, typed alone anywhere, run `command` (a registered one) with the text typed as argument.
        `around`: what is left of a typed key without the words people put around these ("english please":
        "english"), looked up too."""
        from bot.text import match_key

        for word in words:
            self.anywhere[match_key(word)] = command
        if around is not None:
            self.anywhere_around.append(around)

    def anywhere_command(self, typed: str) -> str | None:
        """The command `typed` (a match_key, stripped) runs from anywhere, if any (`anywhere_word`)."""
        if found := self.anywhere.get(typed):
            return found
        bare_keys = (bare(typed) for bare in self.anywhere_around)
        return next((found for key in bare_keys if (found := self.anywhere.get(key))), None)

    def command_in_place(
        self, names: tuple[str, ...], done: InPlaceFn, *, bare: bool = False, unsaved: bool = False
    ) -> None:
        """`names` (registered commands) followed by what to do are done by `done` where the person stands;
        `bare`: typed alone too (help); `unsaved`: only where leaving would drop what is not saved yet (a
        gift half-way, a last look), elsewhere run as usual."""
        for name in names:
            self.in_place[name.lower()] = done
            if bare:
                self.in_place_bare.add(name.lower())
            if unsaved:
                self.in_place_unsaved.add(name.lower())

    def action(self, kind: str, flow: str, step: str, *, late: bool = False) -> None:
        """A pressed action of `kind` starts `flow` at `step`, with the action's args as the flow's data;
        `late`: pressed after it expired too (the step says what no longer holds)."""
        self.actions[kind] = (flow, step)
        if late:
            self.late_actions.add(kind)

    def action_word(self, words: tuple[str, ...], kind: str, *, unless: WordsPassFn | None = None) -> None:
        """`words`, typed alone where no question waits, press the person's latest live action of `kind`
        (one not yet used, not expired) that `unless` is not true of; where none is they read as they did.
        A word given for several kinds presses the latest live action of any of them."""
        from bot.text import match_key

        for word in words:
            kinds = self.action_words.get(match_key(word), ())
            self.action_words[match_key(word)] = kinds if kind in kinds else (*kinds, kind)
        if unless is not None:
            self.words_pass[kind] = unless

    def shape(self, matches: Callable[[str], bool], flow: str, step: str) -> None:
        """Typed text that `matches` starts `flow` at `step` (with the text), wherever a keyword would."""
        self.shapes.append((matches, (flow, step)))

    def home_shape(self, matches: Callable[[str], bool], flow: str, step: str) -> None:
        """Typed text that `matches` starts `flow` at `step` (with the text), but only where the person stands
        at the main menu or where nothing waits for an answer: never at another flow's question."""
        self.home_shapes.append((matches, (flow, step)))

    def home_and_own_menu_shape(self, matches: Callable[[str], bool], flow: str, step: str) -> None:
        """A `home_shape` read at `flow`'s own menus too, where its words name none of the options."""
        self.home_shape(matches, flow, step)
        self.own_menu_shapes.append((matches, (flow, step)))

    def home_question_shape(self, matches: Callable[[str], bool], flow: str, step: str) -> None:
        """A `home_shape` that asks of what a notice says: read too where a notice came after another flow's
        menu on screen, where its words name none of the options (decision 2253)."""
        self.home_shape(matches, flow, step)
        self.notice_questions.append((matches, (flow, step)))

    def notice_statement(self, matches: Callable[[str], bool], flow: str, step: str) -> None:
        """Words said of a notice just read, answered where one came after the menu on screen and the words
        name none of its options; elsewhere they are read as before (decision 2331)."""
        self.notice_statements.append((matches, (flow, step)))

    def list_statement(self, matches: Callable[[str], bool], flow: str, step: str) -> None:
        """Words that say one thing wherever typed, read at another flow's list that takes no text where they
        name none of its options, as at the main menu; it answered “please choose” (decision 2523)."""
        self.list_statements.append((matches, (flow, step)))

    def home_letter_shape(self, matches: Callable[[str, str], bool], flow: str, step: str) -> None:
        """A `home_shape` that reads the text with the letters of the reader's organisation's codes
        (“XATHAC”): read only for someone whose organisation is known, never before joining."""
        self.home_letter_shapes.append((matches, (flow, step)))

    def keyword(self, words: tuple[str, ...], flow: str, step: str) -> None:
        from bot.text import match_key

        for word in words:
            self.keywords[match_key(word)] = (flow, step)
