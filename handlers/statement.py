"""The public statement in chat (/saoke): choose a drive of one's own organisation, or the Fund outside the
drives (this year's gifts) → its totals by kind and its confirmed lines, the latest first, a page at a time
(“Trang trước”/“Trang sau”, as every long list), names only of givers who agreed. Treasurers, officers and
admins also get the print-ready spreadsheet (the same file `chungtay drive statement` writes) as a file in the
chat: it is kept under the media directory and handed over through the outbox; a messenger that cannot carry
files (Zalo) says where it is kept and the command that writes it instead. Under the statement they are
offered the Fund's internal book of the same scope or of the whole year (“Sổ theo dõi (Excel)”: every entry
with real names, bot.domain.ledger_book), handed over the same way."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Organisation
from bot.domain.access import (
    Actor,
    may_export_ledger,
    may_export_statement,
    may_publish_fund,
    may_remit,
    may_see_statement,
)
from bot.domain.campaigns import LAST_YEAR_UNTIL_MONTH
from bot.domain.ledger_book import LedgerBookError, LedgerScope, ledger_book
from bot.domain.notices import counted_later_mark
from bot.domain.public_page import PublicPageError, fund_key_of
from bot.domain.spending import SpendingLine, from_drive, from_fund, spending_lines
from bot.domain.statement import (
    GeneralFund,
    Statement,
    StatementLine,
    drive_statement,
    fund_statement,
)
from bot.domain.transfer import Account, account_of
from bot.i18n import PAPER_LOCALE, Translator
from bot.ledger_sheet import write_ledger
from bot.messages import Choice, Document
from bot.statement_sheet import anonymous, paid_words, unit_shown, write_statement
from bot.text import match_key
from handlers.common import (
    YES,
    Page,
    actor_of,
    back_choice,
    file_slug,
    fund_words,
    go_home,
    in_commune,
    is_household,
    kept_file,
    kept_page,
    no_file_here,
    officers_named,
    organisation_drives,
    page_choices,
    picked_id,
    say_officers_only,
    the_whole,
    turned_page,
)
from handlers.drives import RENEW as RENEW_LINK
from handlers.drives import (
    ask_to_renew,
    handover_line,
    may_view_drives,
    opening_line,
    show_public_link,
)
from handlers.group_message import GROUP, group_choice, hand_out_fund
from handlers.remittances import HANDOVER_AT_PAGE, remit_choice, told_whose_handover, unremit_choice
from handlers.remittances import start as start_remit
from handlers.wording import (
    balance_lines,
    clipped,
    describe,
    ended_words,
    figures_text,
    fund_title,
    goods_counted_text,
    goods_worth,
    labour_days,
)

flow = Flow("statement")
# Lines on a page of the statement in the chat, the latest first; a giver's name, a unit and goods clipped
# (“…”) past these lengths: a page, with its heading and its menu, stays one Zalo message. The spreadsheet
# has every line whole, and /tracuu shows one's own entry whole.
SHOWN_LINES = 10
GIVER_CLIP, UNIT_CLIP, GOODS_CLIP = 28, 30, 24
# A line with a correction's mark (“Điều chỉnh, hủy CT-…”, “Đã hủy theo CT-…”) clips the unit and the goods'
# words shorter, for its mark: a page of ten of them stays one Zalo message too (decision 0502).
MARKED_UNIT_CLIP, MARKED_GOODS_CLIP = 20, 12
GENERAL, GENERAL_ENDED = "general", "general_ended"
# the book of a whole year: its option carries the year its label names ("ly2026"), so a menu shown at
# 23:58 on New Year's Eve and pressed after midnight hands over that year's book, not the next one's
LEDGER, LEDGER_YEAR = "ledger", "ly"
SPENDING = "spending"
# The book of a whole year as treasurers name it (“sổ quỹ”, “so quy nam 2026”), typed at any menu that has no
# option of those words: that book handed over (decision 1651). Compared folded, a year after them or not.
YEAR_BOOK_WORDS = ("sổ quỹ", "sổ quỹ năm", "sổ quỹ cả năm", "sổ theo dõi cả năm", "year book")
PUBLIC, RENEW = "public", "renew"


def year_book_typed(text: str) -> int | None:
    """The year of the book a treasurer typed for (“so quy nam 2026”: 2026), 0 for “sổ quỹ” without a year;
    None when the words are not the book's (`YEAR_BOOK_WORDS`)."""
    words = match_key(text).strip(" .!?").split()
    year = int(words.pop()) if words and len(words[-1]) == 4 and words[-1].isdigit() else 0
    return year if " ".join(words) in {match_key(book) for book in YEAR_BOOK_WORDS} else None


