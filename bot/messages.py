"""Neutral message types: what a person sent, and what the bot wants to say, whatever the messenger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class Photo:
    """A picture the channel has already downloaded and stored (see bot.media); `path` is relative to
    the media directory. `too_large` marks a picture over the size limit that was not downloaded."""

    sha256: str | None
    path: str | None
    size: int | None = None
    caption: str | None = None
    too_large: bool = False
    # The album it was sent in (Telegram's `media_group_id`: several photos sent at once arrive one message
    # each): a flow keeps an album's photos together, where another photo would replace the one before.
    album: str | None = None
    # Sent where photos chosen together arrive one message each with nothing to tie them (Zalo has no
    # albums): one sent within seconds of the one before is taken as one more of them (handlers.common).
    apart: bool = False


# Zalo delivers the photos chosen together one message each, seconds apart, with nothing to tie them: a
# photo sent within this of the one before is one more of them (decision 0392).
PHOTOS_TOGETHER = timedelta(seconds=60)


def taken_together(last: dict[str, Any], kept: dict[str, Any]) -> bool:
    """Whether the photo `kept` came with the one kept `last` (as `evidence_photo` keeps them): of the same
    album (Telegram's), or, where photos come one message each (Zalo), sent within PHOTOS_TOGETHER of it,
    before it or after: a slow upload brings the photo sent first after the one sent next (decision 0418)."""
    if kept.get("album") or last.get("album"):
        return kept.get("album") == last.get("album")
    if not kept.get("sent_at") or not last.get("sent_at"):
        return False
    gap = datetime.fromisoformat(kept["sent_at"]) - datetime.fromisoformat(last["sent_at"])
    return abs(gap) <= PHOTOS_TOGETHER


@dataclass(frozen=True)
class Attachment:
    """A file the person sent (a bank statement), kept like an evidence photo (bot.media): `name` is what
    their file was called, `path` relative to the media directory. `refused` says why it was not kept
    ("too_large", "kind": not a spreadsheet the bot reads, bot.media; "not_asked": no step on screen asks
    for a file)."""

    name: str
    sha256: str | None
    path: str | None
    size: int | None = None
    refused: str | None = None


@dataclass(frozen=True)
class Document:
    """A file handed over in the chat (the print-ready statement). `path` is relative to the media directory,
    `name` is what the reader's file is called; `fallback` is what a channel that cannot carry files says
    instead (already in the reader's language: where else the file can be had)."""

    path: str
    name: str
    fallback: str


@dataclass(frozen=True)
class Inbound:
    channel: str
    chat_id: str
    user_id: str
    at: datetime
    text: str | None = None
    # Payload of a pressed button: "<menu token>:<choice id>".
    choice: str | None = None
    photo: Photo | None = None
    attachment: Attachment | None = None
    dedupe_key: str | None = None
    display_name: str | None = None
    # The messenger's id of the message whose button was pressed (channels that can edit it say which).
    pressed: str | None = None
    # The page of a long menu's buttons the press was made on (channels that page them, decision 0075): the
    # same menu redrawn by the answer (a tick) opens at that page again. 0: the first page.
    pressed_page: int = 0
    # The person's messenger lets them send a file here (Telegram's private chat): a flow that needs one asks
    # for it, and elsewhere says where to send it instead (Zalo and the terminal carry none).
    can_send_files: bool = False
    # The language the person's messenger is set to, as it says it (Telegram's `language_code`: "en", "en-GB",
    # "vi"): the screens before they choose a language follow it (decision 0324); the choice stays theirs.
    language: str | None = None
    # The chat shows the pictures the bot sends (its channel's `Capabilities.photos`; Zalo only with
    # ZALO_MEDIA_URL): where it does not, a flow marks what has a photo instead of sending each one as a
    # message that says it cannot be shown (decision 0432).
    shows_photos: bool = True
    # The chat shows buttons (its channel's `Capabilities.buttons`; Telegram): a menu's options carry no
    # numbers there, so an answer that says how to choose one names its button rather than a number to type.
    shows_buttons: bool = False
    # When our side stored the message, by our own clock (channels that store updates before handling them:
    # Zalo). `at` is the messenger's stamp, by its clock; what reached us before a menu went out was sent
    # before it was seen, whatever the stamp says (decision 1159).
    received_at: datetime | None = None


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    # Extra words that select this choice when typed ("co", "yes"…), matched without diacritics.
    keywords: tuple[str, ...] = ()
    # An action of the menu rather than one of its items ("Confirm the whole page", "Next page", "Back"): a
    # channel that pages a long menu's buttons pages only the items and shows the pinned choices on every
    # page (decision 0075). A text-only channel numbers every choice in the order given, pinned or not.
    pinned: bool = False
    # Chosen only as written (its button, number, name or keyword), never through a slip of the thumb in its
    # name (bot.conversation.recognise.near): it acts at once, with no last look after it ("Ẩn danh").
    as_written: bool = False
    # A yes or a no: typed in part, a keyword of several words names it only with its first word in it
    # (“không phải hộ” for “không phải hộ này”), never by its later words alone (“hộ này”, “này”).
    led: bool = False


@dataclass(frozen=True)
class Reply:
    text: str
    choices: tuple[Choice, ...] = ()
    menu_token: int | None = None
    multi: bool = False
    # How to answer, in the two ways a channel may offer: `hint` on a channel without buttons (under the
    # numbered options: "gõ số …"), `press_hint` on one with buttons (under the text: "bấm …"). The
    # renderer shows the one that fits (bot.conversation.render), so no flow says "bấm" to a text-only chat.
    hint: str | None = None
    press_hint: str | None = None
    # The question asks for a number: a number typed is the answer, so the options are not numbered (a
    # text-only channel lists them to be typed by name).
    asks_number: bool = False
    # A stored picture to show with the text (path relative to the media directory).
    photo: str | None = None
    # A file to hand over, the text its caption.
    document: Document | None = None
    # A record the person may want to read again (a receipt, a decision, a saved registration, the data
    # notice agreed to): a channel never edits it away, even when a menu shown with it is answered.
    keep: bool = False
    # Buttons that work whatever menu the chat shows later (a notice's): (code, label) pairs, the code
    # "act:<id>#<number>" (bot.delivery.actions); a channel without buttons lists them as "#<number> — label".
    actions: tuple[tuple[str, str], ...] = ()
    # A message made to be forwarded or copied as it is (into a group chat, decision 0109): sent on its own,
    # never joined with the text before or after it, never put in place of the menu that was pressed.
    alone: bool = False


@dataclass(frozen=True)
class Capabilities:
    """What a channel can show; flows never look at this, renderers do."""

    buttons: bool
    max_text: int = 4096
    edit_in_place: bool = False
    # The pictures the bot sends are seen (on Zalo only through ZALO_MEDIA_URL); the channel tells a flow
    # through `Inbound.shows_photos`.
    photos: bool = True


BUTTONS = Capabilities(buttons=True, max_text=4096, edit_in_place=True)
TEXT_ONLY = Capabilities(buttons=False, max_text=2000)


@dataclass
class Outcome:
    """What handling one inbound message produced. The replies are already outbox rows, committed with the
    turn; they are here for callers that look at a turn's answer without a channel (benchmarks)."""

    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    # Who the message came from once handled: channels use it for per-role command menus.
    roles: frozenset[str] = frozenset()
    locale: str | None = None
    # The turn failed unexpectedly and was rolled back; the one reply is an apology.
    failed: bool = False
