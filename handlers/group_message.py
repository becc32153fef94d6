"""“Tin nhắn gửi nhóm”: one message made to be forwarded or copied as it is into a group chat (decision
0109), from a drive's screen, an appeal's status or the Fund's statement. The bot sends it on its own, with
nothing joined to it and no buttons (Turn.say_to_forward), then the screen again in a message of its own.

It is written in the organisation's language (DEFAULT_LOCALE), as the group reads it, whatever the officer's:
the organisation's name (a group may hear of more than one: decision 0139), the drive's title and dates, what
was received and confirmed and how many gave (the public page's figures, the screen's very words), the
target, the suggested level, how to give — in Chung Tay on Telegram (the bot's link: it has no deep link for
a gift) and on Zalo (its name), and by transfer with the reference code as the description —, the public
page's link if it has one, and a thank-you; once the drive takes no gift (closed, or long over), where its
money went instead of how to give (decision 0272). Plain text, about twelve lines: no Markdown (Zalo shows its
asterisks), one emoji at each end. Never a name, a single gift or a hardship case;
who may have it, the domain decides (bot.domain.group_news)."""

from __future__ import annotations

from datetime import date

from bot.config import Settings
from bot.conversation.turn import Turn
from bot.db.models import CONTRIBUTION_KINDS, Drive
from bot.domain.access import Actor
from bot.domain.drives import last_gift_day
from bot.domain.group_news import DriveNews, FundNews, GroupNewsError, drive_news, fund_news
from bot.domain.public_page import page_url
from bot.domain.statement import Figures
from bot.domain.transfer import Account
from bot.i18n import Translator
from bot.messages import Choice
from handlers.common import say_officers_only
from handlers.wording import (
    balance_lines,
    closed_words,
    ended_words,
    figures_text,
    givers_words,
    target_line,
)

GROUP = "group"
GROUP_WORDS = ("tin nhan nhom", "gui nhom", "tin nhan gui nhom", "group message")


def group_choice(t: Translator) -> Choice:
    return Choice(GROUP, t("Message for the group chat"), keywords=GROUP_WORDS)


async def hand_out_drive(turn: Turn, actor: Actor | None, drive: Drive) -> bool:
    """The drive's message for a group chat, then how to forward it; False (after a kind refusal) for one who
    may not see the drive's screen."""
    try:
        news = await drive_news(turn.session, actor, drive, today=turn.today)
    except GroupNewsError:
        await say_officers_only(turn, turn.t("Only {officers} can open and manage drives."))
        return False
    group = Translator(turn.settings.default_locale)
    turn.say_to_forward(drive_text(group, news, turn.settings, year=turn.today.year))
    turn.say(_how_to_forward(turn, group))
    return True


async def hand_out_fund(turn: Turn, actor: Actor | None, year: int) -> bool:
    """The message of the Fund outside the drives in `year`, as `hand_out_drive`."""
    try:
        news = await fund_news(turn.session, actor, actor.org_id if actor else 0, year, today=turn.today)
    except GroupNewsError:
        await say_officers_only(turn, turn.t("Only {officers} can open and manage drives."))
        return False
    group = Translator(turn.settings.default_locale)
    turn.say_to_forward(fund_text(group, news, turn.settings))
    turn.say(_how_to_forward(turn, group))
    return True


def drive_text(t: Translator, news: DriveNews, settings: Settings, *, year: int) -> str:
    """The message of a drive, in `t`'s language; how to give only while it takes gifts; once it is closed,
    where its money went (paid out to hardship cases, handed over, left: totals only, as its public page and
    its statement say them), for the group that gave it (decision 0272)."""
    p = news.progress
    d = p.drive
    # Past its last day a drive is told as ended, though it takes late gifts for a while (decision 0887).
    ended = ended_words(t, d.ends_on) if news.ended else closed_words(t, d)
    head = f"📣 {news.org_name} — {d.title} ({t.date(d.starts_on)}–{t.date(d.ends_on)}){ended}"
    kinds = set(d.kinds or CONTRIBUTION_KINDS)
    lines = [head, *_received(t, p.figures, kinds)]
    if p.percent is not None and d.target_vnd:
        lines.insert(2, target_line(t, d.target_vnd, p.percent, p.figures.confirmed, kinds))
    if (not news.open or news.ended) and p.balance.any_out:  # its last figures: where the money went
        lines += balance_lines(t, p.balance, kinds, of_the_fund=d.fund)
    if d.suggested_level and news.open and not news.ended:
        lines.append(t("Suggested level: {level}").format(level=d.suggested_level))
    if news.open:
        late = t("The drive has ended. Late gifts are still recorded until {last}:")
        heading = late.format(last=t.date(last_gift_day(d))) if news.ended else None
        lines += _how_to_give(t, news.account, settings, f"{news.ref_prefix}-{year}-…", heading=heading)
    if news.public_key and settings.public_url:
        url = page_url(settings.public_url, news.public_key)
        lines.append(t("Received and paid out, for all to see: {url}").format(url=url))
    # a drive not of the Fund (relief after a storm) is thanked without the Fund's words (0704)
    lines.append(
        t("Thank you for joining hands for the poor! 🙏") if d.fund else t("Thank you for joining hands! 🙏")
    )
    return "\n".join(lines)