def asks_year_book(text: str) -> bool:
    """Whether `text` asks for the book of a whole year (“sổ quỹ”): handed over, wherever it is typed."""
    return year_book_typed(text) is not None


@flow.prompt("year_book")
async def hand_over_year_book(turn: Turn) -> None:
    """The book of the year typed, where she keeps one (`may_export_ledger`): a year up to this one, that
    year's; without one, the year she closes, as /baocaonam names it (`year_books`, decision 1422). Whoever
    keeps none is told whose it is (decision 1651)."""
    actor = await actor_of(turn)
    if actor is None or not may_export_ledger(actor, actor.org_id):  # not joined: the menu leads to joining
        if actor is not None:
            await say_officers_only(
                turn, turn.t("The contributions ledger is only for treasurers, {officers} and admins.")
            )
        go_home(turn)
        return
    typed = year_book_typed(turn.inbound.text or "") or 0
    year = typed if 0 < typed <= turn.today.year else min(await year_books(turn, actor))
    await _hand_over_ledger(turn, year=year)


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    drives = await organisation_drives(turn)
    choices = [Choice(f"d{d.id}", d.title) for d in drives]
    # Gifts to the Fund outside the drives are public too: the year's statement of their own.
    general = fund_title(turn.t)
    choices.append(Choice(GENERAL, general, keywords=fund_words([d.title for d in drives], ("quy",))))
    # Through March, the year just ended's too, where it had gifts (its statement is published then, 0320).
    ended = turn.today.year - 1
    actor = await actor_of(turn)
    if (
        turn.today.month <= LAST_YEAR_UNTIL_MONTH
        and actor is not None
        and await has_fund_gifts(turn, actor, ended)
    ):
        label = turn.t("{fund}, year {year}").format(fund=general, year=ended)
        choices.append(Choice(GENERAL_ENDED, label, keywords=(str(ended),)))
    question = (  # a household's entry is “Bảng công khai của Quỹ”, its screens too (decisions 1446, 1566)
        turn.t("The Fund's public list: which drive?")
        if is_household(turn)
        else turn.t("Public statement: which drive?")
    )
    turn.menu(question, [*choices, back_choice(turn.t)])


async def has_entries(turn: Turn, actor: Actor, year: int) -> bool:
    """Whether the organisation has an entry of `year` (`Contribution.year`), whatever its state."""
    of_the_year = select(Contribution.id).where(
        Contribution.org_id == actor.org_id, Contribution.year == year
    )
    return bool(await turn.session.scalar(select(of_the_year.exists())))


async def year_books(turn: Turn, actor: Actor) -> list[int]:
    """The years whose whole book /saoke offers, as its menu lists them: this year's, and through March the
    year just ended's too where it had entries, the one a treasurer closes the year with and hands over with
    its money in January (decision 0489, as its statement: 0320). /baocaonam names one of these (1422)."""
    ended = turn.today.year - 1
    if turn.today.month <= LAST_YEAR_UNTIL_MONTH and await has_entries(turn, actor, ended):
        return [turn.today.year, ended]
    return [turn.today.year]


