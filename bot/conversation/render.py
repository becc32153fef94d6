"""Turning neutral replies into what a channel can show: numbered text menus, or buttons."""

from __future__ import annotations

from dataclasses import replace

from bot.conversation.recognise import numbered
from bot.delivery.actions import typed_form
from bot.messages import Capabilities, Reply

MERGE_LIMIT = 4000  # under every channel's longest message


def render_text(reply: Reply, caps: Capabilities) -> str:
    """The text of a reply; on a channel without buttons, the choices become a numbered list and the actions
    lines to type ("#3 — See my progress"); on one with buttons, how to press them (`press_hint`) follows."""
    if caps.buttons:
        return with_press_hint(_body(reply), reply.press_hint)
    menu = _menu_block(reply, caps)
    return "\n".join([_body(reply), "", *menu]) if menu else _body(reply)


def with_press_hint(text: str, press_hint: str | None) -> str:
    """What a channel with buttons shows: the text, then how to answer by pressing ("Bấm để chọn, bấm lần
    nữa để bỏ chọn."). A channel without buttons shows the reply's `hint` instead, under its numbers."""
    return f"{text}\n\n{press_hint}" if press_hint else text


def render_parts(reply: Reply, caps: Capabilities, limit: int | None = None) -> list[str]:
    """The messages a channel without buttons sends for `reply` when one would be too long (`limit`, by
    default the channel's `max_text`, counted in UTF-16 units as Zalo counts them): the text split on line
    boundaries, and the menu — numbered options, hint and actions — never split, with the last part."""
    limit = limit or caps.max_text
    whole = render_text(reply, caps)
    if utf16_units(whole) <= limit:
        return [whole]
    menu = "\n".join(_menu_block(reply, caps))
    parts = split_lines(_body(reply), limit)
    if not menu:
        return parts
    if utf16_units(menu) > limit:  # a menu longer than a message: its lines, never an option cut in two
        return parts + split_lines(menu, limit)
    if parts and utf16_units(parts[-1]) + 2 + utf16_units(menu) <= limit:
        return [*parts[:-1], f"{parts[-1]}\n\n{menu}"]
    return [*parts, menu]


def split_lines(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` UTF-16 units, cut at line ends: at the end of a paragraph (a blank
    line) where one closes the part at least half full, so a heading stays with the lines it heads; a line
    longer than a part alone is cut after a comma, else at a space, never inside a word (a name in a list of
    names stays whole) unless it has none. Where a part must end inside a list of bullets ("• "), the list's
    heading begins the next part, said again. Blank lines at a cut are dropped."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        while utf16_units(line) > limit:
            cut, rest = _word_cut(line, limit)
            if current:
                parts.append("\n".join(current))
                current, size = [], 0
            parts.append(line[:cut])
            line = line[rest:]
        added = utf16_units(line) + (1 if current else 0)
        if current and size + added > limit:
            paragraph = _paragraph_end(current, limit)
            if paragraph is not None:  # the paragraphs before go; the one under way goes on with the line
                parts.append("\n".join(current[:paragraph]))
                current = current[paragraph + 1 :]
                size = utf16_units("\n".join(current))
                added = utf16_units(line) + (1 if current else 0)
        if current and size + added > limit:
            # cut inside a paragraph: a list's heading goes on with the list (a block of 20 units in the
            # roll-up; docs/decisions/0071), moved if it would end this part, else said again
            heading = _heading(current) if line.startswith(BULLET) else None
            keep: list[str] = []
            if heading is not None and utf16_units(current[heading]) + 1 + utf16_units(line) <= limit:
                keep = [current[heading]]
                if heading == len(current) - 1:
                    current = current[:-1]
            parts.append("\n".join(current))
            current = keep
            size = utf16_units("\n".join(current))
            added = utf16_units(line) + (1 if current else 0)
        current.append(line)
        size += added
    if current:
        parts.append("\n".join(current))
    return [part.strip("\n") for part in parts if part.strip()]


BULLET = "• "


def _heading(lines: list[str]) -> int | None:
    """The index of the heading of the list `lines` end in: the last line of their last paragraph that is not
    a bullet ("• "), when it stands above bullets only; None when the paragraph has no such line."""
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].strip():
            return None
        if not lines[index].startswith(BULLET):
            return index
    return None


def _paragraph_end(lines: list[str], limit: int) -> int | None:
    """The index of the last blank line of `lines` after which the part may end (what comes before it at
    least half of `limit`), or None."""
    for index in range(len(lines) - 1, 0, -1):
        if not lines[index].strip() and utf16_units("\n".join(lines[:index])) >= limit // 2:
            return index
    return None


def _word_cut(line: str, limit: int) -> tuple[int, int]:
    """Where to cut a line longer than `limit`: (the end of the first piece, where the rest starts). After the
    last ", " or "; " that fits, else at the last space, as long as the piece is at least half of `limit`;
    else where it must."""
    fits = _fit(line, limit)
    for separator in (", ", "; ", " "):
        at = line.rfind(separator, 0, fits)
        if at >= fits // 2:
            end = at + len(separator.rstrip())
            return end, at + len(separator)
    return fits, fits


def _body(reply: Reply) -> str:
    text = f"{reply.text}\n[🖼 {reply.photo}]" if reply.photo else reply.text
    return f"{text}\n[📄 {reply.document.path}]" if reply.document else text


def _menu_block(reply: Reply, caps: Capabilities) -> list[str]:
    """What a channel without buttons shows under the text: the numbered options with the hint, a blank
    line, the actions to type."""
    if caps.buttons:
        return []
    lines: list[str] = []
    if reply.choices:
        if reply.asks_number:  # a number typed is the answer: the options are typed by name
            lines += [f"• {choice.label}" for choice in reply.choices]
        else:
            listed = numbered([{"id": c.id, "label": c.label} for c in reply.choices])
            lines += [f"{number}. {choice['label']}" for number, choice in listed]
        lines += [reply.hint] if reply.hint else []
    actions = [f"{typed} — {label}" for code, label in reply.actions if (typed := typed_form(code))]
    if actions:
        lines += ["", *actions] if lines else actions
    return lines


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units (an emoji counts 2), as Zalo counts."""
    return len(text.encode("utf-16-le")) // 2


def _fit(line: str, limit: int) -> int:
    """How many characters of `line` fit in `limit` UTF-16 units."""
    size = 0
    for index, char in enumerate(line):
        size += 2 if ord(char) > 0xFFFF else 1
        if size > limit:
            return max(index, 1)
    return len(line)


def button_payload(reply: Reply, choice_id: str) -> str:
    return f"{reply.menu_token}:{choice_id}"


def merge_replies(replies: list[Reply], limit: int = MERGE_LIMIT) -> list[Reply]:
    """Join a plain text with the reply after it ("Saved." + the menu) into one message: fewer messages to
    read and to notify, and fewer sends against a chat's limit of about one a second. Photos stay on their
    own, and so do files and a message made to be forwarded as it is (`alone`). A message that holds a record
    keeps it (`keep`)."""
    merged: list[Reply] = []
    for reply in replies:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not previous.alone
            and not reply.alone
            and not previous.choices
            and not previous.actions
            and previous.photo is None
            and reply.photo is None
            and previous.document is None
            and reply.document is None
            and len(previous.text) + len(reply.text) + 2 <= limit
        ):
            merged[-1] = replace(
                reply, text=f"{previous.text}\n\n{reply.text}", keep=previous.keep or reply.keep
            )
        else:
            merged.append(reply)
    return merged