def fund_text(t: Translator, news: FundNews, settings: Settings) -> str:
    """The message of the Fund outside the drives in a year, as `drive_text` (no dates, no target). A year
    past (January's message of December's Fund) is told as ended, with where its money went as its public
    page says it, and the ways to give lead to this year's Fund, its codes' example of this year: a gift
    recorded now counts for it (decisions 0887, 0967)."""
    title = t("The Fund for the Poor (outside the drives), {year}").format(year=news.year)
    ended = ended_words(t, date(news.year, 12, 31)) if news.ended else ""
    kinds = set(CONTRIBUTION_KINDS)
    lines = [f"📣 {news.org_name} — {title}{ended}", *_received(t, news.figures, kinds)]
    balance, year, heading = news.balance, news.year, None
    if news.ended and news.this_year is not None:
        if balance is not None and balance.told:
            lines += balance_lines(t, balance, kinds, fund=True)
        year = news.this_year
        heading = t(
            "The Fund of {year} is closed; what is left goes on into {next}. To give to the Fund of {next}:"
        )
        heading = heading.format(year=news.year, next=year)
    lines += _how_to_give(t, news.account, settings, f"{news.ref_prefix}-{year}-…", heading=heading)
    if news.public_key and settings.public_url:
        url = page_url(settings.public_url, news.public_key)
        url = f"{url}?nam={news.year}" if news.ended else url  # the page of the year told, not this year's
        lines.append(t("Received and paid out, for all to see: {url}").format(url=url))
    lines.append(t("Thank you for joining hands for the poor! 🙏"))
    return "\n".join(lines)


def _received(t: Translator, figures: Figures, kinds: set[str]) -> list[str]:
    """What was received and confirmed (the screen's figures), how many people it came from, and donors from
    outside the organisation apart: totals only, never one gift, never an average; what still waits for a
    treasurer is in none of them (a finding from outside: "8 people gave" under the confirmed figures counted
    two whose gifts were waiting)."""
    lines = [
        t("Received, confirmed by the treasurer: {figures}.").format(
            figures=figures_text(t, figures.confirmed, kinds, given=True)
        ),
        givers_words(
            t, figures.confirmed_givers - figures.confirmed_households, figures.confirmed_households, kinds
        ),
    ]
    if figures.confirmed_donors:
        lines.append(
            t("Donors outside the organisation: {n}, confirmed {value}.").format(
                n=t.number(figures.confirmed_donors), value=t.vnd(figures.from_donors)
            )
        )
    return lines


def _how_to_give(
    t: Translator, account: Account | None, settings: Settings, example: str, *, heading: str | None = None
) -> list[str]:
    """In Chung Tay (on the messengers this deployment runs), and by transfer where an account is set, the
    reference code as the transfer's description (bot.domain.transfer: how the treasurer finds the gift),
    like `example` (“CT-2026-…”, of the organisation's prefix: decision 0140); under `heading`, else “How to
    give:”."""
    give = t("Record a contribution")
    lines = [heading or t("How to give:")]
    if settings.telegram_bot_username:
        link = f"https://t.me/{settings.telegram_bot_username}"
        lines.append(t("• In Chung Tay on Telegram: {link}, then “{give}”.").format(link=link, give=give))
    if settings.zalo_bot_name:
        lines.append(
            t("• In Chung Tay on Zalo: find “{name}”, then write “{give}”.").format(
                name=settings.zalo_bot_name, give=give
            )
        )
    if not (settings.telegram_bot_username or settings.zalo_bot_name):
        lines.append(t("• In Chung Tay: “{give}”.").format(give=give))
    if account is not None:
        lines.append(
            t(
                "• By transfer: {account}. As its description, the code Chung Tay gives when you record "
                "the gift (like {example})."
            ).format(account=account.line(), example=example)
        )
    return lines


def _how_to_forward(turn: Turn, group: Translator) -> str:
    """Under the message, in the reader's language: how to pass it on, and in which language it is when that
    is not theirs."""
    said = turn.t(
        "Above: the message for your group chat. Press and hold it, then Forward it to the group, or Copy it "
        "and paste it there."
    )
    return f"{said} {in_the_groups_language(turn, group.locale)}".rstrip()


def in_the_groups_language(turn: Turn, locale: str) -> str:
    """That a message for the group chat is in the organisation's language, `locale`, when the reader's is
    another; else nothing. Said wherever such a message is handed out (an appeal's correction too: decision
    0747)."""
    if locale == turn.t.locale:
        return ""
    return turn.t("It is in {language}, the organisation's language.").format(
        language=turn.t("Vietnamese") if locale == "vi" else turn.t("English")
    )