async def has_fund_gifts(turn: Turn, actor: Actor, year: int) -> bool:
    """Whether the organisation's Fund outside the drives has a confirmed gift of `year`."""
    outside = select(Contribution.id).where(
        Contribution.org_id == actor.org_id,
        Contribution.drive_id.is_(None),
        Contribution.year == year,
        Contribution.status == "confirmed",
    )
    return bool(await turn.session.scalar(select(outside.exists())))


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    actor = await actor_of(turn)
    drive_id = picked_id(turn, "d")
    if actor is None or (drive_id is None and turn.choice not in (GENERAL, GENERAL_ENDED)):
        go_home(turn)
        return
    # The statement the chat keeps while its pages turn: a drive's, or the Fund's of this year (or the last).
    year = turn.today.year - (turn.choice == GENERAL_ENDED)
    turn.set(statement_drive=drive_id, statement_year=year, page=0)
    owner = await _owner(turn, actor)
    if owner is None:
        _other_organisation(turn)
        return
    if may_export_statement(actor, owner):
        statement = await _read(turn, owner)
        name = f"sao-ke-{_slug(turn, owner)}.xlsx"
        kept = kept_file(turn, "statements", name)
        write_statement(statement, turn.settings.media_dir / kept, locale=PAPER_LOCALE, taken_at=turn.now)
        fallback = no_file_here(turn, name, f"chungtay drive statement {_code(turn, owner)} --xlsx FILE")
        turn.hand_over(
            Document(kept, name, fallback),
            turn.t("Public statement of {drive}: the print-ready sheet (A4, landscape).").format(
                drive=statement.drive
            ),
        )
    turn.goto("statement", "page")


async def _owner(turn: Turn, actor: Actor) -> Drive | GeneralFund | None:
    """Whose statement the chat keeps: the drive, if the actor may see its statement, or the Fund outside
    the drives of the actor's organisation; None for a drive gone or of another organisation."""
    drive_id = turn.data.get("statement_drive")
    if drive_id is None:
        return GeneralFund(actor.org_id)
    drive = await turn.session.get(Drive, drive_id)
    return drive if drive is not None and may_see_statement(actor, drive) else None


async def _read(
    turn: Turn, owner: Drive | GeneralFund, *, size: int | None = None, page: int = 0
) -> Statement:
    """The statement of `owner`: every line, oldest first (the sheet), or page `page` of `size` lines, the
    latest first (the chat)."""
    if isinstance(owner, GeneralFund):
        title = fund_title(turn.t)
        year = int(turn.data["statement_year"])
        return await fund_statement(turn.session, owner.org_id, year, title=title, size=size, page=page)
    return await drive_statement(turn.session, owner.id, org_id=owner.org_id, size=size, page=page)


def _slug(turn: Turn, owner: Drive | GeneralFund) -> str:
    """The statement's part of a file's name: the drive's code, or the Fund's year."""
    if isinstance(owner, GeneralFund):
        return f"quy-{turn.data['statement_year']}"
    return file_slug(owner.code, "drive")


def _code(turn: Turn, owner: Drive | GeneralFund) -> str:
    """What `chungtay drive statement` takes for the same statement."""
    if isinstance(owner, GeneralFund):
        return f"general --year {turn.data['statement_year']}"
    return owner.code


@flow.prompt("page")
async def show_page(turn: Turn) -> None:
    """A page of the statement, the latest lines first, its totals above every page. Nothing to choose
    (one page, no book to offer): said, and the chat goes home; otherwise the pages' “Trang trước”/“Trang
    sau”, the book for who may have it, and Back."""
    actor = await actor_of(turn)
    owner = await _owner(turn, actor) if actor is not None else None
    if actor is None or owner is None:
        go_home(turn)
        return
    read: list[Statement] = []

    async def lines_on(page: int) -> tuple[list[StatementLine], int]:
        read.append(await _read(turn, owner, size=SHOWN_LINES, page=page))
        return read[-1].lines, read[-1].entries

    shown = await kept_page(turn, "page", SHOWN_LINES, lines_on)
    drive = owner if isinstance(owner, Drive) else None
    text = _page_text(turn, read[-1], shown, account_of(turn.organisation, drive))
    ledger = may_export_ledger(actor, actor.org_id)
    payments = read[-1].payments
    # the Fund's public web page (decision 0102): for an officer of the whole organisation, where it is served
    public = (
        isinstance(owner, GeneralFund)
        and bool(turn.settings.public_url)
        and may_publish_fund(actor, actor.org_id)
    )
    # money handed over to the Fund above from the Fund outside the drives (decisions 0108, 0112)
    remit = isinstance(owner, GeneralFund) and may_remit(actor, actor.org_id, None)
    # the Fund's news for a group chat (decision 0109): for whoever may see the drives' screens
    group = isinstance(owner, GeneralFund) and await may_view_drives(turn, actor)
    if shown.pages == 1 and not ledger and not payments and not public and not remit and not group:
        turn.say(text)
        go_home(turn)
        return
    choices = page_choices(turn.t, shown.number, shown.pages)
    if group:
        choices.append(group_choice(turn.t))
    if payments:  # where the money went: its own pages, without names (0094)
        label = turn.t("Payments made ({n})").format(n=turn.t.number(payments))
        choices.append(Choice(SPENDING, label, keywords=("khoan chi", "chi", "payments")))
    if public:
        choices.append(Choice(PUBLIC, turn.t("Public page on the web"), keywords=("trang cong khai", "web")))
    if remit:
        choices.append(remit_choice(turn, of_the_fund=read[-1].of_the_fund))
        if read[-1].handovers:
            choices.append(unremit_choice(turn))
    if ledger:
        text += "\n\n" + turn.t(
            "The contributions ledger (every entry, with the givers' real names) is for you only."
        )
        choices.append(Choice(LEDGER, turn.t("Ledger (Excel)"), keywords=("so theo doi", "ledger", "excel")))
        for year in await year_books(turn, actor):
            label = turn.t("Ledger of the whole year {year} (Excel)").format(year=year)
            words = ("ca nam", "whole year") if year == turn.today.year else (str(year),)
            choices.append(Choice(f"{LEDGER_YEAR}{year}", label, keywords=words))
    # text naming no choice comes to the answer: a handover typed by a treasurer is told whose it is (2820,
    # 2851)
    turn.menu(text, [*choices, back_choice(turn.t)], entries=True)


@flow.answer("page")
async def got_page(turn: Turn) -> None:
    if turn.choice is None:  # typed: the handover where none is hers, else what any wrong answer gets
        if await told_whose_handover(turn, HANDOVER_AT_PAGE):
            turn.repeat_menu()
        else:
            turn.not_an_option()
    elif turned_page(turn, "page"):
        turn.goto("statement", "page")
    elif turn.choice == LEDGER or picked_id(turn, LEDGER_YEAR) is not None:
        await _hand_over_ledger(turn)
    elif turn.choice == SPENDING:
        turn.set(spending_page=0)
        turn.goto("statement", "spending")
    elif turn.choice == PUBLIC:
        turn.goto("statement", PUBLIC)
    elif turn.choice == GROUP:
        turn.goto("statement", GROUP)
    elif turn.choice in ("remit", "unremit"):  # the Fund's money to the level above (handlers.remittances)
        step = "amount" if turn.choice == "remit" else "cancel"
        start_remit(
            turn, drive_id=None, year=int(turn.data.get("statement_year") or turn.today.year), step=step
        )
    else:  # Back: to the drives, for another statement
        turn.goto("statement", "drive", keep_data=False)


@flow.prompt(GROUP)
async def show_group_message(turn: Turn) -> None:
    """The message for a group chat of the Fund outside the drives in the statement's year, on its own; then
    the statement's page again (decision 0109)."""
    actor = await actor_of(turn)
    owner = await _owner(turn, actor) if actor is not None else None
    if not isinstance(owner, GeneralFund):
        go_home(turn)
    elif await hand_out_fund(turn, actor, int(turn.data["statement_year"])):
        turn.goto("statement", "page")
    else:
        go_home(turn)


@flow.prompt("spending")
async def show_spending(turn: Turn) -> None:
    """What was paid from the drive (or the Fund outside the drives, that year) to hardship cases, the latest
    first, a page at a time under the statement's title and balance: a date, “Hỗ trợ hoàn cảnh khó khăn”
    with “hộ gia đình” for a household (a gift round's payments of a kind: “Trao quà: N suất”, 0943), and
    the amount — never a name, circumstances (decision 0028) or a
    colleague's unit (0404)."""
    actor = await actor_of(turn)
    owner = await _owner(turn, actor) if actor is not None else None
    if actor is None or owner is None:
        go_home(turn)
        return
    if isinstance(owner, GeneralFund):
        where = from_fund(owner.org_id, int(turn.data["statement_year"]))
    else:
        where = from_drive(owner.id)

    async def lines_on(page: int) -> tuple[list[SpendingLine], int]:
        return await spending_lines(turn.session, *where, size=SHOWN_LINES, page=page)

    shown = await kept_page(turn, "spending_page", SHOWN_LINES, lines_on)
    statement = await _read(turn, owner, size=0)
    lines = _heading(turn, statement)
    lines.append(
        turn.t("Payments: {n}, the latest first (page {page} of {pages}):").format(
            n=turn.t.number(shown.total), page=shown.number + 1, pages=shown.pages
        )
    )
    lines += [spending_line(turn.t, line) for line in shown.rows]
    turn.menu("\n".join(lines), [*page_choices(turn.t, shown.number, shown.pages), back_choice(turn.t)])


@flow.answer("spending")
async def got_spending(turn: Turn) -> None:
    if turned_page(turn, "spending_page"):
        turn.goto("statement", "spending")
    else:  # Back: to the statement's page it was left on
        turn.goto("statement", "page")


def spending_line(t: Translator, line: SpendingLine) -> str:
    """“• 15/12/2026 · Hỗ trợ hoàn cảnh khó khăn (hộ gia đình) · 5.000.000 ₫”: no name, no goods' words; a
    gift round's payments of a kind in one line, “• 15/01/2027 · Trao quà: 200 suất · 100.000.000 ₫”
    (0943)."""
    household = line.household and not line.of_round
    whom = " (" + t("household") + ")" if household else ""  # never a colleague's unit (0404)
    if line.kind == "money":
        what = t.vnd(line.amount_vnd)
    elif line.kind == "goods":  # never “worth 0 ₫”, nor a sum with unpriced goods said whole (0610, 0971)
        what = goods_worth(t, line.amount_vnd, unknown=bool(line.unpriced) or not line.amount_vnd)
    else:
        what = labour_days(t, line.labour_days)
    return f"• {t.date(line.on)} · {paid_words(t.locale, line)}{whom} · {what}"


async def _hand_over_ledger(turn: Turn, *, year: int | None = None) -> None:
    """The book of the statement's scope, or of the whole `year` (else the year its option named), as a file
    in this chat (never a group: the bot speaks only in private chats)."""
    actor = await actor_of(turn)
    owner = await _owner(turn, actor) if actor is not None else None
    if actor is None or owner is None:
        go_home(turn)
        return
    if year is None:
        year = picked_id(turn, LEDGER_YEAR)  # the year the option named, whenever pressed
    if year is not None:
        scope, slug, command = LedgerScope.whole_year(year), f"nam-{year}", f"--year {year}"
    elif isinstance(owner, GeneralFund):
        fund_year = int(turn.data["statement_year"])
        scope, slug, command = LedgerScope.fund(fund_year), f"quy-{fund_year}", f"--fund {fund_year}"
    else:
        scope, slug, command = LedgerScope.of_drive(owner.id), _slug(turn, owner), f"--drive {owner.code}"
    try:
        book = await ledger_book(turn.session, actor, scope, now=turn.now)
    except LedgerBookError:
        await say_officers_only(
            turn, turn.t("The contributions ledger is only for treasurers, {officers} and admins.")
        )
        go_home(turn)
        return
    name = f"so-theo-doi-{slug}.xlsx"
    kept = kept_file(turn, "statements", name)
    write_ledger(book, turn.settings.media_dir / kept, locale=PAPER_LOCALE)
    fallback = no_file_here(turn, name, f"chungtay ledger export {command} --output FILE")
    turn.hand_over(
        Document(kept, name, fallback),
        turn.t(
            "Contributions ledger, with the givers' real names (entries: {n}). Keep it among the treasurers "
            "and {officers}; do not forward it to a group."
        ).format(n=turn.t.number(len(book.rows)), officers=await officers_named(turn)),
    )
    go_home(turn)


def _other_organisation(turn: Turn) -> None:
    turn.say(turn.t("That drive belongs to another organisation: its statement is not shown here."))
    go_home(turn)


def _page_text(turn: Turn, statement: Statement, shown: Page[StatementLine], account: Account | None) -> str:
    """The statement's title and totals by kind (on the first page, the account the gifts were received on:
    the drive's own, or the organisation's),
    then the page's lines (the latest first), names only of givers who agreed; which page of how many, when
    there are several."""
    lines = _heading(turn, statement)
    if account is not None and shown.number == 0:  # where the gifts listed here were received (0081, 0084)
        lines.append(turn.t("Received on the account: {account}.").format(account=account.line()))
    if not shown.total:
        lines.append(turn.t("No confirmed contributions yet."))
    elif shown.pages > 1:  # someone whose gift is earlier must see there is more
        lines.append(
            turn.t("{n} entries, the latest first (page {page} of {pages}):").format(
                n=turn.t.number(shown.total), page=shown.number + 1, pages=shown.pages
            )
        )
    for line in shown.rows:
        lines.append(_line(turn, line, commune=statement.commune))
    return "\n".join(lines)


def _heading(turn: Turn, statement: Statement) -> list[str]:
    """The statement's title and confirmed totals by kind; once something was paid from it, what was paid
    to how many hardship cases and what is left (decision 0094); for the Fund outside the drives, what the
    years before brought forward into this one, when there is something (decision 0095)."""
    totals = statement.totals
    # past its last day (a drive not closed before it, the Fund's year gone) it is told ended, in its group
    # message's and its public page's words (decisions 0887, 0967, 0987)
    past = statement.closed_early_on is None and statement.ends_on < turn.today
    ended = ended_words(turn.t, statement.ends_on) if past else ""
    if statement.closed_early_on is not None:  # closed by hand before it: said, as its screens say (2642)
        ended = turn.t(" — closed on {date}").format(date=turn.t.date(statement.closed_early_on))
    lines = [
        (
            turn.t("The Fund's public list: {drive} ({start} – {end})")
            if is_household(turn)
            else turn.t("Public statement: {drive} ({start} – {end})")
        ).format(
            drive=statement.drive, start=turn.t.date(statement.starts_on), end=turn.t.date(statement.ends_on)
        )
        + ended,
        # what the drive takes, even at 0, and any other kind only with a figure: a money-only drive's
        # statement says nothing of goods or labour days (docs/decisions/0259)
        turn.t("Confirmed: {figures}.").format(
            figures=figures_text(turn.t, totals, set(statement.kinds), given=True)
        ),
    ]
    # what came, kind by kind, beside what it was worth, once a gift said how much of it (decision 0704)
    if any(goods.quantity is not None for goods in statement.goods):
        lines.append(
            turn.t("Goods received: {goods}.").format(
                goods=goods_counted_text(turn.t, statement.goods, clip=GOODS_CLIP)
            )
        )
    balance = statement.balance
    if balance is not None and balance.carried:  # the Fund's money the years before left to it (0095)
        lines.append(opening_line(turn.t, balance))
    if balance is not None and (statement.payments or balance.told):
        fund = statement.outside_drives
        lines += balance_lines(
            turn.t, balance, set(statement.kinds), fund=fund, of_the_fund=statement.of_the_fund
        )
    lines += [handover_line(turn.t, line) for line in statement.handovers]  # public, few (0108)
    return lines


def _line(turn: Turn, line: StatementLine, *, commune: bool = False) -> str:
    """“• 15/12/2026 · CT-2026-000123 · Nhà hảo tâm (Khoa Nội) · 200.000 ₫”: a long name, unit or goods
    clipped (goods at a word, with the room the name and unit leave); a correction names the entry it
    cancels, the entry cancelled its correction, and the right entry the one it replaces (decision 2407), as
    the sheet does. A line so marked clips the unit and the goods' words shorter (decision 0502)."""
    marked = bool(line.cancels or line.cancelled_by or line.replaces)
    goods_clip, unit_clip = (MARKED_GOODS_CLIP, MARKED_UNIT_CLIP) if marked else (GOODS_CLIP, UNIT_CLIP)
    name = clipped(line.name, GIVER_CLIP, at_word=True) if line.name else anonymous(turn.t.locale)  # 2778
    # “Các đơn vị khác” for a unit of few unnamed givers (0177), in a commune “Các thôn, ban khác” (0976)
    shown = unit_shown(turn.t.locale, line, commune=commune)
    unit = f" ({clipped(shown, unit_clip, at_word=True)})" if shown else ""  # cut at a word (2722)
    # the goods take the room a short name and unit leave, the line never longer than the longest the page
    # was measured with (not on a correction's line, whose page of ten has no room to spare: 0502), and are
    # cut only after a whole word (decision 2643)
    spare = 0 if marked else max(0, GIVER_CLIP - len(name)) + max(0, unit_clip + 3 - len(unit))
    description = (
        clipped(line.description, goods_clip + spare, at_word=True) if line.description else line.description
    )
    what = describe(turn.t, line.kind, line.amount_vnd, line.labour_days, description)
    if line.cancels:
        what += " · " + turn.t("Correction cancelling {ref}").format(ref=line.cancels)
    if line.cancelled_by:  # read alone on its page, never taken for a gift that stands (decision 0490)
        what += " · " + turn.t("Cancelled by {ref}").format(ref=line.cancelled_by)
    if line.replaces:  # the right entry a correction wrote: the three lines name each other (decision 2407)
        what += " · " + turn.t("Replaces {ref}").format(ref=line.replaces)
    if line.year is not None:  # a gift of 30/12/2026 confirmed in April, on 2027's (decision 1218)
        what += counted_later_mark(turn.t.locale, line.ref, line.year)
    return f"• {turn.t.date(line.day)} · {line.ref} · {name}{unit} · {what}"


# --- the Fund's public web page (decision 0102) ------------------------------------------------------------


async def _fund_key(turn: Turn, *, renew: bool = False) -> str | None:
    """The key of the Fund's public page, for an officer of the whole organisation; None (and back to the
    statement) for anyone else, or where no public address is set."""
    actor = await actor_of(turn)
    if actor is None or not turn.settings.public_url:
        turn.goto("statement", "page")
        return None
    org = turn.organisation or await turn.session.get_one(Organisation, actor.org_id)
    try:
        return await fund_key_of(turn.session, actor, org, now=turn.now, renew=renew)
    except PublicPageError:
        turn.say(
            turn.t("Only a Front officer of {whole} gives the Fund a public page.").format(
                whole=await the_whole(turn, commune=True)  # a ward's “toàn phường” (decision 2844)
            )
            if await in_commune(turn)
            else turn.t(
                "Only a union or mobilisation officer of the whole organisation gives the Fund a public page."
            )
        )
        turn.goto("statement", "page")
        return None


@flow.prompt(PUBLIC)
async def show_fund_page(turn: Turn) -> None:
    if (key := await _fund_key(turn)) is not None:
        title = fund_title(turn.t)
        await show_public_link(turn, title, key, f"congkhai-quy-{key[:8]}.png")


@flow.answer(PUBLIC)
async def chose_on_fund_page(turn: Turn) -> None:
    turn.goto("statement", RENEW if turn.choice == RENEW_LINK else "page")


@flow.prompt(RENEW)
async def ask_renew_fund_page(turn: Turn) -> None:
    ask_to_renew(turn)


@flow.answer(RENEW)
async def renewing_fund_page(turn: Turn) -> None:
    if turn.choice != YES:
        turn.goto("statement", PUBLIC)
    elif await _fund_key(turn, renew=True) is not None:
        turn.say(turn.t("Done: the old link no longer works. The new one:"))
        turn.goto("statement", PUBLIC)
